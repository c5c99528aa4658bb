import { countAtOrBefore } from './countAtOrBefore';
import type { Visit, VisitProjection } from './visits';

/**
 * The visit projection of a history as it was at a cursor, cut from the projection of the whole
 * history instead of recomputed from event 0: `visitsAtCursor(visitsFromEvents(events), c)` equals
 * `visitsFromEvents(events.slice(0, c + 1))` (the unit test checks it at every cursor of several
 * histories). This works because `visitsFromEvents` is one forward pass that only appends to what
 * it recorded: every change carries its position, so the state after event `c` can be read back.
 *
 * Cost: visits that had ended by the cursor are shared with `full` (not copied); only the visits
 * still open at the cursor are rebuilt, so scrubbing a 25,000-event history stays cheap.
 */
export function visitsAtCursor(full: VisitProjection, cursor: number): VisitProjection {
  const n = full.eventVisit.length;
  if (cursor >= n - 1) return full;
  if (cursor < 0) return { visits: [], eventVisit: new Int32Array(0), transitions: [], endedAt: -1 };
  const visits = full.visits.slice(0, countAtOrBefore(full.visits, cursor, (v) => v.enteredAt));
  for (let i = 0; i < visits.length; i++) {
    const v = visits[i];
    if (!isSettled(v, cursor)) visits[i] = visitAt(v, cursor);
  }
  return {
    visits,
    eventVisit: full.eventVisit.subarray(0, cursor + 1),
    transitions: full.transitions.slice(0, countAtOrBefore(full.transitions, cursor, (t) => t.at)),
    endedAt: full.endedAt <= cursor ? full.endedAt : -1,
  };
}


/** True when nothing recorded about the visit happened after the cursor. */
function isSettled(v: Visit, cursor: number): boolean {
  if (v.endedAt === null || v.endedAt > cursor) return false;
  if (v.changes[v.changes.length - 1].at > cursor) return false;
  if (v.events.length > 0 && v.events[v.events.length - 1] > cursor) return false;
  for (const a of v.attempts) if (a.startedAt > cursor || (a.endedAt !== null && a.endedAt > cursor)) return false;
  return true;
}

/** One visit as it stood after the event at `cursor` (entered at or before it). */
function visitAt(v: Visit, cursor: number): Visit {
  const changes = v.changes.filter((c) => c.at <= cursor);
  const attempts = v.attempts
    .filter((a) => a.startedAt <= cursor)
    .map((a) => (a.endedAt !== null && a.endedAt > cursor ? { startedAt: a.startedAt, endedAt: null, failure: null } : a));
  let retries = 0;
  let error = null;
  for (let i = 0; i < attempts.length; i++) {
    const a = attempts[i];
    // A retry is an attempt begun by a start event (not opened by a bare failure) after a failed one.
    if (i > 0 && attempts[i - 1].failure !== null && a.startedAt !== a.endedAt) retries++;
    if (a.failure !== null) error = a.failure;
  }
  const exited = v.exitedAt !== null && v.exitedAt <= cursor;
  return {
    ...v,
    exitedAt: exited ? v.exitedAt : null,
    endedAt: v.endedAt !== null && v.endedAt <= cursor ? v.endedAt : null,
    events: v.events.filter((p) => p <= cursor),
    changes,
    status: changes[changes.length - 1].status,
    attempts,
    retries,
    error,
    output: exited ? v.output : null,
    assignedVariables: exited ? v.assignedVariables : null,
  };
}
