import type { Json } from '../../json';
import { StatesErrors } from '../errors';
import type { TaskOutcome } from '../ports';
import type { Scheduler } from '../scheduler';
import type { TaskTokenBroker, TokenAnswer, WaitHandlers } from './taskTokenBroker';

/** A Task's TimeoutSeconds when the definition sets none (Developer Guide, "Task state": 99999999). */
export const DEFAULT_TASK_TIMEOUT_SECONDS = 99_999_999;

/** Error name of the outcome returned when the Task's scope was aborted while it waited. */
export const WAIT_ABORTED_ERROR = 'Stepscope.WaitAborted';

/** What a Task waiting for its token needs. */
export interface AwaitTaskTokenOptions {
  broker: TaskTokenBroker;
  scheduler: Scheduler;
  /** True on the virtual clock (waits may be held; see taskTokenBroker.ts). */
  virtual: boolean;
  token: string;
  kind: 'callback' | 'activity';
  executionArn: string;
  stateName: string;
  resource: string;
  input: Json;
  timeoutSeconds: number | undefined;
  heartbeatSeconds: number | undefined;
  /** Registers a callback for when the Task's scope is aborted; returns an unregister function. */
  onAbort(fn: () => void): () => void;
}

/**
 * Waits until the broker answers the token, or the Task times out, following the virtual-clock
 * rule in taskTokenBroker.ts. Resolves with the Task's outcome: success with the sent output;
 * failure with the sent error and cause; timeout with States.Timeout or States.HeartbeatTimeout
 * (no cause, as AWS records them); or a failure named WAIT_ABORTED_ERROR when the scope was aborted.
 * `workerName` is set for an activity that a worker claimed.
 */
export async function awaitTaskToken(o: AwaitTaskTokenOptions): Promise<TaskOutcome> {
  const { scheduler } = o;
  const start = scheduler.now();
  let answer: TokenAnswer | undefined;
  let released = !o.virtual;
  let aborted = false;
  let lastBeat = start;
  let wake: (() => void) | undefined;
  let cancelTimer: (() => void) | undefined;
  const poke = () => {
    const w = wake;
    wake = undefined;
    w?.();
    const c = cancelTimer;
    cancelTimer = undefined;
    c?.();
  };
  const handlers: WaitHandlers = {
    answer(a) {
      if (answer || aborted) return;
      answer = a;
      poke();
    },
    heartbeat() {
      lastBeat = scheduler.now();
      poke();
    },
    release() {
      released = true;
      poke();
    },
  };
  const unregister = o.onAbort(() => {
    aborted = true;
    poke();
  });
  const handle = o.broker.register(
    { token: o.token, kind: o.kind, executionArn: o.executionArn, stateName: o.stateName, resource: o.resource, input: o.input, startedAt: start },
    handlers,
  );
  if (handle.released) released = true;
  const timeoutAt = start + (o.timeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS) * 1000;
  let timedOut: string | undefined;
  for (;;) {
    if (answer || aborted) break;
    if (!released) {
      // Held: this coroutine stays runnable, so the virtual clock stands still until a poke.
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      continue;
    }
    const heartbeatAt = o.heartbeatSeconds !== undefined ? lastBeat + o.heartbeatSeconds * 1000 : Infinity;
    const at = Math.min(timeoutAt, heartbeatAt);
    const ms = at - scheduler.now();
    if (ms > 0) {
      const timer = scheduler.sleepCancellable(ms);
      cancelTimer = timer.cancel;
      const fired = await timer.promise;
      cancelTimer = undefined;
      if (!fired) continue;
      if (answer || aborted) break;
      if (scheduler.now() < at) continue;
    }
    timedOut = heartbeatAt < timeoutAt ? StatesErrors.HeartbeatTimeout : StatesErrors.Timeout;
    break;
  }
  unregister();
  const workerName = handle.workerName();
  handle.close(timedOut !== undefined);
  const extra = workerName !== undefined ? { workerName } : {};
  if (aborted && !answer) return { kind: 'failure', failure: { error: WAIT_ABORTED_ERROR }, ...extra };
  if (timedOut !== undefined) return { kind: 'timeout', failure: { error: timedOut }, ...extra };
  const a = answer!;
  if (a.kind === 'success') return { kind: 'success', output: a.output, ...extra };
  const failure: { error?: string; cause?: string } = {};
  if (a.error !== undefined) failure.error = a.error;
  if (a.cause !== undefined) failure.cause = a.cause;
  return { kind: 'failure', failure, ...extra };
}

/**
 * Error names with which an invoker says "nothing here answers this Task": the mock invoker's
 * `Stepscope.MockNotFound` and the handler invoker's `Stepscope.NoHandler` (src-main/common/mocks).
 * Only then does the engine answer a Task itself (a registered child state machine, a task token
 * from outside): a configured mock always wins.
 */
export const UNANSWERED_ERRORS: ReadonlySet<string> = new Set(['Stepscope.MockNotFound', 'Stepscope.NoHandler']);

/** True when an invoker's outcome means that nothing answered the Task. */
export function isUnanswered(outcome: TaskOutcome): boolean {
  return outcome.kind === 'failure' && outcome.failure.error !== undefined && UNANSWERED_ERRORS.has(outcome.failure.error);
}
