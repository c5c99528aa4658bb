import type { ExecutionParent } from '@common/contract/api';

// What a parent link says (ParentLink.tsx), apart from the component so that it is tested in Node.

/** A Map Run child's item, as the link says it: "item 3", or "batch 1 (items 2-3)" with an ItemBatcher. */
export function itemText(parent: Pick<ExecutionParent, 'itemIndex' | 'batch'>): string | undefined {
  if (parent.itemIndex === undefined) return undefined;
  if (parent.batch === undefined) return `item ${parent.itemIndex}`;
  const { first, count } = parent.batch;
  const items = count === 1 ? `item ${first}` : count === 0 ? 'no items' : `items ${first}-${first + count - 1}`;
  return `batch ${parent.itemIndex} (${items})`;
}

/** What a redrive kept of its failed Parallel or Map: " · kept 2 of 5 iterations of "Fan"". */
function keptText(parent: ExecutionParent): string {
  const p = parent.preserved;
  if (p === undefined) return '';
  const [one, many] = p.kind === 'parallel' ? ['branch', 'branches'] : p.kind === 'map' ? ['iteration', 'iterations'] : ['child execution', 'child executions'];
  const n = p.total ?? p.kept.length;
  const of = p.total !== undefined ? ` of ${p.total}` : '';
  return ` · kept ${p.kept.length}${of} ${n === 1 ? one : many} of "${p.state}"`;
}

/** What the link says, by how the execution came from its parent. */
export function parentLinkText(parent: ExecutionParent): string {
  switch (parent.kind) {
    case 'fork':
      return `Forked from ${parent.name} at event ${parent.eventId}`;
    case 'redrive':
      return `Redriven from ${parent.name} at event ${parent.eventId}${keptText(parent)}`;
    case 'mapRun': {
      const item = itemText(parent);
      return `Child of ${parent.name}${item !== undefined ? `, ${item}` : ''} (Map Run started at event ${parent.eventId})`;
    }
    case 'startExecution':
      return `Started by ${parent.name}`;
  }
}
