import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_STATE,
  fitWindowState,
  loadWindowState,
  MIN_WINDOW_SIZE,
  parseWindowState,
  saveWindowState,
  windowStateOf,
  type Rect,
} from '../../../src-main/electron/windowState';

const PRIMARY: Rect = { x: 0, y: 0, width: 1920, height: 1050 };
const RIGHT: Rect = { x: 1920, y: 0, width: 1280, height: 1000 };

describe('parseWindowState', () => {
  it('reads a saved state, rounding coordinates', () => {
    expect(parseWindowState('{"x": 10.4, "y": 20, "width": 1000, "height": 700.6, "maximized": true}')).toEqual({ x: 10, y: 20, width: 1000, height: 701, maximized: true });
  });

  it('answers the default for a missing file, bad JSON or a bad size', () => {
    for (const text of [undefined, '', 'not json', '[]', 'null', '{"width": "big", "height": 2}', '{"width": -1, "height": 700}']) {
      expect(parseWindowState(text)).toEqual(DEFAULT_WINDOW_STATE);
    }
  });

  it('drops a partial position, so the window is centred', () => {
    expect(parseWindowState('{"x": 5, "width": 900, "height": 600}')).toEqual({ width: 900, height: 600, maximized: false });
  });
});

describe('fitWindowState', () => {
  it('keeps a window that is on a display', () => {
    const state = { x: 2000, y: 100, width: 1000, height: 800, maximized: false };
    expect(fitWindowState(state, [PRIMARY, RIGHT])).toEqual(state);
  });

  it('moves a window left on an unplugged display back to the centre of the primary display', () => {
    const state = { x: 2000, y: 100, width: 1000, height: 800, maximized: true };
    expect(fitWindowState(state, [PRIMARY])).toEqual({ x: 460, y: 125, width: 1000, height: 800, maximized: true });
  });

  it('moves a window whose title bar is above the screen', () => {
    expect(fitWindowState({ x: 100, y: -500, width: 800, height: 600, maximized: false }, [PRIMARY])).toMatchObject({ x: 560, y: 225 });
  });

  it('clamps the size between the minimum and the largest display', () => {
    expect(fitWindowState({ width: 5000, height: 4000, maximized: false }, [PRIMARY, RIGHT])).toEqual({ width: 1920, height: 1050, maximized: false });
    expect(fitWindowState({ width: 10, height: 10, maximized: false }, [PRIMARY])).toEqual({ ...MIN_WINDOW_SIZE, maximized: false });
  });

  it('leaves the state alone when no display is known', () => {
    const state = { x: -9000, y: 0, width: 800, height: 600, maximized: false };
    expect(fitWindowState(state, [])).toEqual(state);
  });
});

describe('window state file', () => {
  it('saves the normal bounds and maximized flag and loads them back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepscope-window-'));
    try {
      const path = join(dir, 'window-state.json');
      expect(loadWindowState(path)).toEqual(DEFAULT_WINDOW_STATE);
      saveWindowState(path, windowStateOf({ x: 50, y: 60, width: 1100, height: 750 }, true));
      expect(loadWindowState(path)).toEqual({ x: 50, y: 60, width: 1100, height: 750, maximized: true });
      saveWindowState(join(dir, 'missing', 'dir', 'state.json'), DEFAULT_WINDOW_STATE);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
