import type { HistoryComparison } from '@common/history/compare';

/** Rows of one side of the comparison: which event positions to list, and how each relates to the divergence. */
export interface CompareRow {
  position: number;
  /** `same` before the divergence, `diverged` at it, `after` past it. */
  relation: 'same' | 'diverged' | 'after';
}

/** Histories up to this long are listed whole; longer ones around the divergence. */
export const LIST_WHOLE_UP_TO = 200;

/**
 * The event positions one side lists: every event of a short history, else a window of `before`
 * events before the divergence (or the start) and `after` events from it. Also says how many
 * events the window leaves out on each end.
 */
export function compareRows(comparison: HistoryComparison, length: number, before = 10, after = 30): { rows: CompareRow[]; hiddenBefore: number; hiddenAfter: number } {
  const d = comparison.divergence?.position ?? comparison.commonEvents;
  const from = length <= LIST_WHOLE_UP_TO ? 0 : Math.max(0, d - before);
  const to = length <= LIST_WHOLE_UP_TO ? length : Math.min(length, d + after);
  const rows: CompareRow[] = [];
  for (let p = from; p < to; p++) rows.push({ position: p, relation: comparison.divergence === null || p < d ? 'same' : p === d ? 'diverged' : 'after' });
  return { rows, hiddenBefore: from, hiddenAfter: length - to };
}
