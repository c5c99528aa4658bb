import { describe, expect, it } from 'vitest';
import { createDebugSession } from '../../../src-main/common/debug/debugSession';
import type { Breakpoint } from '../../../src-main/common/debug/breakpoints';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import type { TaskInvoker } from '../../../src-main/common/engine/ports';
import type { RunOptions } from '../../../src-main/common/engine/run';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import type { HistoryEvent } from '../../../src-main/common/history/events';

// Issue #7: child executions (Distributed Map children, states:startExecution children) run
// under the parent's debug session.

function bp(id: string, target: Breakpoint['target'], more: Partial<Breakpoint> = {}): Breakpoint {
  return { id, enabled: true, target, ...more };
}

/** Every Task answers `{ from: <state>, got: <its parameters> }`. */
const echo: TaskInvoker = {
  invoke: (req) => ({ kind: 'success', output: { from: req.stateName, got: req.parameters } }),
};

/** A Distributed Map over `$.items`, one child at a time, each running Double then Tag. */
const distributed: StateMachineDefinition = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Next: 'Fan' },
    Fan: {
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 1,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Double',
        States: {
          Double: { Type: 'Pass', Parameters: { 'v.$': 'States.MathAdd($.n, $.n)' }, Next: 'Tag' },
          Tag: { Type: 'Pass', End: true },
        },
      },
      Next: 'After',
    },
    After: { Type: 'Pass', End: true },
  },
};

const input = { items: [{ n: 1 }, { n: 2 }, { n: 3 }] };

function entered(events: HistoryEvent[]): string[] {
  return events.filter((e) => e.type.endsWith('StateEntered')).map((e) => (e.stateEnteredEventDetails as { name: string }).name);
}

/** The children's histories without their (random) execution names, for comparing two runs. */
function childHistories(result: { children?: { events: HistoryEvent[]; input: unknown }[] }): unknown[] {
  return (result.children ?? []).map((c) => ({ input: c.input, events: c.events.map(({ timestamp: _t, ...e }) => e) }));
}

describe('debug session: Distributed Map children', () => {
  it('stops at a breakpoint on an ItemProcessor state in child N only, naming the child execution', async () => {
    const session = createDebugSession({
      breakpoints: [bp('inner', { kind: 'state', stateName: 'Double', when: 'before' }, { mapIterationIndex: 1 })],
    });
    const run = session.run({ definition: distributed, input, invoker: echo, stateMachineName: 'Parent' });
    const [stop] = await session.nextStop();
    expect(stop).toMatchObject({ kind: 'before', reason: 'breakpoint', breakpointIds: ['inner'], stateName: 'Double', mapIterationIndex: 1, input: { n: 2 } });
    expect(stop.execution).toMatchObject({ startedBy: 'mapRun', parentStateName: 'Fan', stateMachineName: 'Parent/Fan' });
    expect(stop.execution!.executionArn).toContain(stop.execution!.name);
    expect(stop.branch).toEqual(['Fan', `execution ${stop.execution!.name}`]);
    const snapshot = session.snapshot();
    const where = snapshot.branches.find((b) => b.status === 'stopped');
    expect(where).toMatchObject({ stateName: 'Double', execution: { name: stop.execution!.name } });
    expect(snapshot.hits).toEqual({ inner: 1 });
    session.continue();
    const result = await run;
    expect(result.status).toBe('SUCCEEDED');
    expect(session.snapshot().state).toBe('finished');
  });

  it('gives the child state the input edited at a stop inside the child', async () => {
    const session = createDebugSession({ breakpoints: [bp('inner', { kind: 'state', stateName: 'Double', when: 'before' }, { mapIterationIndex: 0 })] });
    const run = session.run({ definition: distributed, input, invoker: echo });
    const [stop] = await session.nextStop();
    session.editInput(stop.id, { n: 50 });
    session.continue();
    const result = await run;
    expect(result.output).toEqual([{ v: 100 }, { v: 4 }, { v: 6 }]);
    const edited = result.children!.find((c) => c.executionArn === stop.execution!.executionArn)!;
    expect(edited.status).toBe('SUCCEEDED');
    expect(edited.output).toEqual({ v: 100 });
  });

  it('all stop: while one child is stopped, every running child stops at its next state', async () => {
    const concurrent: StateMachineDefinition = structuredClone(distributed);
    delete (concurrent.States.Fan as { MaxConcurrency?: number }).MaxConcurrency;
    const session = createDebugSession({ breakpoints: [bp('inner', { kind: 'state', stateName: 'Tag', when: 'before' }, { mapIterationIndex: 0 })] });
    const run = session.run({ definition: concurrent, input, invoker: echo });
    await session.nextStop();
    // Let the other children reach their next hook.
    await new Promise((r) => setTimeout(r, 0));
    const stops = session.snapshot().context.stops;
    expect(stops.length).toBe(3);
    expect(stops[0].reason).toBe('breakpoint');
    expect(stops.slice(1).every((s) => s.reason === 'all-stop' && s.execution?.startedBy === 'mapRun')).toBe(true);
    expect(new Set(stops.map((s) => s.execution!.name)).size).toBe(3);
    session.continue();
    expect((await run).status).toBe('SUCCEEDED');
  });

  it('steps into the first child from the Distributed Map, and out of it to the parent\'s next state', async () => {
    const session = createDebugSession({ breakpoints: [bp('fan', { kind: 'state', stateName: 'Fan', when: 'before' })] });
    const run = session.run({ definition: distributed, input, invoker: echo });
    const [atFan] = await session.nextStop();
    expect(atFan).toMatchObject({ stateName: 'Fan', branch: [] });
    session.stepInto();
    const [inChild] = await session.nextStop();
    expect(inChild).toMatchObject({ reason: 'step', stateName: 'Double', mapIterationIndex: 0 });
    expect(inChild.execution?.parentStateName).toBe('Fan');
    session.stepOver();
    const [next] = await session.nextStop();
    expect(next).toMatchObject({ reason: 'step', stateName: 'Tag', execution: { name: inChild.execution!.name } });
    session.stepOut();
    const [back] = await session.nextStop();
    expect(back).toMatchObject({ reason: 'step', stateName: 'After', branch: [] });
    expect(back.execution).toBeUndefined();
    session.continue();
    expect((await run).status).toBe('SUCCEEDED');
  });

  it('Stop aborts the children as well as the parent', async () => {
    const session = createDebugSession({ breakpoints: [bp('inner', { kind: 'state', stateName: 'Tag', when: 'before' }, { mapIterationIndex: 1 })] });
    const run = session.run({ definition: distributed, input, invoker: echo });
    await session.nextStop();
    session.stop();
    const result = await run;
    expect(result.status).toBe('ABORTED');
    const statuses = result.children!.map((c) => c.status);
    expect(statuses).toContain('ABORTED');
    expect(statuses.filter((s) => s === 'SUCCEEDED').length).toBe(1);
  });

  it('records the same parent and child histories as a run without the debugger when nothing stops', async () => {
    const options: RunOptions = { definition: distributed, input, invoker: echo, stateMachineName: 'Parent', executionName: 'e' };
    const plain = await runExecution(options);
    const session = createDebugSession({ breakpoints: [bp('never', { kind: 'state', stateName: 'Double', when: 'before' }, { mapIterationIndex: 99 })] });
    const debugged = await session.run(options);
    expect(debugged.events).toEqual(plain.events);
    expect(childHistories(debugged)).toEqual(childHistories(plain));
  });
});

/** A parent that starts `Child` with .sync, then goes on to Done. */
const parent: StateMachineDefinition = {
  StartAt: 'StartChild',
  States: {
    StartChild: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:Child', Input: { x: 1 } },
      Next: 'Done',
    },
    Done: { Type: 'Pass', End: true },
  },
};

const child: StateMachineDefinition = {
  StartAt: 'Work',
  States: {
    Work: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'Payload.$': '$' }, Next: 'Finish' },
    Finish: { Type: 'Pass', End: true },
  },
};

/** Answers lambda:invoke; leaves startExecution to the engine (a registered state machine). */
const lambdaOnly: TaskInvoker = {
  invoke: (req) =>
    req.resource.includes('lambda')
      ? { kind: 'success', output: { Payload: { from: req.stateName } } }
      : { kind: 'failure', failure: { error: 'Stepscope.NoHandler', cause: 'not mocked' } },
};

const registered = { 'arn:aws:states:us-east-1:111111111111:stateMachine:Child': { definition: child } };

describe('debug session: startExecution children', () => {
  it("applies the started state machine's own breakpoints in its child, not the parent's", async () => {
    const session = createDebugSession({
      // A parent breakpoint on a state name that only the child has must not stop there.
      breakpoints: [bp('parent-work', { kind: 'state', stateName: 'Work', when: 'after' })],
      childBreakpoints: (name) => (name === 'Child' ? [bp('child-work', { kind: 'state', stateName: 'Work', when: 'before' })] : []),
    });
    const run = session.run({ definition: parent, input: {}, invoker: lambdaOnly, stateMachines: registered });
    const [stop] = await session.nextStop();
    expect(stop).toMatchObject({ stateName: 'Work', kind: 'before', breakpointIds: ['child-work'], execution: { startedBy: 'startExecution', stateMachineName: 'Child', parentStateName: 'StartChild' } });
    expect(session.snapshot().childHits).toEqual({ Child: { 'child-work': 1 } });
    session.continue();
    const result = await run;
    expect(result.status).toBe('SUCCEEDED');
    expect(session.snapshot().hits).toEqual({});
  });

  it('steps into the child from the startExecution Task and back out to the parent', async () => {
    const session = createDebugSession({ breakpoints: [bp('start', { kind: 'state', stateName: 'StartChild', when: 'before' })] });
    const run = session.run({ definition: parent, input: {}, invoker: lambdaOnly, stateMachines: registered });
    await session.nextStop();
    session.stepInto();
    const [inChild] = await session.nextStop();
    expect(inChild).toMatchObject({ reason: 'step', stateName: 'Work', input: { x: 1 }, execution: { stateMachineName: 'Child' } });
    session.stepOut();
    const [back] = await session.nextStop();
    expect(back).toMatchObject({ reason: 'step', stateName: 'Done', branch: [] });
    session.continue();
    expect((await run).status).toBe('SUCCEEDED');
  });

  it('answers a Task in the child execution named by a next-task response, not one of the same name elsewhere', async () => {
    const session = createDebugSession({ childBreakpoints: () => [bp('child-work', { kind: 'state', stateName: 'Work', when: 'before' })] });
    const run = session.run({ definition: parent, input: {}, invoker: lambdaOnly, stateMachines: registered });
    const [stop] = await session.nextStop();
    session.setNextTaskResponse('Work', { kind: 'success', output: { Payload: 'overridden' } }, stop.execution!.executionArn);
    session.setNextTaskResponse('Work', { kind: 'success', output: { Payload: 'elsewhere' } }, 'arn:aws:states:us-east-1:111111111111:execution:Other:x');
    session.continue();
    const result = await run;
    expect(result.children![0].output).toEqual({ Payload: 'overridden' });
    expect(entered(result.children![0].events)).toEqual(['Work', 'Finish']);
  });
});
