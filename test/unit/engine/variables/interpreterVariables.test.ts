import { describe, expect, it } from 'vitest';
import { runExecution } from '../../../../src-main/common/engine/interpreter';
import type { TaskInvoker } from '../../../../src-main/common/engine/ports';
import type { StateMachineDefinition } from '../../../../src-main/common/asl/types';
import type { HistoryEvent } from '../../../../src-main/common/history/events';

const none: TaskInvoker = { invoke: () => ({ kind: 'failure', failure: { error: 'NoScript' } }) };

function exited(events: HistoryEvent[], name: string): Record<string, unknown> {
  const e = events.find((x) => x.type.endsWith('StateExited') && (x as { stateExitedEventDetails?: { name: string } }).stateExitedEventDetails?.name === name);
  return (e as unknown as { stateExitedEventDetails: Record<string, unknown> }).stateExitedEventDetails;
}

describe('Assign in JSONPath states', () => {
  it('every path of a state sees the variables from before the state', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'S0',
      States: {
        S0: { Type: 'Pass', Result: { q: 'question' }, Assign: { 'question.$': '$.q', answer: 42 }, Next: 'S1' },
        S1: { Type: 'Pass', InputPath: '$answer', ResultPath: '$.a', OutputPath: '$answer', Assign: { answer: 'new' }, Next: 'S2' },
        S2: { Type: 'Pass', Parameters: { 'answer.$': '$answer', 'question.$': '$question' }, End: true },
      },
    };
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ answer: 'new', question: 'question' });
    expect(exited(r.events, 'S1')).toMatchObject({ output: '42', assignedVariables: { answer: '"new"' }, assignedVariablesDetails: { truncated: false } });
    expect(exited(r.events, 'S0').assignedVariables).toEqual({ question: '"question"', answer: '42' });
  });

  it('reads variables in Choice rules and intrinsic arguments', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Set',
      States: {
        Set: { Type: 'Pass', Assign: { guess: 'a', answer: 'a' }, Next: 'Check' },
        Check: { Type: 'Choice', Choices: [{ Variable: '$guess', StringEqualsPath: '$answer', Next: 'Yes' }], Default: 'No' },
        Yes: { Type: 'Pass', Parameters: { 'text.$': "States.Format('got {}', $guess)" }, End: true },
        No: { Type: 'Fail' },
      },
    };
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(r.output).toEqual({ text: 'got a' });
  });

  it('records no assignedVariables for an empty Assign', async () => {
    const definition: StateMachineDefinition = { StartAt: 'S', States: { S: { Type: 'Pass', Assign: {}, End: true } } };
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(exited(r.events, 'S')).not.toHaveProperty('assignedVariables');
  });
});

describe('variable scopes of Map iterations and Parallel branches', () => {
  it('an iteration reads outer variables; its assignments stay inside it', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { x: 'outer', items: [1, 2] }, Next: 'Map' },
        Map: {
          Type: 'Map',
          ItemsPath: '$items',
          MaxConcurrency: 1,
          ItemProcessor: {
            StartAt: 'Read',
            States: {
              Read: { Type: 'Pass', Parameters: { 'seen.$': '$x' }, Assign: { x: 'inner' }, Next: 'Again' },
              Again: { Type: 'Pass', Parameters: { 'seen.$': '$x' }, End: true },
            },
          },
          Next: 'After',
        },
        After: { Type: 'Pass', Parameters: { 'x.$': '$x', 'iterations.$': '$' }, End: true },
      },
    };
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ x: 'outer', iterations: [{ seen: 'inner' }, { seen: 'inner' }] });
  });

  it('a Parallel branch reads outer variables and does not write them out', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { x: 42 }, Next: 'Par' },
        Par: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'B1', States: { B1: { Type: 'Pass', Parameters: { 'x.$': '$x' }, Assign: { x: 1 }, End: true } } },
            { StartAt: 'B2', States: { B2: { Type: 'Pass', Parameters: { 'x.$': '$x' }, End: true } } },
          ],
          Next: 'After',
        },
        After: { Type: 'Pass', Parameters: { 'x.$': '$x' }, End: true },
      },
    };
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(r.output).toEqual({ x: 42 });
  });
});
