/**
 * The workspace layout's sizes and collapsed panels, remembered per user (localStorage), and
 * the sizes actually used for a given window: a remembered size that does not fit is shrunk
 * (never saved shrunk), and a small window starts with the side panel collapsed.
 */

/** The three areas around the graph that can be collapsed. */
export type LayoutArea = 'left' | 'right' | 'bottom';

/** What is remembered. Absent collapsed flags follow the window's size. */
export interface LayoutPrefs {
  /** Widths of the side panels and height of the bottom panel, in CSS pixels. */
  left: number;
  right: number;
  bottom: number;
  /** Share of the bottom panel's width taken by the timeline (the rest: the tabs). */
  bottomSplit: number;
  /** Areas the user collapsed (true) or opened (false). */
  collapsed: Partial<Record<LayoutArea, boolean>>;
  /** Sections (by id) the user collapsed (true) or opened (false). */
  sections: Record<string, boolean>;
  /** The bottom panel's chosen tab. */
  bottomTab?: string;
}

/** The sizes used for one window. */
export interface EffectiveLayout {
  left: number;
  right: number;
  bottom: number;
  bottomSplit: number;
  collapsed: Record<LayoutArea, boolean>;
}

export const STORAGE_KEY = 'stepscope.workspaceLayout.v1';
/** Width of a collapsed side panel's rail, height of a collapsed bottom panel's bar. */
export const RAIL = 34;
export const BOTTOM_BAR = 34;
/** Width of the drag handles. */
export const HANDLE = 5;
/** The graph keeps at least this much room. */
export const MIN_CENTRE_WIDTH = 380;
export const MIN_CENTRE_HEIGHT = 220;
/** Allowed sizes (a drag stops there). */
export const LIMITS = { left: [200, 720], right: [240, 760], bottom: [120, 720], bottomSplit: [0.2, 0.8] } as const;
/** Below this window width the left panel starts collapsed, below this height the bottom panel is lower. */
export const NARROW_WIDTH = 1200;
export const LOW_HEIGHT = 800;

export const DEFAULT_PREFS: LayoutPrefs = { left: 290, right: 350, bottom: 330, bottomSplit: 0.6, collapsed: {}, sections: {} };

const clamp = (value: number, [min, max]: readonly [number, number]) => Math.min(max, Math.max(min, value));

function finite(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Reads remembered prefs from text (anything unreadable falls back to the defaults, field by field). */
export function parsePrefs(text: string | null): LayoutPrefs {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = text === null ? {} : JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) raw = parsed as Record<string, unknown>;
  } catch {
    raw = {};
  }
  const flags = (value: unknown): Record<string, boolean> => {
    const out: Record<string, boolean> = {};
    if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (typeof v === 'boolean') out[k] = v;
    return out;
  };
  const collapsed = flags(raw.collapsed);
  const prefs: LayoutPrefs = {
    left: clamp(finite(raw.left, DEFAULT_PREFS.left), LIMITS.left),
    right: clamp(finite(raw.right, DEFAULT_PREFS.right), LIMITS.right),
    bottom: clamp(finite(raw.bottom, DEFAULT_PREFS.bottom), LIMITS.bottom),
    bottomSplit: clamp(finite(raw.bottomSplit, DEFAULT_PREFS.bottomSplit), LIMITS.bottomSplit),
    collapsed: {},
    sections: flags(raw.sections),
  };
  for (const area of ['left', 'right', 'bottom'] as const) if (area in collapsed) prefs.collapsed[area] = collapsed[area];
  if (typeof raw.bottomTab === 'string') prefs.bottomTab = raw.bottomTab;
  return prefs;
}

/**
 * The sizes used in a workspace of `width` × `height` pixels: areas the user did not collapse or
 * open follow the window (the left panel collapsed below NARROW_WIDTH); then the side panels
 * shrink (right first) and, when that is not enough, collapse, so that the graph keeps
 * MIN_CENTRE_WIDTH; the bottom panel shrinks so that the graph keeps MIN_CENTRE_HEIGHT.
 */
export function effectiveLayout(prefs: LayoutPrefs, width: number, height: number, toolbarHeight = 44): EffectiveLayout {
  const collapsed: Record<LayoutArea, boolean> = {
    left: prefs.collapsed.left ?? width < NARROW_WIDTH,
    right: prefs.collapsed.right ?? false,
    bottom: prefs.collapsed.bottom ?? false,
  };
  let left = prefs.left;
  let right = prefs.right;
  const sideWidth = () => (collapsed.left ? RAIL : left) + (collapsed.right ? RAIL : right) + 2 * HANDLE;
  if (width > 0) {
    let excess = sideWidth() + MIN_CENTRE_WIDTH - width;
    if (excess > 0 && !collapsed.right) {
      const give = Math.min(excess, right - LIMITS.right[0]);
      right -= give;
      excess -= give;
    }
    if (excess > 0 && !collapsed.left) {
      const give = Math.min(excess, left - LIMITS.left[0]);
      left -= give;
      excess -= give;
    }
    if (excess > 0 && !collapsed.left) {
      collapsed.left = true;
      excess = sideWidth() + MIN_CENTRE_WIDTH - width;
    }
    if (excess > 0 && !collapsed.right) collapsed.right = true;
  }
  let bottom = prefs.collapsed.bottom === undefined && height > 0 && height < LOW_HEIGHT ? Math.min(prefs.bottom, 250) : prefs.bottom;
  if (height > 0) {
    const room = height - toolbarHeight - MIN_CENTRE_HEIGHT - HANDLE;
    if (bottom > room) bottom = Math.max(LIMITS.bottom[0], room);
  }
  return { left, right, bottom, bottomSplit: prefs.bottomSplit, collapsed };
}

/** The remembered prefs (defaults when there are none, or storage is unavailable). */
export function loadPrefs(storage: { getItem(key: string): string | null } | undefined): LayoutPrefs {
  try {
    return parsePrefs(storage?.getItem(STORAGE_KEY) ?? null);
  } catch {
    return parsePrefs(null);
  }
}

/** Remembers prefs (a full or unavailable storage only loses the memory). */
export function savePrefs(storage: { setItem(key: string, value: string): void } | undefined, prefs: LayoutPrefs): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(prefs));
  } catch {
    // Nothing to do: the layout still works, it is just not remembered.
  }
}

/** A size changed by a drag or a key, within its limits. */
export function resized(prefs: LayoutPrefs, which: 'left' | 'right' | 'bottom' | 'bottomSplit', value: number): LayoutPrefs {
  return { ...prefs, [which]: clamp(value, LIMITS[which]) };
}
