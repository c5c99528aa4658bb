import { describe, expect, it } from 'vitest';
import { jsonEquals, type Json } from '../../src-main/common/json';
import { jsonDepth, jsonTextDepth, toCheckedJsonText } from '../../src-main/common/jsonLimits';

function nested(depth: number, leaf: Json = 0): Json {
  let v: Json = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { a: v };
  return v;
}

describe('JSON values of any depth (issue #18, item 5)', () => {
  it('jsonEquals compares values 100,000 levels deep without overflowing the stack', () => {
    expect(jsonEquals(nested(100_000), nested(100_000))).toBe(true);
    expect(jsonEquals(nested(100_000), nested(100_000, 1))).toBe(false);
    expect(jsonEquals({ a: [1, { b: 2 }], c: null }, { c: null, a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEquals({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEquals([1], { 0: 1 })).toBe(false);
  });

  it('measures depth iteratively, from the value and from its text', () => {
    expect(jsonDepth(0)).toBe(0);
    expect(jsonDepth({ a: [] })).toBe(2);
    expect(jsonDepth(nested(100_000))).toBe(100_000);
    expect(jsonDepth(nested(100_000), 1000)).toBe(1001);
    expect(jsonTextDepth('{"a":"[[[[","b":[{"c":"\\"]"}]}')).toBe(3);
    expect(jsonTextDepth('['.repeat(100_000) + ']'.repeat(100_000))).toBe(100_000);
  });

  it('toCheckedJsonText gives JSON.stringify text up to 1,000 levels and refuses deeper values', () => {
    expect(toCheckedJsonText(nested(1000))).toEqual({ ok: true, text: JSON.stringify(nested(1000)) });
    expect(toCheckedJsonText(nested(1001))).toEqual({ ok: false, reason: 'depth' });
    expect(toCheckedJsonText(nested(100_000))).toEqual({ ok: false, reason: 'depth' });
  });
});
