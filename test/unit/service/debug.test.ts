import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, openTestService, START } from './serviceFixture';
import type { ExecutionId } from '../../../src-main/common/contract/api';
import { api } from '../../../src-main/common/contract/api';
import { ApiFailure } from '../../../src-main/common/contract/errors';
import type { Breakpoint } from '../../../src-main/common/debug/breakpoints';
import type { DebugSnapshot } from '../../../src-main/common/debug/debugSession';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import type { Json, JsonObject } from '../../../src-main/common/json';
import type { StepscopeService } from '../../../src-main/node/service';

const read = (example: string, file: string) => readFileSync(join(EXAMPLES, example, file), 'utf8');

const order = {
  definitionText: read('order-pipeline', 'definition.json'),
  input: JSON.parse(read('order-pipeline', 'input.json')) as Json,
  mocks: { config: JSON.parse(read('order-pipeline', 'mocks.json')) as Json, stateMachine: 'OrderPipeline', testCase: 'HappyPath' },
};
const retry = {
  definitionText: read('lambda-retry-catch', 'definition.json'),
  input: JSON.parse(read('lambda-retry-catch', 'input.json')) as Json,
  mocks: { config: JSON.parse(read('lambda-retry-catch', 'mocks.json')) as Json, stateMachine: 'LambdaRetryCatch', testCase: 'UnknownCurrency' },
};

const trip = {
  definitionText: read('parallel-fan-out', 'definition.json'),
  input: JSON.parse(read('parallel-fan-out', 'input.json')) as Json,
  stateMachineName: 'TripBooking',
  mocks: { config: JSON.parse(read('parallel-fan-out', 'mocks.json')) as Json, stateMachine: 'TripBooking', testCase: 'HappyPath' },
};

function setup() {
  return openTestService({ prefix: 'stepscope-debug-' });
}

const before = (id: string, stateName: string): Breakpoint => ({ id, enabled: true, target: { kind: 'state', stateName, when: 'before' } });

/** Resolves with the snapshot of the first `debug.changed` push of `executionId` that satisfies `test`. */
function nextSnapshot(service: StepscopeService, executionId: ExecutionId, test: (s: DebugSnapshot) => boolean): Promise<DebugSnapshot> {
  return new Promise((resolve) => {
    const off = service.subscribe((push) => {
      if (push.type === 'debug.changed' && push.payload.executionId === executionId && test(push.payload.snapshot)) {
        off();
        resolve(push.payload.snapshot);
      }
    });
  });
}

async function started(outcome: Promise<{ kind: string; execution?: { executionId: ExecutionId } }>): Promise<ExecutionId> {
  const o = await outcome;
  if (o.kind !== 'started' || o.execution === undefined) throw new Error(`not started: ${JSON.stringify(o)}`);
  return o.execution.executionId;
}

function names(events: readonly HistoryEvent[]): string[] {
  return events.filter((e) => e.type.endsWith('StateEntered')).map((e) => (e.stateEnteredEventDetails as { name: string }).name);
}

async function allEvents(service: StepscopeService, executionId: ExecutionId): Promise<HistoryEvent[]> {
  return (await service['executions.events']({ executionId })).events;
}

describe('service: debug.start and run control', () => {
  it('stops before ChargeCard, pushes the stop after the events before it, and continues to SUCCEEDED', async () => {
    const { service, pushes } = setup();
    const id = await started(service['debug.start']({ ...order, breakpoints: [before('b1', 'ChargeCard')] }));
    const stopped = await nextSnapshot(service, id, (s) => s.state === 'paused');
    expect(stopped.context.stops).toMatchObject([{ kind: 'before', reason: 'breakpoint', stateName: 'ChargeCard', breakpointIds: ['b1'], branch: [] }]);
    // Every event up to the stop was pushed before the stop itself.
    const i = pushes.findIndex((p) => p.type === 'debug.changed' && p.payload.snapshot.state === 'paused');
    const seen = pushes.slice(0, i).flatMap((p) => (p.type === 'execution.eventsAppended' && p.payload.executionId === id ? p.payload.events : []));
    expect(names(seen)).toEqual(['ValidateOrder', 'IsValid']);
    await service.whenIdle(); // a stopped run is idle
    expect((await service['debug.get']({ executionId: id })).snapshot.state).toBe('paused');
    // debug.find answers the same for a debugged run, and null (not an error) for one that is not.
    expect((await service['debug.find']({ executionId: id }))?.snapshot.state).toBe('paused');
    const plain = await started(service['executions.start']({ ...order }));
    await service.whenIdle();
    expect(await service['debug.find']({ executionId: plain })).toBeNull();

    const answer = await service['debug.continue']({ executionId: id });
    expect(answer.snapshot.state).toBe('running');
    await service.whenIdle();
    expect((await service['executions.get']({ executionId: id })).status).toBe('SUCCEEDED');
    expect((await service['debug.get']({ executionId: id })).snapshot.state).toBe('finished');
  });

  it('a JSONata breakpoint condition that never holds leaves the history of concurrent branches as a plain run has it (the synchronous JSONata worker, issue #15)', async () => {
    const { service } = openTestService({ prefix: 'stepscope-debug-', syncJsonataWorker: join(__dirname, '../../../dist/syncJsonataWorker.mjs') });
    const branch = (p: string) => ({ StartAt: `${p}1`, States: { [`${p}1`]: { Type: 'Pass', Next: `${p}2` }, [`${p}2`]: { Type: 'Pass', Next: `${p}3` }, [`${p}3`]: { Type: 'Pass', End: true } } });
    const definitionText = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [branch('A'), branch('B'), branch('C')], End: true } } });
    const never: Breakpoint[] = ['A2', 'B2', 'C3'].map((stateName) => ({ ...before(stateName, stateName), condition: { language: 'JSONata', expression: '$states.input.n > 5' } }));
    const plain = await started(service['executions.start']({ definitionText, input: { n: 1 } }));
    const debugged = await started(service['debug.start']({ definitionText, input: { n: 1 }, breakpoints: never }));
    await service.whenIdle();
    const shape = (events: HistoryEvent[]) => events.map((e) => [e.id, e.previousEventId, e.type, (e.stateEnteredEventDetails as { name?: string } | undefined)?.name]);
    expect(shape(await allEvents(service, debugged))).toEqual(shape(await allEvents(service, plain)));
    expect((await service['executions.get']({ executionId: debugged })).status).toBe('SUCCEEDED');
  });

  it('gives the state the input edited at a stop, and refuses an edit at a stop that is gone', async () => {
    const { service } = setup();
    const definitionText = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Parameters: { 'twice.$': 'States.MathAdd($.n, $.n)' }, End: true } } });
    const id = await started(service['debug.start']({ definitionText, input: { n: 1 }, breakpoints: [before('b', 'B')] }));
    const [stop] = (await nextSnapshot(service, id, (s) => s.state === 'paused')).context.stops;
    const edited = await service['debug.editInput']({ executionId: id, stopId: stop.id, input: { n: 21 } });
    expect(edited.snapshot.context.stops[0]).toMatchObject({ input: { n: 21 }, inputEdited: true });
    await service['debug.continue']({ executionId: id });
    await service.whenIdle();
    expect((await service['executions.get']({ executionId: id })).output).toEqual({ twice: 42 });
    await expect(service['debug.editInput']({ executionId: id, stopId: stop.id, input: {} })).rejects.toMatchObject({ error: { code: 'CONFLICT' } });
  });

  it('steps into a Map iteration: Step into at the Map stops before the first state of an iteration', async () => {
    const { service } = setup();
    const id = await started(
      service['debug.start']({
        definitionText: read('map-items', 'definition.json'),
        input: JSON.parse(read('map-items', 'input.json')) as Json,
        mocks: { config: JSON.parse(read('map-items', 'mocks.json')) as Json, stateMachine: 'InvoiceLines', testCase: 'HappyPath' },
        stopOnEntry: true,
      }),
    );
    let snap = await nextSnapshot(service, id, (s) => s.state === 'paused');
    const mapState = Object.entries((JSON.parse(read('map-items', 'definition.json')) as { States: Record<string, { Type: string }> }).States).find(([, s]) => s.Type === 'Map')![0];
    // Step over until the Map is next.
    for (let n = 0; n < 5 && snap.context.stops[0].stateName !== mapState; n++) {
      const next = nextSnapshot(service, id, (s) => s.state === 'paused');
      await service['debug.stepOver']({ executionId: id });
      snap = await next;
    }
    expect(snap.context.stops[0]).toMatchObject({ stateName: mapState, kind: 'before' });
    const next = nextSnapshot(service, id, (s) => s.state === 'paused');
    await service['debug.stepInto']({ executionId: id });
    snap = await next;
    expect(snap.context.stops[0].branch[0]).toBe(mapState);
    expect(snap.context.stops[0].mapIterationIndex).toBeTypeOf('number');
    await service['debug.continue']({ executionId: id });
    await service.whenIdle();
    expect((await service['executions.get']({ executionId: id })).status).toBe('SUCCEEDED');
  });

  it('steps iteration by iteration through a Map run one at a time (issue #14), and stores the history a plain run stores', async () => {
    const { service } = setup();
    const definitionText = readFileSync(join(__dirname, '../../fixtures/mapstep/three-iterations.asl.json'), 'utf8');
    const plain = await started(service['executions.start']({ definitionText, input: {} }));
    const id = await started(service['debug.start']({ definitionText, input: {}, breakpoints: [before('m', 'PriceItems')] }));
    await nextSnapshot(service, id, (s) => s.state === 'paused');
    const where: string[] = [];
    for (const command of ['debug.stepInto', 'debug.stepOver', 'debug.stepOver', 'debug.stepOut', 'debug.stepOut'] as const) {
      const next = nextSnapshot(service, id, (s) => s.state === 'paused');
      await service[command]({ executionId: id });
      const [stop] = (await next).context.stops;
      where.push(`${stop.stateName} ${stop.mapIterationIndex ?? '-'} of ${stop.branchSizes?.[0] ?? '-'}`);
    }
    expect(where).toEqual(['Price 0 of 3', 'Label 0 of 3', 'Price 1 of 3', 'Price 2 of 3', 'Summary - of -']);
    await service['debug.continue']({ executionId: id });
    await service.whenIdle();
    // Timestamps follow each run's start time, and the ARNs its name.
    const shape = async (executionId: ExecutionId) => {
      const { name } = await service['executions.get']({ executionId });
      return (await allEvents(service, executionId)).map(({ timestamp: _t, ...rest }) => JSON.stringify(rest).split(name).join('<name>'));
    };
    expect(await shape(id)).toEqual(await shape(plain));
  });

  it('stops on an uncaught error by name, and Stop aborts the run', async () => {
    const { service } = setup();
    const id = await started(
      service['debug.start']({ ...retry, breakpoints: [{ id: 'e', enabled: true, target: { kind: 'error', handling: 'uncaught', errorEquals: ['RateProvider.UnknownCurrency'] } }] }),
    );
    const snap = await nextSnapshot(service, id, (s) => s.state === 'paused');
    expect(snap.context.stops[0]).toMatchObject({ kind: 'error', error: { error: 'RateProvider.UnknownCurrency', handling: 'uncaught' } });
    await service['debug.stop']({ executionId: id });
    await service.whenIdle();
    expect((await service['executions.get']({ executionId: id })).status).toBe('ABORTED');
  });

  it('answers the next Task invocation with a response set at a stop', async () => {
    const { service } = setup();
    const id = await started(service['debug.start']({ ...order, breakpoints: [before('b1', 'ChargeCard')] }));
    await nextSnapshot(service, id, (s) => s.state === 'paused');
    await service['debug.setNextTaskResponse']({ executionId: id, stateName: 'ChargeCard', response: { kind: 'failure', error: 'Payments.Declined', cause: 'no' } });
    await service['debug.continue']({ executionId: id });
    await service.whenIdle();
    const detail = await service['executions.get']({ executionId: id });
    expect(detail).toMatchObject({ status: 'FAILED', error: 'Payments.Declined' });
  });

  it('answers NOT_FOUND for run control of an execution that is not debugged', async () => {
    const { service } = setup();
    const id = await started(service['executions.start'](order));
    await expect(service['debug.continue']({ executionId: id })).rejects.toBeInstanceOf(ApiFailure);
  });
});

describe('service: breakpoints are kept per state machine', () => {
  it('sets, lists, removes, and a debugged run without a list uses the stored one', async () => {
    const { service } = setup();
    const list: Breakpoint[] = [
      before('b1', 'ChargeCard'),
      { id: 'b2', enabled: false, target: { kind: 'error', handling: 'any' }, hitCondition: { op: '>=', value: 2 }, condition: { language: 'JSONPath', expression: '$.orderId' } },
    ];
    expect(await service['breakpoints.set']({ stateMachineName: 'OrderPipeline', breakpoints: list })).toEqual(list);
    expect(await service['breakpoints.list']({ stateMachineName: 'OrderPipeline' })).toEqual(list);
    expect(await service['breakpoints.list']({ stateMachineName: 'Other' })).toEqual([]);

    const id = await started(service['debug.start'](order));
    const snap = await nextSnapshot(service, id, (s) => s.state === 'paused');
    expect(snap.context.stops[0]).toMatchObject({ stateName: 'ChargeCard', breakpointIds: ['b1'] });
    // Removing it applies to the running session at once.
    expect(await service['breakpoints.remove']({ stateMachineName: 'OrderPipeline', id: 'b1' })).toEqual([list[1]]);
    await service['debug.continue']({ executionId: id });
    await service.whenIdle();
    expect((await service['executions.get']({ executionId: id })).status).toBe('SUCCEEDED');
    await expect(service['breakpoints.remove']({ stateMachineName: 'OrderPipeline', id: 'b1' })).rejects.toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('the contract refuses an invalid breakpoint list with every problem', () => {
    const r = api['breakpoints.set'].input.check({ stateMachineName: 'X', breakpoints: [{ id: 'a', enabled: 'yes', target: { kind: 'state', stateName: 'A', when: 'later' } }] }, '');
    expect(r).toMatchObject({ ok: false, where: '/breakpoints' });
    if (!r.ok) {
      expect(r.message).toContain('enabled must be true or false');
      expect(r.message).toContain('when must be "before" or "after"');
    }
  });
});

describe('service: child executions under the debugger (issue #7)', () => {
  const csv = {
    definitionText: read('distributed-map-csv', 'definition.json'),
    input: JSON.parse(read('distributed-map-csv', 'input.json')) as Json,
    mocks: { config: JSON.parse(read('distributed-map-csv', 'mocks.json')) as Json, stateMachine: 'ShipmentImport', testCase: 'HappyPath' },
    exampleId: 'distributed-map-csv',
    stateMachineName: 'ShipmentImport',
  };

  it('stops in the Distributed Map child of a breakpoint on an ItemProcessor state, and a next-task response for that child fails only it', async () => {
    const { service } = setup();
    const id = await started(service['debug.start']({ ...csv, breakpoints: [{ ...before('inner', 'ImportBatch'), mapIterationIndex: 2 }] }));
    const snap = await nextSnapshot(service, id, (s) => s.state === 'paused');
    const [stop] = snap.context.stops;
    expect(stop).toMatchObject({ stateName: 'ImportBatch', mapIterationIndex: 2, breakpointIds: ['inner'], execution: { startedBy: 'mapRun', parentStateName: 'ImportShipments' } });
    // The where-each-branch-is table names the child of each position (the other children stop too: all stop).
    expect(snap.branches.find((b) => b.execution?.executionArn === stop.execution!.executionArn)).toMatchObject({ stateName: 'ImportBatch', status: 'stopped' });
    expect(snap.branches.filter((b) => b.execution !== undefined).length).toBe(4);
    await service['debug.setNextTaskResponse']({
      executionId: id,
      stateName: 'ImportBatch',
      executionArn: stop.execution!.executionArn,
      response: { kind: 'failure', error: 'Import.Rejected', cause: 'set at the stop' },
    });
    await service['debug.continue']({ executionId: id });
    await service.whenIdle();
    // One batch of four failing is within the tolerated 25%.
    expect((await service['executions.get']({ executionId: id })).status).toBe('SUCCEEDED');
    const children = await service['executions.list']({ parentExecutionId: id });
    const failed = children.filter((c) => c.status === 'FAILED');
    expect(failed.map((c) => c.name)).toEqual([stop.execution!.name]);
    expect(children.filter((c) => c.status === 'SUCCEEDED').length).toBe(3);
  });

  it("applies the breakpoints stored for a started child's state machine in that child", async () => {
    const { service } = setup();
    await service['breakpoints.set']({ stateMachineName: 'BuildReport', breakpoints: [before('child-first', JSON.parse(read('parent-child', 'child.json')).StartAt as string)] });
    const id = await started(
      service['debug.start']({
        definitionText: read('parent-child', 'definition.json'),
        input: JSON.parse(read('parent-child', 'input.json')) as Json,
        mocks: { config: JSON.parse(read('parent-child', 'mocks.json')) as Json, stateMachine: 'NightlyReport', testCase: 'HappyPath' },
        exampleId: 'parent-child',
        stateMachineName: 'NightlyReport',
        breakpoints: [],
      }),
    );
    const snap = await nextSnapshot(service, id, (s) => s.state === 'paused');
    expect(snap.context.stops[0]).toMatchObject({ breakpointIds: ['child-first'], execution: { stateMachineName: 'BuildReport', startedBy: 'startExecution' } });
    expect(snap.childHits).toEqual({ BuildReport: { 'child-first': 1 } });
    await service['debug.continue']({ executionId: id });
    await service.whenIdle();
    expect((await service['executions.get']({ executionId: id })).status).toBe('SUCCEEDED');
  });
});

describe('service: mocks from an execution, fork and redrive', () => {
  it('makes mocks from a run that reproduce it, and saves them', async () => {
    const { service, store } = setup();
    const id = await started(service['executions.start']({ ...order, mocks: { ...order.mocks, testCase: 'CardDeclined' } }));
    await service.whenIdle();
    const made = await service['executions.mocksFrom']({ executionId: id });
    expect(made).toMatchObject({ stateMachine: 'OrderPipeline', testCase: 'FromExecution' });
    expect(store.getMockConfig(made.mockConfigId)?.content).toEqual(made.config);
    const again = await started(service['executions.start']({ definitionText: order.definitionText, input: order.input, mocks: { config: made.config, stateMachine: made.stateMachine, testCase: made.testCase } }));
    await service.whenIdle();
    expect(names(await allEvents(service, again))).toEqual(names(await allEvents(service, id)));
    expect((await service['executions.get']({ executionId: again })).error).toBe('Payments.Declined');
  });

  it('forks from ChargeCard entered with a changed mock: the new run takes the other path and is linked', async () => {
    const { service, store } = setup();
    const id = await started(service['executions.start'](order));
    await service.whenIdle();
    const events = await allEvents(service, id);
    const entered = events.find((e) => e.type === 'TaskStateEntered' && (e.stateEnteredEventDetails as { name: string }).name === 'ChargeCard')!;
    const made = await service['executions.mocksFrom']({ executionId: id });
    const responses = (made.config as { MockedResponses: Record<string, JsonObject> }).MockedResponses;
    const chargeKey = (made.config as { StateMachines: Record<string, { TestCases: Record<string, Record<string, string>> }> }).StateMachines.OrderPipeline.TestCases.FromExecution.ChargeCard;
    responses[chargeKey] = { '0-9': { Throw: { Error: 'Payments.Declined', Cause: 'declined in the fork' } } };
    const forked = await started(service['executions.fork']({ executionId: id, eventId: entered.id, mocks: { config: made.config, stateMachine: made.stateMachine, testCase: made.testCase } }));
    await service.whenIdle();
    const detail = await service['executions.get']({ executionId: forked });
    expect(detail).toMatchObject({ status: 'FAILED', error: 'Payments.Declined' });
    expect(names(await allEvents(service, forked))).toEqual(['ChargeCard', 'PaymentDeclined']);
    expect(store.getExecution(Number(forked))).toMatchObject({ parentId: Number(id), parentEventId: entered.id });
  });

  it('forks with a changed input, using the original mocks by default', async () => {
    const { service } = setup();
    const id = await started(service['executions.start'](order));
    await service.whenIdle();
    const events = await allEvents(service, id);
    const forked = await started(service['executions.fork']({ executionId: id, eventId: events[0].id }));
    await service.whenIdle();
    expect((await service['executions.get']({ executionId: forked })).status).toBe('SUCCEEDED');
    await expect(service['executions.fork']({ executionId: id, eventId: 99999 })).rejects.toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('redrives a failed run with mocks that now succeed: the history goes on after ExecutionRedriven', async () => {
    const { service } = setup();
    const id = await started(service['executions.start'](retry));
    await service.whenIdle();
    const original = await allEvents(service, id);
    // Invocation counts go on from the original's one call: index 1 is throttled (and retried), index 2 answers.
    const redriven = await started(service['executions.redrive']({ executionId: id, mocks: { ...retry.mocks, testCase: 'ThrottledThenFound' } }));
    await service.whenIdle();
    const events = await allEvents(service, redriven);
    expect(events.slice(0, original.length)).toEqual(original);
    expect(events[original.length].type).toBe('ExecutionRedriven');
    expect(events[events.length - 1].type).toBe('ExecutionSucceeded');
    expect((await service['executions.get']({ executionId: redriven })).name).toBe((await service['executions.get']({ executionId: id })).name);
  });

  it('redrives the failed parallel-fan-out: the shipped test case fails the same way again; an edited failed response succeeds', async () => {
    const { service } = setup();
    const id = await started(service['executions.start']({ ...trip, mocks: { ...trip.mocks, testCase: 'HotelSoldOut' } }));
    await service.whenIdle();
    // No response for the redrive's invocation 1: it gets invocation 0's, the one it re-runs (debug/redriveInvocations.ts).
    const again = await started(service['executions.redrive']({ executionId: id }));
    await service.whenIdle();
    expect(await service['executions.get']({ executionId: again })).toMatchObject({ status: 'FAILED', error: 'Hotel.SoldOut' });
    // "Mocks from this execution", then the failed response (invocation 0) edited: the redrive of the latest attempt succeeds.
    const made = await service['executions.mocksFrom']({ executionId: again });
    const responses = (made.config as { MockedResponses: Record<string, JsonObject> }).MockedResponses;
    expect(Object.keys(responses.BookHotel)).toEqual(['0-1']);
    responses.BookHotel['0-1'] = { Return: { StatusCode: 200, Payload: { confirmation: 'HT-EDITED' } } };
    const fixed = await started(service['executions.redrive']({ executionId: again, mocks: { config: made.config, stateMachine: made.stateMachine, testCase: made.testCase } }));
    await service.whenIdle();
    const detail = await service['executions.get']({ executionId: fixed });
    expect(detail).toMatchObject({ status: 'SUCCEEDED', output: { tripId: 'TRIP-88', bookings: { flight: 'FL-TP1234', hotel: 'HT-EDITED', car: 'CR-9QX' } } });
    const redriven = (await allEvents(service, fixed)).filter((e) => e.type === 'ExecutionRedriven');
    expect(redriven.map((e) => (e.executionRedrivenEventDetails as { redriveCount: number }).redriveCount)).toEqual([1, 2]);
  });

  it('lists a redriven execution once, as its latest attempt with its attempts; redriving an earlier attempt goes on with the latest', async () => {
    const { service } = setup();
    const id = await started(service['executions.start']({ ...trip, mocks: { ...trip.mocks, testCase: 'HotelSoldOut' } }));
    await service.whenIdle();
    const first = await started(service['executions.redrive']({ executionId: id }));
    await service.whenIdle();
    // The first attempt was redriven already: redriving it redrives the execution, i.e. its latest attempt.
    const second = await started(service['executions.redrive']({ executionId: id }));
    await service.whenIdle();
    const detail = await service['executions.get']({ executionId: second });
    expect(detail.parent).toMatchObject({ executionId: first, kind: 'redrive' });
    expect(detail.redriveCount).toBe(2);
    const list = await service['executions.list']({});
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ executionId: second, status: 'FAILED', redriveCount: 2 });
    expect(list[0].attempts?.map((a) => [a.executionId, a.status, a.redriveCount])).toEqual([
      [id, 'FAILED', 0],
      [first, 'FAILED', 1],
      [second, 'FAILED', 2],
    ]);
    expect(await service['executions.get']({ executionId: id })).toMatchObject({ latestAttempt: second });
    expect((await service['executions.get']({ executionId: id })).redriveCount).toBeUndefined();
    expect(detail.latestAttempt).toBeUndefined();
    expect(await service['executions.list']({ includeChildren: true })).toHaveLength(3);
  });

  it('refuses to redrive a run that succeeded', async () => {
    const { service } = setup();
    const id = await started(service['executions.start'](order));
    await service.whenIdle();
    await expect(service['executions.redrive']({ executionId: id })).rejects.toMatchObject({ error: { code: 'CONFLICT' } });
  });
});
