import { isJsonObject, type Json } from '../json';

/**
 * Value matching for conformance cases (test/fixtures/conformance/README.md, "Comparing a run with a
 * case", rule 3): placeholders, the `timestamp`/`datetime` wildcards, JSON text, and structural
 * comparison with object key order ignored.
 */

/** The first place where an actual value differs from the expected one. */
export interface ValueMismatch {
  /** Path below the compared value, e.g. `.input.items[2]` ("" for the value itself). */
  path: string;
  expected: unknown;
  actual: unknown;
  message: string;
}

/** A piece of an expected string: literal text, or a `<...>` placeholder standing for any substring. */
export type TemplatePart = { kind: 'text'; text: string } | { kind: 'placeholder'; text: string };

/** Characters a placeholder name may hold (besides nested placeholders): `<uuid:1>`, `<headers-X-Amz-Cf-Id>`. */
const PLACEHOLDER_CHAR = /[A-Za-z0-9_:.\-]/;

/**
 * Finds the `>` closing the placeholder that opens at `start`, allowing nesting
 * (`<<task_token>:1>`). Returns -1 when the `<` does not open a placeholder (an operator in an
 * expression, stray text), which then counts as a literal character.
 */
function placeholderEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '<') depth++;
    else if (c === '>') {
      if (text[i - 1] === '<') return -1; // "<>" is not a placeholder
      depth--;
      if (depth === 0) return i;
    } else if (!PLACEHOLDER_CHAR.test(c)) return -1;
  }
  return -1;
}

/** Splits an expected string into literal text and placeholders. */
export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '<') {
      const end = placeholderEnd(text, i);
      if (end > i) {
        if (literal) parts.push({ kind: 'text', text: literal });
        literal = '';
        parts.push({ kind: 'placeholder', text: text.slice(i, end + 1) });
        i = end + 1;
        continue;
      }
    }
    literal += text[i];
    i++;
  }
  if (literal) parts.push({ kind: 'text', text: literal });
  return parts;
}

/** True when the whole expected string is one placeholder: it then matches any value, string or not. */
export function isWholePlaceholder(text: string): boolean {
  const parts = parseTemplate(text);
  return parts.length === 1 && parts[0].kind === 'placeholder';
}

const templateCache = new Map<string, RegExp | null>();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\\/-]/g, '\\$&');
}

/** A regular expression for an expected string with placeholders, or null when it has none. */
function templatePattern(text: string): RegExp | null {
  const cached = templateCache.get(text);
  if (cached !== undefined) return cached;
  const parts = parseTemplate(text);
  let pattern: RegExp | null = null;
  if (parts.some((p) => p.kind === 'placeholder')) {
    const source = parts.map((p) => (p.kind === 'text' ? escapeRegExp(p.text) : '[\\s\\S]*?')).join('');
    pattern = new RegExp(`^${source}$`);
  }
  if (templateCache.size > 10_000) templateCache.clear();
  templateCache.set(text, pattern);
  return pattern;
}

/** True when an actual string matches an expected string whose `<...>` segments match any substring. */
export function matchesTemplate(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  const pattern = templatePattern(expected);
  return pattern !== null && pattern.test(actual);
}

/** Wildcard strings: the recording wrote these words where a run-time timestamp was. */
const WILDCARD_STRINGS = new Set(['timestamp', 'datetime']);

/** How a value is compared. */
export interface MatchOptions {
  /**
   * The value sits where the API has JSON text (an input, output, parameters, cause): an actual
   * string is parsed when the expected value is not a string, and two strings are compared parsed
   * when they do not match as text. Nested values are never JSON text.
   */
  jsonText?: boolean;
  /** Member name the value sits under; `timestamp`/`datetime` members with a string expected value match anything. */
  key?: string;
}

function parseJsonText(text: string): { ok: true; value: Json } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch {
    return { ok: false };
  }
}

/** Formats a member access for a readable path: `.name` for identifiers, `["odd key"]` otherwise. */
export function memberPath(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Shortens a value for a message. */
export function preview(value: unknown, max = 80): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Compares an actual value with an expected one by the corpus rules, and returns the first
 * difference (depth first, object members in the expected order, then unexpected members), or
 * undefined when they match.
 */
export function matchValue(expected: Json, actual: unknown, options: MatchOptions = {}): ValueMismatch | undefined {
  if (typeof expected === 'string') {
    if (WILDCARD_STRINGS.has(expected)) return undefined;
    if (options.key !== undefined && WILDCARD_STRINGS.has(options.key)) return undefined;
    if (isWholePlaceholder(expected)) return undefined;
    if (typeof actual === 'string') {
      if (matchesTemplate(expected, actual)) return undefined;
      if (options.jsonText) {
        const e = parseJsonText(expected);
        const a = parseJsonText(actual);
        if (e.ok && a.ok) return matchValue(e.value, a.value);
      }
      return { path: '', expected, actual, message: `expected ${preview(expected)}, got ${preview(actual)}` };
    }
    return { path: '', expected, actual, message: `expected the string ${preview(expected)}, got ${describeKind(actual)} ${preview(actual)}` };
  }

  if (typeof actual === 'string' && options.jsonText) {
    // The recording parsed JSON text that was an object; ours is still text: parse it.
    const parsed = parseJsonText(actual);
    if (!parsed.ok) {
      return { path: '', expected, actual, message: `expected ${describeKind(expected)}, got a string that is not JSON text: ${preview(actual)}` };
    }
    return matchValue(expected, parsed.value);
  }

  if (expected === null || typeof expected !== 'object') {
    if (expected === actual) return undefined;
    return { path: '', expected, actual, message: `expected ${preview(expected)}, got ${preview(actual)}` };
  }

  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      return { path: '', expected, actual, message: `expected an array, got ${describeKind(actual)} ${preview(actual)}` };
    }
    const shared = Math.min(expected.length, actual.length);
    for (let i = 0; i < shared; i++) {
      const inner = matchValue(expected[i], actual[i]);
      if (inner) return { ...inner, path: `[${i}]${inner.path}` };
    }
    if (expected.length !== actual.length) {
      const extra = actual.length > expected.length;
      return {
        path: '',
        expected,
        actual,
        message: extra
          ? `array has ${actual.length} items, expected ${expected.length}; unexpected item [${shared}]: ${preview(actual[shared])}`
          : `array has ${actual.length} items, expected ${expected.length}; missing item [${shared}]: ${preview(expected[shared])}`,
      };
    }
    return undefined;
  }

  if (!isJsonObject(actual)) {
    return { path: '', expected, actual, message: `expected an object, got ${describeKind(actual)} ${preview(actual)}` };
  }
  for (const key of Object.keys(expected)) {
    if (!Object.prototype.hasOwnProperty.call(actual, key)) {
      return { path: memberPath(key), expected: expected[key], actual: undefined, message: `missing member "${key}" (expected ${preview(expected[key])})` };
    }
    const inner = matchValue(expected[key], actual[key], { key });
    if (inner) return { ...inner, path: `${memberPath(key)}${inner.path}` };
  }
  for (const key of Object.keys(actual)) {
    if (!Object.prototype.hasOwnProperty.call(expected, key)) {
      return { path: memberPath(key), expected: undefined, actual: actual[key], message: `unexpected member "${key}": ${preview(actual[key])}` };
    }
  }
  return undefined;
}
