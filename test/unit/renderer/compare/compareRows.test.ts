import { describe, expect, it } from 'vitest';
import type { AlignedRow, HistoryComparison } from '@common/history/compare';
import { compareRows, comparisonSummary } from '../../../../src-renderer/features/compare/compareRows';

/** `length` rows paired position by position, the row `at` the first divergence. */
const diverging = (at: number, length: number): HistoryComparison => ({
  commonEvents: at,
  divergence: { kind: 'payload', row: at, position: at, leftPosition: at, rightPosition: at, leftState: 'S', rightState: 'S', flow: 'the execution', fields: ['error'], description: 'At event 3 (TaskFailed in S), the payloads differ: error.' },
  reordered: false,
  rows: Array.from({ length }, (_, i): AlignedRow => (i === at ? { left: i, right: i, same: false, kind: 'payload' } : { left: i, right: i, same: true })),
  leftLength: length,
  rightLength: length,
});

describe('compareRows', () => {
  it('lists a short comparison whole, marking the rows alike, the divergence and later differences', () => {
    const c = diverging(2, 4);
    c.rows[3] = { left: 3, same: false, kind: 'length' };
    const { rows, hiddenBefore, hiddenAfter, divergedAt } = compareRows(c);
    expect(rows).toEqual([
      { row: 0, left: 0, right: 0, relation: 'same', moved: false },
      { row: 1, left: 1, right: 1, relation: 'same', moved: false },
      { row: 2, left: 2, right: 2, relation: 'diverged', moved: false },
      { row: 3, left: 3, relation: 'differs', moved: false },
    ]);
    expect([hiddenBefore, hiddenAfter, divergedAt]).toEqual([0, 0, 2]);
  });

  it('lists a long comparison around the divergence and counts what it leaves out', () => {
    const { rows, hiddenBefore, hiddenAfter, divergedAt } = compareRows(diverging(10_000, 25_000), 10, 30);
    expect(rows[0]).toMatchObject({ row: 9_990, relation: 'same' });
    expect(rows[10]).toMatchObject({ row: 10_000, relation: 'diverged' });
    expect(rows).toHaveLength(40);
    expect([hiddenBefore, hiddenAfter, divergedAt]).toEqual([9_990, 14_970, 10]);
  });

  it('marks a row whose right event comes before a right event listed above it as moved', () => {
    const rows: AlignedRow[] = [
      { left: 0, right: 0, same: true },
      { left: 1, right: 2, same: true },
      { left: 2, right: 1, same: true },
      { left: 3, right: 3, same: true },
    ];
    const same: HistoryComparison = { commonEvents: 4, divergence: null, reordered: true, rows, leftLength: 4, rightLength: 4 };
    expect(compareRows(same).rows.map((r) => [r.relation, r.moved])).toEqual([['same', false], ['same', false], ['same', true], ['same', false]]);
  });

  it('lists one-sided rows with the side that has no event left out', () => {
    const rows: AlignedRow[] = [{ left: 0, right: 0, same: true }, { right: 1, same: false, kind: 'length' }];
    const c: HistoryComparison = { ...diverging(1, 2), rows };
    expect(compareRows(c).rows[1]).toEqual({ row: 1, right: 1, relation: 'diverged', moved: false });
  });
});

describe('comparisonSummary', () => {
  const same = (reordered: boolean): HistoryComparison => ({ commonEvents: 23, divergence: null, reordered, rows: [], leftLength: 23, rightLength: 23 });

  it('says two histories are the same', () => {
    expect(comparisonSummary(same(false))).toBe('The two histories are the same: 23 events alike (ids, timestamps and ARNs are not compared).');
  });

  it('says in one line when the same events are interleaved differently', () => {
    expect(comparisonSummary(same(true))).toBe('Same events, different interleaving of parallel branches or Map iterations: 23 events alike (ids, timestamps and ARNs are not compared).');
  });

  it('counts the rows alike before the divergence and describes it, noting a different interleaving', () => {
    expect(comparisonSummary(diverging(2, 4))).toBe('2 events alike, then they diverge. At event 3 (TaskFailed in S), the payloads differ: error.');
    expect(comparisonSummary({ ...diverging(1, 4), reordered: true })).toBe('1 event alike, some in a different interleaving of parallel branches or Map iterations, then they diverge. At event 3 (TaskFailed in S), the payloads differ: error.');
  });
});
