import type { Text } from '@codemirror/state';
import type { Diagnostic } from '@common/asl/parseDefinition';

/**
 * Where the validator's diagnostics sit in the editor's document. The validator (the one in
 * src-main/common/asl, via `definitions.validate`) reports a 1-based `line:column` for each problem
 * it can place; this maps that to a character range of the editor's text, wide enough to
 * underline: the string, key, number or word that starts there. Pure (a CodeMirror `Text`, no
 * DOM), so it is tested in Node.
 */

/** A diagnostic placed in the document: `from`/`to` are character offsets (`from < to` unless the document is empty). */
export interface PlacedDiagnostic {
  from: number;
  to: number;
  severity: 'error' | 'warning';
  message: string;
  /** The validator's code (`SCHEMA_VALIDATION_FAILED`, ...). */
  code: string;
  /** Index of the diagnostic in the list it came from. */
  index: number;
}

/**
 * The character offset of a 1-based line and column, clamped into the document (a line past the
 * end is the last line; a column past the end of its line is the line's end). A document that
 * starts with a byte-order mark is counted as the validator counts it, after the mark.
 */
export function offsetOf(doc: Text, line: number, column: number): number {
  const n = Math.min(Math.max(1, Math.floor(line)), doc.lines);
  const l = doc.line(n);
  const bom = n === 1 && doc.sliceString(0, 1) === '\ufeff' ? 1 : 0;
  return Math.min(l.from + bom + Math.max(0, Math.floor(column) - 1), l.to);
}

/**
 * The end of the token that starts at `from` on its line: a quoted string (to its closing quote),
 * or a run of word characters (numbers, `true`, YAML plain scalars), or at least one character.
 * An offset at the end of a line widens to the line's last character, so that something is
 * underlined.
 */
export function tokenEnd(doc: Text, from: number): { from: number; to: number } {
  if (doc.length === 0) return { from: 0, to: 0 };
  const line = doc.lineAt(from);
  const rest = doc.sliceString(from, line.to);
  if (rest.length === 0) {
    // Nothing to underline at the end of the line: take its last character (or the next one).
    return line.to > line.from ? { from: line.to - 1, to: line.to } : { from, to: Math.min(from + 1, doc.length) };
  }
  const quote = rest[0];
  if (quote === '"' || quote === "'") {
    for (let i = 1; i < rest.length; i++) {
      if (rest[i] === '\\') i++;
      else if (rest[i] === quote) return { from, to: from + i + 1 };
    }
    return { from, to: line.to };
  }
  const word = /^[\w.$-]+/.exec(rest);
  return { from, to: from + (word ? word[0].length : 1) };
}

/**
 * Places each diagnostic that has a line; one without (a problem of the whole definition) is put
 * on the first line, where the definition starts. Returns them in document order.
 */
export function placeDiagnostics(doc: Text, diagnostics: readonly Diagnostic[]): PlacedDiagnostic[] {
  const placed = diagnostics.map((d, index) => {
    const start = d.line === undefined ? firstNonSpace(doc) : offsetOf(doc, d.line, d.column ?? 1);
    const range = tokenEnd(doc, start);
    return { ...range, severity: d.severity, message: d.message, code: d.code, index };
  });
  return placed.sort((a, b) => a.from - b.from || a.index - b.index);
}

function firstNonSpace(doc: Text): number {
  const m = /\S/.exec(doc.sliceString(0, Math.min(doc.length, 10_000)));
  return m ? m.index : 0;
}
