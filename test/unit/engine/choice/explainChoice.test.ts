import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChoiceRule } from '../../../../src-main/common/asl/types';
import { evaluateChoiceRules } from '../../../../src-main/common/engine/choice/evaluateChoice';
import {
  disagreementWithHistory,
  explainChoice,
  explainJsonataChoice,
  type ChoiceExplanation,
  type RuleExplanation,
} from '../../../../src-main/common/engine/choice/explainChoice';
import { createSeededRandom } from '../../../../src-main/common/engine/ports';
import type { Json } from '../../../../src-main/common/json';

const noContext = { context: {} };

/** Explains one rule (Next "Yes") against `input`, Default "No". */
function one(rule: ChoiceRule, input: Json, env: Parameters<typeof explainChoice>[2] = noContext): { explanation: RuleExplanation; result: ChoiceExplanation['result'] } {
  const x = explainChoice({ Choices: [{ ...rule, Next: 'Yes' }], Default: 'No' }, input, env);
  return { explanation: x.rules[0].explanation, result: x.result };
}

describe('explainChoice: comparison families', () => {
  it('explains a numeric comparison with the value read and its outcome', () => {
    const { explanation, result } = one({ Variable: '$.total', NumericGreaterThan: 100 }, { total: 142 });
    expect(explanation).toEqual({
      kind: 'comparison',
      operator: 'NumericGreaterThan',
      variable: { path: '$.total', found: true, value: 142 },
      operand: 100,
      outcome: 'true',
      text: '$.total reads 142: 142 > 100 is true.',
    });
    expect(result).toEqual({ kind: 'matched', index: 0, next: 'Yes' });
  });

  it.each([
    ['StringEquals', 'abc', 'abc', 'true'],
    ['StringLessThan', 'abc', 'abd', 'true'],
    ['StringGreaterThanEquals', 'abc', 'abd', 'false'],
    ['StringMatches', 'log-2024.txt', 'log-*.txt', 'true'],
    ['NumericEquals', 3, 3, 'true'],
    ['NumericLessThanEquals', 4, 3, 'false'],
    ['BooleanEquals', true, false, 'false'],
    ['TimestampLessThan', '2024-01-01T00:00:00Z', '2024-06-01T00:00:00Z', 'true'],
    ['TimestampEquals', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00.000Z', 'true'],
  ] as const)('%s on %j against %j is %s', (op, value, operand, outcome) => {
    const { explanation } = one({ Variable: '$.v', [op]: operand }, { v: value });
    expect(explanation.outcome).toBe(outcome);
    expect(explanation.operator).toBe(op);
    expect(explanation.variable).toEqual({ path: '$.v', found: true, value });
  });

  it('says a value of another type compares false rather than failing', () => {
    const { explanation, result } = one({ Variable: '$.v', NumericEquals: 42 }, { v: '42' });
    expect(explanation.outcome).toBe('false');
    expect(explanation.text).toBe('$.v reads "42", which is not a number: NumericEquals is false (values of another type never match).');
    expect(result).toEqual({ kind: 'default', next: 'No' });
  });

  it('says a string that is not a timestamp compares false', () => {
    const { explanation } = one({ Variable: '$.v', TimestampGreaterThan: '2024-01-01T00:00:00Z' }, { v: 'yesterday' });
    expect(explanation.outcome).toBe('false');
    expect(explanation.text).toContain('not a timestamp');
  });

  it('reads both paths of a ...Path operator', () => {
    const { explanation } = one({ Variable: '$.a', NumericLessThanPath: '$.b' }, { a: 1, b: 2 });
    expect(explanation.operandPath).toEqual({ path: '$.b', found: true, value: 2 });
    expect(explanation.outcome).toBe('true');
    expect(explanation.text).toBe('$.a reads 1: 1 < $.b (2) is true.');
  });

  it('fails with States.Runtime when the ...Path operand names nothing', () => {
    const { explanation, result } = one({ Variable: '$.a', NumericLessThanPath: '$.missing' }, { a: 1 });
    expect(explanation.outcome).toBe('failed');
    expect(result).toMatchObject({ kind: 'failed', index: 0, error: 'States.Runtime', cause: "Invalid path '$.missing': The choice state's condition path references an invalid value." });
  });
});

describe('explainChoice: type tests', () => {
  it.each([
    ['IsNull', null, true, 'true'],
    ['IsNumeric', 'x', true, 'false'],
    ['IsString', 'x', true, 'true'],
    ['IsBoolean', false, false, 'false'],
    ['IsTimestamp', '2024-01-01T00:00:00Z', true, 'true'],
  ] as const)('%s on %j (expected %s) is %s', (test, value, expected, outcome) => {
    const { explanation } = one({ Variable: '$.v', [test]: expected }, { v: value });
    expect(explanation).toMatchObject({ kind: 'typeTest', operator: test, operand: expected, outcome });
  });

  it('IsPresent on a missing path is a plain false, not a failure', () => {
    const { explanation, result } = one({ Variable: '$.missing', IsPresent: true }, {});
    expect(explanation).toEqual({
      kind: 'typeTest',
      operator: 'IsPresent',
      operand: true,
      variable: { path: '$.missing', found: false },
      outcome: 'false',
      text: '$.missing names nothing: IsPresent: true is false.',
    });
    expect(result).toEqual({ kind: 'default', next: 'No' });
  });

  it('IsPresent: false on a missing path matches', () => {
    expect(one({ Variable: '$.missing', IsPresent: false }, {}).explanation.outcome).toBe('true');
  });

  it('any other test on a missing path fails the state with States.Runtime', () => {
    const { explanation, result } = one({ Variable: '$.missing', IsNull: true }, {});
    expect(explanation.outcome).toBe('failed');
    expect(explanation.text).toContain('$.missing names nothing, so the state fails with States.Runtime');
    expect(result).toMatchObject({ kind: 'failed', error: 'States.Runtime' });
  });
});

describe('explainChoice: And, Or, Not', () => {
  it('And stops at the first false part; the parts after it are not evaluated', () => {
    const { explanation } = one({ And: [{ Variable: '$.a', NumericEquals: 2 }, { Variable: '$.missing', NumericEquals: 1 }] }, { a: 1 });
    expect(explanation.kind).toBe('And');
    expect(explanation.outcome).toBe('false');
    expect(explanation.rules?.map((r) => r.outcome)).toEqual(['false', 'not-evaluated']);
    expect(explanation.rules?.[1]).toMatchObject({ operator: 'NumericEquals', variable: { path: '$.missing' } });
  });

  it('And is true when every part is', () => {
    const { explanation } = one({ And: [{ Variable: '$.a', NumericEquals: 1 }, { Variable: '$.b', StringEquals: 'x' }] }, { a: 1, b: 'x' });
    expect(explanation.outcome).toBe('true');
    expect(explanation.rules?.map((r) => r.outcome)).toEqual(['true', 'true']);
  });

  it('Or stops at the first true part', () => {
    const { explanation } = one({ Or: [{ Variable: '$.a', NumericEquals: 1 }, { Variable: '$.missing', IsNull: true }] }, { a: 1 });
    expect(explanation.outcome).toBe('true');
    expect(explanation.rules?.map((r) => r.outcome)).toEqual(['true', 'not-evaluated']);
  });

  it('a failing part fails the Or and the whole Choice', () => {
    const x = explainChoice(
      { Choices: [{ Or: [{ Variable: '$.a', NumericEquals: 2 }, { Variable: '$.missing', IsNull: true }], Next: 'A' }, { Variable: '$.a', NumericEquals: 1, Next: 'B' }] },
      { a: 1 },
      noContext,
    );
    expect(x.rules.map((r) => r.explanation.outcome)).toEqual(['failed', 'not-evaluated']);
    expect(x.result).toMatchObject({ kind: 'failed', index: 0, error: 'States.Runtime' });
  });

  it('Not negates, nested inside And', () => {
    const { explanation } = one({ And: [{ Not: { Variable: '$.a', StringEquals: 'x' } }, { Variable: '$.b', IsPresent: true }] }, { a: 'y', b: 0 });
    expect(explanation.outcome).toBe('true');
    expect(explanation.rules?.[0]).toMatchObject({ kind: 'Not', outcome: 'true', rules: [{ kind: 'comparison', outcome: 'false' }] });
  });
});

describe('explainChoice: rules in order, Default', () => {
  const state = {
    Choices: [
      { Variable: '$.n', NumericLessThan: 0, Next: 'Negative' },
      { Variable: '$.n', NumericEquals: 0, Next: 'Zero' },
      { Variable: '$.n', NumericGreaterThan: 100, Next: 'Big' },
    ],
    Default: 'Small',
  };

  it('marks the rules before the match false and those after it not evaluated', () => {
    const x = explainChoice(state, { n: 0 }, noContext);
    expect(x.rules.map((r) => [r.next, r.explanation.outcome])).toEqual([
      ['Negative', 'false'],
      ['Zero', 'true'],
      ['Big', 'not-evaluated'],
    ]);
    expect(x.result).toEqual({ kind: 'matched', index: 1, next: 'Zero' });
  });

  it('takes Default when no rule matches', () => {
    expect(explainChoice(state, { n: 7 }, noContext).result).toEqual({ kind: 'default', next: 'Small' });
  });

  it('fails with States.NoChoiceMatched without a Default', () => {
    expect(explainChoice({ Choices: state.Choices }, { n: 7 }, noContext).result).toEqual({ kind: 'noMatch', error: 'States.NoChoiceMatched', cause: 'No Matches!' });
  });
});

describe('explainChoice: variables and the Context object', () => {
  it('reads workflow variables', () => {
    const { explanation } = one({ Variable: '$limit.max', NumericGreaterThanEquals: 10 }, {}, { context: {}, variables: { limit: { max: 12 } } });
    expect(explanation.variable).toEqual({ path: '$limit.max', found: true, value: 12 });
    expect(explanation.outcome).toBe('true');
  });

  it('an undefined variable fails as in the engine when every variable is known', () => {
    const { result } = one({ Variable: '$nope', NumericEquals: 1 }, {}, { context: {}, variables: {} });
    expect(result).toMatchObject({ kind: 'failed', error: 'States.Runtime' });
  });

  it('a variable the caller does not know is unknown, and so is the result', () => {
    const { explanation, result } = one({ Variable: '$nope', NumericEquals: 1 }, {}, { context: {}, variables: {}, variablesKnown: false });
    expect(explanation.outcome).toBe('unknown');
    expect(explanation.text).toContain('$nope');
    expect(result.kind).toBe('unknown');
  });

  it('a later rule still shows what it would give after an unknown one', () => {
    const x = explainChoice(
      { Choices: [{ Variable: '$nope', NumericEquals: 1, Next: 'A' }, { Variable: '$.n', NumericEquals: 1, Next: 'B' }], Default: 'C' },
      { n: 1 },
      { context: {}, variablesKnown: false },
    );
    expect(x.rules.map((r) => r.explanation.outcome)).toEqual(['unknown', 'true']);
    expect(x.result).toEqual({ kind: 'unknown', reason: 'Rule 1 reads a value that is not known, so whether it matched cannot be told; if it did not match, rule 2 matches (Next: B).' });
  });

  it('a Context object read the caller cannot answer is unknown', () => {
    const context = new Proxy({}, {
      get() {
        throw new Error('This step reads the Context object, which the history does not record.');
      },
    });
    const { explanation } = one({ Variable: '$$.Execution.Name', StringEquals: 'x' }, {}, { context });
    expect(explanation.outcome).toBe('unknown');
    expect(explanation.text).toContain('does not record');
  });
});

describe('explainJsonataChoice', () => {
  const env = (input: Json) => ({ states: { input, context: {} }, variables: { threshold: 10 }, random: createSeededRandom(0), nowMs: 0 });

  it('shows each Condition\'s value and stops at the first true one', async () => {
    const x = await explainJsonataChoice(
      {
        Choices: [
          { Condition: '{% $states.input.n < 0 %}', Next: 'Negative' },
          { Condition: '{% $states.input.n > $threshold %}', Next: 'Big' },
          { Condition: true, Next: 'Never' },
        ],
        Default: 'Small',
      },
      env({ n: 12 }),
    );
    expect(x.rules.map((r) => r.explanation.outcome)).toEqual(['false', 'true', 'not-evaluated']);
    expect(x.rules[1].explanation).toEqual({
      kind: 'condition',
      condition: '{% $states.input.n > $threshold %}',
      outcome: 'true',
      reads: [{ path: '$threshold', found: true, value: 10 }],
      text: 'The Condition evaluates to true ($threshold is 10).',
    });
    expect(x.rules[0].explanation.text).toBe('The Condition evaluates to false.');
    expect(x.result).toEqual({ kind: 'matched', index: 1, next: 'Big' });
  });

  it('takes Default when every Condition is false', async () => {
    const x = await explainJsonataChoice({ Choices: [{ Condition: '{% $states.input.n < 0 %}', Next: 'A' }], Default: 'B' }, env({ n: 1 }));
    expect(x.result).toEqual({ kind: 'default', next: 'B' });
  });

  it('a Condition that is not a boolean fails with States.QueryEvaluationError, as in the engine', async () => {
    const x = await explainJsonataChoice({ Choices: [{ Condition: '{% $states.input.n %}', Next: 'A' }], Default: 'B' }, env({ n: 1 }));
    expect(x.rules[0].explanation.outcome).toBe('failed');
    expect(x.result).toMatchObject({ kind: 'failed', error: 'States.QueryEvaluationError' });
    expect(x.rules[0].explanation.text).toContain("returned an unexpected result type");
  });
});

describe('disagreementWithHistory', () => {
  it('agrees when the history took the explained Next', () => {
    expect(disagreementWithHistory({ kind: 'matched', index: 0, next: 'A' }, { kind: 'next', next: 'A' })).toBeUndefined();
    expect(disagreementWithHistory({ kind: 'default', next: 'D' }, { kind: 'next', next: 'D' })).toBeUndefined();
    expect(disagreementWithHistory({ kind: 'noMatch', error: 'States.NoChoiceMatched', cause: 'No Matches!' }, { kind: 'failed', error: 'States.NoChoiceMatched' })).toBeUndefined();
  });

  it('says so plainly when the history went elsewhere', () => {
    expect(disagreementWithHistory({ kind: 'matched', index: 1, next: 'A' }, { kind: 'next', next: 'B' })).toBe(
      'Evaluated now, rule 2 matches (Next: A), but the history went to B: the definition (or the input or variables) is not what this execution ran with.',
    );
    expect(disagreementWithHistory({ kind: 'default', next: 'D' }, { kind: 'failed', error: 'States.Runtime' })).toContain('the history shows the state failing with States.Runtime');
  });

  it('compares nothing while the visit is undecided or the result unknown', () => {
    expect(disagreementWithHistory({ kind: 'matched', index: 0, next: 'A' }, { kind: 'pending' })).toBeUndefined();
    expect(disagreementWithHistory({ kind: 'unknown', reason: '' }, { kind: 'next', next: 'B' })).toBeUndefined();
  });
});

/** The explanation must pick what the engine picks: every choice_operators case of the AWS-recorded corpus. */
const dir = join(__dirname, '../../../fixtures/conformance/aws-recorded/choice_operators');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
describe('explainChoice agrees with the engine on the choice_operators corpus', () => {
  it('picks the engine\'s rule (or failure) in every case', () => {
    for (const file of files) {
      const c = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const state = c.definition.States.CheckValues as { Choices: ChoiceRule[]; Default?: string };
      let engine: string;
      try {
        const m = evaluateChoiceRules(state.Choices, c.input, { context: {} });
        engine = m ? `rule ${m.matchedIndex}` : 'default';
      } catch {
        engine = 'failed';
      }
      const r = explainChoice(state, c.input, { context: {} }).result;
      const explained = r.kind === 'matched' ? `rule ${r.index}` : r.kind === 'default' || r.kind === 'noMatch' ? 'default' : r.kind;
      expect(explained, file).toBe(engine);
    }
  });
});
