import { describe, expect, it } from 'vitest';
import { parseDefinitionText } from '../../../src-main/common/asl/parseDefinition';

const json = `{
  "StartAt": "A",
  "States": {
    "A": { "Type": "Pass", "Next": "B/C" },
    "B/C": {
      "Type": "Choice",
      "Choices": [ { "Variable": "$.x", "IsNull": true, "Next": "A" } ]
    }
  }
}`;

/** 1-based line/column of the first occurrence of `needle`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

describe('parseDefinitionText: JSON', () => {
  it('parses JSON and locates values by JSON pointer', () => {
    const r = parseDefinitionText(json, 'machine.asl.json');
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.format).toBe('json');
    expect(r.value).toEqual(JSON.parse(json));
    expect(r.locate('')).toEqual({ line: 1, column: 1 });
    expect(r.locate('/StartAt')).toEqual({ line: 2, column: 14 });
    expect(r.locate('/States/A/Next')).toEqual(positionOf(json, '"B/C" }'));
    expect(r.locate('/States/B~1C/Choices/0/Next')).toEqual(positionOf(json, '"A" }'));
    expect(r.locate('/States/Nope')).toBeUndefined();
  });

  it('reports a syntax error with its line and column, and the file name', () => {
    const r = parseDefinitionText('{\n  "StartAt": "A",\n  "States": {,}\n}', 'bad.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({
      severity: 'error',
      code: 'INVALID_JSON_DESCRIPTION',
      pointer: '',
      line: 3,
      column: 14,
      file: 'bad.json',
    });
    expect(r.diagnostics[0].message).toMatch(/expected a double-quoted property name/);
  });

  it('reports an unterminated object at the end of the input', () => {
    const r = parseDefinitionText('{"StartAt": "A"');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]).toMatchObject({ line: 1, column: 16 });
  });

  it('words errors as Jackson in json mode (validation/..._NOT_A_DEF)', () => {
    const r = parseDefinitionText('not a definition', undefined, { format: 'json' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics[0].message).toBe(
      "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: (String)\"not a definition\"; line: 1, column: 4]",
    );
    expect(r.diagnostics[0].awsLocation).toBe('[Source: (String)"not a definition"; line: 1, column: 4]');
  });

  it('treats empty text as not a definition', () => {
    const r = parseDefinitionText('  \n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]).toMatchObject({ code: 'SCHEMA_VALIDATION_FAILED', message: 'Definition must be a valid JSON object' });
  });

  it('warns about duplicate keys and keeps the last value', () => {
    const r = parseDefinitionText('{"StartAt": "A", "StartAt": "B"}');
    if (!r.ok) throw new Error('expected ok');
    expect(r.value).toEqual({ StartAt: 'B' });
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'DUPLICATE_KEY', pointer: '/StartAt', line: 1, column: 18 })]);
  });

  it('decodes escapes and keeps __proto__ as a plain member', () => {
    const r = parseDefinitionText('{"a\\u0041\\n": "\\"x\\"", "__proto__": {"b": 1}}');
    if (!r.ok) throw new Error('expected ok');
    expect(Object.keys(r.value as object)).toEqual(['aA\n', '__proto__']);
    expect((r.value as Record<string, unknown>)['aA\n']).toBe('"x"');
    expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
  });

  it('skips a byte-order mark', () => {
    const r = parseDefinitionText('\uFEFF{"StartAt": "A"}');
    if (!r.ok) throw new Error('expected ok');
    expect(r.locate('/StartAt')).toEqual({ line: 1, column: 13 });
  });
});

describe('parseDefinitionText: YAML', () => {
  const yaml = ['Comment: demo', 'StartAt: A', 'States:', '  A:', '    Type: Pass', '    Result: [1, {k: v}]', '    End: true', ''].join('\n');

  it('parses YAML and locates values', () => {
    const r = parseDefinitionText(yaml, 'machine.asl.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.format).toBe('yaml');
    expect(r.value).toEqual({ Comment: 'demo', StartAt: 'A', States: { A: { Type: 'Pass', Result: [1, { k: 'v' }], End: true } } });
    expect(r.locate('/StartAt')).toEqual({ line: 2, column: 10 });
    expect(r.locate('/States/A')).toEqual({ line: 5, column: 5 });
    expect(r.locate('/States/A/Result/1/k')).toEqual({ line: 6, column: 21 });
  });

  it('reads YAML 1.2 scalars as JSON (yes stays a string)', () => {
    const r = parseDefinitionText('a: yes\nb: 010\nc: null\nd: 1.5e3\n');
    if (!r.ok) throw new Error('expected ok');
    expect(r.value).toEqual({ a: 'yes', b: 10, c: null, d: 1500 });
  });

  it('reports YAML syntax errors with a position', () => {
    const r = parseDefinitionText('StartAt: A\nStates: [1,\n', 'm.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics[0]).toMatchObject({ code: 'INVALID_YAML_DESCRIPTION', file: 'm.yaml' });
    expect(r.diagnostics[0].line).toBeGreaterThanOrEqual(2);
    expect(r.diagnostics[0].message).not.toMatch(/\n/);
  });

  it('accepts a YAML flow mapping that is not JSON', () => {
    const r = parseDefinitionText('{StartAt: A, States: {}}');
    if (!r.ok) throw new Error('expected ok');
    expect(r.format).toBe('yaml');
    expect(r.value).toEqual({ StartAt: 'A', States: {} });
  });

  it('does not fall back to YAML for a .json file', () => {
    expect(parseDefinitionText('{StartAt: A}', 'x.json').ok).toBe(false);
  });

  it('warns about duplicate keys', () => {
    const r = parseDefinitionText('a: 1\na: 2\n');
    if (!r.ok) throw new Error('expected ok');
    expect(r.value).toEqual({ a: 2 });
    expect(r.warnings[0]).toMatchObject({ code: 'DUPLICATE_KEY', pointer: '/a', line: 2 });
  });
});

describe('nesting depth', () => {
  it('reads a JSON document nested exactly 1000 levels deep', () => {
    const r = parseDefinitionText('['.repeat(1000) + ']'.repeat(1000));
    expect(r.ok).toBe(true);
  });

  it('reports a JSON document nested deeper than 1000 levels at the offending bracket, without overflowing', () => {
    const r = parseDefinitionText('['.repeat(100_000) + ']'.repeat(100_000), undefined, { format: 'json' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics[0].message).toMatch(/^Document nesting depth exceeds the maximum allowed \(1000\)/);
    expect(r.diagnostics[0]).toMatchObject({ code: 'INVALID_JSON_DESCRIPTION', line: 1, column: 1001 });
  });

  it('reports a deeply nested YAML document instead of overflowing', () => {
    const block = 'a:\n' + Array.from({ length: 3000 }, (_, i) => ' '.repeat(i + 1) + 'b:').join('\n');
    for (const text of [block, 'a: ' + '['.repeat(5000)]) {
      const r = parseDefinitionText(text);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.diagnostics[0].message).toBe('Document nesting depth exceeds the maximum allowed (1000)');
      expect(r.diagnostics[0].line).toBeGreaterThanOrEqual(1);
    }
  });
});
