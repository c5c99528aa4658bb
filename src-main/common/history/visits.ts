import type { Json } from '../json';
import type { HistoryEvent } from './events';
import { eventDetails, payloadText } from './historySummary';
import { createPlacement } from './placement';

/**
 * Events → visits: the projection every view of an execution is built on (graph colours, event
 * table's state column, inspector). A **visit** is one entry into a state, from its
 * `*StateEntered` event to its `*StateExited` event (or to the event that ended it: a failure the
 * execution did not survive, or the end of the execution).
 *
 * Events are addressed by their **position** in the list (0-based), not by `id`: imported
 * recordings may carry placeholder ids (the conformance corpus writes `"[ 0 ]"` for the ids of
 * interleaved Parallel branches). A **cursor** is a position: the events at positions
 * `0..cursor` have happened.
 *
 * How an event finds its visit: AWS links each event to the previous one of the same branch or
 * Map iteration (`previousEventId`), so following that link tells which open visit an event
 * belongs to even when branches interleave. When the link is missing or points nowhere (a
 * normalised recording), the innermost open visit is used instead.
 */

/** What a visit is doing or how it ended, at some cursor. */
export type VisitStatus =
  /** Entered and working (a Task called, a Parallel's branches running, ...). */
  | 'running'
  /** Entered and waiting: a Wait state, a Task waiting for its task token or an activity worker. */
  | 'waiting'
  /** Running again after one or more failed attempts (a Retrier matched). */
  | 'retried'
  /** Exited normally. */
  | 'succeeded'
  /** Failed, and a Catcher took the execution elsewhere. */
  | 'caught'
  /** Failed (and, at the cursor, nothing has caught it yet). */
  | 'failed'
  /** Still open when the execution stopped because of something else (a sibling branch failed, the execution was aborted). */
  | 'aborted';

/** A state's status at a cursor: the status of its visits, or `notRun` when none has started. */
export type StateStatus = 'notRun' | VisitStatus;

/** A `States.*` or task error as the failure event recorded it. */
export interface VisitError {
  error: string | null;
  cause: string | null;
}

/** One attempt of a Task (or of a retried Parallel/Map): from its scheduling event to its outcome. */
export interface VisitAttempt {
  /** Position of the `*Scheduled`/`*Submitted`/`*Started` event that began it. */
  startedAt: number;
  /** Position of the outcome event (success or failure), null while open. */
  endedAt: number | null;
  /** The failure, when the attempt failed. */
  failure: VisitError | null;
}

/** One entry into a state. Positions index the event list given to `visitsFromEvents`. */
export interface Visit {
  /** Index in `VisitProjection.visits` (visits are in order of entry). */
  index: number;
  state: string;
  /** `Task`, `Pass`, `Map`, ... as the entered event names it. */
  stateType: string;
  /** The Parallel or Map visit this visit ran inside, or null at the top level. */
  parent: number | null;
  /** Inside a Parallel: the first state of the branch (AWS histories name branches by nothing else). */
  branch: string | null;
  /** Inside a Map: the iteration index. */
  iteration: number | null;
  /** Human-readable place: `Fulfil › ShipItems[1] › Ship`. */
  path: string;
  enteredAt: number;
  /** Position of the `*StateExited` event; null when the visit never exited. */
  exitedAt: number | null;
  /** Position of the event that ended the visit (exit, an unsurvived failure, the execution's end); null while open. */
  endedAt: number | null;
  /** Positions of the visit's own events (entered, task events, exited), in order. */
  events: number[];
  /** The visit's status after each change: `status` at `changes[i].at` and after. Never empty. */
  changes: { at: number; status: VisitStatus }[];
  /** Final status (the last change). */
  status: VisitStatus;
  attempts: VisitAttempt[];
  /** Failed attempts that were followed by another attempt. */
  retries: number;
  /** The last failure recorded in the visit. */
  error: VisitError | null;
  /** JSON text of the state input (entered event), null when the history does not carry it. */
  input: string | null;
  /** JSON text of the state output (exited event), null when unknown or not exited. */
  output: string | null;
  /** Variables assigned on exit (`assignedVariables`), as JSON text per name. */
  assignedVariables: Record<string, string> | null;
  /**
   * The execution's attempt the visit ran in: 0 for its first run, n after its n-th redrive
   * (the number of `ExecutionRedriven` events before the visit was entered).
   */
  redrive: number;
}

/** A transition the execution took: from one visit to the visit it entered next in the same scope. */
export interface TakenTransition {
  from: string;
  to: string;
  /** `catch` when the source visit had failed (a Catcher chose the target). */
  kind: 'next' | 'catch';
  fromVisit: number;
  toVisit: number;
  /** Position of the target's entered event. */
  at: number;
}

/** Everything `visitsFromEvents` derives. */
export interface VisitProjection {
  visits: Visit[];
  /** For each event position, the visit it belongs to, or -1 (execution-level events). */
  eventVisit: Int32Array;
  transitions: TakenTransition[];
  /** Position of the execution's outcome event (ExecutionSucceeded/Failed/...), or -1. */
  endedAt: number;
}

const ATTEMPT_START = new Set([
  'TaskScheduled', 'LambdaFunctionScheduled', 'ActivityScheduled',
]);
const ATTEMPT_SUCCESS = new Set(['TaskSucceeded', 'LambdaFunctionSucceeded', 'ActivitySucceeded', 'MapStateSucceeded', 'ParallelStateSucceeded']);
const WAITING_RESOURCE = /\.waitForTaskToken$/;

/** True for event types that record a failure (`TaskFailed`, `LambdaFunctionTimedOut`, `MapStateFailed`, ...). */
export function isFailureEventType(type: string): boolean {
  return /(Failed|TimedOut|Aborted)$/.test(type) && !type.startsWith('Execution') && type !== 'MapIterationAborted';
}

/** The error and cause of a failure event's details, when it has them. */
export function failureOf(event: HistoryEvent): VisitError {
  const d = eventDetails(event);
  const text = (v: Json | undefined) => (v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v));
  return { error: text(d?.error), cause: text(d?.cause) };
}


/**
 * Builds visits event by event: `append` takes the next event (in history order) and updates the
 * visits it touches; `projection` returns the projection of the events appended so far (cheap:
 * the visit objects are shared and go on changing as events are appended). Which visit an event
 * belongs to comes from event placement (placement.ts); this adds statuses, attempts, payloads
 * and the transitions taken.
 */
export interface VisitProjector {
  append(event: HistoryEvent): void;
  projection(): VisitProjection;
  /** Number of events appended. */
  readonly length: number;
}

/** Creates an empty projector (see `VisitProjector`). */
export function createVisitProjector(): VisitProjector {
  const placement = createPlacement();
  const visits: Visit[] = [];
  let eventVisit = new Int32Array(64);
  const transitions: TakenTransition[] = [];
  const open: number[] = []; // visits not ended, in order of entry
  let endedAt = -1;
  let length = 0;
  let redrives = 0;

  const setStatus = (v: Visit, status: VisitStatus, at: number) => {
    if (v.status === status) return;
    v.status = status;
    const last = v.changes[v.changes.length - 1];
    if (last.at === at) last.status = status;
    else v.changes.push({ at, status });
  };
  const close = (v: Visit, at: number) => {
    v.endedAt = at;
    const i = open.lastIndexOf(v.index);
    if (i >= 0) open.splice(i, 1);
  };

  const append = (event: HistoryEvent): void => {
    const pos = length++;
    if (pos >= eventVisit.length) {
      const grown = new Int32Array(eventVisit.length * 2);
      grown.set(eventVisit);
      eventVisit = grown;
    }
    const place = placement.place(event);
    eventVisit[pos] = place.visit;
    const type = event.type as string;
    if (type.startsWith('Execution')) {
      if (type === 'ExecutionRedriven') redrives++;
      if (type === 'ExecutionSucceeded' || type === 'ExecutionFailed' || type === 'ExecutionTimedOut' || type === 'ExecutionAborted') {
        endedAt = pos;
        for (const i of [...open].reverse()) {
          const v = visits[i];
          if (v.status === 'failed' || v.stateType === 'Fail') setStatus(v, 'failed', pos);
          else if (type !== 'ExecutionSucceeded') setStatus(v, 'aborted', pos);
          close(v, pos);
        }
      }
      return;
    }
    if (place.visit < 0) return;
    if (place.visit === visits.length && type.endsWith('StateEntered')) {
      const placed = placement.visits[place.visit];
      const parent = placed.parent < 0 ? null : visits[placed.parent];
      const inner = placed.nest[placed.nest.length - 1];
      const branch = parent?.stateType === 'Parallel' && inner?.kind === 'parallel' ? inner.first : null;
      const iteration = parent?.stateType === 'Map' && inner?.kind === 'map' ? inner.index : null;
      const step = parent?.stateType === 'Map' && iteration !== null ? `${parent.state}[${iteration}]` : parent?.state;
      const details = eventDetails(event);
      const status: VisitStatus = placed.stateType === 'Wait' ? 'waiting' : 'running';
      const v: Visit = {
        index: visits.length,
        state: placed.state,
        stateType: placed.stateType,
        parent: parent?.index ?? null,
        branch,
        iteration,
        path: parent === null ? placed.state : `${parent.path.slice(0, parent.path.length - parent.state.length)}${step} › ${placed.state}`,
        enteredAt: pos,
        exitedAt: null,
        endedAt: null,
        events: [pos],
        changes: [{ at: pos, status }],
        status,
        attempts: [],
        retries: 0,
        error: null,
        input: payloadText(details?.input),
        output: null,
        assignedVariables: null,
        redrive: redrives,
      };
      visits.push(v);
      open.push(v.index);
      if (placed.from >= 0) {
        const from = visits[placed.from];
        transitions.push({ from: from.state, to: v.state, kind: from.status === 'caught' ? 'catch' : 'next', fromVisit: from.index, toVisit: v.index, at: pos });
      }
      return;
    }
    const v = visits[place.visit];
    v.events.push(pos);
    if (type.endsWith('StateExited')) {
      const details = eventDetails(event);
      v.output = payloadText(details?.output);
      const assigned = details?.assignedVariables;
      if (assigned !== undefined && assigned !== null && typeof assigned === 'object' && !Array.isArray(assigned)) {
        v.assignedVariables = Object.fromEntries(Object.entries(assigned).map(([k, val]) => [k, payloadText(val) ?? 'null']));
      }
      v.exitedAt = pos;
      setStatus(v, v.status === 'failed' ? 'caught' : 'succeeded', pos);
      close(v, pos);
      return;
    }
    if (type.startsWith('MapIteration')) return;
    // Task, Lambda, Activity, MapState*, ParallelState*, MapRun*, EvaluationFailed, <Type>StateAborted events.
    const details = eventDetails(event);
    if (ATTEMPT_START.has(type) || type === 'ParallelStateStarted' || type === 'MapStateStarted') {
      const previous = v.attempts[v.attempts.length - 1];
      // A Parallel/Map retried after a branch (iteration) failed: its failed attempt wrote no failure event of its own.
      if (previous !== undefined && previous.endedAt === null && (type === 'ParallelStateStarted' || type === 'MapStateStarted')) {
        previous.endedAt = pos;
        previous.failure = { error: null, cause: null };
        v.error = previous.failure;
      }
      if (previous !== undefined && previous.failure !== null) {
        v.retries++;
        setStatus(v, 'retried', pos);
      }
      v.attempts.push({ startedAt: pos, endedAt: null, failure: null });
      const resource = details?.resource;
      if (type === 'ActivityScheduled' || (typeof resource === 'string' && WAITING_RESOURCE.test(resource))) setStatus(v, 'waiting', pos);
    } else if (type === 'TaskSubmitted' || type === 'ActivityStarted' || type === 'TaskStarted' || type === 'LambdaFunctionStarted') {
      if (v.status === 'waiting' && type === 'ActivityStarted') setStatus(v, v.retries > 0 ? 'retried' : 'running', pos);
    } else if (ATTEMPT_SUCCESS.has(type)) {
      const attempt = v.attempts[v.attempts.length - 1];
      if (attempt !== undefined) attempt.endedAt = pos;
      if (v.status === 'waiting') setStatus(v, v.retries > 0 ? 'retried' : 'running', pos);
    } else if (isFailureEventType(type)) {
      const failure = failureOf(event);
      let attempt = v.attempts[v.attempts.length - 1];
      if (attempt === undefined || attempt.endedAt !== null) {
        attempt = { startedAt: pos, endedAt: null, failure: null };
        v.attempts.push(attempt);
      }
      attempt.endedAt = pos;
      attempt.failure = failure;
      v.error = failure;
      setStatus(v, 'failed', pos);
    }
  };

  return {
    append,
    projection: () => ({ visits, eventVisit: eventVisit.subarray(0, length), transitions, endedAt }),
    get length() {
      return length;
    },
  };
}

/**
 * Builds the visits of one execution's events (in id order, as GetExecutionHistory lists them).
 * Works on partial histories (a running execution) and on imported recordings without payloads;
 * never throws for odd input: unknown links fall back to the innermost open visit.
 */
export function visitsFromEvents(events: readonly HistoryEvent[]): VisitProjection {
  const projector = createVisitProjector();
  for (let i = 0; i < events.length; i++) projector.append(events[i]);
  return projector.projection();
}

/**
 * A cache for a view whose history grows (a live execution): called with the current events, it
 * appends only the events added since the last call when the new list extends the previous one
 * (same first events, same object at the previous end), and starts over otherwise.
 */
export function createVisitsCache(): (events: readonly HistoryEvent[]) => VisitProjection {
  let projector = createVisitProjector();
  let seen: readonly HistoryEvent[] = [];
  return (events) => {
    const n = seen.length;
    const extends_ = n <= events.length && (n === 0 || (events[0] === seen[0] && events[n - 1] === seen[n - 1]));
    if (!extends_) projector = createVisitProjector();
    for (let i = extends_ ? n : 0; i < events.length; i++) projector.append(events[i]);
    seen = events;
    return projector.projection();
  };
}

/** A visit's status at a cursor, or `notRun` when it had not been entered yet. */
export function visitStatusAt(visit: Visit, cursor: number): StateStatus {
  if (cursor < visit.enteredAt) return 'notRun';
  let status: VisitStatus = visit.changes[0].status;
  for (const change of visit.changes) {
    if (change.at > cursor) break;
    status = change.status;
  }
  return status;
}

const OPEN_RANK: Record<StateStatus, number> = {
  notRun: 0, succeeded: 1, aborted: 2, caught: 3, failed: 4, waiting: 5, retried: 6, running: 7,
};

/**
 * Each visited state's status at a cursor. A state visited several times (a loop, a Map's
 * iterations) shows its most telling visit: any visit still open wins (running over retried over
 * waiting); otherwise a failed visit wins over the latest visit's own outcome, so a failed Map
 * iteration is not hidden by the ones that succeeded. A redriven execution shows each state as
 * its latest attempt left it: a state run again by a redrive shows that attempt's visits only
 * (the failed Parallel that the redrive completed is green); a state the redrive did not run
 * again (before the failure, a branch it kept) keeps its status from the attempt that ran it.
 * States missing from the map are `notRun`. With `attempts`, each state's attempt (Visit.redrive)
 * its status comes from is written there.
 */
export function stateStatusesAt(projection: VisitProjection, cursor: number, attempts?: Map<string, number>): Map<string, StateStatus> {
  const out = new Map<string, StateStatus>();
  const attemptOf = attempts ?? new Map<string, number>();
  for (const visit of projection.visits) {
    if (visit.enteredAt > cursor) break;
    const status = visitStatusAt(visit, cursor);
    const current = out.get(visit.state);
    if (current === undefined || (attemptOf.get(visit.state) ?? 0) < visit.redrive) {
      out.set(visit.state, status);
      attemptOf.set(visit.state, visit.redrive);
      continue;
    }
    const openNow = status === 'running' || status === 'waiting' || status === 'retried';
    const openBefore = current === 'running' || current === 'waiting' || current === 'retried';
    if (openNow || openBefore) {
      if (OPEN_RANK[status] > OPEN_RANK[current]) out.set(visit.state, status);
    } else if (current !== 'failed') out.set(visit.state, status);
  }
  return out;
}

/** The transitions taken up to a cursor, counted per edge. Keys are `from→to` (`edgeKey`). */
export function takenTransitionsAt(projection: VisitProjection, cursor: number): Map<string, { from: string; to: string; kind: 'next' | 'catch'; count: number }> {
  const out = new Map<string, { from: string; to: string; kind: 'next' | 'catch'; count: number }>();
  for (const t of projection.transitions) {
    if (t.at > cursor) break;
    const key = edgeKey(t.from, t.to);
    const e = out.get(key);
    if (e === undefined) out.set(key, { from: t.from, to: t.to, kind: t.kind, count: 1 });
    else e.count++;
  }
  return out;
}

/** The key of the edge between two states, as `takenTransitionsAt` and the graph use it. */
export function edgeKey(from: string, to: string): string {
  return `${from}→${to}`;
}

/** The visits of a state, in order of entry. */
export function visitsOfState(projection: VisitProjection, state: string): Visit[] {
  return projection.visits.filter((v) => v.state === state);
}

/**
 * The visit to show for a state at a cursor: the latest visit entered at or before it (preferring
 * one still open), or the first visit when none had started yet; undefined when never visited.
 */
export function visitAtCursor(projection: VisitProjection, state: string, cursor: number): Visit | undefined {
  let chosen: Visit | undefined;
  let first: Visit | undefined;
  for (const v of projection.visits) {
    if (v.state !== state) continue;
    first ??= v;
    if (v.enteredAt > cursor) break;
    const open = v.endedAt === null || v.endedAt > cursor;
    if (chosen === undefined || open || !(chosen.endedAt === null || chosen.endedAt > cursor)) chosen = v;
  }
  return chosen ?? first;
}

/**
 * The states whose status at a cursor comes from an attempt before the execution's latest one (a
 * redrive kept them), each with that attempt's number counted from 1 ("attempt 1": the first run).
 * `attempts`: what `stateStatusesAt` wrote for the same cursor, when already computed.
 */
export function keptFromEarlierAttempts(projection: VisitProjection, cursor: number, attempts?: ReadonlyMap<string, number>): Map<string, number> {
  const kept = new Map<string, number>();
  // Visits are in order of entry, so their attempts only grow: a history never redriven has none kept.
  const visits = projection.visits;
  if (visits.length === 0 || visits[visits.length - 1].redrive === 0) return kept;
  if (attempts === undefined) {
    const found = new Map<string, number>();
    stateStatusesAt(projection, cursor, found);
    attempts = found;
  }
  let latest = 0;
  for (const v of visits) {
    if (v.enteredAt > cursor) break;
    latest = v.redrive;
  }
  for (const [state, attempt] of attempts) if (attempt < latest) kept.set(state, attempt + 1);
  return kept;
}
