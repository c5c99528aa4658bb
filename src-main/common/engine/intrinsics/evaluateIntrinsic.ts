import { isJsonObject, jsonEquals, type Json, type JsonObject } from '../../json';
import { jsonDepth, jsonTextDepth, MAX_JSON_DEPTH, hasNonFiniteNumber, mayOverflowNumbers } from '../../jsonLimits';
import { StatesError, StatesErrors } from '../errors';
import type { Random } from '../ports';
import { readPathInEnv } from '../dataflow/jsonPath';
import { base64Decode, base64Encode, toHex, utf8Decode, utf8Encode } from './bytes';
import { digest, HASH_ALGORITHMS, type HashAlgorithm } from './hash';
import { toJavaString, toJsonTextJava } from './javaText';
import { IntrinsicSyntaxError, isIntrinsicCall, parseIntrinsic, type IntrinsicArg, type IntrinsicCall } from './parseIntrinsic';

export { isIntrinsicCall } from './parseIntrinsic';

/**
 * Evaluation of intrinsic functions (Developer Guide, "Intrinsic functions for JSONPath states").
 * Every supported function is listed in INTRINSICS below. Failures are StatesError with
 * INTRINSIC_ERROR: AWS reports data-flow failures in practice as States.Runtime (the conformance
 * corpus has no failing intrinsic, so the cause texts here are Stepscope's own wording).
 */

/** What intrinsic evaluation needs besides the input (structurally the data-flow environment). */
export interface IntrinsicEnv {
  /** The Context object, for `$$` path arguments. */
  context: Json;
  /** Randomness for unseeded States.MathRandom and States.UUID. */
  random: Random;
}

/** The error name intrinsic failures carry. */
export const INTRINSIC_ERROR = StatesErrors.Runtime;

/** Limits from the Developer Guide's intrinsic descriptions. */
const MAX_ENCODE_CHARS = 10_000;
const MAX_RANGE_ITEMS = 1_000;
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

const parseCache = new Map<string, IntrinsicCall | IntrinsicSyntaxError>();

/** Parses (once, cached) an intrinsic call; throws StatesError when it is malformed. */
function parseCached(expression: string): IntrinsicCall {
  let entry = parseCache.get(expression);
  if (entry === undefined) {
    try {
      entry = parseIntrinsic(expression);
    } catch (e) {
      if (!(e instanceof IntrinsicSyntaxError)) throw e;
      entry = e;
    }
    if (parseCache.size >= 10_000) parseCache.clear();
    parseCache.set(expression, entry);
  }
  if (entry instanceof IntrinsicSyntaxError) throw new StatesError(INTRINSIC_ERROR, entry.message, true);
  return entry;
}

/**
 * Evaluates an intrinsic call such as `States.Format('Hi {}', $.name)` against the state input
 * (`$` paths) and `env.context` (`$$` paths). Throws StatesError (state-scoped) when the call is
 * malformed, a path argument finds nothing, or an argument is invalid for the function.
 */
export function evaluateIntrinsic(expression: string, input: Json, env: IntrinsicEnv): Json {
  if (!isIntrinsicCall(expression)) {
    throw new StatesError(INTRINSIC_ERROR, `The value '${expression}' is neither a JSONPath nor an intrinsic function call`, true);
  }
  return evaluateCall(parseCached(expression), input, env);
}

/**
 * Parses `expression` ahead of evaluation, for a template applied many times: the call, or
 * undefined when `expression` is not a well-formed call (evaluateIntrinsic then reports why).
 */
export function prepareIntrinsic(expression: string): IntrinsicCall | undefined {
  if (!isIntrinsicCall(expression)) return undefined;
  try {
    return parseCached(expression);
  } catch {
    return undefined;
  }
}

/** Evaluates a call from prepareIntrinsic; same results and failures as evaluateIntrinsic. */
export function evaluatePreparedIntrinsic(call: IntrinsicCall, input: Json, env: IntrinsicEnv): Json {
  return evaluateCall(call, input, env);
}

/** An evaluated argument: its value, plus the `{}` split of a string literal (for Format). */
interface ArgValue {
  value: Json;
  formatParts?: readonly string[];
}

function evaluateArg(arg: IntrinsicArg, input: Json, env: IntrinsicEnv): ArgValue {
  switch (arg.kind) {
    case 'string':
      return { value: arg.value, formatParts: arg.formatParts };
    case 'number':
    case 'boolean':
      return { value: arg.value };
    case 'null':
      return { value: null };
    case 'call':
      return { value: evaluateCall(arg.call, input, env) };
    case 'path': {
      // `env.context` may be built lazily: only a `$$` path reads it.
      const r = readPathInEnv(input, env, arg.path);
      if (r.found) return { value: r.value };
      throw new StatesError(
        INTRINSIC_ERROR,
        `The JsonPath argument for the field '${arg.path}' could not be found in the input '${JSON.stringify(input)}'`,
        true,
      );
    }
  }
}

type Impl = (args: ArgValue[], call: IntrinsicCall, env: IntrinsicEnv) => Json;

function evaluateCall(call: IntrinsicCall, input: Json, env: IntrinsicEnv): Json {
  const impl = INTRINSICS[call.name];
  if (impl === undefined) fail(call, `the function ${call.name} is not supported`);
  const args = call.args.map((a) => evaluateArg(a, input, env));
  return impl(args, call, env);
}

function fail(call: IntrinsicCall, message: string): never {
  throw new StatesError(INTRINSIC_ERROR, `Invalid arguments in ${call.name}: ${message}`, true);
}

function typeName(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function arity(call: IntrinsicCall, args: ArgValue[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    fail(call, `expected ${expected} argument${min === 1 && max === 1 ? '' : 's'} but got ${args.length}`);
  }
}

function argArray(call: IntrinsicCall, args: ArgValue[], i: number): Json[] {
  const v = args[i].value;
  if (!Array.isArray(v)) fail(call, `argument ${i + 1} must be an array, but was ${typeName(v)}`);
  return v;
}

function argString(call: IntrinsicCall, args: ArgValue[], i: number): string {
  const v = args[i].value;
  if (typeof v !== 'string') fail(call, `argument ${i + 1} must be a string, but was ${typeName(v)}`);
  return v;
}

function argNumber(call: IntrinsicCall, args: ArgValue[], i: number): number {
  const v = args[i].value;
  if (typeof v !== 'number') fail(call, `argument ${i + 1} must be a number, but was ${typeName(v)}`);
  return v;
}

function argInteger(call: IntrinsicCall, args: ArgValue[], i: number): number {
  const v = argNumber(call, args, i);
  if (!Number.isInteger(v)) fail(call, `argument ${i + 1} must be an integer, but was ${v}`);
  return v;
}

/**
 * Java's Math.round: halves round towards positive infinity (test_math_add__19: -2.5 → -2), which
 * is also JavaScript's Math.round; only -0 needs normalising.
 */
function javaRound(n: number): number {
  const r = Math.round(n);
  return r === 0 ? 0 : r;
}

function checkLength(call: IntrinsicCall, text: string): void {
  if (text.length > MAX_ENCODE_CHARS) {
    fail(call, `the input string must be at most ${MAX_ENCODE_CHARS} characters long, but has ${text.length}`);
  }
}

/** Every supported intrinsic, by its full name. */
const INTRINSICS: Record<string, Impl | undefined> = {
  'States.Format': (args, call) => {
    arity(call, args, 1, Infinity);
    const template = args[0];
    if (typeof template.value !== 'string') fail(call, `argument 1 must be a string, but was ${typeName(template.value)}`);
    const parts = template.formatParts ?? template.value.split('{}');
    const expected = parts.length - 1;
    if (expected !== args.length - 1) {
      fail(call, `the format string has ${expected} placeholder${expected === 1 ? '' : 's'} but ${args.length - 1} value${args.length === 2 ? ' was' : 's were'} given`);
    }
    let out = parts[0];
    for (let i = 1; i < parts.length; i++) out += toJavaString(args[i].value) + parts[i];
    return out;
  },

  'States.StringToJson': (args, call) => {
    arity(call, args, 1);
    const text = argString(call, args, 0);
    // Conformance cases test_string_to_json__0/1: "" and " " parse to null.
    if (text.trim() === '') return null;
    let value: Json;
    try {
      value = JSON.parse(text) as Json;
    } catch {
      return fail(call, `the string is not valid JSON: ${text}`);
    }
    // JSON.parse builds any depth without recursion; past MAX_JSON_DEPTH the value would overflow
    // later recursive walkers, so it is refused here (wording Stepscope's: common/jsonLimits.ts).
    if (text.length > 2 * MAX_JSON_DEPTH && jsonTextDepth(text) > MAX_JSON_DEPTH) {
      return fail(call, `the JSON is nested more than ${MAX_JSON_DEPTH} levels deep`);
    }
    // A number past a double's range parses to Infinity, which has no JSON text: refused here
    // rather than handed on (fuzz: non-finite-task-parameters; wording Stepscope's).
    if (mayOverflowNumbers(text) && hasNonFiniteNumber(value)) return fail(call, `the JSON holds a number out of range: ${text}`);
    return normaliseZero(value);
  },

  'States.JsonToString': (args, call) => {
    arity(call, args, 1);
    // toJsonTextJava recurses: refuse a value too deep for it first (common/jsonLimits.ts).
    if (jsonDepth(args[0].value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      return fail(call, `the value is nested more than ${MAX_JSON_DEPTH} levels deep`);
    }
    return toJsonTextJava(args[0].value);
  },

  'States.Array': (args) => args.map((a) => a.value),

  'States.ArrayPartition': (args, call) => {
    arity(call, args, 2);
    const array = argArray(call, args, 0);
    const size = argInteger(call, args, 1);
    if (size <= 0) fail(call, `the chunk size must be a positive integer, but was ${size}`);
    const out: Json[] = [];
    for (let i = 0; i < array.length; i += size) out.push(array.slice(i, i + size));
    return out;
  },

  'States.ArrayContains': (args, call) => {
    arity(call, args, 2);
    const array = argArray(call, args, 0);
    const needle = args[1].value;
    return array.some((e) => jsonEquals(e, needle));
  },

  'States.ArrayRange': (args, call) => {
    arity(call, args, 3);
    const start = argInteger(call, args, 0);
    const end = argInteger(call, args, 1);
    const step = argInteger(call, args, 2);
    if (step === 0) fail(call, 'the step must not be 0');
    const count = Math.floor((end - start) / step) + 1;
    if (count > MAX_RANGE_ITEMS) fail(call, `the range would have ${count} items; at most ${MAX_RANGE_ITEMS} are allowed`);
    const out: Json[] = [];
    for (let i = 0; i < count; i++) out.push(start + i * step);
    return out;
  },

  'States.ArrayGetItem': (args, call) => {
    arity(call, args, 2);
    const array = argArray(call, args, 0);
    const index = argInteger(call, args, 1);
    if (index < 0 || index >= array.length) {
      fail(call, `the index ${index} is out of bounds for an array of length ${array.length}`);
    }
    return array[index];
  },

  'States.ArrayLength': (args, call) => {
    arity(call, args, 1);
    return argArray(call, args, 0).length;
  },

  'States.ArrayUnique': (args, call) => {
    arity(call, args, 1);
    const out: Json[] = [];
    for (const e of argArray(call, args, 0)) if (!out.some((x) => jsonEquals(x, e))) out.push(e);
    return out;
  },

  'States.Base64Encode': (args, call) => {
    arity(call, args, 1);
    const text = argString(call, args, 0);
    checkLength(call, text);
    return base64Encode(utf8Encode(text));
  },

  'States.Base64Decode': (args, call) => {
    arity(call, args, 1);
    const text = argString(call, args, 0);
    checkLength(call, text);
    const bytes = base64Decode(text);
    if (bytes === null) fail(call, `the string is not valid Base64: ${text}`);
    return utf8Decode(bytes);
  },

  'States.Hash': (args, call) => {
    arity(call, args, 2);
    const data = argString(call, args, 0);
    checkLength(call, data);
    const algorithm = argString(call, args, 1);
    if (!(HASH_ALGORITHMS as readonly string[]).includes(algorithm)) {
      fail(call, `the hash algorithm must be one of ${HASH_ALGORITHMS.join(', ')}, but was '${algorithm}'`);
    }
    return toHex(digest(algorithm as HashAlgorithm, utf8Encode(data)));
  },

  'States.JsonMerge': (args, call) => {
    arity(call, args, 3);
    const a = args[0].value;
    const b = args[1].value;
    if (!isJsonObject(a)) fail(call, `argument 1 must be an object, but was ${typeName(a)}`);
    if (!isJsonObject(b)) fail(call, `argument 2 must be an object, but was ${typeName(b)}`);
    const deep = args[2].value;
    if (typeof deep !== 'boolean') fail(call, `argument 3 must be a boolean, but was ${typeName(deep)}`);
    // Developer Guide: only shallow merging is supported ("set the boolean value to false").
    if (deep) fail(call, 'deep merge is not supported; the third argument must be false');
    const out: JsonObject = { ...a };
    for (const k of Object.keys(b)) out[k] = b[k];
    return out;
  },

  'States.MathRandom': (args, call, env) => {
    arity(call, args, 2, 3);
    const start = javaRound(argNumber(call, args, 0));
    const end = javaRound(argNumber(call, args, 1));
    if (end <= start) fail(call, `the end (${end}) must be greater than the start (${start})`);
    if (end - start > INT_MAX) fail(call, `the range from ${start} to ${end} is too large`);
    if (args.length === 3) {
      const seed = Math.trunc(argNumber(call, args, 2));
      return start + javaNextInt(seed, end - start);
    }
    return start + Math.floor(env.random.next() * (end - start));
  },

  'States.MathAdd': (args, call) => {
    arity(call, args, 2);
    const a = javaRound(argNumber(call, args, 0));
    const b = javaRound(argNumber(call, args, 1));
    for (const v of [a, b]) {
      if (v < INT_MIN || v > INT_MAX) fail(call, `the value ${v} is outside the range ${INT_MIN} to ${INT_MAX}`);
    }
    return a + b;
  },

  'States.StringSplit': (args, call) => {
    arity(call, args, 2);
    return splitTokens(argString(call, args, 0), argString(call, args, 1));
  },

  'States.UUID': (args, call, env) => {
    arity(call, args, 0);
    return uuidV4(env.random);
  },
};

/**
 * Java's StringTokenizer: every character of `delimiters` separates tokens and empty tokens are
 * dropped (conformance cases test_string_split__2/3/6: `",,,,"` → `[]`, `"T\n"` splits on T or newline).
 */
function splitTokens(text: string, delimiters: string): Json[] {
  const out: Json[] = [];
  let token = '';
  for (const ch of text) {
    if (delimiters.includes(ch)) {
      if (token !== '') out.push(token);
      token = '';
    } else token += ch;
  }
  if (token !== '') out.push(token);
  return out;
}

function normaliseZero(value: Json): Json {
  return typeof value === 'number' && Object.is(value, -0) ? 0 : value;
}

/**
 * `new java.util.Random(seed).nextInt(bound)`: with a seed, States.MathRandom must give the same
 * number every time; using Java's generator gives the number AWS's Java runtime most likely gives.
 */
function javaNextInt(seed: number, bound: number): number {
  const MULT = 0x5deece66dn;
  const MASK = (1n << 48n) - 1n;
  let s = (BigInt(seed) ^ MULT) & MASK;
  const next31 = (): number => {
    s = (s * MULT + 0xbn) & MASK;
    return Number(s >> 17n);
  };
  if ((bound & -bound) === bound) {
    return Number((BigInt(bound) * BigInt(next31())) >> 31n);
  }
  for (;;) {
    const bits = next31();
    const val = bits % bound;
    // Java rejects draws from the last, incomplete interval (int overflow makes the sum negative).
    if (((bits - val + (bound - 1)) | 0) >= 0) return val;
  }
}

/** A version-4 UUID built from the random port. */
function uuidV4(random: Random): string {
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = Math.floor(random.next() * 256) & 0xff;
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = toHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
