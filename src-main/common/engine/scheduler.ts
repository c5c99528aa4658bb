import type { Clock } from './ports';

/**
 * Cooperative scheduler for the engine's coroutines (the main flow, Parallel branches, Map
 * iterations). With a virtual clock it is what makes "a Wait of one hour finishes at once" correct
 * under concurrency: time only moves forward when every coroutine is blocked on a timer, and then
 * only to the earliest timer, so events still come out in timestamp order across branches.
 * With a real clock, it simply delegates to the clock.
 */
export interface Scheduler extends Clock {
  /** Registers `n` new runnable coroutines (call before starting them). */
  spawn(n: number): void;
  /** A coroutine has finished. */
  exit(): void;
  /** The calling coroutine blocks until a group of children completes (see `runGroup`). */
  park(): void;
  /** The parked coroutine is runnable again. */
  unpark(): void;
  /** Sleeps, but wakes early (resolving `false`) when `cancel` is invoked. Resolves `true` on timeout. */
  sleepCancellable(ms: number): { promise: Promise<boolean>; cancel: () => void };
  /**
   * True when the calling coroutine is the only runnable one: every other coroutine of the run is
   * asleep on a timer, parked or finished. Only then may it wait for something outside the engine
   * (RunOptions.yieldToHost) without changing the order of the run's events: no other coroutine
   * can move while it waits, and no timer fires, since time only advances when none is runnable.
   */
  isSoleRunner(): boolean;
}

interface Timer {
  at: number;
  seq: number;
  wake: (timedOut: boolean) => void;
  cancelled: boolean;
}

/**
 * A virtual clock: `now()` starts at `startMs` and jumps to the next timer whenever all
 * coroutines are waiting. Deterministic: ties are broken by the order timers were set.
 */
export function createVirtualScheduler(startMs: number): Scheduler {
  let now = startMs;
  let active = 1;
  let seq = 0;
  const timers: Timer[] = [];

  function advance(): void {
    while (active === 0 && timers.length > 0) {
      let best = 0;
      for (let i = 1; i < timers.length; i++) {
        const t = timers[i];
        const b = timers[best];
        if (t.at < b.at || (t.at === b.at && t.seq < b.seq)) best = i;
      }
      const timer = timers.splice(best, 1)[0];
      if (timer.cancelled) continue;
      if (timer.at > now) now = timer.at;
      active++;
      timer.wake(true);
    }
  }

  function sleepCancellable(ms: number): { promise: Promise<boolean>; cancel: () => void } {
    let timer: Timer | undefined;
    const promise = new Promise<boolean>((resolve) => {
      timer = { at: now + Math.max(0, ms), seq: seq++, wake: resolve, cancelled: false };
      timers.push(timer);
      active--;
      advance();
    });
    const cancel = () => {
      if (!timer || timer.cancelled) return;
      const idx = timers.indexOf(timer);
      if (idx < 0) return; // already fired
      timer.cancelled = true;
      timers.splice(idx, 1);
      active++;
      timer.wake(false);
    };
    return { promise, cancel };
  }

  return {
    now: () => now,
    sleep: (ms: number) => (ms <= 0 ? Promise.resolve() : sleepCancellable(ms).promise.then(() => undefined)),
    sleepCancellable,
    spawn(n: number) {
      active += n;
    },
    exit() {
      active--;
      advance();
    },
    park() {
      active--;
      advance();
    },
    unpark() {
      active++;
    },
    isSoleRunner: () => active === 1,
  };
}

/** Wraps a real clock (wall time) as a scheduler; coroutine accounting is not needed there. */
export function createClockScheduler(clock: Clock): Scheduler {
  return {
    now: () => clock.now(),
    sleep: (ms) => clock.sleep(ms),
    sleepCancellable(ms: number) {
      let cancelFn: (v: boolean) => void = () => undefined;
      const promise = new Promise<boolean>((resolve) => {
        cancelFn = resolve;
        void clock.sleep(ms).then(() => resolve(true));
      });
      return { promise, cancel: () => cancelFn(false) };
    },
    spawn() {},
    exit() {},
    park() {},
    unpark() {},
    // Without coroutine accounting nothing proves the caller is alone: never yield to the host.
    isSoleRunner: () => false,
  };
}

/**
 * Runs `count` child coroutines with at most `limit` (0 = unbounded) at a time, in index order,
 * and resolves with their results. The caller is parked meanwhile; it is made runnable again
 * in the same tick the last child finishes, so virtual time never skips past it.
 * `shouldStart(i)` may refuse to start further children (after a failure). `run` reports a
 * failure by rejecting (it is an async function), never by throwing.
 */
export function runGroup<T>(
  scheduler: Scheduler,
  count: number,
  limit: number,
  run: (index: number) => Promise<T>,
  shouldStart: () => boolean,
): Promise<(T | undefined)[]> {
  const results: (T | undefined)[] = new Array(count);
  if (count === 0) return Promise.resolve(results);
  const workers = limit > 0 ? Math.min(limit, count) : count;
  let next = 0;
  let remaining = workers;
  scheduler.spawn(workers);
  scheduler.park();
  return new Promise((resolve, reject) => {
    const finished = () => {
      if (--remaining === 0) {
        scheduler.unpark();
        resolve(results);
      }
      scheduler.exit();
    };
    const failed = (err: unknown) => {
      if (--remaining === 0) scheduler.unpark();
      scheduler.exit();
      reject(err);
    };
    if (workers < count) {
      // Bounded: each worker is one coroutine, running children one after another.
      const worker = async () => {
        while (next < count && shouldStart()) {
          const i = next++;
          results[i] = await run(i);
        }
      };
      for (let w = 0; w < workers; w++) worker().then(finished, failed);
      return;
    }
    // Unbounded: each child is its own coroutine, with no worker around it (an unbounded Map over
    // 10,000 items has them all in flight at once). Storing the result, then finishing, take one
    // promise step each, like a worker's `await` and then its return: the children's events
    // interleave exactly as they would under workers.
    for (let i = 0; i < count; i++) {
      if (!shouldStart()) {
        Promise.resolve().then(finished, failed);
        continue;
      }
      run(i)
        .then((r) => {
          results[i] = r;
        })
        .then(finished, failed);
    }
  });
}
