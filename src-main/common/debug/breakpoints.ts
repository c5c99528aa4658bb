import { isJsonObject, type Json, type JsonObject } from '../json';
import { isValidPath, readPathInEnv } from '../engine/dataflow/jsonPath';
import { evaluateRaw } from '../engine/jsonata/evaluate';
import { createSeededRandom } from '../engine/ports';
import type { DebugLocation } from '../engine/run';

/**
 * Breakpoints: what makes a debugged run stop. Plain JSON values (the store persists them per
 * state machine), matched against what the engine's debug hooks report (engine/run.ts
 * DebugHooks). A breakpoint is either on a state (before it is entered, or after it exits) or on
 * errors (retried or caught by the state's own Retry/Catch, or uncaught), narrowed by an optional
 * condition, a hit count and a Map iteration index.
 */

/** A condition on the state's input or the workflow variables. */
export interface BreakpointCondition {
  /**
   * `JSONPath`: a path read from the state's raw input (`$.order.total`) or a variable
   * (`$count`, `$order.total`); the condition holds when it finds a truthy value (not false,
   * null, 0, "", [] or {}). `JSONata`: an expression (with or without `{% %}`) that sees the input
   * as `$states.input` and each variable as `$name`; it holds when its value is truthy.
   */
  language: 'JSONPath' | 'JSONata';
  expression: string;
}

/** When a hit counts as a stop: on hit number `value` (`==`), from it on (`>=`), or every `value`th (`%`). */
export interface HitCondition {
  op: '==' | '>=' | '%';
  value: number;
}

/** What the breakpoint stops on. */
export type BreakpointTarget =
  /** Before `stateName` is entered (its input may be edited), or after it exits. */
  | { kind: 'state'; stateName: string; when: 'before' | 'after' }
  /**
   * On an error: `caught` stops when the state's own Retry or Catch handles it, `uncaught` when
   * the failure leaves the state, `any` on both. `errorEquals` narrows by error name
   * (`States.ALL` or absent: every name); `stateName` narrows by state.
   */
  | { kind: 'error'; handling: 'caught' | 'uncaught' | 'any'; errorEquals?: string[]; stateName?: string };

/** One breakpoint. Serialisable as JSON. */
export interface Breakpoint {
  /** Unique within its list. */
  id: string;
  enabled: boolean;
  target: BreakpointTarget;
  condition?: BreakpointCondition;
  hitCondition?: HitCondition;
  /** Only in this iteration of the innermost enclosing Map. */
  mapIterationIndex?: number;
  /**
   * Why the breakpoint is disabled when it was kept from storage it could not be fully read from
   * (store migration 004); shown to the user, never set by the debugger.
   */
  note?: string;
}

/** What a debug hook reported, as breakpoints see it. */
export type BreakpointEvent =
  | (DebugLocation & { kind: 'before'; input: Json; variables(): JsonObject })
  | (DebugLocation & { kind: 'after'; output: Json; variables(): JsonObject })
  | (DebugLocation & {
      kind: 'error';
      error: string | undefined;
      handling: 'retried' | 'caught' | 'uncaught';
      input: Json;
      variables(): JsonObject;
    });

/** Checks a breakpoint list read from storage; returns every problem found (empty: valid). */
export function validateBreakpoints(value: unknown): string[] {
  const problems: string[] = [];
  if (!Array.isArray(value)) return ['breakpoints must be an array'];
  const ids = new Set<string>();
  value.forEach((bp: unknown, i) => {
    const at = `breakpoints[${i}]`;
    if (!isJsonObject(bp as Json)) {
      problems.push(`${at} must be an object`);
      return;
    }
    const b = bp as unknown as Partial<Breakpoint>;
    if (typeof b.id !== 'string' || b.id === '') problems.push(`${at}.id must be a non-empty string`);
    else if (ids.has(b.id)) problems.push(`${at}.id "${b.id}" is used twice`);
    else ids.add(b.id);
    if (typeof b.enabled !== 'boolean') problems.push(`${at}.enabled must be true or false`);
    const t = b.target as Partial<BreakpointTarget> | undefined;
    if (!t || typeof t !== 'object') problems.push(`${at}.target must be an object`);
    else if (t.kind === 'state') {
      if (typeof t.stateName !== 'string') problems.push(`${at}.target.stateName must be a string`);
      if (t.when !== 'before' && t.when !== 'after') problems.push(`${at}.target.when must be "before" or "after"`);
    } else if (t.kind === 'error') {
      if (t.handling !== 'caught' && t.handling !== 'uncaught' && t.handling !== 'any') {
        problems.push(`${at}.target.handling must be "caught", "uncaught" or "any"`);
      }
      if (t.errorEquals !== undefined && (!Array.isArray(t.errorEquals) || t.errorEquals.some((e) => typeof e !== 'string'))) {
        problems.push(`${at}.target.errorEquals must be an array of error names`);
      }
    } else problems.push(`${at}.target.kind must be "state" or "error"`);
    if (b.condition !== undefined) {
      const c = b.condition;
      if (c.language !== 'JSONPath' && c.language !== 'JSONata') problems.push(`${at}.condition.language must be "JSONPath" or "JSONata"`);
      if (typeof c.expression !== 'string') problems.push(`${at}.condition.expression must be a string`);
      else if (c.language === 'JSONPath' && !isValidPath(c.expression)) problems.push(`${at}.condition.expression is not a valid JSONPath: ${c.expression}`);
    }
    if (b.hitCondition !== undefined) {
      const h = b.hitCondition;
      if (h.op !== '==' && h.op !== '>=' && h.op !== '%') problems.push(`${at}.hitCondition.op must be "==", ">=" or "%"`);
      if (!Number.isInteger(h.value) || h.value < 1) problems.push(`${at}.hitCondition.value must be a positive integer`);
    }
    if (b.mapIterationIndex !== undefined && (!Number.isInteger(b.mapIterationIndex) || b.mapIterationIndex < 0)) {
      problems.push(`${at}.mapIterationIndex must be a non-negative integer`);
    }
    if (b.note !== undefined && typeof b.note !== 'string') problems.push(`${at}.note must be a string`);
  });
  return problems;
}

/** True when `bp`'s target and Map iteration fit the event (condition and hit count aside). */
export function targetMatches(bp: Breakpoint, event: BreakpointEvent): boolean {
  if (bp.mapIterationIndex !== undefined && event.mapIterationIndex !== bp.mapIterationIndex) return false;
  const t = bp.target;
  if (t.kind === 'state') {
    if (t.stateName !== event.stateName) return false;
    return (t.when === 'before' && event.kind === 'before') || (t.when === 'after' && event.kind === 'after');
  }
  if (event.kind !== 'error') return false;
  if (t.stateName !== undefined && t.stateName !== event.stateName) return false;
  if (t.handling === 'caught' && event.handling === 'uncaught') return false;
  if (t.handling === 'uncaught' && event.handling !== 'uncaught') return false;
  const names = t.errorEquals;
  if (names !== undefined && names.length > 0 && !names.includes('States.ALL') && !names.includes(event.error ?? '')) return false;
  return true;
}

/** JavaScript-like truthiness of a JSON value, with empty arrays and objects false (a path that selected nothing). */
export function isTruthy(value: Json | undefined): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** What a condition reads: the input (or output, after a state) and the variables. */
function conditionInput(event: BreakpointEvent): Json {
  return event.kind === 'after' ? event.output : event.input;
}

/**
 * Evaluates a JSONPath condition synchronously (undefined: no condition). A path that does not
 * resolve is false, never an error: a breakpoint must not fail the run.
 */
function evaluatePathCondition(condition: BreakpointCondition, event: BreakpointEvent): boolean {
  let variables: JsonObject | undefined;
  const r = readPathInEnv(conditionInput(event), {
    context: {},
    lookupVariable: (name) => (variables ??= event.variables())[name],
  }, condition.expression);
  return r.found && isTruthy(r.value);
}

/**
 * What a JSONata breakpoint condition sees: `$states.input` (the state's input, or its output for
 * an after-breakpoint) and the variables in scope. Plain JSON, so it can cross to another thread.
 */
export interface ConditionScope {
  input: Json;
  variables: JsonObject;
}

/**
 * Evaluates a JSONata condition to its value synchronously, or `undefined` when the expression
 * fails (the condition is then false). A host that can block on another thread supplies one
 * (src-main/node/debug/syncJsonata.ts: a worker and Atomics.wait), and JSONata conditions then
 * keep the interleaving of concurrent branches, as JSONPath ones do; see {@link conditionHolds}.
 */
export type SyncJsonataEvaluator = (text: string, scope: ConditionScope) => Json | undefined;

/** A condition's expression with its `{% %}` (breakpoints may omit them). */
function conditionText(condition: BreakpointCondition): string {
  return condition.expression.trim().startsWith('{%') ? condition.expression : `{% ${condition.expression} %}`;
}

/**
 * Evaluates a JSONata condition text in `scope` the way the engine evaluates JSONata (same
 * evaluator and functions); a condition never consumes the run's random numbers. Rejects when the
 * expression fails. The synchronous evaluators' worker runs exactly this.
 */
export function evaluateConditionText(text: string, scope: ConditionScope): Promise<Json | undefined> {
  return evaluateRaw(text, 'Breakpoint', {
    states: { input: scope.input, context: {} },
    variables: scope.variables,
    random: createSeededRandom(0),
    nowMs: 0,
  });
}

/** Evaluates a JSONata condition; an expression that fails is false. */
function evaluateJsonataCondition(condition: BreakpointCondition, event: BreakpointEvent, evaluateSync: SyncJsonataEvaluator | undefined): boolean | Promise<boolean> {
  const text = conditionText(condition);
  const scope: ConditionScope = { input: conditionInput(event), variables: event.variables() };
  if (evaluateSync !== undefined) return isTruthy(evaluateSync(text, scope));
  return evaluateConditionText(text, scope).then(isTruthy, () => false);
}

/**
 * Whether the condition of `bp` holds for `event`: a boolean at once for JSONPath (and no
 * condition), a promise for JSONata (its evaluator is asynchronous).
 *
 * JSONata conditions and concurrency (issue #7). The engine runs Parallel branches and Map
 * iterations as promise chains, and the order of their history events is the order in which
 * those chains take their promise steps: no scheduler decides it (engine/scheduler.ts only
 * decides when virtual time moves). A hook that returns a value lets its branch go on in the
 * same step; a hook that returns a promise makes the branch wait for as many steps as the
 * promise takes, and the sibling branches take theirs meanwhile. The jsonata library (2.x)
 * evaluates only through promises, with a number of steps that depends on the expression and the
 * data, so while a JSONata-conditioned breakpoint is set, the branches that reach its target
 * state (and only those: other hooks never evaluate it) may emit their events in another order
 * than without the breakpoint, even when the condition never holds: event ids and
 * previousEventIds then differ, and so may which branch draws which of the run's seeded random
 * numbers (States.UUID, jitter); each branch's own sequence of states does not.
 * Why the asynchronous path cannot be fixed in place:
 * - Holding the other coroutines while the condition settles is not possible: they are plain
 *   promise chains that only meet the scheduler at timers, group starts and ends, not at every
 *   step, so nothing can stop them for exactly the steps the evaluation takes.
 * - Evaluating where the order cannot change needs the value synchronously: the library has no
 *   synchronous mode, and `common` code may not block on a worker (Atomics.wait is not allowed on
 *   a browser's main thread). So the host may supply a {@link SyncJsonataEvaluator}: the Node
 *   hosts (service, CLI, desktop app) do, evaluating in a worker thread while this one waits, and
 *   then a JSONata condition is answered in the same step and keeps the history identical.
 *   Without one (a browser-only run), the asynchronous path below applies.
 * - A synchronous evaluator of our own for a subset of JSONata would be a second implementation
 *   of its semantics (sequences, singleton arrays, comparison errors) that could disagree with
 *   the one the states use.
 * JSONPath conditions are synchronous and keep the history identical (test/unit/debug/breakpoints.test.ts
 * has both cases, the JSONata one as a known failure).
 */
export function conditionHolds(bp: Breakpoint, event: BreakpointEvent, evaluateSync?: SyncJsonataEvaluator): boolean | Promise<boolean> {
  const c = bp.condition;
  if (c === undefined) return true;
  return c.language === 'JSONPath' ? evaluatePathCondition(c, event) : evaluateJsonataCondition(c, event, evaluateSync);
}

/** Whether hit number `hits` (1-based) of a breakpoint stops. */
export function hitStops(condition: HitCondition | undefined, hits: number): boolean {
  if (condition === undefined) return true;
  switch (condition.op) {
    case '==':
      return hits === condition.value;
    case '>=':
      return hits >= condition.value;
    case '%':
      return hits % condition.value === 0;
  }
}

/**
 * Breakpoints with their hit counters, for one run. `match` returns the breakpoints that stop
 * on `event` (enabled, target, iteration, condition, then hit count, in that order: a hit is
 * counted only when the condition holds). Synchronous unless a matching breakpoint has a JSONata
 * condition.
 */
export interface BreakpointMatcher {
  match(event: BreakpointEvent): Breakpoint[] | Promise<Breakpoint[]>;
  /** Replaces the list; counters of breakpoints that keep their id are kept. */
  set(breakpoints: readonly Breakpoint[]): void;
  list(): readonly Breakpoint[];
  /** Hits so far, by breakpoint id. */
  hits(): ReadonlyMap<string, number>;
}

/** Creates a matcher over `breakpoints`; JSONata conditions go to `evaluateSync` when given (see conditionHolds). */
export function createBreakpointMatcher(breakpoints: readonly Breakpoint[] = [], evaluateSync?: SyncJsonataEvaluator): BreakpointMatcher {
  let list: readonly Breakpoint[] = breakpoints;
  const hits = new Map<string, number>();
  const count = (bp: Breakpoint): boolean => {
    const n = (hits.get(bp.id) ?? 0) + 1;
    hits.set(bp.id, n);
    return hitStops(bp.hitCondition, n);
  };
  return {
    match(event) {
      const candidates = list.filter((bp) => bp.enabled && targetMatches(bp, event));
      if (candidates.length === 0) return [];
      const verdicts = candidates.map((bp) => conditionHolds(bp, event, evaluateSync));
      if (verdicts.some((v) => v instanceof Promise)) {
        return Promise.all(verdicts).then((vs) => candidates.filter((bp, i) => vs[i] && count(bp)));
      }
      return candidates.filter((bp, i) => verdicts[i] && count(bp));
    },
    set(next) {
      list = next;
      const keep = new Set(next.map((b) => b.id));
      for (const id of [...hits.keys()]) if (!keep.has(id)) hits.delete(id);
    },
    list: () => list,
    hits: () => hits,
  };
}
