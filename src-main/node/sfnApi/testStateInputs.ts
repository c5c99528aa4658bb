import type { Json, JsonObject } from '../../common/json';
import { sfnError } from './errors';
import { optionalInteger, optionalString, parseJson } from './params';

/**
 * TestState's `context` and `stateConfiguration` members, checked as AWS checks them (API
 * Reference, TestState and TestStateConfiguration), and the TRACE level's HTTP request and
 * response of an HTTP Task, built from its arguments and its mock.
 */

/** The fields a Context object given to TestState may have, per part (Developer Guide, "Context object"). */
const CONTEXT_FIELDS: Record<string, { fields: Record<string, 'string' | 'number' | 'any'> }> = {
  Execution: { fields: { Id: 'string', Input: 'any', Name: 'string', RoleArn: 'string', StartTime: 'string', RedriveCount: 'number', RedriveTime: 'string' } },
  State: { fields: { Name: 'string', EnteredTime: 'string', RetryCount: 'number' } },
  StateMachine: { fields: { Id: 'string', Name: 'string' } },
  Task: { fields: { Token: 'string' } },
};

const invalidContext = (why: string) => sfnError('ValidationException', `Invalid Context object provided: ${why}`);

/** A Task resource that waits (`.sync`, `.sync:2`, `.waitForTaskToken`): the only kind whose Context object may have `Task`. */
function waits(resource: Json | undefined): boolean {
  return typeof resource === 'string' && /\.(sync(:\d+)?|waitForTaskToken)$/.test(resource);
}

/**
 * The `context` member as the Context object the state sees, or AWS's ValidationException: it
 * needs a mock, is a JSON object of Execution, State, StateMachine (and Task for a waiting Task),
 * each with its own fields only; `Map` cannot be given.
 */
export function contextObjectOf(body: JsonObject, hasMock: boolean, state: JsonObject): JsonObject | undefined {
  const text = optionalString(body, 'context', 262_144);
  if (text === undefined) return undefined;
  if (!hasMock) throw sfnError('ValidationException', 'A Context object can only be given when a mock is given too');
  const parsed = parseJson(text);
  if (!parsed.ok) throw invalidContext(`not JSON: ${parsed.message}`);
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidContext('it must be a JSON object');
  for (const [part, content] of Object.entries(value)) {
    if (part === 'Map') throw invalidContext("'Map' field is not supported when mocking a Context object");
    const spec = CONTEXT_FIELDS[part];
    if (spec === undefined) throw invalidContext(`Field '${part}' is not allowed`);
    if (part === 'Task' && !(state.Type === 'Task' && waits(state.Resource))) {
      throw invalidContext("Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern");
    }
    if (content === null || typeof content !== 'object' || Array.isArray(content)) throw invalidContext(`${part} must be an object`);
    for (const [field, v] of Object.entries(content)) {
      const type = spec.fields[field];
      if (type === undefined) throw invalidContext(`Field '${field}' is not allowed`);
      if (type === 'string' && typeof v !== 'string') throw invalidContext(`${part}.${field} must be a string`);
      if (type === 'number' && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) throw invalidContext(`${part}.${field} must be a non-negative integer`);
    }
  }
  return value;
}

/** TestState's stateConfiguration, as far as Stepscope applies it. */
export interface StateConfiguration {
  /** Retries of the matching retrier already made (default 0). */
  retrierRetryCount: number;
}

/**
 * The `stateConfiguration` member. `retrierRetryCount` is applied; the Map and Parallel members
 * (`errorCausedByState`, `mapIterationFailureCount`, `mapItemReaderData`) belong to mocking a
 * whole Map or Parallel state, which Stepscope's TestState does not do: they are refused, saying so.
 */
export function stateConfigurationOf(body: JsonObject): StateConfiguration {
  const value = body.stateConfiguration;
  if (value === undefined || value === null) return { retrierRetryCount: 0 };
  if (typeof value !== 'object' || Array.isArray(value)) throw sfnError('SerializationException', "Member 'stateConfiguration' must be a structure");
  for (const member of ['errorCausedByState', 'mapIterationFailureCount', 'mapItemReaderData']) {
    if (value[member] !== undefined && value[member] !== null) {
      throw sfnError('ValidationException', `Stepscope's TestState does not support stateConfiguration.${member} yet (it does not mock whole Map or Parallel states)`);
    }
  }
  for (const member of Object.keys(value)) {
    if (member !== 'retrierRetryCount' && !['errorCausedByState', 'mapIterationFailureCount', 'mapItemReaderData'].includes(member)) {
      throw sfnError('SerializationException', `Unknown member 'stateConfiguration.${member}'`);
    }
  }
  return { retrierRetryCount: optionalInteger(value, 'retrierRetryCount', 0, 2_147_483_647) ?? 0 };
}

/** A retrier's wait before its next retry after `retryCount` retries: IntervalSeconds (1) × BackoffRate (2) ^ retryCount, in whole seconds, at most MaxDelaySeconds. */
export function retryDelaySeconds(retrier: JsonObject, retryCount: number): number {
  const interval = typeof retrier.IntervalSeconds === 'number' ? retrier.IntervalSeconds : 1;
  const rate = typeof retrier.BackoffRate === 'number' ? retrier.BackoffRate : 2;
  const delay = Math.floor(interval * rate ** retryCount);
  return typeof retrier.MaxDelaySeconds === 'number' ? Math.min(delay, retrier.MaxDelaySeconds) : delay;
}

/** Whether a Task calls an HTTPS API (`arn:aws:states:::http:invoke`): TRACE shows its request and response. */
export function isHttpTask(state: JsonObject): boolean {
  return state.Type === 'Task' && state.Resource === 'arn:aws:states:::http:invoke';
}

const text = (v: Json | undefined) => (v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * TRACE's `request` and `response` of an HTTP Task: the request from the Task's arguments
 * (ApiEndpoint, Method, Headers, QueryParameters, RequestBody), the response from its mocked
 * result (StatusCode, StatusText, Headers, ResponseBody). Stepscope sends no request; nothing of
 * a connection's secrets is known to it, so there is nothing for `revealSecrets` to hide.
 */
export function httpTrace(args: Json | undefined, result: Json | undefined): JsonObject {
  const out: JsonObject = {};
  if (args !== null && typeof args === 'object' && !Array.isArray(args)) {
    const query = args.QueryParameters;
    let url = typeof args.ApiEndpoint === 'string' ? args.ApiEndpoint : '';
    if (query !== null && typeof query === 'object' && !Array.isArray(query)) {
      const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
      if (search !== '') url += `${url.includes('?') ? '&' : '?'}${search}`;
    }
    const request: JsonObject = { protocol: url.startsWith('http://') ? 'http' : 'https', method: typeof args.Method === 'string' ? args.Method : 'GET', url };
    const headers = text(args.Headers);
    if (headers !== undefined) request.headers = headers;
    const body = text(args.RequestBody);
    if (body !== undefined) request.body = body;
    out.request = request;
  }
  if (result !== null && typeof result === 'object' && !Array.isArray(result)) {
    const response: JsonObject = { protocol: 'https' };
    if (result.StatusCode !== undefined) response.statusCode = String(result.StatusCode);
    if (typeof result.StatusText === 'string') response.statusMessage = result.StatusText;
    const headers = text(result.Headers);
    if (headers !== undefined) response.headers = headers;
    const body = text(result.ResponseBody);
    if (body !== undefined) response.body = body;
    out.response = response;
  }
  return out;
}
