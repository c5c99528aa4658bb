import { Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { validateDefinitionText } from '@common/asl/validate';
import { offsetOf, placeDiagnostics, tokenEnd } from '../../../../src-renderer/features/editor/diagnosticRanges';

const doc = (s: string) => Text.of(s.split('\n'));

describe('placing the validator’s line:column diagnostics in the editor', () => {
  it('maps a 1-based line and column to an offset, clamped into the document', () => {
    const d = doc('{\n  "a": 1\n}');
    expect(offsetOf(d, 1, 1)).toBe(0);
    expect(offsetOf(d, 2, 3)).toBe(4); // the quote of "a"
    expect(offsetOf(d, 2, 99)).toBe(10); // end of line 2
    expect(offsetOf(d, 9, 1)).toBe(11); // past the last line: the last line
    expect(offsetOf(d, 0, 0)).toBe(0);
  });

  it('counts the first line after a byte-order mark, as the validator does', () => {
    const d = doc('\ufeff{"a": 1}');
    expect(offsetOf(d, 1, 1)).toBe(1);
  });

  it('widens the position to the token that starts there: a string, a word, one character', () => {
    const d = doc('{"Next": "Nowhere", "n": 12, x}');
    expect(tokenEnd(d, 9)).toEqual({ from: 9, to: 18 }); // "Nowhere" with its quotes
    expect(tokenEnd(d, 25)).toEqual({ from: 25, to: 27 }); // 12
    expect(tokenEnd(d, 27)).toEqual({ from: 27, to: 28 }); // ,
    expect(tokenEnd(doc('ab\n'), 2)).toEqual({ from: 1, to: 2 }); // end of a line: its last character
    expect(tokenEnd(doc(''), 0)).toEqual({ from: 0, to: 0 });
  });

  it('places the diagnostics of the one validator on the value they name, in document order', () => {
    const text = ['{', '  "StartAt": "A",', '  "States": {', '    "A": { "Type": "Pass", "Next": "Nowhere" },', '    "B": { "Type": "Wait" }', '  }', '}'].join('\n');
    const { diagnostics } = validateDefinitionText(text);
    expect(diagnostics.length).toBeGreaterThan(0);
    const d = doc(text);
    const placed = placeDiagnostics(d, diagnostics);
    const missing = placed.find((p) => p.code === 'MISSING_TRANSITION_TARGET')!;
    expect(d.sliceString(missing.from, missing.to)).toBe('"Nowhere"');
    expect(d.lineAt(missing.from).number).toBe(4);
    expect(placed.map((p) => p.from)).toEqual([...placed.map((p) => p.from)].sort((a, b) => a - b));
    for (const p of placed) expect(p.to).toBeGreaterThan(p.from);
  });

  it('puts a diagnostic without a line where the definition starts', () => {
    const d = doc('\n  {}');
    const [p] = placeDiagnostics(d, [{ severity: 'error', code: 'X', message: 'whole', pointer: '' }]);
    expect(p.from).toBe(3);
  });
});
