import { describe, expect, it } from 'vitest';
import { isWholePlaceholder, matchesTemplate, matchValue, parseTemplate } from '../../../src-main/common/conformance/matchValue';

describe('placeholders', () => {
  it('splits an expected string into text and placeholders, nested ones included', () => {
    expect(parseTemplate('arn:<partition>:states:<region>:1:x')).toEqual([
      { kind: 'text', text: 'arn:' },
      { kind: 'placeholder', text: '<partition>' },
      { kind: 'text', text: ':states:' },
      { kind: 'placeholder', text: '<region>' },
      { kind: 'text', text: ':1:x' },
    ]);
    expect(parseTemplate('token <<task_token>:1> end')).toEqual([
      { kind: 'text', text: 'token ' },
      { kind: 'placeholder', text: '<<task_token>:1>' },
      { kind: 'text', text: ' end' },
    ]);
  });

  it('leaves comparison operators and empty brackets as literal text', () => {
    expect(parseTemplate('{% $a < 3 and $b > 2 %}')).toEqual([{ kind: 'text', text: '{% $a < 3 and $b > 2 %}' }]);
    expect(parseTemplate('<>')).toEqual([{ kind: 'text', text: '<>' }]);
    expect(matchesTemplate('$a < 3', '$a < 4')).toBe(false);
  });

  it('matches any substring for each placeholder, literal text exactly', () => {
    const expected = 'arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:TestStartTarget';
    expect(matchesTemplate(expected, 'arn:aws:states:us-east-1:111111111111:execution:sm:TestStartTarget')).toBe(true);
    expect(matchesTemplate(expected, 'arn:aws:states:us-east-1:222222222222:execution:sm:TestStartTarget')).toBe(false);
    expect(matchesTemplate('prefix.*<x>', 'prefix.*anything')).toBe(true);
    expect(matchesTemplate('prefix.*<x>', 'prefixX*anything')).toBe(false);
  });

  it('recognises a string that is one whole placeholder', () => {
    expect(isWholePlaceholder('<uuid:1>')).toBe(true);
    expect(isWholePlaceholder('<<task_token>:1>')).toBe(true);
    expect(isWholePlaceholder('id-<uuid:1>')).toBe(false);
  });
});

describe('matchValue', () => {
  it('lets a whole placeholder match any value, string or not', () => {
    expect(matchValue('<RandomNumberGenerated>', 42)).toBeUndefined();
    expect(matchValue({ a: '<json-input:1>' }, { a: { nested: [1] } })).toBeUndefined();
  });

  it('lets the strings "timestamp" and "datetime" match anything, and timestamp/datetime members too', () => {
    expect(matchValue({ TimestampValue: 'timestamp' }, { TimestampValue: '2016-12-05T25:29:29Z' })).toBeUndefined();
    expect(matchValue(['datetime'], [1700000000])).toBeUndefined();
    expect(matchValue({ timestamp: '2024-01-01' }, { timestamp: '2025-02-02' })).toBeUndefined();
    expect(matchValue({ when: '2024-01-01' }, { when: '2025-02-02' })?.path).toBe('.when');
  });

  it('ignores object key order and compares numbers by value', () => {
    expect(matchValue({ a: 1, b: [1.5, { c: null }] }, { b: [1.5, { c: null }], a: 1.0 })).toBeUndefined();
  });

  it('reports the path of the first difference', () => {
    expect(matchValue({ a: { b: [1, 2, 3] } }, { a: { b: [1, 5, 3] } })).toMatchObject({ path: '.a.b[1]', expected: 2, actual: 5 });
    expect(matchValue({ 'odd key': 1 }, { 'odd key': 2 })?.path).toBe('["odd key"]');
  });

  it('reports missing and unexpected members and array length differences', () => {
    expect(matchValue({ a: 1, b: 2 }, { a: 1 })).toMatchObject({ path: '.b', message: 'missing member "b" (expected 2)' });
    expect(matchValue({ a: 1 }, { a: 1, z: true })).toMatchObject({ path: '.z', message: 'unexpected member "z": true' });
    expect(matchValue([1, 2], [1, 2, 3])?.message).toMatch(/array has 3 items, expected 2/);
  });

  it('parses actual JSON text where the expected value is structured, at JSON-text positions only', () => {
    expect(matchValue({ a: 1 }, '{"a":1}', { jsonText: true })).toBeUndefined();
    expect(matchValue([1], '[1]', { jsonText: true })).toBeUndefined();
    expect(matchValue({ a: 1 }, '{"a":1}')?.message).toMatch(/expected an object, got a string/);
    expect(matchValue({ a: 1 }, 'not json', { jsonText: true })?.message).toMatch(/not JSON text/);
  });

  it('compares two JSON texts parsed when their text differs', () => {
    expect(matchValue('[1, 2, "x"]', '[1,2,"x"]', { jsonText: true })).toBeUndefined();
    expect(matchValue('[1, 2]', '[1,3]', { jsonText: true })).toMatchObject({ path: '[1]', expected: 2, actual: 3 });
  });

  it('compares a JSON text nested inside a value as a string', () => {
    const expected = { Error: 'E', Cause: '{"a": 1}' };
    expect(matchValue(expected, { Error: 'E', Cause: '{"a":1}' }, { jsonText: true })).toMatchObject({ path: '.Cause' });
    expect(matchValue(expected, '{"Error":"E","Cause":"{\\"a\\": 1}"}', { jsonText: true })).toBeUndefined();
  });
});
