import { describe, expect, it } from 'vitest';
import type { ChoiceRule } from '../../../../src-main/common/asl/types';
import {
  compileChoiceRules,
  evaluateChoiceRules,
  evaluateCompiledChoiceRules,
  type ChoiceEnv,
  type ChoiceMatch,
} from '../../../../src-main/common/engine/choice/evaluateChoice';
import { isStatesError } from '../../../../src-main/common/engine/errors';
import type { Json } from '../../../../src-main/common/json';

/** The outcome of evaluating rules: the match, or the error they fail with. */
function outcome(fn: () => ChoiceMatch | null): ChoiceMatch | null | { error: string; cause: string } {
  try {
    return fn();
  } catch (e) {
    if (isStatesError(e)) return { error: e.error, cause: e.causeText };
    throw e;
  }
}

const rules: ChoiceRule[] = [
  { Variable: '$.kind', StringMatches: 'log-*', Next: 'Log' },
  { And: [{ Variable: '$.n', IsNumeric: true }, { Variable: '$.n', NumericGreaterThanPath: '$.limit' }], Next: 'Over' },
  { Or: [{ Variable: '$.flag', BooleanEquals: true }, { Not: { Variable: '$.when', TimestampLessThan: '2024-01-01T00:00:00Z' } }], Next: 'Flagged' },
  { Variable: '$$.Execution.Name', StringEquals: 'special', Next: 'Special' },
  { Variable: '$.missing', IsPresent: false, Next: 'NoMissing' },
];

const inputs: Json[] = [
  { kind: 'log-1' },
  { kind: 'x', n: 5, limit: 3 },
  { kind: 'x', n: 'five', flag: true },
  { kind: 'x', n: 1, limit: 3, flag: false, when: '2025-01-01T00:00:00Z' },
  { kind: 'x', n: 1, limit: 3, flag: false, when: '2020-01-01T00:00:00Z' },
  { kind: 'x', n: 1, flag: false },
  { kind: 'x', n: 1, limit: 3, flag: false, when: '2020-01-01T00:00:00Z', missing: 1 },
  { n: 1 },
];

describe('compileChoiceRules', () => {
  it('picks the rule evaluateChoiceRules picks, or fails with the same error', () => {
    const compiled = compileChoiceRules(rules);
    for (const name of ['exec', 'special']) {
      const env: ChoiceEnv = { context: { Execution: { Name: name } } };
      for (const input of inputs) {
        expect(outcome(() => evaluateCompiledChoiceRules(compiled, input, env))).toEqual(
          outcome(() => evaluateChoiceRules(rules, input, env)),
        );
      }
    }
  });

  it('compiles rules whose paths do not parse, failing only when they are evaluated', () => {
    const bad: ChoiceRule[] = [{ Variable: '$[', StringEquals: 'x', Next: 'A' }];
    const compiled = compileChoiceRules(bad);
    expect(outcome(() => evaluateCompiledChoiceRules(compiled, {}, { context: {} }))).toEqual(
      outcome(() => evaluateChoiceRules(bad, {}, { context: {} })),
    );
  });
});
