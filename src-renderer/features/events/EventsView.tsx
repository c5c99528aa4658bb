import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type UIEvent } from 'react';
import type { HistoryEvent } from '@common/history/events';
import type { Json } from '@common/json';
import type { VisitProjection } from '@common/history/visits';
import { countLabel, JsonView } from '../../ui';
import { detailLineCount, distinctValues, filterEvents, formatElapsedMs, moveRowIndex, rowAtOrBefore, rowOffsets, visibleRowRange, type EventColumns, type EventFilter } from './eventTable';
import './events.css';

const ROW_HEIGHT = 26;
const VIEWPORT_HEIGHT = 312;
/** Expanded details: lines of JSON shown before the block scrolls, their height, and the block's padding and borders. */
const DETAIL_MAX_LINES = 14;
const DETAIL_LINE_HEIGHT = 16;
const DETAIL_CHROME = 24;

/** Extra height of an event's expanded details (pixels). */
function detailsHeight(event: HistoryEvent | undefined): number {
  return Math.min(DETAIL_MAX_LINES, detailLineCount(event)) * DETAIL_LINE_HEIGHT + DETAIL_CHROME;
}

/** Props of `EventsView`. */
export interface EventsViewProps {
  events: readonly HistoryEvent[];
  columns: EventColumns;
  projection: VisitProjection;
  cursor: number;
  selectedState: string | null;
  /** A row was chosen (click, or ↑/↓/PageUp/PageDown in the table): move the cursor there (and select its state). */
  onPick: (position: number) => void;
  /** Fill the panel it is in (the table's height follows the panel) instead of a fixed height. */
  fill?: boolean;
}

/**
 * The event table (region "Events", grid "Event table"): id, type, state, resource, elapsed time
 * and timestamp, filtered by type, state and errors, searched by text, virtualised (only the rows
 * in view are in the DOM, expanded rows included). Each row has a disclosure button ("Show
 * details of event N") that opens the event's JSON inline. The grid is focusable: ↑/↓ and
 * PageUp/PageDown move the selection and the cursor, Enter toggles the details of the selected
 * row. The row at the cursor is the selected one, marked and kept in view; rows after it are
 * dimmed; rows of the selected state are highlighted.
 */
export function EventsView({ events, columns, projection, cursor, selectedState, onPick, fill = false }: EventsViewProps) {
  const [filter, setFilter] = useState<EventFilter>({});
  const [scrollTop, setScrollTop] = useState(0);
  /** Expanded events: position → extra height of their details. */
  const [expanded, setExpanded] = useState<ReadonlyMap<number, number>>(() => new Map());
  const scroller = useRef<HTMLDivElement>(null);
  const idBase = useId();
  const searchCache = useRef<{ events: readonly HistoryEvent[]; texts: (string | undefined)[] }>({ events, texts: [] });
  if (searchCache.current.events !== events) searchCache.current = { events, texts: [] };

  // A new execution starts with everything collapsed. Positions beyond a shortened history are dropped.
  const [expandedFor, setExpandedFor] = useState(columns);
  if (expandedFor !== columns) {
    setExpandedFor(columns);
    if (expanded.size > 0) setExpanded(new Map([...expanded].filter(([p]) => p < columns.length && events[p] !== undefined && columns.ids[p] === String(events[p].id))));
  }

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
  const offsets = useMemo(() => rowOffsets(rows, ROW_HEIGHT, expanded), [rows, expanded]);
  const totalHeight = offsets[rows.length];
  // Filling a panel: the rows' height is what the panel leaves them (measured), else at most VIEWPORT_HEIGHT.
  const [fillHeight, setFillHeight] = useState<number | undefined>();
  const bodyBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = bodyBox.current;
    if (!fill || !el || typeof ResizeObserver === 'undefined') return;
    const measure = () => setFillHeight(Math.max(ROW_HEIGHT * 2, Math.floor(el.clientHeight)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [fill]);
  const viewportHeight = fill && fillHeight !== undefined ? fillHeight : Math.min(VIEWPORT_HEIGHT, Math.max(totalHeight, ROW_HEIGHT) + 2);
  const { first, last } = visibleRowRange(offsets, scrollTop, viewportHeight);
  const pageRows = Math.max(1, Math.floor(viewportHeight / ROW_HEIGHT) - 1);

  // Follow the cursor: keep its row (or the last row before it) in view. Decided from the
  // scroll position React knows, without reading the DOM (a read would force a layout per frame).
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const index = rowAtOrBefore(rows, cursor);
    if (index < 0) return;
    const top = offsets[index];
    const bottom = top + ROW_HEIGHT;
    if (top < scrollTop || bottom > scrollTop + viewportHeight - ROW_HEIGHT) {
      const to = Math.max(0, Math.min(top - viewportHeight / 2 + ROW_HEIGHT, totalHeight - viewportHeight));
      el.scrollTop = to;
      setScrollTop(to);
    }
    // scrollTop and offsets are left out on purpose: scrolling by hand or expanding a row must not
    // pull the view back to the cursor.
  }, [cursor, rows, viewportHeight]);

  const toggle = (position: number) =>
    setExpanded((m) => {
      const next = new Map(m);
      if (next.has(position)) next.delete(position);
      else next.set(position, detailsHeight(events[position]));
      return next;
    });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Keys count on the grid itself and on a row's disclosure button (focused by a click on it).
    const onButton = e.target instanceof HTMLElement && e.target.classList.contains('event-disclosure');
    if ((e.target !== e.currentTarget && !onButton) || e.altKey || e.ctrlKey || e.metaKey) return;
    let delta = 0;
    if (e.key === 'ArrowDown') delta = 1;
    else if (e.key === 'ArrowUp') delta = -1;
    else if (e.key === 'PageDown') delta = pageRows;
    else if (e.key === 'PageUp') delta = -pageRows;
    else if (e.key === 'Enter') {
      if (onButton) return; // the button toggles its own row
      // preventDefault also keeps the replay keyboard (a document listener) off this key.
      e.preventDefault();
      const index = rowAtOrBefore(rows, cursor);
      if (index >= 0 && rows[index] === cursor) toggle(cursor);
      return;
    } else return;
    e.preventDefault();
    const index = moveRowIndex(rows, cursor, delta);
    if (index >= 0 && rows[index] !== cursor) onPick(rows[index]);
  };

  const visitOfCursor = projection.eventVisit[cursor];
  const set = (patch: Partial<EventFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const rowId = (pos: number) => `${idBase}-event-${pos}`;
  const cursorRow = rowAtOrBefore(rows, cursor);
  const cursorShown = cursorRow >= first && cursorRow < last && rows[cursorRow] === cursor;

  const rendered = [];
  for (let i = first; i < last; i++) {
    const pos = rows[i];
    const extra = expanded.get(pos);
    const classes = ['event-row'];
    if (pos === cursor) classes.push('at-cursor');
    else if (pos > cursor) classes.push('future');
    if (columns.errors[pos] === 1) classes.push('error');
    if (selectedState !== null && columns.states[pos] === selectedState) classes.push('of-selected');
    if (visitOfCursor >= 0 && projection.eventVisit[pos] === visitOfCursor) classes.push('of-current-visit');
    if (extra !== undefined) classes.push('expanded');
    const id = columns.ids[pos];
    rendered.push(
      <div
        key={pos}
        id={rowId(pos)}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={pos === cursor}
        aria-current={pos === cursor ? 'step' : undefined}
        aria-expanded={extra !== undefined}
        className={classes.join(' ')}
        style={{ position: 'absolute', top: offsets[i], height: offsets[i + 1] - offsets[i], left: 0, right: 0, gridTemplateRows: extra !== undefined ? `${ROW_HEIGHT - 1}px ${extra}px` : undefined }}
        onClick={() => onPick(pos)}
      >
        <span role="gridcell" className="c-id">
          <button
            type="button"
            className="event-disclosure"
            tabIndex={-1}
            aria-label={`Show details of event ${id}`}
            aria-expanded={extra !== undefined}
            aria-controls={extra !== undefined ? `${rowId(pos)}-details` : undefined}
            onClick={(e) => {
              e.stopPropagation();
              toggle(pos);
            }}
          >
            {extra !== undefined ? '▾' : '▸'}
          </button>
          <span className="id-text">{id}</span>
        </span>
        <span role="gridcell" className="c-type">{columns.types[pos]}</span>
        <span role="gridcell" className="c-state">{columns.states[pos]}</span>
        <span role="gridcell" className="c-resource" title={columns.resources[pos]}>{columns.resources[pos]}</span>
        <span role="gridcell" className="c-elapsed">{formatElapsedMs(columns.elapsed[pos])}</span>
        <span role="gridcell" className="c-time">{columns.timestamps[pos]}</span>
        {extra !== undefined && events[pos] !== undefined && (
          <div role="gridcell" aria-colspan={6} id={`${rowId(pos)}-details`} className="event-row-details" onClick={(e) => e.stopPropagation()}>
            <JsonView value={events[pos] as unknown as Json} label={`Details of event ${id}`} maxLines={DETAIL_MAX_LINES} />
          </div>
        )}
      </div>,
    );
  }

  return (
    <section className={`events-panel panel${fill ? ' fill' : ''}`} aria-label="Events">
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
            {rows.length === columns.length ? countLabel(columns.length, 'event') : countLabel(rows.length, 'event', columns.length)}
          </span>
        </div>
      </div>
      <div
        className="event-table"
        role="grid"
        aria-label="Event table"
        aria-rowcount={rows.length + 1}
        aria-colcount={6}
        aria-readonly
        aria-activedescendant={cursorShown ? rowId(cursor) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
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
        <div className="event-body-box" ref={bodyBox}>
          <div role="rowgroup" className="event-body" ref={scroller} style={{ height: viewportHeight }} onScroll={(e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop)}>
            <div style={{ height: totalHeight, position: 'relative' }}>{rendered}</div>
          </div>
        </div>
      </div>
      <p className="muted small event-keys" hidden={fill}>Click the table, then ↑/↓ or PageUp/PageDown to move through the events; Enter shows or hides the selected event's details.</p>
    </section>
  );
}
