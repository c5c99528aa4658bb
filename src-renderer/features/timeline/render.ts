import { axisBottom, pointer, scaleLinear, select } from 'd3';
import { STATUS_STYLES, type StatusKey } from '../../viz';
import { positionAtX, type TimelineLanes } from './lanes';

/**
 * Draws the timeline with D3: lane labels, one bar per visit (one join), a time or event axis and
 * the cursor line. Clicking or dragging on the chart moves the cursor. Returns a handle whose
 * `dispose` removes listeners and content.
 */

/** What changes with the cursor. */
export interface TimelineStyleState {
  cursor: number;
  /** Status of each visit at the cursor (`notRun` visits are not drawn). */
  status: (visit: number) => StatusKey;
  selected: string | null;
}

/** A drawn timeline. */
export interface TimelineRenderer {
  update(state: TimelineStyleState): void;
  dispose(): void;
}

const LANE = 18;
const LABEL_WIDTH = 150;
const AXIS = 22;

/** Draws `lanes` into `svg` (its width is read from the element); `onSeek` gets an event position. */
export function createTimelineRenderer(svg: SVGSVGElement, lanes: TimelineLanes, onSeek: (position: number) => void): TimelineRenderer {
  const root = select(svg);
  root.selectAll('*').remove();
  const width = Math.max(300, svg.clientWidth || 800);
  const height = lanes.lanes.length * LANE + AXIS + 6;
  root.attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  const last = lanes.x.length > 0 ? lanes.x[lanes.x.length - 1] : 1;
  const x = scaleLinear().domain([0, Math.max(1, last)]).range([LABEL_WIDTH, width - 12]);

  const labels = root.append('g').attr('class', 'lane-labels');
  const bars = root.append('g').attr('class', 'bars');
  const axisG = root.append('g').attr('class', 'axis').attr('transform', `translate(0,${lanes.lanes.length * LANE + 2})`);
  const cursorLine = root.append('line').attr('class', 'cursor-line').attr('y1', 0).attr('y2', lanes.lanes.length * LANE + 2);

  labels
    .selectAll('text')
    .data(lanes.lanes)
    .join('text')
    .attr('x', LABEL_WIDTH - 8)
    .attr('y', (_, i) => i * LANE + LANE / 2 + 4)
    .attr('text-anchor', 'end')
    .text((d) => (d.length > 20 ? `${d.slice(0, 19)}…` : d));

  const tickCount = Math.max(2, Math.floor((width - LABEL_WIDTH) / 90));
  const axis = axisBottom(x);
  if (lanes.scale === 'time') axis.ticks(tickCount).tickFormat((v) => formatTick(Number(v)));
  // Event positions are whole numbers: no "#1.5" ticks on short histories.
  else axis.tickValues(x.ticks(tickCount).filter(Number.isInteger)).tickFormat((v) => `#${Number(v) + 1}`);
  axisG.call(axis);

  const indices = Array.from({ length: lanes.lane.length }, (_, i) => i);
  const barSel = bars
    .selectAll<SVGRectElement, number>('rect')
    .data(indices)
    .join('rect')
    .attr('y', (i) => lanes.lane[i] * LANE + 3)
    .attr('height', LANE - 6)
    .attr('rx', 2);

  let dragging = false;
  const seekAt = (event: PointerEvent) => {
    const [px] = pointer(event, svg);
    onSeek(positionAtX(lanes, x.invert(Math.max(LABEL_WIDTH, px))));
  };
  root
    .on('pointerdown', (event: PointerEvent) => {
      dragging = true;
      svg.setPointerCapture?.(event.pointerId);
      seekAt(event);
    })
    .on('pointermove', (event: PointerEvent) => dragging && seekAt(event))
    .on('pointerup pointercancel', () => {
      dragging = false;
    });

  return {
    update(state) {
      const cx = lanes.x.length > 0 ? x(lanes.x[Math.min(state.cursor, lanes.x.length - 1)]) : LABEL_WIDTH;
      barSel
        .attr('display', (i) => (state.status(i) === 'notRun' ? 'none' : null))
        .attr('x', (i) => x(lanes.start[i]))
        .attr('width', (i) => {
          const endX = Number.isNaN(lanes.end[i]) || lanes.end[i] > lanes.x[state.cursor] ? cx : x(lanes.end[i]);
          return Math.max(3, endX - x(lanes.start[i]));
        })
        .attr('fill', (i) => STATUS_STYLES[state.status(i)].fill)
        .attr('stroke', (i) => STATUS_STYLES[state.status(i)].stroke)
        .classed('selected', (i) => state.selected !== null && lanes.lanes[lanes.lane[i]] === state.selected);
      labels.selectAll<SVGTextElement, string>('text').classed('selected', (d) => d === state.selected);
      cursorLine.attr('x1', cx).attr('x2', cx);
    },
    dispose() {
      root.on('pointerdown pointermove pointerup pointercancel', null);
      root.selectAll('*').remove();
    },
  };
}

function formatTick(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
  return `${Math.floor(ms / 3_600_000)}h${String(Math.floor((ms % 3_600_000) / 60_000)).padStart(2, '0')}m`;
}
