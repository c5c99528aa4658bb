import { axisBottom, pointer, scaleLinear, select } from 'd3';
import { STATUS_STYLES, type StatusKey } from '../../viz';
import { positionAtX, type TimelineLanes } from './lanes';

/**
 * Draws the timeline: lane labels, the axis and the cursor line in an SVG (D3, one join per
 * layer), and the bars, one per visit, on a canvas under it: a 25,000-event history has 12,500
 * visits, too many SVG elements to restyle at every cursor move. Clicking or dragging on the chart
 * moves the cursor. Colours come from the theme's CSS variables (`--status-<status>-fill`, ...).
 * Returns a handle whose `dispose` removes listeners and content.
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

/** The theme's colour for a CSS variable, or `fallback`. */
function cssColor(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

/**
 * Draws `lanes` into `svg` and `canvas` (the canvas sits under the SVG, same size; the width is
 * read from the SVG element); `onSeek` gets an event position.
 */
export function createTimelineRenderer(svg: SVGSVGElement, canvas: HTMLCanvasElement, lanes: TimelineLanes, onSeek: (position: number) => void): TimelineRenderer {
  const root = select(svg);
  root.selectAll('*').remove();
  const width = Math.max(300, svg.clientWidth || 800);
  const height = lanes.lanes.length * LANE + AXIS + 6;
  root.attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  const last = lanes.x.length > 0 ? lanes.x[lanes.x.length - 1] : 1;
  const x = scaleLinear().domain([0, Math.max(1, last)]).range([LABEL_WIDTH, width - 12]);

  const labels = root.append('g').attr('class', 'lane-labels');
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

  // Bar geometry that does not depend on the cursor, in CSS pixels.
  const count = lanes.lane.length;
  const x0 = new Float64Array(count);
  const x1 = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    x0[i] = x(lanes.start[i]);
    x1[i] = Number.isNaN(lanes.end[i]) ? Number.NaN : x(lanes.end[i]);
  }

  // The theme's colours, read again only when the theme changes (`<html data-theme>`): reading
  // computed styles at every cursor move would force a style recalculation each frame.
  let colorsFor: string | undefined;
  let colorsRead: { fill: Record<StatusKey, string>; stroke: Record<StatusKey, string>; band: string } | undefined;
  const themeColors = () => {
    const theme = document.documentElement.dataset.theme ?? '';
    if (colorsRead === undefined || colorsFor !== theme) {
      const style = getComputedStyle(canvas);
      const fill = {} as Record<StatusKey, string>;
      const stroke = {} as Record<StatusKey, string>;
      for (const key of Object.keys(STATUS_STYLES) as StatusKey[]) {
        fill[key] = cssColor(style, `--status-${key}-fill`, STATUS_STYLES[key].fill);
        stroke[key] = cssColor(style, `--status-${key}-stroke`, STATUS_STYLES[key].stroke);
      }
      colorsRead = { fill, stroke, band: cssColor(style, '--highlight', '#fff7e0') };
      colorsFor = theme;
    }
    return colorsRead;
  };

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
      const cursorX = lanes.x.length > 0 ? lanes.x[Math.min(state.cursor, lanes.x.length - 1)] : 0;
      const cx = lanes.x.length > 0 ? x(cursorX) : LABEL_WIDTH;
      cursorLine.attr('x1', cx).attr('x2', cx);
      labels.selectAll<SVGTextElement, string>('text').classed('selected', (d) => d === state.selected);
      if (!ctx) return;
      const colors = themeColors();
      const selectedLane = state.selected === null ? -1 : lanes.lanes.indexOf(state.selected);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, height);
      // The selected state's lane gets a band behind its bars (outlining thousands of thin bars
      // would paint the lane black).
      if (selectedLane >= 0) {
        ctx.fillStyle = colors.band;
        ctx.fillRect(0, selectedLane * LANE, width, LANE);
      }
      ctx.lineWidth = 1;
      // Visits are in order of entry, so the first one not yet entered ends the loop.
      for (let i = 0; i < count; i++) {
        const status = state.status(i);
        if (status === 'notRun') {
          if (lanes.start[i] > cursorX) break;
          continue;
        }
        const end = Number.isNaN(x1[i]) || lanes.end[i] > cursorX ? cx : x1[i];
        const w = Math.max(3, end - x0[i]);
        const y = lanes.lane[i] * LANE + 3;
        if (w < 5) {
          // Too thin for a fill inside an outline: one solid bar in the status's stroke colour.
          ctx.fillStyle = colors.stroke[status];
          ctx.fillRect(x0[i], y, w, LANE - 6);
          continue;
        }
        ctx.fillStyle = colors.fill[status];
        ctx.fillRect(x0[i], y, w, LANE - 6);
        ctx.strokeStyle = colors.stroke[status];
        ctx.strokeRect(x0[i] + 0.5, y + 0.5, w - 1, LANE - 7);
      }
    },
    dispose() {
      root.on('pointerdown pointermove pointerup pointercancel', null);
      root.selectAll('*').remove();
      ctx?.clearRect(0, 0, canvas.width, canvas.height);
    },
  };
}
function formatTick(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
  return `${Math.floor(ms / 3_600_000)}h${String(Math.floor((ms % 3_600_000) / 60_000)).padStart(2, '0')}m`;
}
