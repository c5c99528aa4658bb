import type { HistoryEvent } from '../../src-main/common/history/events';
import type { Json } from '../../src-main/common/json';

/**
 * History invariants every execution history must keep, whatever the definition, input and mocks:
 * the properties AWS's GetExecutionHistory guarantees and the debugger's views rely on. Each
 * broken invariant comes back as a `Violation` whose `key` is stable across runs (it names the
 * invariant and the event type where it broke, never ids, names or values), so the fuzzer can
 * group findings and compare them with test/fuzz/known-violations.json.
 */

/** One broken invariant. */
export interface Violation {
  /** Stable grouping key, e.g. `id-gap/ExecutionFailed` or `uncaught/run/RangeError`. */
  key: string;
  /** What exactly was wrong in this run (ids, values). */
  message: string;
}

/** The execution event types that end a history. */
export const TERMINAL_EVENT_TYPES: ReadonlySet<string> = new Set([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionTimedOut',
  'ExecutionAborted',
]);

/** Which terminal event each final status must end with. */
const TERMINAL_FOR_STATUS: Readonly<Record<string, string>> = {
  SUCCEEDED: 'ExecutionSucceeded',
  FAILED: 'ExecutionFailed',
  TIMED_OUT: 'ExecutionTimedOut',
  ABORTED: 'ExecutionAborted',
};

/**
 * Where AWS writes previousEventId 0 besides event 1 (from the AWS-recorded corpus: 532 histories):
 * the first state's `*StateEntered` (event 2) and `EvaluationFailed` (a JSONata evaluation error).
 */
const ZERO_PREVIOUS_ALLOWED: ReadonlySet<string> = new Set(['EvaluationFailed']);

/** ISO-8601 instant as the engine writes it (UTC, milliseconds); years past 9999 use the ±YYYYYY form. */
const ISO_INSTANT = /^(?:\d{4}|[+-]\d{6})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Options of `checkHistory`. */
export interface HistoryCheckOptions {
  /** The history-event quota of the run (`false` when off). */
  historyQuota: number | false;
  /** The run's final status, checked against the terminal event. */
  status?: string;
  /** Prefix of every key and message (e.g. `child:` for a Map Run child's history). */
  where?: string;
}

/** True when `value` holds a number that JSON cannot carry (NaN, ±Infinity), at any depth. */
export function hasNonFiniteNumber(value: unknown, depth = 0): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (depth > 2_000 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => hasNonFiniteNumber(v, depth + 1));
  return Object.values(value as Record<string, unknown>).some((v) => hasNonFiniteNumber(v, depth + 1));
}

/** The JSON-text fields of event details (inputs, outputs, parameters, results, causes are text in the API). */
const JSON_TEXT_FIELDS = new Set(['input', 'output', 'parameters', 'result', 'assignedVariables']);

/**
 * Checks one history. Promises: never throws; returns every broken invariant, each at most once per
 * key (the first occurrence, with its event id in the message).
 */
export function checkHistory(events: readonly HistoryEvent[], options: HistoryCheckOptions): Violation[] {
  const where = options.where ?? '';
  const out = new Map<string, Violation>();
  const add = (key: string, message: string): void => {
    const k = `${where}${key}`;
    if (!out.has(k)) out.set(k, { key: k, message: `${where}${message}` });
  };
  if (events.length === 0) {
    add('empty-history', 'the run produced no events');
    return [...out.values()];
  }
  const n = events.length;
  // Ids are exactly 1..n, in order.
  for (let i = 0; i < n; i++) {
    const e = events[i];
    if (e.id !== i + 1) {
      const kind = e.id > i + 1 ? 'id-gap' : 'id-out-of-order';
      add(`${kind}/${e.type}`, `event #${i + 1} (${e.type}) has id ${e.id}; expected ${i + 1} (previous event: ${events[i - 1]?.type ?? 'none'} id ${events[i - 1]?.id ?? '-'})`);
      break;
    }
  }
  // ExecutionStarted exactly once, first; exactly one terminal event, last.
  const started = events.filter((e) => e.type === 'ExecutionStarted').length;
  if (events[0].type !== 'ExecutionStarted') add(`first-not-started/${events[0].type}`, `event 1 is ${events[0].type}, not ExecutionStarted`);
  if (started !== 1) add('started-count', `${started} ExecutionStarted events`);
  const terminals = events.filter((e) => TERMINAL_EVENT_TYPES.has(e.type));
  const last = events[n - 1];
  if (!TERMINAL_EVENT_TYPES.has(last.type)) add(`last-not-terminal/${last.type}`, `the last event (id ${last.id}) is ${last.type}`);
  if (terminals.length !== 1) add('terminal-count', `${terminals.length} terminal execution events: ${terminals.map((e) => `${e.type}#${e.id}`).join(', ')}`);
  if (options.status !== undefined && TERMINAL_FOR_STATUS[options.status] !== last.type) {
    add(`status-mismatch/${options.status}/${last.type}`, `status ${options.status} but the last event is ${last.type}`);
  }
  // previousEventId points to an earlier event; 0 only where AWS writes 0.
  const ids = new Set<number>();
  let lastTime = -Infinity;
  for (let i = 0; i < n; i++) {
    const e = events[i];
    const p = e.previousEventId;
    if (typeof p !== 'number' || !Number.isInteger(p)) add(`previous-not-integer/${e.type}`, `event ${e.id} (${e.type}) has previousEventId ${String(p)}`);
    else if (p === 0) {
      if (i > 1 && !ZERO_PREVIOUS_ALLOWED.has(e.type)) add(`previous-zero/${e.type}`, `event ${e.id} (${e.type}) has previousEventId 0`);
    } else if (p >= e.id || !ids.has(p)) add(`previous-not-earlier/${e.type}`, `event ${e.id} (${e.type}) has previousEventId ${p}, which is not an earlier event`);
    ids.add(e.id);
    // Timestamps: valid ISO-8601 instants, non-decreasing in id order.
    const t = typeof e.timestamp === 'string' && ISO_INSTANT.test(e.timestamp) ? Date.parse(e.timestamp) : NaN;
    if (Number.isNaN(t)) add(`bad-timestamp/${e.type}`, `event ${e.id} (${e.type}) has timestamp ${JSON.stringify(e.timestamp)}`);
    else {
      if (t < lastTime) add(`timestamp-decreasing/${e.type}`, `event ${e.id} (${e.type}) at ${e.timestamp} is earlier than the event before it`);
      lastTime = t;
    }
    // Details: finite numbers, JSON text that parses to finite numbers.
    for (const [k, details] of Object.entries(e)) {
      if (!k.endsWith('EventDetails') || details === undefined) continue;
      checkDetails(details, e, k, add);
    }
  }
  if (options.historyQuota !== false && n > options.historyQuota) {
    // Developer Guide, "Avoid reaching the history quota": a hard quota of entries; the terminal
    // event (ExecutionFailed with States.Runtime at the quota) is the last of them.
    add(`over-quota/${last.type}`, `${n} events, over the quota of ${options.historyQuota}`);
  }
  return [...out.values()];
}

function checkDetails(details: Json, e: HistoryEvent, detailsKey: string, add: (key: string, message: string) => void): void {
  if (hasNonFiniteNumber(details)) add(`non-finite-detail/${e.type}`, `event ${e.id} (${e.type}) ${detailsKey} holds NaN or Infinity`);
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return;
  for (const [field, value] of Object.entries(details)) {
    if (!JSON_TEXT_FIELDS.has(field)) continue;
    if (field === 'assignedVariables') {
      // A map of variable name → JSON text.
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        for (const [name, text] of Object.entries(value)) checkText(text, `${detailsKey}.${field}.${name}`);
      }
      continue;
    }
    checkText(value, `${detailsKey}.${field}`);
  }
  function checkText(text: Json, what: string): void {
    if (typeof text !== 'string') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // `result` of some integrations is plain text; only input/output/parameters must be JSON.
      if (!what.endsWith('.result')) add(`json-text-unparsable/${e.type}`, `event ${e.id} (${e.type}) ${what} is not JSON text: ${text.slice(0, 80)}`);
      return;
    }
    if (hasNonFiniteNumber(parsed)) add(`non-finite-detail/${e.type}`, `event ${e.id} (${e.type}) ${what} parses to NaN or Infinity`);
  }
}
