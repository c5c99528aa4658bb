import type { MonotonicClock } from './engine/ports';

/**
 * The host's MonotonicClock (engine/ports.ts) for hosts to hand the engine (`RunOptions.monotonicClock`):
 * `performance.now()`, which Node, browsers and workers all provide. Undefined where there is no
 * `performance` global; the engine then applies only step budgets. Lives outside engine/ because
 * the engine itself never reads the host's time.
 */
export function createHostMonotonicClock(): MonotonicClock | undefined {
  const performance = (globalThis as { performance?: { now(): number } }).performance;
  if (performance === undefined || typeof performance.now !== 'function') return undefined;
  return { nowMs: () => performance.now() };
}
