import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HistoryEvent } from '@common/history/events';
import { visitStatusAt, type VisitProjection } from '@common/history/visits';
import { useTheme } from '../../ui';
import { formatDuration, groupTextAt, ITERATION_LIMIT, scopeOutcomeAt, scopeTextAt, toTimelineLanes, visitDetails, type TimelineRow, type TimelineScale } from './lanes';
import { createTimelineRenderer, LANE, LABEL_WIDTH, type TimelineRenderer } from './render';
import './timeline.css';

/** Props of `TimelineView`. */
export interface TimelineViewProps {
  events: readonly HistoryEvent[];
  projection: VisitProjection;
  cursor: number;
  selected: string | null;
  onSeek: (position: number) => void;
  /** Selects a state (a click on its lane's label); absent: labels are not clickable. */
  onSelect?: (state: string) => void;
  /** The timestamps are real times (an imported AWS history), not a local run's virtual clock: the axis starts on time. */
  realTime?: boolean;
  /** Fill the panel it is in: the rows get the height the panel leaves them (measured), not at most 260 px. */
  fill?: boolean;
}

/** The rows' visible height at most (more rows scroll). */
const MAX_VIEW = 260;

/** The key of the row a label belongs to, for React. */
const rowKey = (row: TimelineRow) => `${row.kind}:${row.key}`;

/**
 * A Gantt chart of the visits, grouped by flow (Parallel branches, Map iterations, collapsible),
 * coloured by status at the cursor, with the cursor drawn as a line; click or drag on it to move
 * the cursor. Wheel zooms the x axis, the overview's brush chooses a range, "Reset zoom" shows
 * everything. Hovering a bar shows the visit's details; the line under the chart tells the visit
 * at the cursor (or the one hovered), so the keyboard reaches the same details.
 */
export function TimelineView({ events, projection, cursor, selected, onSeek, onSelect, realTime = false, fill = false }: TimelineViewProps) {
  // Filling a panel: the rows' box is measured, and the chart is as tall as it (at least two lanes).
  const rowsBox = useRef<HTMLDivElement>(null);
  const [fillHeight, setFillHeight] = useState<number | undefined>();
  useEffect(() => {
    const el = rowsBox.current;
    if (!fill || !el || typeof ResizeObserver === 'undefined') return;
    const measure = () => setFillHeight(Math.max(2 * LANE, Math.floor(el.clientHeight) - 2));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [fill]);
  const maxView = fill && fillHeight !== undefined ? fillHeight : MAX_VIEW;
  const svgRef = useRef<SVGSVGElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const axisRef = useRef<SVGSVGElement>(null);
  const overviewRef = useRef<SVGSVGElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const rendererRef = useRef<TimelineRenderer | null>(null);
  const domainRef = useRef<[number, number] | undefined>(undefined);
  const onSeekRef = useRef(onSeek);
  onSeekRef.current = onSeek;
  // The axis the user chose; until then, time for real timestamps, else the event sequence.
  const [chosenScale, setScale] = useState<TimelineScale | undefined>();
  const scale: TimelineScale = chosenScale ?? (realTime ? 'time' : 'events');
  const [expanded, setExpanded] = useState<ReadonlyMap<string, boolean>>(() => new Map());
  const [shown, setShown] = useState<ReadonlyMap<string, number>>(() => new Map());
  const [hover, setHover] = useState<{ visit: number; x: number; y: number } | null>(null);
  const [range, setRange] = useState<{ from: number; to: number; zoomed: boolean } | null>(null);
  const lanes = useMemo(() => toTimelineLanes(events, projection, scale, { expanded, shown }), [events, projection, scale, expanded, shown]);
  const viewHeight = Math.min(maxView, Math.max(1, lanes.rows.length) * LANE);
  const stageRef = useRef<HTMLDivElement>(null);
  // The chart is drawn for the element's width: a resize draws it again.
  const [width, setWidth] = useState(0);
  const drawnWidthRef = useRef(0);
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const w = Math.round(entries[0]?.contentRect.width ?? 0);
      // The first report is the width already drawn: no second drawing when the view opens.
      if (w > 0 && Math.abs(w - drawnWidthRef.current) > 1) setWidth(w);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A new scale starts unzoomed; other changes (rows expanded, events appended) keep the zoom.
  useEffect(() => {
    domainRef.current = undefined;
  }, [scale]);

  useEffect(() => {
    const svg = svgRef.current;
    const canvas = canvasRef.current;
    const axis = axisRef.current;
    const overview = overviewRef.current;
    if (!svg || !canvas || !axis || !overview || lanes.rows.length === 0) return;
    const renderer = createTimelineRenderer({ svg, canvas, axis, overview }, lanes, viewHeight, {
      onSeek: (p) => onSeekRef.current(p),
      onHover: (visit, x, y) => setHover(visit === null ? null : { visit, x, y }),
      onDomain: (from, to, zoomed) => {
        domainRef.current = zoomed ? [from, to] : undefined;
        setRange({ from, to, zoomed });
      },
    }, domainRef.current);
    rendererRef.current = renderer;
    drawnWidthRef.current = svg.clientWidth;
    renderer.setScroll(scrollRef.current?.scrollTop ?? 0);
    const [from, to] = renderer.domain();
    setRange({ from, to, zoomed: domainRef.current !== undefined });
    return () => {
      renderer.dispose();
      rendererRef.current = null;
    };
  }, [lanes, viewHeight, width]);

  // The bars are drawn on a canvas in the theme's colours: a theme change redraws them.
  const theme = useTheme();
  const selectedRows = useMemo(() => {
    const rows = new Set<number>();
    lanes.rows.forEach((r, i) => {
      if ((r.kind === 'lane' || r.kind === 'group') && r.state === selected) rows.add(i);
    });
    return rows;
  }, [lanes, selected]);
  useEffect(() => {
    rendererRef.current?.update({ cursor, selectedRows, status: (i) => visitStatusAt(projection.visits[i], cursor) });
  }, [lanes, cursor, selectedRows, projection, theme]);

  // Branch and iteration outcomes, and a group's counts, as they stand at the cursor.
  const { rowTexts, groupCountsText, scopeOutcomes } = useMemo(() => {
    const texts: string[] = [];
    const counts: string[] = [];
    const outcomes: string[] = [];
    lanes.rows.forEach((row, i) => {
      if (row.kind === 'group') {
        const t = groupTextAt(row, cursor);
        texts[i] = t.label;
        counts[i] = t.counts;
      } else if (row.kind === 'scope') {
        texts[i] = scopeTextAt(row, cursor);
        outcomes[i] = scopeOutcomeAt(row.timing, cursor);
      } else texts[i] = row.label;
    });
    return { rowTexts: texts, groupCountsText: counts, scopeOutcomes: outcomes };
  }, [lanes, cursor]);

  const toggle = useCallback((row: TimelineRow & { kind: 'group' }) => {
    setExpanded((m) => new Map(m).set(row.key, !row.expanded));
    setHover(null);
  }, []);

  // The visit told under the chart: the one hovered, else the selected state's visit at the
  // cursor, else the visit of the event at the cursor.
  const atCursor = useMemo(() => {
    if (selected !== null) {
      let found = -1;
      for (const v of projection.visits) {
        if (v.enteredAt > cursor) break;
        if (v.state === selected) found = v.index;
      }
      if (found >= 0) return found;
    }
    // The visit of the event at the cursor, or of the last event before it that had one (the execution's end belongs to none).
    for (let p = Math.min(cursor, projection.eventVisit.length - 1); p >= 0; p--) if (projection.eventVisit[p] >= 0) return projection.eventVisit[p];
    return -1;
  }, [projection, selected, cursor]);
  const hoveredVisit = hover === null ? undefined : projection.visits[hover.visit];
  const lineVisit = hoveredVisit ?? (atCursor >= 0 ? projection.visits[atCursor] : undefined);
  const lineDetails = lineVisit === undefined ? null : visitDetails(lineVisit, lanes, cursor);
  const hoverDetails = hoveredVisit === undefined ? null : visitDetails(hoveredVisit, lanes, cursor);
  const containerRef = useRef<HTMLDivElement>(null);
  const box = containerRef.current?.getBoundingClientRect();

  const describeRange = (from: number, to: number) =>
    lanes.scale === 'time' ? `+${formatDuration(from)} to +${formatDuration(to)}` : `events #${Math.round(from) + 1} to #${Math.round(to) + 1}`;

  return (
    <div className={`timeline${fill ? ' fill' : ''}`} ref={containerRef}>
      <div className="timeline-head">
        <span className="muted small">Visits by state</span>
        <label className="small">
          Axis{' '}
          <select aria-label="Timeline axis" value={scale} onChange={(e) => setScale(e.target.value as TimelineScale)}>
            <option value="events">event sequence</option>
            <option value="time">elapsed time</option>
          </select>
        </label>
        <button type="button" className="small" onClick={() => rendererRef.current?.resetZoom()} disabled={!range?.zoomed}>
          Reset zoom
        </button>
        <span className="muted small" aria-live="polite" data-testid="timeline-range">
          {range === null ? '' : range.zoomed ? `Showing ${describeRange(range.from, range.to)}` : 'Showing everything (wheel to zoom, drag on the overview to choose a range)'}
        </span>
        {scale === 'time' && lanes.scale === 'events' && <span className="muted small">The timestamps are not dates: showing the event sequence.</span>}
      </div>
      <div className="timeline-rows-box" ref={rowsBox}>
      <div
        className="timeline-scroll"
        ref={scrollRef}
        style={{ maxHeight: `${maxView + 2}px` }}
        onScroll={(e) => rendererRef.current?.setScroll(e.currentTarget.scrollTop)}
      >
        <div className="timeline-stage" ref={stageRef} style={{ height: `${Math.max(1, lanes.rows.length) * LANE}px` }}>
          <div className="timeline-sticky" style={{ height: `${viewHeight}px`, marginBottom: `-${viewHeight}px` }}>
            <canvas ref={canvasRef} className="timeline-bars" aria-hidden="true" />
            <svg
              ref={svgRef}
              className="timeline-svg"
              role="img"
              aria-label={`Timeline of ${projection.visits.length} visits in ${lanes.stateCount} states, ${lanes.rows.length} rows`}
            />
          </div>
          <div className="timeline-labels" style={{ width: `${LABEL_WIDTH - 6}px` }}>
            {lanes.rows.map((row, i) => (
              <div key={rowKey(row)} className={`timeline-label ${row.kind}`} style={{ top: `${i * LANE}px`, height: `${LANE}px`, paddingLeft: `${3 + row.depth * 7}px` }}>
                {row.kind === 'group' ? (
                  <button type="button" aria-expanded={row.expanded} aria-label={rowTexts[i]} title={`${rowTexts[i]} (click to ${row.expanded ? 'collapse' : 'expand'})`} onClick={() => toggle(row)} className={row.state === selected ? 'selected' : undefined}>
                    <span aria-hidden="true" className="twisty">{row.expanded ? '▾' : '▸'}</span> {row.state} <span className="counts">{groupCountsText[i]}</span>
                  </button>
                ) : row.kind === 'more' ? (
                  <button type="button" className="more" title={row.label} onClick={() => setShown((m) => new Map(m).set(row.group, (m.get(row.group) ?? ITERATION_LIMIT) + ITERATION_LIMIT))}>
                    Show {Math.min(row.hidden, ITERATION_LIMIT)} more ({row.hidden} hidden)
                  </button>
                ) : row.kind === 'lane' && onSelect ? (
                  <button type="button" className={`lane-name${row.state === selected ? ' selected' : ''}`} title={`Select ${row.state}`} aria-label={`Select state ${row.state}`} onClick={() => onSelect(row.state)}>
                    {row.label}
                  </button>
                ) : (
                  <span className={`scope-name${row.kind === 'lane' && row.state === selected ? ' selected' : ''}${row.kind === 'scope' ? ` ${scopeOutcomes[i]}` : ''}`} title={rowTexts[i]}>
                    {rowTexts[i]}
                  </span>
                )}
              </div>
            ))}
          </div>
        </div>
      </div>
      </div>
      <svg ref={axisRef} className="timeline-axis" aria-hidden="true" />
      <svg ref={overviewRef} className="timeline-overview" role="group" aria-label="Timeline overview: drag to choose the range shown" />
      <p className="timeline-detail small" aria-label="Visit details">
        {lineDetails === null ? (
          <span className="muted">No visit at the cursor.</span>
        ) : (
          <>
            <strong>{lineDetails.title}</strong> {lineDetails.lines.join(' · ')}
          </>
        )}
      </p>
      {hover !== null && hoverDetails !== null && box !== undefined && (
        <div
          className="timeline-tooltip"
          role="tooltip"
          aria-label={`Details of ${hoverDetails.title}`}
          style={{ left: `${Math.min(hover.x - box.left + 12, box.width - 280)}px`, top: `${hover.y - box.top + 14}px` }}
        >
          <strong>{hoverDetails.title}</strong>
          {hoverDetails.lines.map((l, i) => (
            <div key={i}>{l}</div>
          ))}
        </div>
      )}
    </div>
  );
}
