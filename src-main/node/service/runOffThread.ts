/**
 * Running a local execution off the host's thread (issue #18: a long run must never hold the
 * host's only thread). The engine runs Pass, Choice and the other synchronous states without ever
 * waiting, and while several Parallel branches, Map iterations or Map Run children can run it
 * cannot hand the host a turn either: waiting for the event loop there would let the other
 * coroutines move first and change the order of the history's events (engine/hostYield.ts). So a
 * run of the service (`executions.start`, fork, redrive: the desktop app and `stepscope serve`)
 * and of `stepscope run` goes to a worker thread of its own, one per run. The worker runs the same
 * `runExecution` with the same options, so the history is the same event for event
 * (test/unit/service/runOffThread.test.ts runs the corpus both ways); the host's thread only
 * receives the events, in batches, and records and pushes them.
 *
 * Why a thread and not a yield that keeps the order: the other way would stop every coroutine at
 * a gate at its next state boundary, give the host its turn, and release them in a fixed order.
 * But the order of a run's events comes from where each coroutine stands in the promise queue,
 * several steps apart; releasing them together from a gate puts them back at other distances, so
 * the interleaving (and the history) could change, and no test over a corpus proves it never
 * does. A thread runs the very same steps in the very same order: identical by construction.
 *
 * What stays on the host's thread: runs under the debugger (their hooks, stops and breakpoint
 * conditions live in the session; they hand the host a turn at every stop and between states where
 * no other branch can move), runs that may wait for a task token (`.waitForTaskToken` or an
 * activity: the broker answering them lives with the service's `tasks.*` methods), runs whose
 * Tasks are answered by something that cannot cross threads (an invoker with no
 * {@link PortableInvoker}), and every run when no worker script is given (tests of the engine).
 * Forks and redrives go to a worker too: their invoker is a mock config with the invocation
 * offsets of the history they continue.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { StateMachineDefinition } from '../../common/asl/types';
import { offsetInvocations } from '../../common/debug/fork';
import { redriveInvoker } from '../../common/debug/redriveInvocations';
import type { TaskInvoker } from '../../common/engine/ports';
import type { ChildRunResult, RunOptions, RunResult } from '../../common/engine/run';
import type { HistoryEvent } from '../../common/history/events';
import type { Json } from '../../common/json';
import { createMockInvoker, MOCK_NOT_FOUND_ERROR, parseMockConfig, parseMockExtras, type GeneratedAnswer } from '../../common/mocks';

/**
 * How a run's Tasks are answered, as data that can cross to a worker thread: from a mock config's
 * test case, or (no mock config) each Task fails with MOCK_NOT_FOUND_ERROR and `hint`.
 */
export type PortableInvoker =
  | {
      kind: 'mocks';
      config: Json;
      stateMachine: string;
      testCase: string;
      /** Recorded extras (`submitted`, `workerName`), as mockExtras. */
      extras?: Json;
      /** A fork's or redrive's Task invocations made before it, per state (debug/fork.ts offsetInvocations). */
      invocationOffsets?: Readonly<Record<string, number>>;
      /**
       * A redrive's last invocation of each state before it (debug/redriveInvocations.ts
       * `RedriveInvocations.last`): an invocation the config does not answer gets that one's answer.
       */
      redriveLast?: Readonly<Record<string, Record<string, number>>>;
    }
  | { kind: 'noMocks'; hint: string };

/** The invoker a PortableInvoker describes (the same on either thread). Throws when its mock config is invalid. */
export function invokerOf(portable: PortableInvoker): TaskInvoker {
  if (portable.kind === 'noMocks') {
    const { hint } = portable;
    return { invoke: (request) => ({ kind: 'failure', failure: { error: MOCK_NOT_FOUND_ERROR, cause: `No mocked response for state "${request.stateName}": ${hint}` } }) };
  }
  const parsed = parseMockConfig(portable.config);
  if (!parsed.ok) throw new Error(`The mock config is invalid: ${parsed.diagnostics[0]?.message ?? ''}`);
  const extras = portable.extras !== undefined ? parseMockExtras(portable.extras) : undefined;
  if (extras !== undefined && !extras.ok) throw new Error(`The mock extras are invalid: ${extras.diagnostics[0]?.message ?? ''}`);
  const invoker = createMockInvoker(parsed.config, { stateMachine: portable.stateMachine, testCase: portable.testCase, ...(extras !== undefined ? { extras: extras.value } : {}) });
  if (portable.redriveLast !== undefined) return redriveInvoker(invoker, { before: { ...portable.invocationOffsets }, last: { ...portable.redriveLast } });
  return portable.invocationOffsets !== undefined ? offsetInvocations(invoker, portable.invocationOffsets) : invoker;
}

/** RunOptions without what cannot cross threads (functions and ports); the worker adds them back. */
export type PortableRunOptions = Omit<RunOptions, 'invoker' | 'sink' | 'taskTokens' | 'debug' | 'yieldToHost' | 'clock' | 'random' | 'monotonicClock' | 'progress' | 'unansweredTasks' | 'onChildFinished' | 's3Source'>;

/** What the worker is started with (workerData). */
export interface RunWorkerData {
  options: PortableRunOptions;
  invoker: PortableInvoker;
  /** Send events to the host as they come (RunOptions.sink); else only the result has them. */
  stream: boolean;
  /** Give JSONata evaluations the time part of their budget on this thread's monotonic clock. */
  monotonicClock: boolean;
  /** A local folder standing for S3 (createS3FolderSource): the thread reads it itself (RunOptions.s3Source). */
  s3Root?: string;
  /** Send each child execution to the host as it ends (RunOptions.onChildFinished) instead of in the result. */
  streamChildren?: boolean;
  /** Answer Tasks nothing else answers with generated responses (LocalRunSpec.generateMissing), seeded with the run's seed. */
  generateMissing?: boolean;
}

/** A message from the worker: a batch of events, in order; then the result, or what the engine threw. */
export type RunWorkerMessage =
  | { type: 'started' }
  | { type: 'events'; events: HistoryEvent[] }
  /** A child execution that ended (streamChildren), after every event the worker emitted before it. */
  | { type: 'child'; child: ChildRunResult; depth: number }
  | { type: 'done'; result: RunResult; generated?: GeneratedAnswer[] }
  | { type: 'crashed'; error: { name: string; message: string; stack?: string } };

/** The run worker's script next to this bundle (dist/runWorker.mjs), when it exists. */
export function findRunWorkerScript(): string | undefined {
  try {
    const url = new URL('./runWorker.mjs', import.meta.url);
    return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? fileURLToPath(url) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when a run of `definition` (and of the state machines it may start) may wait for a task
 * token: a `.waitForTaskToken` Task or an activity. Such a run stays on the host's thread, where
 * the service's task-token broker is. A plain text search: a false positive only keeps a run on
 * the host's thread.
 */
export function mayWaitForTaskToken(definition: StateMachineDefinition, stateMachines?: Readonly<Record<string, { definition: StateMachineDefinition }>>): boolean {
  const texts = [definition, ...Object.values(stateMachines ?? {}).map((m) => m.definition)];
  for (const d of texts) {
    let text: string;
    try {
      text = JSON.stringify(d);
    } catch {
      return true;
    }
    if (text.includes('.waitForTaskToken') || text.includes(':activity:')) return true;
  }
  return false;
}

/**
 * The run's thread failed before it took the run (its script could not be loaded, e.g. a packaged
 * app that cannot start threads from its archive): nothing of the run happened, so the caller may
 * run it on its own thread instead.
 */
export class RunThreadUnavailable extends Error {
  constructor(readonly reason: unknown) {
    super(`The execution's worker thread could not start: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = 'RunThreadUnavailable';
  }
}

/** Most events handed to the host's recorder in one turn of its event loop. */
const EMIT_PER_TURN = 512;

/** A run started on a worker thread. */
export interface OffThreadRun {
  /** The engine's result; rejects with what the engine threw, or when the worker died or was ended. */
  result: Promise<RunResult>;
  /** Ends the worker (the service closing); `result` then rejects. */
  terminate(): void;
  /** The invocations generated responses answered (RunWorkerData.generateMissing), filled when the run ends. */
  generated: GeneratedAnswer[];
}

/**
 * Starts `data`'s run on a worker thread: `worker` (a warm one, see {@link createRunThreads}) or
 * a new one from `script` (the build of src-main/node/cli/entries/runWorker.ts). The worker is
 * ended with the run. Events go to `emit` in the order the engine emitted them, all before
 * `result` resolves. Throws (synchronously) when `data` cannot be sent to a thread (a
 * DataCloneError): the caller then runs it on its own thread.
 */
export function startOffThreadRun(script: string, data: RunWorkerData, emit: (event: HistoryEvent) => void, warm?: Worker, onChild?: ChildReceiver): OffThreadRun {
  const worker = warm ?? new Worker(script);
  try {
    worker.postMessage(data);
  } catch (error) {
    void worker.terminate();
    throw error;
  }
  worker.ref();
  let ended = false;
  /** The thread said it took the run (or we ended it): from then on a failure is the run's. */
  let started = false;
  // Events are handed to `emit` a slice per turn of this thread's event loop, so that a run that
  // sends them faster than they are recorded does not hold this thread either; the run settles
  // once every event it sent has been handed over.
  // Children (streamChildren) take their place among the batches: a child reaches `onChild` after
  // the parent's events the worker emitted before it (its MapRunStarted among them).
  const queue: (HistoryEvent[] | { child: ChildRunResult; depth: number })[] = [];
  let draining = false;
  let settleWhenDrained: (() => void) | undefined;
  const generated: GeneratedAnswer[] = [];
  const drain = (): void => {
    draining = false;
    for (let n = 0; queue.length > 0 && n < EMIT_PER_TURN; ) {
      const item = queue.shift() as HistoryEvent[] | { child: ChildRunResult; depth: number };
      if (Array.isArray(item)) {
        for (const event of item) emit(event);
        n += item.length;
      } else {
        onChild?.(item.child, item.depth);
        n += item.child.events.length;
      }
    }
    if (queue.length > 0) {
      draining = true;
      setImmediate(drain);
    } else if (settleWhenDrained !== undefined) {
      const settle = settleWhenDrained;
      settleWhenDrained = undefined;
      settle();
    }
  };
  const result = new Promise<RunResult>((resolve, reject) => {
    const end = (settle: () => void): void => {
      if (ended) return;
      ended = true;
      void worker.terminate();
      if (queue.length === 0 && !draining) settle();
      else settleWhenDrained = settle;
    };
    worker.on('message', (message: RunWorkerMessage) => {
      if (ended) return;
      if (message.type === 'started') started = true;
      else if (message.type === 'events' || message.type === 'child') {
        queue.push(message.type === 'events' ? message.events : { child: message.child, depth: message.depth });
        if (!draining) {
          draining = true;
          setImmediate(drain);
        }
      } else if (message.type === 'done') {
        generated.push(...(message.generated ?? []));
        end(() => resolve(message.result));
      }
      else {
        const error = new Error(message.error.message);
        error.name = message.error.name;
        if (message.error.stack !== undefined) error.stack = message.error.stack;
        end(() => reject(error));
      }
    });
    worker.on('error', (error) => end(() => reject(started ? error : new RunThreadUnavailable(error))));
    worker.on('exit', (code) => {
      const error = new Error(`The execution's worker thread stopped (exit code ${code}) before the execution ended`);
      end(() => reject(started ? error : new RunThreadUnavailable(error)));
    });
  });
  return {
    result,
    generated,
    terminate: () => {
      started = true;
      void worker.terminate();
    },
  };
}

/** Takes a child execution the run's thread handed over as it ended (RunWorkerData.streamChildren). */
export type ChildReceiver = (child: ChildRunResult, depth: number) => void;

/** Where runs get their threads (LocalRunHooks.runThreads). */
export interface RunThreads {
  /** Starts a run on a thread of its own; throws a DataCloneError as startOffThreadRun does. */
  start(data: RunWorkerData, emit: (event: HistoryEvent) => void, onChild?: ChildReceiver): OffThreadRun;
  /** Ends the warm thread and the threads of runs still going (their results reject). */
  close(): void;
}

/**
 * Threads for runs from `script`, one per run. With `warm`, one thread is kept started and idle
 * (not keeping the process alive), so that a run does not wait for a thread to start and load the
 * engine (tens to hundreds of ms); it is replaced as soon as a run takes it. Each thread serves one
 * run and ends with it: nothing of a run is left for the next.
 */
export function createRunThreads(script: string, options: { warm?: boolean } = {}): RunThreads {
  let idle: Worker | undefined;
  let closed = false;
  /** A thread failed to start: threads cannot be had here, every run stays on the caller's thread. */
  let unavailable = false;
  const running = new Set<OffThreadRun>();
  const spawnIdle = (): void => {
    if (closed || unavailable || idle !== undefined || options.warm !== true) return;
    const worker = new Worker(script);
    worker.unref();
    // An idle thread that fails to start is dropped; the next run starts its own.
    worker.on('error', () => {
      unavailable = true;
      if (idle === worker) idle = undefined;
    });
    worker.on('exit', () => {
      if (idle === worker) idle = undefined;
    });
    idle = worker;
  };
  spawnIdle();
  return {
    start(data, emit, onChild) {
      if (unavailable) throw new RunThreadUnavailable('an earlier thread failed to start');
      const warm = idle;
      idle = undefined;
      if (options.warm === true) setImmediate(spawnIdle);
      const run = startOffThreadRun(script, data, emit, warm, onChild);
      running.add(run);
      void run.result
        .catch((error: unknown) => {
          if (error instanceof RunThreadUnavailable) unavailable = true;
        })
        .finally(() => running.delete(run));
      return run;
    },
    close() {
      closed = true;
      if (idle !== undefined) void idle.terminate();
      idle = undefined;
      for (const run of running) run.terminate();
      running.clear();
    },
  };
}
