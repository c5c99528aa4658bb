import { describe, expect, it } from 'vitest';
import { evaluateJsonata, QueryEvaluationError, type JsonataEnv } from '../../../../src-main/common/engine/jsonata/evaluate';
import { runExecution } from '../../../../src-main/common/engine/interpreter';
import type { StateMachineDefinition } from '../../../../src-main/common/asl/types';
import type { HistoryEvent } from '../../../../src-main/common/history/events';
import { createSeededRandom, type TaskInvoker } from '../../../../src-main/common/engine/ports';

// Issue #18, item 6 (c): `{% 1/0 %}` was recorded as null in the history while the next state
// received Infinity. A non-finite number now fails the field (evaluate.ts cites why).

function env(extra: Partial<JsonataEnv> = {}): JsonataEnv {
  return { states: { input: {}, context: {} }, variables: {}, random: createSeededRandom(0), nowMs: Date.UTC(2024, 0, 1), ...extra };
}

async function failure(p: Promise<unknown>): Promise<QueryEvaluationError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof QueryEvaluationError) return e;
    throw e;
  }
  throw new Error('expected a QueryEvaluationError');
}

const none: TaskInvoker = { invoke: () => ({ kind: 'failure', failure: { error: 'NoScript' } }) };

function details(e: HistoryEvent): Record<string, unknown> {
  return Object.entries(e).find(([k]) => k.endsWith('EventDetails'))?.[1] as Record<string, unknown>;
}

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
