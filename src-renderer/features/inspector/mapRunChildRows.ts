import type { ExecutionSummary } from '@common/contract/api';

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
