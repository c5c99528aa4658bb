import type { Json } from '../json';
import type { ExecutionCase, ExpectedEvent } from './conformanceCase';
import { matchValue, memberPath, preview, type ValueMismatch } from './matchValue';
import { isBlockEvent, normaliseParallelBranches, type NormalisableEvent } from './normaliseParallel';

/**
 * Compares an execution with a recorded case (test/fixtures/conformance/README.md, "Comparing a run
 * with a case"): status; output, or error and cause; then the history event by event (type, id,
 * previousEventId and every `*EventDetails` object), with the `parallel-branches` normalisation
 * when the case asks for it.
 */

/** How a run ended and what it emitted: a `RunResult` fits. */
export interface RunToCompare {
  status: string;
  output?: Json;
  error?: string;
  cause?: string;
  /** History events in AWS shape (`id`, `previousEventId`, `type`, `*EventDetails`). */
  events: readonly object[];
}

/** The first difference between a run and its case. */
export interface RunMismatch {
  /** Readable location, e.g. `history[12] (id 13, TaskStateEntered).stateEnteredEventDetails.input`. */
  where: string;
  expected: unknown;
  actual: unknown;
  message: string;
}

/** Result of `compareRun`. */
export type CompareResult = { ok: true } | { ok: false; firstMismatch: RunMismatch };

type AnyEvent = NormalisableEvent & { [key: string]: unknown };

function isDetailsKey(key: string): boolean {
  return key.endsWith('EventDetails');
}

function describeId(id: unknown): string {
  return isBlockEvent({ id }) ? '[0]' : String(id);
}

function eventLabel(index: number, event: { id?: unknown; type?: unknown }): string {
  return `history[${index}] (id ${describeId(event.id)}, ${String(event.type)})`;
}

function fromValue(where: string, mismatch: ValueMismatch): RunMismatch {
  return { where: `${where}${mismatch.path}`, expected: mismatch.expected, actual: mismatch.actual, message: mismatch.message };
}

/**
 * Compares one event's details members. Depth-1 members are JSON text in the API (input, output,
 * parameters, cause), as are the values of `assignedVariables`; anything deeper is compared as is.
 */
function compareDetails(expected: Json, actual: unknown): ValueMismatch | undefined {
  if (expected === null || typeof expected !== 'object' || Array.isArray(expected) || actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
    return matchValue(expected, actual);
  }
  const actualObject = actual as Record<string, unknown>;
  for (const key of Object.keys(expected)) {
    if (!Object.prototype.hasOwnProperty.call(actualObject, key) || actualObject[key] === undefined) {
      return { path: memberPath(key), expected: expected[key], actual: undefined, message: `missing member "${key}" (expected ${preview(expected[key])})` };
    }
    const e = expected[key];
    const a = actualObject[key];
    let mismatch: ValueMismatch | undefined;
    if (key === 'assignedVariables' && e !== null && typeof e === 'object' && !Array.isArray(e) && a !== null && typeof a === 'object' && !Array.isArray(a)) {
      mismatch = compareAssignedVariables(e, a as Record<string, unknown>);
    } else {
      mismatch = matchValue(e, a, { jsonText: true, key });
    }
    if (mismatch) return { ...mismatch, path: `${memberPath(key)}${mismatch.path}` };
  }
  for (const key of Object.keys(actualObject)) {
    if (actualObject[key] === undefined) continue;
    if (!Object.prototype.hasOwnProperty.call(expected, key)) {
      return { path: memberPath(key), expected: undefined, actual: actualObject[key], message: `unexpected member "${key}": ${preview(actualObject[key])}` };
    }
  }
  return undefined;
}

/** `assignedVariables` maps each variable name to its value as JSON text. */
function compareAssignedVariables(expected: { [key: string]: Json }, actual: Record<string, unknown>): ValueMismatch | undefined {
  for (const key of Object.keys(expected)) {
    if (!Object.prototype.hasOwnProperty.call(actual, key)) {
      return { path: memberPath(key), expected: expected[key], actual: undefined, message: `missing variable "${key}" (expected ${preview(expected[key])})` };
    }
    const mismatch = matchValue(expected[key], actual[key], { jsonText: true });
    if (mismatch) return { ...mismatch, path: `${memberPath(key)}${mismatch.path}` };
  }
  for (const key of Object.keys(actual)) {
    if (!Object.prototype.hasOwnProperty.call(expected, key)) {
      return { path: memberPath(key), expected: undefined, actual: actual[key], message: `unexpected variable "${key}": ${preview(actual[key])}` };
    }
  }
  return undefined;
}

function sameId(expected: unknown, actual: unknown): boolean {
  if (isBlockEvent({ id: expected })) return isBlockEvent({ id: actual });
  return expected === actual;
}

/**
 * Compares one event with its expected counterpart: `type`, `id`, `previousEventId`, then every
 * `*EventDetails` member on either side. The top-level `timestamp` is not compared. Returns the
 * difference with a location relative to the event ("" for the event as a whole).
 */
export function compareEvent(expected: ExpectedEvent, actual: AnyEvent): ValueMismatch | undefined {
  if (expected.type !== actual.type) {
    return { path: '.type', expected: expected.type, actual: actual.type, message: `expected a ${expected.type} event, got ${String(actual.type)}` };
  }
  if (!sameId(expected.id, actual.id)) {
    return { path: '.id', expected: expected.id, actual: actual.id, message: `expected id ${describeId(expected.id)}, got ${describeId(actual.id)}` };
  }
  if (expected.previousEventId !== actual.previousEventId) {
    return {
      path: '.previousEventId',
      expected: expected.previousEventId,
      actual: actual.previousEventId,
      message: `expected previousEventId ${expected.previousEventId}, got ${String(actual.previousEventId)}`,
    };
  }
  for (const key of Object.keys(expected)) {
    if (!isDetailsKey(key)) continue;
    if (actual[key] === undefined) {
      return { path: memberPath(key), expected: expected[key], actual: undefined, message: `missing ${key}` };
    }
    const mismatch = compareDetails(expected[key], actual[key]);
    if (mismatch) return { ...mismatch, path: `${memberPath(key)}${mismatch.path}` };
  }
  for (const key of Object.keys(actual)) {
    if (isDetailsKey(key) && actual[key] !== undefined && !Object.prototype.hasOwnProperty.call(expected, key)) {
      return { path: memberPath(key), expected: undefined, actual: actual[key], message: `unexpected ${key}: ${preview(actual[key])}` };
    }
  }
  return undefined;
}

/** Length of the run of block events (id `[0]`) starting at `start`. */
function blockLength(events: readonly { id?: unknown }[], start: number): number {
  let end = start;
  while (end < events.length && isBlockEvent(events[end])) end++;
  return end - start;
}

/**
 * Matches two blocks as multisets (maximum bipartite matching, so that loose placeholders cannot
 * make a greedy choice fail). Returns the first expected event left without a partner, with the
 * closest candidate's difference, or undefined when every event is matched.
 */
function compareBlocks(
  expected: readonly ExpectedEvent[],
  actual: readonly AnyEvent[],
  where: string,
): RunMismatch | undefined {
  const n = expected.length;
  const cache = new Map<number, boolean>();
  const matches = (e: number, a: number): boolean => {
    const key = e * actual.length + a;
    let result = cache.get(key);
    if (result === undefined) {
      result = compareEvent(expected[e], actual[a]) === undefined;
      cache.set(key, result);
    }
    return result;
  };
  const partnerOfActual: number[] = new Array<number>(actual.length).fill(-1);
  const tryAssign = (e: number, seen: boolean[]): boolean => {
    for (let a = 0; a < actual.length; a++) {
      if (seen[a] || expected[e].type !== actual[a].type || !matches(e, a)) continue;
      seen[a] = true;
      if (partnerOfActual[a] === -1 || tryAssign(partnerOfActual[a], seen)) {
        partnerOfActual[a] = e;
        return true;
      }
    }
    return false;
  };
  for (let e = 0; e < n; e++) {
    if (tryAssign(e, new Array<boolean>(actual.length).fill(false))) continue;
    const exp = expected[e];
    const sameType = actual.filter((a) => a.type === exp.type);
    const label = `${where} expected ${exp.type} #${e} of the block`;
    if (sameType.length === 0) {
      return { where: label, expected: exp, actual: undefined, message: `no ${exp.type} event in the actual block` };
    }
    // Report the difference against the first unpartnered event of the same type, else the first of that type.
    const free = actual.findIndex((a, i) => a.type === exp.type && partnerOfActual[i] === -1);
    const candidate = free >= 0 ? actual[free] : sameType[0];
    const diff = compareEvent(exp, candidate);
    if (diff) return { ...fromValue(label, diff), message: `no matching ${exp.type} event in the actual block; closest: ${diff.message}` };
    return { where: label, expected: exp, actual: candidate, message: `more ${exp.type} events expected than the actual block holds` };
  }
  return undefined;
}

function compareHistory(testCase: ExecutionCase, events: readonly object[]): RunMismatch | undefined {
  const expected = testCase.expected.history;
  if (!expected) return undefined;
  let actual = events as readonly AnyEvent[];
  const normalised = testCase.expected.historyNormalisation === 'parallel-branches';
  if (normalised) actual = normaliseParallelBranches(actual);

  const lengthNote =
    expected.length === actual.length
      ? ''
      : `history has ${actual.length} events${normalised ? ' after normalisation' : ''}, expected ${expected.length}; `;
  let i = 0;
  while (i < expected.length && i < actual.length) {
    if (normalised && isBlockEvent(expected[i])) {
      const expLen = blockLength(expected, i);
      const actLen = blockLength(actual, i);
      const where = `history[${i}..${i + expLen - 1}] (parallel block)`;
      if (expLen !== actLen) {
        return {
          where,
          expected: expected.slice(i, i + expLen).map((e) => e.type),
          actual: actual.slice(i, i + actLen).map((e) => e.type),
          message: `${lengthNote}parallel block has ${actLen} events, expected ${expLen}`,
        };
      }
      const mismatch = compareBlocks(expected.slice(i, i + expLen), actual.slice(i, i + actLen), where);
      if (mismatch) return { ...mismatch, message: `${lengthNote}${mismatch.message}` };
      i += expLen;
      continue;
    }
    const mismatch = compareEvent(expected[i], actual[i]);
    if (mismatch) {
      const m = fromValue(eventLabel(i, expected[i]), mismatch);
      return { ...m, message: `${lengthNote}${m.message}` };
    }
    i++;
  }
  if (expected.length !== actual.length) {
    const extra = actual.length > expected.length;
    const index = Math.min(expected.length, actual.length);
    return {
      where: 'history.length',
      expected: expected.length,
      actual: actual.length,
      message: extra
        ? `${lengthNote}first unexpected event: history[${index}] ${String(actual[index].type)}`
        : `${lengthNote}first missing event: history[${index}] (id ${describeId(expected[index].id)}, ${expected[index].type})`,
    };
  }
  return undefined;
}

/**
 * Compares a run with an execution case by the corpus rules and returns the first mismatch:
 * status first; for SUCCEEDED the output, otherwise error and cause where the case gives them;
 * then the history (when the case has one). When the histories differ in length, the message
 * says so and points at the first differing event.
 */
export function compareRun(testCase: ExecutionCase, run: RunToCompare): CompareResult {
  const expected = testCase.expected;
  if (run.status !== expected.status) {
    const detail =
      run.status === 'FAILED' || run.status === 'TIMED_OUT'
        ? ` (error ${preview(run.error)}, cause ${preview(run.cause, 200)})`
        : '';
    return { ok: false, firstMismatch: { where: 'status', expected: expected.status, actual: run.status, message: `expected status ${expected.status}, got ${run.status}${detail}` } };
  }
  if (expected.status === 'SUCCEEDED') {
    if (expected.output !== undefined) {
      const mismatch = matchValue(expected.output, run.output);
      if (mismatch) return { ok: false, firstMismatch: fromValue('output', mismatch) };
    }
  } else {
    if (expected.error !== undefined) {
      const mismatch = matchValue(expected.error, run.error);
      if (mismatch) return { ok: false, firstMismatch: fromValue('error', mismatch) };
    }
    if (expected.cause !== undefined) {
      const mismatch = matchValue(expected.cause, run.cause, { jsonText: true });
      if (mismatch) return { ok: false, firstMismatch: fromValue('cause', mismatch) };
    }
  }
  const historyMismatch = compareHistory(testCase, run.events);
  if (historyMismatch) return { ok: false, firstMismatch: historyMismatch };
  return { ok: true };
}
