import { axisBottom, brushX, pointer, scaleLinear, select, type BrushBehavior, type ScaleLinear } from 'd3';
import { STATUS_STYLES, type StatusKey } from '../../viz';
import { BAR_KIND, formatDuration, positionAtX, type TimelineLanes } from './lanes';

/**
 * Draws the timeline. The bars, one per visit, go on a canvas (a 25,000-event history has 12,500
 * visits, too many SVG elements to restyle at every cursor move); the cursor line, the axis and
 * the overview's brush are SVG (D3). Only the rows in view are drawn: the canvas covers the
 * visible part of the rows (`setScroll` says which). The x domain can be zoomed with the wheel
 * (or a trackpad pinch, which arrives as a wheel event with Ctrl), panned with a horizontal
 * wheel, and chosen with the brush on the overview strip under the axis. Clicking or dragging on
 * the chart moves the cursor at any zoom; hovering reports the visit under the pointer. Colours
 * come from the theme's CSS variables (`--status-<status>-fill`, ...).
 */

/** What changes with the cursor. */
export interface TimelineStyleState {
  cursor: number;
  /** Status of each visit at the cursor (`notRun` visits are not drawn). */
  status: (visit: number) => StatusKey;
  /** The selected state's rows get a band behind their bars. */
  selectedRows: ReadonlySet<number>;
}

/** The elements the timeline draws into (React owns them). */
export interface TimelineElements {
  /** The chart: cursor line and pointer input; as wide as the timeline, `viewHeight` high. */
  svg: SVGSVGElement;
  /** Under `svg`, same size: the bars. */
  canvas: HTMLCanvasElement;
  /** The x axis, under the chart. */
  axis: SVGSVGElement;
  /** The overview strip with the brush. */
  overview: SVGSVGElement;
}

/** Callbacks from the chart. */
export interface TimelineCallbacks {
  /** The user clicked or dragged to an event position. */
  onSeek: (position: number) => void;
  /** The visit under the pointer (null: none), with the pointer's client coordinates. */
  onHover: (visit: number | null, clientX: number, clientY: number) => void;
  /** The visible x domain changed (zoom, brush, reset); `zoomed` is false for the whole range. */
  onDomain: (from: number, to: number, zoomed: boolean) => void;
}

/** A drawn timeline. */
export interface TimelineRenderer {
  update(state: TimelineStyleState): void;
  /** The rows scrolled: the first visible pixel row. */
  setScroll(top: number): void;
  /** Shows the whole x range again. */
  resetZoom(): void;
  /** The visible x domain. */
  domain(): [number, number];
  dispose(): void;
}

/** Height of a row, in CSS pixels. */
export const LANE = 18;
/** Width of the label column, in CSS pixels (the chart's x range starts there). */
export const LABEL_WIDTH = 150;
const RIGHT = 12;
const AXIS_HEIGHT = 22;
const OVERVIEW_HEIGHT = 26;

/** The theme's colour for a CSS variable, or `fallback`. */
function cssColor(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

interface Colors {
  fill: Record<StatusKey, string>;
  stroke: Record<StatusKey, string>;
  band: string;
  background: string;
  label: string;
}

/**
 * Draws `lanes` into the elements; `viewHeight` is the visible height of the rows (CSS pixels),
 * `initial` an x domain to start with (kept across redraws when the rows change).
 */
export function createTimelineRenderer(el: TimelineElements, lanes: TimelineLanes, viewHeight: number, callbacks: TimelineCallbacks, initial?: [number, number]): TimelineRenderer {
  const { svg, canvas } = el;
  const root = select(svg);
  root.selectAll('*').remove();
  const width = Math.max(300, svg.clientWidth || 800);
  const height = Math.max(LANE, viewHeight);
  root.attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  const last = lanes.x.length > 0 ? lanes.x[lanes.x.length - 1] : 1;
  const full: [number, number] = [0, Math.max(1, last)];
  // The narrowest range the wheel zooms to: a few events, or a few ms.
  const minSpan = lanes.scale === 'events' ? Math.min(full[1], 4) : Math.max(1, full[1] / 5000);
  let domain: [number, number] = initial !== undefined && initial[0] >= full[0] && initial[1] <= full[1] && initial[1] - initial[0] >= minSpan ? initial : full;
  const x: ScaleLinear<number, number> = scaleLinear().domain(domain).range([LABEL_WIDTH, width - RIGHT]);
  const fullX = scaleLinear().domain(full).range([LABEL_WIDTH, width - RIGHT]);
  // The same maps as `x` and `fullX`, inlined for the loops over every visit.
  const span = (d: [number, number]) => Math.max(1e-9, d[1] - d[0]);
  let kx = (width - RIGHT - LABEL_WIDTH) / span(domain);
  let bx = LABEL_WIDTH - domain[0] * kx;
  const px = (v: number) => bx + v * kx;
  const kFull = (width - RIGHT - LABEL_WIDTH) / span(full);
  const fullPx = (v: number) => LABEL_WIDTH + (v - full[0]) * kFull;
  let scrollTop = 0;
  let state: TimelineStyleState | undefined;

  const cursorLine = root.append('line').attr('class', 'cursor-line').attr('y1', 0).attr('y2', height);

  // The axis of the visible range.
  const axisRoot = select(el.axis);
  axisRoot.selectAll('*').remove();
  axisRoot.attr('height', AXIS_HEIGHT).attr('viewBox', `0 0 ${width} ${AXIS_HEIGHT}`);
  const axisG = axisRoot.append('g').attr('class', 'axis');
  const tickCount = Math.max(2, Math.floor((width - LABEL_WIDTH) / 90));
  const drawAxis = (g: typeof axisG, scale: ScaleLinear<number, number>) => {
    const axis = axisBottom(scale);
    if (lanes.scale === 'time') axis.ticks(tickCount).tickFormat((v) => formatDuration(Number(v)));
    // Event positions are whole numbers: no "#1.5" ticks on short histories.
    else axis.tickValues(scale.ticks(tickCount).filter(Number.isInteger)).tickFormat((v) => `#${Number(v) + 1}`);
    g.call(axis);
    // A tick label at the right edge would be cut in half: it ends at its tick instead.
    g.selectAll<SVGGElement, number>('.tick').each(function (v) {
      select(this).select('text').attr('text-anchor', scale(v) > width - RIGHT - 20 ? 'end' : 'middle');
    });
  };

  // The overview: the whole range, the cursor, and a brush that chooses the visible range.
  const overRoot = select(el.overview);
  overRoot.selectAll('*').remove();
  overRoot.attr('height', OVERVIEW_HEIGHT + 16).attr('viewBox', `0 0 ${width} ${OVERVIEW_HEIGHT + 16}`);
  overRoot.append('rect').attr('class', 'overview-track').attr('x', LABEL_WIDTH).attr('y', 2).attr('width', width - RIGHT - LABEL_WIDTH).attr('height', OVERVIEW_HEIGHT - 4);
  const overCursor = overRoot.append('line').attr('class', 'cursor-line').attr('y1', 2).attr('y2', OVERVIEW_HEIGHT - 2);
  const overAxis = overRoot.append('g').attr('class', 'axis overview-axis').attr('transform', `translate(0,${OVERVIEW_HEIGHT})`);
  drawAxis(overAxis, fullX);
  overRoot.append('text').attr('class', 'overview-hint').attr('x', LABEL_WIDTH - 8).attr('y', OVERVIEW_HEIGHT / 2 + 4).attr('text-anchor', 'end').text('Overview');
  // A miniature of the bars shown (built once: the overview does not follow the cursor).
  const rowCount = Math.max(1, lanes.rows.length - 1);
  const miniY = (r: number) => 3 + ((OVERVIEW_HEIGHT - 7) * r) / Math.max(1, rowCount);
  // Bars of a row that touch at this scale merge into one segment (12,500 visits make a few dozen).
  const runStart = new Float64Array(lanes.rows.length).fill(Number.NaN);
  const runEnd = new Float64Array(lanes.rows.length);
  const mini: string[] = [];
  const flush = (r: number) => {
    if (!Number.isNaN(runStart[r])) mini.push(`M${Math.round(runStart[r])},${Math.round(miniY(r))}h${Math.max(1, Math.round(runEnd[r] - runStart[r]))}`);
  };
  for (let i = 0; i < lanes.row.length; i++) {
    const r = lanes.row[i];
    if (r < 0) continue;
    const x0 = fullPx(lanes.start[i]);
    const x1 = Math.max(x0 + 1, fullPx(Number.isNaN(lanes.end[i]) ? full[1] : lanes.end[i]));
    if (!Number.isNaN(runStart[r]) && x0 <= runEnd[r] + 1.5) {
      runEnd[r] = Math.max(runEnd[r], x1);
      continue;
    }
    flush(r);
    runStart[r] = x0;
    runEnd[r] = x1;
  }
  for (let r = 0; r < lanes.rows.length; r++) flush(r);
  overRoot.append('path').attr('class', 'overview-bars').attr('d', mini.join(''));
  const brushG = overRoot.append('g').attr('class', 'brush');
  const brush: BrushBehavior<unknown> = brushX()
    .extent([[LABEL_WIDTH, 2], [width - RIGHT, OVERVIEW_HEIGHT - 2]])
    .on('end', (event: { selection: [number, number] | null; sourceEvent?: unknown }) => {
      // Moves made here (zoom, reset) come without a source event.
      if (event.sourceEvent === undefined) return;
      if (event.selection === null) setDomain(full, false);
      else setDomain([fullX.invert(event.selection[0]), fullX.invert(event.selection[1])], false);
    });
  brushG.call(brush);

  const setDomain = (next: [number, number], moveBrush = true) => {
    let [a, b] = next;
    if (b - a < minSpan) {
      const mid = (a + b) / 2;
      a = mid - minSpan / 2;
      b = mid + minSpan / 2;
    }
    if (a < full[0]) [a, b] = [full[0], Math.min(full[1], b + (full[0] - a))];
    if (b > full[1]) [a, b] = [Math.max(full[0], a - (b - full[1])), full[1]];
    domain = [a, b];
    x.domain(domain);
    kx = (width - RIGHT - LABEL_WIDTH) / span(domain);
    bx = LABEL_WIDTH - domain[0] * kx;
    const zoomed = a > full[0] || b < full[1];
    if (moveBrush) brushG.call(brush.move, zoomed ? [fullX(a), fullX(b)] : null);
    drawAxis(axisG, x);
    draw();
    callbacks.onDomain(a, b, zoomed);
  };

  // The theme's colours, read again only when the theme changes (`<html data-theme>`): reading
  // computed styles at every cursor move would force a style recalculation each frame.
  let colorsFor: string | undefined;
  let colorsRead: Colors | undefined;
  const themeColors = (): Colors => {
    const theme = document.documentElement.dataset.theme ?? '';
    if (colorsRead === undefined || colorsFor !== theme) {
      const style = getComputedStyle(canvas);
      const fill = {} as Record<StatusKey, string>;
      const stroke = {} as Record<StatusKey, string>;
      for (const key of Object.keys(STATUS_STYLES) as StatusKey[]) {
        fill[key] = cssColor(style, `--status-${key}-fill`, STATUS_STYLES[key].fill);
        stroke[key] = cssColor(style, `--status-${key}-stroke`, STATUS_STYLES[key].stroke);
      }
      colorsRead = { fill, stroke, band: cssColor(style, '--highlight', '#fff7e0'), background: cssColor(style, '--chart-bg', '#fbfcfd'), label: cssColor(style, '--label', '#39414f') };
      colorsFor = theme;
    }
    return colorsRead;
  };

  const cursorValue = (cursor: number) => (lanes.x.length > 0 ? lanes.x[Math.min(cursor, lanes.x.length - 1)] : 0);
  const count = lanes.row.length;

  function draw() {
    if (state === undefined) return;
    const cursorX = cursorValue(state.cursor);
    const cx = x(cursorX);
    const visible = cx >= LABEL_WIDTH - 1 && cx <= width - RIGHT + 1;
    cursorLine.attr('x1', cx).attr('x2', cx).attr('visibility', visible ? 'visible' : 'hidden');
    overCursor.attr('x1', fullX(cursorX)).attr('x2', fullX(cursorX));
    if (!ctx) return;
    const colors = themeColors();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const firstRow = Math.floor(scrollTop / LANE);
    const lastRow = Math.ceil((scrollTop + height) / LANE);
    for (const r of state.selectedRows) {
      if (r < firstRow || r > lastRow) continue;
      ctx.fillStyle = colors.band;
      ctx.fillRect(0, r * LANE - scrollTop, width, LANE);
    }
    ctx.save();
    ctx.beginPath();
    ctx.rect(LABEL_WIDTH, 0, width - LABEL_WIDTH, height);
    ctx.clip();
    ctx.lineWidth = 1;
    const [d0, d1] = domain;
    const caps: number[] = [];
    // Visits are in order of entry, so the first one entered after the cursor (or the visible range) ends the loop.
    const stopAt = Math.min(cursorX, d1);
    for (let i = 0; i < count; i++) {
      const r = lanes.row[i];
      const s = lanes.start[i];
      if (s > stopAt) break;
      if (r < firstRow || r > lastRow) continue;
      const e = Number.isNaN(lanes.end[i]) || lanes.end[i] > cursorX ? cursorX : lanes.end[i];
      if (e < d0) continue;
      const status = state.status(i);
      if (status === 'notRun') continue;
      const x0 = px(s);
      const w = Math.max(3, px(e) - x0);
      const y = r * LANE - scrollTop + 3;
      const h = LANE - 6;
      const k = lanes.kind[i];
      if (k === BAR_KIND.compound) {
        // A Parallel or Map: a summary bar with end ticks, its branches' bars below it.
        ctx.fillStyle = colors.stroke[status];
        ctx.fillRect(x0, y + 1, w, 4);
        ctx.fillRect(x0, y + 1, 2, h - 2);
        ctx.fillRect(x0 + w - 2, y + 1, 2, h - 2);
      } else if (k === BAR_KIND.wait) {
        // A Wait: a light bar with a dotted middle line (sleeping, not working).
        ctx.fillStyle = colors.fill[status];
        ctx.fillRect(x0, y + 2, w, h - 4);
        ctx.strokeStyle = colors.stroke[status];
        ctx.setLineDash([2, 3]);
        ctx.beginPath();
        ctx.moveTo(x0, y + h / 2);
        ctx.lineTo(x0 + w, y + h / 2);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = colors.stroke[status];
        ctx.fillRect(x0, y, 2, h);
        ctx.fillRect(x0 + w - 2, y, 2, h);
      } else if (w < 5) {
        // Too thin for a fill inside an outline: one solid bar in the status's stroke colour.
        ctx.fillStyle = colors.stroke[status];
        ctx.fillRect(x0, y, w, h);
      } else {
        ctx.fillStyle = colors.fill[status];
        ctx.fillRect(x0, y, w, h);
        ctx.strokeStyle = colors.stroke[status];
        ctx.strokeRect(x0 + 0.5, y + 0.5, w - 1, h - 1);
      }
      if (status === 'failed' || status === 'caught' || status === 'aborted') caps.push(i);
    }
    // Retry back-off: the bar is cut from the failed attempt to the next one, and drawn dashed;
    // the failed attempt's end gets a red tick.
    for (let g = 0; g < lanes.gapVisit.length; g++) {
      const i = lanes.gapVisit[g];
      const r = lanes.row[i];
      const a = lanes.gapStart[g];
      if (r < firstRow || r > lastRow || a > cursorX || a > d1) continue;
      const b = Math.min(lanes.gapEnd[g], cursorX);
      if (b < d0) continue;
      const xa = px(a);
      const xb = Math.max(xa + 4, px(b));
      const y = r * LANE - scrollTop + 3;
      const h = LANE - 6;
      ctx.fillStyle = state.selectedRows.has(r) ? colors.band : colors.background;
      ctx.fillRect(xa, y - 1, xb - xa, h + 2);
      ctx.strokeStyle = colors.stroke.retried;
      ctx.setLineDash([3, 2]);
      ctx.strokeRect(xa + 0.5, y + 2.5, xb - xa - 1, h - 5);
      ctx.setLineDash([]);
      ctx.fillStyle = colors.stroke.failed;
      ctx.fillRect(xa - 1, y - 2, 2, h + 4);
    }
    // How a visit ended badly: a red cap and ✗ (failed), an orange cap and ↪ (caught by a
    // Catcher), a grey cap (aborted).
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    for (const i of caps) {
      const status = state.status(i);
      const e = Number.isNaN(lanes.end[i]) || lanes.end[i] > cursorX ? cursorX : lanes.end[i];
      const xe = Math.max(px(lanes.start[i]) + 3, px(e));
      const y = lanes.row[i] * LANE - scrollTop;
      const color = colors.stroke[status];
      ctx.fillStyle = color;
      ctx.fillRect(xe - 3, y + 1, 3, LANE - 2);
      if (status !== 'aborted') ctx.fillText(status === 'failed' ? '✗' : '↪', xe + 2, y + LANE / 2);
    }
    ctx.restore();
  }

  let dragging = false;
  let hovered = -1;
  const seekAt = (event: PointerEvent) => {
    const [atX] = pointer(event, svg);
    callbacks.onSeek(positionAtX(lanes, x.invert(Math.max(LABEL_WIDTH, Math.min(width - RIGHT, atX)))));
  };
  /** The visit whose bar is under a point of the chart, or -1 (the last drawn wins: the innermost). */
  const visitAt = (atX: number, py: number): number => {
    if (state === undefined || atX < LABEL_WIDTH) return -1;
    const r = Math.floor((py + scrollTop) / LANE);
    const cursorX = cursorValue(state.cursor);
    let found = -1;
    for (let i = 0; i < count; i++) {
      if (lanes.start[i] > cursorX) break;
      if (lanes.row[i] !== r) continue;
      const e = Number.isNaN(lanes.end[i]) || lanes.end[i] > cursorX ? cursorX : lanes.end[i];
      const x0 = px(lanes.start[i]);
      const x1 = Math.max(x0 + 3, px(e));
      if (atX >= x0 - 2 && atX <= x1 + 2) found = i;
    }
    return found;
  };
  const hoverAt = (event: PointerEvent) => {
    const [atX, atY] = pointer(event, svg);
    const v = visitAt(atX, atY);
    if (v !== hovered) {
      hovered = v;
      callbacks.onHover(v < 0 ? null : v, event.clientX, event.clientY);
    }
  };
  root
    .on('pointerdown', (event: PointerEvent) => {
      if (event.button !== 0) return;
      dragging = true;
      svg.setPointerCapture?.(event.pointerId);
      seekAt(event);
    })
    .on('pointermove', (event: PointerEvent) => (dragging ? seekAt(event) : hoverAt(event)))
    .on('pointerup pointercancel', () => {
      dragging = false;
    })
    .on('pointerleave', (event: PointerEvent) => {
      if (hovered >= 0) {
        hovered = -1;
        callbacks.onHover(null, event.clientX, event.clientY);
      }
    });
  const onWheel = (event: WheelEvent) => {
    const [atX] = pointer(event, svg);
    if (atX < LABEL_WIDTH) return;
    event.preventDefault();
    const [a, b] = domain;
    const span = b - a;
    if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
      // A horizontal swipe pans.
      const shift = (event.deltaX / (width - LABEL_WIDTH - RIGHT)) * span;
      setDomain([a + shift, b + shift]);
      return;
    }
    const factor = Math.exp(event.deltaY * (event.ctrlKey ? 0.01 : 0.002));
    const at = x.invert(atX);
    const nextSpan = Math.min(full[1] - full[0], Math.max(minSpan, span * factor));
    const ratio = (at - a) / span;
    setDomain([at - ratio * nextSpan, at - ratio * nextSpan + nextSpan]);
  };
  svg.addEventListener('wheel', onWheel, { passive: false });

  drawAxis(axisG, x);
  if (domain !== full) brushG.call(brush.move, [fullX(domain[0]), fullX(domain[1])]);

  return {
    update(next) {
      state = next;
      draw();
    },
    setScroll(top) {
      scrollTop = Math.max(0, top);
      draw();
    },
    resetZoom() {
      setDomain(full);
    },
    domain: () => [domain[0], domain[1]],
    dispose() {
      root.on('pointerdown pointermove pointerup pointercancel pointerleave', null);
      svg.removeEventListener('wheel', onWheel);
      brush.on('end', null);
      root.selectAll('*').remove();
      axisRoot.selectAll('*').remove();
      overRoot.selectAll('*').remove();
      ctx?.clearRect(0, 0, canvas.width, canvas.height);
    },
  };
}
