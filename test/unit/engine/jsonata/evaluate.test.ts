import { describe, expect, it } from 'vitest';
import {
  evaluateJsonata,
  evaluateJsonataTemplate,
  isJsonataString,
  QueryEvaluationError,
  type JsonataEnv,
} from '../../../../src-main/common/engine/jsonata/evaluate';
import { evaluateCondition, evaluateMapItems, evaluateNumberField } from '../../../../src-main/common/engine/jsonata/states';
import { createSeededRandom } from '../../../../src-main/common/engine/ports';

function env(input: unknown = {}, variables: Record<string, unknown> = {}, seed = 0): JsonataEnv {
  return {
    states: { input: input as never, context: { Execution: { Name: 'e' } } },
    variables,
    random: createSeededRandom(seed),
    nowMs: Date.UTC(2024, 0, 1),
  };
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

describe('JSONata expressions', () => {
  it('recognises {% %} strings only', () => {
    expect(isJsonataString('{% 1 %}')).toBe(true);
    expect(isJsonataString(' {% 1 %}')).toBe(false);
    expect(isJsonataString('$.x')).toBe(false);
    expect(isJsonataString(3)).toBe(false);
  });

  it('reads $states and variables', async () => {
    const e = env({ a: 2 }, { x: 40 });
    expect(await evaluateJsonata('{% $states.input.a + $x %}', 'Output', e)).toBe(42);
    expect(await evaluateJsonata('{% $states.context.Execution.Name %}', 'Output', e)).toBe('e');
  });

  it('evaluates templates recursively and keeps literals', async () => {
    const out = await evaluateJsonataTemplate(
      { a: '{% $states.input.v %}', b: ['$.v', '{% 1 + 1 %}'], c: { d: 'text' }, n: null },
      'Output',
      env({ v: 'x' }),
    );
    expect(out).toEqual({ a: 'x', b: ['$.v', 2], c: { d: 'text' }, n: null });
  });

  it('turns JSONata sequences into plain arrays', async () => {
    const out = await evaluateJsonata('{% $states.input.items.v %}', 'Output', env({ items: [{ v: 1 }, { v: 2 }] }));
    expect(out).toEqual([1, 2]);
    expect(Object.keys(out as object)).toEqual(['0', '1']);
  });

  it('fails with AWS text and location when an expression returns nothing', async () => {
    const err = await failure(evaluateJsonataTemplate({ result: '{% $doesNotExist %}' }, 'Output', env()));
    expect(err.error).toBe('States.QueryEvaluationError');
    expect(err.location).toBe('Output/result');
    expect(err.causeText).toBe(
      "The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).",
    );
  });

  it('names array elements with [i] in locations', async () => {
    const err = await failure(evaluateJsonataTemplate({ a: [1, '{% $nope %}'] }, 'Arguments', env()));
    expect(err.location).toBe('Arguments/a[1]');
  });

  it('reports a failing expression as QueryEvaluationError', async () => {
    const err = await failure(evaluateJsonata('{% $undefinedFn() %}', 'Output', env()));
    expect(err.error).toBe('States.QueryEvaluationError');
    expect(err.location).toBe('Output');
  });
});

describe("AWS's JSONata functions", () => {
  it('$partition cuts arrays into chunks', async () => {
    expect(await evaluateJsonata('{% $partition([1,2,3,4,5], 2) %}', 'Output', env())).toEqual([[1, 2], [3, 4], [5]]);
    expect(await evaluateJsonata('{% $partition([0], 1) %}', 'Output', env())).toEqual([[0]]);
  });

  it('$range includes the end when a step lands on it', async () => {
    expect(await evaluateJsonata('{% $range(0, 10, 3) %}', 'Output', env())).toEqual([0, 3, 6, 9]);
    expect(await evaluateJsonata('{% $range(1, 9, 2) %}', 'Output', env())).toEqual([1, 3, 5, 7, 9]);
    expect(await evaluateJsonata('{% $range(10, 0, -5) %}', 'Output', env())).toEqual([10, 5, 0]);
  });

  it('$range with a step away from the end returns nothing', async () => {
    const err = await failure(evaluateJsonata('{% $range(0, 10, -1) %}', 'Output', env()));
    expect(err.causeText).toContain('returned nothing (undefined)');
  });

  it('$hash gives hex digests', async () => {
    expect(await evaluateJsonata("{% $hash('abc', 'SHA-256') %}", 'Output', env())).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(await evaluateJsonata("{% $hash('abc', 'MD5') %}", 'Output', env())).toBe('900150983cd24fb0d6963f7d28e17f72');
  });

  it('$parse reads JSON text', async () => {
    expect(await evaluateJsonata("{% $parse('{\"a\":[1,true]}') %}", 'Output', env())).toEqual({ a: [1, true] });
    expect(await evaluateJsonata("{% $parse('-0') %}", 'Output', env())).toBe(0);
  });

  it('$random and $uuid come from the seeded Random (same seed, same values)', async () => {
    const a = await evaluateJsonata('{% [$random(), $uuid()] %}', 'Output', env({}, {}, 7));
    const b = await evaluateJsonata('{% [$random(), $uuid()] %}', 'Output', env({}, {}, 7));
    expect(a).toEqual(b);
    const [r, u] = a as [number, string];
    expect(r).toBeGreaterThanOrEqual(0);
    expect(r).toBeLessThan(1);
    expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('$random with a seed is reproducible', async () => {
    const a = await evaluateJsonata('{% $random(42) %}', 'Output', env({}, {}, 1));
    const b = await evaluateJsonata('{% $random(42) %}', 'Output', env({}, {}, 2));
    expect(a).toBe(b);
  });

  it('$now and $millis read the engine clock', async () => {
    expect(await evaluateJsonata('{% $now() %}', 'Output', env())).toBe('2024-01-01T00:00:00.000Z');
    expect(await evaluateJsonata('{% $millis() %}', 'Output', env())).toBe(Date.UTC(2024, 0, 1));
    expect(await evaluateJsonata("{% $now('[Y0001]') %}", 'Output', env())).toBe('2024');
  });

  it('$eval is disabled', async () => {
    const err = await failure(evaluateJsonata("{% $eval('1') %}", 'Output', env()));
    expect(err.causeText).toContain('T1006');
  });
});

describe('JSONata state fields', () => {
  it('a Condition must give a boolean', async () => {
    expect(await evaluateCondition({ Condition: '{% $states.input.ok %}', Next: 'X' }, env({ ok: true }), 'Choices[0]/Condition')).toBe(true);
    const err = await failure(evaluateCondition({ Condition: '{% 1 %}', Next: 'X' }, env(), 'Choices[0]/Condition'));
    expect(err.causeText).toContain("Expected 'boolean', but was 'number' for value: 1");
  });

  it('Map Items must give an array, with AWS text', async () => {
    expect(await evaluateMapItems('{% [1,2] %}', {}, env())).toEqual([1, 2]);
    const err = await failure(evaluateMapItems("{% 'string' %}", {}, env()));
    expect(err.causeText).toBe(
      "The JSONata expression ''string'' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'string' for value: \"string\"",
    );
    expect(err.location).toBe('Items');
    const noItems = await failure(evaluateMapItems(undefined, true, env()));
    expect(noItems.causeText).toBe('Map state input must be an array but was: true');
    expect(noItems.location).toBeUndefined();
  });

  it('number fields take literals or expressions', async () => {
    expect(await evaluateNumberField(3, 'Seconds', env())).toBe(3);
    expect(await evaluateNumberField('{% $states.input.s %}', 'Seconds', env({ s: 5 }))).toBe(5);
    expect(await evaluateNumberField(undefined, 'Seconds', env())).toBeUndefined();
  });
});

describe("AWS's JSONata functions: arguments", () => {
  const value = (code: string) => evaluateRawValue(code);
  async function evaluateRawValue(code: string): Promise<unknown> {
    return evaluateJsonata(`{% ${code} %}`, 'Output', env());
  }

  it('$partition without a size is one chunk; a size rounds toward zero', async () => {
    expect(await value('$partition([1, 2, 3])')).toEqual([[1, 2, 3]]);
    expect(await value('$partition([1, 2, 3], $nothing)')).toEqual([[1, 2, 3]]);
    expect(await value('$partition([1, 2, 3, 4, 5], 2.6)')).toEqual([[1, 2], [3, 4], [5]]);
    expect(await value('$exists($partition([1, 2, 3], 0.5))')).toBe(false);
  });

  it('$range rounds toward zero and a one-element range is the bare number', async () => {
    expect(await value('$range(1.4, 5.6, 2.2)')).toEqual([1, 3, 5]);
    expect(await value('$range(-1.5, 2.5, 1)')).toEqual([-1, 0, 1, 2]);
    expect(await value('$range(1, 9, 9)')).toBe(1);
    expect(await value('[$range(3, 0, 1)]')).toEqual([]);
    expect(await value('$exists($range(1, 5))')).toBe(false);
  });

  it('$hash without an algorithm argument gives nothing', async () => {
    expect(await value("$exists($hash('a'))")).toBe(false);
    expect(await value("$exists($hash($nothing, 'SHA-256'))")).toBe(false);
  });

  it.each([
    ["$hash('a', 'sha-256')", "Hash algorithm 'sha-256' must be one of"],
    ["$hash('a', $nothing)", "Hash algorithm 'null' must be one of"],
    ["$hash(123, 'SHA-256')", 'Argument 1 of function "hash"'],
    ["$hash('a', 'SHA-256', 'x')", 'Argument 3 of function "hash"'],
    ['$parse(null)', 'Argument 1 of function "parse"'],
    ["$parse('{}', 1)", 'Argument 2 of function "parse"'],
    ["$parse('{')", 'Malformed JSON'],
    ["$uuid('x')", 'Argument 1 of function "uuid"'],
    ["$random('seed')", 'Argument 1 of function "random"'],
    ['$random(77, 88)', 'Argument 2 of function "random"'],
    ['$partition([1, 2, 3], -1)', 'Second argument must be zero or greater'],
    ["$partition('not-array', 2)", 'Argument 1 of function "partition"'],
    ['$partition([1, 2, 3], true)', 'Argument 2 of function "partition"'],
    ['$partition([1, 2, 3], 2, 99)', 'Argument 3 of function "partition"'],
    ["$range('a', 5, 1)", 'Argument 1 of function "range"'],
    ['$range(1, 5, 1, 99)', 'Argument 4 of function "range"'],
    ['$now(1)', 'Argument 1 of function "now"'],
  ])('%s fails with QueryEvaluationError', async (code, text) => {
    const err = await failure(value(code));
    expect(err.error).toBe('States.QueryEvaluationError');
    expect(err.causeText).toContain(text);
  });

  it('a function is not a value', async () => {
    for (const code of ['function($v) { $v }', '$uppercase', '[function($v) { $v }]', "{'a': $uppercase}"]) {
      const err = await failure(value(code));
      expect(err.causeText).toContain('unsupported result type');
    }
  });
});

describe('JSONata Wait timestamps', () => {
  it('accept lower-case t/z and a time without seconds', async () => {
    const { normaliseWaitTimestamp } = await import('../../../../src-main/common/engine/jsonata/states');
    expect(normaliseWaitTimestamp('2016-12-05t21:29:29z')).toBe('2016-12-05T21:29:29Z');
    expect(normaliseWaitTimestamp('2016-12-05T21:29Z')).toBe('2016-12-05T21:29:00Z');
    expect(normaliseWaitTimestamp('2016-12-05 21:29:29Z')).toBe('2016-12-05 21:29:29Z');
    expect(normaliseWaitTimestamp('2016-12-05T21:29:29')).toBe('2016-12-05T21:29:29');
  });
});
