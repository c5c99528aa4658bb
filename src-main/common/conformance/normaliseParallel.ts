/**
 * The `parallel-branches` history normalisation (test/fixtures/conformance/README.md, rule 4).
 *
 * The recording rewrote the events of Parallel branches, whose order across branches is not
 * deterministic: branch events get id `[0]` and previousEventId 0, and a splice at each
 * Parallel end event drops some events (the `ParallelStateSucceeded`/`Failed` before a
 * `ParallelStateExited`, and more around nested Parallel states). This is a literal port of the
 * README's pseudo-code, quirks included: after a splice that shortens the list, the loop carries
 * on at the same index of the new list (so the event that slid into it is skipped), and a
 * splice with no `ParallelStateStarted` seen starts at 0, as a Python slice from `None` does.
 * Matching the recording requires reproducing exactly that.
 */

/** The id that marks an event of a rewritten Parallel block. */
export type BlockId = [0];

/** An event with at least a type and ids; other members are carried along untouched. */
export interface NormalisableEvent {
  type: string;
  id: number | BlockId | unknown;
  previousEventId: number | unknown;
  [key: string]: unknown;
}

const PARALLEL_END = new Set(['ParallelStateSucceeded', 'ParallelStateFailed', 'ParallelStateAborted', 'ParallelStateExited']);

/** True for an event rewritten into a Parallel block (id `[0]`). */
export function isBlockEvent(event: { id?: unknown }): boolean {
  return Array.isArray(event.id) && event.id.length === 1 && event.id[0] === 0;
}

/**
 * Applies the recording's rewrite to a history and returns a new list (the input events are not
 * modified; rewritten events are shallow copies with `id: [0]` and `previousEventId: 0`).
 */
export function normaliseParallelBranches<E extends NormalisableEvent>(events: readonly E[]): E[] {
  const list: E[] = events.slice();
  let i = 0;
  let collecting = false;
  let start: number | undefined;
  let block: E[] = [];
  while (i < list.length) {
    const type = list[i].type;
    if (PARALLEL_END.has(type)) {
      const from = start ?? 0;
      list.splice(from, Math.max(0, i - from), ...block);
      collecting = false;
    } else if (type === 'ParallelStateStarted') {
      collecting = true;
      block = [];
      start = i + 1;
    } else if (collecting) {
      const rewritten = { ...list[i], id: [0] as BlockId, previousEventId: 0 };
      list[i] = rewritten;
      block.push(rewritten);
    }
    i += 1;
  }
  return list;
}
