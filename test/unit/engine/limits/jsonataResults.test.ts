import { describe, expect, it } from 'vitest';
import { env, failure, none, details } from './jsonataFixture';
import { evaluateJsonata, QueryEvaluationError } from '../../../../src-main/common/engine/jsonata/evaluate';
import { runExecution } from '../../../../src-main/common/engine/interpreter';
import type { StateMachineDefinition } from '../../../../src-main/common/asl/types';

// Issue #18, item 6 (c): `{% 1/0 %}` was recorded as null in the history while the next state
// received Infinity. A non-finite number now fails the field (evaluate.ts cites why).

describe('non-finite numbers from JSONata', () => {
  it('{% 1/0 %} fails the field with D1001 rather than recording null and passing Infinity on', async () => {
    const definition: StateMachineDefinition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Divide',
      States: {
        Divide: { Type: 'Pass', Output: { x: '{% 1/0 %}' }, Next: 'Read' },
        Read: { Type: 'Pass', Output: '{% $states.input.x + 1 %}', End: true },
      },
    };
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(r.events.map((e) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'EvaluationFailed', 'ExecutionFailed']);
    expect(details(r.events[2])).toEqual({
      error: 'States.QueryEvaluationError',
      cause:
        "An error occurred while executing the state 'Divide' (entered at the event id #2). The JSONata expression '1/0' specified for the field 'Output/x' threw an error during evaluation: D1001: Number out of range: Infinity",
      location: 'Output/x',
      state: 'Divide',
    });
  });

  it('-Infinity and NaN fail the same way, anywhere in the result', async () => {
    expect((await failure(evaluateJsonata('{% [1, -1/0] %}', 'Output', env()))).causeText).toContain('D1001: Number out of range: -Infinity');
    expect((await failure(evaluateJsonata('{% {"a": 0/0} %}', 'Output', env()))).causeText).toContain('D1001: Number out of range: NaN');
  });
});
