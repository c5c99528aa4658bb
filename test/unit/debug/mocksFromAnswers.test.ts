import { describe, expect, it } from 'vitest';
import { mocksFromAnswers } from '../../../src-main/common/debug/mocksFromAnswers';
import type { SessionTaskAnswer } from '../../../src-main/common/debug/debugSession';
import { parseMockConfig } from '../../../src-main/common/mocks/mockConfig';

const answer = (stateName: string, invocationIndex: number, output: number | undefined, error?: string): SessionTaskAnswer => ({
  stateName,
  invocationIndex,
  resource: 'arn:aws:states:::lambda:invoke',
  outcome: error !== undefined ? { kind: 'failure', failure: { error, cause: 'why' } } : { kind: 'success', output: { Payload: output ?? null } },
  answeredByUser: true,
});

describe('mocksFromAnswers', () => {
  it('numbers invocations from 0, shares equal consecutive answers in a range, and keeps Throw answers', () => {
    const made = mocksFromAnswers([answer('A', 2, 1), answer('A', 0, 1), answer('A', 1, 1), answer('A', 3, 2), answer('B', 0, undefined, 'Boom')], { stateMachine: 'M', testCase: 'T' });
    expect(made.mockConfig).toEqual({
      StateMachines: { M: { TestCases: { T: { A: 'AAnswer', B: 'BAnswer' } } } },
      MockedResponses: {
        AAnswer: { '0-2': { Return: { Payload: 1 } }, '3': { Return: { Payload: 2 } } },
        BAnswer: { '0': { Throw: { Error: 'Boom', Cause: 'why' } } },
      },
    });
    expect(made.states).toEqual({ A: 4, B: 1 });
    expect(parseMockConfig(made.mockConfig).ok).toBe(true);
  });

  it('merges into the run\'s mock config: its mocked states stay, names do not collide', () => {
    const base = {
      StateMachines: { M: { TestCases: { T: { Mocked: 'AAnswer' }, Other: { X: 'AAnswer' } } } },
      MockedResponses: { AAnswer: { '0': { Return: 1 } } },
    };
    const made = mocksFromAnswers([answer('A', 0, 5)], { stateMachine: 'M', testCase: 'T', base });
    expect(made.mockConfig).toEqual({
      StateMachines: { M: { TestCases: { T: { Mocked: 'AAnswer', A: 'AAnswer2' }, Other: { X: 'AAnswer' } } } },
      MockedResponses: { AAnswer: { '0': { Return: 1 } }, AAnswer2: { '0': { Return: { Payload: 5 } } } },
    });
  });
});
