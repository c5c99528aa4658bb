import { describe, expect, it } from 'vitest';
import { truncateMiddle } from '../../../../src-renderer/features/graph/layout';
import { DETAIL_SCALE, FIT_MIN_SCALE, fitBox, fitName, nameFontSize, READABLE_PX, showsDetail } from '../../../../src-renderer/features/graph/levelOfDetail';

describe('graph level of detail', () => {
  it('keeps state names at least READABLE_PX on screen when zoomed out to 0.4, and at their normal size from zoom 0.76', () => {
    for (const k of [0.4, 0.5, 0.6, 0.7, 0.8, 1, 2]) expect(nameFontSize(k) * k).toBeGreaterThanOrEqual(READABLE_PX - 1e-9);
    expect(nameFontSize(1)).toBe(12.5);
    expect(nameFontSize(0.2)).toBe(nameFontSize(0.4));
  });

  it('hides details (edge labels, badges, progress text) below DETAIL_SCALE only', () => {
    expect(showsDetail(DETAIL_SCALE)).toBe(true);
    expect(showsDetail(DETAIL_SCALE - 0.01)).toBe(false);
  });

  it('shortens names in the middle to fit their box', () => {
    expect(truncateMiddle('ValidateCustomerShippingAddress', 12)).toHaveLength(12);
    expect(truncateMiddle('Short', 12)).toBe('Short');
    expect(fitName('CallService12', 200, 12.5)).toBe('CallService12');
    const fitted = fitName('ValidateCustomerShippingAddressAgainstCarrierRules3', 110, 20);
    expect(fitted).toContain('…');
    expect(fitted.endsWith('s3')).toBe(true);
    expect(fitted.length * 20 * 0.58).toBeLessThanOrEqual(110 - 16);
  });

  it('fits the whole of a small layout, and the start of a large one at FIT_MIN_SCALE', () => {
    const view = { width: 800, height: 516 };
    expect(fitBox({ width: 600, height: 400 }, view, 300)).toEqual({ x: 0, y: 0, width: 600, height: 400 });
    const box = fitBox({ width: 5000, height: 4000 }, view, 2500);
    expect(box.y).toBe(0);
    expect((view.width - 16) / box.width).toBeCloseTo(FIT_MIN_SCALE);
    expect(box.x + box.width / 2).toBeCloseTo(2500);
    // The box stays inside the layout near its edges, and is centred on a layout narrower than it.
    expect(fitBox({ width: 5000, height: 4000 }, view, 10).x).toBe(0);
    const narrow = fitBox({ width: 600, height: 9000 }, view, 300);
    expect(narrow.x + narrow.width / 2).toBeCloseTo(300);
  });
});
