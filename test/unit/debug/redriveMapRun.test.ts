import { describe, expect, it } from 'vitest';
import { distributedMapFan } from '../../fixtures/distributedMapFan';
import { redriveExecution } from '../../../src-main/common/debug/fork';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import { mapRunToRedrive, type MapRunResume } from '../../../src-main/common/engine/redrive/mapRun';
import type { TaskInvoker } from '../../../src-main/common/engine/ports';
import type { ChildRunResult } from '../../../src-main/common/engine/run';
import type { Json } from '../../../src-main/common/json';

/** The Distributed Map "Fan" (test/fixtures/distributedMapFan.ts). */
const definition = distributedMapFan;

/** Doubles `n`; fails for the items in `failing`. Records the items it was called with. */
function invoker(failing: ReadonlySet<number>) {
  const calls: number[] = [];
  const inv: TaskInvoker = {
    invoke: (req) => {
      const n = (req.parameters as { n: number }).n;
      calls.push(n);
      return failing.has(n) ? { kind: 'failure', failure: { error: 'Work.Failed', cause: `item ${n}` } } : { kind: 'success', output: n * 2 };
    },
  };
  return { calls, inv };
}

const input = { items: [{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }] } as Json;

/** What a host that stored the children hands a redrive: the succeeded ones by item index. */
function resumeFrom(children: readonly ChildRunResult[], arn: string, redriveCount: number): MapRunResume {
  const succeeded: MapRunResume['succeeded'] = {};
  for (const c of children) {
    if (c.status === 'SUCCEEDED' && c.itemIndex !== undefined) succeeded[String(c.itemIndex)] = { output: c.output ?? null, executionArn: c.executionArn, startDate: c.startDate, stopDate: c.stopDate };
  }
  return { mapRunArn: arn, redriveCount, succeeded };
}

describe('redrive of a failed Distributed Map', () => {
  it('gives each child its item index, and a redrive runs only the items that did not succeed, with every result in order', async () => {
    const first = invoker(new Set([1]));
    const original = await runExecution({ definition, input, invoker: first.inv, stateMachineName: 'M', executionName: 'e' });
    expect(original.status).toBe('FAILED');
    expect(first.calls).toEqual([0, 1]);
    expect(original.children?.map((c) => [c.itemIndex, c.status])).toEqual([
      [0, 'SUCCEEDED'],
      [1, 'FAILED'],
    ]);
    const run = mapRunToRedrive(definition, original.events)!;
    expect(run).toMatchObject({ state: 'Fan', redriveCount: 1 });
    expect(original.events.find((e) => e.id === run.eventId)?.type).toBe('MapRunStarted');

    const second = invoker(new Set());
    const redriven = await redriveExecution({
      definition,
      events: original.events,
      invoker: second.inv,
      runOptions: { stateMachineName: 'M', executionName: 'e' },
      mapRun: resumeFrom(original.children!, run.mapRunArn, run.redriveCount),
    });
    expect(second.calls).toEqual([1, 2, 3]);
    expect(redriven.result.status).toBe('SUCCEEDED');
    expect(redriven.result.output).toEqual([0, 2, 4, 6]);
    expect(redriven.result.children?.map((c) => c.itemIndex)).toEqual([1, 2, 3]);
    expect(redriven.link.preserved).toEqual({ state: 'Fan', kind: 'mapRun', total: 4, kept: [0], redriven: [1, 2, 3] });
    const redrivenEvent = redriven.result.events.find((e) => e.type === 'MapRunRedriven')!;
    expect(redrivenEvent.mapRunRedrivenEventDetails).toEqual({ mapRunArn: run.mapRunArn, redriveCount: 1 });
    // A second failure and redrive: the Map Run's redrive count goes on, linked to the latest attempt.
    const again = mapRunToRedrive(definition, [...redriven.result.events.slice(0, -1), { ...redriven.result.events[redriven.result.events.length - 1], type: 'ExecutionFailed' }]);
    expect(again).toMatchObject({ redriveCount: 2, eventId: redrivenEvent.id });
  });

  it('runs the whole Map Run again without a plan from the host', async () => {
    const original = await runExecution({ definition, input, invoker: invoker(new Set([2])).inv, stateMachineName: 'M', executionName: 'e' });
    const second = invoker(new Set());
    const redriven = await redriveExecution({ definition, events: original.events, invoker: second.inv, runOptions: { stateMachineName: 'M', executionName: 'e' } });
    expect(second.calls).toEqual([0, 1, 2, 3]);
    expect(redriven.result.events.some((e) => e.type === 'MapRunRedriven')).toBe(false);
    expect(redriven.link.preserved).toBeUndefined();
  });
});
