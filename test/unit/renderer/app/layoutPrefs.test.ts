import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PREFS,
  HANDLE,
  LIMITS,
  MIN_CENTRE_HEIGHT,
  MIN_CENTRE_WIDTH,
  RAIL,
  STORAGE_KEY,
  effectiveLayout,
  loadPrefs,
  parsePrefs,
  resized,
  savePrefs,
} from '../../../../src-renderer/app/layout/layoutPrefs';

describe('parsePrefs', () => {
  it('gives the defaults for nothing stored, or for something unreadable', () => {
    expect(parsePrefs(null)).toEqual(DEFAULT_PREFS);
    expect(parsePrefs('not json')).toEqual(DEFAULT_PREFS);
    expect(parsePrefs('[1,2]')).toEqual(DEFAULT_PREFS);
  });
  it('keeps what is readable, field by field, within the limits', () => {
    const prefs = parsePrefs(JSON.stringify({ left: 5000, right: 'wide', bottom: 300, bottomSplit: 0.4, collapsed: { left: true, right: 'no', top: true }, sections: { run: true, x: 1 }, bottomTab: 'states' }));
    expect(prefs).toEqual({ left: LIMITS.left[1], right: DEFAULT_PREFS.right, bottom: 300, bottomSplit: 0.4, collapsed: { left: true }, sections: { run: true }, bottomTab: 'states' });
  });
});

describe('loadPrefs and savePrefs', () => {
  it('round-trip through a storage under one key', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
    const prefs = { ...DEFAULT_PREFS, left: 410, collapsed: { bottom: true }, sections: { definition: true } };
    savePrefs(storage, prefs);
    expect([...map.keys()]).toEqual([STORAGE_KEY]);
    expect(loadPrefs(storage)).toEqual(prefs);
  });
  it('work without a storage, and when it throws (private mode, full)', () => {
    const throwing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    };
    expect(loadPrefs(throwing)).toEqual(DEFAULT_PREFS);
    expect(() => savePrefs(throwing, DEFAULT_PREFS)).not.toThrow();
    expect(loadPrefs(undefined)).toEqual(DEFAULT_PREFS);
  });
});

describe('effectiveLayout', () => {
  it('uses the remembered sizes when they fit', () => {
    const l = effectiveLayout(DEFAULT_PREFS, 1440, 860);
    expect(l).toEqual({ left: DEFAULT_PREFS.left, right: DEFAULT_PREFS.right, bottom: DEFAULT_PREFS.bottom, bottomSplit: DEFAULT_PREFS.bottomSplit, collapsed: { left: false, right: false, bottom: false } });
  });
  it('starts with the side panel collapsed in a narrow window, unless the user opened it', () => {
    expect(effectiveLayout(DEFAULT_PREFS, 1024, 660).collapsed.left).toBe(true);
    expect(effectiveLayout({ ...DEFAULT_PREFS, collapsed: { left: false } }, 1024, 660).collapsed.left).toBe(false);
  });
  it('shrinks the side panels (the inspector first) so that the graph keeps its width', () => {
    const prefs = { ...DEFAULT_PREFS, left: 600, right: 600, collapsed: { left: false } };
    const l = effectiveLayout(prefs, 1280, 700);
    expect(l.left + l.right + 2 * HANDLE + MIN_CENTRE_WIDTH).toBeLessThanOrEqual(1280);
    expect(l.left).toBe(600);
    expect(l.right).toBe(1280 - 600 - 2 * HANDLE - MIN_CENTRE_WIDTH);
    expect(l.collapsed).toEqual({ left: false, right: false, bottom: false });
  });
  it('collapses a side panel when shrinking is not enough', () => {
    const l = effectiveLayout({ ...DEFAULT_PREFS, collapsed: { left: false } }, 800, 600);
    expect(l.collapsed.left).toBe(true);
    expect(RAIL + l.right + 2 * HANDLE + MIN_CENTRE_WIDTH).toBeLessThanOrEqual(800);
  });
  it('lowers the bottom panel so that the graph keeps its height', () => {
    const l = effectiveLayout({ ...DEFAULT_PREFS, bottom: 700, collapsed: { bottom: false } }, 1440, 700, 44);
    expect(l.bottom).toBe(700 - 44 - MIN_CENTRE_HEIGHT - HANDLE);
  });
});

describe('resized', () => {
  it('keeps a dragged size within its limits', () => {
    expect(resized(DEFAULT_PREFS, 'left', 10).left).toBe(LIMITS.left[0]);
    expect(resized(DEFAULT_PREFS, 'bottomSplit', 0.99).bottomSplit).toBe(LIMITS.bottomSplit[1]);
    expect(resized(DEFAULT_PREFS, 'right', 400).right).toBe(400);
  });
});
