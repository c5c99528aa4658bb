import type { Json } from '../json';
import type { HistoryEvent } from '../history/events';
import type { Failure } from './errors';

/**
 * The engine's only ways to reach the outside world. The engine never calls Date.now,
 * Math.random, timers or the network itself: everything comes in through these ports.
 */

/** Wall-clock time in epoch milliseconds, and a way to wait. */
export interface Clock {
  /** Current time in epoch milliseconds. */
  now(): number;
  /** Resolves after `ms` milliseconds of this clock's time have passed. */
  sleep(ms: number): Promise<void>;
}

/**
 * The host's monotonic clock, for budgets of real (host) time, such as how long one JSONata
 * expression may run (jsonata/evaluate.ts, JsonataBudget). Unlike Clock it never measures the
 * execution's virtual time, and nothing in a history depends on it. Hosts supply it
 * (createHostMonotonicClock in common/hostMonotonicClock.ts reads `performance.now()`, available
 * in Node, browsers and workers); the engine never reads the host's time by itself.
 */
export interface MonotonicClock {
  /** Milliseconds since an arbitrary origin; never decreases. */
  nowMs(): number;
}

/** A deterministic source of randomness. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
}

/** What a Task invocation is asked to do. */
export interface TaskRequest {
  /** Name of the Task state. */
  stateName: string;
  /** The Task's Resource ARN, as written in the definition. */
  resource: string;
  /** The effective parameters sent to the resource (after InputPath/Parameters). */
  parameters: Json;
  /** 0-based count of this state's invocations so far in the execution (retries count). */
  invocationIndex: number;
  /** Retry attempt of this visit (0 on the first try). */
  attempt: number;
  /** For `.waitForTaskToken`, the generated token. */
  taskToken?: string;
  /** Index of the enclosing Map iteration, if any. */
  mapIterationIndex?: number;
  /** The Context object as seen by the state. */
  context: Json;
}

/** The outcome of one Task invocation. */
export type TaskOutcome =
  | { kind: 'success'; output: Json; submitted?: Json; workerName?: string }
  | { kind: 'failure'; failure: Failure; submitted?: Json; workerName?: string }
  | { kind: 'timeout'; failure: Failure; submitted?: Json; workerName?: string };
// `submitted` is the service's immediate answer for `.sync` and `.waitForTaskToken` integrations
// (recorded as TaskSubmitted); the final outcome comes later, and may still be a failure.
// `workerName` names the activity worker that picked the task up (ActivityStarted).

/** Runs Task invocations: mocks, local handlers, or (some day) the real services. */
export interface TaskInvoker {
  invoke(request: TaskRequest): TaskOutcome | Promise<TaskOutcome>;
}

/** Receives every history event as the engine emits it. */
export interface EventSink {
  emit(event: HistoryEvent): void;
}

/** A mulberry32 PRNG: small, fast and deterministic for a given 32-bit seed. */
export function createSeededRandom(seed: number): Random {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}
