import { createSyncJsonata, findSyncJsonataWorkerScript, type SyncJsonata } from '../debug/syncJsonata';
import { InvalidExecutionInputError } from '../../common/engine/executionInput';
import { isValid, validateDefinitionText } from '../../common/asl/validate';
import type { StateMachineDefinition } from '../../common/asl/types';
import type { InputOf, StartOutcome } from '../../common/contract/api';
import { invalidInput } from '../../common/contract/errors';
import type { Breakpoint, SyncJsonataEvaluator } from '../../common/debug/breakpoints';
import { createDebugSession } from '../../common/debug/debugSession';
import { createTaskTokenBroker } from '../../common/engine/callbacks/taskTokenBroker';
import type { TaskInvoker } from '../../common/engine/ports';
import type { HistoryEvent } from '../../common/history/events';
import type { Json } from '../../common/json';
import {
  checkMockShapes,
  createMockInvoker,
  formatShapeProblem,
  parseMockConfig,
  resolveTestCase,
  type FieldValidationMode,
  type GeneratedAnswer,
} from '../../common/mocks';
import type { BreakpointsApi } from './breakpointsApi';
import type { DebugSessions } from './debugSessions';
import { loadExampleFiles } from './examples';
import type { LiveExecution } from './liveExecutions';
import { runLocalExecution, startLocalRecording, type LocalRunSpec } from './localRun';
import { createRunThreads, findRunWorkerScript, invokerOf, type PortableInvoker } from './runOffThread';
import { createS3FolderSource, s3RootProblem } from './s3Folder';
import type { ServiceContext } from './serviceContext';
import { toExecutionId } from './storeRecords';
import type { TasksApi } from './tasksApi';

/** Answers Task states when no mock config is given: each fails, saying how to mock it. */
const NO_MOCKS: PortableInvoker = { kind: 'noMocks', hint: 'the execution was started without a mock config' };
const NO_MOCKS_INVOKER: TaskInvoker = invokerOf(NO_MOCKS);

/** A new local execution of the service: the shared run spec (its start time defaulting to now), maybe under the debugger. */
export interface LaunchSpec extends Omit<LocalRunSpec, 'startTime'> {
  startTime?: number;
  /** Run it under the debugger, with these breakpoints; `askUnmocked` stops at Tasks no mock answers. */
  debug?: { breakpoints: readonly Breakpoint[]; stopOnEntry: boolean; askUnmocked?: boolean };
}

/** Starts the service's executions: all of them (start, debug, fork, redrive) through {@link Launcher.launch}. */
export interface Launcher {
  /** What `executions.start` and `debug.start` ask for, ready to launch (or the definition's problems). */
  prepareStart(input: InputOf<'executions.start'>): LaunchSpec | { invalid: StartOutcome };
  /** Records and runs an execution; resolves once it has started (the run goes on). */
  launch(spec: LaunchSpec): Promise<StartOutcome>;
  /** A mock invoker over `mocks`, or INVALID_INPUT naming the problem (`where` is the pointer of the mocks member). */
  mockInvoker(mocks: { config: Json; stateMachine: string; testCase: string }, where?: string): TaskInvoker;
  /** Runs that have not ended yet. */
  running(): Promise<void>[];
  /** The invocations generated responses answered in an execution this launcher ran (none: []). */
  generatedResponses(executionId: string): readonly GeneratedAnswer[];
  /** Ends what the launcher started for itself (the synchronous JSONata worker, the threads of runs still going). */
  close(): void;
}

/**
 * Launches the service's executions over the one launch-and-record path (localRun.ts): the
 * recording starts once no import holds the store, the run's events are recorded and pushed as
 * they come (see LiveExecutions), and its end is recorded and pushed.
 */
export function createLauncher(ctx: ServiceContext, deps: { tasks: TasksApi; sessions: DebugSessions; breakpoints: BreakpointsApi }): Launcher {
  const { store, live, pushes, gate } = ctx;
  const running = new Set<Promise<void>>();
  // JSONata breakpoint conditions answered synchronously (node/debug/syncJsonata.ts), so that they
  // keep the interleaving of concurrent branches; started at the first condition evaluated.
  const syncJsonataScript = ctx.options.syncJsonataWorker === undefined ? findSyncJsonataWorkerScript() : ctx.options.syncJsonataWorker || undefined;
  let syncJsonata: SyncJsonata | undefined;
  const evaluateJsonataSync: SyncJsonataEvaluator | undefined =
    syncJsonataScript === undefined ? undefined : (text, scope) => (syncJsonata ??= createSyncJsonata(syncJsonataScript)).evaluate(text, scope);
  // Runs go to a worker thread each (runOffThread.ts), so a long one never holds this thread.
  // One thread is kept warm, so that a run does not wait for a thread to start.
  const runWorker = ctx.options.runWorker === undefined ? findRunWorkerScript() : ctx.options.runWorker || undefined;
  const runThreads = runWorker !== undefined ? createRunThreads(runWorker, { warm: true }) : undefined;
  const hostTurnMs = ctx.options.hostTurnMs ?? 20;
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

  /** Generated answers per execution run here (kept while the service runs). */
  const generated = new Map<string, readonly GeneratedAnswer[] | { read(): readonly GeneratedAnswer[] }>();

  const mockInvoker: Launcher['mockInvoker'] = (mocks, where = '/mocks') => {
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

  /** The mocks' responses against the services' output shapes (TestState's fieldValidationMode): INVALID_INPUT naming the first problem. */
  const checkShapes = (mocks: { config: Json; stateMachine: string; testCase: string }, definition: StateMachineDefinition, mode: FieldValidationMode): void => {
    const parsed = parseMockConfig(mocks.config);
    if (!parsed.ok) return; // mockInvoker reported it
    const problems = checkMockShapes(parsed.config, definition, mode, { stateMachine: mocks.stateMachine, testCase: mocks.testCase });
    if (problems.length === 0) return;
    const [first] = problems;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
    throw invalidInput(`${formatShapeProblem('The mock config', first)}${more} (fieldValidation ${mode})`, `/mocks/config${first.pointer}`);
  };

  const prepareStart: Launcher['prepareStart'] = (input) => {
    ctx.assertOpen('no new execution can start');
    const validation = validateDefinitionText(input.definitionText, input.stateMachineType !== undefined ? { stateMachineType: input.stateMachineType } : {});
    if (validation.value === undefined || !isValid(validation.diagnostics)) {
      return { invalid: { kind: 'invalid', diagnostics: validation.diagnostics } };
    }
    const invoker = input.mocks !== undefined ? mockInvoker(input.mocks) : NO_MOCKS_INVOKER;
    // Step Functions Local checks no shapes: a run does only when asked (the mocks editor's mocks.check defaults to STRICT).
    if (input.mocks !== undefined && input.fieldValidation !== undefined) checkShapes(input.mocks, validation.value as unknown as StateMachineDefinition, input.fieldValidation);
    const stateMachineName = input.stateMachineName ?? input.mocks?.stateMachine ?? 'StateMachine';
    // AWS names must be unique per state machine: the test case (or "run") plus a unique suffix.
    const name = input.name ?? `${input.mocks?.testCase.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40) ?? 'run'}-${ctx.nameSuffix()}`;
    const spec: LaunchSpec = {
      definition: validation.value as unknown as StateMachineDefinition,
      definitionText: input.definitionText,
      input: input.input ?? {},
      invoker,
      portableInvoker: input.mocks !== undefined ? { kind: 'mocks', config: input.mocks.config, stateMachine: input.mocks.stateMachine, testCase: input.mocks.testCase } : NO_MOCKS,
      seed: input.seed ?? 0,
      name,
      stateMachineName,
      files: input.exampleId !== undefined ? loadExampleFiles(ctx.options.examplesDir, input.exampleId) : {},
    };
    if (input.mocks !== undefined) spec.mocks = { config: input.mocks.config, testCase: input.mocks.testCase };
    // A Task nothing answers gets a generated response unless the caller asks for MockNotFound.
    spec.generateMissing = input.generateMissing ?? true;
    if (input.stateMachineType !== undefined) spec.type = input.stateMachineType;
    if (input.roleArn !== undefined) spec.roleArn = input.roleArn;
    if (input.stateMachineVersionArn !== undefined) spec.stateMachineVersionArn = input.stateMachineVersionArn;
    if (input.stateMachineAliasArn !== undefined) spec.stateMachineAliasArn = input.stateMachineAliasArn;
    if (input.s3Root !== undefined) {
      // A folder standing for S3 (s3Folder.ts), for a Distributed Map's ItemReader.
      const problem = s3RootProblem(input.s3Root);
      if (problem !== undefined) throw invalidInput(`"${input.s3Root}": ${problem}`, '/s3Root');
      spec.s3Source = createS3FolderSource(input.s3Root);
      // The run's thread opens the same folder: the run need not hold the host's thread.
      spec.s3Root = input.s3Root;
    }
    return spec;
  };

  const launch: Launcher['launch'] = async (spec) => {
    const runSpec: LocalRunSpec = { ...spec, startTime: spec.startTime ?? ctx.now() };
    for (let blocker = gate.blocker(); blocker !== undefined; blocker = gate.blocker()) await blocker;
    let recording;
    try {
      recording = startLocalRecording(store, runSpec, ctx.arnScope);
    } catch (error) {
      // StartExecution's InvalidExecutionInput: nothing was stored or run.
      if (error instanceof InvalidExecutionInputError) throw invalidInput(error.message, 'input');
      throw error;
    }
    const executionId = toExecutionId(recording.executionId);
    const broker = createTaskTokenBroker();
    const entry: LiveExecution = { executionId, recording, broker, emitted: 0, held: [], finished: false };
    if (spec.debug !== undefined) {
      const session = createDebugSession({
        breakpoints: spec.debug.breakpoints,
        stopOnEntry: spec.debug.stopOnEntry,
        ...(evaluateJsonataSync !== undefined ? { evaluateJsonataSync } : {}),
        taskTokens: broker,
        // A startExecution child's state machine has its own breakpoints, kept under its name.
        childBreakpoints: (name) => deps.breakpoints.of(name),
        askUnmocked: spec.debug.askUnmocked === true,
      });
      entry.debug = session;
      deps.sessions.register(executionId, session, spec.stateMachineName);
    }
    live.add(entry);
    deps.tasks.watch(broker);
    const started = ctx.summaryOf(executionId);
    pushes.push({ type: 'execution.statusChanged', payload: { execution: started } });

    const debug = entry.debug;
    // Runs synchronously up to the engine's first wait: a redrive's prior events are recorded and pushed first.
    const outcome = runLocalExecution(runSpec, {
      recording,
      store,
      emit: (event: HistoryEvent) => live.onEvent(entry, event),
      ...(debug !== undefined ? { execute: (options) => debug.run(options) } : {}),
      writeBlockedBy: () => gate.blocker(),
      taskTokens: broker,
      yieldToHost,
      arnScope: ctx.arnScope,
      ...(runThreads !== undefined ? { runThreads } : {}),
      onGenerated: (answered) => {
        if (answered === undefined) return;
        // Under the debugger, only the generated responses the run took (Continue, or no stop), read as the run goes on.
        generated.set(executionId, debug === undefined ? answered : notAnsweredByUser(answered, () => debug.taskAnswers()));
      },
    });
    if (debug !== undefined) deps.sessions.pushSoon(executionId, debug);
    const run = (async () => {
      const { update } = await outcome;
      if (entry.finished) return; // `close` interrupted it
      await live.finish(entry, update);
      live.remove(executionId);
      const stopped = ctx.summaryOf(executionId);
      pushes.flush(executionId, stopped.status);
      pushes.push({ type: 'execution.statusChanged', payload: { execution: stopped } });
      deps.tasks.pushSoon();
    })();
    running.add(run);
    void run.finally(() => running.delete(run));
    return { kind: 'started', execution: started };
  };

  return {
    prepareStart,
    launch,
    mockInvoker,
    running: () => [...running],
    generatedResponses: (executionId) => {
      const answered = generated.get(executionId);
      return answered === undefined ? [] : 'filter' in answered ? answered : answered.read();
    },
    close: () => {
      runThreads?.close();
      syncJsonata?.close();
      syncJsonata = undefined;
    },
  };
}

/**
 * The generated answers of a debugged run that the run took: not those the user answered at their
 * stops, nor one still waiting at its stop for the user's answer or Continue.
 */
function notAnsweredByUser(answered: readonly GeneratedAnswer[], taskAnswers: () => readonly { stateName: string; invocationIndex: number; answeredByUser: boolean }[]): { read(): readonly GeneratedAnswer[] } {
  const key = (a: { stateName: string; invocationIndex: number }) => `${a.stateName}\u0000${a.invocationIndex}`;
  return {
    read() {
      const taken = new Set(taskAnswers().filter((a) => !a.answeredByUser).map(key));
      return answered.filter((a) => taken.has(key(a)));
    },
  };
}
