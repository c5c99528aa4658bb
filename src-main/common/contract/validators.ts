import type { Json } from '../json';

/**
 * A small, dependency-free way to check values that cross the IPC boundary. A validator checks
 * an `unknown` value and returns either the typed value or the first problem found, with a JSON
 * pointer (`where`) to the offending member. The contract (api.ts) builds every method's input
 * checker from these.
 */

/** The outcome of a check: the value, typed, or the first problem with where it is. */
export type Checked<T> = { ok: true; value: T } | { ok: false; where: string; message: string };

/** Checks an unknown value against a type `T`. */
export interface Validator<T> {
  /** What the validator accepts, for messages ("a string", "an integer from 1 to 1000"). */
  readonly expected: string;
  /** Checks `value`, found at JSON pointer `where`. Never throws. */
  check(value: unknown, where: string): Checked<T>;
  /** When true, an object member may be absent (see `v.optional`). */
  readonly optional?: boolean;
}

/** The type a validator accepts. */
export type Infer<V> = V extends Validator<infer T> ? T : never;

type Shape = Record<string, Validator<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
/** The object type an object shape describes; optional members may be absent. */
export type InferShape<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> };

function fail<T>(where: string, message: string): Checked<T> {
  return { ok: false, where, message };
}

function pointerChild(where: string, key: string | number): string {
  return `${where}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Options of `v.string`. */
export interface StringOptions {
  /** Minimum length in UTF-16 code units. */
  minLength?: number;
  /** Maximum length in UTF-16 code units. */
  maxLength?: number;
  /** A pattern the whole string must match; `patternText` describes it in messages. */
  pattern?: RegExp;
  patternText?: string;
}

/** Options of `v.number`. */
export interface NumberOptions {
  integer?: boolean;
  min?: number;
  max?: number;
}

/** Deepest nesting `v.json` accepts: deeper values are refused rather than risk the stack. */
const MAX_JSON_DEPTH = 512;

function checkJson(value: unknown, where: string, depth: number): Checked<Json> {
  if (depth > MAX_JSON_DEPTH) return fail(where, `is nested deeper than ${MAX_JSON_DEPTH} levels`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return { ok: true, value };
  if (typeof value === 'number') return Number.isFinite(value) ? { ok: true, value } : fail(where, `must be a JSON value, not ${value}`);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const r = checkJson(value[i], pointerChild(where, i), depth + 1);
      if (!r.ok) return r;
    }
    return { ok: true, value: value as Json };
  }
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      const r = checkJson(value[key], pointerChild(where, key), depth + 1);
      if (!r.ok) return r;
    }
    return { ok: true, value: value as Json };
  }
  return fail(where, `must be a JSON value, not ${describeValue(value)}`);
}

/** The validator builders. */
export const v = {
  /** A string, optionally bounded in length or matching a pattern. */
  string(options: StringOptions = {}): Validator<string> {
    const { minLength, maxLength, pattern, patternText } = options;
    return {
      expected: 'a string',
      check(value, where) {
        if (typeof value !== 'string') return fail(where, `must be a string, not ${describeValue(value)}`);
        if (minLength !== undefined && value.length < minLength) {
          return fail(where, minLength === 1 ? 'must not be empty' : `must be at least ${minLength} characters long`);
        }
        if (maxLength !== undefined && value.length > maxLength) return fail(where, `must be at most ${maxLength} characters long`);
        if (pattern !== undefined && !pattern.test(value)) return fail(where, `must be ${patternText ?? `a string matching ${pattern.source}`}`);
        return { ok: true, value };
      },
    };
  },

  /** A finite number, optionally an integer within bounds. */
  number(options: NumberOptions = {}): Validator<number> {
    const { integer, min, max } = options;
    const kind = integer ? 'an integer' : 'a number';
    const range = min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` of at least ${min}` : max !== undefined ? ` of at most ${max}` : '';
    const expected = `${kind}${range}`;
    return {
      expected,
      check(value, where) {
        if (typeof value !== 'number' || !Number.isFinite(value)) return fail(where, `must be ${expected}, not ${describeValue(value)}`);
        if (integer && !Number.isSafeInteger(value)) return fail(where, `must be ${expected}, not ${value}`);
        if ((min !== undefined && value < min) || (max !== undefined && value > max)) return fail(where, `must be ${expected}, not ${value}`);
        return { ok: true, value };
      },
    };
  },

  /** true or false. */
  boolean(): Validator<boolean> {
    return {
      expected: 'a boolean',
      check: (value, where) => (typeof value === 'boolean' ? { ok: true, value } : fail(where, `must be true or false, not ${describeValue(value)}`)),
    };
  },

  /** One of a fixed list of strings. */
  oneOf<const T extends readonly string[]>(values: T): Validator<T[number]> {
    const list = values.map((x) => `"${x}"`).join(', ');
    return {
      expected: `one of ${list}`,
      check: (value, where) =>
        typeof value === 'string' && values.includes(value) ? { ok: true, value: value as T[number] } : fail(where, `must be one of ${list}`),
    };
  },

  /** Any JSON value (finite numbers, plain objects and arrays, at most 512 levels deep). */
  json(): Validator<Json> {
    return { expected: 'a JSON value', check: (value, where) => checkJson(value, where, 0) };
  },

  /** An array whose every item passes `item`, optionally bounded in length. */
  array<T>(item: Validator<T>, options: { maxItems?: number } = {}): Validator<T[]> {
    return {
      expected: `an array of ${item.expected}`,
      check(value, where) {
        if (!Array.isArray(value)) return fail(where, `must be an array, not ${describeValue(value)}`);
        if (options.maxItems !== undefined && value.length > options.maxItems) return fail(where, `must have at most ${options.maxItems} items`);
        const out: T[] = [];
        for (let i = 0; i < value.length; i++) {
          const r = item.check(value[i], pointerChild(where, i));
          if (!r.ok) return r;
          out.push(r.value);
        }
        return { ok: true, value: out };
      },
    };
  },

  /**
   * An object with exactly these members: a missing required member or an unknown member is a
   * problem (unknown members are refused so that a typo never passes silently).
   */
  object<S extends Shape>(shape: S): Validator<InferShape<S>> {
    return {
      expected: 'an object',
      check(value, where) {
        if (!isPlainObject(value)) return fail(where, `must be an object, not ${describeValue(value)}`);
        for (const key of Object.keys(value)) {
          if (!Object.prototype.hasOwnProperty.call(shape, key)) return fail(pointerChild(where, key), 'is not a known member');
        }
        const out: Record<string, unknown> = {};
        for (const [key, member] of Object.entries(shape)) {
          const present = Object.prototype.hasOwnProperty.call(value, key) && value[key] !== undefined;
          if (!present) {
            if (member.optional) continue;
            return fail(pointerChild(where, key), `is required (${member.expected})`);
          }
          const r = member.check(value[key], pointerChild(where, key));
          if (!r.ok) return r;
          out[key] = r.value;
        }
        return { ok: true, value: out as InferShape<S> };
      },
    };
  },

  /** Marks an object member as optional: it may be absent (or undefined). */
  optional<T>(inner: Validator<T>): Validator<T> & { optional: true } {
    return { expected: inner.expected, check: (value, where) => inner.check(value, where), optional: true };
  },

  /** A validated value turned into another type (e.g. a string into a branded id). */
  map<T, U>(inner: Validator<T>, to: (value: T) => U): Validator<U> {
    return {
      expected: inner.expected,
      check(value, where) {
        const r = inner.check(value, where);
        return r.ok ? { ok: true, value: to(r.value) } : r;
      },
    };
  },
};
