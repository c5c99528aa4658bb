import { describe, expect, it } from 'vitest';
import { distributedMapFan } from '../../fixtures/distributedMapFan';
import { EXAMPLES, openTestService, START } from './serviceFixture';
import type { ExecutionId, StartOutcome } from '../../../src-main/common/contract/api';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import type { Json } from '../../../src-main/common/json';
import type { StepscopeService } from '../../../src-main/node/service';


function setup() {
  const { service, store } = openTestService({ prefix: 'stepscope-lineage-' });
  return { service, store };
}

async function started(outcome: Promise<StartOutcome>, service: StepscopeService): Promise<ExecutionId> {
  const o = await outcome;
  if (o.kind !== 'started') throw new Error(`not started: ${JSON.stringify(o)}`);
  await service.whenIdle();
  return o.execution.executionId;
}

async function allEvents(service: StepscopeService, executionId: ExecutionId): Promise<HistoryEvent[]> {
  return (await service['executions.events']({ executionId, limit: 5000 })).events;
}

/** The Distributed Map "Fan" (test/fixtures/distributedMapFan.ts). */
const definition = distributedMapFan;
/** Invocations 0-1 succeed ("first"), 2 fails; the redrive's (3-5, counted after the earlier children's) succeed ("second"). */
const mocks = {
  StateMachines: { Fan: { TestCases: { Flaky: { Work: 'Work' } } } },
  MockedResponses: {
    Work: {
      '0-1': { Return: 'first' },
      '2': { Throw: { Error: 'Work.Failed', Cause: 'item 2 failed' } },
      '3-5': { Return: 'second' },
    },
  },
} as Json;
const input = { items: [{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }] };

describe('service: Distributed Map redrive runs only the unsuccessful children', () => {
  it('keeps the children that succeeded, runs the others, and assembles every item in order (MapRunRedriven, same Map Run)', async () => {
    const { service } = setup();
    const original = await started(
      service['executions.start']({ definitionText: JSON.stringify(definition), input, mocks: { config: mocks, stateMachine: 'Fan', testCase: 'Flaky' } }),
      service,
    );
    expect((await service['executions.get']({ executionId: original })).status).toBe('FAILED');
    const firstChildren = await service['executions.list']({ parentExecutionId: original });
    expect(firstChildren.map((c) => [c.parent?.itemIndex, c.status]).sort()).toEqual([
      [0, 'SUCCEEDED'],
      [1, 'SUCCEEDED'],
      [2, 'FAILED'],
    ]);

    const redriven = await started(service['executions.redrive']({ executionId: original }), service);
    const detail = await service['executions.get']({ executionId: redriven });
    expect(detail.status).toBe('SUCCEEDED');
    expect(detail.output).toEqual(['first', 'first', 'second', 'second', 'second']);
    expect(detail.parent).toMatchObject({ executionId: original, kind: 'redrive', preserved: { state: 'Fan', kind: 'mapRun', total: 5, kept: [0, 1], redriven: [2, 3, 4] } });

    const events = await allEvents(service, redriven);
    const startedRun = events.find((e) => e.type === 'MapRunStarted')!;
    const redrivenRun = events.find((e) => e.type === 'MapRunRedriven')!;
    expect(redrivenRun.mapRunRedrivenEventDetails).toEqual({ mapRunArn: (startedRun.mapRunStartedEventDetails as { mapRunArn: string }).mapRunArn, redriveCount: 1 });
    const after = events.slice(events.findIndex((e) => e.type === 'ExecutionRedriven')).map((e) => e.type);
    expect(after).toEqual(['ExecutionRedriven', 'MapStateEntered', 'MapStateStarted', 'MapRunRedriven', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded']);

    // Only the three unsuccessful items ran again, as children of the redrive; the failed one keeps its name.
    const rerun = await service['executions.list']({ parentExecutionId: redriven });
    expect(rerun.map((c) => c.parent?.itemIndex).sort()).toEqual([2, 3, 4]);
    expect(rerun.find((c) => c.parent?.itemIndex === 2)!.name).toBe(firstChildren.find((c) => c.parent?.itemIndex === 2)!.name);

    // The redriven Map Run lists one child per item, in item order: two kept, three run again.
    const mapRun = await service['executions.list']({ parentExecutionId: redriven, parentEventId: redrivenRun.id });
    expect(mapRun.map((c) => [c.parent?.itemIndex, c.status, c.parent?.executionId])).toEqual([
      [0, 'SUCCEEDED', original],
      [1, 'SUCCEEDED', original],
      [2, 'SUCCEEDED', redriven],
      [3, 'SUCCEEDED', redriven],
      [4, 'SUCCEEDED', redriven],
    ]);
    // The earlier attempt's MapRunStarted, in the history the redrive repeats, lists the original's children.
    expect((await service['executions.list']({ parentExecutionId: redriven, parentEventId: startedRun.id })).map((c) => c.parent?.itemIndex)).toEqual([0, 1, 2]);

    // The start screen lists the execution once, as its redrive with both attempts, not their children, with its child count.
    const top = await service['executions.list']({});
    expect(top.map((s) => [s.executionId, s.childCount, s.redriveCount, s.attempts?.map((a) => a.executionId)])).toEqual([[redriven, 3, 1, [original, redriven]]]);
    expect((await service['executions.list']({ includeChildren: true })).length).toBe(8);
  });

  it('redrives a redriven Map Run again: kept children come from every earlier attempt, and the redrive count goes on', async () => {
    const { service } = setup();
    const twice = {
      StateMachines: { Fan: { TestCases: { Flaky: { Work: 'Work' } } } },
      MockedResponses: { Work: { '0-1': { Return: 'first' }, '2-3': { Throw: { Error: 'Work.Failed', Cause: 'failed' } }, '4-6': { Return: 'second' } } },
    } as Json;
    const original = await started(
      service['executions.start']({ definitionText: JSON.stringify(definition), input, mocks: { config: twice, stateMachine: 'Fan', testCase: 'Flaky' } }),
      service,
    );
    const first = await started(service['executions.redrive']({ executionId: original }), service);
    expect((await service['executions.get']({ executionId: first })).status).toBe('FAILED');
    const second = await started(service['executions.redrive']({ executionId: first }), service);
    const detail = await service['executions.get']({ executionId: second });
    expect(detail.status).toBe('SUCCEEDED');
    expect(detail.output).toEqual(['first', 'first', 'second', 'second', 'second']);
    expect(detail.parent).toMatchObject({ executionId: first, kind: 'redrive', preserved: { kept: [0, 1], total: 5 } });
    const events = await allEvents(service, second);
    const redrives = events.filter((e) => e.type === 'MapRunRedriven');
    expect(redrives.map((e) => (e.mapRunRedrivenEventDetails as { redriveCount: number }).redriveCount)).toEqual([1, 2]);
    const mapRun = await service['executions.list']({ parentExecutionId: second, parentEventId: redrives[1].id });
    expect(mapRun.map((c) => [c.parent?.itemIndex, c.parent?.executionId])).toEqual([
      [0, original],
      [1, original],
      [2, second],
      [3, second],
      [4, second],
    ]);
    // The first redrive's attempt, in the history the second repeats, lists that attempt's Map Run.
    expect((await service['executions.list']({ parentExecutionId: second, parentEventId: redrives[0].id })).map((c) => [c.parent?.itemIndex, c.status])).toEqual([
      [0, 'SUCCEEDED'],
      [1, 'SUCCEEDED'],
      [2, 'FAILED'],
    ]);
  });

  it('stores each child of a batched Map Run with its batch index and item range', async () => {
    const { service } = setup();
    const example = (await service['examples.list']({})).find((e) => e.id === 'distributed-map-csv')!;
    const parent = await started(
      service['executions.start']({
        definitionText: example.definitionText,
        input: example.input,
        mocks: { config: example.mockConfig!, stateMachine: example.stateMachine!, testCase: 'HappyPath' },
        exampleId: example.id,
      }),
      service,
    );
    const children = await service['executions.list']({ parentExecutionId: parent });
    expect(children.map((c) => [c.parent?.itemIndex, c.parent?.batch]).sort()).toEqual([
      [0, { first: 0, count: 2 }],
      [1, { first: 2, count: 2 }],
      [2, { first: 4, count: 2 }],
      [3, { first: 6, count: 2 }],
    ]);
    expect((await service['executions.list']({})).find((s) => s.executionId === parent)?.childCount).toBe(4);
  });
});
