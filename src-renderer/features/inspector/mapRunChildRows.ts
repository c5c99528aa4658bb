import type { ChildCounts, ExecutionSummary, StoredExecutionStatus } from '@common/contract/api';

/**
 * Children in item order (a child stored without its item index, before schema version 5, goes
 * last, oldest first).
 */
export function sortByItem(executions: readonly ExecutionSummary[]): ExecutionSummary[] {
  const index = (e: ExecutionSummary) => e.parent?.itemIndex ?? Number.MAX_SAFE_INTEGER;
  return [...executions].sort((a, b) => index(a) - index(b) || Number(a.executionId) - Number(b.executionId));
}

/** The items of a batch: "items 2-3", "item 6". */
export function batchText(batch: { first: number; count: number }): string {
  const { first, count } = batch;
  return count === 1 ? `item ${first}` : `items ${first}-${first + count - 1}`;
}

/** The "Item" cell in words: the item index, or with an ItemBatcher the batch index and its items ("1 (items 2-3)"). */
export function itemCell(e: ExecutionSummary): string {
  const p = e.parent;
  if (p?.itemIndex === undefined) return '-';
  return p.batch === undefined ? String(p.itemIndex) : `${p.itemIndex} (${batchText(p.batch)})`;
}

/** A count as the Map Run view writes it: 2,000. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** `1 child execution`, `2,000 child executions`. */
export function countWords(n: number, noun: string): string {
  return `${formatCount(n)} ${n === 1 ? noun : `${noun}s`}`;
}

/** Statuses in the order the chips show them (the AWS console's Map Run page order). */
const CHIP_ORDER: readonly StoredExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE', 'INTERRUPTED'];

/** A status in words: "Succeeded", "Timed out". */
export function statusWords(status: StoredExecutionStatus): string {
  const words = status.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One status chip of the Map Run view: a status (null: every child) and its count. */
export interface StatusChip {
  status: StoredExecutionStatus | null;
  label: string;
  count: number;
}

/**
 * The chips for a Map Run's counts: "All", then each status some child has, with Succeeded and
 * Failed always there (a Map Run with no failure shows "Failed 0", as the AWS console does).
 */
export function statusChips(counts: ChildCounts): StatusChip[] {
  const chips: StatusChip[] = [{ status: null, label: 'All', count: counts.total }];
  for (const status of CHIP_ORDER) {
    const count = counts.byStatus[status] ?? 0;
    if (count > 0 || status === 'SUCCEEDED' || status === 'FAILED') chips.push({ status, label: statusWords(status), count });
  }
  return chips;
}

/** How many children the list shows with `filter` (null: all of them). */
export function filteredTotal(counts: ChildCounts, filter: StoredExecutionStatus | null): number {
  return filter === null ? counts.total : (counts.byStatus[filter] ?? 0);
}

/** Two counts say the same (a poll that found nothing new keeps the list as it is). */
export function sameCounts(a: ChildCounts, b: ChildCounts): boolean {
  if (a.total !== b.total || a.items !== b.items) return false;
  const keys = new Set([...Object.keys(a.byStatus), ...Object.keys(b.byStatus)]) as Set<StoredExecutionStatus>;
  for (const k of keys) if ((a.byStatus[k] ?? 0) !== (b.byStatus[k] ?? 0)) return false;
  return true;
}

/** The pages (of `pageSize` rows) that rows `first` (inclusive) to `last` (exclusive) fall in. */
export function pagesInRange(first: number, last: number, pageSize: number): number[] {
  const pages: number[] = [];
  if (last <= first) return pages;
  for (let p = Math.floor(first / pageSize); p <= Math.floor((last - 1) / pageSize); p++) pages.push(p);
  return pages;
}

/** The rows to render for a scroll position: first (inclusive) and last (exclusive), with `overscan` rows either side. */
export function visibleRows(total: number, rowHeight: number, scrollTop: number, viewportHeight: number, overscan = 6): { first: number; last: number } {
  if (total <= 0) return { first: 0, last: 0 };
  const top = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const bottom = Math.ceil((Math.max(0, scrollTop) + viewportHeight) / rowHeight);
  return { first: Math.max(0, Math.min(total - 1, top) - overscan), last: Math.min(total, bottom + overscan) };
}

/** Where a key moves the selected row (↑/↓ one, PageUp/PageDown a page, Home/End the ends); undefined for other keys. */
export function movedRow(key: string, selected: number, total: number, pageRows: number): number | undefined {
  if (total <= 0) return undefined;
  const delta: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: pageRows, PageUp: -pageRows, Home: -total, End: total };
  const d = delta[key];
  return d === undefined ? undefined : Math.max(0, Math.min(total - 1, selected + d));
}

/** The scroll position that shows row `index` (unchanged when it is in view already). */
export function scrollToShow(index: number, rowHeight: number, scrollTop: number, viewportHeight: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return scrollTop;
}

/**
 * The line under the chips while the parent runs: children are stored as each ends, so the
 * counts are those ended so far ("1,999 ended so far · 1,999 of 2,000 items").
 */
export function progressText(counts: ChildCounts, itemCount: number | null): string {
  const items = itemCount !== null && itemCount > 0 ? ` · ${formatCount(counts.items)} of ${countWords(itemCount, 'item')} processed` : ` · ${countWords(counts.items, 'item')} processed`;
  return `${countWords(counts.total, 'child execution')} ended so far${items}; the list grows as more end.`;
}
