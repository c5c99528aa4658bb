/** Text rendering helpers of the CLI: JSON previews for diffs and aligned tables. */

/** Pretty JSON of a value, cut to `maxLines` lines (with a note of how many were left out). */
export function jsonBlock(value: unknown, maxLines = 20): string {
  let text: string;
  if (value === undefined) text = '(nothing)';
  else {
    try {
      text = JSON.stringify(value, null, 2) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  const lines = text.split('\n');
  if (lines.length <= maxLines) return text;
  return [...lines.slice(0, maxLines), `… (${lines.length - maxLines} more lines)`].join('\n');
}

/** Indents every line of a block. */
export function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

/** Renders rows as columns: the first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const render = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [render(header), rule, ...rows.slice(0, -1).map(render), ...(rows.length > 0 ? [rule, render(rows[rows.length - 1])] : [])].join('\n');
}
