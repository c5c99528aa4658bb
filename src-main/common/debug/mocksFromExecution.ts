import { jsonEquals, type Json, type JsonObject } from '../json';
import { detailsOf, payloadOf, TASK_SCHEDULED_EVENT_TYPES, type HistoryEvent, type HistoryEventType } from '../history/events';
import { compareNests, placeEvents, type Nest } from '../history/placement';

/**
 * "Mocks from this execution": turns a history (local, or imported from AWS) into a Step
 * Functions Local MockConfigFile with one test case that answers every Task invocation as the
 * history says it was answered, so that running the same definition and input on it takes the
 * same path to the same outcome.
 *
 * Each invocation is a `*Scheduled` event; its answer is the `*Succeeded` output (`Return`), or
 * the `*Failed` / `*TimedOut` error and cause (`Throw`; a timeout without an error name becomes
 * `States.Timeout`). A Task whose Resource is a Lambda function ARN gets its output wrapped as the
 * Lambda Invoke response `{"StatusCode": 200, "Payload": ...}`, which the engine unwraps. An
 * invocation that never ended (its state was aborted) answers `{}`.
 *
 * Invocation indexes follow the engine's count (mocks/mockInvoker.ts): per state, in the order
 * of the invocations, retries included; for a state inside Map iterations, by Map visit and
 * iteration index first, then in history order.
 */

/** What `mocksFromExecution` makes. */
export interface MocksFromExecution {
  /** The MockConfigFile, as JSON (parse it with mocks/parseMockConfig). */
  config: JsonObject;
  /**
   * What the MockConfigFile cannot hold, in the conformance corpus's `mockExtras` shape
   * (state → invocation key → `{ submitted, workerName }`); pass it to createMockInvoker's `extras`.
   */
  extras: Record<string, Record<string, JsonObject>>;
  /** Number of invocations per Task state. */
  invocations: Record<string, number>;
}

/** Options of `mocksFromExecution`. */
export interface MocksFromExecutionOptions {
  /** State machine name in the config. Default "StateMachine" (the engine's default name). */
  stateMachineName?: string;
  /** Test case name. Default "FromExecution". */
  testCaseName?: string;
}

type Answer = { Return: Json } | { Throw: JsonObject };

interface Invocation {
  state: string;
  nest: readonly Nest[];
  scheduledId: number;
  order: number;
  lambdaArn: boolean;
  answer: Answer | undefined;
  submitted?: Json;
  workerName?: string;
}

const SUCCEEDED: ReadonlySet<HistoryEventType> = new Set(['LambdaFunctionSucceeded', 'TaskSucceeded', 'ActivitySucceeded']);
const FAILED: ReadonlySet<HistoryEventType> = new Set([
  'LambdaFunctionFailed', 'TaskFailed', 'ActivityFailed',
  'LambdaFunctionStartFailed', 'LambdaFunctionScheduleFailed', 'TaskStartFailed', 'TaskSubmitFailed', 'ActivityScheduleFailed',
]);
const TIMED_OUT: ReadonlySet<HistoryEventType> = new Set(['LambdaFunctionTimedOut', 'TaskTimedOut', 'ActivityTimedOut']);

/**
 * A cause recorded already parsed (the conformance corpus parsed every JSON-object text) lost its
 * original text, which matters where a Catch copies it into an output. The text is recovered from
 * the history when a later payload holds it (a Catch output's `Cause`); otherwise it is written compactly.
 */
type CauseTexts = (cause: Json) => string;

function createCauseTexts(events: readonly HistoryEvent[]): CauseTexts {
  let index: Map<string, string> | undefined;
  const build = (): Map<string, string> => {
    const found = new Map<string, string>();
    const visit = (value: Json | undefined, depth: number): void => {
      if (depth > 64 || value === undefined || value === null) return;
      if (typeof value === 'string') {
        const c = value.charAt(0);
        if (c !== '{' && c !== '[') return;
        try {
          const parsed = JSON.parse(value) as Json;
          const key = canonical(parsed);
          if (!found.has(key)) found.set(key, value);
          visit(parsed, depth + 1);
        } catch {
          /* not JSON text */
        }
      } else if (Array.isArray(value)) for (const v of value) visit(v, depth + 1);
      else if (typeof value === 'object') for (const v of Object.values(value)) visit(v, depth + 1);
    };
    for (const e of events) visit(detailsOf(e), 0);
    return found;
  };
  return (cause) => (index ??= build()).get(canonical(cause)) ?? JSON.stringify(cause);
}

/** JSON text with object keys sorted: equal for structurally equal values. */
function canonical(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}

function throwOf(details: JsonObject | undefined, timeout: boolean, causeText: CauseTexts): { Throw: JsonObject } {
  const t: JsonObject = {};
  const error = details?.error;
  const cause = details?.cause;
  if (typeof error === 'string') t.Error = error;
  else if (timeout) t.Error = 'States.Timeout';
  if (cause !== undefined && cause !== null) t.Cause = typeof cause === 'string' ? cause : causeText(cause);
  return { Throw: t };
}

/** The answer an outcome event records; undefined for other events. */
function answerOf(type: HistoryEventType, details: JsonObject | undefined, lambdaArn: boolean, causeText: CauseTexts): Answer | undefined {
  if (SUCCEEDED.has(type)) {
    const output = payloadOf(details?.output) ?? null;
    return { Return: lambdaArn || type === 'LambdaFunctionSucceeded' ? { StatusCode: 200, Payload: output } : output };
  }
  if (FAILED.has(type) || TIMED_OUT.has(type)) return throwOf(details, TIMED_OUT.has(type), causeText);
  return undefined;
}

function placeKey(state: string, nest: readonly Nest[]): string {
  return `${state}\u0000${JSON.stringify(nest)}`;
}

/** Builds the mock config reproducing `events` (see the file comment). */
export function mocksFromExecution(events: readonly HistoryEvent[], options: MocksFromExecutionOptions = {}): MocksFromExecution {
  const places = placeEvents(events);
  const causeText = createCauseTexts(events);
  const invocations: Invocation[] = [];
  /** The invocation in progress at each place (state + nest). */
  const open = new Map<string, Invocation>();
  /**
   * Outcomes seen before their Scheduled event: the corpus's Parallel normalisation reorders a
   * branch's events, so an outcome may come first; it answers the next invocation at its place.
   */
  const early = new Map<string, Answer[]>();
  events.forEach((event, i) => {
    const place = places[i];
    if (place.state === null) return;
    const type = event.type;
    const key = placeKey(place.state, place.nest);
    if (TASK_SCHEDULED_EVENT_TYPES.has(type)) {
      const inv: Invocation = {
        state: place.state,
        nest: place.nest,
        scheduledId: typeof event.id === 'number' ? event.id : i,
        order: i,
        lambdaArn: type === 'LambdaFunctionScheduled',
        answer: undefined,
      };
      invocations.push(inv);
      const waiting = early.get(key);
      if (waiting !== undefined && waiting.length > 0) inv.answer = waiting.shift();
      else open.set(key, inv);
      return;
    }
    const inv = open.get(key);
    const details = detailsOf(event);
    if (inv === undefined) {
      const answer = answerOf(type, details, false, causeText);
      if (answer !== undefined) {
        const list = early.get(key) ?? [];
        list.push(answer);
        early.set(key, list);
      }
      return;
    }
    if (type === 'TaskSubmitted') inv.submitted = payloadOf(details?.output) ?? {};
    else if (type === 'ActivityStarted' && typeof details?.workerName === 'string') inv.workerName = details.workerName;
    else {
      const answer = answerOf(type, details, inv.lambdaArn, causeText);
      if (answer !== undefined) {
        inv.answer = answer;
        open.delete(key);
      }
    }
  });

  const byState = new Map<string, Invocation[]>();
  for (const inv of invocations) {
    const list = byState.get(inv.state) ?? [];
    list.push(inv);
    byState.set(inv.state, list);
  }
  const testCase: JsonObject = {};
  const responses: JsonObject = {};
  const extras: Record<string, Record<string, JsonObject>> = {};
  const counts: Record<string, number> = {};
  for (const [state, list] of byState) {
    list.sort((a, b) => compareNests(a.nest, b.nest) || a.order - b.order);
    const response: JsonObject = {};
    let start = 0;
    // Consecutive identical answers share one range key ("0-2").
    for (let i = 1; i <= list.length; i++) {
      const a = list[start].answer ?? { Return: {} };
      const same = i < list.length && jsonEquals((list[i].answer ?? { Return: {} }) as JsonObject, a as JsonObject) && !hasExtras(list[i]) && !hasExtras(list[start]);
      if (same) continue;
      response[i - 1 === start ? String(start) : `${start}-${i - 1}`] = a as JsonObject;
      start = i;
    }
    list.forEach((inv, i) => {
      if (!hasExtras(inv)) return;
      const e: JsonObject = {};
      if (inv.submitted !== undefined) e.submitted = inv.submitted;
      if (inv.workerName !== undefined) e.workerName = inv.workerName;
      (extras[state] ??= {})[String(i)] = e;
    });
    testCase[state] = state;
    responses[state] = response;
    counts[state] = list.length;
  }
  const config: JsonObject = {
    StateMachines: {
      [options.stateMachineName ?? 'StateMachine']: { TestCases: { [options.testCaseName ?? 'FromExecution']: testCase } },
    },
    MockedResponses: responses,
  };
  return { config, extras, invocations: counts };
}

function hasExtras(inv: Invocation): boolean {
  return inv.submitted !== undefined || inv.workerName !== undefined;
}
