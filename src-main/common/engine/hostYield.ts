import type { Scheduler } from './scheduler';

/**
 * Letting the host breathe during a long run (RunOptions.yieldToHost). The engine runs Pass,
 * Choice, Succeed and Fail states synchronously, so a Choice loop of 100,000 states would hold
 * the host's thread (its HTTP answers, its pushes) until the run ends. Between two states of a
 * branch, every {@link YIELD_CHECK_EVERY} states, the engine asks the host whether it wants its
 * thread back, and waits for the host's promise if it does.
 *
 * Determinism: the order of a run's events is the order in which its coroutines (the main flow,
 * Parallel branches, Map iterations) take turns, and that order comes from the promise queue.
 * Waiting for the host hands the thread to the event loop, so any other coroutine that could run
 * would move in the meantime and the history would change. The engine therefore only waits when
 * the scheduler says the calling coroutine is the only runnable one; otherwise it asks again at
 * the next state. A single flow (the Choice loop), a Map with MaxConcurrency 1 and the top level
 * between Parallel and Map states yield; while several branches can run at once (an unbounded
 * Map's iterations in flight), no yield happens until only one of them is left.
 *
 * That is why the Node hosts (the service, `stepscope serve`, the app, `stepscope run`) run each
 * execution they can on a worker thread of its own (src-main/node/service/runOffThread.ts): there
 * a run that never yields holds no host's thread, and its history is the same. This yield remains
 * for the runs that stay on the host's thread (under the debugger, waiting for task tokens).
 */

/** How many states run between two questions to the host (a question costs one call). */
export const YIELD_CHECK_EVERY = 128;

/** The per-execution countdown to the next question. */
export interface HostYield {
  /** States left before the next question; decremented by the engine before each state. */
  countdown: number;
  /**
   * Asks the host, when the calling coroutine may wait (it is the only runnable one): answers the
   * host's promise to wait for, or undefined to go on at once. When it may not wait, the question
   * is asked again before the next state.
   */
  ask(): Promise<void> | undefined;
}

/** The countdown for a run with `yieldToHost`; undefined without one (no work on the fast path). */
export function createHostYield(scheduler: Scheduler, yieldToHost: (() => Promise<void> | undefined) | undefined): HostYield | undefined {
  if (yieldToHost === undefined) return undefined;
  const hostYield: HostYield = {
    countdown: YIELD_CHECK_EVERY,
    ask() {
      if (!scheduler.isSoleRunner()) return undefined;
      hostYield.countdown = YIELD_CHECK_EVERY;
      return yieldToHost();
    },
  };
  return hostYield;
}
