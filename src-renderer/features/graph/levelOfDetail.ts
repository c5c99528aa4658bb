import { truncateMiddle } from './layout';

/**
 * Level of detail of the graph (pure): what stays readable when a large graph is zoomed out.
 * State names are drawn larger in content units as the zoom goes down, so that on screen they stay
 * at least `READABLE_PX` tall (down to `MIN_NAME_SCALE`), and shortened to fit their box; edge
 * labels, badges and progress text are hidden below `DETAIL_SCALE`; Fit never zooms out below
 * `FIT_MIN_SCALE`, and shows the start of the graph when the whole of it would be unreadable
 * (the overview shows the rest).
 */

/** Font size of state names at zoom 1, in px. */
export const BASE_NAME_PX = 12.5;
/** Smallest on-screen size of a state name, in px, at any zoom down to `MIN_NAME_SCALE`. */
export const READABLE_PX = 9;
/** Below this zoom, state names shrink with the graph again (the graph is an overview then). */
export const MIN_NAME_SCALE = 0.4;
/** Below this zoom, edge labels, badges and progress text are hidden. */
export const DETAIL_SCALE = 0.6;
/** Fit never zooms out further than this. */
export const FIT_MIN_SCALE = 0.6;
/** Average glyph width of the sans-serif names, as a fraction of the font size. */
const GLYPH = 0.56;

/** The font size (content px) of state names at zoom `k`. */
export function nameFontSize(k: number): number {
  const scale = Math.max(k, MIN_NAME_SCALE);
  // Half-pixel steps (rounded up, so the bound holds), so that zooming restyles only now and then.
  return Math.max(BASE_NAME_PX, Math.ceil((READABLE_PX / scale) * 2) / 2);
}

/** Whether edge labels, badges and progress text are shown at zoom `k`. */
export function showsDetail(k: number): boolean {
  return k >= DETAIL_SCALE;
}

/** A name shortened (`…` in the middle) to fit `width` px of box at `fontSize`, with `padding` px each side. */
export function fitName(name: string, width: number, fontSize: number, padding = 6): string {
  const chars = Math.max(3, Math.floor((width - 2 * padding) / (fontSize * GLYPH)));
  return truncateMiddle(name, chars);
}

/** A rectangle in layout coordinates. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The part of a layout that "Fit" shows in a view of `view` size (with d3-zoom's fit keeping 8px
 * margins): the whole layout when it fits at `FIT_MIN_SCALE` or more; otherwise a view-sized box at
 * that scale, whose top-centre is just above (`anchorX`, `anchorY`) (the Start node), kept inside the layout.
 */
export function fitBox(layout: { width: number; height: number }, view: { width: number; height: number }, anchorX: number, anchorY = 0, margin = 16): Box {
  const whole: Box = { x: 0, y: 0, width: layout.width, height: layout.height };
  const w = Math.max(view.width - margin, 1);
  const h = Math.max(view.height - margin, 1);
  if (layout.width <= 0 || layout.height <= 0 || Math.min(w / layout.width, h / layout.height) >= FIT_MIN_SCALE) return whole;
  const width = w / FIT_MIN_SCALE;
  const height = h / FIT_MIN_SCALE;
  const x = layout.width <= width ? (layout.width - width) / 2 : Math.min(Math.max(anchorX - width / 2, 0), layout.width - width);
  const y = layout.height <= height ? 0 : Math.min(Math.max(anchorY - 24, 0), layout.height - height);
  return { x, y, width, height };
}
