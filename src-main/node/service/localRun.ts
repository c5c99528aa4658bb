/**
 * The one path that launches a local execution and records it: the service (`executions.start`,
 * `debug.start`, fork, redrive), `stepscope run`, and the local Step Functions API endpoint all go
 * through it, so an execution is started, run, its children stored and its outcome recorded the
 * same way whoever asked for it.
 *
 * It is split in two steps so that a caller that must know the stored execution before any event
 * is emitted (the service answers `executions.start` with it) can do so:
 * {@link startLocalRecording} writes the execution's row, {@link runLocalExecution} runs the
 * engine and says how the recording ends. {@link recordLocalRun} does both and finishes the
 * recording, for callers with nothing to do in between.
 */
import { DEFAULT_ARN_SCOPE, toExecutionArn, toStateMachineArn, type ArnScope } from '../../common/arn';
import type { StateMachineDefinition } from '../../common/asl/types';
import { documentFormat } from '../../common/documents/loadDocument';
import type { TaskTokenBroker } from '../../common/engine/callbacks/taskTokenBroker';
import { runExecution } from '../../common/engine/interpreter';
import { createGeneratedResponder, type GeneratedAnswer } from '../../common/mocks';
import { checkExecutionInput, InvalidExecutionInputError } from '../../common/engine/executionInput';
import { createHostMonotonicClock } from '../../common/hostMonotonicClock';
import type { TaskInvoker } from '../../common/engine/ports';
import type { RedrivePreserved } from '../../common/engine/redrive/resume';
import type { ObjectSource } from '../../common/engine/itemReader/objectStore';
import type { RunOptions, RunResult, StartAt, WorkflowType } from '../../common/engine/run';
import type { HistoryEvent } from '../../common/history/events';
import type { Json } from '../../common/json';
import { finishUpdateFromResult, type ExecutionRecording, type ExecutionStore, type FinishUpdate } from '../store';
import { createChildStreamer, noteMapRunEvent, recordChildExecutions, type ChildStreamer } from './childExecutions';
import type { ExampleFiles } from './examples';
import { mayWaitForTaskToken, RunThreadUnavailable, type OffThreadRun, type PortableInvoker, type PortableRunOptions, type RunThreads } from './runOffThread';

/** Everything a new local execution needs, whichever caller started it. */
export interface LocalRunSpec {
  definition: StateMachineDefinition;
  /** The definition as the user wrote it (stored with the execution). */
  definitionText: string;
  /** How the text is written; default: told from the text (see documentFormat). */
  definitionFormat?: 'json' | 'yaml';
  /** The file the definition came from, when there is one. */
  definitionSourcePath?: string;
  input: Json;
  invoker: TaskInvoker;
  /**
   * The same invoker as data, so that the run can go to a worker thread (runOffThread.ts); without
   * one the run stays on the caller's thread.
   */
  portableInvoker?: PortableInvoker;
  seed: number;
  /** Epoch ms the execution's virtual clock starts at. */
  startTime: number;
  stateMachineName: string;
  /** STANDARD (default) or EXPRESS (Express limits; an `express:` execution ARN). */
  type?: WorkflowType;
  /** The execution role; default the engine's (RunOptions.roleArn). */
  roleArn?: string;
  /** The version and alias ARNs it was started through (RunOptions; ExecutionStarted records them). */
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
  /** The execution's name; without one the engine makes one up and the recording learns it at the end. */
  name?: string;
  /** S3 objects and child state machines of a gallery example. */
  files?: ExampleFiles;
  /** S3 objects read on demand from a local folder (`--s3-root`; s3Folder.ts). */
  s3Source?: ObjectSource;
  /**
   * The folder `s3Source` reads (createS3FolderSource): a run's thread can open the same folder,
   * so such a run may go off the host's thread. An s3Source without it stays on the host's thread.
   */
  s3Root?: string;
  /** The mock config the invoker answers from (stored with the execution). */
  mocks?: { config: Json; testCase: string; sourcePath?: string };
  /**
   * Answer a Task that nothing else answers (no mock, no registered child, no task token awaited)
   * with a response generated from the service's model (common/mocks/generateResponse.ts) instead
   * of failing it with Stepscope.MockNotFound. The answered invocations come back in the outcome.
   */
  generateMissing?: boolean;
  startAt?: StartAt;
  /** The execution a fork or redrive came from (store id), the event it starts from, and which it is. */
  parent?: { id: number; eventId: number; kind: 'fork' | 'redrive'; redrivePreserved?: RedrivePreserved };
  /** A redrive: the original execution's events, emitted (recorded, pushed) before the run's own. */
  priorEvents?: readonly HistoryEvent[];
}

/**
 * How a local run ended, with the recording's finish: `finished` with the engine's result, or
 * `crashed` with what the engine threw (a bug in Stepscope: the engine reports every expected
 * failure as a result).
 */
export type LocalRunOutcome = ({ kind: 'finished'; result: RunResult; update: FinishUpdate } | { kind: 'crashed'; error: unknown; update: FinishUpdate }) & {
  /** The invocations answered by generated responses (`LocalRunSpec.generateMissing`), in order. */
  generated?: GeneratedAnswer[];
};

/** What {@link runLocalExecution} is run with besides the spec. */
export interface LocalRunHooks {
  /** The execution's recording (from {@link startLocalRecording}); none: the run is not stored. */
  recording?: ExecutionRecording;
  /** The store the recording writes to: the run's child executions are stored in it too. */
  store?: ExecutionStore;
  /** Where events go; default: the recording. */
  emit?: (event: HistoryEvent) => void;
  /** Receives the live list of generated answers when the run generates missing responses (it grows as the run goes). */
  onGenerated?: (answered: readonly GeneratedAnswer[] | undefined) => void;
  /** Runs the engine; default runExecution (a debug session passes its own run). */
  execute?: (options: RunOptions) => Promise<RunResult>;
  /**
   * What to wait for before writing to the store (the service's import gate: the import holding
   * the write lock), undefined when it may be written now. Checked again after each wait, and the
   * write follows the last check in the same synchronous step.
   */
  writeBlockedBy?: () => Promise<unknown> | undefined;
  /** With a recording or `emit`: keep every event in the result as well (default false). Without, the result has them all. */
  collectEvents?: boolean;
  taskTokens?: TaskTokenBroker;
  yieldToHost?: () => Promise<void> | undefined;
  /** Region and account of the run's ARNs; default DEFAULT_ARN_SCOPE. */
  arnScope?: ArnScope;
  /**
   * Threads for runs (runOffThread.ts createRunThreads over the build of
   * src-main/node/cli/entries/runWorker.ts): the run goes to a thread of its own when it can
   * (runOffThread.ts says when), so that it never holds this thread. Without them it runs here,
   * handing the host a turn through `yieldToHost` where it can.
   */
  runThreads?: RunThreads;
}

/** The host's monotonic clock, read by JSONata's time budget (undefined where there is none). */
const hostClock = createHostMonotonicClock();

/**
 * The finish of a run the engine threw out of. Why INTERRUPTED and not FAILED: the engine turns
 * every failure an execution can have (States.* errors, Task failures, timeouts) into a result,
 * so a throw is a bug in Stepscope, not the user's execution failing. FAILED would claim AWS would
 * have failed it — and offer to redrive it, count it among failed runs, and compare it as FAILED
 * with a recorded case. INTERRUPTED (contract: "a local run whose recording process stopped before
 * the execution ended") keeps the events so far and says the run did not reach an end; the error
 * names the bug. No stop date: the execution did not stop on its clock, as for any interruption.
 */
export function interruptedByCrash(error: unknown): FinishUpdate {
  return { status: 'INTERRUPTED', output: null, error: 'Stepscope.InternalError', cause: error instanceof Error ? error.message : String(error), stopDate: null };
}

/**
 * Refuses, as StartExecution does, an input that no execution may start with (over the payload
 * quota, or nested too deeply to be JSON text): throws InvalidExecutionInputError before anything
 * is stored or run. Callers say so as bad input (the CLI: exit 2; the service: INVALID_INPUT).
 */
export function refuseInvalidInput(spec: Pick<LocalRunSpec, 'input'>): void {
  const check = checkExecutionInput(spec.input);
  if (!check.ok) throw new InvalidExecutionInputError(check.message);
}

/** Writes a new local execution's row (RUNNING) and returns its recording; refuses an invalid input first (refuseInvalidInput). */
export function startLocalRecording(store: ExecutionStore, spec: LocalRunSpec, arnScope: ArnScope = DEFAULT_ARN_SCOPE): ExecutionRecording {
  refuseInvalidInput(spec);
  const { parent, mocks } = spec;
  return store.startRecording({
    stateMachine: { name: spec.stateMachineName, arn: toStateMachineArn(spec.stateMachineName, arnScope), ...(spec.type !== undefined ? { type: spec.type } : {}) },
    definition: {
      text: spec.definitionText,
      format: spec.definitionFormat ?? documentFormat(spec.definitionText),
      ...(spec.definitionSourcePath !== undefined ? { sourcePath: spec.definitionSourcePath } : {}),
    },
    ...(spec.name !== undefined ? { name: spec.name, arn: toExecutionArn(spec.stateMachineName, spec.name, arnScope, spec.type) } : {}),
    input: JSON.stringify(spec.input),
    startDate: spec.startTime,
    seed: spec.seed,
    ...(mocks !== undefined
      ? { mockConfig: { content: mocks.config, ...(mocks.sourcePath !== undefined ? { sourcePath: mocks.sourcePath } : {}) }, testCase: mocks.testCase }
      : {}),
    ...(parent !== undefined ? { parentId: parent.id, parentEventId: parent.eventId, parentKind: parent.kind } : {}),
    ...(parent?.redrivePreserved !== undefined ? { redrivePreserved: parent.redrivePreserved as unknown as Json } : {}),
  });
}

/**
 * Runs a local execution to its end: a redrive's prior events first, then the run's; events go
 * to `hooks.emit` (else the recording). Child
 * executions are stored under the recording before it ends (so that a list of a stopped
 * execution's children is complete). Never throws: an engine crash becomes an outcome with
 * kind `crashed` and an INTERRUPTED update ({@link interruptedByCrash}). It does not finish the
 * recording: the caller does, with `update`.
 */
export async function runLocalExecution(spec: LocalRunSpec, hooks: LocalRunHooks = {}): Promise<LocalRunOutcome> {
  const { recording, store } = hooks;
  const scope = hooks.arnScope ?? DEFAULT_ARN_SCOPE;
  const target = hooks.emit ?? (recording !== undefined ? (event: HistoryEvent) => recording.sink.emit(event) : undefined);
  /** The MapRunStarted event id per Map Run ARN: where its child executions are linked. */
  const mapRuns = new Map<string, number>();
  const emit = (event: HistoryEvent) => {
    if (event.type === 'MapRunStarted' || event.type === 'MapRunRedriven') noteMapRunEvent(event, mapRuns);
    target?.(event);
  };
  const options: RunOptions = {
    definition: spec.definition,
    input: spec.input,
    invoker: spec.invoker,
    startTime: spec.startTime,
    seed: spec.seed,
    stateMachineName: spec.stateMachineName,
    ...(spec.name !== undefined ? { executionName: spec.name } : {}),
    ...(spec.type !== undefined ? { type: spec.type } : {}),
    ...(spec.roleArn !== undefined ? { roleArn: spec.roleArn } : {}),
    ...(spec.stateMachineVersionArn !== undefined ? { stateMachineVersionArn: spec.stateMachineVersionArn } : {}),
    ...(spec.stateMachineAliasArn !== undefined ? { stateMachineAliasArn: spec.stateMachineAliasArn } : {}),
    region: scope.region,
    account: scope.account,
    ...(target !== undefined ? { sink: { emit }, collectEvents: hooks.collectEvents ?? false } : {}),
    ...(hooks.taskTokens !== undefined ? { taskTokens: hooks.taskTokens } : {}),
    ...(hooks.yieldToHost !== undefined ? { yieldToHost: hooks.yieldToHost } : {}),
    // JSONata evaluations get a wall-clock budget on the host's monotonic clock (engine/jsonata).
    ...(hostClock !== undefined ? { monotonicClock: hostClock } : {}),
    ...(spec.startAt !== undefined ? { startAt: spec.startAt } : {}),
    ...(spec.s3Source !== undefined ? { s3Source: spec.s3Source } : {}),
    ...spec.files,
  };
  // Children go to the store as they end (a Distributed Map's thousands of children are never
  // all held), linked to their parent and its MapRunStarted as before.
  const children =
    recording !== undefined && store !== undefined
      ? createChildStreamer(
          store,
          recording.executionId,
          { definition: spec.definition, mapRunEvents: mapRuns, ...(spec.files?.stateMachines !== undefined ? { stateMachines: spec.files.stateMachines } : {}) },
          () => hooks.writeBlockedBy?.(),
        )
      : undefined;
  if (children !== undefined) options.onChildFinished = (child, depth) => children.add(child, depth);
  const responder = spec.generateMissing ? createGeneratedResponder({ seed: spec.seed }) : undefined;
  if (responder !== undefined) options.unansweredTasks = responder;
  const generated = responder !== undefined ? { generated: responder.answered } : {};
  hooks.onGenerated?.(responder?.answered);
  for (const event of spec.priorEvents ?? []) emit(event);
  let result: RunResult;
  try {
    const offThread = startOffThread(spec, hooks, options, target !== undefined ? emit : undefined, children);
    // A thread that could not start took nothing of the run: it runs here instead.
    result = await (offThread !== undefined
      ? offThread.result.then(
          (r) => {
            // The thread's generated answers, in the list the caller was given (hooks.onGenerated).
            responder?.answered.push(...offThread.generated);
            return r;
          },
          (error: unknown) => {
            if (error instanceof RunThreadUnavailable) return (hooks.execute ?? runExecution)(options);
            throw error;
          },
        )
      : (hooks.execute ?? runExecution)(options));
  } catch (error) {
    // The children that ended before the crash are kept.
    if (children !== undefined) await children.done();
    return { kind: 'crashed', error, update: interruptedByCrash(error), ...generated };
  }
  if (children !== undefined) await children.done();
  // A run that kept its children (an `execute` hook that runs the engine its own way) stores them now.
  if (recording !== undefined && store !== undefined && result.children !== undefined && result.children.length > 0) {
    for (let blocker = hooks.writeBlockedBy?.(); blocker !== undefined; blocker = hooks.writeBlockedBy?.()) await blocker;
    try {
      await recordChildExecutions(store, recording.executionId, result.children, {
        definition: spec.definition,
        mapRunEvents: mapRuns,
        ...(spec.files?.stateMachines !== undefined ? { stateMachines: spec.files.stateMachines } : {}),
      });
    } catch {
      // The writer failed (disk full, database removed): the parent's outcome is still recorded.
    }
  }
  return { kind: 'finished', result, update: finishUpdateFromResult(result), ...generated };
}

/**
 * Starts the run on a worker thread when it can go there (runOffThread.ts): a worker script, no
 * debugger, Tasks answered by a PortableInvoker, no task-token wait possible, and options that a
 * thread can receive. The worker gets the same options but the functions, which it rebuilds (the
 * invoker from its description, the host's monotonic clock); `yieldToHost` is left out, since the
 * worker's thread has no one to yield to (it never changes the history). Undefined: run it here.
 */
function startOffThread(spec: LocalRunSpec, hooks: LocalRunHooks, options: RunOptions, emit: ((event: HistoryEvent) => void) | undefined, children: ChildStreamer | undefined): OffThreadRun | undefined {
  // An S3 source is read through functions, which cannot cross threads: only a folder the thread can open itself (s3Root) goes.
  if (hooks.runThreads === undefined || hooks.execute !== undefined || spec.portableInvoker === undefined) return undefined;
  if (spec.s3Source !== undefined && spec.s3Root === undefined) return undefined;
  if (mayWaitForTaskToken(spec.definition, spec.files?.stateMachines)) return undefined;
  const { invoker: _invoker, sink: _sink, taskTokens: _taskTokens, yieldToHost: _yield, onChildFinished: _onChild, s3Source: _s3Source, monotonicClock, unansweredTasks, ...portable } = options;
  const portableOptions: PortableRunOptions = portable;
  try {
    return hooks.runThreads.start(
      {
        options: portableOptions,
        invoker: spec.portableInvoker,
        stream: emit !== undefined,
        monotonicClock: monotonicClock !== undefined,
        generateMissing: unansweredTasks !== undefined,
        streamChildren: children !== undefined,
        ...(spec.s3Root !== undefined ? { s3Root: spec.s3Root } : {}),
      },
      emit ?? (() => undefined),
      children !== undefined ? (child, depth) => children.add(child, depth) : undefined,
    );
  } catch {
    // A DataCloneError (options a thread cannot receive): run it here.
    return undefined;
  }
}

/**
 * Launches a local execution, runs it and records it from start to end in `store` (none: it is
 * only run). Resolves with the outcome once the recording is finished; a crash is in the outcome
 * (recorded as INTERRUPTED), not thrown. Errors of the store itself are thrown.
 */
export async function recordLocalRun(store: ExecutionStore | undefined, spec: LocalRunSpec, hooks: Omit<LocalRunHooks, 'recording' | 'store'> = {}): Promise<LocalRunOutcome> {
  refuseInvalidInput(spec);
  const recording = store !== undefined ? startLocalRecording(store, spec, hooks.arnScope) : undefined;
  const outcome = await runLocalExecution(spec, { ...hooks, ...(recording !== undefined && store !== undefined ? { recording, store } : {}) });
  if (recording !== undefined) {
    if (outcome.kind === 'crashed') await recording.finish(outcome.update).catch(() => undefined);
    else await recording.finish(outcome.update);
  }
  return outcome;
}
