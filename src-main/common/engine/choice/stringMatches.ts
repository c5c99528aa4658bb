/**
 * The `StringMatches` operator (Developer Guide, "Choice Rules"): the pattern's only wildcard is
 * `*`, matching zero or more characters. `\*` stands for a literal asterisk and `\\` for a literal
 * backslash (written `"\\*"` and `"\\\\"` in JSON). A backslash before any other character is kept
 * as a literal backslash.
 */

/** A pattern split at its wildcards: `parts.length - 1` stars separate the literal parts. */
export interface CompiledStringPattern {
  parts: string[];
}

/** Splits a StringMatches pattern into the literal texts between its unescaped `*` wildcards. */
export function compileStringPattern(pattern: string): CompiledStringPattern {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) {
      current += pattern[i + 1];
      i++;
    } else if (c === '*') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return { parts };
}

/** True when the whole of `value` matches the StringMatches `pattern`. */
export function matchesStringPattern(value: string, pattern: string): boolean {
  const { parts } = compileStringPattern(pattern);
  if (parts.length === 1) return value === parts[0];
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  // Greedy left-most placement of the middle parts is optimal for `*`-only patterns.
  let pos = first.length;
  const end = value.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const found = value.indexOf(parts[i], pos);
    if (found < 0 || found + parts[i].length > end) return false;
    pos = found + parts[i].length;
  }
  return true;
}
