import { countAtOrBefore } from '@common/history/countAtOrBefore';
import type { Retrier } from '@common/asl/types';
import type { VisitProjection } from '@common/history/visits';

/**
 * Retry loops (pure): the text of a state's Retry loop in the graph, and how many retries each
 * state had made by a cursor. Retry positions are precomputed once per projection and counted by
 * binary search at each cursor move, so scrubbing stays cheap on long histories.
 */

/** A Retrier's error names, abbreviated: the first name, and `+n` for the others. */
function abbreviateErrors(names: readonly string[]): string {
  if (names.length === 0) return '?';
  return names.length === 1 ? names[0] : `${names[0]} +${names.length - 1}`;
}

/**
 * The label of a state's Retry loop: `↻ Lambda.ServiceException ×3`; several Retriers are joined
 * (`↻ Throttled ×3 · States.ALL ×2`). Retriers with `MaxAttempts` 0 never retry and are left out;
 * undefined when none is left.
 */
export function retryLoopLabel(retry: readonly Retrier[] | undefined): string | undefined {
  if (!Array.isArray(retry)) return undefined;
  const parts = retry
    .filter((r) => r && typeof r === 'object' && (r.MaxAttempts ?? 3) > 0)
    .map((r) => `${abbreviateErrors(Array.isArray(r.ErrorEquals) ? r.ErrorEquals : [])} ×${r.MaxAttempts ?? 3}`);
  return parts.length === 0 ? undefined : `↻ ${parts.join(' · ')}`;
}

/** The label of a Retry loop taken `count` times by the cursor (the suffix fits in the room the layout keeps for it). */
export function takenRetryLabel(label: string, count: number): string {
  return count > 0 ? `${label} · retried ${count}` : label;
}

/** Where each state's retries began: positions of the attempts that followed a failed attempt, ascending. */
export interface RetryIndex {
  readonly byState: ReadonlyMap<string, readonly number[]>;
}

/** Collects the retries of every visit (as `Visit.retries` counts them), per state. */
export function retryIndexFromVisits(projection: VisitProjection): RetryIndex {
  const byState = new Map<string, number[]>();
  for (const v of projection.visits) {
    for (let i = 1; i < v.attempts.length; i++) {
      const a = v.attempts[i];
      // An attempt opened by a bare failure event (no start event) is not a retry.
      if (v.attempts[i - 1].failure === null || a.startedAt === a.endedAt) continue;
      let list = byState.get(v.state);
      if (list === undefined) byState.set(v.state, (list = []));
      list.push(a.startedAt);
    }
  }
  // Visits of one state interleave (Map iterations, Parallel branches): sort once here.
  for (const list of byState.values()) list.sort((a, b) => a - b);
  return { byState };
}

/** How many retries of `state` had begun at or before `cursor`. */
export function retriesAt(index: RetryIndex, state: string, cursor: number): number {
  const list = index.byState.get(state);
  return list === undefined ? 0 : countAtOrBefore(list, cursor);
}
