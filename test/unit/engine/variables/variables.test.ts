import { describe, expect, it } from 'vitest';
import {
  applyAssignment,
  assignedVariablesDetails,
  createVariableScope,
  lookupVariable,
  splitVariablePath,
  visibleVariables,
  VARIABLE_LIMITS,
} from '../../../../src-main/common/engine/variables/variables';
import { readPathInEnv } from '../../../../src-main/common/engine/dataflow/jsonPath';
import { StatesError } from '../../../../src-main/common/engine/errors';

describe('variable scopes', () => {
  it('inner scopes read outer variables and shadow them without writing out', () => {
    const outer = createVariableScope();
    applyAssignment(outer, { names: ['x', 'y'], values: [1, 2] });
    const inner = createVariableScope(outer);
    applyAssignment(inner, { names: ['x'], values: [10] });
    expect(lookupVariable(inner, 'x')).toBe(10);
    expect(lookupVariable(inner, 'y')).toBe(2);
    expect(lookupVariable(outer, 'x')).toBe(1);
    expect(visibleVariables(inner)).toEqual({ x: 10, y: 2 });
    expect(lookupVariable(inner, 'z')).toBeUndefined();
  });

  it('records each assigned value as JSON text', () => {
    expect(assignedVariablesDetails({ names: ['a', 'b', 'c'], values: ['s', 42, { k: [null] }] })).toEqual({
      a: '"s"',
      b: '42',
      c: '{"k":[null]}',
    });
  });

  it('refuses a variable over the size limit', () => {
    const big = 'x'.repeat(VARIABLE_LIMITS.variableBytes);
    expect(() => assignedVariablesDetails({ names: ['big'], values: [big] })).toThrow(StatesError);
  });
});

describe('variable paths', () => {
  it('splits $name paths and leaves $, $. and $$ alone', () => {
    expect(splitVariablePath('$answer')).toEqual({ name: 'answer', rest: '$' });
    expect(splitVariablePath('$obj.a[0]')).toEqual({ name: 'obj', rest: '$.a[0]' });
    expect(splitVariablePath('$items[1]')).toEqual({ name: 'items', rest: '$[1]' });
    expect(splitVariablePath('$')).toBeUndefined();
    expect(splitVariablePath('$.x')).toBeUndefined();
    expect(splitVariablePath('$$.Execution.Id')).toBeUndefined();
  });

  it('reads variables through the path environment', () => {
    const vars: Record<string, unknown> = { obj: { list: [1, 2, 3] } };
    const env = { context: {}, lookupVariable: (n: string) => vars[n] as never };
    expect(readPathInEnv({}, env, '$obj.list[1]')).toEqual({ found: true, value: 2 });
    expect(readPathInEnv({}, env, '$missing').found).toBe(false);
  });
});
