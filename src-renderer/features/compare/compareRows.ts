import type { HistoryComparison } from '@common/history/compare';

/** One listed row of the side-by-side view: a left event, a right event, or both, aligned flow by flow. */
export interface CompareRow {
  /** Index in `HistoryComparison.rows`. */
  row: number;
  /** Position of the left event; undefined when only the right side has an event in this row. */
  left?: number;
  /** Position of the right event; undefined when only the left side has an event in this row. */
  right?: number;
  /** `same`: both events agree; `diverged`: the first divergence; `differs`: another row that does not agree, after it. */
  relation: 'same' | 'diverged' | 'differs';
  /**
   * The right event comes earlier in the right history than a right event listed above it: the
   * two runs interleaved their branches or iterations differently here.
   */
  moved: boolean;
}

/** Comparisons with up to this many rows are listed whole; longer ones around the divergence. */
export const LIST_WHOLE_UP_TO = 200;

/**
 * The rows to list: every row of a short comparison, else a window of `before` rows before the
 * divergence and `after` rows from it (from the start when there is no divergence). Also says how
 * many rows the window leaves out on each end, and where the divergence is in the returned list.
 */
export function compareRows(comparison: HistoryComparison, before = 10, after = 30): { rows: CompareRow[]; hiddenBefore: number; hiddenAfter: number; divergedAt: number | null } {
  const all = comparison.rows;
  const d = comparison.divergence?.row ?? null;
  const whole = all.length <= LIST_WHOLE_UP_TO;
  const from = whole || d === null ? 0 : Math.max(0, d - before);
  const to = whole ? all.length : Math.min(all.length, (d ?? 0) + after);
  let highest = -1;
  for (let i = 0; i < from; i++) highest = Math.max(highest, all[i].right ?? -1);
  const rows: CompareRow[] = [];
  for (let i = from; i < to; i++) {
    const { left, right, same } = all[i];
    const row: CompareRow = { row: i, relation: i === d ? 'diverged' : same ? 'same' : 'differs', moved: right !== undefined && right < highest };
    if (left !== undefined) row.left = left;
    if (right !== undefined) {
      row.right = right;
      highest = Math.max(highest, right);
    }
    rows.push(row);
  }
  return { rows, hiddenBefore: from, hiddenAfter: all.length - to, divergedAt: d === null ? null : d - from };
}

/**
 * The one-line verdict of a comparison: how many events agree, whether the two runs interleaved
 * their Parallel branches or Map iterations differently, and the first divergence.
 */
export function comparisonSummary(comparison: HistoryComparison): string {
  const n = comparison.commonEvents;
  const alike = `${n} event${n === 1 ? '' : 's'} alike`;
  const d = comparison.divergence;
  if (d === null) {
    return comparison.reordered
      ? `Same events, different interleaving of parallel branches or Map iterations: ${alike} (ids, timestamps and ARNs are not compared).`
      : `The two histories are the same: ${alike} (ids, timestamps and ARNs are not compared).`;
  }
  return comparison.reordered
    ? `${alike}, some in a different interleaving of parallel branches or Map iterations, then they diverge. ${d.description}`
    : `${alike}, then they diverge. ${d.description}`;
}
