import { describe, expect, it } from 'vitest';
import type { HistoryComparison } from '@common/history/compare';
import { compareRows } from '../../../../src-renderer/features/compare/compareRows';

const diverging = (position: number, length: number): HistoryComparison => ({
  commonEvents: position,
  divergence: { kind: 'payload', position, leftState: 'S', rightState: 'S', fields: ['error'], description: '' },
  leftLength: length,
  rightLength: length,
});

describe('compareRows', () => {
  it('lists a short history whole, marking the events before, at and after the divergence', () => {
    const { rows, hiddenBefore, hiddenAfter } = compareRows(diverging(2, 4), 4);
    expect(rows).toEqual([
      { position: 0, relation: 'same' },
      { position: 1, relation: 'same' },
      { position: 2, relation: 'diverged' },
      { position: 3, relation: 'after' },
    ]);
    expect([hiddenBefore, hiddenAfter]).toEqual([0, 0]);
  });

  it('lists a long history around the divergence and counts what it leaves out', () => {
    const { rows, hiddenBefore, hiddenAfter } = compareRows(diverging(10_000, 25_000), 25_000, 10, 30);
    expect(rows[0]).toEqual({ position: 9_990, relation: 'same' });
    expect(rows[10]).toEqual({ position: 10_000, relation: 'diverged' });
    expect(rows).toHaveLength(40);
    expect([hiddenBefore, hiddenAfter]).toEqual([9_990, 14_970]);
  });

  it('marks every event alike when the histories are the same', () => {
    const same: HistoryComparison = { commonEvents: 3, divergence: null, leftLength: 3, rightLength: 3 };
    expect(compareRows(same, 3).rows.map((r) => r.relation)).toEqual(['same', 'same', 'same']);
  });
});
