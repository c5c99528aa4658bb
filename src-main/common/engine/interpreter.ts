import type { Json, JsonObject } from '../json';
import { utf8Length } from '../json';
import { jsonTextProblem, toCheckedJsonText } from '../jsonLimits';
import { refuseExecutionInput } from './executionInput';
import type {
  Catcher,
  ChoiceState,
  FailState,
  SucceedState,
  MapState,
  ParallelState,
  PassState,
  Retrier,
  State,
  StateMachineDefinition,
  TaskState,
  WaitState,
} from '../asl/types';
import type { HistoryEvent, HistoryEventType } from '../history/events';
import { StatesError, StatesErrors, isStatesError, type Failure } from './errors';
import { createSeededRandom, type Random, type TaskInvoker, type TaskOutcome, type TaskRequest } from './ports';
import { AWS_QUOTAS, type Quotas, type RunOptions, type RunResult } from './run';
import type { ChildDebugInfo, DebugHooks, DebugVerdict, ErrorInfo } from './run';
import { createClockScheduler, createVirtualScheduler, runGroup, type Scheduler } from './scheduler';
import { createHostYield, type HostYield } from './hostYield';
import { EXPRESS_MAX_SECONDS, EXPRESS_QUOTAS, type ChildRunResult, type RegisteredStateMachine } from './run';
import { createLinkedRuns, type InheritedRun, type LinkedRuns } from './states/linkedRuns';
import { runDistributedMap, type ChildExecutionRequest, type DistributedMapHost } from './states/distributedMap';
import { awaitTaskToken, isUnanswered, WAIT_ABORTED_ERROR } from './callbacks/awaitTaskToken';
import { TaskTokenError, type TaskTokenBroker } from './callbacks/taskTokenBroker';
import { parseTaskResource, type TaskResource } from './taskResource';
import { branchRedrive, type BranchRedrive, type CompoundResume, type FlowResume } from './redrive/resume';
import type { MapRunResume } from './redrive/mapRun';
import { readPathInEnv } from './dataflow/jsonPath';
import {
  applyCompiledTemplate,
  applyInputPath,
  applyOutputPath,
  applyPayloadTemplate,
  applyResultPath,
  compilePayloadTemplate,
  resolveDynamicValue,
  type CompiledTemplate,
  type DataflowEnv,
} from './dataflow/payloadTemplate';
import { compileChoiceRules, evaluateCompiledChoiceRules, type CompiledChoiceRules } from './choice/evaluateChoice';
import { isQueryEvaluationError, QueryEvaluationError, evaluateJsonataTemplate, type JsonataEnv } from './jsonata/evaluate';
import {
  evaluateAssignAndOutput,
  evaluateCondition,
  evaluateMapItems,
  evaluateNumberField,
  evaluateStringField,
  normaliseWaitTimestamp,
} from './jsonata/states';
import {
  createVariableBudget,
  lookupVariable,
  releaseScopeVariables,
  seedVariables,
  storeAssignment,
  visibleVariables,
  type Assignment,
  type VariableScope,
} from './variables/variables';

/** When AWS added execution redrive, and `$$.Execution.RedriveCount` with it (see RunOptions.behaviourAsOf). */
const REDRIVE_LAUNCHED = '2023-11-15';

/** 2024-01-01T00:00:00.000Z: where the virtual clock starts unless told otherwise. */
export const DEFAULT_START_TIME = Date.UTC(2024, 0, 1);

/**
 * Tracks `previousEventId` for one flow of control (the main flow, a Parallel branch, a Map
 * iteration). AWS links each event to the event that caused it; most events move the flow's
 * "source" forward, a few (iteration/branch bookkeeping) do not.
 */
interface Flow {
  source: number;
}

/**
 * Where an execution or a branch's scope stands: used to abort siblings after a failure. It is
 * also the scope of workflow variables: a Parallel branch or Map iteration reads its parents'.
 */
interface Scope extends VariableScope {
  /** The enclosing scope (undefined for the execution's). */
  readonly parent: Scope | undefined;
  aborted: boolean;
  /** Callbacks to run when the scope is aborted (cancel sleeps, pending invocations). */
  onAbort?: Set<() => void>;
  /** Scopes nested in this one (Parallel branches, Map iterations); an array, as a Map can have thousands. */
  children?: Scope[];
  /** The visit currently running in this scope (for the <Type>StateAborted event). */
  current?: Visit;
  /**
   * Redrive: what the earlier attempt of the Parallel / inline Map `state` left (engine/redrive),
   * taken by that state's first visit in this scope.
   */
  redrive?: { state: string; compound: CompoundResume };
}

/** The outcome of running one branch (a state machine, branch or iteration). */
type BranchResult =
  | { ok: true; output: Json; /** The output's JSON text, already checked against the payload quota. */ outputText: string | undefined }
  | { ok: false; failure: Failure; source: number }
  | { ok: false; aborted: true };

/** The outcome of one state's body. */
type StepResult =
  | {
      kind: 'next';
      output: Json;
      next: string | undefined;
      /** The output's JSON text: set by the template once it checked the payload quota. */
      outputText: string | undefined;
    }
  | { kind: 'failed'; failure: Failure; terminal: boolean };

/** A body's successful outcome: `output`, then the state `next` (undefined: the branch ends). */
function nextStep(output: Json, next: string | undefined): StepResult {
  return { kind: 'next', output, next, outputText: undefined };
}

/**
 * What every visit of one state shares, derived once per execution rather than on each visit
 * (a loop or a Map iteration visits the same state thousands of times). The definition does not
 * change while it runs, so the plan is cached per state object in the Execution.
 */
interface StatePlan {
  /** `<Type>StateEntered`. */
  readonly entered: HistoryEventType;
  /** `<Type>StateExited`; undefined for Fail, which has none. */
  readonly exited: HistoryEventType | undefined;
  /** Parameters (Pass, Task, Parallel), compiled. */
  readonly parameters: CompiledTemplate | undefined;
  /** ItemSelector, or the older Parameters, of a Map, compiled. */
  readonly itemSelector: CompiledTemplate | undefined;
  /** ResultSelector (Task, Parallel, Map), compiled. */
  readonly resultSelector: CompiledTemplate | undefined;
  /** Choices, compiled. */
  readonly choices: CompiledChoiceRules | undefined;
  /** True when the state's QueryLanguage (its own, or the state machine's) is JSONata. */
  readonly jsonata: boolean;
  /** A JSONPath state's Assign, compiled as a payload template. */
  readonly assign: CompiledTemplate | undefined;
  /**
   * True for the states whose body runs only our own data-flow code (Pass, Choice, Wait, Succeed):
   * when such a state outputs the very value it was given, the output's JSON text is the input's,
   * so it is not serialised again. (Task, Parallel and Map hand values to a TaskInvoker, which
   * could modify them.)
   */
  readonly ownCodeOnly: boolean;
}

function createStatePlan(state: State, defaultLanguage: StateMachineDefinition['QueryLanguage']): StatePlan {
  const parameters = 'Parameters' in state && state.Type !== 'Map' ? state.Parameters : undefined;
  const itemSelector = state.Type === 'Map' ? (state.ItemSelector ?? state.Parameters) : undefined;
  const resultSelector = 'ResultSelector' in state ? state.ResultSelector : undefined;
  const t = state.Type;
  return {
    entered: ENTERED[t],
    exited: t === 'Fail' ? undefined : EXITED[t],
    parameters: parameters !== undefined ? compilePayloadTemplate(parameters, 'Parameters') : undefined,
    itemSelector:
      itemSelector !== undefined
        ? compilePayloadTemplate(itemSelector, state.Type === 'Map' && state.ItemSelector !== undefined ? 'ItemSelector' : 'Parameters')
        : undefined,
    resultSelector: resultSelector !== undefined ? compilePayloadTemplate(resultSelector, 'ResultSelector') : undefined,
    choices: t === 'Choice' ? compileChoiceRules(state.Choices) : undefined,
    jsonata: (state.QueryLanguage ?? defaultLanguage) === 'JSONata',
    assign: 'Assign' in state && state.Assign !== undefined ? compilePayloadTemplate(state.Assign, 'Assign') : undefined,
    ownCodeOnly: t === 'Pass' || t === 'Choice' || t === 'Wait' || t === 'Succeed',
  };
}

const ABORTABLE: Partial<Record<State['Type'], HistoryEventType>> = {
  Task: 'TaskStateAborted',
  Wait: 'WaitStateAborted',
  Parallel: 'ParallelStateAborted',
  Map: 'MapStateAborted',
};

const ENTERED: Record<State['Type'], HistoryEventType> = {
  Pass: 'PassStateEntered',
  Task: 'TaskStateEntered',
  Choice: 'ChoiceStateEntered',
  Wait: 'WaitStateEntered',
  Succeed: 'SucceedStateEntered',
  Fail: 'FailStateEntered',
  Parallel: 'ParallelStateEntered',
  Map: 'MapStateEntered',
};

const EXITED: Record<Exclude<State['Type'], 'Fail'>, HistoryEventType> = {
  Pass: 'PassStateExited',
  Task: 'TaskStateExited',
  Choice: 'ChoiceStateExited',
  Wait: 'WaitStateExited',
  Succeed: 'SucceedStateExited',
  Parallel: 'ParallelStateExited',
  Map: 'MapStateExited',
};

class HistoryLimitExceeded extends Error {}

/** Internal: a state's body asks the template to fail the state with this failure. */
class StateFailure {
  constructor(
    readonly failure: Failure,
    readonly terminal: boolean,
    /** Emits the state's own failure event (ParallelStateFailed, MapStateFailed) once the failure is not retried. */
    readonly onFinal?: () => void,
  ) {}
}

/**
 * One visit (one entry into a state): what the template and the state's body share. It is also
 * the visit's data-flow environment; its Context object (`$$`) is built only if something reads
 * it, and rebuilt after a retry (its RetryCount changes).
 */
class Visit implements DataflowEnv {
  readonly random: Random;
  retryCount = 0;
  private builtContext: JsonObject | undefined = undefined;
  /** The variables the state assigns, stored when it exits (set by its Assign). */
  assigned: Assignment | undefined = undefined;
  /** The flow's source before the entered event (where AWS links an EvaluationFailed event). */
  enteredSource = 0;

  constructor(
    readonly exec: Execution,
    readonly name: string,
    readonly state: State,
    readonly plan: StatePlan,
    readonly enteredId: number,
    readonly enteredTime: string,
    readonly flow: Flow,
    readonly scope: Scope,
    /** Map iteration context ($$.Map.Item) if inside an inline Map iteration. */
    readonly mapItem: JsonObject | undefined,
    readonly mapIndex: number | undefined,
  ) {
    this.random = exec.random;
  }

  get context(): JsonObject {
    return (this.builtContext ??= buildContext(this.exec, this, this.mapItem));
  }

  /** Counts one retry of the state. */
  countRetry(): void {
    this.retryCount++;
    this.builtContext = undefined;
  }

  /** A workflow variable as this state sees it (`$name`). */
  lookupVariable(name: string): Json | undefined {
    return lookupVariable(this.scope, name);
  }
}

/**
 * JSON text of a payload. A value nested over MAX_JSON_DEPTH levels (checked without recursion,
 * common/jsonLimits.ts) fails the state with States.Runtime rather than crashing.
 */
function serialise(value: Json): string {
  const r = toCheckedJsonText(value);
  if (r.ok) return r.text;
  throw new StatesError(StatesErrors.Runtime, `The payload ${jsonTextProblem(r.reason)}.`, true);
}

/** Latest instant a JavaScript Date can hold (8.64e15 ms): the virtual clock never goes past it. */
const MAX_DATE_MS = 8_640_000_000_000_000;

/** Longest single wait, in seconds: AWS's ceiling for Wait `Seconds` and Retry intervals. */
export const MAX_WAIT_SECONDS = 99_999_999;

/** A running execution. */
class Execution {
  readonly events: HistoryEvent[] = [];
  private nextId = 1;
  private lastMs = -1;
  private lastIso = '';
  readonly scheduler: Scheduler;
  readonly random: Random;
  readonly invoker: TaskInvoker;
  readonly quotas: Quotas;
  readonly invocationCounts: Map<string, number>;
  readonly contextExecution: JsonObject;
  readonly contextStateMachine: JsonObject;
  readonly region: string;
  readonly collect: boolean;
  readonly root: Scope = createScope();
  /** Bytes of the variables stored in every live scope, for the 10 MiB limit (engine/variables). */
  readonly variableBudget = createVariableBudget();
  readonly executionArn: string;
  private readonly sink: RunOptions['sink'];
  private readonly plans = new Map<State, StatePlan>();
  /** Distributed Map runs, child executions and task tokens (engine/states, engine/callbacks). */
  readonly linked: LinkedRuns;
  readonly account: string;
  readonly stateMachineArn: string;
  /** The attached debugger (RunOptions.debug); undefined on the fast path. */
  readonly debug: DebugHooks | undefined;
  /** RunOptions.yieldToHost's countdown (hostYield.ts); undefined on the fast path. */
  readonly hostYield: HostYield | undefined;
  /** RunOptions.startAt.retryAttempts, until the resumed visit takes them. */
  startRetries: number[] | undefined;
  /** RunOptions.startAt.mapRun, until the resumed Distributed Map visit takes it (engine/redrive/mapRun.ts). */
  startMapRun: MapRunResume | undefined;
  /** With a debugger: the branch path of each Parallel branch / Map iteration scope. */
  readonly debugBranches: WeakMap<Scope, readonly string[]> | undefined;

  constructor(
    readonly options: RunOptions,
    /** Set for a child execution: what it shares with its parent. */
    inherited?: InheritedRun,
  ) {
    const start = options.startTime ?? DEFAULT_START_TIME;
    this.scheduler = inherited?.scheduler ?? (options.clock ? createClockScheduler(options.clock) : createVirtualScheduler(start));
    this.random = options.random ?? createSeededRandom(options.seed ?? 0);
    this.invoker = options.invoker;
    this.quotas = { ...AWS_QUOTAS, ...(options.type === 'EXPRESS' ? EXPRESS_QUOTAS : undefined), ...options.quotas };
    this.invocationCounts = inherited?.invocationCounts ?? new Map<string, number>();
    this.collect = options.collectEvents !== false;
    this.sink = options.sink;
    this.region = options.region ?? 'us-east-1';
    const account = options.account ?? '111111111111';
    this.account = account;
    const smName = options.stateMachineName ?? 'StateMachine';
    const execName = options.executionName ?? uuidFrom(this.random);
    const smArn = inherited?.stateMachineArn ?? `arn:aws:states:${this.region}:${account}:stateMachine:${smName}`;
    this.stateMachineArn = smArn;
    this.executionArn =
      inherited?.executionArn ??
      `arn:aws:states:${this.region}:${account}:${options.type === 'EXPRESS' ? 'express' : 'execution'}:${smName}:${execName}`;
    this.linked = createLinkedRuns(options, inherited, options.clock === undefined, start);
    this.contextExecution = {
      Id: this.executionArn,
      Input: options.input,
      StartTime: this.isoNow(),
      Name: execName,
      RoleArn: options.roleArn ?? `arn:aws:iam::${account}:role/StepscopeRole`,
      RedriveCount: 0,
    };
    // $$.Execution.RedriveCount came with redrive (2023-11-15); older recordings lack it
    // (conformance: scenarios/test_lambda_invoke_with_retry_extended_input, recorded 2023-10-24).
    if (options.behaviourAsOf !== undefined && options.behaviourAsOf < REDRIVE_LAUNCHED) delete this.contextExecution.RedriveCount;
    this.contextStateMachine = { Id: smArn, Name: smName };
    this.debug = options.debug;
    this.hostYield = createHostYield(this.scheduler, options.yieldToHost);
    this.debugBranches = options.debug !== undefined ? new WeakMap() : undefined;
    this.startRetries = options.startAt?.retryAttempts;
    this.startMapRun = options.startAt?.mapRun;
    const redrive = options.startAt?.redrive;
    if (redrive !== undefined) {
      this.nextId = redrive.lastEventId + 1;
      this.contextExecution.RedriveCount = redrive.redriveCount;
    }
    if (options.startAt?.variables !== undefined) seedVariables(this.root, options.startAt.variables, this.variableBudget);
    if (options.startAt?.resume !== undefined) this.root.redrive = { state: options.startAt.state, compound: options.startAt.resume };
  }

  /** Current time as AWS writes timestamps (ISO-8601 with milliseconds, UTC). */
  isoNow(): string {
    const ms = this.scheduler.now();
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.lastIso = new Date(Math.min(Math.max(ms, -MAX_DATE_MS), MAX_DATE_MS)).toISOString();
    }
    return this.lastIso;
  }

  /** The plan of `state`, made on its first visit in this execution. */
  planFor(state: State): StatePlan {
    let plan = this.plans.get(state);
    if (plan === undefined) {
      plan = createStatePlan(state, this.options.definition.QueryLanguage);
      this.plans.set(state, plan);
    }
    return plan;
  }

  /** Emits one history event; `advance` false keeps the flow's source where it was. */
  emit(flow: Flow, type: HistoryEventType, detailsKey?: string, details?: JsonObject, advance = true): number {
    const id = this.allocateId();
    // The details go in the literal: an object keeps the properties it was created with inline,
    // one added later goes to a separate store.
    const event: HistoryEvent = detailsKey
      ? { id, previousEventId: flow.source, timestamp: this.isoNow(), type, [detailsKey]: details ?? {} }
      : { id, previousEventId: flow.source, timestamp: this.isoNow(), type };
    if (advance) flow.source = id;
    this.record(event);
    return id;
  }

  /**
   * Emits `<Type>StateEntered`. The same event as `emit(flow, type, 'stateEnteredEventDetails',
   * {...})`, written out because every visit emits it: a literal of fixed shape is cheaper than a
   * computed details key.
   */
  emitStateEntered(flow: Flow, type: HistoryEventType, name: string, inputText: string): number {
    const id = this.allocateId();
    this.record({
      id,
      previousEventId: flow.source,
      timestamp: this.isoNow(),
      type,
      stateEnteredEventDetails: { input: inputText, inputDetails: { truncated: false }, name },
    });
    flow.source = id;
    return id;
  }

  /** Emits `<Type>StateExited` (see emitStateEntered). */
  emitStateExited(flow: Flow, type: HistoryEventType, name: string, outputText: string): void {
    const id = this.allocateId();
    this.record({
      id,
      previousEventId: flow.source,
      timestamp: this.isoNow(),
      type,
      stateExitedEventDetails: { name, output: outputText, outputDetails: { truncated: false } },
    });
    flow.source = id;
  }

  /** Emits the final execution event without quota checks (AWS always records how it ended). */
  emitFinal(flow: Flow, type: HistoryEventType, detailsKey: string, details: JsonObject): void {
    const id = this.nextId++;
    this.record({ id, previousEventId: flow.source, timestamp: this.isoNow(), type, [detailsKey]: details });
  }

  /** The next event id; fails the execution past the history quota. */
  private allocateId(): number {
    const id = this.nextId++;
    const limit = this.quotas.historyEvents;
    if (limit !== false && id > limit) throw new HistoryLimitExceeded();
    return id;
  }

  private record(event: HistoryEvent): void {
    if (this.collect) this.events.push(event);
    this.sink?.emit(event);
  }

  /** JSON text of a payload, checked against the payload quota. */
  payloadText(value: Json, what: string): string {
    return this.checkPayload(serialise(value), what);
  }

  /** `text` (a payload's JSON text) if it fits the payload quota; fails with States.DataLimitExceeded otherwise. */
  checkPayload(text: string, what: string): string {
    const limit = this.quotas.payloadBytes;
    if (limit !== false && text.length * 3 > limit && utf8Length(text) > limit) {
      throw new StatesError(
        StatesErrors.DataLimitExceeded,
        `The state/task '${what}' returned a result with a size exceeding the maximum number of bytes service limit.`,
        false,
      );
    }
    return text;
  }

  nextInvocation(stateName: string): number {
    const n = this.invocationCounts.get(stateName) ?? 0;
    this.invocationCounts.set(stateName, n + 1);
    return n;
  }
}

function uuidFrom(random: Random): string {
  const hex = '0123456789abcdef';
  let s = '';
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) s += '-';
    else if (i === 14) s += '4';
    else if (i === 19) s += hex[8 + Math.floor(random.next() * 4)];
    else s += hex[Math.floor(random.next() * 16)];
  }
  return s;
}

/** A new scope, with every field present from the start (all scopes share one object shape). */
function createScope(parent?: Scope): Scope {
  return { parent, vars: undefined, sizes: undefined, aborted: false, onAbort: undefined, children: undefined, current: undefined, redrive: undefined };
}

function newScope(parent: Scope): Scope {
  const scope = createScope(parent);
  (parent.children ??= []).push(scope);
  return scope;
}

/** Forgets a finished group of branches or iterations. */
function removeChild(parent: Scope, child: Scope): void {
  const children = parent.children;
  const at = children ? children.indexOf(child) : -1;
  if (at >= 0) children!.splice(at, 1);
}

function abortScope(scope: Scope): void {
  if (scope.aborted) return;
  scope.aborted = true;
  if (scope.children) for (const child of scope.children) abortScope(child);
  if (scope.onAbort) {
    for (const fn of scope.onAbort) fn();
    scope.onAbort.clear();
  }
}

function failureOf(err: unknown, visit: Visit | undefined, evaluationFlow?: Flow): StateFailure {
  if (err instanceof StateFailure) return err;
  if (isStatesError(err)) {
    const cause =
      err.stateScoped && visit
        ? `An error occurred while executing the state '${visit.name}' (entered at the event id #${visit.enteredId}). ${err.causeText}`
        : err.causeText;
    if (visit && isQueryEvaluationError(err)) emitEvaluationFailed(visit, err, cause, evaluationFlow);
    // States.Runtime and DataLimitExceeded end the execution: Retry and Catch do not apply to runtime
    // errors (conformance: scenarios/test_catch_states_runtime).
    return new StateFailure({ error: err.error, cause }, err.error === StatesErrors.Runtime);
  }
  throw err;
}

/**
 * A JSONata failure is recorded as an EvaluationFailed event before the state fails. AWS links it
 * to the event before the state's entered event, except in a Wait state, where it follows the
 * entered event (conformance: assign/test_undefined_reference__*, scenarios/test_wait_timestamp_jsonata__*).
 */
function emitEvaluationFailed(visit: Visit, err: QueryEvaluationError, cause: string, flow?: Flow): void {
  const details: JsonObject = { cause, error: err.error };
  if (err.location !== undefined) details.location = err.location;
  details.state = visit.name;
  if (flow === undefined) {
    flow = visit.flow;
    flow.source = visit.state.Type === 'Wait' ? visit.enteredId : visit.enteredSource;
  }
  visit.exec.emit(flow, 'EvaluationFailed', 'evaluationFailedEventDetails', details);
}

/** Does a Retry/Catch `ErrorEquals` list match this error name? (Developer Guide, "Error names".) */
export function errorMatches(errorEquals: readonly string[], error: string | undefined): boolean {
  const name = error ?? '';
  // Runtime errors are never retried or caught, not even when named (conformance: scenarios/test_catch_states_runtime).
  if (name === StatesErrors.Runtime) return false;
  for (const candidate of errorEquals) {
    if (candidate === name) return true;
    if (candidate === StatesErrors.ALL) {
      // AWS's recordings show States.ALL catching a States.DataLimitExceeded raised by a service
      // (error_handling/test_service_task_lambada_catch_state_all_data_limit_exceeded_on_large_utf8_response).
      return true;
    } else if (candidate === StatesErrors.TaskFailed) {
      if (name !== StatesErrors.Timeout && name !== StatesErrors.DataLimitExceeded && name !== StatesErrors.Runtime && !name.startsWith('States.')) return true;
    }
  }
  return false;
}

/**
 * Runs one execution to its end and returns its status, output and full history. Rejects with an
 * InvalidExecutionInputError, before any event, when StartExecution would refuse the input
 * (engine/executionInput.ts).
 */
export function runExecution(options: RunOptions): Promise<RunResult> {
  const refused = refuseExecutionInput(options); // as StartExecution: no execution, no event
  return refused !== undefined ? Promise.reject(refused) : runExecutionIn(new Execution(options));
}

/** Runs an execution already set up: a top-level run, or a child sharing its parent's clock. */
async function runExecutionIn(exec: Execution): Promise<RunResult> {
  const options = exec.options;
  const startDate = exec.scheduler.now();
  const flow: Flow = { source: 0 };
  const definition = options.definition;
  let status: RunResult['status'];
  let output: Json | undefined;
  let error: string | undefined;
  let cause: string | undefined;
  const startAt = options.startAt;
  exec.debug?.onStart?.({ abort: () => abortScope(exec.root) });
  try {
    const inputText = serialise(options.input);
    if (startAt?.redrive !== undefined) {
      // A redrive continues the earlier attempt's history (debug/fork.ts).
      flow.source = startAt.redrive.lastEventId;
      exec.emit(flow, 'ExecutionRedriven', 'executionRedrivenEventDetails', { redriveCount: startAt.redrive.redriveCount });
    } else {
      exec.emit(flow, 'ExecutionStarted', 'executionStartedEventDetails', {
        input: inputText,
        inputDetails: { truncated: false },
        roleArn: exec.contextExecution.RoleArn as string,
      });
      flow.source = 0; // the first state's entered event points at 0, as in AWS
    }
    // The execution's input is the first state's: serialised once, checked as the first state's input.
    const firstInputText = startAt !== undefined ? undefined : exec.checkPayload(inputText, definition.StartAt);
    const firstInput = startAt !== undefined ? startAt.input : options.input;
    const firstState = startAt?.state;
    let timedOut = false;
    let result: BranchResult;
    const timeoutSeconds = executionTimeoutSeconds(definition, options.type);
    if (timeoutSeconds !== undefined) {
      // The execution timer is a coroutine of its own, set before the first state can sleep.
      exec.scheduler.spawn(1);
      const timer = exec.scheduler.sleepCancellable(timeoutSeconds * 1000);
      const timeout = timer.promise.then((fired) => {
        if (fired) {
          timedOut = true;
          abortScope(exec.root);
        }
        exec.scheduler.exit();
      });
      result = await runBranch(exec, definition, firstInput, flow, exec.root, undefined, firstInputText, firstState);
      timer.cancel();
      await timeout;
    } else {
      result = await runBranch(exec, definition, firstInput, flow, exec.root, undefined, firstInputText, firstState);
    }
    if (timedOut) {
      status = 'TIMED_OUT';
      error = StatesErrors.Timeout;
      exec.emitFinal(flow, 'ExecutionTimedOut', 'executionTimedOutEventDetails', { error: StatesErrors.Timeout });
    } else if (result.ok) {
      // The last state's output text is the execution's (already within the quota).
      const text = result.outputText ?? exec.payloadText(result.output, 'Execution');
      status = 'SUCCEEDED';
      output = result.output;
      exec.emit(flow, 'ExecutionSucceeded', 'executionSucceededEventDetails', {
        output: text,
        outputDetails: { truncated: false },
      });
    } else if ('failure' in result) {
      status = 'FAILED';
      error = result.failure.error;
      cause = result.failure.cause;
      flow.source = result.source;
      const details: JsonObject = {};
      if (error !== undefined) details.error = error;
      if (cause !== undefined) details.cause = cause;
      exec.emit(flow, 'ExecutionFailed', 'executionFailedEventDetails', details);
    } else {
      status = 'ABORTED';
      exec.emitFinal(flow, 'ExecutionAborted', 'executionAbortedEventDetails', {});
    }
  } catch (err) {
    if (err instanceof HistoryLimitExceeded) {
      status = 'FAILED';
      error = StatesErrors.Runtime;
      cause = `The execution reached the maximum number of history events (${String(exec.quotas.historyEvents)}).`;
      abortScope(exec.root);
      exec.emitFinal(flow, 'ExecutionFailed', 'executionFailedEventDetails', { error, cause });
    } else if (isStatesError(err)) {
      status = 'FAILED';
      error = err.error;
      cause = err.causeText;
      exec.emitFinal(flow, 'ExecutionFailed', 'executionFailedEventDetails', { error, cause });
    } else {
      throw err;
    }
  }
  const stopDate = exec.scheduler.now();
  await settleBackground(exec);
  const result: RunResult = {
    status,
    output,
    error,
    cause,
    events: exec.events,
    startDate,
    stopDate,
    executionArn: exec.executionArn,
  };
  return withLinks(exec, result);
}

/** Runs a state machine, Parallel branch or Map iteration from StartAt until it ends. */
async function runBranch(
  exec: Execution,
  machine: StateMachineDefinition,
  input: Json,
  flow: Flow,
  scope: Scope,
  mapItem: { item: JsonObject; index: number } | undefined,
  /** The input's JSON text, when the caller has it (already checked against the payload quota). */
  inputText?: string,
  /** The first state, when not StartAt (RunOptions.startAt). */
  startName?: string,
): Promise<BranchResult> {
  let name: string | undefined = startName ?? machine.StartAt;
  let data = input;
  let dataText = inputText;
  const debug = exec.debug;
  const hostYield = exec.hostYield;
  while (name !== undefined) {
    if (scope.aborted) return { ok: false, aborted: true };
    if (hostYield !== undefined && --hostYield.countdown <= 0) {
      // Only when no other coroutine could run meanwhile: the history stays the same (hostYield.ts).
      const turn = hostYield.ask();
      if (turn !== undefined) {
        await turn;
        if (scope.aborted) return { ok: false, aborted: true };
      }
    }
    const state: State = machine.States[name];
    if (debug?.beforeState !== undefined) {
      let verdict = debug.beforeState(debugInfo(exec, name, state, scope, { input: data }));
      if (verdict instanceof Promise) verdict = await verdict;
      if (debugStopped(exec, verdict) || scope.aborted) return { ok: false, aborted: true };
      if (verdict !== undefined && 'input' in verdict) {
        data = verdict.input;
        dataText = undefined;
      }
    }
    let step = runState(exec, name, state, data, dataText, flow, scope, mapItem);
    if (step instanceof Promise) step = await step;
    const result = step;
    if (result.kind === 'failed') {
      if ('aborted' in result.failure) return { ok: false, aborted: true };
      if (debug?.onError !== undefined) {
        const info = debugInfo(exec, name, state, scope, { input: data, error: result.failure.error, cause: result.failure.cause, handling: 'uncaught' });
        let verdict = debug.onError(info as ErrorInfo);
        if (verdict instanceof Promise) verdict = await verdict;
        if (debugStopped(exec, verdict)) return { ok: false, aborted: true };
      }
      return { ok: false, failure: result.failure, source: flow.source };
    }
    if (scope.aborted) return { ok: false, aborted: true };
    if (debug?.afterState !== undefined) {
      let verdict = debug.afterState(debugInfo(exec, name, state, scope, { output: result.output, next: result.next }));
      if (verdict instanceof Promise) verdict = await verdict;
      if (debugStopped(exec, verdict) || scope.aborted) return { ok: false, aborted: true };
    }
    data = result.output;
    dataText = result.outputText;
    name = result.next;
  }
  return { ok: true, output: data, outputText: dataText };
}

/** The Context object of a visit (`$$`), with `$$.Map.Item` inside a Map iteration. */
function buildContext(exec: Execution, visit: Visit, mapItem: JsonObject | undefined, extra?: JsonObject): JsonObject {
  const ctx: JsonObject = {
    Execution: exec.contextExecution,
    StateMachine: exec.contextStateMachine,
    State: stateContext(visit),
  };
  if (mapItem) ctx.Map = { Item: mapItem };
  if (extra) Object.assign(ctx, extra);
  return ctx;
}

/** $$.State: RetryCount only exists for the states that can retry (conformance: context_object/*). */
function stateContext(visit: Visit): JsonObject {
  const t = visit.state.Type;
  if (t === 'Task' || t === 'Parallel' || t === 'Map') {
    return { Name: visit.name, EnteredTime: visit.enteredTime, RetryCount: visit.retryCount };
  }
  return { Name: visit.name, EnteredTime: visit.enteredTime };
}

/**
 * A visit's data-flow environment with extra Context object fields (`$$.Task.Token`); like the
 * visit's own, its Context object is only built if something reads it.
 */
class ExtendedEnv implements DataflowEnv {
  private built: JsonObject | undefined;
  readonly random: Random;
  constructor(
    private readonly visit: Visit,
    private readonly extra: JsonObject,
  ) {
    this.random = visit.random;
  }
  get context(): JsonObject {
    return (this.built ??= buildContext(this.visit.exec, this.visit, this.visit.mapItem, this.extra));
  }
  lookupVariable(name: string): Json | undefined {
    return this.visit.lookupVariable(name);
  }
}

/**
 * The environment of a JSONata expression of `visit`: `$states.input` (`input`), `$states.context`
 * (the visit's Context object, or `context`), the other `$states` members in `extra`
 * (`result`, `errorOutput`), and the variables as they were when the state was entered.
 */
function jsonataEnv(visit: Visit, input: Json, extra?: JsonObject, context?: JsonObject): JsonataEnv {
  const states: JsonObject = { input, context: context ?? visit.context };
  if (extra) Object.assign(states, extra);
  const { monotonicClock, jsonataBudget: budget } = visit.exec.options;
  return { states, variables: visibleVariables(visit.scope), random: visit.random, nowMs: visit.exec.scheduler.now(), budget, monotonicClock };
}

/**
 * The one template every state visit follows: entered event → input processing → body →
 * output processing → payload quota → exited event → next. Retry and Catch wrap the body for
 * Task, Parallel and Map.
 */
function runState(
  exec: Execution,
  name: string,
  state: State,
  rawInput: Json,
  knownInputText: string | undefined,
  flow: Flow,
  scope: Scope,
  mapItem: { item: JsonObject; index: number } | undefined,
): StepResult | Promise<StepResult> {
  const plan = exec.planFor(state);
  // The previous state's output text is this state's input text: serialise once.
  const inputText = knownInputText ?? exec.payloadText(rawInput, name);
  const enteredSource = flow.source;
  const enteredId = exec.emitStateEntered(flow, plan.entered, name, inputText);
  const visit = new Visit(exec, name, state, plan, enteredId, exec.isoNow(), flow, scope, mapItem?.item, mapItem?.index);
  visit.enteredSource = enteredSource;
  scope.current = visit;
  // Pass, Choice, Succeed and Fail run synchronously: no promise per state on the hot path.
  let body: StepResult | Promise<StepResult>;
  try {
    body = runBody(exec, visit, rawInput);
  } catch (err) {
    return exitState(exec, visit, failedResult(err, visit), rawInput, inputText);
  }
  if (body instanceof Promise) {
    return body.then(
      (r) => exitState(exec, visit, r, rawInput, inputText),
      (err: unknown) => exitState(exec, visit, failedResult(err, visit), rawInput, inputText),
    );
  }
  return exitState(exec, visit, body, rawInput, inputText);
}

function failedResult(err: unknown, visit: Visit): StepResult {
  if (err instanceof HistoryLimitExceeded) throw err;
  const f = failureOf(err, visit);
  return { kind: 'failed', failure: f.failure, terminal: f.terminal };
}

/** The end of the visit template: payload quota, then the exited event. */
function exitState(exec: Execution, visit: Visit, result: StepResult, rawInput: Json, inputText: string): StepResult {
  const { plan, name, scope, flow } = visit;
  if (result.kind === 'next' && plan.exited !== undefined) {
    let outText: string;
    if (plan.ownCodeOnly && result.output === rawInput) {
      // Unchanged data (a Choice, or a Pass without data-flow fields): the input's text, already
      // checked against the payload quota, is the output's.
      outText = inputText;
    } else {
      try {
        outText = exec.payloadText(result.output, name);
      } catch (err) {
        return failedResult(err, visit);
      }
    }
    if (scope.aborted) return { kind: 'failed', failure: { aborted: true } as Failure, terminal: true };
    const assigned = visit.assigned;
    // An empty Assign records nothing (conformance: assign/test_base_cases__BASE_EMPTY).
    if (assigned !== undefined && assigned.names.length > 0) {
      // Assignments take effect as the state exits; its exited event lists them.
      let variables: JsonObject;
      try {
        // Checks the size limits, the execution-wide 10 MiB included, then stores.
        variables = storeAssignment(scope, assigned, exec.variableBudget);
      } catch (err) {
        return failedResult(err, visit);
      }
      exec.emit(flow, plan.exited, 'stateExitedEventDetails', {
        name,
        output: outText,
        outputDetails: { truncated: false },
        assignedVariables: variables,
        assignedVariablesDetails: { truncated: false },
      });
    } else exec.emitStateExited(flow, plan.exited, name, outText);
    scope.current = undefined;
    result.outputText = outText;
  }
  // On failure `scope.current` stays set: if this ends a Parallel branch or Map iteration, the
  // state is reported as aborted (conformance: timeouts/test_service_lambda_map_timeout).
  return result;
}

function runBody(exec: Execution, visit: Visit, rawInput: Json): StepResult | Promise<StepResult> {
  const state = visit.state;
  if (visit.plan.jsonata && state.Type !== 'Task' && state.Type !== 'Parallel' && state.Type !== 'Map') {
    return runJsonataBody(exec, visit, state, rawInput);
  }
  switch (state.Type) {
    case 'Pass':
      return runPass(visit, state, rawInput);
    case 'Choice':
      return runChoice(visit, state, rawInput);
    case 'Wait':
      return runWait(exec, visit, state, rawInput);
    case 'Succeed': {
      const effective = applyInputPath(rawInput, state.InputPath, visit);
      return nextStep(applyOutputPath(effective, state.OutputPath, visit), undefined);
    }
    case 'Fail':
      return runFail(visit, state, rawInput);
    case 'Task':
    case 'Parallel':
    case 'Map':
      return runWithRetryCatch(exec, visit, state, rawInput);
    default: {
      const unknown: never = state;
      throw new Error(`Unknown state type ${(unknown as State).Type}`);
    }
  }
}

/**
 * A JSONPath state's Assign: its template applied to `value` (what `$` means there: the state's
 * result, or its input for Choice and Wait, or the error output in a Catch).
 */
function jsonPathAssignment(template: CompiledTemplate, value: Json, env: DataflowEnv): Assignment {
  const obj = applyCompiledTemplate(template, value, env) as JsonObject;
  return { names: Object.keys(obj), values: Object.values(obj) };
}

/** The body of a Pass, Choice, Wait, Succeed or Fail state whose QueryLanguage is JSONata. */
async function runJsonataBody(
  exec: Execution,
  visit: Visit,
  state: PassState | ChoiceState | WaitState | SucceedState | FailState,
  rawInput: Json,
): Promise<StepResult> {
  const env = jsonataEnv(visit, rawInput);
  switch (state.Type) {
    case 'Pass':
    case 'Succeed': {
      const r = await evaluateAssignAndOutput(state, env, rawInput);
      visit.assigned = r.assignment;
      return nextStep(r.output, state.Type === 'Pass' && !state.End ? state.Next : undefined);
    }
    case 'Choice': {
      const rules = state.Choices;
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i];
        if (await evaluateCondition(rule, env, `Choices[${i}]/Condition`)) {
          const r = await evaluateAssignAndOutput(rule as { Assign?: JsonObject; Output?: Json }, env, rawInput, `Choices[${i}]/`);
          visit.assigned = r.assignment;
          return nextStep(r.output, String(rule.Next));
        }
      }
      if (state.Default === undefined) throw new StatesError(StatesErrors.NoChoiceMatched, `No Matches!`, false);
      const r = await evaluateAssignAndOutput(state, env, rawInput);
      visit.assigned = r.assignment;
      return nextStep(r.output, state.Default);
    }
    case 'Wait': {
      let waitMs = 0;
      const seconds = await evaluateNumberField(state.Seconds, 'Seconds', env);
      if (seconds !== undefined) waitMs = Math.min(seconds, MAX_WAIT_SECONDS) * 1000;
      else if (state.Timestamp !== undefined) {
        const text = await evaluateStringField(state.Timestamp, 'Timestamp', env);
        const at = text !== undefined ? parseAwsTimestamp(normaliseWaitTimestamp(text)) : undefined;
        if (at === undefined) {
          throw new QueryEvaluationError(
            `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${text ?? ''}`,
            'Timestamp',
          );
        }
        waitMs = at - exec.scheduler.now();
      }
      if (waitMs > 0) {
        const ok = await sleepInScope(exec, visit.scope, Math.min(waitMs, MAX_DATE_MS - exec.scheduler.now()));
        if (!ok) return { kind: 'failed', failure: { aborted: true } as Failure, terminal: true };
      }
      const r = await evaluateAssignAndOutput(state, jsonataEnv(visit, rawInput), rawInput);
      visit.assigned = r.assignment;
      return nextStep(r.output, state.End ? undefined : state.Next);
    }
    case 'Fail': {
      const failure: Failure = {};
      const error = await evaluateStringField(state.Error, 'Error', env);
      const cause = await evaluateStringField(state.Cause, 'Cause', env);
      if (error !== undefined) failure.error = error;
      if (cause !== undefined) failure.cause = cause;
      return { kind: 'failed', failure, terminal: false };
    }
  }
}

function runPass(visit: Visit, state: PassState, rawInput: Json): StepResult {
  let effective = applyInputPath(rawInput, state.InputPath, visit);
  const parameters = visit.plan.parameters;
  if (parameters !== undefined) effective = applyCompiledTemplate(parameters, effective, visit);
  const result = state.Result !== undefined ? state.Result : effective;
  if (visit.plan.assign !== undefined) visit.assigned = jsonPathAssignment(visit.plan.assign, result, visit);
  const merged = applyResultPath(rawInput, result, state.ResultPath);
  const output = applyOutputPath(merged, state.OutputPath, visit);
  return nextStep(output, state.End ? undefined : state.Next);
}

function runChoice(visit: Visit, state: ChoiceState, rawInput: Json): StepResult {
  const env = visit;
  const effective = applyInputPath(rawInput, state.InputPath, env);
  const match = evaluateCompiledChoiceRules(visit.plan.choices!, effective, env);
  let next: string | undefined;
  if (match) {
    next = match.next;
    const ruleAssign = state.Choices[match.matchedIndex].Assign;
    if (ruleAssign !== undefined) visit.assigned = jsonPathAssignment(compilePayloadTemplate(ruleAssign, 'Assign'), effective, env);
  } else if (state.Default !== undefined) {
    next = state.Default;
    if (visit.plan.assign !== undefined) visit.assigned = jsonPathAssignment(visit.plan.assign, effective, env);
  } else {
    throw new StatesError(
      StatesErrors.NoChoiceMatched,
      `No Matches!`,
      false,
    );
  }
  return nextStep(applyOutputPath(effective, state.OutputPath, env), next);
}

function runFail(visit: Visit, state: FailState, rawInput: Json): StepResult {
  const env = visit;
  const failure: Failure = {};
  // ErrorPath/CausePath take a path or an intrinsic function (conformance: base/test_state_fail_intrinsic).
  const read = (path: string, field: string): string => {
    const v = resolveDynamicValue(path, field, rawInput, env);
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
  if (state.Error !== undefined) failure.error = state.Error;
  else if (state.ErrorPath !== undefined) failure.error = read(state.ErrorPath, 'ErrorPath');
  if (state.Cause !== undefined) failure.cause = state.Cause;
  else if (state.CausePath !== undefined) failure.cause = read(state.CausePath, 'CausePath');
  return { kind: 'failed', failure, terminal: false };
}

const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an ISO-8601 extended offset date-time as AWS accepts it; undefined if invalid. */
export function parseAwsTimestamp(text: string): number | undefined {
  const m = TIMESTAMP_RE.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day) return undefined;
  return ms;
}

async function runWait(exec: Execution, visit: Visit, state: WaitState, rawInput: Json): Promise<StepResult> {
  const env = visit;
  const effective = applyInputPath(rawInput, state.InputPath, env);
  let waitMs = 0;
  if (typeof state.Seconds === 'number') waitMs = state.Seconds * 1000;
  else if (state.Timestamp !== undefined) {
    const at = parseAwsTimestamp(state.Timestamp);
    if (at === undefined) {
      throw new StatesError(
        StatesErrors.Runtime,
        `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${state.Timestamp}`,
      );
    }
    waitMs = at - exec.scheduler.now();
  } else if (state.SecondsPath !== undefined) {
    const r = readPathInEnv(effective, env, state.SecondsPath);
    if (!r.found) {
      throw new StatesError(StatesErrors.Runtime, `The SecondsPath parameter does not reference an input value: ${state.SecondsPath}`);
    }
    const v = r.value;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new StatesError(
        StatesErrors.Runtime,
        `The SecondsPath parameter cannot be parsed as a long value: ${state.SecondsPath} == ${JSON.stringify(v)}`,
      );
    }
    if (v > MAX_WAIT_SECONDS) {
      // Wording is Stepscope's: no recording shows AWS's text for this limit.
      throw new StatesError(
        StatesErrors.Runtime,
        `The SecondsPath parameter references a value over the maximum of ${MAX_WAIT_SECONDS} seconds: ${state.SecondsPath} == ${v}`,
      );
    }
    waitMs = v * 1000;
  } else if (state.TimestampPath !== undefined) {
    const r = readPathInEnv(effective, env, state.TimestampPath);
    if (!r.found) {
      throw new StatesError(StatesErrors.Runtime, `The TimestampPath parameter does not reference an input value: ${state.TimestampPath}`);
    }
    const at = typeof r.value === 'string' ? parseAwsTimestamp(r.value) : undefined;
    if (at === undefined) {
      const shown = typeof r.value === 'string' ? r.value : JSON.stringify(r.value);
      throw new StatesError(
        StatesErrors.Runtime,
        `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${state.TimestampPath} == ${shown}`,
      );
    }
    waitMs = at - exec.scheduler.now();
  }
  if (waitMs > 0) {
    const ok = await sleepInScope(exec, visit.scope, Math.min(waitMs, MAX_DATE_MS - exec.scheduler.now()));
    if (!ok) return { kind: 'failed', failure: { aborted: true } as Failure, terminal: true };
  }
  if (visit.plan.assign !== undefined) visit.assigned = jsonPathAssignment(visit.plan.assign, effective, env);
  return nextStep(applyOutputPath(effective, state.OutputPath, env), state.End ? undefined : state.Next);
}

/** Sleeps unless the scope is aborted first; resolves false when aborted. */
async function sleepInScope(exec: Execution, scope: Scope, ms: number): Promise<boolean> {
  if (scope.aborted) return false;
  const timer = exec.scheduler.sleepCancellable(ms);
  (scope.onAbort ??= new Set()).add(timer.cancel);
  const fired = await timer.promise;
  scope.onAbort.delete(timer.cancel);
  return fired && !scope.aborted;
}

/** Delay before retry number `attempt` (0-based) of a retrier, in ms (Developer Guide, "Retrying after an error"). */
export function retryDelayMs(retrier: Retrier, attempt: number, random: Random): number {
  const interval = retrier.IntervalSeconds ?? 1;
  const rate = retrier.BackoffRate ?? 2;
  let seconds = interval * Math.pow(rate, attempt);
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  // No retry waits longer than AWS's longest interval, whatever the backoff grows to.
  seconds = Math.min(seconds, MAX_WAIT_SECONDS);
  if (retrier.JitterStrategy === 'FULL') seconds = random.next() * seconds;
  return Math.round(seconds * 1000);
}

/** Applies a Catch: the error output placed into the raw input with the catcher's ResultPath. */
function catchOutput(rawInput: Json, catcher: Catcher, failure: Failure): Json {
  return applyResultPath(rawInput, errorOutputOf(failure), catcher.ResultPath);
}

/** The error output a Catch receives: `{ Error, Cause }`. */
function errorOutputOf(failure: Failure): JsonObject {
  // A timed-out task's error output carries an empty Cause (conformance: error_handling/test_invoke_timeout).
  const cause = failure.cause ?? (failure.error === StatesErrors.Timeout ? '' : null);
  return { Error: failure.error ?? null, Cause: cause };
}

async function runWithRetryCatch(
  exec: Execution,
  visit: Visit,
  state: TaskState | ParallelState | MapState,
  rawInput: Json,
): Promise<StepResult> {
  const retriers = state.Retry ?? [];
  const attempts = new Array<number>(retriers.length).fill(0);
  if (exec.startRetries !== undefined && visit.scope === exec.root && visit.name === exec.options.startAt?.state) {
    // The resumed visit of RunOptions.startAt keeps the retries it had made (debug/fork.ts).
    exec.startRetries.forEach((n, i) => {
      if (i < attempts.length) attempts[i] = n;
      for (let k = 0; k < n; k++) visit.countRetry();
    });
    exec.startRetries = undefined;
  }
  for (;;) {
    let failure: StateFailure;
    try {
      const output = await runResultState(exec, visit, state, rawInput);
      return nextStep(output, state.End ? undefined : state.Next);
    } catch (err) {
      if (err instanceof HistoryLimitExceeded) throw err;
      failure = failureOf(err, visit);
    }
    if (visit.scope.aborted || ('aborted' in failure.failure)) {
      return { kind: 'failed', failure: failure.failure, terminal: true };
    }
    if (failure.terminal) {
      failure.onFinal?.();
      return { kind: 'failed', failure: failure.failure, terminal: true };
    }
    const retryIndex = retriers.findIndex((r) => errorMatches(r.ErrorEquals, failure.failure.error));
    if (retryIndex >= 0) {
      const retrier = retriers[retryIndex];
      const max = retrier.MaxAttempts ?? 3;
      if (attempts[retryIndex] < max) {
        const delay = retryDelayMs(retrier, attempts[retryIndex], exec.random);
        attempts[retryIndex]++;
        visit.countRetry();
        if (exec.debug?.onError !== undefined) {
          let stopped = debugHandledError(exec, visit, rawInput, failure.failure, 'retried');
          if (stopped instanceof Promise) stopped = await stopped;
          if (stopped) return { kind: 'failed', failure: { aborted: true } as Failure, terminal: true };
        }
        if (delay > 0) {
          const ok = await sleepInScope(exec, visit.scope, Math.min(delay, MAX_DATE_MS - exec.scheduler.now()));
          if (!ok) return { kind: 'failed', failure: { aborted: true } as Failure, terminal: true };
        }
        continue;
      }
    }
    failure.onFinal?.();
    const catcher = (state.Catch ?? []).find((c) => errorMatches(c.ErrorEquals, failure.failure.error));
    if (catcher) {
      if (exec.debug?.onError !== undefined) {
        let stopped = debugHandledError(exec, visit, rawInput, failure.failure, 'caught');
        if (stopped instanceof Promise) stopped = await stopped;
        if (stopped) return { kind: 'failed', failure: { aborted: true } as Failure, terminal: true };
      }
      visit.assigned = undefined;
      if (visit.plan.jsonata) {
        // $states.errorOutput is the error output; Output defaults to it (states_variables/test_*_catch_error_*).
        const errorOutput = errorOutputOf(failure.failure);
        const at = state.Catch!.indexOf(catcher);
        const r = await evaluateAssignAndOutput(catcher, jsonataEnv(visit, rawInput, { errorOutput }), errorOutput, `Catch[${at}]/`);
        visit.assigned = r.assignment;
        return nextStep(r.output, catcher.Next);
      }
      const output = catchOutput(rawInput, catcher, failure.failure);
      if (catcher.Assign !== undefined) {
        visit.assigned = jsonPathAssignment(compilePayloadTemplate(catcher.Assign, 'Assign'), errorOutputOf(failure.failure), visit);
      }
      return nextStep(output, catcher.Next);
    }
    return { kind: 'failed', failure: failure.failure, terminal: false };
  }
}

function runResultState(exec: Execution, visit: Visit, state: TaskState | ParallelState | MapState, rawInput: Json): Promise<Json> {
  switch (state.Type) {
    case 'Task':
      return runTask(exec, visit, state, rawInput);
    case 'Parallel':
      return runParallel(exec, visit, state, rawInput);
    case 'Map':
      return runMap(exec, visit, state, rawInput);
  }
}

/** Finishes a result-producing state: ResultSelector → ResultPath → OutputPath. */
function finishResult(visit: Visit, state: TaskState | ParallelState | MapState, rawInput: Json, result: Json): Json | Promise<Json> {
  if (visit.plan.jsonata) return finishJsonataResult(visit, state, rawInput, result);
  let r = result;
  const resultSelector = visit.plan.resultSelector;
  if (resultSelector !== undefined) r = applyCompiledTemplate(resultSelector, r, visit);
  if (visit.plan.assign !== undefined) visit.assigned = jsonPathAssignment(visit.plan.assign, r, visit);
  const merged = applyResultPath(rawInput, r, state.ResultPath);
  return applyOutputPath(merged, state.OutputPath, visit);
}

/** Finishes a JSONata Task, Parallel or Map: Assign and Output, with `$states.result`. */
async function finishJsonataResult(visit: Visit, state: TaskState | ParallelState | MapState, rawInput: Json, result: Json): Promise<Json> {
  const r = await evaluateAssignAndOutput(state, jsonataEnv(visit, rawInput, { result }), result);
  visit.assigned = r.assignment;
  return r.output;
}

function resolveSeconds(
  value: number | string | undefined,
  path: string | undefined,
  input: Json,
  env: DataflowEnv,
): number | undefined {
  if (typeof value === 'number') return value;
  if (path !== undefined) {
    const r = readPathInEnv(input, env, path);
    if (!r.found) throw new StatesError(StatesErrors.Runtime, `Invalid path '${path}' : ${r.message}`);
    if (typeof r.value === 'number') return r.value;
    throw new StatesError(StatesErrors.Runtime, `The value at path '${path}' is not a positive integer: ${JSON.stringify(r.value)}`);
  }
  return undefined;
}

async function runTask(exec: Execution, visit: Visit, state: TaskState, rawInput: Json): Promise<Json> {
  const resource = parseTaskResource(state.Resource);
  const env: DataflowEnv = visit;
  const effective = applyInputPath(rawInput, state.InputPath, env);
  let taskToken: string | undefined;
  let paramEnv = env;
  if (resource.pattern === 'waitForTaskToken') {
    taskToken = uuidFrom(exec.random);
    paramEnv = new ExtendedEnv(visit, { Task: { Token: taskToken } });
  }
  const compiledParameters = visit.plan.parameters;
  let parameters: Json;
  let timeoutSeconds: number | undefined;
  let heartbeatSeconds: number | undefined;
  let jenv: JsonataEnv | undefined;
  if (visit.plan.jsonata) {
    jenv = jsonataEnv(visit, rawInput, undefined, paramEnv.context as JsonObject);
    parameters = state.Arguments !== undefined ? await evaluateJsonataTemplate(state.Arguments, 'Arguments', jenv) : rawInput;
    timeoutSeconds = await evaluateNumberField(state.TimeoutSeconds, 'TimeoutSeconds', jenv);
    heartbeatSeconds = await evaluateNumberField(state.HeartbeatSeconds, 'HeartbeatSeconds', jenv);
  } else {
    parameters = compiledParameters !== undefined ? applyCompiledTemplate(compiledParameters, effective, paramEnv) : effective;
    timeoutSeconds = resolveSeconds(state.TimeoutSeconds, state.TimeoutSecondsPath, effective, env);
    heartbeatSeconds = resolveSeconds(state.HeartbeatSeconds, state.HeartbeatSecondsPath, effective, env);
  }
  const flow = visit.flow;
  const paramsText = exec.payloadText(parameters, visit.name);

  // Scheduled
  if (resource.kind === 'lambda-function') {
    const d: JsonObject = { input: paramsText, inputDetails: { truncated: false }, resource: resource.arn };
    if (timeoutSeconds !== undefined) d.timeoutInSeconds = timeoutSeconds;
    exec.emit(flow, 'LambdaFunctionScheduled', 'lambdaFunctionScheduledEventDetails', d);
  } else if (resource.kind === 'activity') {
    const d: JsonObject = { input: paramsText, inputDetails: { truncated: false }, resource: resource.arn };
    if (heartbeatSeconds !== undefined) d.heartbeatInSeconds = heartbeatSeconds;
    if (timeoutSeconds !== undefined) d.timeoutInSeconds = timeoutSeconds;
    exec.emit(flow, 'ActivityScheduled', 'activityScheduledEventDetails', d);
  } else {
    const d: JsonObject = {};
    if (heartbeatSeconds !== undefined) d.heartbeatInSeconds = heartbeatSeconds;
    d.parameters = paramsText;
    d.region = resource.region ?? exec.region;
    d.resource = resource.resource;
    d.resourceType = resource.resourceType;
    if (state.Credentials !== undefined) {
      // The event names the role `roleArn` whatever the definition's casing (conformance: credentials/*).
      const creds = jenv !== undefined
        ? await evaluateJsonataTemplate(state.Credentials, 'Credentials', jenv)
        : applyPayloadTemplate(state.Credentials, effective, env, 'Credentials');
      const role = creds !== null && typeof creds === 'object' && !Array.isArray(creds) ? (creds.RoleArn ?? creds.roleArn) : undefined;
      d.taskCredentials = role !== undefined ? { roleArn: role } : creds;
    }
    if (timeoutSeconds !== undefined) d.timeoutInSeconds = timeoutSeconds;
    exec.emit(flow, 'TaskScheduled', 'taskScheduledEventDetails', d);
  }

  // Concurrent branches interleave at each step of a Task, as AWS records them
  // (conformance: timeouts/test_service_lambda_map_timeout).
  if (visit.mapIndex !== undefined || visit.scope !== exec.root) await undefined;
  const invocationIndex = exec.nextInvocation(visit.name);
  let outcome: TaskOutcome;
  const pending = invokeSafely(exec.invoker, {
    stateName: visit.name,
    resource: state.Resource,
    parameters,
    invocationIndex,
    attempt: visit.retryCount,
    taskToken,
    mapIterationIndex: visit.mapIndex,
    context: paramEnv.context,
  });
  // Started. An activity starts when a worker picks it up, so its worker's name comes with the outcome.
  if (resource.kind === 'lambda-function') exec.emit(flow, 'LambdaFunctionStarted');
  else if (resource.kind !== 'activity') {
    exec.emit(flow, 'TaskStarted', 'taskStartedEventDetails', { resource: resource.resource, resourceType: resource.resourceType });
  }
  if (visit.mapIndex !== undefined || visit.scope !== exec.root) await undefined;
  outcome = await pending;
  // Nothing answered: a registered child state machine or a task token from outside may (engine/callbacks).
  let submittedEmitted = false;
  if (isUnanswered(outcome)) {
    const linked = await answerUnanswered(exec, visit, resource, parameters, taskToken, timeoutSeconds, heartbeatSeconds);
    if (linked) {
      outcome = linked.outcome;
      submittedEmitted = linked.submittedEmitted;
    }
  }
  if (resource.kind === 'activity') {
    exec.emit(flow, 'ActivityStarted', 'activityStartedEventDetails', { workerName: outcome.workerName ?? 'stepscope-worker' });
  }
  if (visit.scope.aborted) throw new StateFailure({ aborted: true } as Failure, true);

  if (!submittedEmitted && resource.kind === 'service' && resource.pattern !== 'request-response') {
    // The request was accepted before the callback / job outcome arrived, whatever that outcome is.
    exec.emit(flow, 'TaskSubmitted', 'taskSubmittedEventDetails', {
      output: JSON.stringify(outcome.submitted ?? {}),
      outputDetails: { truncated: false },
      resource: resource.resource,
      resourceType: resource.resourceType,
    });
  }
  if (outcome.kind === 'success') {
    let result = outcome.output;
    if (resource.kind === 'lambda-function') {
      // A Lambda function ARN Task receives the function's Payload (Step Functions Local mocks hold the Invoke response).
      if (result !== null && typeof result === 'object' && !Array.isArray(result) && 'Payload' in result) {
        result = (result as JsonObject).Payload;
      }
      const text = exec.payloadText(result, visit.name);
      exec.emit(flow, 'LambdaFunctionSucceeded', 'lambdaFunctionSucceededEventDetails', { output: text, outputDetails: { truncated: false } });
    } else if (resource.kind === 'activity') {
      const text = exec.payloadText(result, visit.name);
      exec.emit(flow, 'ActivitySucceeded', 'activitySucceededEventDetails', { output: text, outputDetails: { truncated: false } });
    } else {
      const text = exec.payloadText(result, visit.name);
      exec.emit(flow, 'TaskSucceeded', 'taskSucceededEventDetails', {
        output: text,
        outputDetails: { truncated: false },
        resource: resource.resource,
        resourceType: resource.resourceType,
      });
    }
    return finishResult(visit, state, rawInput, result);
  }

  const failure: Failure = { ...outcome.failure };
  const details: JsonObject = {};
  if (failure.cause !== undefined) details.cause = failure.cause;
  if (failure.error !== undefined) details.error = failure.error;
  if (resource.kind === 'lambda-function') {
    exec.emit(flow, outcome.kind === 'timeout' ? 'LambdaFunctionTimedOut' : 'LambdaFunctionFailed', outcome.kind === 'timeout' ? 'lambdaFunctionTimedOutEventDetails' : 'lambdaFunctionFailedEventDetails', details);
  } else if (resource.kind === 'activity') {
    exec.emit(flow, outcome.kind === 'timeout' ? 'ActivityTimedOut' : 'ActivityFailed', outcome.kind === 'timeout' ? 'activityTimedOutEventDetails' : 'activityFailedEventDetails', details);
  } else {
    details.resource = resource.resource;
    details.resourceType = resource.resourceType;
    exec.emit(flow, outcome.kind === 'timeout' ? 'TaskTimedOut' : 'TaskFailed', outcome.kind === 'timeout' ? 'taskTimedOutEventDetails' : 'taskFailedEventDetails', details);
  }
  throw new StateFailure(failure, false);
}

/**
 * Calls the invoker and turns whatever it does into a TaskOutcome: an exception or a rejected
 * promise becomes a task failure named after the exception, and a success without a JSON value
 * becomes `null`. An invoker's bug fails the Task; it never crashes the execution.
 */
function invokeSafely(invoker: TaskInvoker, request: TaskRequest): Promise<TaskOutcome> | TaskOutcome {
  const fromError = (err: unknown): TaskOutcome => ({
    kind: 'failure',
    failure: {
      error: err instanceof Error ? err.name || 'Error' : 'Error',
      cause: err instanceof Error ? err.message : String(err),
    },
  });
  const tidy = (o: TaskOutcome): TaskOutcome => {
    if (o === null || typeof o !== 'object') {
      return { kind: 'failure', failure: { error: 'Stepscope.InvalidTaskOutcome', cause: `The task invoker returned ${String(o)} instead of an outcome.` } };
    }
    if (o.kind === 'success' && o.output === undefined) return { ...o, output: null };
    return o;
  };
  try {
    const r = invoker.invoke(request);
    return r instanceof Promise ? r.then(tidy, fromError) : tidy(r);
  } catch (err) {
    return fromError(err);
  }
}

/** After a branch of a Parallel/Map failed: the siblings' aborted events, in branch order. */
function emitAborts(exec: Execution, flow: Flow, scopes: Scope[], failedIndex: number, iterationName?: string): void {
  scopes.forEach((scope, i) => {
    if (!scope) return;
    if (iterationName !== undefined && i !== failedIndex && scope.current) {
      exec.emit(flow, 'MapIterationAborted', 'mapIterationAbortedEventDetails', { index: i, name: iterationName }, false);
    }
    const cur = scope.current;
    if (cur) {
      const aborted = ABORTABLE[cur.state.Type];
      if (aborted) exec.emit(flow, aborted, undefined, undefined, false);
    }
  });
}

/**
 * Redrive (engine/redrive): the plan for a Parallel / inline Map visit, if its scope holds one for
 * this state. Taken once: a retry of the visit, or a later visit of the state, runs it whole.
 */
function takeRedrive(visit: Visit): CompoundResume | undefined {
  const pending = visit.scope.redrive;
  if (pending === undefined || pending.state !== visit.name) return undefined;
  visit.scope.redrive = undefined;
  return pending.compound;
}

/** Sets up the scope of a branch (iteration) a redrive resumes mid-flow; returns the input of its resumed state. */
function resumeInScope(exec: Execution, scope: Scope, flow: FlowResume): Json {
  if (flow.variables !== undefined) seedVariables(scope, flow.variables, exec.variableBudget);
  if (flow.compound !== undefined) scope.redrive = { state: flow.state, compound: flow.compound };
  return flow.input;
}

async function runParallel(exec: Execution, visit: Visit, state: ParallelState, rawInput: Json): Promise<Json> {
  const env: DataflowEnv = visit;
  let effective = applyInputPath(rawInput, state.InputPath, env);
  const parameters = visit.plan.parameters;
  if (parameters !== undefined) effective = applyCompiledTemplate(parameters, effective, env);
  if (visit.plan.jsonata && state.Arguments !== undefined) {
    effective = await evaluateJsonataTemplate(state.Arguments, 'Arguments', jsonataEnv(visit, rawInput));
  }
  const flow = visit.flow;
  exec.emit(flow, 'ParallelStateStarted');
  const group = newScope(visit.scope);
  const scopes: Scope[] = [];
  const flows: Flow[] = [];
  let firstFailure: { failure: Failure; source: number; index: number } | undefined;
  const resume = takeRedrive(visit);
  const results = await runGroup(
    exec.scheduler,
    state.Branches.length,
    0,
    async (i) => {
      const redriven: BranchRedrive = resume === undefined ? undefined : branchRedrive(resume, i);
      // A redrive keeps a branch that succeeded in the earlier attempt: its output, no events.
      if (redriven?.kind === 'kept') return { ok: true, output: redriven.output, outputText: undefined } satisfies BranchResult;
      const scope = newScope(group);
      scopes[i] = scope;
      if (exec.debugBranches !== undefined) setDebugBranch(exec, scope, visit, `branch ${i}`);
      const branchFlow: Flow = { source: flow.source };
      flows[i] = branchFlow;
      const r =
        redriven === undefined
          ? await runBranch(exec, state.Branches[i], effective, branchFlow, scope, undefined)
          : await runBranch(exec, state.Branches[i], resumeInScope(exec, scope, redriven.flow), branchFlow, scope, undefined, undefined, redriven.flow.state);
      // The branch's scope is discarded: its variables no longer count (engine/variables).
      if (scope.sizes !== undefined) releaseScopeVariables(scope, exec.variableBudget);
      if (!r.ok && 'failure' in r && !firstFailure) {
        firstFailure = { failure: r.failure, source: r.source, index: i };
        abortScope(group);
      }
      return r;
    },
    () => !firstFailure,
  );
  removeChild(visit.scope, group);
  if (firstFailure) {
    const failFlow: Flow = { source: firstFailure.source };
    emitAborts(exec, failFlow, scopes, firstFailure.index);
    flow.source = failFlow.source;
    throw new StateFailure(firstFailure.failure, false, () => exec.emit(flow, 'ParallelStateFailed'));
  }
  for (const f of flows) if (f && f.source > flow.source) flow.source = f.source;
  const outputs = results.map((r) => (r && r.ok ? r.output : null));
  exec.emit(flow, 'ParallelStateSucceeded', undefined, undefined, false);
  return finishResult(visit, state, rawInput, outputs);
}

function resolveMaxConcurrency(state: MapState, input: Json, env: DataflowEnv): number {
  if (typeof state.MaxConcurrency === 'number') return state.MaxConcurrency;
  if (state.MaxConcurrencyPath !== undefined) {
    const r = readPathInEnv(input, env, state.MaxConcurrencyPath);
    if (!r.found) throw new StatesError(StatesErrors.Runtime, `Invalid path '${state.MaxConcurrencyPath}' : ${r.message}`);
    const v = r.value;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      const shown = typeof v === 'string' ? v : JSON.stringify(v);
      throw new StatesError(
        StatesErrors.Runtime,
        `The MaxConcurrencyPath field refers to value "${shown}" which is not a valid integer: ${state.MaxConcurrencyPath}`,
      );
    }
    return v;
  }
  return 0;
}

async function runMap(exec: Execution, visit: Visit, state: MapState, rawInput: Json): Promise<Json> {
  if ((state.ItemProcessor ?? state.Iterator)?.ProcessorConfig?.Mode === 'DISTRIBUTED') return runMapDistributed(exec, visit, state, rawInput);
  const env: DataflowEnv = visit;
  const effective = applyInputPath(rawInput, state.InputPath, env);
  let items: Json = effective;
  let jsonataConcurrency: number | undefined;
  if (visit.plan.jsonata) {
    // A JSONata failure here fails the Map before it starts: EvaluationFailed, then MapStateFailed
    // (scenarios/test_map_state_items_eval_jsonata_fail__*).
    try {
      const jenv = jsonataEnv(visit, rawInput);
      items = await evaluateMapItems(state.Items, rawInput, jenv);
      jsonataConcurrency = (await evaluateNumberField(state.MaxConcurrency, 'MaxConcurrency', jenv)) ?? 0;
    } catch (err) {
      if (err instanceof HistoryLimitExceeded) throw err;
      const f = failureOf(err, visit);
      throw new StateFailure(f.failure, f.terminal, () => exec.emit(visit.flow, 'MapStateFailed'));
    }
  } else if (state.ItemsPath !== undefined) {
    const r = readPathInEnv(effective, env, state.ItemsPath);
    if (!r.found) throw new StatesError(StatesErrors.Runtime, `Invalid path '${state.ItemsPath}' : ${r.message}`);
    items = r.value;
  }
  if (!Array.isArray(items)) {
    throw new StatesError(
      StatesErrors.Runtime,
      `Map state input must be an array but was: ${JSON.stringify(items)}`,
    );
  }
  const list = items;
  const maxConcurrency = jsonataConcurrency ?? resolveMaxConcurrency(state, effective, env);
  const processor = state.ItemProcessor ?? state.Iterator;
  if (!processor) throw new StatesError(StatesErrors.Runtime, 'Map state has no ItemProcessor.');
  exec.emit(visit.flow, 'MapStateStarted', 'mapStateStartedEventDetails', { length: list.length });
  const run = new InlineMapRun(exec, visit, list, effective, processor);
  const yieldFirst = maxConcurrency !== 1;
  const results = await runGroup(
    exec.scheduler,
    list.length,
    maxConcurrency,
    // A redrive's iterations go through InlineMapRun.redrive; chosen once per visit, so an ordinary
    // Map's iterations test nothing for it.
    run.resume !== undefined
      ? (i) => run.redrive(i, yieldFirst)
      : // Kept small on purpose: with MaxConcurrency 0 every iteration is suspended here at once,
        // and a suspended async function keeps its whole frame; the work is in InlineMapRun's methods.
        async (i) => {
          const iteration = run.start(i);
          // Let the other ready iterations start before this one runs, as AWS does.
          if (yieldFirst) await undefined;
          let input = run.itemInput(iteration);
          if (input instanceof Promise) input = await input;
          if (input === ITERATION_FAILED) return iteration.failed!;
          return run.finish(iteration, await run.process(iteration, input));
        },
    () => !run.firstFailure,
  );
  const flow = visit.flow;
  removeChild(visit.scope, run.group);
  const firstFailure = run.firstFailure;
  if (firstFailure) {
    const failFlow: Flow = { source: firstFailure.source };
    emitAborts(exec, failFlow, run.scopes, firstFailure.index, visit.name);
    flow.source = failFlow.source;
    throw new StateFailure(firstFailure.failure, false, () => exec.emit(flow, 'MapStateFailed'));
  }
  const outputs = results.map((r) => (r && r.ok ? r.output : null));
  // MapStateSucceeded (and the MapStateExited after it) follow the last iteration's success event.
  if (run.lastIterationEvent > 0) flow.source = run.lastIterationEvent;
  exec.emit(flow, 'MapStateSucceeded', undefined, undefined, false);
  return finishResult(visit, state, rawInput, outputs);
}

/** Returned by InlineMapRun.itemInput when the ItemSelector failed the iteration. */
const ITERATION_FAILED: unique symbol = Symbol('iteration failed');

/** One iteration of an inline Map: its `$$.Map.Item`, flow of control and scope. */
interface MapIteration {
  readonly index: number;
  /** `$$.Map.Item`: `{ Index, Value }`. */
  readonly item: JsonObject;
  readonly flow: Flow;
  readonly scope: Scope;
  /** Set when the ItemSelector failed the iteration. */
  failed?: BranchResult;
}

/** The iterations of one inline Map visit: what they share, and their bookkeeping. */
class InlineMapRun {
  readonly group: Scope;
  readonly scopes: Scope[] = [];
  firstFailure: { failure: Failure; source: number; index: number } | undefined = undefined;
  /** Id of the last MapIterationSucceeded event (0 before any). */
  lastIterationEvent = 0;
  /** Redrive: what the earlier attempt of this visit left (engine/redrive); undefined otherwise. */
  readonly resume: CompoundResume | undefined;
  private readonly selector: CompiledTemplate | undefined;

  constructor(
    private readonly exec: Execution,
    private readonly visit: Visit,
    private readonly list: readonly Json[],
    /** The Map's effective input, which ItemSelector reads. */
    private readonly effective: Json,
    private readonly processor: StateMachineDefinition,
  ) {
    this.group = newScope(visit.scope);
    this.selector = visit.plan.itemSelector;
    this.resume = takeRedrive(visit);
  }

  /**
   * Iteration `i` of a redriven visit: one that succeeded in the earlier attempt keeps its output
   * and writes no event (not even MapIterationStarted); one that failed or was aborted starts
   * again (MapIterationStarted) and goes on from its failed state with that state's recorded input;
   * any other runs as usual.
   */
  async redrive(i: number, yieldFirst: boolean): Promise<BranchResult> {
    const redriven = branchRedrive(this.resume!, i);
    if (redriven?.kind === 'kept') return { ok: true, output: redriven.output, outputText: undefined };
    const iteration = this.start(i);
    if (yieldFirst) await undefined;
    if (redriven !== undefined) {
      const input = resumeInScope(this.exec, iteration.scope, redriven.flow);
      return this.finish(iteration, await this.process(iteration, input, redriven.flow.state));
    }
    let input = this.itemInput(iteration);
    if (input instanceof Promise) input = await input;
    if (input === ITERATION_FAILED) return iteration.failed!;
    return this.finish(iteration, await this.process(iteration, input));
  }

  /** Starts iteration `i`: MapIterationStarted. */
  start(i: number): MapIteration {
    const scope = newScope(this.group);
    this.scopes[i] = scope;
    if (this.exec.debugBranches !== undefined) setDebugBranch(this.exec, scope, this.visit, `iteration ${i}`);
    const iteration: MapIteration = {
      index: i,
      item: { Index: i, Value: this.list[i] },
      flow: { source: this.visit.flow.source },
      scope,
      failed: undefined,
    };
    this.exec.emit(iteration.flow, 'MapIterationStarted', 'mapIterationStartedEventDetails', { index: i, name: this.visit.name });
    return iteration;
  }

  /** The iteration's input: its item, or what the ItemSelector makes of it. */
  itemInput(iteration: MapIteration): Json | typeof ITERATION_FAILED | Promise<Json | typeof ITERATION_FAILED> {
    const { exec, visit, selector } = this;
    if (selector === undefined) return this.list[iteration.index];
    if (visit.plan.jsonata) return this.jsonataItemInput(iteration);
    const selEnv: DataflowEnv = { context: buildContext(exec, visit, iteration.item), random: exec.random, lookupVariable: (n) => visit.lookupVariable(n) };
    try {
      return applyCompiledTemplate(selector, this.effective, selEnv);
    } catch (err) {
      return this.selectorFailed(iteration, err);
    }
  }

  /** A JSONata ItemSelector: `$states.input` is the Map's input, `$states.context.Map.Item` the item. */
  private async jsonataItemInput(iteration: MapIteration): Promise<Json | typeof ITERATION_FAILED> {
    const { exec, visit } = this;
    const template = (visit.state as MapState).ItemSelector ?? (visit.state as MapState).Parameters;
    try {
      const context = buildContext(exec, visit, iteration.item);
      return await evaluateJsonataTemplate(template!, 'ItemSelector', jsonataEnv(visit, this.effective, undefined, context));
    } catch (err) {
      if (err instanceof HistoryLimitExceeded) throw err;
      return this.selectorFailed(iteration, err);
    }
  }

  private selectorFailed(iteration: MapIteration, err: unknown): typeof ITERATION_FAILED {
    if (this.firstFailure) {
      // Another iteration already failed the Map: this one only stops.
      if (err instanceof HistoryLimitExceeded) throw err;
      iteration.failed = { ok: false, aborted: true };
      return ITERATION_FAILED;
    }
    // A JSONata ItemSelector's EvaluationFailed belongs to the iteration's flow (no recording shows AWS's order).
    const f = failureOf(err, this.visit, iteration.flow);
    iteration.failed = { ok: false, failure: f.failure, source: iteration.flow.source };
    if (!this.firstFailure) {
      this.firstFailure = { failure: f.failure, source: iteration.flow.source, index: iteration.index };
      abortScope(this.group);
    }
    return ITERATION_FAILED;
  }

  /** Runs the ItemProcessor on the iteration's input. */
  process(iteration: MapIteration, input: Json, startName?: string): Promise<BranchResult> {
    return runBranch(this.exec, this.processor, input, iteration.flow, iteration.scope, iteration, undefined, startName);
  }

  /** Ends an iteration whose processor ran: MapIterationSucceeded, or MapIterationFailed for the first failure. */
  finish(iteration: MapIteration, r: BranchResult): BranchResult {
    const { exec, visit } = this;
    const i = iteration.index;
    // The iteration's scope is discarded: its variables no longer count (engine/variables). Only a
    // scope that assigned has sizes to release.
    if (iteration.scope.sizes !== undefined) releaseScopeVariables(iteration.scope, exec.variableBudget);
    if (r.ok) {
      this.lastIterationEvent = exec.emit(iteration.flow, 'MapIterationSucceeded', 'mapIterationSucceededEventDetails', { index: i, name: visit.name }, false);
      if (iteration.flow.source > visit.flow.source) visit.flow.source = iteration.flow.source;
    } else if ('failure' in r && !this.firstFailure) {
      this.firstFailure = { failure: r.failure, source: r.source, index: i };
      exec.emit({ source: r.source }, 'MapIterationFailed', 'mapIterationFailedEventDetails', { index: i, name: visit.name }, false);
      abortScope(this.group);
    }
    return r;
  }
}

// ---------------------------------------------------------------------------------------------
// Debugger hooks (RunOptions.debug; the session lives in src-main/common/debug). Only called when
// a debugger is attached.

/** Records the branch path of a Parallel branch / Map iteration scope: the visit's branch, its state, `label`. */
function setDebugBranch(exec: Execution, scope: Scope, visit: Visit, label: string): void {
  const parent = exec.debugBranches!.get(visit.scope) ?? [];
  exec.debugBranches!.set(scope, [...parent, visit.name, label]);
}

/** A hook's argument: where the state runs, plus `extra`. */
function debugInfo<T extends object>(
  exec: Execution,
  name: string,
  state: State,
  scope: Scope,
  extra: T,
): T & { stateName: string; stateType: State['Type']; branch: readonly string[]; mapIterationIndex: number | undefined; variables(): JsonObject } {
  const branch = exec.debugBranches!.get(scope) ?? [];
  let mapIterationIndex: number | undefined;
  // The path alternates state name, label: labels sit at odd indexes.
  for (let i = branch.length - 1; i > 0 && mapIterationIndex === undefined; i -= 2) {
    if (branch[i].startsWith('iteration ')) mapIterationIndex = Number(branch[i].slice(10));
  }
  return {
    ...extra,
    stateName: name,
    stateType: state.Type,
    branch,
    mapIterationIndex,
    variables: () => visibleVariables(scope) as JsonObject,
  };
}

/** What DebugHooks.child learns about a child that `visit` starts. */
function childDebugInfo(exec: Execution, visit: Visit, start: ChildStart): ChildDebugInfo {
  const { stateName, stateType, branch, mapIterationIndex } = debugInfo(exec, visit.name, visit.state, visit.scope, {});
  const info: ChildDebugInfo = {
    parent: { stateName, stateType, branch, mapIterationIndex },
    startedBy: start.startedBy,
    executionName: start.name,
    executionArn: start.executionArn,
    stateMachineName: start.stateMachineName,
    stateMachineArn: start.stateMachineArn,
  };
  if (start.index !== undefined) info.itemIndex = start.index;
  return info;
}

/** True (and the execution aborted) when a hook asked to stop. */
function debugStopped(exec: Execution, verdict: DebugVerdict): boolean {
  if (verdict === undefined || !('stop' in verdict)) return false;
  abortScope(exec.root);
  return true;
}

/** Reports a retried or caught error to the debugger; true when it stopped the execution (a promise while paused). */
function debugHandledError(exec: Execution, visit: Visit, rawInput: Json, failure: Failure, handling: 'retried' | 'caught'): boolean | Promise<boolean> {
  const info = debugInfo(exec, visit.name, visit.state, visit.scope, {
    input: rawInput,
    error: failure.error,
    cause: failure.cause,
    handling,
  });
  const verdict = exec.debug!.onError!(info);
  if (verdict instanceof Promise) return verdict.then((v) => debugStopped(exec, v) || visit.scope.aborted);
  return debugStopped(exec, verdict) || visit.scope.aborted;
}

// ---------------------------------------------------------------------------------------------
// Linked runs: Distributed Map runs, child executions (states:startExecution) and task tokens
// answered from outside. The decisions live in engine/states and engine/callbacks; these are the
// hooks that give them the execution's events, clock and data flow.

/** The execution's time limit: its TimeoutSeconds, and at most five minutes for an Express run. */
function executionTimeoutSeconds(definition: StateMachineDefinition, type: RunOptions['type']): number | undefined {
  const own = definition.TimeoutSeconds !== undefined && definition.TimeoutSeconds > 0 ? definition.TimeoutSeconds : undefined;
  if (type !== 'EXPRESS') return own;
  return own !== undefined ? Math.min(own, EXPRESS_MAX_SECONDS) : EXPRESS_MAX_SECONDS;
}

/** Waits for the children started without waiting (plain startExecution), off the clock's books. */
async function settleBackground(exec: Execution): Promise<void> {
  const pending = exec.linked.background;
  if (pending.length === 0) return;
  exec.scheduler.park();
  while (pending.length > 0) await pending.shift();
  exec.scheduler.unpark();
}

/** Adds what only linked runs have (children, ResultWriter output, Express) to a result. */
function withLinks(exec: Execution, result: RunResult): RunResult {
  const linked = exec.linked;
  if (exec.options.type === 'EXPRESS') result.type = 'EXPRESS';
  if (linked.children.length > 0) result.children = linked.children;
  if (exec.options.s3Objects !== undefined || linked.store.writes.length > 0) {
    // Only the run that owns the store reports its writes (children share their parent's).
    if (linked.store.writes.length > 0) result.s3Writes = linked.store.writes.map((o) => ({ Bucket: o.bucket, Key: o.key, Body: o.body }));
  }
  return result;
}

/** What starts a child execution. */
interface ChildStart {
  definition: StateMachineDefinition;
  input: Json;
  name: string;
  executionArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  type: 'STANDARD' | 'EXPRESS';
  startedBy: ChildRunResult['startedBy'];
  mapRunArn?: string;
  /** A Map Run child: its item (or batch) index. */
  index?: number;
  /** A Map Run child of a batched Map: the items its batch holds. */
  batch?: { first: number; count: number };
}

/**
 * Starts a child execution on the parent's clock, sharing its invoker (and mock invocation
 * counts), S3 store and task-token broker. It runs in the calling coroutine; `abort` ends it with
 * ExecutionAborted. Its result is added to the parent's `children` when it ends.
 */
function startChildExecution(exec: Execution, start: ChildStart, visit: Visit): { result: Promise<ChildRunResult>; abort: () => void } {
  const parentOptions = exec.options;
  const options: RunOptions = {
    definition: start.definition,
    input: start.input,
    invoker: parentOptions.invoker,
    seed: Math.floor(exec.random.next() * 4294967296),
    executionName: start.name,
    stateMachineName: start.stateMachineName,
    roleArn: parentOptions.roleArn ?? (exec.contextExecution.RoleArn as string),
    region: exec.region,
    account: exec.account,
    quotas: parentOptions.quotas,
    stateMachines: parentOptions.stateMachines,
    behaviourAsOf: parentOptions.behaviourAsOf,
    type: start.type,
    yieldToHost: parentOptions.yieldToHost,
    monotonicClock: parentOptions.monotonicClock,
    jsonataBudget: parentOptions.jsonataBudget,
  };
  if (exec.debug?.child !== undefined) {
    const hooks = exec.debug.child(childDebugInfo(exec, visit, start));
    if (hooks !== undefined) options.debug = hooks;
  }
  const inherited: InheritedRun = {
    scheduler: exec.scheduler,
    invocationCounts: exec.invocationCounts,
    executionArn: start.executionArn,
    stateMachineArn: start.stateMachineArn,
    parent: exec.linked,
  };
  const child = new Execution(options, inherited);
  const result = runExecutionIn(child).then((r): ChildRunResult => {
    const done: ChildRunResult = { ...r, stateMachineArn: start.stateMachineArn, startedBy: start.startedBy, parentExecutionArn: exec.executionArn, input: start.input };
    if (start.type === 'EXPRESS') done.type = 'EXPRESS';
    if (start.mapRunArn !== undefined) done.mapRunArn = start.mapRunArn;
    if (start.index !== undefined) done.itemIndex = start.index;
    if (start.batch !== undefined) done.batch = start.batch;
    exec.linked.children.push(done);
    return done;
  });
  return { result, abort: () => abortScope(child.root) };
}

/**
 * Redrive (engine/redrive/mapRun.ts): the Map Run plan of RunOptions.startAt.mapRun, for the
 * resumed top-level visit only. Taken once: a retry of the visit starts a new Map Run.
 */
function takeMapRunRedrive(exec: Execution, visit: Visit): MapRunResume | undefined {
  const pending = exec.startMapRun;
  if (pending === undefined || visit.scope !== exec.root || visit.name !== exec.options.startAt?.state) return undefined;
  exec.startMapRun = undefined;
  return pending;
}

/** A Map state in Distributed mode: a Map Run of child executions (engine/states/distributedMap.ts). */
async function runMapDistributed(exec: Execution, visit: Visit, state: MapState, rawInput: Json): Promise<Json> {
  const effective = applyInputPath(rawInput, state.InputPath, visit);
  const processor = (state.ItemProcessor ?? state.Iterator)!;
  const queryLanguage = processor.QueryLanguage ?? state.QueryLanguage ?? exec.options.definition.QueryLanguage;
  const childDefinition: StateMachineDefinition = queryLanguage !== undefined ? { ...processor, QueryLanguage: queryLanguage } : processor;
  const flow = visit.flow;
  const selector = visit.plan.itemSelector;
  const jsonata = visit.plan.jsonata;
  const host: DistributedMapHost = {
    stateName: visit.name,
    scheduler: exec.scheduler,
    store: exec.linked.store,
    behaviourAsOf: exec.options.behaviourAsOf,
    region: exec.region,
    account: exec.account,
    stateMachineName: exec.contextStateMachine.Name as string,
    emit: (type, key, details, advance = true) => exec.emit(flow, type, key, details, advance),
    emitAfter: (previous, type, key, details) => exec.emit({ source: previous }, type, key, details, false),
    setSource: (id) => {
      flow.source = id;
    },
    readPath: (input, path) => readPathInEnv(input, visit, path),
    evaluateField: (template, input, field) =>
      jsonata ? evaluateJsonataTemplate(template, field, jsonataEnv(visit, rawInput)) : applyPayloadTemplate(template, input, visit, field),
    itemInput: (index, value) => {
      const itemSelector = state.ItemSelector ?? state.Parameters;
      if (itemSelector === undefined) return value;
      const context = buildContext(exec, visit, { Index: index, Value: value });
      if (jsonata) return evaluateJsonataTemplate(itemSelector, 'ItemSelector', jsonataEnv(visit, effective, undefined, context));
      const env: DataflowEnv = { context, random: exec.random, lookupVariable: (n) => visit.lookupVariable(n) };
      return applyCompiledTemplate(selector!, effective, env);
    },
    jsonata,
    evaluateItems: () => evaluateMapItems(state.Items, rawInput, jsonataEnv(visit, rawInput)),
    evaluateNumber: (value, field, integer) => evaluateNumberField(value, field, jsonataEnv(visit, rawInput), integer),
    uuid: () => uuidFrom(exec.random),
    now: () => exec.scheduler.now(),
    startChild: (req: ChildExecutionRequest) => startChildExecution(exec, { ...req, definition: childDefinition, startedBy: 'mapRun' }, visit),
    redrive: takeMapRunRedrive(exec, visit),
    onAbort: (fn) => {
      const set = (visit.scope.onAbort ??= new Set());
      set.add(fn);
      return () => visit.scope.onAbort?.delete(fn);
    },
  };
  const outcome = await runDistributedMap(host, state, effective);
  if (visit.scope.aborted) throw new StateFailure({ aborted: true } as Failure, true);
  if (!outcome.ok) throw new StateFailure(outcome.failure, false, outcome.final);
  return finishResult(visit, state, rawInput, outcome.result);
}

/**
 * Answers a Task that the invoker left unanswered, when the engine can: `states:startExecution`
 * of a state machine registered in `RunOptions.stateMachines` runs it as a child execution;
 * `aws-sdk:sfn:sendTask*` reaches the broker; `.waitForTaskToken` Tasks and activities wait for a
 * token from the broker. Undefined: the invoker's failure stands.
 */
async function answerUnanswered(
  exec: Execution,
  visit: Visit,
  resource: TaskResource,
  parameters: Json,
  taskToken: string | undefined,
  timeoutSeconds: number | undefined,
  heartbeatSeconds: number | undefined,
): Promise<{ outcome: TaskOutcome; submittedEmitted: boolean } | undefined> {
  const params = parameters !== null && typeof parameters === 'object' && !Array.isArray(parameters) ? parameters : {};
  if (resource.kind === 'service' && resource.resourceType === 'states' && resource.resource.startsWith('startExecution')) {
    const arn = typeof params.StateMachineArn === 'string' ? params.StateMachineArn : undefined;
    const registered = arn !== undefined ? exec.options.stateMachines?.[arn] : undefined;
    if (arn !== undefined && registered) return startExecutionTask(exec, visit, resource, arn, registered, params, taskToken, timeoutSeconds, heartbeatSeconds);
    return undefined;
  }
  if (resource.kind === 'service' && resource.resourceType === 'aws-sdk:sfn' && /^sendTask(Success|Failure|Heartbeat)$/.test(resource.resource)) {
    const broker = exec.linked.broker ?? exec.linked.internalBroker();
    const token = typeof params.TaskToken === 'string' ? params.TaskToken : '';
    try {
      if (resource.resource === 'sendTaskSuccess') {
        const out = params.Output;
        broker.sendTaskSuccess(token, typeof out === 'string' ? parseJsonText(out) : (out ?? null));
      } else if (resource.resource === 'sendTaskFailure') {
        broker.sendTaskFailure(token, typeof params.Error === 'string' ? params.Error : undefined, typeof params.Cause === 'string' ? params.Cause : undefined);
      } else broker.sendTaskHeartbeat(token);
    } catch (err) {
      if (err instanceof TaskTokenError) return { outcome: { kind: 'failure', failure: { error: `Sfn.${err.code}Exception`, cause: err.message } }, submittedEmitted: false };
      throw err;
    }
    return { outcome: { kind: 'success', output: {} }, submittedEmitted: false };
  }
  const broker = exec.linked.broker;
  if (!broker || (resource.pattern !== 'waitForTaskToken' && resource.kind !== 'activity')) return undefined;
  let submittedEmitted = false;
  if (resource.pattern === 'waitForTaskToken') {
    emitSubmitted(exec, visit, resource, {});
    submittedEmitted = true;
  }
  const outcome = await waitForToken(exec, visit, broker, resource, taskToken ?? uuidFrom(exec.random), parameters, timeoutSeconds, heartbeatSeconds);
  return { outcome, submittedEmitted };
}

function emitSubmitted(exec: Execution, visit: Visit, resource: TaskResource, output: Json): void {
  exec.emit(visit.flow, 'TaskSubmitted', 'taskSubmittedEventDetails', {
    output: JSON.stringify(output),
    outputDetails: { truncated: false },
    resource: resource.resource,
    resourceType: resource.resourceType,
  });
}

function waitForToken(
  exec: Execution,
  visit: Visit,
  broker: TaskTokenBroker,
  resource: TaskResource,
  token: string,
  input: Json,
  timeoutSeconds: number | undefined,
  heartbeatSeconds: number | undefined,
): Promise<TaskOutcome> {
  return awaitTaskToken({
    broker,
    scheduler: exec.scheduler,
    virtual: exec.linked.virtual,
    token,
    kind: resource.kind === 'activity' ? 'activity' : 'callback',
    executionArn: exec.executionArn,
    stateName: visit.name,
    resource: resource.arn,
    input,
    timeoutSeconds,
    heartbeatSeconds,
    onAbort: (fn) => {
      const set = (visit.scope.onAbort ??= new Set());
      set.add(fn);
      return () => visit.scope.onAbort?.delete(fn);
    },
  });
}

function parseJsonText(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/**
 * `states:startExecution` of a registered state machine (Developer Guide, "Start a new AWS Step
 * Functions state machine execution"): the child runs in this engine. Request-response returns
 * `{ ExecutionArn, StartDate }` at once (the child runs on its own); `.sync` and `.sync:2` wait for
 * it and return its DescribeExecution (input and output as JSON text for `.sync`, as JSON for
 * `.sync:2`), failing with States.TaskFailed and that description as the cause when it does not
 * succeed; `.waitForTaskToken` starts it and waits for the token (the child answers with an
 * `aws-sdk:sfn:sendTaskSuccess` Task, or the outside through the broker).
 */
async function startExecutionTask(
  exec: Execution,
  visit: Visit,
  resource: TaskResource,
  arn: string,
  registered: RegisteredStateMachine,
  params: JsonObject,
  taskToken: string | undefined,
  timeoutSeconds: number | undefined,
  heartbeatSeconds: number | undefined,
): Promise<{ outcome: TaskOutcome; submittedEmitted: boolean }> {
  const type = registered.type ?? 'STANDARD';
  const smName = arn.slice(arn.lastIndexOf(':') + 1);
  const arnParts = arn.split(':');
  const name = typeof params.Name === 'string' ? params.Name : uuidFrom(exec.random);
  const executionArn = `arn:aws:states:${arnParts[3] || exec.region}:${arnParts[4] || exec.account}:${type === 'EXPRESS' ? 'express' : 'execution'}:${smName}:${name}`;
  const rawInput = params.Input;
  const input: Json = rawInput === undefined ? {} : typeof rawInput === 'string' ? parseJsonText(rawInput) : rawInput;
  const startDate = exec.scheduler.now();
  const child = startChildExecution(exec, {
    definition: registered.definition,
    input,
    name,
    executionArn,
    stateMachineArn: arn,
    stateMachineName: smName,
    type,
    startedBy: 'startExecution',
  }, visit);
  const started: JsonObject = { ExecutionArn: executionArn, StartDate: startDate };
  if (resource.pattern === 'request-response' || resource.pattern === 'waitForTaskToken') {
    // The child runs as a coroutine of its own; the parent does not wait for it.
    exec.scheduler.spawn(1);
    exec.linked.background.push(child.result.then(() => exec.scheduler.exit()));
    if (resource.pattern === 'request-response') return { outcome: { kind: 'success', output: started }, submittedEmitted: false };
    emitSubmitted(exec, visit, resource, started);
    const broker = exec.linked.broker ?? exec.linked.internalBroker();
    const outcome = await waitForToken(exec, visit, broker, resource, taskToken ?? uuidFrom(exec.random), params, timeoutSeconds, heartbeatSeconds);
    return { outcome, submittedEmitted: true };
  }
  emitSubmitted(exec, visit, resource, started);
  const unregister = (() => {
    const set = (visit.scope.onAbort ??= new Set());
    set.add(child.abort);
    return () => visit.scope.onAbort?.delete(child.abort);
  })();
  const r = await child.result;
  unregister();
  const asText = resource.pattern === 'sync';
  const description: JsonObject = {
    ExecutionArn: executionArn,
    Input: asText ? JSON.stringify(input) : input,
    InputDetails: { Included: true },
    Name: name,
  };
  if (r.status === 'SUCCEEDED') {
    description.Output = asText ? JSON.stringify(r.output ?? null) : (r.output ?? null);
    description.OutputDetails = { Included: true };
  } else {
    if (r.error !== undefined) description.Error = r.error;
    if (r.cause !== undefined) description.Cause = r.cause;
  }
  Object.assign(description, {
    RedriveCount: 0,
    RedriveStatus: 'NOT_REDRIVABLE',
    RedriveStatusReason: `Execution is ${r.status} and cannot be redriven`,
    StartDate: r.startDate,
    StateMachineArn: arn,
    Status: r.status,
    StopDate: r.stopDate,
  });
  if (r.status === 'SUCCEEDED') return { outcome: { kind: 'success', output: description }, submittedEmitted: true };
  // AWS's cause is the description as JSON text (conformance: callback/test_start_execution_sync_delegate_failure).
  return { outcome: { kind: 'failure', failure: { error: StatesErrors.TaskFailed, cause: JSON.stringify(description) } }, submittedEmitted: true };
}
