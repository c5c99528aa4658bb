/**
 * The main window's size, position and maximized state, kept in a small JSON file in the app's
 * userData folder. Reading and checking the file and fitting the window on today's displays are
 * pure (unit-tested); only `loadWindowState`/`saveWindowState` touch the disk.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** A rectangle in screen coordinates (Electron's `Rectangle`). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What is remembered of the window. Without a position, the window is centred. */
export interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
}

/** The window state file's name in userData. */
export const WINDOW_STATE_FILE = 'window-state.json';

/** The size of a window opened for the first time. */
export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false };

/** The smallest window the app opens. */
export const MIN_WINDOW_SIZE = { width: 640, height: 420 } as const;

/** How much of the window's title bar must lie on a display for it to stay where it was. */
const MIN_VISIBLE = 100;

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Reads a window state from the file's text; the default for text that is missing, not JSON or
 * not a window state (a partial position, sizes that are not numbers).
 */
export function parseWindowState(text: string | undefined): WindowState {
  if (text === undefined) return { ...DEFAULT_WINDOW_STATE };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ...DEFAULT_WINDOW_STATE };
  const v = value as Record<string, unknown>;
  if (!isFiniteNumber(v.width) || !isFiniteNumber(v.height) || v.width <= 0 || v.height <= 0) return { ...DEFAULT_WINDOW_STATE };
  const state: WindowState = { width: Math.round(v.width), height: Math.round(v.height), maximized: v.maximized === true };
  if (isFiniteNumber(v.x) && isFiniteNumber(v.y)) {
    state.x = Math.round(v.x);
    state.y = Math.round(v.y);
  }
  return state;
}

/** The overlap of two rectangles' areas (0 when they do not meet). */
function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

/**
 * Fits a remembered state on the displays there are now (their work areas, the first being the
 * primary): the size is clamped between {@link MIN_WINDOW_SIZE} and the largest work area; a
 * window whose title bar no longer shows on any display (a display was unplugged, the resolution
 * changed) is centred on the primary display instead.
 */
export function fitWindowState(state: WindowState, workAreas: readonly Rect[]): WindowState {
  if (workAreas.length === 0) return { ...state };
  const maxWidth = Math.max(...workAreas.map((a) => a.width));
  const maxHeight = Math.max(...workAreas.map((a) => a.height));
  const width = Math.max(Math.min(state.width, maxWidth), Math.min(MIN_WINDOW_SIZE.width, maxWidth));
  const height = Math.max(Math.min(state.height, maxHeight), Math.min(MIN_WINDOW_SIZE.height, maxHeight));
  const fitted: WindowState = { width, height, maximized: state.maximized };
  if (state.x === undefined || state.y === undefined) return fitted;
  const titleBar: Rect = { x: state.x, y: state.y, width, height: 30 };
  const visible = workAreas.some((area) => {
    const o = overlap(titleBar, area);
    return o.width >= Math.min(MIN_VISIBLE, width) && o.height > 0;
  });
  if (visible) return { ...fitted, x: state.x, y: state.y };
  const primary = workAreas[0];
  const w = Math.min(width, primary.width);
  const h = Math.min(height, primary.height);
  return { ...fitted, width: w, height: h, x: primary.x + Math.round((primary.width - w) / 2), y: primary.y + Math.round((primary.height - h) / 2) };
}

/**
 * The state to remember of a window: its normal (not maximized) bounds, and whether it is
 * maximized, so that un-maximizing later restores the size the user chose.
 */
export function windowStateOf(normalBounds: Rect, maximized: boolean): WindowState {
  return { x: normalBounds.x, y: normalBounds.y, width: normalBounds.width, height: normalBounds.height, maximized };
}

/** Reads the state file at `path`; the default when there is none or it is unreadable. */
export function loadWindowState(path: string): WindowState {
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    text = undefined;
  }
  return parseWindowState(text);
}

/** Writes the state file; a failure (read-only disk) is ignored: the window just is not remembered. */
export function saveWindowState(path: string, state: WindowState): void {
  try {
    writeFileSync(path, `${JSON.stringify(state, null, 2)}\n`);
  } catch {
    // Not remembering the window size is not worth an error dialog.
  }
}
