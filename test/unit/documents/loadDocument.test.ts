import { describe, expect, it } from 'vitest';
import { documentFormat, readDocument, readImportDocument, sniffDocument } from '../../../src-main/common/documents/loadDocument';

const events = [
  { id: 1, previousEventId: 0, timestamp: 1700000000, type: 'ExecutionStarted', executionStartedEventDetails: { input: '{}', roleArn: 'arn:aws:iam::1:role/r' } },
  { id: 2, previousEventId: 1, timestamp: 1700000001, type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: '{}' } },
];

describe('the one file loader', () => {
  it('reads a file with a UTF-8 byte-order mark as the same value, and tells the same kind (issue #15)', () => {
    const text = JSON.stringify({ events });
    const plain = readDocument(text, 'h.json');
    const bom = readDocument(`\uFEFF${text}`, 'h.json');
    expect(bom).toMatchObject({ ok: true, format: 'json' });
    expect(bom.ok && plain.ok && bom.value).toEqual(plain.ok && plain.value);
    expect(sniffDocument('h.json', `\uFEFF${text}`)).toBe('history');
    expect(readImportDocument(`\uFEFF${text}`, 'h.json')).toMatchObject({ ok: true, value: { kind: 'historyPage' } });
  });

  it('reads .yaml/.yml as YAML and other names as JSON first, then YAML', () => {
    expect(readDocument('StartAt: A\nStates: {}\n', 'flow.yml')).toMatchObject({ ok: true, format: 'yaml', value: { StartAt: 'A', States: {} } });
    expect(readDocument('StartAt: A\n', 'flow.asl')).toMatchObject({ ok: true, format: 'yaml', value: { StartAt: 'A' } });
    expect(readDocument('{"StartAt": "A"}', 'flow.asl')).toMatchObject({ ok: true, format: 'json', value: { StartAt: 'A' } });
  });

  it('locates a pointer in a file read by the fast JSON path', () => {
    const read = readDocument('{\n  "a": {\n    "b": 1\n  }\n}', 'x.json');
    expect(read.ok && read.locate('/a/b')).toEqual({ line: 3, column: 10 });
  });

  it('reports a syntax error with its line and column', () => {
    const read = readDocument('{\n  "a": \n}', 'broken.json');
    expect(read.ok).toBe(false);
    expect(!read.ok && read.message).toMatch(/^is not valid JSON: .* \(line 3, column 1\)$/);
  });

  it('tells a definition\'s format from its name, else from its first character', () => {
    expect(documentFormat('{"StartAt": "A"}')).toBe('json');
    expect(documentFormat('\uFEFF  [1]')).toBe('json');
    expect(documentFormat('StartAt: A')).toBe('yaml');
    expect(documentFormat('{"StartAt": "A"}', 'flow.yaml')).toBe('yaml');
  });
});
