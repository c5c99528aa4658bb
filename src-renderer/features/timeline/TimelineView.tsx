import { useEffect, useMemo, useRef, useState } from 'react';
import type { HistoryEvent } from '@common/history/events';
import { visitStatusAt, type VisitProjection } from '@common/history/visits';
import { useTheme } from '../../ui';
import { toTimelineLanes, type TimelineScale } from './lanes';
import { createTimelineRenderer, type TimelineRenderer } from './render';
import './timeline.css';

/** Props of `TimelineView`. */
export interface TimelineViewProps {
  events: readonly HistoryEvent[];
  projection: VisitProjection;
  cursor: number;
  selected: string | null;
  onSeek: (position: number) => void;
}

/**
 * A Gantt chart of the visits (one lane per state), coloured by status at the cursor, with the
 * cursor drawn as a line; click or drag on it to move the cursor. The x axis counts events or
 * elapsed time.
 */
export function TimelineView({ events, projection, cursor, selected, onSeek }: TimelineViewProps) {
  const svgRef = useRef<SVGSVGElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const rendererRef = useRef<TimelineRenderer | null>(null);
  const onSeekRef = useRef(onSeek);
  onSeekRef.current = onSeek;
  const [scale, setScale] = useState<TimelineScale>('events');
  const lanes = useMemo(() => toTimelineLanes(events, projection, scale), [events, projection, scale]);

  useEffect(() => {
    const svg = svgRef.current;
    const canvas = canvasRef.current;
    if (!svg || !canvas || lanes.lanes.length === 0) return;
    const renderer = createTimelineRenderer(svg, canvas, lanes, (p) => onSeekRef.current(p));
    rendererRef.current = renderer;
    return () => {
      renderer.dispose();
      rendererRef.current = null;
    };
  }, [lanes]);

  // The bars are drawn on a canvas in the theme's colours: a theme change redraws them.
  const theme = useTheme();
  useEffect(() => {
    rendererRef.current?.update({ cursor, selected, status: (i) => visitStatusAt(projection.visits[i], cursor) });
  }, [lanes, cursor, selected, projection, theme]);

  return (
    <div className="timeline">
      <div className="timeline-head">
        <span className="muted small">Visits by state</span>
        <label className="small">
          Axis{' '}
          <select aria-label="Timeline axis" value={scale} onChange={(e) => setScale(e.target.value as TimelineScale)}>
            <option value="events">event sequence</option>
            <option value="time">elapsed time</option>
          </select>
        </label>
        {scale === 'time' && lanes.scale === 'events' && <span className="muted small">The timestamps are not dates: showing the event sequence.</span>}
      </div>
      <div className="timeline-scroll">
        <canvas ref={canvasRef} className="timeline-bars" aria-hidden="true" />
        <svg ref={svgRef} className="timeline-svg" role="img" aria-label={`Timeline of ${projection.visits.length} visits in ${lanes.lanes.length} states`} />
      </div>
    </div>
  );
}
