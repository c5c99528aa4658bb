import { describe, expect, it } from 'vitest';
import type { ExecutionId, ExecutionSummary } from '../../../../src-main/common/contract/api';
import {
  filteredTotal,
  itemCell,
  movedRow,
  pagesInRange,
  progressText,
  sameCounts,
  scrollToShow,
  sortByItem,
  statusChips,
  visibleRows,
} from '../../../../src-renderer/features/inspector/mapRunChildRows';

function child(id: string, itemIndex?: number, batch?: { first: number; count: number }): ExecutionSummary {
  return {
    executionId: id as ExecutionId,
    name: `c${id}`,
    stateMachineName: 'M/Fan',
    status: 'SUCCEEDED',
    startDate: '2024-01-01T00:00:00.000Z',
    eventCount: 3,
    origin: 'run',
    parent: { executionId: '1' as ExecutionId, name: 'p', eventId: 4, kind: 'mapRun', ...(itemIndex !== undefined ? { itemIndex } : {}), ...(batch ? { batch } : {}) },
  };
}

describe('Map Run children', () => {
  it('sorts by item index, children without one last in store order', () => {
    expect(sortByItem([child('9', 2), child('5'), child('7', 0), child('3'), child('8', 1)]).map((c) => c.executionId)).toEqual(['7', '8', '9', '3', '5']);
  });

  it('shows the item index, or the batch index with its items', () => {
    expect(itemCell(child('2', 3))).toBe('3');
    expect(itemCell(child('2', 1, { first: 2, count: 2 }))).toBe('1 (items 2-3)');
    expect(itemCell(child('2'))).toBe('-');
  });

  const counts = { total: 2000, byStatus: { SUCCEEDED: 1979, FAILED: 20, ABORTED: 1 }, items: 2000 };

  it('has a chip for every child, then one per status some child has (Succeeded and Failed always)', () => {
    expect(statusChips(counts).map((c) => [c.label, c.count, c.status])).toEqual([
      ['All', 2000, null],
      ['Succeeded', 1979, 'SUCCEEDED'],
      ['Failed', 20, 'FAILED'],
      ['Aborted', 1, 'ABORTED'],
    ]);
    expect(statusChips({ total: 3, byStatus: { SUCCEEDED: 2, TIMED_OUT: 1 }, items: 3 }).map((c) => `${c.label} ${c.count}`)).toEqual(['All 3', 'Succeeded 2', 'Failed 0', 'Timed out 1']);
    expect(filteredTotal(counts, null)).toBe(2000);
    expect(filteredTotal(counts, 'FAILED')).toBe(20);
    expect(filteredTotal(counts, 'TIMED_OUT')).toBe(0);
  });

  it('tells counts apart only when a number changed (a poll that found nothing new changes nothing)', () => {
    expect(sameCounts(counts, { ...counts, byStatus: { ABORTED: 1, FAILED: 20, SUCCEEDED: 1979 } })).toBe(true);
    expect(sameCounts(counts, { ...counts, total: 2001, byStatus: { ...counts.byStatus, SUCCEEDED: 1980 } })).toBe(false);
    expect(sameCounts(counts, { ...counts, byStatus: { SUCCEEDED: 1979, FAILED: 20, TIMED_OUT: 1 } })).toBe(false);
  });

  it('renders only the rows in view, and reads only their pages', () => {
    // 2,000 rows of 28 px, 280 px in view, scrolled to the end.
    const end = visibleRows(2000, 28, 2000 * 28 - 280, 280);
    expect(end).toEqual({ first: 1984, last: 2000 });
    expect(pagesInRange(end.first, end.last, 100)).toEqual([19]);
    expect(visibleRows(2000, 28, 0, 280)).toEqual({ first: 0, last: 16 });
    expect(visibleRows(0, 28, 0, 280)).toEqual({ first: 0, last: 0 });
    expect(pagesInRange(95, 110, 100)).toEqual([0, 1]);
    expect(pagesInRange(5, 5, 100)).toEqual([]);
  });

  it('moves the selection with the keys, within the list, and scrolls it into view', () => {
    expect(movedRow('ArrowDown', 0, 2000, 9)).toBe(1);
    expect(movedRow('ArrowUp', 0, 2000, 9)).toBe(0);
    expect(movedRow('PageDown', 5, 2000, 9)).toBe(14);
    expect(movedRow('End', 5, 2000, 9)).toBe(1999);
    expect(movedRow('Home', 1500, 2000, 9)).toBe(0);
    expect(movedRow('a', 5, 2000, 9)).toBeUndefined();
    expect(movedRow('ArrowDown', 0, 0, 9)).toBeUndefined();
    expect(scrollToShow(1999, 28, 0, 280)).toBe(2000 * 28 - 280);
    expect(scrollToShow(3, 28, 0, 280)).toBe(0);
    expect(scrollToShow(3, 28, 200, 280)).toBe(84);
  });

  it('says, while the parent runs, how many children have ended and how many items they processed', () => {
    expect(progressText({ total: 1999, byStatus: { SUCCEEDED: 1999 }, items: 1999 }, 2000)).toBe('1,999 child executions ended so far · 1,999 of 2,000 items processed; the list grows as more end.');
    expect(progressText({ total: 1, byStatus: { SUCCEEDED: 1 }, items: 100 }, null)).toBe('1 child execution ended so far · 100 items processed; the list grows as more end.');
  });
});
