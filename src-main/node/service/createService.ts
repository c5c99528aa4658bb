import { randomUUID } from 'node:crypto';
import { isValid, validateDefinitionText } from '../../common/asl/validate';
import type { StateMachineDefinition } from '../../common/asl/types';
import type { DebugState, ExecutionId, ExecutionSummary, InputOf, StartOutcome, StepscopeApi, StoredExecutionStatus, WaitingTask } from '../../common/contract/api';
import type { Breakpoint } from '../../common/debug/breakpoints';
import { createDebugSession, type DebugSession } from '../../common/debug/debugSession';
import { ForkError, offsetInvocations, rebuildAt } from '../../common/debug/fork';
import { taskInvocationsByState } from '../../common/debug/historyPlaces';
import { mocksFromExecution } from '../../common/debug/mocksFromExecution';
import type { StartAt } from '../../common/engine/run';
import type { Json } from '../../common/json';
import { ApiFailure, conflict, invalidInput, notFound } from '../../common/contract/errors';
import type { Push, PushListener } from '../../common/contract/events';
import { createTaskTokenBroker, TaskTokenError, type TaskTokenBroker } from '../../common/engine/callbacks/taskTokenBroker';
import { runExecution } from '../../common/engine/interpreter';
import type { TaskInvoker, TaskOutcome } from '../../common/engine/ports';
import type { HistoryEvent } from '../../common/history/events';
import { createMockInvoker, MOCK_NOT_FOUND_ERROR, parseMockConfig, resolveTestCase } from '../../common/mocks';
import { finishUpdateFromResult, type ExecutionRecord, type ExecutionRecording, type ExecutionStore, type FinishUpdate } from '../store';
import { readBreakpoints, stateMachineIdOf, writeBreakpoints } from './breakpointStore';
import { mapRunChildren, mapRunResumeFrom, noteMapRunEvent, recordChildExecutions } from './childExecutions';
import { mapRunItemCount, mapRunToRedrive, summariseMapRunResume } from '../../common/engine/redrive/mapRun';
import type { RedrivePreserved } from '../../common/engine/redrive/resume';
import { loadExampleFiles, loadExamples } from './examples';
import { executionsFromFiles } from './importFiles';
import { detailFromRecord, storeIdOf, summaryFromRecord, toExecutionId } from './storeRecords';
import { withStoreErrors } from './storeErrors';

/** Options of `createService`. */
export interface ServiceOptions {
  /** The examples gallery folder (resources/examples). */
  examplesDir: string;
  /** Where executions are kept: local runs are recorded into it, imports stored in it. The caller opens and closes it. */
  store: ExecutionStore;
  /** How long events wait to be batched into one push. Default 50 ms. */
  flushIntervalMs?: number;
  /** Most events in one push; a fuller batch is pushed at once. Default 500. */
  maxBatch?: number;
  /** The suffix that makes a generated execution name unique. Default: 8 random hex digits. */
  nameSuffix?: () => string;
  /** Wall-clock time (epoch ms) a new execution's virtual clock starts at. Default Date.now. */
  now?: () => number;
  /**
   * Called when a page calls `app.ready` (it has subscribed to pushes): the desktop app pushes the
   * files it kept until then. Default: nothing.
   */
  onAppReady?: () => void;
  /**
   * Longest a run keeps this thread before letting the host answer requests and send pushes (the
   * engine runs a Choice loop of Pass states without ever waiting otherwise; RunOptions.yieldToHost).
   * Default 20 ms; 0 lets the host in at every chance the engine offers.
   */
  hostTurnMs?: number;
}

/** The service: the whole `StepscopeApi`, plus pushes and lifecycle. */
export interface StepscopeService extends StepscopeApi {
  /** Receives every push until the returned disposer is called. */
  subscribe(listener: PushListener): () => void;
  /**
   * Resolves once no execution is running (or all that still run wait for a task token), no
   * import is in progress, everything is in the store and every push has been sent.
   */
  whenIdle(): Promise<void>;
  /**
   * Stops: executions still running (e.g. waiting for a task token) are recorded as INTERRUPTED
   * with the events they have so far; resolves once the store has them. The store stays open.
   */
  close(): Promise<void>;
}

/** Default page size of `executions.events`, and of `executions.list`. */
const DEFAULT_EVENTS_PAGE = 1000;
const DEFAULT_LIST_LIMIT = 100;

/** Answers Task states when no mock config is given: each fails, saying how to mock it. */
const NO_MOCKS_INVOKER: TaskInvoker = {
  invoke: (request) => ({
    kind: 'failure',
    failure: { error: MOCK_NOT_FOUND_ERROR, cause: `No mocked response for state "${request.stateName}": the execution was started without a mock config` },
  }),
};

/** ARN parts of local runs (the CLI's `run` uses the same). */
const REGION = 'us-east-1';
const ACCOUNT = '111111111111';

/** One execution this service is running and recording. */
interface LiveExecution {
  executionId: ExecutionId;
  recording: ExecutionRecording;
  /** Its own broker: task tokens come from the run's seed, so two runs may hold equal tokens. */
  broker: TaskTokenBroker;
  /** Events emitted so far. */
  emitted: number;
  /** Events emitted while an import held the write lock, handed to the recording after it. */
  held: HistoryEvent[];
  /** Set once the recording has been finished (by the run, or by `close`): later events are dropped. */
  finished: boolean;
  /** The debugging session, for a run started under the debugger. */
  debug?: DebugSession;
  /** The MapRunStarted event id per Map Run ARN: where its child executions are linked. */
  mapRuns: Map<string, number>;
}

/** A debugged execution: its session (kept after the run ends, for `debug.get`) and its state machine. */
interface DebuggedExecution {
  session: DebugSession;
  stateMachineName: string;
}

/** Everything a new local execution needs, whichever call started it (start, debug, fork, redrive). */
interface LaunchSpec {
  definition: StateMachineDefinition;
  definitionText: string;
  input: Json;
  invoker: TaskInvoker;
  seed: number;
  name: string;
  stateMachineName: string;
  files: ReturnType<typeof loadExampleFiles>;
  mocks?: { config: Json; testCase: string };
  startAt?: StartAt;
  startTime?: number;
  parentId?: number;
  parentEventId?: number;
  /** How the new execution relates to `parentId` (stored with it). */
  parentKind?: 'fork' | 'redrive';
  /** A redrive: what it keeps of its failed Parallel or Map (stored with it, shown on its link). */
  redrivePreserved?: RedrivePreserved;
  /** Events of the original execution a redrive goes on from: recorded (and pushed) first. */
  priorEvents?: readonly HistoryEvent[];
  debug?: { breakpoints: readonly Breakpoint[]; stopOnEntry: boolean };
}

/**
 * Builds the service over the engine and the execution store. Executions run on a virtual clock
 * in this process; their events are recorded into the store as they are emitted (through the
 * store's writer) and pushed in batches (`execution.eventsAppended`), followed by
 * `execution.statusChanged` when they stop. Imports and recordings are serialised: while an
 * import holds the store's write lock (it does between its chunks), new events are kept in
 * memory, and recordings neither start nor finish.
 */
export function createService(options: ServiceOptions): StepscopeService {
  const store = options.store;
  const flushIntervalMs = options.flushIntervalMs ?? 50;
  const maxBatch = options.maxBatch ?? 500;
  const nameSuffix = options.nameSuffix ?? (() => randomUUID().slice(0, 8));
  const now = options.now ?? Date.now;
  const listeners = new Set<PushListener>();
  const running = new Set<Promise<void>>();
  const hostTurnMs = options.hostTurnMs ?? 20;
  /** When the host last had the thread back from a run (performance.now()). */
  let lastHostTurn = performance.now();
  /** RunOptions.yieldToHost of every run: after `hostTurnMs`, a turn of the event loop (I/O included). */
  const yieldToHost = (): Promise<void> | undefined => {
    if (performance.now() - lastHostTurn < hostTurnMs) return undefined;
    return new Promise((resolve) =>
      setImmediate(() => {
        lastHostTurn = performance.now();
        resolve();
      }),
    );
  };
  const live = new Map<ExecutionId, LiveExecution>();
  /** Every task token handed out, to tell "already answered" from "never issued". */
  const issuedTokens = new Set<string>();
  let closed = false;

  const push = (message: Push) => {
    for (const listener of [...listeners]) {
      try {
        listener(message);
      } catch {
        // A failing listener (a closed connection) must not stop the others or the execution.
      }
    }
  };

  // ---- the import gate: one import at a time; while one runs, recordings wait

  // Callers wait with `while (importing !== undefined) await settled(importing);` right before they
  // write: the last check and the write then run in one synchronous step, so an import cannot take
  // the lock in between (the write would block the event loop the import needs to go on).
  let importing: Promise<unknown> | undefined;
  let importQueue: Promise<unknown> = Promise.resolve();
  const settled = (p: Promise<unknown>) => p.catch(() => undefined);
  /** Hands events kept during an import to their recordings. */
  const releaseHeld = () => {
    for (const entry of live.values()) {
      if (entry.finished) continue;
      for (const event of entry.held) entry.recording.sink.emit(event);
      entry.held = [];
    }
  };

  // ---- live pushes

  /** Events emitted but not yet pushed, per execution, and the timer that will push them. */
  const pending = new Map<ExecutionId, HistoryEvent[]>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (only?: ExecutionId, status: StoredExecutionStatus = 'RUNNING') => {
    for (const [executionId, events] of pending) {
      if (only !== undefined && executionId !== only) continue;
      pending.delete(executionId);
      for (let i = 0; i < events.length; i += maxBatch) {
        push({ type: 'execution.eventsAppended', payload: { executionId, events: events.slice(i, i + maxBatch), status: only === undefined ? 'RUNNING' : status } });
      }
    }
    if (pending.size === 0 && timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
  };
  const onEvent = (entry: LiveExecution, event: HistoryEvent) => {
    if (entry.finished) return;
    entry.emitted++;
    if (event.type === 'MapRunStarted' || event.type === 'MapRunRedriven') noteMapRunEvent(event, entry.mapRuns);
    if (importing !== undefined) entry.held.push(event);
    else entry.recording.sink.emit(event);
    let batch = pending.get(entry.executionId);
    if (!batch) pending.set(entry.executionId, (batch = []));
    batch.push(event);
    if (batch.length >= maxBatch) flush(entry.executionId);
    else if (timer === undefined) {
      timer = setTimeout(() => {
        timer = undefined;
        flush();
      }, flushIntervalMs);
    }
  };

  // ---- task tokens

  const waitingTasks = (): WaitingTask[] => {
    const out: WaitingTask[] = [];
    for (const entry of live.values()) {
      if (entry.finished) continue;
      for (const wait of entry.broker.pending()) {
        out.push({
          taskToken: wait.token,
          kind: wait.kind,
          executionId: entry.executionId,
          executionArn: wait.executionArn,
          stateName: wait.stateName,
          resource: wait.resource,
          input: wait.input,
          startedAt: new Date(wait.startedAt).toISOString(),
        });
      }
    }
    return out.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || Number(a.executionId) - Number(b.executionId));
  };
  let tasksPushScheduled = false;
  let lastPushedTasks = '[]';
  /** Pushes the waiting tasks, when they changed, once the engine has settled (an answer closes its wait asynchronously). */
  const pushTasksSoon = () => {
    if (tasksPushScheduled) return;
    tasksPushScheduled = true;
    setTimeout(() => {
      tasksPushScheduled = false;
      const waiting = waitingTasks();
      const text = JSON.stringify(waiting);
      if (text === lastPushedTasks) return;
      lastPushedTasks = text;
      push({ type: 'tasks.changed', payload: { waiting } });
    }, 0);
  };
  /** The broker to answer `taskToken` with: the named execution's, else the newest run waiting on it. */
  const brokerFor = (taskToken: string, executionId: ExecutionId | undefined): TaskTokenBroker => {
    if (executionId !== undefined) {
      const entry = live.get(executionId);
      if (entry && !entry.finished) return entry.broker;
    } else {
      const entries = [...live.values()].reverse();
      const waiting = entries.find((e) => !e.finished && e.broker.pending().some((w) => w.token === taskToken));
      if (waiting) return waiting.broker;
    }
    if (issuedTokens.has(taskToken)) throw conflict(`TaskDoesNotExist: the task with token '${taskToken}' is no longer waiting (answered, timed out, or its execution stopped)`, '/taskToken');
    throw notFound(`InvalidToken: no task was given the token '${taskToken}'`, '/taskToken');
  };
  const answer = (taskToken: string, executionId: ExecutionId | undefined, send: (broker: TaskTokenBroker) => void): null => {
    const broker = brokerFor(taskToken, executionId);
    try {
      send(broker);
    } catch (error) {
      if (!(error instanceof TaskTokenError)) throw error;
      if (error.code === 'InvalidToken') throw notFound(`${error.code}: ${error.message}`, '/taskToken');
      throw conflict(`${error.code}: ${error.message}`, '/taskToken');
    }
    pushTasksSoon();
    return null;
  };

  // ---- executions

  const recordOf = (executionId: ExecutionId) => {
    const id = storeIdOf(executionId);
    const record = id !== undefined ? store.getExecution(id) : undefined;
    if (!record) throw notFound(`There is no execution "${executionId}"`, '/executionId');
    return record;
  };
  const summaryOf = (executionId: ExecutionId): ExecutionSummary => {
    const entry = live.get(executionId);
    const record = recordOf(executionId);
    return summaryFromRecord(record, entry && !entry.finished ? entry.emitted : undefined, parentRecordOf(record));
  };
  /** The execution a fork or redrive came from (the store's parent_id), if any. */
  const parentRecordOf = (record: ExecutionRecord) => (record.parentId !== null ? store.getExecution(record.parentId) : undefined);

  /** Ends a recording: hands over what an import kept back, and writes the outcome once no import holds the lock. */
  const finishRecording = async (entry: LiveExecution, update: FinishUpdate) => {
    while (importing !== undefined) await settled(importing);
    if (entry.finished) return;
    releaseHeld();
    entry.finished = true;
    try {
      await entry.recording.finish(update);
    } catch {
      // The writer failed (disk full, database removed): the run is over either way; the store
      // marks the execution INTERRUPTED when it is next opened.
    }
  };

  const arnOfMachine = (stateMachineName: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${stateMachineName}`;

  /** A mock invoker over `mocks`, or INVALID_INPUT naming the problem (`where` is the pointer of the mocks member). */
  const mockInvoker = (mocks: { config: Json; stateMachine: string; testCase: string }, where = '/mocks'): TaskInvoker => {
    const parsed = parseMockConfig(mocks.config);
    if (!parsed.ok) {
      const [first] = parsed.diagnostics;
      const more = parsed.diagnostics.length > 1 ? ` (and ${parsed.diagnostics.length - 1} more problems)` : '';
      throw invalidInput(`The mock config is invalid: ${first.message}${more}`, `${where}/config${first.pointer}`);
    }
    const resolved = resolveTestCase(parsed.config, mocks.stateMachine, mocks.testCase);
    if (!resolved.ok) throw invalidInput(resolved.message, `${where}/testCase`);
    return createMockInvoker(parsed.config, { stateMachine: mocks.stateMachine, testCase: mocks.testCase });
  };

  /** What `executions.start` and `debug.start` ask for, ready to launch (or the definition's problems). */
  const prepareStart = (input: InputOf<'executions.start'>): LaunchSpec | { invalid: StartOutcome } => {
    if (closed) throw new ApiFailure({ code: 'INTERNAL', message: 'Stepscope is shutting down: no new execution can start' });
    const validation = validateDefinitionText(input.definitionText);
    if (validation.value === undefined || !isValid(validation.diagnostics)) {
      return { invalid: { kind: 'invalid', diagnostics: validation.diagnostics } };
    }
    const invoker = input.mocks !== undefined ? mockInvoker(input.mocks) : NO_MOCKS_INVOKER;
    const stateMachineName = input.stateMachineName ?? input.mocks?.stateMachine ?? 'StateMachine';
    // AWS names must be unique per state machine: the test case (or "run") plus a unique suffix.
    const name = input.name ?? `${input.mocks?.testCase.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40) ?? 'run'}-${nameSuffix()}`;
    const spec: LaunchSpec = {
      definition: validation.value as unknown as StateMachineDefinition,
      definitionText: input.definitionText,
      input: input.input ?? {},
      invoker,
      seed: input.seed ?? 0,
      name,
      stateMachineName,
      files: input.exampleId !== undefined ? loadExampleFiles(options.examplesDir, input.exampleId) : {},
    };
    if (input.mocks !== undefined) spec.mocks = { config: input.mocks.config, testCase: input.mocks.testCase };
    return spec;
  };

  /** The version of the latest snapshot handed out per debugged execution (see DebugState.version). */
  const debugVersions = new Map<ExecutionId, number>();
  const debugState = (executionId: ExecutionId, session: DebugSession): DebugState => {
    const version = (debugVersions.get(executionId) ?? 0) + 1;
    debugVersions.set(executionId, version);
    return { executionId, snapshot: session.snapshot(), version };
  };

  /** Pushes a debugged execution's snapshot, coalesced per turn; at a stop, its events are pushed first. */
  const debugPushes = new Map<ExecutionId, ReturnType<typeof setTimeout>>();
  const pushDebugSoon = (executionId: ExecutionId, session: DebugSession) => {
    if (debugPushes.has(executionId)) return;
    debugPushes.set(
      executionId,
      setTimeout(() => {
        debugPushes.delete(executionId);
        const state = debugState(executionId, session);
        if (state.snapshot.state === 'paused') flush(executionId);
        push({ type: 'debug.changed', payload: state });
      }, 0),
    );
  };

  /** Records and runs an execution (see LaunchSpec); resolves once it has started. */
  const launch = async (spec: LaunchSpec): Promise<StartOutcome> => {
    const startTime = spec.startTime ?? now();
    while (importing !== undefined) await settled(importing);
    const recording = store.startRecording({
      stateMachine: { name: spec.stateMachineName, arn: arnOfMachine(spec.stateMachineName) },
      definition: { text: spec.definitionText, format: /^\s*[{[]/.test(spec.definitionText) ? 'json' : 'yaml' },
      name: spec.name,
      arn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:${spec.stateMachineName}:${spec.name}`,
      input: JSON.stringify(spec.input),
      startDate: startTime,
      seed: spec.seed,
      ...(spec.mocks !== undefined ? { mockConfig: { content: spec.mocks.config }, testCase: spec.mocks.testCase } : {}),
      ...(spec.parentId !== undefined ? { parentId: spec.parentId } : {}),
      ...(spec.parentEventId !== undefined ? { parentEventId: spec.parentEventId } : {}),
      ...(spec.parentKind !== undefined ? { parentKind: spec.parentKind } : {}),
      ...(spec.redrivePreserved !== undefined ? { redrivePreserved: spec.redrivePreserved as unknown as Json } : {}),
    });
    const executionId = toExecutionId(recording.executionId);
    const broker = createTaskTokenBroker();
    const entry: LiveExecution = { executionId, recording, broker, emitted: 0, held: [], finished: false, mapRuns: new Map() };
    if (spec.debug !== undefined) {
      const session = createDebugSession({
        breakpoints: spec.debug.breakpoints,
        stopOnEntry: spec.debug.stopOnEntry,
        taskTokens: broker,
        // A startExecution child's state machine has its own breakpoints, kept under its name.
        childBreakpoints: (name) => readBreakpoints(store, machineBreakpoints(name)),
      });
      entry.debug = session;
      debugged.set(executionId, { session, stateMachineName: spec.stateMachineName });
      session.subscribe(() => pushDebugSoon(executionId, session));
    }
    live.set(executionId, entry);
    broker.subscribe((wait) => {
      issuedTokens.add(wait.token);
      pushTasksSoon();
    });
    const started = summaryOf(executionId);
    push({ type: 'execution.statusChanged', payload: { execution: started } });
    for (const event of spec.priorEvents ?? []) onEvent(entry, event);
    if (entry.debug !== undefined) pushDebugSoon(executionId, entry.debug);

    const run = (async () => {
      let update: FinishUpdate;
      try {
        const runOptions = {
          definition: spec.definition,
          input: spec.input,
          invoker: spec.invoker,
          startTime,
          seed: spec.seed,
          executionName: spec.name,
          stateMachineName: spec.stateMachineName,
          region: REGION,
          account: ACCOUNT,
          sink: { emit: (event: HistoryEvent) => onEvent(entry, event) },
          collectEvents: false,
          taskTokens: broker,
          yieldToHost,
          ...(spec.startAt !== undefined ? { startAt: spec.startAt } : {}),
          ...spec.files,
        };
        const result = entry.debug !== undefined ? await entry.debug.run(runOptions) : await runExecution(runOptions);
        update = finishUpdateFromResult(result);
        if (result.children !== undefined && result.children.length > 0) {
          // Child executions (Distributed Map iterations, startExecution Tasks) are stored before
          // the parent stops, so that a list of its children is complete once it has stopped.
          while (importing !== undefined) await settled(importing);
          try {
            await recordChildExecutions(store, recording.executionId, result.children, { definition: spec.definition, mapRunEvents: entry.mapRuns, ...(spec.files.stateMachines !== undefined ? { stateMachines: spec.files.stateMachines } : {}) });
          } catch {
            // The writer failed (disk full, database removed): the parent's outcome is still recorded.
          }
        }
      } catch (error) {
        // The engine reports every expected failure as a result: a throw is a bug in Stepscope.
        update = {
          status: 'FAILED',
          output: null,
          error: 'Stepscope.InternalError',
          cause: error instanceof Error ? error.message : String(error),
          stopDate: now(),
        };
      }
      if (entry.finished) return; // `close` interrupted it
      await finishRecording(entry, update);
      live.delete(executionId);
      const stopped = summaryOf(executionId);
      flush(executionId, stopped.status);
      push({ type: 'execution.statusChanged', payload: { execution: stopped } });
      pushTasksSoon();
    })();
    running.add(run);
    void run.finally(() => running.delete(run));
    return { kind: 'started', execution: started };
  };

  const start = async (input: InputOf<'executions.start'>): Promise<StartOutcome> => {
    const spec = prepareStart(input);
    return 'invalid' in spec ? spec.invalid : launch(spec);
  };

  const startDebug = async (input: InputOf<'debug.start'>): Promise<StartOutcome> => {
    const { breakpoints, stopOnEntry, ...rest } = input;
    const spec = prepareStart(rest);
    if ('invalid' in spec) return spec.invalid;
    const list = breakpoints ?? readBreakpoints(store, stateMachineIdOf(store, spec.stateMachineName, arnOfMachine(spec.stateMachineName)));
    spec.debug = { breakpoints: list, stopOnEntry: stopOnEntry === true };
    return launch(spec);
  };

  // ---- debugging

  const debugged = new Map<ExecutionId, DebuggedExecution>();
  const sessionOf = (executionId: ExecutionId): DebugSession => {
    const d = debugged.get(executionId);
    if (!d) throw notFound(`Execution "${executionId}" is not being debugged`, '/executionId');
    return d.session;
  };
  /** Runs a command on a debugged execution and answers its snapshot. */
  const control = (executionId: ExecutionId, command: (session: DebugSession) => void): DebugState => {
    const session = sessionOf(executionId);
    command(session);
    return debugState(executionId, session);
  };
  /** A command that needs the run to be stopped at a stop (editing an input, focusing a branch). */
  const atStop = (executionId: ExecutionId, stopId: number, command: (session: DebugSession) => void): DebugState =>
    control(executionId, (session) => {
      const stop = session.snapshot().context.stops.find((s) => s.id === stopId);
      if (stop === undefined) throw conflict(`The run is not stopped at stop ${stopId} any more`, '/stopId');
      command(session);
    });
  const taskResponse = (r: InputOf<'debug.setNextTaskResponse'>['response']): TaskOutcome => {
    if (r.kind === 'success') return { kind: 'success', output: r.output ?? null };
    const failure: { error?: string; cause?: string } = {};
    if (r.error !== undefined) failure.error = r.error;
    if (r.cause !== undefined) failure.cause = r.cause;
    return { kind: 'failure', failure };
  };

  /** Breakpoints kept for a state machine, by name. */
  const machineBreakpoints = (stateMachineName: string) => stateMachineIdOf(store, stateMachineName, arnOfMachine(stateMachineName));
  const setMachineBreakpoints = (stateMachineName: string, list: readonly Breakpoint[]): Breakpoint[] => {
    writeBreakpoints(store, machineBreakpoints(stateMachineName), list);
    for (const d of debugged.values()) {
      if (d.stateMachineName === stateMachineName) d.session.setBreakpoints(list);
      // The machine may be one that the debugged execution starts as a child.
      else d.session.setBreakpoints(list, stateMachineName);
    }
    return readBreakpoints(store, machineBreakpoints(stateMachineName));
  };

  // ---- mocks from an execution, fork and redrive

  /** A stored execution's definition, events and record, for fork and redrive. */
  const originalOf = (executionId: ExecutionId) => {
    const record = recordOf(executionId);
    if (live.has(executionId) && !live.get(executionId)!.finished) throw conflict(`Execution "${executionId}" is still running`, '/executionId');
    const definitionRecord = record.definitionId !== null ? store.getDefinition(record.definitionId) : undefined;
    if (definitionRecord === undefined || definitionRecord.reconstructed) {
      throw invalidInput(`The definition of execution "${record.name}" is not known (it was rebuilt from its history): import it with its definition to re-run it`, '/executionId');
    }
    const validation = validateDefinitionText(definitionRecord.text);
    if (validation.value === undefined || !isValid(validation.diagnostics)) {
      throw invalidInput(`The definition of execution "${record.name}" has errors: it cannot run`, '/executionId');
    }
    return { record, definitionText: definitionRecord.text, definition: validation.value as unknown as StateMachineDefinition, events: store.loadEvents(record.id) };
  };

  /**
   * The example files (S3 objects, child state machines) a re-run of `original` needs: those of
   * the gallery example with its state machine name and definition text (the store keeps no
   * example id), else none.
   */
  const rerunFiles = (original: { record: ExecutionRecord; definitionText: string }): LaunchSpec['files'] => {
    const example = loadExamples(options.examplesDir).find((e) => e.stateMachine === original.record.stateMachineName && e.definitionText === original.definitionText);
    return example !== undefined ? loadExampleFiles(options.examplesDir, example.id) : {};
  };

  /** Mocks for a re-run: the given ones, else the original's stored config, else made from its history. */
  const rerunMocks = (
    original: ReturnType<typeof originalOf>,
    given: { config: Json; stateMachine: string; testCase: string } | undefined,
  ): { invoker: TaskInvoker; mocks: { config: Json; testCase: string } } => {
    if (given !== undefined) return { invoker: mockInvoker(given), mocks: { config: given.config, testCase: given.testCase } };
    const { record } = original;
    const stored = record.mockConfigId !== null ? store.getMockConfig(record.mockConfigId) : undefined;
    if (stored !== undefined && record.testCase !== null) {
      const parsed = parseMockConfig(stored.content);
      if (parsed.ok) {
        for (const [machine, cases] of parsed.config.stateMachines) {
          if (cases.has(record.testCase)) {
            return { invoker: createMockInvoker(parsed.config, { stateMachine: machine, testCase: record.testCase }), mocks: { config: stored.content, testCase: record.testCase } };
          }
        }
      }
    }
    const made = mocksFromExecution(original.events, { stateMachineName: record.stateMachineName });
    const parsed = parseMockConfig(made.config);
    if (!parsed.ok) throw new ApiFailure({ code: 'INTERNAL', message: `Stepscope made an invalid mock config from the history: ${parsed.diagnostics[0].message}` });
    return {
      invoker: createMockInvoker(parsed.config, { stateMachine: record.stateMachineName, testCase: 'FromExecution', extras: made.extras }),
      mocks: { config: made.config, testCase: 'FromExecution' },
    };
  };

  /** A name for a re-run of `name`: AWS's 80-character limit kept. */
  const rerunName = (name: string, kind: 'fork' | 'redrive') => `${name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60)}-${kind}-${nameSuffix()}`.slice(0, 80);

  const fork = async (input: InputOf<'executions.fork'>): Promise<StartOutcome> => {
    if (closed) throw new ApiFailure({ code: 'INTERNAL', message: 'Stepscope is shutting down: no new execution can start' });
    const original = originalOf(input.executionId);
    let rebuilt;
    try {
      rebuilt = rebuildAt(original.definition, original.events, input.eventId);
    } catch (error) {
      if (error instanceof ForkError) throw invalidInput(error.message, '/eventId');
      throw error;
    }
    const { invoker, mocks } = rerunMocks(original, input.mocks);
    const startAt: StartAt = { ...rebuilt.startAt };
    if (input.input !== undefined) startAt.input = input.input;
    const spec: LaunchSpec = {
      definition: original.definition,
      definitionText: original.definitionText,
      input: rebuilt.executionInput,
      invoker: offsetInvocations(invoker, rebuilt.invocationsBefore),
      seed: original.record.seed ?? 0,
      name: rerunName(original.record.name, 'fork'),
      stateMachineName: original.record.stateMachineName,
      files: rerunFiles(original),
      mocks,
      startAt,
      parentId: original.record.id,
      parentEventId: input.eventId,
      parentKind: 'fork',
    };
    if (input.debug !== undefined) {
      spec.debug = {
        breakpoints: input.debug.breakpoints ?? readBreakpoints(store, machineBreakpoints(spec.stateMachineName)),
        stopOnEntry: input.debug.stopOnEntry === true,
      };
    }
    return launch(spec);
  };

  const redrive = async (input: InputOf<'executions.redrive'>): Promise<StartOutcome> => {
    if (closed) throw new ApiFailure({ code: 'INTERNAL', message: 'Stepscope is shutting down: no new execution can start' });
    const original = originalOf(input.executionId);
    const events = original.events;
    const last = events[events.length - 1];
    if (last === undefined || !['ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted'].includes(last.type)) {
      throw conflict('Only a failed, timed-out or aborted execution can be redriven', '/executionId');
    }
    let rebuilt;
    try {
      rebuilt = rebuildAt(original.definition, events, last.id, { redrive: true });
    } catch (error) {
      if (error instanceof ForkError) throw invalidInput(error.message, '/executionId');
      throw error;
    }
    const redriveCount = events.filter((e) => e.type === 'ExecutionRedriven').length + 1;
    // The failed state starts afresh (AWS resets its retries on redrive); the execution's Tasks
    // count their invocations after every earlier one (see debug/fork.ts redriveExecution).
    const startAt: StartAt = { ...rebuilt.startAt, redrive: { lastEventId: last.id, redriveCount } };
    delete startAt.retryAttempts;
    const before = taskInvocationsByState(events);
    // A failed Distributed Map: its Map Run is redriven, and only the items whose child execution
    // did not succeed run again; the others keep their stored results (engine/redrive/mapRun.ts).
    let preserved = rebuilt.preserved;
    const mapRun = mapRunToRedrive(original.definition, events);
    if (mapRun !== undefined && mapRun.state === startAt.state) {
      const stored = mapRunResumeFrom(store, original.record, mapRun);
      startAt.mapRun = stored.resume;
      for (const [state, n] of Object.entries(stored.invocations)) before[state] = (before[state] ?? 0) + n;
      preserved = summariseMapRunResume(mapRun.state, stored.resume, mapRunItemCount(events, mapRun.eventId));
    }
    const { invoker, mocks } = rerunMocks(original, input.mocks);
    const lastMs = Date.parse(last.timestamp);
    return launch({
      definition: original.definition,
      definitionText: original.definitionText,
      input: rebuilt.executionInput,
      invoker: offsetInvocations(invoker, before),
      seed: original.record.seed ?? 0,
      // A redrive goes on with the same execution: same name and ARN.
      name: original.record.name,
      stateMachineName: original.record.stateMachineName,
      files: rerunFiles(original),
      mocks,
      startAt,
      ...(Number.isNaN(lastMs) ? {} : { startTime: lastMs }),
      parentId: original.record.id,
      parentEventId: last.id,
      parentKind: 'redrive',
      ...(preserved !== undefined ? { redrivePreserved: preserved } : {}),
      priorEvents: events,
    });
  };

  const importHistories = async (input: InputOf<'executions.import'>) => {
    if (closed) throw new ApiFailure({ code: 'INTERNAL', message: 'Stepscope is shutting down: nothing can be imported' });
    const parsed = executionsFromFiles(input.files, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.stateMachineName !== undefined ? { stateMachineName: input.stateMachineName } : {}),
    });
    if (!parsed.ok) {
      const lines = parsed.problems.map((p) => `${p.source}: ${p.message}`);
      throw invalidInput(`Nothing was imported: ${lines.join('; ')}`, '/files');
    }
    const executions = parsed.value;
    const importId = input.importId;
    const job = importQueue.then(async () => {
      const work = (async () => {
        // Everything recorded so far goes to the store before the import takes the write lock;
        // events emitted from now on wait in memory (see onEvent) until it is done.
        for (const entry of live.values()) if (!entry.finished) entry.recording.flush();
        await store.idle();
        return store.importExecutions(executions, {
          ...(importId !== undefined ? { onProgress: (done: number, total: number) => push({ type: 'import.progressed', payload: { importId, done, total } }) } : {}),
        });
      })();
      importing = work;
      try {
        return await work;
      } finally {
        importing = undefined;
        releaseHeld();
      }
    });
    importQueue = job.catch(() => undefined);
    const ids = await job;
    const summaries = ids.map((id) => summaryOf(toExecutionId(id)));
    for (const execution of summaries) push({ type: 'execution.statusChanged', payload: { execution } });
    return { executions: summaries };
  };

  const api: StepscopeApi = {
    'app.ready': async () => {
      options.onAppReady?.();
      return null;
    },
    'examples.list': async () => loadExamples(options.examplesDir),
    'definitions.validate': async ({ text, stateMachineType }) => {
      const { diagnostics } = validateDefinitionText(text, stateMachineType === undefined ? {} : { stateMachineType });
      return { valid: isValid(diagnostics), diagnostics };
    },
    'executions.start': start,
    'debug.start': startDebug,
    'debug.get': async ({ executionId }) => control(executionId, () => undefined),
    'debug.find': async ({ executionId }) => {
      const d = debugged.get(executionId);
      return d ? debugState(executionId, d.session) : null;
    },
    'debug.continue': async ({ executionId }) => control(executionId, (d) => d.continue()),
    'debug.pause': async ({ executionId }) => control(executionId, (d) => d.pause()),
    'debug.stepOver': async ({ executionId }) => control(executionId, (d) => d.stepOver()),
    'debug.stepInto': async ({ executionId }) => control(executionId, (d) => d.stepInto()),
    'debug.stepOut': async ({ executionId }) => control(executionId, (d) => d.stepOut()),
    'debug.runToState': async ({ executionId, stateName }) => control(executionId, (d) => d.runToState(stateName)),
    'debug.stop': async ({ executionId }) => control(executionId, (d) => d.stop()),
    'debug.focus': async ({ executionId, stopId }) => atStop(executionId, stopId, (d) => d.focus(stopId)),
    'debug.editInput': async ({ executionId, stopId, input }) =>
      atStop(executionId, stopId, (d) => {
        if (d.snapshot().context.stops.find((s) => s.id === stopId)?.kind !== 'before') {
          throw conflict(`Stop ${stopId} is not before a state: only the input of a state about to be entered can be edited`, '/stopId');
        }
        d.editInput(stopId, input);
      }),
    'debug.setNextTaskResponse': async ({ executionId, stateName, response, executionArn }) =>
      control(executionId, (d) => d.setNextTaskResponse(stateName, taskResponse(response), executionArn)),
    'breakpoints.list': async ({ stateMachineName }) => readBreakpoints(store, machineBreakpoints(stateMachineName)),
    'breakpoints.set': async ({ stateMachineName, breakpoints }) => setMachineBreakpoints(stateMachineName, breakpoints),
    'breakpoints.remove': async ({ stateMachineName, id }) => {
      const list = readBreakpoints(store, machineBreakpoints(stateMachineName));
      if (!list.some((b) => b.id === id)) throw notFound(`State machine "${stateMachineName}" has no breakpoint "${id}"`, '/id');
      return setMachineBreakpoints(stateMachineName, list.filter((b) => b.id !== id));
    },
    'executions.mocksFrom': async ({ executionId, stateMachine, testCase }) => {
      const record = recordOf(executionId);
      if (live.get(executionId)?.finished === false) throw conflict(`Execution "${executionId}" is still running: make mocks from it once it has stopped`, '/executionId');
      const machine = stateMachine ?? record.stateMachineName;
      const name = testCase ?? 'FromExecution';
      const made = mocksFromExecution(store.loadEvents(record.id), { stateMachineName: machine, testCaseName: name });
      const mockConfigId = store.saveMockConfig({ content: made.config, sourcePath: `execution:${record.arn}` });
      return { config: made.config, stateMachine: machine, testCase: name, invocations: made.invocations, mockConfigId };
    },
    'executions.fork': fork,
    'executions.redrive': redrive,
    'executions.list': async ({ limit, parentExecutionId, parentEventId, includeChildren }) => {
      let parent: ExecutionRecord | undefined;
      if (parentExecutionId !== undefined) parent = recordOf(parentExecutionId);
      else if (parentEventId !== undefined) throw invalidInput('parentEventId needs parentExecutionId', '/parentEventId');
      const max = limit ?? DEFAULT_LIST_LIMIT;
      // A Map Run's children: with a redrive's earlier attempts (one child per item), in item order.
      const records =
        parent !== undefined && parentEventId !== undefined
          ? mapRunChildren(store, parent, parentEventId, max)
          : parent !== undefined
            ? store.listExecutions({ limit: max, parentId: parent.id })
            : store.listExecutions({ limit: max, withoutChildren: includeChildren !== true, countChildren: true });
      return records.map((record) => {
        const entry = live.get(toExecutionId(record.id));
        return summaryFromRecord(record, entry && !entry.finished ? entry.emitted : undefined, parentRecordOf(record));
      });
    },
    'executions.get': async ({ executionId }) => {
      const entry = live.get(executionId);
      return detailFromRecord(store, recordOf(executionId), entry && !entry.finished ? entry.emitted : undefined);
    },
    'executions.events': async ({ executionId, after = 0, limit = DEFAULT_EVENTS_PAGE }) => {
      const record = recordOf(executionId);
      const events = store.loadEventPage(record.id, after, limit);
      const page = { executionId, events, status: record.status };
      // A full page may have more after it; a short one reached the last event stored so far.
      return events.length === limit ? { ...page, nextAfter: events[events.length - 1].id } : page;
    },
    'executions.import': importHistories,
    'tasks.list': async () => waitingTasks(),
    'tasks.sendSuccess': async ({ taskToken, output, executionId }) => answer(taskToken, executionId, (b) => b.sendTaskSuccess(taskToken, output)),
    'tasks.sendFailure': async ({ taskToken, error, cause, executionId }) => answer(taskToken, executionId, (b) => b.sendTaskFailure(taskToken, error, cause)),
    'tasks.sendHeartbeat': async ({ taskToken, executionId }) => answer(taskToken, executionId, (b) => b.sendTaskHeartbeat(taskToken)),
  };

  /** True while some execution is running and not just waiting for a task token to be answered, or stopped in the debugger. */
  const busy = () => [...live.values()].some((e) => e.broker.pending().length === 0 && e.debug?.snapshot().state !== 'paused');

  return {
    // A store kept busy by another process answers CONFLICT, not INTERNAL (issue #18 item 7).
    ...withStoreErrors(api, store.path),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async whenIdle() {
      for (;;) {
        await importQueue;
        if (!busy()) break;
        await Promise.race([Promise.all(running), new Promise((resolve) => setTimeout(resolve, 5))]);
      }
      await store.idle();
      flush();
      // Let a scheduled `tasks.changed` push go out.
      await new Promise((resolve) => setTimeout(resolve, 1));
    },
    async close() {
      closed = true;
      await importQueue;
      const interrupted = [...live.values()].filter((e) => !e.finished);
      await Promise.all(
        interrupted.map((entry) =>
          finishRecording(entry, {
            status: 'INTERRUPTED',
            output: null,
            error: 'Stepscope.Interrupted',
            cause: 'Stepscope stopped while the execution was running',
            stopDate: null,
          }),
        ),
      );
      for (const entry of interrupted) {
        // A debugged run stopped at a breakpoint would wait for ever: abort it (its events are no longer recorded).
        entry.debug?.stop();
        live.delete(entry.executionId);
        flush(entry.executionId, 'INTERRUPTED');
        push({ type: 'execution.statusChanged', payload: { execution: summaryOf(entry.executionId) } });
      }
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      for (const t of debugPushes.values()) clearTimeout(t);
      debugPushes.clear();
      await store.idle();
    },
  };
}

