import type { Json } from './json';

/**
 * Nesting limits for JSON values, measured without recursion: a value nested tens of thousands of
 * levels deep (which `JSON.parse`, a JSONata `$reduce` or `States.StringToJson` can build without
 * trouble) must not overflow the JavaScript stack of whatever measures or serialises it.
 *
 * Why 1,000 levels: AWS documents no nesting limit for Step Functions payloads (the quotas and the
 * API reference give only sizes: 262,144 UTF-8 bytes for an input or output, "Quotas" and
 * StartExecution `input`). Step Functions runs on the JVM, where Jackson's `StreamReadConstraints`
 * refuse documents nested deeper than 1,000 levels by default (jackson-core since 2.15, wiki page
 * "StreamReadConstraints": maximum nesting depth, default 1000; StreamWriteConstraints, since 2.16,
 * the same for output); Stepscope applies the same bound, so
 * a deeper value fails deterministically (not at whatever depth the host's stack happens to end)
 * and every recursive walker after a checked boundary is safe. The figure is Stepscope's choice,
 * unconfirmed by an AWS recording.
 */

/** Deepest nesting of arrays and objects a payload or a variable may have (a scalar is 0, `[]` is 1). */
export const MAX_JSON_DEPTH = 1000;

/**
 * Nesting depth of a JSON value (0 for a scalar, 1 for `{}` or `[1]`, 2 for `{"a":[]}`), walked
 * with an explicit stack. Stops early and returns `limit + 1` once the depth is over `limit`.
 */
export function jsonDepth(value: unknown, limit: number = Number.POSITIVE_INFINITY): number {
  if (value === null || typeof value !== 'object') return 0;
  const values: unknown[] = [value];
  const depths: number[] = [1];
  let max = 0;
  while (values.length > 0) {
    const v = values.pop();
    const d = depths.pop() as number;
    if (d > max) {
      max = d;
      if (max > limit) return limit + 1;
    }
    if (Array.isArray(v)) {
      for (const item of v) {
        if (item !== null && typeof item === 'object') {
          values.push(item);
          depths.push(d + 1);
        }
      }
    } else {
      const o = v as Record<string, unknown>;
      // for-in over a plain JSON object (own keys only: JSON values have no enumerable inherited
      // keys) allocates no key array, unlike Object.keys.
      for (const key in o) {
        const item = o[key];
        if (item !== null && typeof item === 'object') {
          values.push(item);
          depths.push(d + 1);
        }
      }
    }
  }
  return max;
}

/**
 * Nesting depth of compact or pretty JSON text (brackets counted outside string literals), in
 * one pass over its characters. The text is assumed to be valid JSON.
 */
export function jsonTextDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) max = depth;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return max;
}

/** The outcome of toCheckedJsonText: the text, or why the value has none. */
export type CheckedJsonText =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: 'depth' | 'length' };

/**
 * Compact JSON text of `value` (as `JSON.stringify`), refusing a value nested deeper than
 * `maxDepth` (`reason: 'depth'`) or whose text JavaScript cannot hold (`reason: 'length'`, a
 * string over the engine's maximum length). Never throws for a Json value.
 *
 * The depth is checked without recursion: a value too deep for `JSON.stringify` is caught by its
 * RangeError; otherwise, when the text is longer than `2 * maxDepth + 1` characters (the shortest
 * text that can nest deeper), the value's objects and arrays are walked once ({@link jsonDepth}).
 * Walking the value rather than scanning its text costs per object, not per character: on the
 * bench's 0.5 MB payloads (10,000 small objects) about a quarter of a text scan. Short payloads,
 * the common case, pay nothing extra.
 */
export function toCheckedJsonText(value: Json, maxDepth: number = MAX_JSON_DEPTH): CheckedJsonText {
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    if (err instanceof RangeError) {
      // Either the stack (a value nested thousands of levels deep) or the string length ran out.
      return { ok: false, reason: jsonDepth(value, maxDepth) > maxDepth ? 'depth' : 'length' };
    }
    throw err;
  }
  if (text.length > 2 * maxDepth + 1 && jsonDepth(value, maxDepth) > maxDepth) return { ok: false, reason: 'depth' };
  return { ok: true, text };
}

/** A sentence saying why a value has no JSON text (for a failure's cause). */
export function jsonTextProblem(reason: 'depth' | 'length', maxDepth: number = MAX_JSON_DEPTH): string {
  return reason === 'depth'
    ? `is nested more than ${maxDepth} levels deep`
    : 'is too large to be serialised as JSON';
}

/**
 * Whether JSON text may hold a number too large for a double (`1e999`, or 309+ digits), which
 * `JSON.parse` turns into Infinity: a cheap test on the text, so only such texts need
 * {@link hasNonFiniteNumber}'s walk.
 */
export function mayOverflowNumbers(text: string): boolean {
  return /[eE][+]?\d{3}|\d{309}/.test(text);
}

/** Whether a parsed value holds a number that is not finite (NaN, ±Infinity), walked without recursion. */
export function hasNonFiniteNumber(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return true;
    } else if (Array.isArray(v)) stack.push(...v);
    else if (v !== null && typeof v === 'object') stack.push(...Object.values(v));
  }
  return false;
}
