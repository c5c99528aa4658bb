import { describe, expect, it } from 'vitest';
import { countAtOrBefore } from '../../../src-main/common/history/countAtOrBefore';

describe('countAtOrBefore', () => {
  it('counts the leading items at or before the cursor, equal values included', () => {
    const items = [1, 3, 3, 7];
    expect([0, 1, 2, 3, 6, 7, 100].map((c) => countAtOrBefore(items, c))).toEqual([0, 1, 1, 3, 3, 4, 4]);
    expect(countAtOrBefore(new Int32Array([2, 4]), 3)).toBe(1);
    expect(countAtOrBefore([], 5)).toBe(0);
  });

  it('reads each item through `at` when given', () => {
    const visits = [{ at: 2 }, { at: 5 }, { at: 9 }];
    expect(countAtOrBefore(visits, 5, (v) => v.at)).toBe(2);
  });
});
