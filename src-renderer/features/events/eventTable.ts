import { countAtOrBefore } from '@common/history/countAtOrBefore';
import type { HistoryEvent } from '@common/history/events';
import { eventDetails, timestampMs } from '@common/history/historySummary';
import { isFailureEventType, type VisitProjection } from '@common/history/visits';

/**
 * The event table's data, computed once per history as columns (one array per column, indexed by
 * event position) so that filtering 25,000 events is a tight loop and the view renders only the
 * visible rows.
 */

/** One array per column, indexed by event position. */
export interface EventColumns {
  length: number;
  ids: string[];
  types: string[];
  /** The state the event belongs to ('' for execution-level events). */
  states: string[];
  /** The resource a Task event names (`lambda:invoke`, a function name, ...), or ''. */
  resources: string[];
  /** Milliseconds since the first event; NaN when a timestamp is not a date. */
  elapsed: Float64Array;
  timestamps: string[];
  /** 1 for events that record an error (failures, timeouts, aborts). */
  errors: Uint8Array;
}

/** Which rows to show. Empty or absent fields do not filter. */
export interface EventFilter {
  type?: string;
  state?: string;
  errorsOnly?: boolean;
  /** Case-insensitive text matched against type, state, resource and the event's details. */
  search?: string;
}

function resourceOf(event: HistoryEvent): string {
  const d = eventDetails(event);
  if (!d) return '';
  const resource = typeof d.resource === 'string' ? d.resource : '';
  const type = typeof d.resourceType === 'string' ? d.resourceType : '';
  if (type && resource) return `${type}:${resource}`;
  if (resource.startsWith('arn:')) return resource.split(':').slice(-1)[0] ?? resource;
  return resource;
}

/** Builds the columns of a history, using the visits projection for the state column. */
export function toEventColumns(events: readonly HistoryEvent[], projection: VisitProjection): EventColumns {
  const n = events.length;
  const columns: EventColumns = {
    length: n,
    ids: new Array<string>(n),
    types: new Array<string>(n),
    states: new Array<string>(n),
    resources: new Array<string>(n),
    elapsed: new Float64Array(n),
    timestamps: new Array<string>(n),
    errors: new Uint8Array(n),
  };
  const start = n > 0 ? timestampMs(events[0].timestamp) : null;
  for (let i = 0; i < n; i++) {
    const e = events[i];
    columns.ids[i] = String(e.id);
    columns.types[i] = e.type;
    const v = projection.eventVisit[i];
    columns.states[i] = v >= 0 ? projection.visits[v].state : '';
    columns.resources[i] = resourceOf(e);
    const at = timestampMs(e.timestamp);
    columns.elapsed[i] = at === null || start === null ? Number.NaN : at - start;
    columns.timestamps[i] = typeof e.timestamp === 'string' ? e.timestamp : String(e.timestamp);
    columns.errors[i] = isFailureEventType(e.type) || e.type === 'ExecutionFailed' || e.type === 'ExecutionTimedOut' || e.type === 'ExecutionAborted' ? 1 : 0;
  }
  return columns;
}

/** Positions of the events that record an error, ascending (for "next error"). */
export function errorPositions(columns: EventColumns): number[] {
  const out: number[] = [];
  for (let i = 0; i < columns.length; i++) if (columns.errors[i] === 1) out.push(i);
  return out;
}

/** Distinct values of a column, sorted, for the filter menus. */
export function distinctValues(values: readonly string[]): string[] {
  return [...new Set(values)].filter((v) => v !== '').sort();
}

/**
 * Positions of the rows that pass the filter, ascending. `searchText(i)` gives the lower-case
 * text of event i's details; it is only called when a search is set and the cheap columns did not
 * match already.
 */
export function filterEvents(columns: EventColumns, filter: EventFilter, searchText: (position: number) => string): Int32Array {
  const out = new Int32Array(columns.length);
  let count = 0;
  const needle = filter.search?.trim().toLowerCase() ?? '';
  for (let i = 0; i < columns.length; i++) {
    if (filter.type && columns.types[i] !== filter.type) continue;
    if (filter.state && columns.states[i] !== filter.state) continue;
    if (filter.errorsOnly && columns.errors[i] !== 1) continue;
    if (needle !== '') {
      const cheap = columns.types[i].toLowerCase().includes(needle) || columns.states[i].toLowerCase().includes(needle) || columns.resources[i].toLowerCase().includes(needle) || columns.ids[i] === needle;
      if (!cheap && !searchText(i).includes(needle)) continue;
    }
    out[count++] = i;
  }
  return out.slice(0, count);
}

/** The rows to render for a scroll position: first and last index into the filtered rows (inclusive first, exclusive last), with overscan. */
export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, rowCount: number, overscan = 8): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rowCount, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last: Math.max(first, last) };
}

/** Index in `rows` of the last row at or before `position` (binary search), or -1. */
export function rowAtOrBefore(rows: Int32Array, position: number): number {
  return countAtOrBefore(rows, position) - 1;
}

/** `0.000 s`, `59.999 s`, then `1:00:06.000` (h:mm:ss.mmm); `—` when unknown. */
export function formatElapsedMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 60_000) return `${(ms / 1000).toFixed(3)} s`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h}:${String(m).padStart(2, '0')}:${s.toFixed(3).padStart(6, '0')}`;
}

/**
 * Top offset of each filtered row when some rows are expanded: `offsets[i]` is where row i
 * starts and `offsets[rows.length]` is the total height. A row is `rowHeight` tall, plus
 * `expanded.get(position)` when its event's details are open (keyed by event position, so an
 * expanded event stays expanded when the filter changes).
 */
export function rowOffsets(rows: Int32Array, rowHeight: number, expanded: ReadonlyMap<number, number>): Float64Array {
  const offsets = new Float64Array(rows.length + 1);
  const none = expanded.size === 0;
  for (let i = 0; i < rows.length; i++) offsets[i + 1] = offsets[i] + rowHeight + (none ? 0 : (expanded.get(rows[i]) ?? 0));
  return offsets;
}

/** Index of the row that covers `y` (binary search over `rowOffsets`), clamped to the rows; -1 when there are none. */
export function rowAtOffset(offsets: Float64Array, y: number): number {
  const n = offsets.length - 1;
  if (n <= 0) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid] <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The rows to render for a scroll position when rows have different heights: first (inclusive)
 * and last (exclusive) index into the filtered rows, with `overscan` rows either side.
 */
export function visibleRowRange(offsets: Float64Array, scrollTop: number, viewportHeight: number, overscan = 8): { first: number; last: number } {
  const n = offsets.length - 1;
  if (n <= 0) return { first: 0, last: 0 };
  const top = rowAtOffset(offsets, scrollTop);
  const bottom = rowAtOffset(offsets, scrollTop + viewportHeight - 0.5);
  return { first: Math.max(0, top - overscan), last: Math.min(n, bottom + 1 + overscan) };
}

/**
 * Where a keyboard move of `delta` rows (↑ −1, ↓ +1, PageUp/PageDown ± a page) from the cursor
 * lands: an index into `rows`, clamped, or -1 when no row is shown. When the cursor's event is
 * filtered out, ↓ goes to the first shown row after it and ↑ to the last shown row before it.
 */
export function moveRowIndex(rows: Int32Array, cursor: number, delta: number): number {
  if (rows.length === 0) return -1;
  const at = rowAtOrBefore(rows, cursor);
  const exact = at >= 0 && rows[at] === cursor;
  const from = exact || delta > 0 ? at : at + 1;
  return Math.max(0, Math.min(rows.length - 1, from + delta));
}

/** Lines an event's JSON takes in a `JsonView`: one when its compact text is short (72 characters or fewer), else its indented lines. */
export function detailLineCount(value: unknown): number {
  const compact = JSON.stringify(value) ?? '';
  if (compact.length <= 72) return 1;
  return (JSON.stringify(value, null, 2) ?? '').split('\n').length;
}
