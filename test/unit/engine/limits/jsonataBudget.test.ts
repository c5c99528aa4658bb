import { describe, expect, it } from 'vitest';
import { env, failure, none, details } from './jsonataFixture';
import { evaluateJsonata, QueryEvaluationError } from '../../../../src-main/common/engine/jsonata/evaluate';
import { runExecution } from '../../../../src-main/common/engine/interpreter';
import type { StateMachineDefinition } from '../../../../src-main/common/asl/types';
import type { MonotonicClock } from '../../../../src-main/common/engine/ports';

// Issue #18, item 6 (b): each JSONata evaluation has a budget of steps, nesting and host time
// (the time read through the injected MonotonicClock port).

/** A clock that moves `stepMs` each time it is read. */
function steppingClock(stepMs: number): MonotonicClock {
  let t = 0;
  return { nowMs: () => (t += stepMs) };
}

describe('each JSONata evaluation has a budget', () => {
  it('fails with States.QueryEvaluationError after maxSteps evaluation steps', async () => {
    const err = await failure(evaluateJsonata('{% $sum([1..10000].($ * 2)) %}', 'Output', env({ budget: { maxSteps: 1000, maxDepth: 1e9, maxMs: 1e9 } })));
    expect(err.causeText).toBe(
      "The JSONata expression '$sum([1..10000].($ * 2))' specified for the field 'Output' was stopped after more than 1000 evaluation steps: it exceeded Stepscope's evaluation budget.",
    );
  });

  it('fails after maxMs of the host time read through the injected MonotonicClock', async () => {
    const e = env({ budget: { maxSteps: 1e9, maxDepth: 1e9, maxMs: 50 }, monotonicClock: steppingClock(1) });
    const err = await failure(evaluateJsonata('{% $sum([1..10000].($ * 2)) %}', 'Output', e));
    expect(err.causeText).toBe(
      "The JSONata expression '$sum([1..10000].($ * 2))' specified for the field 'Output' was stopped after more than 50 ms: it exceeded Stepscope's evaluation budget.",
    );
  });

  it('a recursive function that never ends fails after maxDepth nested evaluations (default 10,000)', async () => {
    const err = await failure(evaluateJsonata('{% ( $f := function($n) { 1 + $f($n + 1) }; $f(0) ) %}', 'Output', env()));
    expect(err.causeText).toBe(
      "The JSONata expression '( $f := function($n) { 1 + $f($n + 1) }; $f(0) )' specified for the field 'Output' was stopped after more than 10000 nested evaluations (a recursive function that does not end?): it exceeded Stepscope's evaluation budget.",
    );
  });

  it('the default budget lets ordinary expressions run', async () => {
    expect(await evaluateJsonata('{% $sum([1..10000].($ * 2)) %}', 'Output', env())).toBe(100010000);
  });

  it('RunOptions.jsonataBudget and monotonicClock reach every evaluation of a run', async () => {
    const definition: StateMachineDefinition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Loop',
      States: { Loop: { Type: 'Pass', Output: '{% $sum([1..10000].($ * 2)) %}', End: true } },
    };
    const r = await runExecution({ definition, input: {}, invoker: none, jsonataBudget: { maxSteps: 1e9, maxDepth: 1e9, maxMs: 20 }, monotonicClock: steppingClock(1) });
    expect(r.events.map((e) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'EvaluationFailed', 'ExecutionFailed']);
    expect(details(r.events[2])).toEqual({
      error: 'States.QueryEvaluationError',
      cause:
        "An error occurred while executing the state 'Loop' (entered at the event id #2). The JSONata expression '$sum([1..10000].($ * 2))' specified for the field 'Output' was stopped after more than 20 ms: it exceeded Stepscope's evaluation budget.",
      location: 'Output',
      state: 'Loop',
    });
  });
});
