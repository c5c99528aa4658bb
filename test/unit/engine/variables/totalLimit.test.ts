import { describe, expect, it } from 'vitest';
import { runExecution } from '../../../../src-main/common/engine/interpreter';
import type { TaskInvoker } from '../../../../src-main/common/engine/ports';
import type { State, StateMachineDefinition } from '../../../../src-main/common/asl/types';
import type { HistoryEvent } from '../../../../src-main/common/history/events';
import { StatesError } from '../../../../src-main/common/engine/errors';
import {
  createVariableBudget,
  createVariableScope,
  lookupVariable,
  releaseScopeVariables,
  seedVariables,
  storeAssignment,
  VARIABLE_LIMITS,
} from '../../../../src-main/common/engine/variables/variables';

/**
 * The 10 MiB limit on all the variables stored in one execution (Developer Guide, "Variable size
 * limits"). No AWS recording reaches it: the error name follows the other variable limits
 * (States.Runtime, which Retry and Catch never handle) and the cause wording is Stepscope's.
 */

const MAX = VARIABLE_LIMITS.variableBytes; // 262,144: one variable at its own limit
const TOTAL = VARIABLE_LIMITS.totalBytes; // 10,485,760 = 40 × MAX

/** A string value whose JSON text is `bytes` long (the quotes count). */
const bigValues = new Map<number, string>();
function big(bytes: number): string {
  let s = bigValues.get(bytes);
  if (s === undefined) bigValues.set(bytes, (s = 'x'.repeat(bytes - 2)));
  return s;
}

const none: TaskInvoker = { invoke: () => ({ kind: 'failure', failure: { error: 'NoScript' } }) };

/**
 * `count` Pass states `Fill0`..., each assigning `v<i>` a value of `bytes[i]` (default MAX) bytes,
 * then `next`.
 */
function fillStates(count: number, next: string, bytes: (i: number) => number = () => MAX): Record<string, State> {
  const states: Record<string, State> = {};
  for (let i = 0; i < count; i++) {
    states[`Fill${i}`] = { Type: 'Pass', Assign: { [`v${i}`]: big(bytes(i)) }, Next: i + 1 < count ? `Fill${i + 1}` : next };
  }
  return states;
}

function definitionOf(fill: number, rest: Record<string, State>, first: string, bytes?: (i: number) => number): StateMachineDefinition {
  return { StartAt: 'Fill0', States: { ...fillStates(fill, first, bytes), ...rest } };
}

function causeAt(state: string, enteredId: number, bytes: number): string {
  return (
    `An error occurred while executing the state '${state}' (entered at the event id #${enteredId}). ` +
    `The variables stored in the execution would have a combined size of ${bytes} bytes, exceeding the maximum of ${TOTAL} bytes.`
  );
}

function types(events: HistoryEvent[]): string[] {
  return events.map((e) => e.type);
}

describe('storeAssignment: the execution-wide total', () => {
  it('counts each stored variable once and frees the old size on reassignment in the same scope', () => {
    const budget = createVariableBudget();
    const scope = createVariableScope();
    storeAssignment(scope, { names: ['a', 'b'], values: ['xyz', 12] }, budget);
    expect(budget.bytes).toBe(5 + 2);
    storeAssignment(scope, { names: ['a'], values: [1] }, budget);
    expect(budget.bytes).toBe(1 + 2);
  });

  it('counts UTF-8 bytes of the JSON text', () => {
    const budget = createVariableBudget();
    storeAssignment(createVariableScope(), { names: ['e'], values: ['é€😀'] }, budget);
    expect(budget.bytes).toBe(2 + 2 + 3 + 4);
  });

  it('over the limit stores nothing and leaves the total as it was', () => {
    const budget = { bytes: TOTAL - 2 };
    const scope = createVariableScope();
    storeAssignment(scope, { names: ['ok'], values: [1] }, budget);
    expect(budget.bytes).toBe(TOTAL - 1);
    expect(() => storeAssignment(scope, { names: ['n', 'm'], values: [2, 3] }, budget)).toThrow(StatesError);
    expect(budget.bytes).toBe(TOTAL - 1);
    expect(lookupVariable(scope, 'n')).toBeUndefined();
    expect(lookupVariable(scope, 'ok')).toBe(1);
  });

  it('an inner scope shadowing an outer variable counts both; releasing the inner scope frees only its own, once', () => {
    const budget = createVariableBudget();
    const outer = createVariableScope();
    storeAssignment(outer, { names: ['x'], values: ['outer'] }, budget);
    const inner = createVariableScope(outer);
    storeAssignment(inner, { names: ['x'], values: ['in'] }, budget);
    expect(budget.bytes).toBe(7 + 4);
    releaseScopeVariables(inner, budget);
    releaseScopeVariables(inner, budget);
    expect(budget.bytes).toBe(7);
    // The values stay readable after release (debugger views).
    expect(lookupVariable(inner, 'x')).toBe('in');
  });

  it('seeded variables (fork, redrive) are charged to the budget', () => {
    const budget = createVariableBudget();
    const scope = createVariableScope();
    seedVariables(scope, { a: 'xyz', b: [1, 2] }, budget);
    expect(budget.bytes).toBe(5 + 5);
    expect(lookupVariable(scope, 'b')).toEqual([1, 2]);
  });
});

describe('the 10 MiB limit on all the variables of an execution', () => {
  it('allows a total just under 10 MiB, then exactly 10 MiB', async () => {
    // 39 × MAX + (MAX - 1) = TOTAL - 1; then one more byte.
    const definition = definitionOf(40, { Last: { Type: 'Pass', Assign: { t: 1 }, End: true } }, 'Last', (i) => (i === 39 ? MAX - 1 : MAX));
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({});
  });

  it('fails with States.Runtime at the Assign that takes the total one byte over', async () => {
    const definition = definitionOf(40, { Over: { Type: 'Pass', Assign: { t: 1 }, Next: 'Never' }, Never: { Type: 'Succeed' } }, 'Over');
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Runtime');
    // 1 ExecutionStarted + 40 × (entered, exited): Over is entered at #82.
    expect(r.cause).toBe(causeAt('Over', 82, TOTAL + 1));
    // The whole history: the state fails before its exited event, and the execution fails.
    expect(types(r.events)).toEqual(['ExecutionStarted', ...Array.from({ length: 40 }, () => ['PassStateEntered', 'PassStateExited']).flat(), 'PassStateEntered', 'ExecutionFailed']);
    expect(r.events.map((e) => e.id)).toEqual(r.events.map((_, i) => i + 1));
    // AWS links the first state's entered event to event 0, then each event to the one before.
    expect(r.events.map((e) => e.previousEventId)).toEqual(r.events.map((_, i) => (i < 2 ? 0 : i)));
    expect(r.events[81]).toMatchObject({ type: 'PassStateEntered', stateEnteredEventDetails: { name: 'Over', input: '{}' } });
    expect(r.events[82]).toMatchObject({
      type: 'ExecutionFailed',
      id: 83,
      previousEventId: 82,
      executionFailedEventDetails: { error: 'States.Runtime', cause: causeAt('Over', 82, TOTAL + 1) },
    });
    expect(r.events[80]).toMatchObject({ type: 'PassStateExited', stateExitedEventDetails: { name: 'Fill39', assignedVariables: { v39: JSON.stringify(big(MAX)) } } });
  });

  it('reassigning a big variable to a small one frees its size', async () => {
    const definition = definitionOf(
      40,
      {
        Shrink: { Type: 'Pass', Assign: { v0: 1 }, Next: 'Grow' },
        // TOTAL - MAX + 1 + (MAX - 1) = exactly TOTAL
        Grow: { Type: 'Pass', Assign: { extra: big(MAX - 1) }, Next: 'Again' },
        // Reassigning the same variable with a value of the same size keeps the total.
        Again: { Type: 'Pass', Assign: { extra: big(MAX - 1) }, End: true },
      },
      'Shrink',
    );
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(r.status).toBe('SUCCEEDED');
  });

  it('counts the variables of a Parallel branch while it runs, on top of the outer ones', async () => {
    const branch = (name: string): StateMachineDefinition => ({
      StartAt: `${name}Set`,
      States: {
        [`${name}Set`]: { Type: 'Pass', Assign: { b: big(MAX) }, Next: `${name}Wait` },
        [`${name}Wait`]: { Type: 'Wait', Seconds: 1, End: true },
      },
    });
    // 39 outer + one per branch: the second branch's Assign makes 41 × MAX while both run.
    const definition = definitionOf(39, { Par: { Type: 'Parallel', Branches: [branch('A'), branch('B')], End: true } }, 'Par');
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toMatch(/^An error occurred while executing the state 'BSet' \(entered at the event id #\d+\)\. The variables stored in the execution would have a combined size of 10747904 bytes/);
    expect(types(r.events).slice(-2)).toEqual(['ParallelStateFailed', 'ExecutionFailed']);
  });

  it('releases a Parallel branch variables when the branch ends', async () => {
    const definition = definitionOf(
      39,
      {
        Par: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'Set', States: { Set: { Type: 'Pass', Assign: { b: big(MAX) }, End: true } } }],
          Next: 'After',
        },
        // 39 + 1 = 40 × MAX: fits only if the branch's variable was released.
        After: { Type: 'Pass', Assign: { w: big(MAX) }, End: true },
      },
      'Par',
    );
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(r.status).toBe('SUCCEEDED');
  });

  it('counts a Map iteration variables only while it runs', async () => {
    const map = (maxConcurrency: number): State => ({
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: maxConcurrency,
      ItemProcessor: {
        StartAt: 'Set',
        States: {
          Set: { Type: 'Pass', Assign: { it: big(MAX) }, Next: 'Hold' },
          Hold: { Type: 'Wait', Seconds: 1, End: true },
        },
      },
      End: true,
    });
    const input = { items: [1, 2, 3] };
    // One at a time: 39 outer + 1 iteration = 40 × MAX at most.
    const oneByOne = await runExecution({ definition: definitionOf(39, { Map: map(1) }, 'Map'), input, invoker: none });
    expect(oneByOne.status).toBe('SUCCEEDED');
    // All at once: the second iteration's Assign makes 41 × MAX.
    const allAtOnce = await runExecution({ definition: definitionOf(39, { Map: map(0) }, 'Map'), input, invoker: none });
    expect(allAtOnce.status).toBe('FAILED');
    expect(allAtOnce.error).toBe('States.Runtime');
    expect(allAtOnce.cause).toContain(`combined size of ${41 * MAX} bytes`);
    expect(types(allAtOnce.events)).toContain('MapIterationFailed');
    expect(types(allAtOnce.events).slice(-2)).toEqual(['MapStateFailed', 'ExecutionFailed']);
  });

  it('is not caught: Retry and Catch do not apply to States.Runtime, even when named', async () => {
    // AWS never retries or catches States.Runtime (conformance: scenarios/test_catch_states_runtime).
    const lambda = 'arn:aws:lambda:us-east-1:111111111111:function:f';
    const invoker: TaskInvoker = { invoke: () => ({ kind: 'success', output: { StatusCode: 200, Payload: { n: 1 } } }) };
    const definition = definitionOf(
      40,
      {
        Work: {
          Type: 'Task',
          Resource: lambda,
          Assign: { 'got.$': '$' },
          Retry: [{ ErrorEquals: ['States.Runtime', 'States.ALL'], MaxAttempts: 2 }],
          Catch: [
            { ErrorEquals: ['States.Runtime'], Next: 'Caught' },
            { ErrorEquals: ['States.ALL'], Next: 'Caught' },
          ],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      },
      'Work',
    );
    const r = await runExecution({ definition, input: {}, invoker });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toBe(causeAt('Work', 82, TOTAL + JSON.stringify({ n: 1 }).length));
    expect(types(r.events).slice(80)).toEqual([
      'PassStateExited',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'ExecutionFailed',
    ]);
  });

  it('applies to JSONata states too, with no EvaluationFailed event', async () => {
    const states: Record<string, State> = {};
    for (let i = 0; i < 40; i++) states[`Fill${i}`] = { Type: 'Pass', Assign: { [`v${i}`]: big(MAX) }, Next: i < 39 ? `Fill${i + 1}` : 'Over' };
    states.Over = { Type: 'Pass', Assign: { t: '{% 1 + 1 %}' }, End: true };
    const definition: StateMachineDefinition = { QueryLanguage: 'JSONata', StartAt: 'Fill0', States: states };
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toBe(causeAt('Over', 82, TOTAL + 1));
    expect(types(r.events).slice(-2)).toEqual(['PassStateEntered', 'ExecutionFailed']);
  });
});
