import { describe, expect, it } from 'vitest';
import type { ChoiceRule } from '../../../../src-main/common/asl/types';
import { evaluateChoiceRules, evaluateRule } from '../../../../src-main/common/engine/choice/evaluateChoice';
import { isStatesError, type StatesError } from '../../../../src-main/common/engine/errors';
import type { Json } from '../../../../src-main/common/json';

const env = { context: { Execution: { Id: 'exec-1', Input: { limit: 10 } } } as Json };

function rule(r: ChoiceRule): ChoiceRule {
  return r;
}

function catchError(fn: () => unknown): StatesError {
  try {
    fn();
  } catch (e) {
    if (isStatesError(e)) return e;
    throw e;
  }
  throw new Error('expected a StatesError');
}

describe('evaluateChoiceRules', () => {
  it('returns the first matching rule and its Next', () => {
    const rules: ChoiceRule[] = [
      { Variable: '$.n', NumericLessThan: 0, Next: 'Negative' },
      { Variable: '$.n', NumericGreaterThanEquals: 0, Next: 'NonNegative' },
      { Variable: '$.n', NumericEquals: 5, Next: 'Five' },
    ];
    expect(evaluateChoiceRules(rules, { n: 5 }, env)).toEqual({ matchedIndex: 1, next: 'NonNegative' });
  });

  it('returns null when no rule matches', () => {
    expect(evaluateChoiceRules([{ Variable: '$.n', NumericEquals: 1, Next: 'A' }], { n: 2 }, env)).toBeNull();
  });

  it('evaluates the AWS docs scenario (Not, NumericEquals, And range)', () => {
    const rules: ChoiceRule[] = [
      { Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' },
      { Variable: '$.value', NumericEquals: 0, Next: 'ValueIsZero' },
      {
        And: [
          { Variable: '$.value', NumericGreaterThanEquals: 20 },
          { Variable: '$.value', NumericLessThan: 30 },
        ],
        Next: 'ValueInTwenties',
      },
    ];
    expect(evaluateChoiceRules(rules, { type: 'Private', value: 22 }, env)?.next).toBe('ValueInTwenties');
    expect(evaluateChoiceRules(rules, { type: 'Public', value: 22 }, env)?.next).toBe('Public');
    expect(evaluateChoiceRules(rules, { type: 'Private', value: 0 }, env)?.next).toBe('ValueIsZero');
  });
});

describe('missing paths', () => {
  it('fails with States.Runtime when Variable names nothing', () => {
    const e = catchError(() => evaluateRule(rule({ Variable: '$.missing', StringEquals: 'x', Next: 'A' }), {}, env));
    expect(e.error).toBe('States.Runtime');
    expect(e.causeText).toBe("Invalid path '$.missing': The choice state's condition path references an invalid value.");
    expect(e.stateScoped).toBe(true);
  });

  it('fails with States.Runtime when a ...Path operand names nothing', () => {
    const e = catchError(() => evaluateRule(rule({ Variable: '$.a', NumericEqualsPath: '$.b' }), { a: 1 }, env));
    expect(e.causeText).toBe("Invalid path '$.b': The choice state's condition path references an invalid value.");
  });

  it('fails for type tests other than IsPresent', () => {
    for (const op of ['IsNull', 'IsString', 'IsNumeric', 'IsBoolean', 'IsTimestamp']) {
      expect(() => evaluateRule(rule({ Variable: '$.x', [op]: false }), {}, env)).toThrow(/Invalid path '\$.x'/);
    }
  });

  it('IsPresent tests presence without failing', () => {
    expect(evaluateRule(rule({ Variable: '$.x', IsPresent: true }), {}, env)).toBe(false);
    expect(evaluateRule(rule({ Variable: '$.x', IsPresent: false }), {}, env)).toBe(true);
    expect(evaluateRule(rule({ Variable: '$.x', IsPresent: true }), { x: null }, env)).toBe(true);
  });

  it('And stops at the first false rule, so later missing paths are not read', () => {
    const r = rule({
      And: [
        { Variable: '$.kind', IsPresent: true },
        { Variable: '$.kind', StringEquals: 'a' },
      ],
    });
    expect(evaluateRule(r, {}, env)).toBe(false);
  });

  it('Or stops at the first true rule', () => {
    const r = rule({ Or: [{ Variable: '$.a', IsPresent: false }, { Variable: '$.a', NumericEquals: 1 }] });
    expect(evaluateRule(r, {}, env)).toBe(true);
  });
});

describe('type mismatches compare false', () => {
  const cases: [string, Json, Json][] = [
    ['StringEquals', 1, '1'],
    ['NumericEquals', '1', 1],
    ['NumericGreaterThan', true, 0],
    ['BooleanEquals', 0, false],
    ['BooleanEquals', 'true', true],
    ['TimestampEquals', 1349809255, '2012-10-09T19:00:55Z'],
    ['TimestampEquals', '2012-10-09 19:00:55', '2012-10-09T19:00:55Z'],
    ['StringMatches', 42, '*'],
  ];
  for (const [op, value, operand] of cases) {
    it(`${op} of ${JSON.stringify(value)} against ${JSON.stringify(operand)} is false`, () => {
      expect(evaluateRule(rule({ Variable: '$.v', [op]: operand }), { v: value }, env)).toBe(false);
    });
  }

  it('a ...Path operand of another type compares false', () => {
    expect(evaluateRule(rule({ Variable: '$.a', StringEqualsPath: '$.b' }), { a: '1', b: 1 }, env)).toBe(false);
  });
});

describe('string comparisons', () => {
  it('orders by UTF-16 code units, as Java String.compareTo', () => {
    expect(evaluateRule(rule({ Variable: '$.v', StringLessThan: 'a' }), { v: 'B' }, env)).toBe(true);
    expect(evaluateRule(rule({ Variable: '$.v', StringLessThan: 'AB' }), { v: 'A' }, env)).toBe(true);
    expect(evaluateRule(rule({ Variable: '$.v', StringGreaterThan: 'A ' }), { v: 'A' }, env)).toBe(false);
    expect(evaluateRule(rule({ Variable: '$.v', StringGreaterThanEquals: '' }), { v: '' }, env)).toBe(true);
    expect(evaluateRule(rule({ Variable: '$.v', StringLessThanEquals: 'A' }), { v: 'AB' }, env)).toBe(false);
  });

  it('StringEquals is exact (no trimming or newline normalisation)', () => {
    expect(evaluateRule(rule({ Variable: '$.v', StringEquals: '\t\r\n' }), { v: '\t\n' }, env)).toBe(false);
  });

  it('StringMatches applies wildcards', () => {
    expect(evaluateRule(rule({ Variable: '$.v', StringMatches: 'log-*.txt' }), { v: 'log-2024.txt' }, env)).toBe(true);
    expect(evaluateRule(rule({ Variable: '$.v', StringMatches: 'log-*.txt' }), { v: 'log-2024.csv' }, env)).toBe(false);
  });
});

describe('numeric comparisons', () => {
  it('compares integers and floats by value', () => {
    expect(evaluateRule(rule({ Variable: '$.v', NumericEquals: 1 }), { v: 1.0 }, env)).toBe(true);
    expect(evaluateRule(rule({ Variable: '$.v', NumericEqualsPath: '$.w' }), { v: 0.0, w: 0 }, env)).toBe(true);
    expect(evaluateRule(rule({ Variable: '$.v', NumericEquals: 1 }), { v: 1.1 }, env)).toBe(false);
    expect(evaluateRule(rule({ Variable: '$.v', NumericLessThanEquals: 2.22 }), { v: 2.22 }, env)).toBe(true);
    expect(evaluateRule(rule({ Variable: '$.v', NumericGreaterThanPath: '$.w' }), { v: 1, w: 0.5 }, env)).toBe(true);
  });
});

describe('timestamp comparisons', () => {
  it('compares instants, across offsets and fractions', () => {
    const v = { v: '2012-10-09T19:00:55Z' };
    expect(evaluateRule(rule({ Variable: '$.v', TimestampEquals: '2012-10-09T20:00:55+01:00' }), v, env)).toBe(true);
    expect(evaluateRule(rule({ Variable: '$.v', TimestampLessThan: '2012-10-09T19:00:55.001Z' }), v, env)).toBe(true);
    expect(evaluateRule(rule({ Variable: '$.v', TimestampGreaterThan: '2012-10-09T19:00:55Z' }), v, env)).toBe(false);
    expect(evaluateRule(rule({ Variable: '$.v', TimestampGreaterThanEquals: '2012-10-09T19:00:55Z' }), v, env)).toBe(true);
    expect(evaluateRule(rule({ Variable: '$.v', TimestampLessThanEqualsPath: '$.w' }), { ...v, w: '2012-10-09T19:00:54Z' }, env)).toBe(false);
  });

  it('a string that is not an RFC3339 timestamp compares false', () => {
    expect(evaluateRule(rule({ Variable: '$.v', TimestampEquals: '2012-10-09T19:00:55Z' }), { v: '2012-10-09t19:00:55z' }, env)).toBe(false);
    expect(evaluateRule(rule({ Variable: '$.v', TimestampLessThanPath: '$.w' }), { v: '2012-10-09T19:00:55Z', w: 'soon' }, env)).toBe(false);
  });
});

describe('type tests', () => {
  const values: [string, Json][] = [
    ['null', null],
    ['number', 1.5],
    ['string', 'x'],
    ['boolean', false],
    ['timestamp', '2016-03-14T01:59:00Z'],
    ['array', []],
    ['object', {}],
  ];
  const expected: Record<string, string[]> = {
    IsNull: ['null'],
    IsNumeric: ['number'],
    IsString: ['string', 'timestamp'],
    IsBoolean: ['boolean'],
    IsTimestamp: ['timestamp'],
  };
  for (const [op, trueFor] of Object.entries(expected)) {
    for (const [kind, v] of values) {
      const want = trueFor.includes(kind);
      it(`${op}: true on ${kind} is ${want}, false on ${kind} is ${!want}`, () => {
        expect(evaluateRule(rule({ Variable: '$.v', [op]: true }), { v }, env)).toBe(want);
        expect(evaluateRule(rule({ Variable: '$.v', [op]: false }), { v }, env)).toBe(!want);
      });
    }
  }
});

describe('paths', () => {
  it('reads the Context object with $$', () => {
    expect(evaluateRule(rule({ Variable: '$$.Execution.Input.limit', NumericEqualsPath: '$.n' }), { n: 10 }, env)).toBe(true);
  });

  it('reads workflow variables with $name (assign/test_reference_assign__BASE_REFERENCE_IN_CHOICE)', () => {
    const withVars = { ...env, variables: { guess: 'the_guess', answer: 'the_answer', obj: { k: [1, 2] } } };
    expect(evaluateRule(rule({ Variable: '$guess', StringEqualsPath: '$answer' }), {}, withVars)).toBe(false);
    expect(evaluateRule(rule({ Variable: '$obj.k[1]', NumericEquals: 2 }), {}, withVars)).toBe(true);
    expect(() => evaluateRule(rule({ Variable: '$nope', IsNull: true }), {}, withVars)).toThrow(/Invalid path '\$nope'/);
    expect(evaluateRule(rule({ Variable: '$nope', IsPresent: false }), {}, withVars)).toBe(true);
  });

  it('reads nested fields and array items', () => {
    expect(evaluateRule(rule({ Variable: '$.result.items[1].done', BooleanEquals: true }), { result: { items: [{}, { done: true }] } }, env)).toBe(true);
  });
});

describe('rules that validation would reject', () => {
  it('ignores keys named after Object.prototype members instead of calling them operators', () => {
    // Found by test/unit/asl/robustness.test.ts: `constructor` used to be taken for an operator.
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnPropertyPath', 'constructorPath']) {
      const r = JSON.parse(`{"Variable": "$.a", ${JSON.stringify(key)}: 1}`) as ChoiceRule;
      expect(evaluateRule(r, { a: 1 }, env), key).toBe(false);
    }
  });
});
