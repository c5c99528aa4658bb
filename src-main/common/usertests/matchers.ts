import { isJsonObject, type Json } from '../json';
import { readPath } from '../engine/dataflow/jsonPath';
import { matcherForm, type Matcher } from './testFile';

/**
 * Matching an actual value against a test file's expected value (testFile.ts, `Matcher`): exact
 * by default (object member order ignored), partial under `$partial`, by JSONPath under `$paths`,
 * and the `$contains` / `$any` / `$exact` forms. Returns the first difference, depth first.
 */

/** Where and how an actual value differs from the expected one. */
export interface MatchFailure {
  /** Below the compared value: `.items[2].id`, `$paths["$.a"]`; "" for the value itself. */
  path: string;
  expected: Json | undefined;
  actual: Json | undefined;
  message: string;
}

function member(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function kind(value: Json | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A short JSON preview for messages. */
export function preview(value: Json | undefined, max = 120): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function fail(expected: Json | undefined, actual: Json | undefined, message?: string): MatchFailure {
  return { path: '', expected, actual, message: message ?? `expected ${preview(expected)}, got ${preview(actual)}` };
}

function under(prefix: string, f: MatchFailure | undefined): MatchFailure | undefined {
  return f ? { ...f, path: `${prefix}${f.path}` } : undefined;
}

/** Compares `actual` with `expected` (a Matcher); `partial` matches objects by the members listed. */
export function matchExpected(expected: Matcher, actual: Json | undefined, partial = false, depth = 0): MatchFailure | undefined {
  if (depth > 200) return fail(expected, actual, 'the expected value is nested too deeply');
  const form = matcherForm(expected);
  if (form) {
    switch (form.form) {
      case '$exact':
        return exactly(form.arg, actual);
      case '$any':
        return actual === undefined ? fail(undefined, actual, 'expected a value, got nothing') : undefined;
      case '$partial':
        return matchExpected(form.arg, actual, true, depth + 1);
      case '$contains': {
        if (typeof form.arg === 'string' && typeof actual === 'string') {
          return actual.includes(form.arg) ? undefined : fail(expected, actual, `expected a string containing ${preview(form.arg)}, got ${preview(actual)}`);
        }
        if (Array.isArray(actual)) {
          return actual.some((item) => matchExpected(form.arg, item, partial, depth + 1) === undefined)
            ? undefined
            : fail(expected, actual, `expected an array with an item matching ${preview(form.arg)}, got ${preview(actual)}`);
        }
        return fail(expected, actual, `expected ${typeof form.arg === 'string' ? 'a string or an array' : 'an array'} containing ${preview(form.arg)}, got ${kind(actual)} ${preview(actual)}`);
      }
      case '$paths': {
        if (actual === undefined) return fail(expected, actual, 'expected a value to select paths from, got nothing');
        for (const [path, inner] of Object.entries(form.arg as Record<string, Json>)) {
          const read = readPath(actual, path);
          const value = read.found ? read.value : undefined;
          if (!read.found && matcherForm(inner)?.form !== '$any') {
            return { path: `$paths[${JSON.stringify(path)}]`, expected: inner, actual: undefined, message: `${path} selects nothing (${read.message})` };
          }
          const f = under(`$paths[${JSON.stringify(path)}]`, matchExpected(inner, value, partial, depth + 1));
          if (f) return f;
        }
        return undefined;
      }
    }
  }
  if (expected === null || typeof expected !== 'object') {
    return expected === actual ? undefined : fail(expected, actual, typeof expected !== typeof actual || actual === null || expected === null
      ? `expected ${preview(expected)}, got ${kind(actual)} ${preview(actual)}`
      : undefined);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return fail(expected, actual, `expected an array, got ${kind(actual)} ${preview(actual)}`);
    const n = Math.min(expected.length, actual.length);
    for (let i = 0; i < n; i++) {
      const f = under(`[${i}]`, matchExpected(expected[i], actual[i], partial, depth + 1));
      if (f) return f;
    }
    if (expected.length !== actual.length) {
      return fail(expected, actual, actual.length > expected.length
        ? `array has ${actual.length} items, expected ${expected.length}; unexpected item [${n}]: ${preview(actual[n])}`
        : `array has ${actual.length} items, expected ${expected.length}; missing item [${n}]: ${preview(expected[n])}`);
    }
    return undefined;
  }
  if (!isJsonObject(actual)) return fail(expected, actual, `expected an object, got ${kind(actual)} ${preview(actual)}`);
  for (const key of Object.keys(expected)) {
    const has = Object.prototype.hasOwnProperty.call(actual, key);
    if (!has && matcherForm(expected[key])?.form !== '$any') {
      return { path: member(key), expected: expected[key], actual: undefined, message: `missing member "${key}" (expected ${preview(expected[key])})` };
    }
    const f = under(member(key), matchExpected(expected[key], has ? actual[key] : undefined, partial, depth + 1));
    if (f) return f;
  }
  if (!partial) {
    for (const key of Object.keys(actual)) {
      if (!Object.prototype.hasOwnProperty.call(expected, key)) {
        return { path: member(key), expected: undefined, actual: actual[key], message: `unexpected member "${key}": ${preview(actual[key])} (use {"$partial": ...} to check only some members)` };
      }
    }
  }
  return undefined;
}

/** Exact comparison, no matcher forms. */
function exactly(expected: Json, actual: Json | undefined): MatchFailure | undefined {
  if (expected === null || typeof expected !== 'object') return expected === actual ? undefined : fail(expected, actual);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return fail(expected, actual);
    for (let i = 0; i < expected.length; i++) {
      const f = under(`[${i}]`, exactly(expected[i], actual[i]));
      if (f) return f;
    }
    return undefined;
  }
  if (!isJsonObject(actual)) return fail(expected, actual);
  const keys = Object.keys(expected);
  if (keys.length !== Object.keys(actual).length) return fail(expected, actual);
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(actual, key)) return fail(expected, actual, `missing member "${key}"`);
    const f = under(member(key), exactly(expected[key], actual[key]));
    if (f) return f;
  }
  return undefined;
}
