import { describe, expect, it } from 'vitest';
import { redriveExecution } from '../../../src-main/common/debug/fork';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import type { TaskInvoker } from '../../../src-main/common/engine/ports';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import { compoundProgressAt, iterationProgressIndex, type MapProgress, type ParallelProgress } from '../../../src-main/common/history/iterationProgress';
import { keptFromEarlierAttempts, stateStatusesAt, visitsFromEvents } from '../../../src-main/common/history/visits';

/**
 * The graph's statuses of a redriven execution (history/visits.ts stateStatusesAt and
 * iterationProgress.ts): each state as its latest attempt left it, and the branches (iterations)
 * a redrive kept as they ended in the attempt that ran them.
 */

const LAMBDA = 'arn:aws:states:::lambda:invoke';

const trip: StateMachineDefinition = {
  StartAt: 'Book',
  States: {
    Book: {
      Type: 'Parallel',
      Next: 'Done',
      Branches: ['Flight', 'Hotel', 'Car'].map((s) => ({ StartAt: s, States: { [s]: { Type: 'Task', Resource: LAMBDA, Parameters: { s }, End: true } } })),
    },
    Done: { Type: 'Pass', End: true },
  },
};

/** Fails the hotel's first `failures` calls; everything else succeeds. */
function hotelFailing(failures: number): TaskInvoker {
  return {
    invoke: (req) =>
      req.stateName === 'Hotel' && req.invocationIndex < failures ? { kind: 'failure', failure: { error: 'Hotel.SoldOut' } } : { kind: 'success', output: req.stateName },
  };
}

function statuses(events: readonly HistoryEvent[], cursor = events.length - 1) {
  return Object.fromEntries(stateStatusesAt(visitsFromEvents(events), cursor));
}

function progress(events: readonly HistoryEvent[], state: string, cursor = events.length - 1) {
  return compoundProgressAt(iterationProgressIndex(visitsFromEvents(events), events), state, cursor);
}

describe('statuses of a redriven execution', () => {
  it('after a successful redrive of a Parallel: the Parallel and its redriven branch green, the kept branches succeeded', async () => {
    const invoker = hotelFailing(1);
    const original = await runExecution({ definition: trip, input: {}, invoker });
    const redriven = await redriveExecution({ definition: trip, events: original.events, invoker });
    const events = redriven.result.events;
    expect(redriven.result.status).toBe('SUCCEEDED');
    expect(statuses(events)).toEqual({ Book: 'succeeded', Flight: 'succeeded', Hotel: 'succeeded', Car: 'succeeded', Done: 'succeeded' });
    const book = progress(events, 'Book') as ParallelProgress;
    expect(Object.fromEntries(book.branches)).toEqual({ Flight: 'succeeded', Hotel: 'succeeded', Car: 'succeeded' });
    expect(book).toMatchObject({ status: 'succeeded', ordinal: 2, visitsSoFar: 2 });
    // The branches the redrive kept show the first attempt's status, and say so.
    expect(Object.fromEntries(keptFromEarlierAttempts(visitsFromEvents(events), events.length - 1))).toEqual({ Flight: 1, Car: 1 });
    expect(keptFromEarlierAttempts(visitsFromEvents(original.events), original.events.length - 1).size).toBe(0);

    // At the first attempt's end the earlier attempt is what it was: the hotel and the Parallel failed.
    const firstEnd = events.findIndex((e) => e.type === 'ExecutionFailed');
    expect(statuses(events, firstEnd)).toEqual({ Book: 'failed', Flight: 'succeeded', Hotel: 'failed', Car: 'succeeded' });
    // While the redrive runs the hotel again, the kept branches stay succeeded.
    const hotelAgain = events.findIndex((e, i) => i > firstEnd && e.type === 'TaskScheduled');
    expect(statuses(events, hotelAgain)).toMatchObject({ Book: 'running', Hotel: 'running', Flight: 'succeeded', Car: 'succeeded' });
    expect(Object.fromEntries((progress(events, 'Book', hotelAgain) as ParallelProgress).branches)).toEqual({ Hotel: 'running', Flight: 'succeeded', Car: 'succeeded' });
  });

  it('a redrive that fails again shows the latest attempt’s failure; a third attempt still keeps the first attempt’s branches', async () => {
    const invoker = hotelFailing(2);
    const original = await runExecution({ definition: trip, input: {}, invoker });
    const first = await redriveExecution({ definition: trip, events: original.events, invoker });
    expect(statuses(first.result.events)).toEqual({ Book: 'failed', Flight: 'succeeded', Hotel: 'failed', Car: 'succeeded' });
    const second = await redriveExecution({ definition: trip, events: first.result.events, invoker });
    expect(second.result.status).toBe('SUCCEEDED');
    expect(statuses(second.result.events)).toMatchObject({ Book: 'succeeded', Hotel: 'succeeded' });
    expect(Object.fromEntries((progress(second.result.events, 'Book') as ParallelProgress).branches)).toEqual({ Flight: 'succeeded', Hotel: 'succeeded', Car: 'succeeded' });
  });

  it('a redriven inline Map counts the iterations it kept as succeeded', async () => {
    const fan: StateMachineDefinition = {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Map',
          ItemsPath: '$.items',
          End: true,
          ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: LAMBDA, Parameters: { 'n.$': '$' }, End: true } } },
        },
      },
    };
    let failing = true;
    const invoker: TaskInvoker = {
      invoke: (req) => (failing && (req.parameters as { n: number }).n === 2 ? { kind: 'failure', failure: { error: 'Work.Failed' } } : { kind: 'success', output: req.parameters }),
    };
    const original = await runExecution({ definition: fan, input: { items: [0, 1, 2, 3] }, invoker });
    expect(original.status).toBe('FAILED');
    failing = false;
    const redriven = await redriveExecution({ definition: fan, events: original.events, invoker });
    expect(redriven.result.status).toBe('SUCCEEDED');
    const kept = redriven.rebuilt.preserved?.kept.length ?? 0;
    expect(kept).toBeGreaterThan(0);
    const map = progress(redriven.result.events, 'Fan') as MapProgress;
    expect(map.counts).toMatchObject({ total: 4, started: 4, succeeded: 4, failed: 0, aborted: 0, done: 4 });
    expect(statuses(redriven.result.events)).toEqual({ Fan: 'succeeded', Work: 'succeeded' });
  });
});
