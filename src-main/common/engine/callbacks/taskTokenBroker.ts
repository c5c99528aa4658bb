import type { Json } from '../../json';

/**
 * Task tokens answered from outside the engine: the `.waitForTaskToken` pattern and activities
 * (Developer Guide, "Wait for a Callback with Task Token"; "Activities"). When a Task's invoker
 * does not answer (no mock, no handler), the Task waits here until someone calls
 * `sendTaskSuccess(token, output)`, `sendTaskFailure(token, error, cause)`, or keeps it alive with
 * `sendTaskHeartbeat(token)`. TimeoutSeconds and HeartbeatSeconds apply, in the run's clock.
 *
 * The virtual clock. A virtual-time run moves its clock only when every coroutine is blocked on a
 * timer. A Task waiting for the outside world is neither running nor on a timer, so a rule is
 * needed; Stepscope's is:
 * - While a wait is **held**, the outside world counts as a running coroutine: the virtual clock
 *   stands still (no Wait, Retry delay or timeout anywhere in the run fires) until the token is
 *   answered or the wait is released. This is what an interactive session wants: nobody is timed
 *   out while a person decides what to answer.
 * - Once a wait is **released**, it is an ordinary timer at its own deadline (the earlier of
 *   TimeoutSeconds after it started and HeartbeatSeconds after the last heartbeat): the clock
 *   reaches that deadline only when nothing else in the run can go on, and the Task then times out
 *   with States.Timeout or States.HeartbeatTimeout at exactly that virtual instant. An answer that
 *   arrives before the deadline fires still counts.
 * `createTaskTokenBroker({ whenIdle: 'wait' })` (the default) holds every wait until
 * `release(token)` / `releaseAll()`; `whenIdle: 'time-out'` releases each wait at once (headless runs,
 * tests of timeouts). With a real clock, waits are always armed (real time passes anyway).
 */

/** A Task waiting for its token to be answered. */
export interface TaskTokenWait {
  readonly token: string;
  /** `callback` for `.waitForTaskToken`, `activity` for an activity Task. */
  readonly kind: 'callback' | 'activity';
  readonly executionArn: string;
  readonly stateName: string;
  /** The Task's Resource ARN. */
  readonly resource: string;
  /** What the Task sent (its effective parameters). */
  readonly input: Json;
  /** Epoch ms (run clock) the wait began. */
  readonly startedAt: number;
  /** For an activity: the worker that picked it up with getActivityTask, if any. */
  readonly workerName: string | undefined;
}

/** What answered a wait. */
export type TokenAnswer =
  | { kind: 'success'; output: Json }
  | { kind: 'failure'; error?: string; cause?: string };

/** AWS's error codes for a send that cannot be accepted (API Reference, SendTaskSuccess "Errors"). */
export type TaskTokenErrorCode = 'TaskDoesNotExist' | 'TaskTimedOut' | 'InvalidToken';

/** Thrown by sendTask* when the token is unknown, already answered or timed out. */
export class TaskTokenError extends Error {
  constructor(
    readonly code: TaskTokenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** The outside world's side of task tokens (what the service API calls). */
export interface TaskTokenBroker {
  /** Answers a wait with success. Throws TaskTokenError when the token cannot be answered. */
  sendTaskSuccess(token: string, output: Json): void;
  /** Answers a wait with a failure (TaskFailed / ActivityFailed with this error and cause). */
  sendTaskFailure(token: string, error?: string, cause?: string): void;
  /** Resets the wait's HeartbeatSeconds timer. */
  sendTaskHeartbeat(token: string): void;
  /** An activity worker asks for work: the oldest unclaimed wait of `activityArn`, now claimed. */
  getActivityTask(activityArn: string, workerName?: string): { taskToken: string; input: Json } | undefined;
  /** The waits not answered yet, oldest first. */
  pending(): TaskTokenWait[];
  /** Calls `listener` whenever a Task starts waiting; returns an unsubscribe function. */
  subscribe(listener: (wait: TaskTokenWait) => void): () => void;
  /** Lets the virtual clock reach this wait's deadline (see the rule above). */
  release(token: string): void;
  /** Releases every wait, now and later (the broker behaves as `whenIdle: 'time-out'` from now on). */
  releaseAll(): void;
  /** Engine side: registers a wait. Not for callers outside the engine. */
  register(wait: Omit<TaskTokenWait, 'workerName'>, handlers: WaitHandlers): WaitHandle;
}

/** How the broker reaches a waiting Task (engine side). */
export interface WaitHandlers {
  answer(answer: TokenAnswer): void;
  heartbeat(): void;
  release(): void;
}

/** The engine's handle on a registered wait. */
export interface WaitHandle {
  /** Whether the wait starts released. */
  readonly released: boolean;
  /** The worker that claimed an activity, if any. */
  workerName(): string | undefined;
  /** The wait ended (answered or timed out): later sends fail with TaskTimedOut / TaskDoesNotExist. */
  close(timedOut: boolean): void;
}

/** Options of createTaskTokenBroker. */
export interface TaskTokenBrokerOptions {
  /** `wait` (default): hold the virtual clock while a wait is unanswered; `time-out`: let it run to the deadline. */
  whenIdle?: 'wait' | 'time-out';
}

interface Entry {
  wait: TaskTokenWait;
  handlers: WaitHandlers;
  claimed: boolean;
  workerName: string | undefined;
}

/** Creates a broker. One broker may serve many executions (the service's one per process). */
export function createTaskTokenBroker(options: TaskTokenBrokerOptions = {}): TaskTokenBroker {
  let releaseEverything = options.whenIdle === 'time-out';
  const open = new Map<string, Entry>();
  const closed = new Map<string, 'timed-out' | 'done'>();
  const listeners = new Set<(wait: TaskTokenWait) => void>();

  const entryFor = (token: string): Entry => {
    const e = open.get(token);
    if (e) return e;
    const end = closed.get(token);
    if (end === 'timed-out') throw new TaskTokenError('TaskTimedOut', `Task Timed Out: '${token}'`);
    if (end === 'done') throw new TaskTokenError('TaskDoesNotExist', `Task Does Not Exist: '${token}'`);
    throw new TaskTokenError('InvalidToken', `Invalid Token: '${token}'`);
  };
  const view = (e: Entry): TaskTokenWait => ({ ...e.wait, workerName: e.workerName });

  return {
    sendTaskSuccess(token, output) {
      entryFor(token).handlers.answer({ kind: 'success', output });
    },
    sendTaskFailure(token, error, cause) {
      const answer: TokenAnswer = { kind: 'failure' };
      if (error !== undefined) answer.error = error;
      if (cause !== undefined) answer.cause = cause;
      entryFor(token).handlers.answer(answer);
    },
    sendTaskHeartbeat(token) {
      entryFor(token).handlers.heartbeat();
    },
    getActivityTask(activityArn, workerName) {
      for (const e of open.values()) {
        if (e.wait.kind === 'activity' && !e.claimed && e.wait.resource === activityArn) {
          e.claimed = true;
          e.workerName = workerName;
          return { taskToken: e.wait.token, input: e.wait.input };
        }
      }
      return undefined;
    },
    pending: () => [...open.values()].map(view),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    release(token) {
      entryFor(token).handlers.release();
    },
    releaseAll() {
      releaseEverything = true;
      for (const e of [...open.values()]) e.handlers.release();
    },
    register(wait, handlers) {
      const entry: Entry = { wait: { ...wait, workerName: undefined }, handlers, claimed: false, workerName: undefined };
      open.set(wait.token, entry);
      const handle: WaitHandle = {
        released: releaseEverything,
        workerName: () => entry.workerName,
        close(timedOut) {
          open.delete(wait.token);
          closed.set(wait.token, timedOut ? 'timed-out' : 'done');
        },
      };
      for (const l of [...listeners]) l(view(entry));
      return handle;
    },
  };
}
