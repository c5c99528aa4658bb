import { describe, expect, it } from 'vitest';
import { runExecution } from '../../../../src-main/common/engine/interpreter';
import type { TaskInvoker } from '../../../../src-main/common/engine/ports';
import type { StateMachineDefinition } from '../../../../src-main/common/asl/types';
import type { HistoryEvent } from '../../../../src-main/common/history/events';

const none: TaskInvoker = { invoke: () => ({ kind: 'failure', failure: { error: 'NoScript' } }) };
const failing: TaskInvoker = { invoke: () => ({ kind: 'failure', failure: { error: 'Boom', cause: 'it broke' } }) };
const echo: TaskInvoker = { invoke: (req) => ({ kind: 'success', output: { got: req.parameters } }) };

function shape(events: HistoryEvent[]): string[] {
  return events.map((e) => `${e.id}<${e.previousEventId} ${e.type}`);
}

describe('JSONata states', () => {
  it('Output and Assign both see the variables from before the state', async () => {
    const definition: StateMachineDefinition = {
      QueryLanguage: 'JSONata',
      StartAt: 'S0',
      States: {
        S0: { Type: 'Pass', Assign: { n: 1 }, Next: 'S1' },
        S1: { Type: 'Pass', Assign: { n: '{% $n + 1 %}', m: '{% $n %}' }, Output: { n: '{% $n %}' }, Next: 'S2' },
        S2: { Type: 'Pass', Output: { n: '{% $n %}', m: '{% $m %}' }, End: true },
      },
    };
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ n: 2, m: 1 });
  });

  it('a Task gets Arguments, and Output reads $states.result', async () => {
    const definition: StateMachineDefinition = {
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { Payload: '{% $states.input.v %}' },
          Output: { r: '{% $states.result.got %}', i: '{% $states.input %}' },
          End: true,
        },
      },
    };
    const r = await runExecution({ definition, input: { v: 7 }, invoker: echo });
    expect(r.output).toEqual({ r: { Payload: 7 }, i: { v: 7 } });
  });

  it('a Catch sees $states.errorOutput and $states.input, and assigns variables', async () => {
    const definition: StateMachineDefinition = {
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: {},
          Catch: [
            {
              ErrorEquals: ['States.ALL'],
              Assign: { err: '{% $states.errorOutput.Error %}' },
              Output: { input: '{% $states.input %}', error: '{% $states.errorOutput %}' },
              Next: 'After',
            },
          ],
          End: true,
        },
        After: { Type: 'Pass', Output: { out: '{% $states.input %}', err: '{% $err %}' }, End: true },
      },
    };
    const r = await runExecution({ definition, input: { a: 1 }, invoker: failing });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ out: { input: { a: 1 }, error: { Error: 'Boom', Cause: 'it broke' } }, err: 'Boom' });
  });

  it('an expression returning nothing records EvaluationFailed and fails with QueryEvaluationError', async () => {
    const definition: StateMachineDefinition = {
      QueryLanguage: 'JSONata',
      StartAt: 'S',
      States: { S: { Type: 'Pass', Assign: { result: '{% $doesNotExist %}' }, End: true } },
    };
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.QueryEvaluationError');
    const cause =
      "An error occurred while executing the state 'S' (entered at the event id #2). " +
      "The JSONata expression '$doesNotExist' specified for the field 'Assign/result' returned nothing (undefined).";
    expect(r.cause).toBe(cause);
    expect(shape(r.events)).toEqual(['1<0 ExecutionStarted', '2<0 PassStateEntered', '3<0 EvaluationFailed', '4<3 ExecutionFailed']);
    expect((r.events[2] as unknown as { evaluationFailedEventDetails: unknown }).evaluationFailedEventDetails).toEqual({
      cause,
      error: 'States.QueryEvaluationError',
      location: 'Assign/result',
      state: 'S',
    });
  });

  it('a Choice takes the matching rule with its Output, or the Default with the state Output', async () => {
    const definition: StateMachineDefinition = {
      QueryLanguage: 'JSONata',
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [{ Condition: '{% $states.input.ok %}', Output: 'rule', Next: 'End' }],
          Default: 'End',
          Output: 'default',
        },
        End: { Type: 'Succeed' },
      },
    };
    expect((await runExecution({ definition, input: { ok: true }, invoker: none })).output).toBe('rule');
    expect((await runExecution({ definition, input: { ok: false }, invoker: none })).output).toBe('default');
  });

  it('a Map takes Items and ItemSelector with $states.context.Map.Item', async () => {
    const definition: StateMachineDefinition = {
      QueryLanguage: 'JSONata',
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          Items: '{% $states.input.list %}',
          ItemSelector: { v: '{% $states.context.Map.Item.Value %}', i: '{% $states.context.Map.Item.Index %}' },
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    };
    const r = await runExecution({ definition, input: { list: ['a', 'b'] }, invoker: none });
    expect(r.output).toEqual([
      { v: 'a', i: 0 },
      { v: 'b', i: 1 },
    ]);
  });

  it('a state-level QueryLanguage overrides a JSONPath machine', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { 'v.$': '$.x' }, Next: 'B' },
        B: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $v * 2 %}', End: true },
      },
    };
    const r = await runExecution({ definition, input: { x: 21 }, invoker: none });
    expect(r.output).toBe(42);
  });
});
