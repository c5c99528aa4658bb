import type { TaskInvoker, TaskOutcome, TaskRequest } from '../engine/ports';
import { TASK_SCHEDULED_EVENT_TYPES, type HistoryEvent } from '../history/events';
import { compareNests, placeEvents, type Nest } from '../history/placement';
import { MOCK_NOT_FOUND_ERROR } from '../mocks';

/**
 * Which mocked response answers each Task invocation of a redrive (README, "Redrive and mocks").
 *
 * A redrive is the same execution going on, so its Task invocations are counted after every
 * earlier one of the same state, as a service would count calls: in a test case
 * `{"0": Throw, "1": Return}`, the original run fails on invocation 0 and the redrive's first
 * call is invocation 1 (`before`). Step Functions Local has no RedriveExecution, so nothing in it
 * says more; Stepscope adds one rule so that a mock config written for (or made from) the
 * original run needs no index arithmetic:
 *
 *   An invocation of the redrive that the mock config does not answer takes the config's
 *   response for the invocation it re-runs: the state's last invocation before the redrive in
 *   the same Map iteration (outside any Map: the state's last invocation; in an iteration that
 *   never reached the state: the state's last invocation anywhere).
 *
 * So the test case that failed fails the same way again (not with Stepscope.MockNotFound), and
 * after "Mocks from this execution", editing the failed invocation's response is what the
 * redrive gets. Retries in the redrive (AWS resets them) get the same fallback, so a fallback
 * that fails is retried as the original was. Everything is read from the history: the same
 * history, definition and config give the same answers.
 */

/** The invocation indexes of a history that a redrive's mock answers are counted from. */
export interface RedriveInvocations {
  /** Invocations of each Task state before the redrive: the redrive's indexes go on from them. */
  before: Record<string, number>;
  /**
   * Per Task state, the index of its last invocation before the redrive: by innermost Map
   * iteration index (`"3"`), outside any Map (`""`), and over the whole history (`"*"`).
   */
  last: Record<string, Record<string, number>>;
}

interface Scheduled {
  state: string;
  nest: readonly Nest[];
  order: number;
}

/** The innermost Map iteration index of a place, as a key of `RedriveInvocations.last` ("" outside any Map). */
function iterationKey(index: number | undefined): string {
  return index === undefined ? '' : String(index);
}

/**
 * Reads `events` (the failed execution's whole history, earlier redrives included) into the
 * counts a redrive's mock answers go on from. Invocation indexes are counted as the engine
 * counts them and as "Mocks from this execution" writes them: per state, by Map visit and
 * iteration index first, then in history order.
 */
export function redriveInvocations(events: readonly HistoryEvent[]): RedriveInvocations {
  const places = placeEvents(events);
  const byState = new Map<string, Scheduled[]>();
  events.forEach((event, order) => {
    const place = places[order];
    if (place.state === null || !TASK_SCHEDULED_EVENT_TYPES.has(event.type)) return;
    const list = byState.get(place.state) ?? [];
    list.push({ state: place.state, nest: place.nest, order });
    byState.set(place.state, list);
  });
  const before: Record<string, number> = {};
  const last: Record<string, Record<string, number>> = {};
  for (const [state, list] of byState) {
    list.sort((a, b) => compareNests(a.nest, b.nest) || a.order - b.order);
    before[state] = list.length;
    const keys: Record<string, number> = {};
    let latest = list[0];
    list.forEach((inv, index) => {
      const map = [...inv.nest].reverse().find((n) => n.kind === 'map');
      const key = iterationKey(map?.kind === 'map' ? map.index : undefined);
      // The latest in history order at each iteration (a later Map visit, a later attempt).
      if (keys[key] === undefined || list[keys[key]].order < inv.order) keys[key] = index;
      if (inv.order >= latest.order) latest = inv;
    });
    keys['*'] = list.indexOf(latest);
    last[state] = keys;
  }
  return { before, last };
}

/** True for the failure a mock invoker gives when no response answers an invocation. */
function unanswered(outcome: TaskOutcome): boolean {
  return outcome.kind === 'failure' && outcome.failure.error === MOCK_NOT_FOUND_ERROR;
}

/**
 * Wraps the invoker of a redrive: each invocation index goes on from `plan.before`, and an
 * invocation the wrapped invoker cannot answer (Stepscope.MockNotFound) is asked again as the
 * invocation it re-runs (`plan.last`; see the file comment). Other invokers' answers pass through.
 */
export function redriveInvoker(invoker: TaskInvoker, plan: RedriveInvocations): TaskInvoker {
  return {
    invoke(request: TaskRequest) {
      const offset = plan.before[request.stateName] ?? 0;
      const first = invoker.invoke(offset === 0 ? request : { ...request, invocationIndex: request.invocationIndex + offset });
      const keys = plan.last[request.stateName];
      if (keys === undefined) return first;
      const rerun = keys[iterationKey(request.mapIterationIndex)] ?? keys['*'];
      if (rerun === undefined) return first;
      const answer = (outcome: TaskOutcome): TaskOutcome | Promise<TaskOutcome> => (unanswered(outcome) ? invoker.invoke({ ...request, invocationIndex: rerun }) : outcome);
      return first instanceof Promise ? first.then(answer) : answer(first);
    },
  };
}
