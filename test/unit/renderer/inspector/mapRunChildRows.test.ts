import { describe, expect, it } from 'vitest';
import type { ExecutionId, ExecutionSummary } from '../../../../src-main/common/contract/api';
import { itemCell, sortByItem } from '../../../../src-renderer/features/inspector/mapRunChildRows';

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
});
