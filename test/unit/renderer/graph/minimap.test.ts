import { describe, expect, it } from 'vitest';
import { isPartlyOutOfView, minimapGeometry, transformCentredOn, viewportOnMinimap, visibleContent } from '../../../../src-renderer/features/graph/minimap';

describe('graph overview geometry', () => {
  it('keeps the layout aspect ratio within the largest size, centring the content with padding', () => {
    const wide = minimapGeometry({ width: 1000, height: 500 }, { width: 200, height: 150 });
    expect(wide).toMatchObject({ width: 200, height: 100 });
    // The height (92 px inside the padding) binds: 0.184 px per layout pixel, centred across.
    expect(wide.k).toBeCloseTo(92 / 500);
    expect(wide.dx).toBeCloseTo(8);
    expect(wide.dy).toBeCloseTo(4);
    const tall = minimapGeometry({ width: 300, height: 3000 }, { width: 200, height: 150 });
    // A very tall layout: 15 px wide would be too narrow, so the minimap keeps its minimum width.
    expect(tall).toMatchObject({ width: 60, height: 150 });
    expect(tall.k).toBeCloseTo(142 / 3000);
    expect(tall.dx).toBeCloseTo((60 - 300 * tall.k) / 2);
  });

  it('maps the main view to the part of the content it shows', () => {
    expect(visibleContent({ x: -200, y: -100, k: 2 }, { width: 800, height: 400 })).toEqual({ x: 100, y: 50, width: 400, height: 200 });
  });

  it('draws the visible area on the minimap in its scale and offset', () => {
    const mini = { width: 200, height: 100, k: 0.2, dx: 4, dy: 10 };
    expect(viewportOnMinimap({ x: -200, y: -100, k: 2 }, { width: 800, height: 400 }, mini)).toEqual({ x: 24, y: 20, width: 80, height: 40 });
  });

  it('centres the main view on the point picked on the minimap, keeping the zoom', () => {
    const mini = { width: 200, height: 100, k: 0.2, dx: 4, dy: 10 };
    const view = { width: 800, height: 400 };
    const t = transformCentredOn(64, 30, mini, view, 2);
    // Minimap (64, 30) is content (300, 100): it lands at the view's centre.
    expect(t).toEqual({ x: 400 - 600, y: 200 - 200, k: 2 });
    const r = viewportOnMinimap(t, view, mini);
    expect(r.x + r.width / 2).toBeCloseTo(64);
    expect(r.y + r.height / 2).toBeCloseTo(30);
  });

  it('is worth showing only while part of the layout is out of view', () => {
    const layout = { width: 1000, height: 600 };
    const view = { width: 800, height: 500 };
    // Fitted (k = 0.78, centred): everything visible.
    const k = Math.min((800 - 16) / 1000, (500 - 16) / 600);
    const fitted = { x: 400 - (k * 1000) / 2, y: 250 - (k * 600) / 2, k };
    expect(isPartlyOutOfView(layout, fitted, view)).toBe(false);
    // Zoomed in around the centre: the layout is larger than the view.
    expect(isPartlyOutOfView(layout, { x: 400 - 1.25 * k * 500, y: 250 - 1.25 * k * 300, k: 1.25 * k }, view)).toBe(true);
    // Small enough, but panned partly away.
    expect(isPartlyOutOfView(layout, { x: 500, y: 0, k: 0.5 }, view)).toBe(true);
  });
});
