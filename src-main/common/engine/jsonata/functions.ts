import jsonata from 'jsonata';
import type { Json } from '../../json';
import type { Random } from '../ports';
import { digest, HASH_ALGORITHMS, type HashAlgorithm } from '../intrinsics/hash';
import { toHex, utf8Encode } from '../intrinsics/bytes';

/**
 * The functions Step Functions adds to JSONata (Developer Guide, "JSONata functions provided by
 * Step Functions"): $partition, $range, $hash, $random, $uuid, $parse. They replace the intrinsic
 * functions of JSONPath states. `$random` and `$uuid` draw from the engine's seeded Random, so
 * an execution is reproducible; `$now` and `$millis` read the engine's clock.
 *
 * Where AWS answers "nothing" (a chunk size of 0, a `$range` whose step points away from its end,
 * a `$hash` without an algorithm) these return undefined, and the field the expression was written
 * in fails with States.QueryEvaluationError "... returned nothing (undefined)".
 */

/** What the functions need from the engine. */
export interface JsonataFunctionEnv {
  readonly random: Random;
  /** The current time, epoch milliseconds. */
  readonly nowMs: number;
}

/**
 * A JSONata function error, in the shape the jsonata library throws (`code`, `message`). The
 * library rewrites the message of a code it knows from its own template (T0410 reads `index`);
 * D3137 is its `$error()` code, whose template is the message itself.
 */
export class JsonataFunctionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly index?: number,
  ) {
    super(message);
    this.name = 'JsonataFunctionError';
  }
}

/** The functions to bind for one evaluation (names without the `$`). */
export function awsJsonataFunctions(env: JsonataFunctionEnv): Record<string, (...args: unknown[]) => unknown> {
  return {
    partition: (...args) => (arity('partition', args, 2), partition(args[0], args[1], args.length)),
    range: (...args) => (arity('range', args, 3), range(args[0], args[1], args[2])),
    hash: (...args) => (arity('hash', args, 2), hash(args[0], args[1], args.length)),
    random: (...args) => (arity('random', args, 1), random(env.random, args[0])),
    uuid: (...args) => (arity('uuid', args, 0), uuidV4(env.random)),
    parse: (...args) => (arity('parse', args, 1), parse(args[0], args.length)),
    millis: (...args) => (arity('millis', args, 0), env.nowMs),
    now: (...args) => (arity('now', args, 2), now(env.nowMs, args[0], args[1])),
    eval: () => {
      // AWS disables $eval; $parse replaces it.
      throw new JsonataFunctionError('T1006', 'Attempted to invoke a non-function');
    },
  };
}

/** JSONata's signature error, as AWS reports it for its own functions. */
function badArgument(fn: string, index: number): JsonataFunctionError {
  return new JsonataFunctionError('T0410', `Argument ${index} of function "${fn}" does not match function signature`, index);
}

/** Fails a call with more arguments than the function takes (AWS names the first extra one). */
function arity(fn: string, args: readonly unknown[], max: number): void {
  if (args.length > max) throw badArgument(fn, max === 0 ? 1 : max + 1);
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * `array` cut into chunks of `size` (the last one holding the rest); size rounds toward zero, and
 * without a size the whole array is one chunk.
 */
export function partition(array: unknown, size: unknown, given = 2): Json[][] | undefined {
  if (array === undefined) return undefined;
  if (!Array.isArray(array)) throw badArgument('partition', 1);
  const list = array as Json[];
  if (size === undefined || given < 2) return [list];
  if (!isNumber(size)) throw badArgument('partition', 2);
  if (size < 0) throw new JsonataFunctionError('D3137', 'Second argument must be zero or greater');
  const n = Math.trunc(size);
  if (n === 0 || list.length === 0) return undefined;
  const out: Json[][] = [];
  for (let i = 0; i < list.length; i += n) out.push(list.slice(i, i + n));
  return out;
}

/** The largest array $range builds (AWS refuses more; Floci's notes measure 360,145). */
const MAX_RANGE_ITEMS = 360_145;

/**
 * The numbers from `start` towards `end` by `step`, `end` included when a step lands on it;
 * arguments round toward zero. A one-element range is the bare number (a JSONata singleton).
 */
export function range(start: unknown, end: unknown, step: unknown): Json | undefined {
  const args = [start, end, step];
  for (let i = 0; i < 3; i++) {
    if (args[i] !== undefined && !isNumber(args[i])) throw badArgument('range', i + 1);
  }
  if (start === undefined || end === undefined || step === undefined) return undefined;
  const a = Math.trunc(start as number);
  const b = Math.trunc(end as number);
  const s = Math.trunc(step as number);
  if (s === 0 || (b > a && s < 0) || (b < a && s > 0)) return undefined;
  const count = Math.floor((b - a) / s) + 1;
  if (count > MAX_RANGE_ITEMS) throw new JsonataFunctionError('D3137', 'Expression evaluation memory limit exceeded');
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(a + i * s);
  return out.length === 1 ? out[0] : out;
}

/**
 * The hex digest of a string with MD5, SHA-1, SHA-256, SHA-384 or SHA-512 (names case-sensitive).
 * Nothing without a string or without an algorithm argument.
 */
export function hash(value: unknown, algorithm: unknown, given = 2): string | undefined {
  if (given === 0 || (value !== undefined && typeof value !== 'string')) throw badArgument('hash', 1);
  if (value === undefined || given < 2) return undefined;
  if (typeof algorithm !== 'string' || !(HASH_ALGORITHMS as readonly string[]).includes(algorithm)) {
    const shown = typeof algorithm === 'string' ? algorithm : 'null';
    throw new JsonataFunctionError('D3137', `Hash algorithm '${shown}' must be one of ${HASH_ALGORITHMS.join(', ')}`);
  }
  return toHex(digest(algorithm as HashAlgorithm, utf8Encode(value)));
}

/** A number in [0, 1): from the engine's Random, or reproducible from an integer seed. */
export function random(source: Random, seed?: unknown): number {
  if (seed === undefined) return source.next();
  if (!isNumber(seed)) throw badArgument('random', 1);
  // java.util.Random(seed).nextDouble(): the same seed always gives the same number.
  const MULT = 0x5deece66dn;
  const MASK = (1n << 48n) - 1n;
  let s = (BigInt(Math.trunc(seed)) ^ MULT) & MASK;
  const next = (bits: bigint): bigint => {
    s = (s * MULT + 0xbn) & MASK;
    return s >> (48n - bits);
  };
  const hi = next(26n);
  const lo = next(27n);
  return Number((hi << 27n) + lo) / 2 ** 53;
}

/** A version-4 UUID from the engine's Random. */
export function uuidV4(source: Random): string {
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = Math.floor(source.next() * 256) & 0xff;
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = toHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The value of a JSON text (`-0` reads as 0). */
export function parse(text: unknown, given = 1): Json | undefined {
  if (text === undefined) return undefined;
  if (typeof text !== 'string' || given > 1) throw badArgument('parse', given > 1 && typeof text === 'string' ? 2 : 1);
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch {
    throw new JsonataFunctionError('D3137', `Malformed JSON: ${text}`);
  }
  return typeof value === 'number' && Object.is(value, -0) ? 0 : value;
}

let fromMillis: ReturnType<typeof jsonata> | undefined;

/**
 * `$now()` at the engine's time: ISO-8601 by default, or formatted with JSONata's own
 * `$fromMillis(ms, picture, timezone)` when given a picture or a timezone.
 */
function now(ms: number, picture: unknown, timezone: unknown): string | Promise<string> {
  if (picture !== undefined && typeof picture !== 'string') throw badArgument('now', 1);
  if (timezone !== undefined && typeof timezone !== 'string') throw badArgument('now', 2);
  if (picture === undefined && timezone === undefined) return new Date(ms).toISOString();
  fromMillis ??= jsonata('$fromMillis($ms, $picture, $timezone)');
  return fromMillis.evaluate(undefined, { ms, picture, timezone }) as Promise<string>;
}
