import { describe, expect, it } from 'vitest';
import type { Json } from '../../../../src-main/common/json';
import {
  evaluateIntrinsic,
  evaluatePreparedIntrinsic,
  isIntrinsicCall,
  prepareIntrinsic,
  type IntrinsicEnv,
} from '../../../../src-main/common/engine/intrinsics/evaluateIntrinsic';
import { StatesError } from '../../../../src-main/common/engine/errors';
import { createSeededRandom } from '../../../../src-main/common/engine/ports';

function makeEnv(seed = 7): IntrinsicEnv {
  return {
    context: {
      Execution: { Name: 'exec-name', Input: { input_field: { constant_input_field: 'constant_value' } } },
      StateMachine: { Id: 'arn:aws:states:us-east-1:111111111111:stateMachine:first-second-third', Name: 'first-second-third' },
    },
    random: createSeededRandom(seed),
  };
}

function run(expression: string, input: Json = {}, env: IntrinsicEnv = makeEnv()): Json {
  return evaluateIntrinsic(expression, input, env);
}

function failure(expression: string, input: Json = {}): StatesError {
  try {
    run(expression, input);
  } catch (e) {
    if (e instanceof StatesError) return e;
    throw e;
  }
  throw new Error(`expected ${expression} to fail`);
}

describe('isIntrinsicCall', () => {
  it('recognises States.* calls only', () => {
    expect(isIntrinsicCall('States.UUID()')).toBe(true);
    expect(isIntrinsicCall("States.Format('{}', $.a)")).toBe(true);
    expect(isIntrinsicCall('$.a')).toBe(false);
    expect(isIntrinsicCall('States.Format')).toBe(false);
    expect(isIntrinsicCall('Foo.Bar()')).toBe(false);
  });
});

describe('States.Format', () => {
  it('replaces each {} with the argument (test_format_1/2)', () => {
    expect(run("States.Format('Formatting argument {}.', $.v)", { v: 'HelloWorld' })).toBe('Formatting argument HelloWorld.');
    expect(run("States.Format('Formatting argument {}.', $.v)", { v: null })).toBe('Formatting argument null.');
    expect(run("States.Format('Formatting argument {}.', $.v)", { v: 1.1 })).toBe('Formatting argument 1.1.');
    expect(run("States.Format('fst={} and snd={}.', $.a, $.b)", { a: '', b: ' ' })).toBe('fst= and snd= .');
  });

  it('prints objects and arrays the way Java maps and lists print (test_format_2__7, test_context_json_path__0)', () => {
    expect(run("States.Format('{}', $.v)", { v: { Arg1: 1, Arg2: [] } })).toBe('{Arg1=1, Arg2=[]}');
    expect(run("States.Format('{}', $.v)", { v: [1, 'x', null, { a: true }] })).toBe('[1, x, null, {a=true}]');
    expect(run("States.Format('fst={} and snd={}.', $$.Execution.Name, $$.StateMachine)")).toBe(
      'fst=exec-name and snd={Id=arn:aws:states:us-east-1:111111111111:stateMachine:first-second-third, Name=first-second-third}.',
    );
  });

  it('prints numbers as Java does', () => {
    expect(run("States.Format('{} {} {}', 1, 0.5, 1.5e-7)")).toBe('1 0.5 1.5E-7');
    expect(run("States.Format('{}', $.v)", { v: 123456789.5 })).toBe('1.234567895E8');
  });

  it('honours the escapes for quote, braces and backslash', () => {
    expect(run("States.Format('it\\'s \\{\\} {} \\\\', 'x')")).toBe("it's {} x \\");
  });

  it('takes the template from a path too (guide example)', () => {
    expect(run('States.Format($.template, $.name)', { name: 'Arnav', template: 'Hello, my name is {}.' })).toBe('Hello, my name is Arnav.');
  });

  it('fails when placeholders and arguments do not match', () => {
    const e = failure("States.Format('{} {}', 1)");
    expect(e.error).toBe('States.Runtime');
    expect(e.stateScoped).toBe(true);
  });
});

describe('JSON intrinsics', () => {
  it('StringToJson parses text; blank text gives null (test_string_to_json__*)', () => {
    expect(run('States.StringToJson($.v)', { v: '' })).toBe(null);
    expect(run('States.StringToJson($.v)', { v: ' ' })).toBe(null);
    expect(run('States.StringToJson($.v)', { v: 'null' })).toBe(null);
    expect(Object.is(run('States.StringToJson($.v)', { v: '-0' }), 0)).toBe(true);
    expect(run('States.StringToJson($.v)', { v: '[1, 2, "HelloWorld"]' })).toEqual([1, 2, 'HelloWorld']);
    expect(run('States.StringToJson($.v)', { v: '{"foo": "bar"}' })).toEqual({ foo: 'bar' });
    expect(failure("States.StringToJson('{nope')").error).toBe('States.Runtime');
  });

  it('JsonToString writes compact JSON (test_json_to_string__*)', () => {
    expect(run('States.JsonToString($.v)', { v: { Arg1: 1, Arg2: [] } })).toBe('{"Arg1":1,"Arg2":[]}');
    expect(run('States.JsonToString($.v)', { v: 'HelloWorld' })).toBe('"HelloWorld"');
    expect(run('States.JsonToString($.v)', { v: null })).toBe('null');
    expect(run('States.JsonToString($.v)', { v: [1, 2, 'HelloWorld'] })).toBe('[1,2,"HelloWorld"]');
  });

  it('JsonMerge merges shallowly, the second object winning', () => {
    const input = { fst: { a: { a1: 1, a2: 2 }, b: 2, d: 3 }, snd: { a: { a3: 1, a4: 2 }, c: 3, d: 4 } };
    expect(run('States.JsonMerge($.fst, $.snd, false)', input)).toEqual({ a: { a3: 1, a4: 2 }, b: 2, c: 3, d: 4 });
    expect(failure('States.JsonMerge($.fst, $.snd, true)', input).error).toBe('States.Runtime');
  });

  it('JsonMerge takes nested calls and Context paths (json_merge_escaped_argument template)', () => {
    expect(
      run("States.JsonMerge(States.StringToJson('{\"constant_in_literal\": \"false\"}'), $$.Execution.Input.input_field, false)"),
    ).toEqual({ constant_in_literal: 'false', constant_input_field: 'constant_value' });
  });
});

describe('array intrinsics', () => {
  it('Array collects its arguments', () => {
    expect(run('States.Array()')).toEqual([]);
    expect(run("States.Array($.a, 'x', 1, true, null)", { a: { b: 1 } })).toEqual([{ b: 1 }, 'x', 1, true, null]);
  });

  it('ArrayPartition splits into chunks (test_array_partition__*)', () => {
    expect(run('States.ArrayPartition($.a, 2)', { a: [0, 1, 2] })).toEqual([[0, 1], [2]]);
    expect(run('States.ArrayPartition($.a, 5)', { a: [] })).toEqual([]);
    expect(run('States.ArrayPartition($.a, 1)', { a: [0, 1] })).toEqual([[0], [1]]);
    expect(failure('States.ArrayPartition($.a, 0)', { a: [1] }).error).toBe('States.Runtime');
  });

  it('ArrayContains compares values structurally (test_array_contains__*)', () => {
    expect(run('States.ArrayContains($.a, $.v)', { a: [[1, 2, 3], 2], v: [1, 2, 3] })).toBe(true);
    expect(run('States.ArrayContains($.a, $.v)', { a: [[1, 2, 3], 2], v: null })).toBe(false);
    expect(run('States.ArrayContains($.a, $.v)', { a: [true, false], v: false })).toBe(true);
    expect(run('States.ArrayContains($.a, $.v)', { a: [], v: [] })).toBe(false);
  });

  it('ArrayRange includes the end when the step reaches it (test_array_range__*)', () => {
    expect(run('States.ArrayRange(0, 9, 3)')).toEqual([0, 3, 6, 9]);
    expect(run('States.ArrayRange(0, 10, 3)')).toEqual([0, 3, 6, 9]);
    expect(run('States.ArrayRange(1, 9, 9)')).toEqual([1]);
    expect(run('States.ArrayRange(10, 0, -4)')).toEqual([10, 6, 2]);
    expect(failure('States.ArrayRange(0, 10, 0)').error).toBe('States.Runtime');
    expect(failure('States.ArrayRange(0, 5000, 1)').error).toBe('States.Runtime');
  });

  it('ArrayGetItem, ArrayLength and ArrayUnique', () => {
    expect(run('States.ArrayGetItem($.a, 5)', { a: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toBe(6);
    expect(failure('States.ArrayGetItem($.a, 3)', { a: [1] }).error).toBe('States.Runtime');
    expect(run('States.ArrayLength($.a)', { a: [1, 2, 3] })).toBe(3);
    expect(run('States.ArrayUnique($.a)', { a: [1, 2, 3, 3, 3, 3, 3, 3, 4] })).toEqual([1, 2, 3, 4]);
    expect(run('States.ArrayUnique($.a)', { a: [null, null, { a: 1 }, { a: 1 }, [], []] })).toEqual([null, { a: 1 }, []]);
  });

  it('nests calls (test_nested_calls_1/2)', () => {
    expect(run("States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 0)")).toBe('first');
    expect(
      run(
        "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))",
      ),
    ).toBe('third');
  });
});

describe('encoding and hashing', () => {
  it('Base64Encode and Base64Decode round-trip UTF-8 text (test_base_64_*)', () => {
    expect(run('States.Base64Encode($.v)', { v: 'Data to encode' })).toBe('RGF0YSB0byBlbmNvZGU=');
    expect(run('States.Base64Decode($.v)', { v: 'RGF0YSB0byBlbmNvZGU=' })).toBe('Data to encode');
    expect(run('States.Base64Encode($.v)', { v: '' })).toBe('');
    expect(run('States.Base64Decode(States.Base64Encode($.v))', { v: 'héllo ✓ 🆗' })).toBe('héllo ✓ 🆗');
    expect(failure('States.Base64Decode($.v)', { v: 'not base64!' }).error).toBe('States.Runtime');
    expect(failure('States.Base64Encode($.v)', { v: 'x'.repeat(10_001) }).error).toBe('States.Runtime');
  });

  it('Hash gives AWS digests (test_hash__*)', () => {
    const input = { v: 'input data' };
    expect(run("States.Hash($.v, 'MD5')", input)).toBe('812f45842bc6d66ee14572ce20db8e86');
    expect(run("States.Hash($.v, 'SHA-1')", input)).toBe('aaff4a450a104cd177d28d18d74485e8cae074b7');
    expect(run("States.Hash($.v, 'SHA-256')", input)).toBe('b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3');
    expect(run("States.Hash($.v, 'SHA-384')", input)).toBe(
      'd28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562',
    );
    expect(failure("States.Hash($.v, 'SHA-3')", input).error).toBe('States.Runtime');
  });
});

describe('math, strings and ids', () => {
  it('MathAdd rounds each operand half up, as Java does (test_math_add__*)', () => {
    const add = (a: number, b: number): Json => run('States.MathAdd($.a, $.b)', { a, b });
    expect(add(-9, 3)).toBe(-6);
    expect(add(1.49, 1.5)).toBe(3);
    expect(add(1.5, 1.51)).toBe(4);
    expect(add(-1.49, -1.5)).toBe(-2);
    expect(add(-1.5, -1.51)).toBe(-3);
    expect(add(2.5, 0)).toBe(3);
    expect(add(-2.5, 0)).toBe(-2);
    expect(Object.is(add(-0.5, 0), 0)).toBe(true);
    expect(add(-0.5, 0.5)).toBe(1);
  });

  it('MathRandom stays in [start, end) and is deterministic with a seed', () => {
    for (let seed = 0; seed < 20; seed++) {
      const n = run('States.MathRandom(1, 5)', {}, makeEnv(seed)) as number;
      expect(Number.isInteger(n) && n >= 1 && n < 5).toBe(true);
    }
    // Same numbers as `new java.util.Random(seed).nextInt(end - start) + start`.
    expect(run('States.MathRandom(0, 999, 3)', {}, makeEnv(1))).toBe(239);
    expect(run('States.MathRandom(0, 999, 3)', {}, makeEnv(2))).toBe(239);
    expect(run('States.MathRandom(0, 1024, 42)')).toBe(745);
    expect(run('States.MathRandom(0, 100, -7)')).toBe(62);
  });

  it('StringSplit splits on any delimiter character and drops empty parts (test_string_split__*)', () => {
    const split = (fst: string, snd: string): Json => run('States.StringSplit($.fst, $.snd)', { fst, snd });
    expect(split('1,2,3,4,5', ',')).toEqual(['1', '2', '3', '4', '5']);
    expect(split(', , ,', ',')).toEqual([' ', ' ']);
    expect(split(',,,,', ',')).toEqual([]);
    expect(split(' ', ',')).toEqual([' ']);
    expect(split('split on T and \nnew line', 'T\n')).toEqual(['split on ', ' and ', 'new line']);
    expect(split('This.is+a,test=string', '.+,=')).toEqual(['This', 'is', 'a', 'test', 'string']);
    expect(run("States.StringSplit('Hello\nWorld', '\n')")).toEqual(['Hello', 'World']);
  });

  it('UUID gives a version-4 UUID from the random port, the same for the same seed', () => {
    const a = run('States.UUID()', {}, makeEnv(5)) as string;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(run('States.UUID()', {}, makeEnv(5))).toBe(a);
    expect(run('States.UUID()', {}, makeEnv(6))).not.toBe(a);
  });
});

describe('argument errors', () => {
  it('reports a missing path argument with the input', () => {
    const e = failure('States.Array($.missing)', { a: 1 });
    expect(e.error).toBe('States.Runtime');
    expect(e.causeText).toBe("The JsonPath argument for the field '$.missing' could not be found in the input '{\"a\":1}'");
  });

  it('reports wrong argument types and counts', () => {
    expect(failure('States.ArrayLength($.a)', { a: 'x' }).causeText).toContain('must be an array');
    expect(failure('States.ArrayLength($.a, 1)', { a: [] }).causeText).toContain('expected 1 argument');
    expect(failure('States.UUID(1)').error).toBe('States.Runtime');
  });

  it('reports malformed calls and unknown functions', () => {
    expect(failure("States.Format('unterminated)").error).toBe('States.Runtime');
    expect(failure("States.Format('bad \\n escape')").error).toBe('States.Runtime');
    expect(failure('States.NoSuchFunction()').causeText).toContain('not supported');
  });
});

describe('prepareIntrinsic', () => {
  const env = makeEnv();
  it('parses a call once for evaluatePreparedIntrinsic, with the same results as evaluateIntrinsic', () => {
    const call = prepareIntrinsic("States.Format('{} has {}', $.name, States.ArrayLength($.list))");
    expect(call).toBeDefined();
    for (const input of [{ name: 'a', list: [1] }, { name: 'b', list: [] }] as Json[]) {
      expect(evaluatePreparedIntrinsic(call!, input, env)).toEqual(
        evaluateIntrinsic("States.Format('{} has {}', $.name, States.ArrayLength($.list))", input, env),
      );
    }
  });

  it('returns undefined for text that is not a well-formed call (evaluateIntrinsic reports why)', () => {
    expect(prepareIntrinsic('not a call')).toBeUndefined();
    expect(prepareIntrinsic("States.Format('x'")).toBeUndefined();
    // A well-formed call of an unknown function parses; it fails when evaluated.
    expect(prepareIntrinsic('States.Nope(1)')).toBeDefined();
  });

  it('reads the Context object only for $$ arguments', () => {
    let reads = 0;
    const lazy: IntrinsicEnv = {
      get context(): Json {
        reads++;
        return { Execution: { Name: 'exec' } };
      },
      random: env.random,
    };
    expect(evaluateIntrinsic('States.MathAdd($.n, 1)', { n: 1 }, lazy)).toBe(2);
    expect(reads).toBe(0);
    expect(evaluateIntrinsic("States.Format('{}', $$.Execution.Name)", {}, lazy)).toBe('exec');
    expect(reads).toBe(1);
  });
});
