import type { HistoryEvent } from '@common/history/events';
import { visitStatusAt, type VisitProjection } from '@common/history/visits';

/** One row of the state table: a visit of a state, as at the cursor. */
export interface StateTableRow {
  visit: number;
  name: string;
  /** Where it ran: `Fulfil › ShipItems[1] › Ship`. */
  path: string;
  type: string;
  status: ReturnType<typeof visitStatusAt>;
  /** Milliseconds from the execution's start to the visit's entry, and the visit's duration (to the cursor while open). */
  startMs: number;
  durationMs: number;
  /** Still running at the cursor. */
  open: boolean;
  /** The bar's left and width as fractions of the execution's span up to the cursor. */
  barLeft: number;
  barWidth: number;
}

/** The rows of the state table, and how many visits were left out (beyond `limit`). */
export interface StateTable {
  rows: StateTableRow[];
  hidden: number;
  /** The span the bars cover (ms). */
  spanMs: number;
}

const time = (e: HistoryEvent | undefined) => (e === undefined ? NaN : Date.parse(e.timestamp));

/**
 * The console's "Table view" of an execution at the cursor: every visit entered by then, in
 * order of entry, with its type, its status at the cursor, when it started (from the
 * execution's start) and how long it took (a visit still open at the cursor: up to the cursor),
 * and a bar placing it in the execution's span.
 */
export function stateTableRows(projection: VisitProjection, events: readonly HistoryEvent[], cursor: number, limit = 500): StateTable {
  const t0 = time(events[0]);
  const tCursor = time(events[Math.min(cursor, events.length - 1)]);
  const spanMs = Math.max(1, tCursor - t0);
  const rows: StateTableRow[] = [];
  let hidden = 0;
  for (const v of projection.visits) {
    if (v.enteredAt > cursor) break;
    if (rows.length >= limit) {
      hidden += 1;
      continue;
    }
    const end = v.endedAt !== null && v.endedAt <= cursor ? v.endedAt : cursor;
    const start = time(events[v.enteredAt]);
    const startMs = start - t0;
    const durationMs = Math.max(0, time(events[end]) - start);
    rows.push({
      visit: v.index,
      name: v.state,
      path: v.path,
      type: v.stateType,
      status: visitStatusAt(v, cursor),
      startMs,
      durationMs,
      open: v.endedAt === null || v.endedAt > cursor,
      barLeft: Number.isFinite(startMs) ? Math.min(1, Math.max(0, startMs / spanMs)) : 0,
      barWidth: Number.isFinite(durationMs) ? Math.min(1, durationMs / spanMs) : 0,
    });
  }
  return { rows, hidden, spanMs };
}
