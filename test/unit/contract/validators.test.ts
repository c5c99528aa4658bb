import { describe, expect, it } from 'vitest';
import { v } from '../../../src-main/common/contract/validators';

describe('contract validators', () => {
  it('accepts an object with its required and optional members and types the result', () => {
    const check = v.object({ name: v.string({ minLength: 1 }), count: v.optional(v.number({ integer: true, min: 0 })) });
    expect(check.check({ name: 'a' }, '')).toEqual({ ok: true, value: { name: 'a' } });
    expect(check.check({ name: 'a', count: 3 }, '')).toEqual({ ok: true, value: { name: 'a', count: 3 } });
  });

  it('reports a missing required member with its pointer and what was expected', () => {
    const check = v.object({ name: v.string() });
    expect(check.check({}, '')).toEqual({ ok: false, where: '/name', message: 'is required (a string)' });
  });

  it('refuses unknown members so that a misspelt option never passes silently', () => {
    const check = v.object({ limit: v.optional(v.number()) });
    expect(check.check({ limt: 3 }, '')).toEqual({ ok: false, where: '/limt', message: 'is not a known member' });
  });

  it('refuses a non-object where an object is expected, naming what it got', () => {
    expect(v.object({}).check([], '')).toEqual({ ok: false, where: '', message: 'must be an object, not an array' });
    expect(v.object({}).check(null, '/x')).toEqual({ ok: false, where: '/x', message: 'must be an object, not null' });
  });

  it('checks integers and their bounds', () => {
    const n = v.number({ integer: true, min: 1, max: 10 });
    expect(n.check(5, '')).toEqual({ ok: true, value: 5 });
    expect(n.check(1.5, '/n')).toEqual({ ok: false, where: '/n', message: 'must be an integer from 1 to 10, not 1.5' });
    expect(n.check(11, '/n')).toEqual({ ok: false, where: '/n', message: 'must be an integer from 1 to 10, not 11' });
    expect(n.check('5', '/n')).toEqual({ ok: false, where: '/n', message: 'must be an integer from 1 to 10, not a string' });
    expect(v.number().check(Number.NaN, '')).toEqual({ ok: false, where: '', message: 'must be a number, not NaN' });
  });

  it('checks string length and pattern, with the pattern described in words', () => {
    const name = v.string({ minLength: 1, maxLength: 3, pattern: /^[a-z]+$/, patternText: 'lower-case letters' });
    expect(name.check('', '')).toEqual({ ok: false, where: '', message: 'must not be empty' });
    expect(name.check('abcd', '')).toEqual({ ok: false, where: '', message: 'must be at most 3 characters long' });
    expect(name.check('AB', '')).toEqual({ ok: false, where: '', message: 'must be lower-case letters' });
  });

  it('accepts only the listed strings in oneOf', () => {
    const t = v.oneOf(['STANDARD', 'EXPRESS'] as const);
    expect(t.check('EXPRESS', '')).toEqual({ ok: true, value: 'EXPRESS' });
    expect(t.check('express', '/type')).toEqual({ ok: false, where: '/type', message: 'must be one of "STANDARD", "EXPRESS"' });
  });

  it('accepts any JSON value and points at the first non-JSON member', () => {
    expect(v.json().check({ a: [1, 'x', null, { b: true }] }, '')).toMatchObject({ ok: true });
    expect(v.json().check({ a: [1, undefined] }, '/input')).toEqual({ ok: false, where: '/input/a/1', message: 'must be a JSON value, not undefined' });
    expect(v.json().check({ 'a/b': Number.POSITIVE_INFINITY }, '')).toEqual({ ok: false, where: '/a~1b', message: 'must be a JSON value, not Infinity' });
  });

  it('refuses JSON nested deeper than 512 levels instead of overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 600; i++) deep = [deep];
    const r = v.json().check(deep, '');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe('is nested deeper than 512 levels');
  });

  it('checks every array item and points at the failing one', () => {
    expect(v.array(v.string()).check(['a', 2], '/list')).toEqual({ ok: false, where: '/list/1', message: 'must be a string, not a number' });
    expect(v.array(v.string(), { maxItems: 1 }).check(['a', 'b'], '')).toEqual({ ok: false, where: '', message: 'must have at most 1 items' });
  });

  it('maps a checked value (a string into a branded id)', () => {
    const id = v.map(v.string(), (s) => ({ id: s }));
    expect(id.check('x', '')).toEqual({ ok: true, value: { id: 'x' } });
    expect(v.boolean().check('true', '/b')).toEqual({ ok: false, where: '/b', message: 'must be true or false, not a string' });
  });
});
