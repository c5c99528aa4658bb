import { useEffect, useMemo, useRef, useState, type UIEvent } from 'react';
import type { HistoryEvent } from '@common/history/events';
import type { Json } from '@common/json';
import type { VisitProjection } from '@common/history/visits';
import { JsonView } from '../../ui';
import { distinctValues, filterEvents, formatElapsedMs, rowAtOrBefore, visibleRange, type EventColumns, type EventFilter } from './eventTable';
import './events.css';

const ROW_HEIGHT = 26;
const VIEWPORT_HEIGHT = 312;

/** Props of `EventsView`. */
export interface EventsViewProps {
  events: readonly HistoryEvent[];
  columns: EventColumns;
  projection: VisitProjection;
  cursor: number;
  selectedState: string | null;
  /** A row was chosen: move the cursor there (and select its state). */
  onPick: (position: number) => void;
}

/**
 * The event table (region "Events"): id, type, state, resource, elapsed time and timestamp,
 * filtered by type, state and errors, searched by text, virtualised (only the rows in view are in
 * the DOM). The row at the cursor is marked and kept in view; rows after it are dimmed; rows of
 * the selected state are highlighted. The cursor's event is shown in full below the table.
 */
export function EventsView({ events, columns, projection, cursor, selectedState, onPick }: EventsViewProps) {
  const [filter, setFilter] = useState<EventFilter>({});
  const [scrollTop, setScrollTop] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const searchCache = useRef<{ events: readonly HistoryEvent[]; texts: (string | undefined)[] }>({ events, texts: [] });
  if (searchCache.current.events !== events) searchCache.current = { events, texts: [] };

  const types = useMemo(() => distinctValues(columns.types), [columns]);
  const states = useMemo(() => distinctValues(columns.states), [columns]);
  const rows = useMemo(
    () =>
      filterEvents(columns, filter, (i) => {
        const cache = searchCache.current.texts;
        return (cache[i] ??= JSON.stringify(events[i]).toLowerCase());
      }),
    [columns, filter, events],
  );
  const { first, last } = visibleRange(scrollTop, VIEWPORT_HEIGHT, ROW_HEIGHT, rows.length);

  // Follow the cursor: keep its row (or the last row before it) in view. Decided from the
  // scroll position React knows, without reading the DOM (a read would force a layout per frame).
  const viewportHeight = Math.min(VIEWPORT_HEIGHT, Math.max(rows.length, 1) * ROW_HEIGHT + 2);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const index = rowAtOrBefore(rows, cursor);
    if (index < 0) return;
    const top = index * ROW_HEIGHT;
    if (top < scrollTop || top + ROW_HEIGHT > scrollTop + viewportHeight - ROW_HEIGHT) {
      const to = Math.max(0, Math.min(top - viewportHeight / 2, rows.length * ROW_HEIGHT - viewportHeight));
      el.scrollTop = to;
      setScrollTop(to);
    }
    // scrollTop is left out on purpose: scrolling by hand must not pull the view back to the cursor.
  }, [cursor, rows, viewportHeight]);

  const visitOfCursor = projection.eventVisit[cursor];
  const set = (patch: Partial<EventFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const visible: number[] = [];
  for (let i = first; i < last; i++) visible.push(rows[i]);

  return (
    <section className="events-panel panel" aria-label="Events">
      <div className="panel-head">
        <h3>Events</h3>
        <div className="event-filters" role="search" aria-label="Filter events">
          <select aria-label="Event type" value={filter.type ?? ''} onChange={(e) => set({ type: e.target.value || undefined })}>
            <option value="">All types</option>
            {types.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
          <select aria-label="State" value={filter.state ?? ''} onChange={(e) => set({ state: e.target.value || undefined })}>
            <option value="">All states</option>
            {states.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
          <label>
            <input type="checkbox" checked={filter.errorsOnly ?? false} onChange={(e) => set({ errorsOnly: e.target.checked })} /> Errors only
          </label>
          <input type="search" aria-label="Search events" placeholder="Search…" value={filter.search ?? ''} onChange={(e) => set({ search: e.target.value })} />
          <span className="muted small" aria-live="polite">
            {rows.length === columns.length ? `${columns.length} events` : `${rows.length} of ${columns.length} events`}
          </span>
        </div>
      </div>
      <div className="event-table" role="table" aria-label="Event table" aria-rowcount={rows.length + 1}>
        <div role="rowgroup" className="event-head">
          <div role="row" className="event-row" aria-rowindex={1}>
            <span role="columnheader" className="c-id">#</span>
            <span role="columnheader" className="c-type">Type</span>
            <span role="columnheader" className="c-state">State</span>
            <span role="columnheader" className="c-resource">Resource</span>
            <span role="columnheader" className="c-elapsed">Elapsed</span>
            <span role="columnheader" className="c-time">Timestamp</span>
          </div>
        </div>
        <div role="rowgroup" className="event-body" ref={scroller} style={{ height: viewportHeight }} onScroll={(e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop)}>
          <div style={{ height: rows.length * ROW_HEIGHT, position: 'relative' }}>
            {visible.map((pos, k) => {
              const classes = ['event-row'];
              if (pos === cursor) classes.push('at-cursor');
              else if (pos > cursor) classes.push('future');
              if (columns.errors[pos] === 1) classes.push('error');
              if (selectedState !== null && columns.states[pos] === selectedState) classes.push('of-selected');
              if (visitOfCursor >= 0 && projection.eventVisit[pos] === visitOfCursor) classes.push('of-current-visit');
              return (
                <div
                  key={pos}
                  role="row"
                  aria-rowindex={first + k + 2}
                  aria-current={pos === cursor ? 'step' : undefined}
                  className={classes.join(' ')}
                  style={{ position: 'absolute', top: (first + k) * ROW_HEIGHT, height: ROW_HEIGHT, left: 0, right: 0 }}
                  onClick={() => onPick(pos)}
                >
                  <span role="cell" className="c-id">{columns.ids[pos]}</span>
                  <span role="cell" className="c-type">{columns.types[pos]}</span>
                  <span role="cell" className="c-state">{columns.states[pos]}</span>
                  <span role="cell" className="c-resource" title={columns.resources[pos]}>{columns.resources[pos]}</span>
                  <span role="cell" className="c-elapsed">{formatElapsedMs(columns.elapsed[pos])}</span>
                  <span role="cell" className="c-time">{columns.timestamps[pos]}</span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {events[cursor] !== undefined && (
        <details className="event-details" open>
          <summary>
            Event {String(events[cursor].id)}: {events[cursor].type} (details)
          </summary>
          <JsonView value={events[cursor] as unknown as Json} label="Event details" maxLines={12} />
        </details>
      )}
    </section>
  );
}
