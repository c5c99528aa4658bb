import jsonata from 'jsonata';
import { isJsonObject, type Json, type JsonObject } from '../../json';
import { MAX_JSON_DEPTH } from '../../jsonLimits';
import { StatesError, StatesErrors } from '../errors';
import type { MonotonicClock, Random } from '../ports';
import { awsJsonataFunctions } from './functions';
import { LinearRegExp, RegexNotSupported } from './linearRegex';

/**
 * JSONata evaluation for states whose QueryLanguage is JSONata (Developer Guide, "Transforming
 * data with JSONata in Step Functions"). A string written `{% expression %}` in a field AWS
 * evaluates (Arguments, Output, Assign, Items, ItemSelector, Condition, Seconds, Timestamp,
 * TimeoutSeconds, Error, Cause, ...) is replaced by the expression's value; nested objects and
 * arrays are walked; any other value is a literal. The expression sees `$states` and the workflow
 * variables. Failures are States.QueryEvaluationError with AWS's texts, e.g.
 * `The JSONata expression '$x' specified for the field 'Output/result' returned nothing (undefined).`
 *
 * Limits (issue #18, item 6): regex literals run on RE2 (linear time, linearRegex.ts); each
 * evaluation has a budget of steps and of host time (JsonataBudget); a result must be JSON: a
 * non-finite number or a value nested over MAX_JSON_DEPTH levels fails the field.
 */

/** True for a string written as a JSONata expression: `{%` ... `%}`. */
export function isJsonataString(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 4 && value.startsWith('{%') && value.endsWith('%}');
}

/** The expression inside `{% ... %}`, without the surrounding blanks (as AWS quotes it). */
export function jsonataBody(text: string): string {
  return text.slice(2, -2).trim();
}

/**
 * A States.QueryEvaluationError: a JSONata expression failed or gave an unusable value. `location`
 * is the field it was written in (`Output/result`, `Items`), as AWS records it in the
 * EvaluationFailed event; absent when AWS records none.
 */
export class QueryEvaluationError extends StatesError {
  constructor(
    cause: string,
    readonly location: string | undefined,
  ) {
    super(StatesErrors.QueryEvaluationError, cause, true);
  }
}

/** True for a QueryEvaluationError (the failure that makes AWS record an EvaluationFailed event). */
export function isQueryEvaluationError(err: unknown): err is QueryEvaluationError {
  return err instanceof QueryEvaluationError;
}

/** What a JSONata expression can read. */
export interface JsonataEnv {
  /** `$states`: `input`, `context`, and `result` / `errorOutput` where the field has them. */
  readonly states: JsonObject;
  /** The workflow variables visible to the state, by name (without `$`). */
  readonly variables: Readonly<Record<string, unknown>>;
  /** Randomness for `$random()` and `$uuid()`. */
  readonly random: Random;
  /** The engine's current time (epoch ms), for `$now()` and `$millis()`. */
  readonly nowMs: number;
  /** The evaluation budget; DEFAULT_JSONATA_BUDGET when absent. */
  readonly budget?: JsonataBudget;
  /**
   * The host's monotonic clock, for the budget's `maxMs` (engine/ports.ts). Without one only
   * `maxSteps` applies: the engine never reads the host's time by itself.
   */
  readonly monotonicClock?: MonotonicClock;
}

/**
 * How much one JSONata evaluation may do before it fails with States.QueryEvaluationError: at
 * most `maxSteps` evaluation steps (each node of the expression evaluated counts one), at most
 * `maxDepth` evaluations nested in one another (a recursive lambda that never ends would
 * otherwise grow the heap until the host dies; jsonata's own `stack` guard, D1011, measures the
 * same depth), and at most `maxMs` milliseconds of the host's time, measured only when a
 * MonotonicClock is given. Steps and depth are counted deterministically.
 *
 * AWS documents no such limits for JSONata in Step Functions; these are Stepscope's, to keep a
 * runaway expression from holding the host's thread, the way jsonata's test suite "timeboxes"
 * expressions with its `__evaluate_entry` hook (jsonata test/run-test-suite.js).
 */
export interface JsonataBudget {
  /** Evaluation steps (expression nodes evaluated) in one evaluation. */
  readonly maxSteps: number;
  /** Evaluations nested in one another (recursion depth). */
  readonly maxDepth: number;
  /** Host milliseconds one evaluation may take (with a MonotonicClock). */
  readonly maxMs: number;
}

/** The budget used when none is given: five million steps, 10,000 nested evaluations, ten seconds. */
export const DEFAULT_JSONATA_BUDGET: JsonataBudget = { maxSteps: 5_000_000, maxDepth: 10_000, maxMs: 10_000 };

type Compiled = ReturnType<typeof jsonata> | { error: string };

const MAX_CACHE = 5_000;
const compiledCache = new Map<string, Compiled>();

/**
 * The binding under which an evaluation's Meter travels. A name no JSONata variable can spell
 * (it has a blank), so an expression cannot read or replace it; the entry hook finds it with
 * `environment.lookup`, so concurrent evaluations of one compiled expression keep their own meters.
 */
const METER_BINDING = ' stepscope meter';

/** Why an evaluation ran out of budget (thrown from the entry hook through jsonata). */
class BudgetExceeded extends Error {
  constructor(readonly kind: 'steps' | 'depth' | 'time', readonly limit: number) {
    super(
      kind === 'steps'
        ? `more than ${limit} evaluation steps`
        : kind === 'depth'
          ? `more than ${limit} nested evaluations (a recursive function that does not end?)`
          : `more than ${limit} ms`,
    );
    this.name = 'BudgetExceeded';
  }
}

/** Counts one evaluation's steps and host time against its JsonataBudget. */
class Meter {
  private steps = 0;
  private readonly startMs: number | undefined;
  constructor(
    private readonly budget: JsonataBudget,
    private readonly clock: MonotonicClock | undefined,
  ) {
    this.startMs = clock?.nowMs();
  }
  /** Counts one step at nesting `depth`; throws BudgetExceeded once a limit is passed. */
  step(depth: number): void {
    if (++this.steps > this.budget.maxSteps) throw new BudgetExceeded('steps', this.budget.maxSteps);
    if (depth > this.budget.maxDepth) throw new BudgetExceeded('depth', this.budget.maxDepth);
    if (this.clock !== undefined && this.clock.nowMs() - (this.startMs as number) > this.budget.maxMs) {
      throw new BudgetExceeded('time', this.budget.maxMs);
    }
  }
}

/** The part of a jsonata environment (frame) the hook reads. */
interface JsonataFrame {
  lookup(name: string): unknown;
  /**
   * The evaluation's root frame, which holds the bindings given to `evaluate` (so the meter is
   * found there without climbing the frames); jsonata keeps the current nesting in its `depth`.
   */
  readonly base?: { lookup(name: string): unknown; readonly depth?: number };
}

/** jsonata's evaluation hook, called as each node of the expression is evaluated. */
function onEvaluateEntry(_expr: unknown, _input: unknown, environment: JsonataFrame): void {
  const base = environment.base;
  const meter = (base ?? environment).lookup(METER_BINDING);
  if (meter instanceof Meter) meter.step(base?.depth ?? 0);
}

/** jsonata's hook names (jsonata.js, `evaluate`: `environment.lookup(Symbol.for('jsonata.__evaluate_entry'))`). */
const EVALUATE_ENTRY = Symbol.for('jsonata.__evaluate_entry');

function compile(body: string): Compiled {
  let entry = compiledCache.get(body);
  if (entry === undefined) {
    try {
      const expression = jsonata(body, { RegexEngine: LinearRegExp as unknown as RegExpConstructor });
      (expression.assign as (name: unknown, value: unknown) => void)(EVALUATE_ENTRY, onEvaluateEntry);
      entry = expression;
    } catch (e) {
      entry = { error: errorText(e) };
    }
    if (compiledCache.size >= MAX_CACHE) compiledCache.clear();
    compiledCache.set(body, entry);
  }
  return entry;
}

function errorText(e: unknown): string {
  if (e !== null && typeof e === 'object') {
    const err = e as { code?: unknown; message?: unknown; position?: unknown };
    const message = typeof err.message === 'string' ? err.message : String(e);
    return typeof err.code === 'string' ? `${err.code}: ${message}` : message;
  }
  return String(e);
}

/** The bindings of one evaluation: the variables, `$states`, then AWS's functions (which win). */
function bindingsFor(env: JsonataEnv): Record<string, unknown> {
  const bindings: Record<string, unknown> = { ...env.variables };
  bindings.states = env.states;
  Object.assign(bindings, awsJsonataFunctions({ random: env.random, nowMs: env.nowMs }));
  bindings[METER_BINDING] = new Meter(env.budget ?? DEFAULT_JSONATA_BUDGET, env.monotonicClock);
  return bindings;
}

/**
 * Evaluates one expression (`text` is the `{% ... %}` string) for the field `location`, and
 * returns its value as plain JSON. Throws QueryEvaluationError when it fails or returns nothing.
 */
export async function evaluateJsonata(text: string, location: string, env: JsonataEnv): Promise<Json> {
  const value = await evaluateRaw(text, location, env);
  if (value === undefined) throw returnedNothing(text, location);
  return value;
}

/** Like evaluateJsonata, but undefined when the expression returns nothing. */
export async function evaluateRaw(text: string, location: string, env: JsonataEnv): Promise<Json | undefined> {
  const body = jsonataBody(text);
  const compiled = compile(body);
  if ('error' in compiled) throw evaluationFailed(body, location, compiled.error);
  let raw: unknown;
  try {
    raw = await compiled.evaluate(undefined, bindingsFor(env));
  } catch (e) {
    if (e instanceof BudgetExceeded) {
      // Wording is Stepscope's: AWS documents no evaluation limit for JSONata.
      throw new QueryEvaluationError(
        `The JSONata expression '${body}' specified for the field '${location}' was stopped after ${e.message}: it exceeded Stepscope's evaluation budget.`,
        location,
      );
    }
    if (e instanceof RegexNotSupported) throw evaluationFailed(body, location, e.message);
    throw evaluationFailed(body, location, errorText(e));
  }
  try {
    return toJson(raw);
  } catch (e) {
    if (e === UNSUPPORTED) {
      // A function is not a JSON value: AWS fails the field (wording is Stepscope's).
      throw new QueryEvaluationError(
        `The JSONata expression '${body}' specified for the field '${location}' returned an unsupported result type.`,
        location,
      );
    }
    if (e instanceof NonFiniteNumber) {
      // `1/0` gives Infinity in jsonata, which JSON cannot hold (RFC 8259, section 6: "Numeric
      // values that cannot be represented in the grammar below (such as Infinity and NaN) are not
      // permitted"). jsonata itself refuses such a number anywhere else it meets one: arithmetic on
      // it fails with D1001 "Number out of range" (jsonata.js, isNumeric) and $power refuses to
      // produce one (D3061). The result fails the same way, with jsonata's D1001, so the history
      // (whose JSON text would show null) and the data (which would hold Infinity) cannot disagree.
      throw evaluationFailed(body, location, `D1001: Number out of range: ${String(e.value)}`);
    }
    if (e === TOO_DEEP) {
      // Wording is Stepscope's: AWS documents no nesting limit (src-main/common/jsonLimits.ts).
      throw new QueryEvaluationError(
        `The JSONata expression '${body}' specified for the field '${location}' returned a value nested more than ${MAX_JSON_DEPTH} levels deep.`,
        location,
      );
    }
    throw e;
  }
}

/** Thrown by toJson for a value JSON cannot hold (a function). */
const UNSUPPORTED: unique symbol = Symbol('unsupported result type');

/** Thrown by toJson for a value nested deeper than MAX_JSON_DEPTH. */
const TOO_DEEP: unique symbol = Symbol('too deep');

/** Thrown by toJson for Infinity, -Infinity or NaN. */
class NonFiniteNumber {
  constructor(readonly value: number) {}
}

function isJsonataFunction(value: object): boolean {
  const v = value as { _jsonata_lambda?: unknown; _jsonata_function?: unknown };
  return v._jsonata_lambda === true || v._jsonata_function === true;
}

function returnedNothing(text: string, location: string): QueryEvaluationError {
  return new QueryEvaluationError(
    `The JSONata expression '${jsonataBody(text)}' specified for the field '${location}' returned nothing (undefined).`,
    location,
  );
}

function evaluationFailed(body: string, location: string, message: string): QueryEvaluationError {
  // Wording modelled on AWS's other QueryEvaluationError texts; no recording shows this one.
  return new QueryEvaluationError(
    `The JSONata expression '${body}' specified for the field '${location}' threw an error during evaluation: ${message}`,
    location,
  );
}

/** A container of a JSONata result being copied by toJson. */
interface CopyFrame {
  readonly source: readonly unknown[] | Record<string, unknown>;
  /** The object's keys; undefined for an array. */
  readonly keys: string[] | undefined;
  next: number;
  readonly out: Json[] | JsonObject;
  readonly depth: number;
}

/** Marks a container in `copyScalar`'s answer: toJson opens a frame for it. */
const CONTAINER: unique symbol = Symbol('container');

/** A scalar as JSON, undefined for "nothing", CONTAINER for an array or object; throws for what JSON cannot hold. */
function copyScalar(value: unknown): Json | undefined | typeof CONTAINER {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NonFiniteNumber(value);
    return Object.is(value, -0) ? 0 : value;
  }
  if (typeof value === 'function') throw UNSUPPORTED;
  if (typeof value === 'object') {
    if (!Array.isArray(value) && isJsonataFunction(value)) throw UNSUPPORTED;
    return CONTAINER;
  }
  return undefined;
}

function openFrame(value: object, depth: number): CopyFrame {
  if (depth > MAX_JSON_DEPTH) throw TOO_DEEP;
  return Array.isArray(value)
    ? { source: value, keys: undefined, next: 0, out: [], depth }
    : { source: value as Record<string, unknown>, keys: Object.keys(value), next: 0, out: {}, depth };
}

/**
 * A JSONata result as plain JSON: sequences become arrays, undefined members are dropped, -0
 * becomes 0. Undefined for "nothing". Throws UNSUPPORTED for a function anywhere in the value,
 * a NonFiniteNumber for Infinity or NaN, TOO_DEEP past MAX_JSON_DEPTH levels. Copies with an
 * explicit stack, so a deep result cannot overflow the JavaScript stack.
 */
function toJson(value: unknown): Json | undefined {
  const top = copyScalar(value);
  if (top !== CONTAINER) return top;
  const root = openFrame(value as object, 1);
  const stack: CopyFrame[] = [root];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    const keys = frame.keys;
    const size = keys === undefined ? (frame.source as readonly unknown[]).length : keys.length;
    if (frame.next >= size) {
      stack.pop();
      continue;
    }
    const i = frame.next++;
    const child = keys === undefined ? (frame.source as readonly unknown[])[i] : (frame.source as Record<string, unknown>)[keys[i]];
    const copied = copyScalar(child);
    let v: Json | undefined;
    if (copied === CONTAINER) {
      const inner = openFrame(child as object, frame.depth + 1);
      stack.push(inner);
      v = inner.out;
    } else v = copied;
    if (v === undefined) continue;
    if (keys === undefined) (frame.out as Json[]).push(v);
    else (frame.out as JsonObject)[keys[i]] = v;
  }
  return root.out;
}

/** True when `template` holds a `{% %}` string anywhere (else it is its own value). */
export function hasJsonata(template: Json | undefined): boolean {
  if (template === undefined) return false;
  if (typeof template === 'string') return isJsonataString(template);
  if (Array.isArray(template)) return template.some(hasJsonata);
  if (isJsonObject(template)) {
    for (const k of Object.keys(template)) if (hasJsonata(template[k])) return true;
  }
  return false;
}

/**
 * The value of a JSONata-language template (Arguments, Output, ItemSelector, one Assign value):
 * each `{% %}` string is evaluated, objects and arrays are rebuilt, other values are copied.
 * `location` names the field (`Output`); nested fields are named `Output/key` and `Output[0]`.
 */
export async function evaluateJsonataTemplate(template: Json, location: string, env: JsonataEnv): Promise<Json> {
  if (typeof template === 'string') {
    return isJsonataString(template) ? evaluateJsonata(template, location, env) : template;
  }
  if (Array.isArray(template)) {
    const out: Json[] = new Array(template.length);
    for (let i = 0; i < template.length; i++) out[i] = await evaluateJsonataTemplate(template[i], `${location}[${i}]`, env);
    return out;
  }
  if (isJsonObject(template)) {
    const out: JsonObject = {};
    for (const key of Object.keys(template)) {
      out[key] = await evaluateJsonataTemplate(template[key], `${location}/${key}`, env);
    }
    return out;
  }
  return template;
}
