/**
 * Slots of the progress counters a fuzz worker shares with the campaign's thread
 * (RunFuzzOptions.progress, an Int32Array over a SharedArrayBuffer): every event of every history
 * of the run (children included) and every Task invocation; and the top-level history's events
 * (for its quota). Its own module so that the campaign's bundle does not pull in the engine.
 */
export const PROGRESS_SLOTS = { ticks: 0, topLevelEvents: 1 } as const;
