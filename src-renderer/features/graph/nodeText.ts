import { mapProgressSentence, type CompoundProgress, type MapProgress } from '@common/history/iterationProgress';
import { STATUS_STYLES, type StatusKey } from '../../viz/statusColors';
import type { GraphNode } from './layout';

/**
 * What a graph node says (pure): its accessible name with the progress of a Map or Parallel, a
 * Parallel branch's status, and how a Map's progress bar is split by outcome.
 */

/** The parts of a Map's progress bar, in drawing order. */
export const SEGMENTS = ['succeeded', 'failed', 'aborted', 'running'] as const;

/** Widths of a Map's progress bar segments (`width` px for all items; unknown totals use what started). */
export function progressSegments(p: MapProgress, width: number): { kind: (typeof SEGMENTS)[number]; x: number; width: number }[] {
  const c = p.counts;
  const total = Math.max(c.total ?? 0, c.started, 1);
  let x = 0;
  return SEGMENTS.map((kind) => {
    const w = (c[kind] / total) * width;
    const seg = { kind, x, width: w };
    x += w;
    return seg;
  });
}

/** The accessible name of a state's node: `State X, <status>`, with its progress for a Map or Parallel. */
export function nodeAccessibleName(node: GraphNode, status: StatusKey, progress: CompoundProgress | undefined, branches: readonly GraphNode[], keptFromAttempt?: number): string {
  // A state a redrive kept: its status is the earlier attempt's ("succeeded in attempt 1").
  const base = `State ${node.state!}, ${STATUS_STYLES[status].label}${keptFromAttempt !== undefined ? ` in attempt ${keptFromAttempt}` : ''}`;
  if (progress === undefined) return base;
  if (progress.kind === 'map') return `${base}: ${mapProgressSentence(progress)}`;
  const parts = branches.map((b, i) => `branch ${i + 1} ${STATUS_STYLES[branchStatus(progress, b)].label}`);
  return parts.length > 0 ? `${base}: ${parts.join(', ')}` : base;
}

/** A Parallel branch's status in a Parallel's progress (`notRun` until it starts). */
export function branchStatus(progress: CompoundProgress | undefined, branch: GraphNode): StatusKey {
  if (progress?.kind !== 'parallel' || branch.branchStart === undefined) return 'notRun';
  return progress.branches.get(branch.branchStart) ?? 'notRun';
}
