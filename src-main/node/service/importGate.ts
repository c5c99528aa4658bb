/**
 * The import gate: one import at a time, and while one runs it holds the store's write lock
 * (between its chunks), so recordings neither start nor finish and their new events wait in
 * memory until it is done.
 *
 * A writer waits with `for (let b = gate.blocker(); b !== undefined; b = gate.blocker()) await b;`
 * right before it writes: the last check and the write then run in one synchronous step, so an
 * import cannot take the lock in between (the write would block the event loop the import needs
 * to go on). That is why the gate hands out what to wait for rather than a "wait until free".
 */
export interface ImportGate {
  /** What to wait for before writing (the import holding the lock, never rejecting), or undefined when none holds it. */
  blocker(): Promise<void> | undefined;
  /** True while an import holds the lock: new events are to be held back. */
  isHeld(): boolean;
  /**
   * Runs `work` once earlier imports are done, holding the lock while it runs; `onRelease` runs as
   * soon as it lets go (to hand held-back events to their recordings). Resolves with its result.
   */
  run<T>(work: () => Promise<T>, onRelease: () => void): Promise<T>;
  /** Resolves once every import asked for so far is done (whether or not it succeeded). */
  idle(): Promise<unknown>;
}

/** Builds an {@link ImportGate}. */
export function createImportGate(): ImportGate {
  let importing: Promise<unknown> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const settled = (p: Promise<unknown>): Promise<void> => p.then(
    () => undefined,
    () => undefined,
  );
  return {
    blocker: () => (importing !== undefined ? settled(importing) : undefined),
    isHeld: () => importing !== undefined,
    run<T>(work: () => Promise<T>, onRelease: () => void): Promise<T> {
      const job = queue.then(async () => {
        const running = work();
        importing = running;
        try {
          return await running;
        } finally {
          importing = undefined;
          onRelease();
        }
      });
      queue = job.catch(() => undefined);
      return job;
    },
    idle: () => queue,
  };
}
