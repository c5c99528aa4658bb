/**
 * The graph overview's geometry (pure): how the whole layout is scaled into the minimap, where
 * the main view's visible area lies on it, and which zoom transform pans the view to a point
 * picked on it. Transforms are d3-zoom's: a screen point is `content * k + (x, y)`.
 */

/** A d3-zoom transform: scale `k`, then translate by (`x`, `y`). */
export interface ViewTransform {
  x: number;
  y: number;
  k: number;
}

/** A width and height in pixels. */
export interface Size {
  width: number;
  height: number;
}

/** A rectangle. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How the layout sits in the minimap: its size, the content scale `k`, and the offset of the content's origin. */
export interface MinimapGeometry extends Size {
  k: number;
  dx: number;
  dy: number;
}

/**
 * The minimap for a layout: at most `max` in size, keeping the layout's aspect ratio (never
 * narrower or shorter than `min`), with the layout scaled to fit inside `padding` and centred.
 */
export function minimapGeometry(layout: Size, max: Size, min: Size = { width: 60, height: 40 }, padding = 4): MinimapGeometry {
  const lw = Math.max(layout.width, 1);
  const lh = Math.max(layout.height, 1);
  const fit = Math.min(max.width / lw, max.height / lh);
  const width = Math.min(max.width, Math.max(min.width, lw * fit));
  const height = Math.min(max.height, Math.max(min.height, lh * fit));
  const k = Math.min((width - 2 * padding) / lw, (height - 2 * padding) / lh);
  return { width, height, k, dx: (width - lw * k) / 2, dy: (height - lh * k) / 2 };
}

/** The part of the content (in layout coordinates) that a view of `view` size shows under `t`. */
export function visibleContent(t: ViewTransform, view: Size): Rect {
  return { x: -t.x / t.k, y: -t.y / t.k, width: view.width / t.k, height: view.height / t.k };
}

/** The main view's visible area drawn on the minimap (minimap coordinates; may reach outside it). */
export function viewportOnMinimap(t: ViewTransform, view: Size, mini: MinimapGeometry): Rect {
  const c = visibleContent(t, view);
  return { x: mini.dx + c.x * mini.k, y: mini.dy + c.y * mini.k, width: c.width * mini.k, height: c.height * mini.k };
}

/** The transform, at scale `k`, that centres the main view on the content point under minimap point (`px`, `py`). */
export function transformCentredOn(px: number, py: number, mini: MinimapGeometry, view: Size, k: number): ViewTransform {
  const cx = (px - mini.dx) / mini.k;
  const cy = (py - mini.dy) / mini.k;
  return { x: view.width / 2 - k * cx, y: view.height / 2 - k * cy, k };
}

/** Whether part of the layout, drawn at `t`, is outside the view (it is larger than the view, or panned partly away), so the overview is worth showing; `slack` pixels are tolerated. */
export function isPartlyOutOfView(layout: Size, t: ViewTransform, view: Size, slack = 1): boolean {
  const c = visibleContent(t, view);
  const s = slack / t.k;
  return c.x > s || c.y > s || c.x + c.width < layout.width - s || c.y + c.height < layout.height - s;
}
