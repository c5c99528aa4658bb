import { describe, expect, it } from 'vitest';
import { createDebugSession } from '../../../src-main/common/debug/debugSession';
import type { Breakpoint } from '../../../src-main/common/debug/breakpoints';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import type { TaskInvoker, TaskOutcome } from '../../../src-main/common/engine/ports';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import type { HistoryEvent } from '../../../src-main/common/history/events';

/** An invoker answering each state from a list of outcomes (the last one repeats). */
function scripted(byState: Record<string, TaskOutcome[]>): TaskInvoker {
  return {
    invoke(req) {
      const list = byState[req.stateName] ?? [{ kind: 'success', output: { from: req.stateName } }];
      return list[Math.min(req.invocationIndex, list.length - 1)];
    },
  };
}

const ok = (output: unknown): TaskOutcome => ({ kind: 'success', output: output as never });

function bp(id: string, target: Breakpoint['target'], more: Partial<Breakpoint> = {}): Breakpoint {
  return { id, enabled: true, target, ...more };
}

function entered(events: HistoryEvent[]): string[] {
  return events.filter((e) => e.type.endsWith('StateEntered')).map((e) => (e.stateEnteredEventDetails as { name: string }).name);
}

const linear: StateMachineDefinition = {
  StartAt: 'A',
  States: {
    A: { Type: 'Pass', Result: { n: 1 }, Next: 'B' },
    B: { Type: 'Pass', Parameters: { 'doubled.$': 'States.MathAdd($.n, $.n)' }, Next: 'C' },
    C: { Type: 'Pass', End: true },
  },
};

const fanOut: StateMachineDefinition = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: {
        StartAt: 'Inner',
        States: {
          Inner: { Type: 'Pass', Parameters: { 'v.$': '$' }, Next: 'Inner2' },
          Inner2: { Type: 'Pass', End: true },
        },
      },
      Next: 'After',
    },
    After: { Type: 'Pass', End: true },
  },
};

describe('debug session: breakpoints and run control', () => {
  it('stops before a state with a breakpoint, then continues to the end', async () => {
    const session = createDebugSession({ breakpoints: [bp('b1', { kind: 'state', stateName: 'B', when: 'before' })] });
    const run = session.run({ definition: linear, input: {}, invoker: scripted({}) });
    const [stop] = await session.nextStop();
    expect(stop).toMatchObject({ kind: 'before', reason: 'breakpoint', breakpointIds: ['b1'], stateName: 'B', branch: [], input: { n: 1 } });
    expect(session.snapshot().state).toBe('paused');
    session.continue();
    const result = await run;
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({ doubled: 2 });
    expect(session.snapshot().state).toBe('finished');
  });

  it('gives the state the input edited at a stop', async () => {
    const session = createDebugSession({ breakpoints: [bp('b1', { kind: 'state', stateName: 'B', when: 'before' })] });
    const run = session.run({ definition: linear, input: {}, invoker: scripted({}) });
    const [stop] = await session.nextStop();
    session.editInput(stop.id, { n: 20 });
    expect(session.snapshot().context.stops[0]).toMatchObject({ input: { n: 20 }, inputEdited: true });
    session.continue();
    const result = await run;
    expect(result.output).toEqual({ doubled: 40 });
    const bEntered = result.events.find((e) => e.type === 'PassStateEntered' && (e.stateEnteredEventDetails as { name: string }).name === 'B')!;
    expect((bEntered.stateEnteredEventDetails as { input: string }).input).toBe('{"n":20}');
  });

  it('steps over to the next state of the same branch', async () => {
    const session = createDebugSession({ stopOnEntry: true });
    const run = session.run({ definition: linear, input: {}, invoker: scripted({}) });
    expect((await session.nextStop())[0]).toMatchObject({ stateName: 'A', reason: 'pause' });
    session.stepOver();
    expect((await session.nextStop())[0]).toMatchObject({ stateName: 'B', reason: 'step' });
    session.stepOver();
    expect((await session.nextStop())[0]).toMatchObject({ stateName: 'C', reason: 'step' });
    session.continue();
    expect((await run).status).toBe('SUCCEEDED');
  });

  it('steps into a Map iteration, stops the other iterations with it, and steps out iteration by iteration, then after the Map', async () => {
    const session = createDebugSession({ breakpoints: [bp('fan', { kind: 'state', stateName: 'Fan', when: 'before' })] });
    const run = session.run({ definition: fanOut, input: { items: [10, 20, 30] }, invoker: scripted({}) });
    expect((await session.nextStop())[0]).toMatchObject({ stateName: 'Fan', stateType: 'Map' });
    session.stepInto();
    const [first] = await session.nextStop();
    expect(first).toMatchObject({ stateName: 'Inner', branch: ['Fan', 'iteration 0'], mapIterationIndex: 0, reason: 'step', input: 10 });
    // All stop: the other iterations stop at their next hook.
    await new Promise((r) => setTimeout(r, 0));
    const stops = session.snapshot().context.stops;
    expect(stops.map((s) => [s.branch.join('/'), s.reason])).toEqual([
      ['Fan/iteration 0', 'step'],
      ['Fan/iteration 1', 'all-stop'],
      ['Fan/iteration 2', 'all-stop'],
    ]);
    expect(session.snapshot().branches.filter((b) => b.status === 'stopped').length).toBe(3);
    session.stepOver();
    const [next] = await session.nextStop();
    expect(next).toMatchObject({ stateName: 'Inner2', reason: 'step' });
    // Step out of an iteration: the next iteration's first state (issue #14), after the last one the state after the Map.
    session.stepOut();
    expect((await session.nextStop())[0]).toMatchObject({ stateName: 'Inner', branch: ['Fan', 'iteration 1'], reason: 'step' });
    session.stepOut();
    expect((await session.nextStop())[0]).toMatchObject({ stateName: 'Inner', branch: ['Fan', 'iteration 2'], reason: 'step' });
    session.stepOut();
    const [out] = await session.nextStop();
    expect(out).toMatchObject({ stateName: 'After', branch: [], reason: 'step' });
    session.continue();
    const result = await run;
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual([{ v: 10 }, { v: 20 }, { v: 30 }]);
  });

  it('stops only in the Map iteration a breakpoint names', async () => {
    const session = createDebugSession({ breakpoints: [bp('i2', { kind: 'state', stateName: 'Inner2', when: 'before' }, { mapIterationIndex: 2 })] });
    const run = session.run({ definition: fanOut, input: { items: [1, 2, 3] }, invoker: scripted({}) });
    const [stop] = await session.nextStop();
    expect(stop).toMatchObject({ stateName: 'Inner2', mapIterationIndex: 2, reason: 'breakpoint' });
    session.continue();
    await run;
    expect(session.snapshot().hits).toEqual({ i2: 1 });
  });

  it('pauses on an uncaught error and not on a caught one', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Try',
      States: {
        Try: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Catch: [{ ErrorEquals: ['Caught.Error'], Next: 'Work' }], Next: 'Work' },
        Work: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true },
      },
    };
    const invoker = scripted({
      Try: [{ kind: 'failure', failure: { error: 'Caught.Error', cause: 'handled' } }],
      Work: [{ kind: 'failure', failure: { error: 'Boom', cause: 'not handled' } }],
    });
    const session = createDebugSession({ breakpoints: [bp('unc', { kind: 'error', handling: 'uncaught' })] });
    const run = session.run({ definition, input: {}, invoker });
    const [stop] = await session.nextStop();
    expect(stop).toMatchObject({ kind: 'error', stateName: 'Work', error: { error: 'Boom', cause: 'not handled', handling: 'uncaught' } });
    session.continue();
    const result = await run;
    expect(result.status).toBe('FAILED');
    expect(session.snapshot().hits).toEqual({ unc: 1 });
  });

  it('pauses on a caught error by name', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Try',
      States: {
        Try: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1, MaxAttempts: 2 }], End: true },
      },
    };
    const invoker = scripted({ Try: [{ kind: 'failure', failure: { error: 'Flaky' } }, ok({ done: true })] });
    const session = createDebugSession({ breakpoints: [bp('c', { kind: 'error', handling: 'caught', errorEquals: ['Flaky'] })] });
    const run = session.run({ definition, input: {}, invoker });
    const [stop] = await session.nextStop();
    expect(stop).toMatchObject({ kind: 'error', stateName: 'Try', error: { error: 'Flaky', handling: 'retried' } });
    session.continue();
    expect((await run).output).toEqual({ done: true });
  });

  it('stops on the third hit of a breakpoint with a hit count', async () => {
    const loop: StateMachineDefinition = {
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Inc' },
        Inc: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Check' },
        Check: { Type: 'Choice', Choices: [{ Variable: '$.i', NumericLessThan: 5, Next: 'Inc' }], Default: 'Done' },
        Done: { Type: 'Succeed' },
      },
    };
    const session = createDebugSession({ breakpoints: [bp('h', { kind: 'state', stateName: 'Inc', when: 'before' }, { hitCondition: { op: '==', value: 3 } })] });
    const run = session.run({ definition: loop, input: {}, invoker: scripted({}) });
    const [stop] = await session.nextStop();
    expect(stop.input).toEqual({ i: 2 });
    session.continue();
    expect((await run).output).toEqual({ i: 5 });
    expect(session.snapshot().hits.h).toBe(5);
  });

  it('stops where a JSONPath or JSONata condition on the input or the variables holds', async () => {
    const loop: StateMachineDefinition = {
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Inc' },
        Inc: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Assign: { 'last.$': '$.i' }, Next: 'Check' },
        Check: { Type: 'Choice', Choices: [{ Variable: '$.i', NumericLessThan: 5, Next: 'Inc' }], Default: 'Done' },
        Done: { Type: 'Succeed' },
      },
    };
    const jsonPath = createDebugSession({
      breakpoints: [bp('p', { kind: 'state', stateName: 'Check', when: 'before' }, { condition: { language: 'JSONPath', expression: '$[?(@.i == 4)]' } })],
    });
    let run = jsonPath.run({ definition: loop, input: {}, invoker: scripted({}) });
    let [stop] = await jsonPath.nextStop();
    expect(stop.input).toEqual({ i: 4 });
    jsonPath.continue();
    await run;

    const jsonata = createDebugSession({
      breakpoints: [bp('j', { kind: 'state', stateName: 'Inc', when: 'before' }, { condition: { language: 'JSONata', expression: '$last = 2 and $states.input.i = 2' } })],
    });
    run = jsonata.run({ definition: loop, input: {}, invoker: scripted({}) });
    [stop] = await jsonata.nextStop();
    expect(stop.input).toEqual({ i: 2 });
    jsonata.continue();
    expect((await run).status).toBe('SUCCEEDED');
    expect(jsonata.snapshot().hits).toEqual({ j: 1 });
  });

  it('runs to a named state, and stops the execution on Stop', async () => {
    const session = createDebugSession({ stopOnEntry: true });
    const run = session.run({ definition: linear, input: {}, invoker: scripted({}) });
    await session.nextStop();
    session.runToState('C');
    expect((await session.nextStop())[0]).toMatchObject({ stateName: 'C', reason: 'step' });
    session.stop();
    const result = await run;
    expect(result.status).toBe('ABORTED');
    expect(entered(result.events)).toEqual(['A', 'B']);
    expect(result.events.at(-1)!.type).toBe('ExecutionAborted');
  });

  it('answers the next Task invocation with an edited mock response', async () => {
    const definition: StateMachineDefinition = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } };
    const session = createDebugSession({ breakpoints: [bp('t', { kind: 'state', stateName: 'T', when: 'before' })] });
    const run = session.run({ definition, input: {}, invoker: scripted({ T: [ok({ original: true })] }) });
    await session.nextStop();
    session.setNextTaskResponse('T', ok({ edited: true }));
    session.continue();
    expect((await run).output).toEqual({ edited: true });
  });

  it('keeps virtual time still while a Parallel branch is paused', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Par',
      States: {
        Par: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Sleep', States: { Sleep: { Type: 'Wait', Seconds: 60, Next: 'Late' }, Late: { Type: 'Pass', End: true } } },
            { StartAt: 'Quick', States: { Quick: { Type: 'Pass', End: true } } },
          ],
          End: true,
        },
      },
    };
    const session = createDebugSession({ breakpoints: [bp('q', { kind: 'state', stateName: 'Quick', when: 'before' })] });
    const run = session.run({ definition, input: {}, invoker: scripted({}) });
    const [stop] = await session.nextStop();
    expect(stop.branch).toEqual(['Par', 'branch 1']);
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
    // The Wait in branch 0 has not finished: time did not move while branch 1 was paused.
    expect(session.snapshot().branches.find((b) => b.branch[1] === 'branch 0')).toMatchObject({ stateName: 'Sleep', status: 'running' });
    session.continue();
    const result = await run;
    expect(result.status).toBe('SUCCEEDED');
    const late = result.events.find((e) => e.type === 'PassStateEntered' && (e.stateEnteredEventDetails as { name: string }).name === 'Late')!;
    expect(late.timestamp).toBe('2024-01-01T00:01:00.000Z');
  });

  it('records the same history with a debugger attached that never stops', async () => {
    const definition = fanOut;
    const plain = await runExecution({ definition, input: { items: [1, 2, 3] }, invoker: scripted({}), seed: 7 });
    const session = createDebugSession({ breakpoints: [bp('never', { kind: 'state', stateName: 'Nowhere', when: 'before' })] });
    const debugged = await session.run({ definition, input: { items: [1, 2, 3] }, invoker: scripted({}), seed: 7 });
    expect(debugged.events).toEqual(plain.events);
  });
});
