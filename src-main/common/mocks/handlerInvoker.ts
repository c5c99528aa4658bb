import type { Json } from '../json';
import type { Failure } from '../engine/errors';
import { StatesErrors } from '../engine/errors';
import type { TaskInvoker, TaskOutcome, TaskRequest } from '../engine/ports';
import type { MockTaskOutcome, TaskOutcomeExtras } from './mockInvoker';

/**
 * Local handlers for programmatic use: plain functions that answer Task invocations, looked up
 * by state name or by Resource ARN.
 *
 * A handler returns the Task's result as a JSON value (`undefined` counts as `null`, as for a
 * Lambda function that returns nothing). To fail or time out, it returns `failTask(...)` or
 * `timeOutTask(...)`; to attach `submitted`/`workerName`, it returns `succeedTask(output, extras)`.
 * A handler that throws fails the Task like a Lambda function would: the error name is the
 * thrown Error's `name` ("Error", "TypeError", ...) and the cause is its `message`.
 */
export type Handler = (request: TaskRequest) => HandlerResult | Promise<HandlerResult>;

/** What a handler may return: a JSON result, `undefined` (→ `null`), or an explicit outcome. */
export type HandlerResult = Json | undefined | HandlerOutcome;

const OUTCOME_BRAND: unique symbol = Symbol.for('stepscope.handlerOutcome') as never;

/** An explicit outcome returned by a handler; build one with `succeedTask`, `failTask` or `timeOutTask`. */
export interface HandlerOutcome {
  readonly [OUTCOME_BRAND]: true;
  readonly outcome: MockTaskOutcome;
}

/** True when a handler's return value is an explicit outcome rather than a JSON result. */
export function isHandlerOutcome(value: unknown): value is HandlerOutcome {
  return typeof value === 'object' && value !== null && (value as { [OUTCOME_BRAND]?: unknown })[OUTCOME_BRAND] === true;
}

function wrap(outcome: MockTaskOutcome): HandlerOutcome {
  return { [OUTCOME_BRAND]: true, outcome };
}

/** A successful result, optionally with the `TaskSubmitted` output or an activity worker name. */
export function succeedTask(output: Json, extras: TaskOutcomeExtras = {}): HandlerOutcome {
  return wrap({ kind: 'success', output, ...extras });
}

/** A failed invocation (`TaskFailed`, `LambdaFunctionFailed`, `ActivityFailed`); either field may be left out. */
export function failTask(error?: string, cause?: string): HandlerOutcome {
  const failure: Failure = {};
  if (error !== undefined) failure.error = error;
  if (cause !== undefined) failure.cause = cause;
  return wrap({ kind: 'failure', failure });
}

/** A timed-out invocation (`TaskTimedOut`, ...). The error defaults to `States.Timeout`. */
export function timeOutTask(error: string = StatesErrors.Timeout, cause?: string): HandlerOutcome {
  const failure: Failure = { error };
  if (cause !== undefined) failure.cause = cause;
  return wrap({ kind: 'timeout', failure });
}

/** Error name of the failure given when no handler (and no fallback) answers an invocation. */
export const NO_HANDLER_ERROR = 'Stepscope.NoHandler';
/** Error name of the failure given when a handler returns something that is not JSON. */
export const INVALID_HANDLER_RESULT_ERROR = 'Stepscope.InvalidHandlerResult';

/** Where a value stops being JSON (a function, `undefined` in an array, NaN, a Date...), or undefined when it is JSON. */
function findNonJson(value: unknown, path: string, seen: Set<object>): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path || 'the result'} is ${value}`;
  if (typeof value !== 'object') return `${path || 'the result'} is a ${typeof value}`;
  if (seen.has(value)) return `${path || 'the result'} is a circular reference`;
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const problem = findNonJson(value[i], `${path}[${i}]`, seen);
        if (problem) return problem;
      }
      return undefined;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return `${path || 'the result'} is not a plain object`;
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue; // dropped, as JSON.stringify does
      const problem = findNonJson(item, `${path}.${key}`, seen);
      if (problem) return problem;
    }
    return undefined;
  } finally {
    seen.delete(value);
  }
}

/** Removes `undefined` object members, as JSON serialisation would. */
function dropUndefined(value: Json): Json {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(dropUndefined);
  const copy: { [key: string]: Json } = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) copy[key] = dropUndefined(item);
  return copy;
}

function outcomeFromHandler(result: HandlerResult, stateName: string): TaskOutcome {
  if (isHandlerOutcome(result)) return result.outcome;
  const value = result === undefined ? null : result;
  const problem = findNonJson(value, '', new Set());
  if (problem) {
    return {
      kind: 'failure',
      failure: { error: INVALID_HANDLER_RESULT_ERROR, cause: `The handler for state "${stateName}" returned a value that is not JSON: ${problem.replace(/^\./, '')}` },
    };
  }
  return { kind: 'success', output: dropUndefined(value) };
}

function outcomeFromThrown(thrown: unknown): TaskOutcome {
  if (thrown instanceof Error) return { kind: 'failure', failure: { error: thrown.name || 'Error', cause: thrown.message } };
  return { kind: 'failure', failure: { error: 'Error', cause: String(thrown) } };
}

/**
 * A TaskInvoker that calls local handlers: first `byState[stateName]`, then
 * `byResource[resource]` (the Resource ARN exactly as written in the definition), then `fallback`.
 * With none of these, the Task fails with `Stepscope.NoHandler`. See `Handler` for what a
 * handler returns and how thrown exceptions become Task failures.
 */
export function createHandlerInvoker(
  handlers: { byState?: Record<string, Handler>; byResource?: Record<string, Handler> },
  fallback?: TaskInvoker,
): TaskInvoker {
  const own = (record: Record<string, Handler> | undefined, key: string): Handler | undefined =>
    record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;

  return {
    invoke(request: TaskRequest): TaskOutcome | Promise<TaskOutcome> {
      const handler = own(handlers.byState, request.stateName) ?? own(handlers.byResource, request.resource);
      if (!handler) {
        if (fallback) return fallback.invoke(request);
        return {
          kind: 'failure',
          failure: {
            error: NO_HANDLER_ERROR,
            cause: `No handler for state "${request.stateName}" or resource "${request.resource}"`,
          },
        };
      }
      let result: HandlerResult | Promise<HandlerResult>;
      try {
        result = handler(request);
      } catch (thrown) {
        return outcomeFromThrown(thrown);
      }
      if (result instanceof Promise) {
        return result.then(
          (value) => outcomeFromHandler(value, request.stateName),
          (thrown: unknown) => outcomeFromThrown(thrown),
        );
      }
      return outcomeFromHandler(result, request.stateName);
    },
  };
}
