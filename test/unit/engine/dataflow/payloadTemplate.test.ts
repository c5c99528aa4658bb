import { describe, expect, it } from 'vitest';
import type { Json } from '../../../../src-main/common/json';
import {
  applyInputPath,
  applyOutputPath,
  applyPayloadTemplate,
  applyResultPath,
  applyCompiledTemplate,
  compilePayloadTemplate,
  type DataflowEnv,
} from '../../../../src-main/common/engine/dataflow/payloadTemplate';
import { StatesError } from '../../../../src-main/common/engine/errors';
import { createSeededRandom } from '../../../../src-main/common/engine/ports';

const env: DataflowEnv = {
  context: {
    Execution: { Id: 'arn:aws:states:us-east-1:111111111111:execution:sm:exec', Name: 'exec', Input: { 'int-literal': 0 } },
    StateMachine: { Id: 'arn:aws:states:us-east-1:111111111111:stateMachine:sm', Name: 'sm' },
    State: { Name: 'pass', EnteredTime: '2024-01-01T00:00:00.000Z' },
  },
  random: createSeededRandom(0),
};

function statesError(fn: () => unknown): StatesError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatesError) return e;
    throw e;
  }
  throw new Error('expected a StatesError');
}

describe('applyPayloadTemplate', () => {
  it('resolves .$ keys from the input, the Context object and intrinsics, and copies the rest', () => {
    const template: Json = {
      static: 'text',
      'fromInput.$': '$.a',
      'fromContext.$': '$$.Execution.Name',
      'formatted.$': "States.Format('Hello {}', $.name)",
      number: 3,
      nothing: null,
    };
    expect(applyPayloadTemplate(template, { a: [1, 2], name: 'Arnav' }, env, 'Parameters')).toEqual({
      static: 'text',
      fromInput: [1, 2],
      fromContext: 'exec',
      formatted: 'Hello Arnav',
      number: 3,
      nothing: null,
    });
  });

  it('recurses into nested objects and arrays of objects, leaving strings in arrays alone', () => {
    const template: Json = {
      outer: { 'inner.$': '$.x', list: [{ 'item.$': '$.y' }, '$.y', 7] },
    };
    expect(applyPayloadTemplate(template, { x: 'X', y: 'Y' }, env, 'Parameters')).toEqual({
      outer: { inner: 'X', list: [{ item: 'Y' }, '$.y', 7] },
    });
  });

  it('gives the list of matches for an indefinite path', () => {
    expect(applyPayloadTemplate({ 'item.$': '$.items[*]' }, {}, env, 'Parameters')).toEqual({ item: [] });
  });

  it('does not modify the template or the input', () => {
    const template = { 'a.$': '$.a', b: { c: 1 } };
    const input = { a: { deep: true } };
    const out = applyPayloadTemplate(template, input, env, 'Parameters') as { b: unknown };
    expect(template).toEqual({ 'a.$': '$.a', b: { c: 1 } });
    out.b = 'changed';
    expect(template.b).toEqual({ c: 1 });
  });

  it('fails with AWS wording when a path finds nothing (INVALID_JSONPATH_IN_STRING_EXPR_JSONPATH)', () => {
    const e = statesError(() => applyPayloadTemplate({ 'value.$': '$.no_such_jsonpath' }, { 'int-literal': 0 }, env, 'Parameters'));
    expect(e.error).toBe('States.Runtime');
    expect(e.stateScoped).toBe(true);
    expect(e.causeText).toBe(
      "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{\"int-literal\":0}'",
    );
  });

  it('fails the same way for a missing Context path (INVALID_JSONPATH_IN_STRING_EXPR_CONTEXTPATH)', () => {
    const e = statesError(() =>
      applyPayloadTemplate({ 'value.$': '$$.Execution.Input.no_such_jsonpath' }, { 'int-literal': 0 }, env, 'Parameters'),
    );
    expect(e.causeText).toBe(
      "The JSONPath '$$.Execution.Input.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{\"int-literal\":0}'",
    );
  });
});

describe('applyInputPath and applyOutputPath', () => {
  it('passes the input through when absent, gives {} for null, selects for a path', () => {
    expect(applyInputPath({ a: 1 }, undefined, env)).toEqual({ a: 1 });
    expect(applyInputPath({ a: 1 }, null, env)).toEqual({});
    expect(applyInputPath({ a: 1 }, '$', env)).toEqual({ a: 1 });
    expect(applyInputPath({ a: { b: 2 } }, '$.a', env)).toEqual({ b: 2 });
    expect(applyOutputPath({ a: { b: 2 } }, '$.a.b', env)).toBe(2);
    expect(applyOutputPath({ a: 1 }, null, env)).toEqual({});
  });

  it('can select from the Context object', () => {
    expect(applyInputPath({}, '$$.Execution.Input', env)).toEqual({ 'int-literal': 0 });
  });

  it('fails with "Invalid path" and Jayway\'s message (ST.INVALID_JSONPATH_IN_INPUTPATH, test_catch_states_runtime)', () => {
    const e = statesError(() => applyInputPath({ 'int-literal': 0 }, '$.NoSuchInputPath', env));
    expect(e.error).toBe('States.Runtime');
    expect(e.stateScoped).toBe(true);
    expect(e.causeText).toBe("Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']");
    const o = statesError(() => applyOutputPath({}, '$.no.such.result.path', env));
    expect(o.causeText).toBe("Invalid path '$.no.such.result.path' : Missing property in path $['no']");
  });
});

describe('applyResultPath', () => {
  const input = { comment: 'This is a test', details: 'Default example', who: 'Step Functions' };

  it('keeps only the result when ResultPath is absent or $', () => {
    expect(applyResultPath(input, 'Hello, Step Functions!', undefined)).toBe('Hello, Step Functions!');
    expect(applyResultPath(input, 'Hello, Step Functions!', '$')).toBe('Hello, Step Functions!');
  });

  it('keeps the input when ResultPath is null', () => {
    expect(applyResultPath(input, 'Hello, Step Functions!', null)).toBe(input);
  });

  it('places the result inside the input (guide example "$.taskresult")', () => {
    expect(applyResultPath(input, 'Hello, Step Functions!', '$.taskresult')).toEqual({
      ...input,
      taskresult: 'Hello, Step Functions!',
    });
    expect(input).not.toHaveProperty('taskresult');
  });

  it('fails with States.ResultPathMatchFailure when the input is not an object', () => {
    const e = statesError(() => applyResultPath('Hello', { r: 1 }, '$.result'));
    expect(e.error).toBe('States.ResultPathMatchFailure');
  });
});

describe('compiled payload templates', () => {
  const input: Json = { a: { b: [1, 2] }, name: 'Ada', n: 4 };
  const template: Json = {
    static: 'text',
    'path.$': '$.a.b[1]',
    'context.$': '$$.Execution.Name',
    'sum.$': 'States.MathAdd($.n, 1)',
    nested: [{ 'x.$': '$.name' }, 2, { deeper: { 'y.$': '$.a' } }],
    'notDynamic.$': 5,
    '.$': 'a key of two characters is copied',
  };

  it('gives what applyPayloadTemplate gives, on every application', () => {
    const compiled = compilePayloadTemplate(template, 'Parameters');
    const expected = applyPayloadTemplate(template, input, env, 'Parameters');
    expect(applyCompiledTemplate(compiled, input, env)).toEqual(expected);
    expect(applyCompiledTemplate(compiled, { ...(input as object), n: 10, name: 'Bo' }, env)).toEqual({
      ...(expected as object),
      sum: 11,
      nested: [{ x: 'Bo' }, 2, { deeper: { y: { b: [1, 2] } } }],
    });
  });

  it('builds new containers each time, never sharing the template or a previous result', () => {
    const compiled = compilePayloadTemplate({ list: [{ k: 1 }], obj: { k: 2 } }, 'Parameters');
    const first = applyCompiledTemplate(compiled, {}, env) as { list: Json[]; obj: Json };
    const second = applyCompiledTemplate(compiled, {}, env) as { list: Json[]; obj: Json };
    expect(first).toEqual(second);
    expect(first.list).not.toBe(second.list);
    expect(first.obj).not.toBe(second.obj);
  });

  it('compiles malformed paths and calls without throwing, and fails with the same error when applied', () => {
    for (const bad of [{ 'x.$': '$.missing' }, { 'x.$': '$[' }, { 'x.$': 'States.Nope(1)' }, { 'x.$': 'not a call' }, { 'x.$': 'States.Format(' }]) {
      const compiled = compilePayloadTemplate(bad, 'Parameters');
      const direct = statesError(() => applyPayloadTemplate(bad, input, env, 'Parameters'));
      const viaCompiled = statesError(() => applyCompiledTemplate(compiled, input, env));
      expect([viaCompiled.error, viaCompiled.causeText, viaCompiled.stateScoped]).toEqual([direct.error, direct.causeText, direct.stateScoped]);
    }
  });

  it('reads the Context object only for $$ paths (it may be built lazily)', () => {
    let reads = 0;
    const lazy: DataflowEnv = {
      get context() {
        reads++;
        return env.context;
      },
      random: env.random,
    };
    const compiled = compilePayloadTemplate({ 'a.$': '$.name', 'b.$': 'States.Format(\'{}\', $.n)' }, 'Parameters');
    applyCompiledTemplate(compiled, input, lazy);
    applyInputPath(input, '$.a', lazy);
    applyOutputPath(input, '$.a', lazy);
    expect(reads).toBe(0);
    expect(applyCompiledTemplate(compilePayloadTemplate({ 'id.$': '$$.Execution.Name' }, 'Parameters'), input, lazy)).toEqual({ id: 'exec' });
    expect(reads).toBe(1);
  });
});
