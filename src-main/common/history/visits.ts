import type { Json } from '../json';
import type { HistoryEvent } from './events';
import { eventDetails, payloadText } from './historySummary';
import { eventDetailsName } from './stateAttribution';

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

/** Where a chain of events stands after one event: which visit is current, and what just exited. */
interface Context {
  /** The innermost open visit of this chain (the visit its next event belongs to). */
  visit: number | null;
  /** Within a Parallel/Map visit: the branch or iteration the chain is in. */
  branch: string | null;
  iteration: number | null;
  /** The visit that just exited in this chain: the source of the next entered event's transition. */
  exited: number | null;
}

const ROOT: Context = { visit: null, branch: null, iteration: null, exited: null };

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

function enteredType(type: string): string | undefined {
  return type.endsWith('StateEntered') ? type.slice(0, -'StateEntered'.length) : undefined;
}

/**
 * Builds the visits of one execution's events (in id order, as GetExecutionHistory lists them).
 * Works on partial histories (a running execution) and on imported recordings without payloads;
 * never throws for odd input: unknown links fall back to the innermost open visit.
 */
export function visitsFromEvents(events: readonly HistoryEvent[]): VisitProjection {
  const visits: Visit[] = [];
  const eventVisit = new Int32Array(events.length).fill(-1);
  const transitions: TakenTransition[] = [];
  const positionById = new Map<number, number>();
  const contextAfter: Context[] = [];
  const open: number[] = []; // open visits, in order of entry
  let endedAt = -1;

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
  /** The context an event continues: its previous event's, or the innermost open visit's. */
  const contextOf = (event: HistoryEvent, pos: number): Context => {
    const prev = typeof event.previousEventId === 'number' ? positionById.get(event.previousEventId) : undefined;
    if (prev !== undefined && prev < pos) return contextAfter[prev];
    if (event.previousEventId === 0 && visits.length === 0) return ROOT;
    // An entered event without a usable link starts inside the innermost open Parallel or Map.
    const entering = event.type.endsWith('StateEntered');
    let innermost: Visit | undefined;
    for (let i = open.length - 1; i >= 0 && innermost === undefined; i--) {
      const v = visits[open[i]];
      if (!entering || v.stateType === 'Parallel' || v.stateType === 'Map') innermost = v;
    }
    if (innermost === undefined) return ROOT;
    return { visit: innermost.index, branch: null, iteration: null, exited: null };
  };
  const findOpen = (name: string, from: number | null): Visit | undefined => {
    for (let v = from; v !== null; v = visits[v].parent) if (visits[v].state === name && visits[v].endedAt === null) return visits[v];
    for (let i = open.length - 1; i >= 0; i--) if (visits[open[i]].state === name) return visits[open[i]];
    return undefined;
  };

  events.forEach((event, pos) => {
    if (typeof event.id === 'number' && !positionById.has(event.id)) positionById.set(event.id, pos);
    const type = event.type as string;
    const ctx = contextOf(event, pos);
    let after: Context = { ...ctx, exited: null };
    const own = (v: Visit) => {
      eventVisit[pos] = v.index;
      v.events.push(pos);
    };

    const entered = enteredType(type);
    if (type.startsWith('Execution')) {
      if (type === 'ExecutionSucceeded' || type === 'ExecutionFailed' || type === 'ExecutionTimedOut' || type === 'ExecutionAborted') {
        endedAt = pos;
        for (const i of [...open].reverse()) {
          const v = visits[i];
          if (v.status === 'failed' || v.stateType === 'Fail') setStatus(v, 'failed', pos);
          else if (type !== 'ExecutionSucceeded') setStatus(v, 'aborted', pos);
          close(v, pos);
        }
        after = ROOT;
      }
    } else if (entered !== undefined) {
      const name = eventDetailsName(event) ?? '?';
      const parent = ctx.visit === null ? null : visits[ctx.visit];
      // A Parallel's branch is named by its first state: the first state entered right under the Parallel.
      const branch = parent?.stateType === 'Parallel' ? (ctx.branch ?? name) : ctx.branch;
      const iteration = parent?.stateType === 'Map' ? ctx.iteration : null;
      const step = parent?.stateType === 'Map' && iteration !== null ? `${parent.state}[${iteration}]` : parent?.state;
      const details = eventDetails(event);
      const v: Visit = {
        index: visits.length,
        state: name,
        stateType: entered,
        parent: parent?.index ?? null,
        branch: parent?.stateType === 'Parallel' ? branch : null,
        iteration,
        path: parent === null ? name : `${parent.path.slice(0, parent.path.length - parent.state.length)}${step} › ${name}`,
        enteredAt: pos,
        exitedAt: null,
        endedAt: null,
        events: [],
        changes: [{ at: pos, status: entered === 'Wait' ? 'waiting' : 'running' }],
        status: entered === 'Wait' ? 'waiting' : 'running',
        attempts: [],
        retries: 0,
        error: null,
        input: payloadText(details?.input),
        output: null,
        assignedVariables: null,
      };
      visits.push(v);
      open.push(v.index);
      own(v);
      if (ctx.exited !== null) {
        const from = visits[ctx.exited];
        transitions.push({ from: from.state, to: name, kind: from.status === 'caught' ? 'catch' : 'next', fromVisit: from.index, toVisit: v.index, at: pos });
      }
      after = { visit: v.index, branch: null, iteration: null, exited: null };
    } else if (type.endsWith('StateExited')) {
      const v = findOpen(eventDetailsName(event) ?? '', ctx.visit);
      if (v !== undefined) {
        own(v);
        const details = eventDetails(event);
        v.output = payloadText(details?.output);
        const assigned = details?.assignedVariables;
        if (assigned !== undefined && assigned !== null && typeof assigned === 'object' && !Array.isArray(assigned)) {
          v.assignedVariables = Object.fromEntries(Object.entries(assigned).map(([k, val]) => [k, payloadText(val) ?? 'null']));
        }
        v.exitedAt = pos;
        setStatus(v, v.status === 'failed' ? 'caught' : 'succeeded', pos);
        close(v, pos);
        // The chain goes on in the enclosing branch or iteration; the next state entered is reached from this visit.
        after = { visit: v.parent, branch: v.branch, iteration: v.iteration, exited: v.index };
      }
    } else if (type.startsWith('MapIteration')) {
      const v = findOpen(eventDetailsName(event) ?? '', ctx.visit);
      const index = eventDetails(event)?.index;
      if (v !== undefined) {
        own(v);
        after = { visit: v.index, branch: null, iteration: typeof index === 'number' ? index : null, exited: null };
      }
    } else {
      // Task, Lambda, Activity, MapState*, ParallelState*, MapRun* events: the current visit's.
      let v = ctx.visit === null ? undefined : visits[ctx.visit];
      if ((type.startsWith('ParallelState') || type.startsWith('MapState')) && v !== undefined) {
        const kind = type.startsWith('Parallel') ? 'Parallel' : 'Map';
        // The last event of a branch links the Parallel's outcome event: walk up to the compound state.
        let c: Visit | undefined = v;
        while (c !== undefined && c.stateType !== kind) c = c.parent === null ? undefined : visits[c.parent];
        if (c !== undefined) v = c;
      }
      if (v === undefined && open.length > 0) v = visits[open[open.length - 1]];
      if (v !== undefined) {
        own(v);
        const details = eventDetails(event);
        if (ATTEMPT_START.has(type) || type === 'ParallelStateStarted' || type === 'MapStateStarted') {
          const previous = v.attempts[v.attempts.length - 1];
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
        after = { ...ctx, visit: v.index, exited: null };
      }
    }
    contextAfter[pos] = after;
  });
  return { visits, eventVisit, transitions, endedAt };
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
 * iteration is not hidden by the ones that succeeded. States missing from the map are `notRun`.
 */
export function stateStatusesAt(projection: VisitProjection, cursor: number): Map<string, StateStatus> {
  const out = new Map<string, StateStatus>();
  for (const visit of projection.visits) {
    if (visit.enteredAt > cursor) break;
    const status = visitStatusAt(visit, cursor);
    const current = out.get(visit.state);
    if (current === undefined) {
      out.set(visit.state, status);
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
