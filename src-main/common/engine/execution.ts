import { DEFAULT_ARN_SCOPE, toExecutionArn, toStateMachineArn } from '../arn';
import type { Json, JsonObject } from '../json';
import { utf8Length } from '../json';
import { jsonTextProblem, toCheckedJsonText } from '../jsonLimits';
import type { State, StateMachineDefinition } from '../asl/types';
import type { HistoryEvent, HistoryEventType } from '../history/events';
import { StatesError, StatesErrors, type Failure } from './errors';
import { createSeededRandom, type Random, type TaskInvoker } from './ports';
import { AWS_QUOTAS, EXPRESS_QUOTAS, LOCAL_PAYLOAD_CEILING_BYTES, PAYLOAD_CEILING_ERROR, type ChildRunResult, type DebugHooks, type Quotas, type RunOptions } from './run';
import { createClockScheduler, createVirtualScheduler, type Scheduler } from './scheduler';
import { createHostYield, type HostYield } from './hostYield';
import { createLinkedRuns, type InheritedRun, type LinkedRuns } from './states/linkedRuns';
import type { CompoundResume } from './redrive/resume';
import type { MapRunResume } from './redrive/mapRun';
import { createVariableBudget, seedVariables, type VariableScope } from './variables/variables';
import { createStatePlan, type StatePlan } from './statePlan';

/*
 * The execution and event core: one running execution, the single allocator of its event ids,
 * the `previousEventId` of each flow of control (the main flow, each Parallel branch, each Map
 * iteration), and the scopes that nest with those flows. Everything that writes a history event
 * goes through `Execution.emit` (or its two fixed-shape variants), so ids are allocated in one
 * place and the history quota is checked in one place.
 */

/** When AWS added execution redrive, and `$$.Execution.RedriveCount` with it (see RunOptions.behaviourAsOf). */
const REDRIVE_LAUNCHED = '2023-11-15';

/** 2024-01-01T00:00:00.000Z: where the virtual clock starts unless told otherwise. */
export const DEFAULT_START_TIME = Date.UTC(2024, 0, 1);

/**
 * Tracks `previousEventId` for one flow of control (the main flow, a Parallel branch, a Map
 * iteration). AWS links each event to the event that caused it; most events move the flow's
 * "source" forward, a few (iteration/branch bookkeeping) do not.
 */
export interface Flow {
  source: number;
}

/**
 * Where an execution or a branch's scope stands: used to abort siblings after a failure. It is
 * also the scope of workflow variables: a Parallel branch or Map iteration reads its parents'.
 */
export interface Scope extends VariableScope {
  /** The enclosing scope (undefined for the execution's). */
  readonly parent: Scope | undefined;
  aborted: boolean;
  /** Callbacks to run when the scope is aborted (cancel sleeps, pending invocations). */
  onAbort?: Set<() => void>;
  /** Scopes nested in this one (Parallel branches, Map iterations); an array, as a Map can have thousands. */
  children?: Scope[];
  /** The visit currently running in this scope (for the <Type>StateAborted event); only its state is read here. */
  current?: { readonly state: State };
  /**
   * Redrive: what the earlier attempt of the Parallel / inline Map `state` left (engine/redrive),
   * taken by that state's first visit in this scope.
   */
  redrive?: { state: string; compound: CompoundResume };
}

/** The outcome of running one branch (a state machine, branch or iteration). */
export type BranchResult =
  | { ok: true; output: Json; /** The output's JSON text, already checked against the payload quota. */ outputText: string | undefined }
  | { ok: false; failure: Failure; source: number }
  | { ok: false; aborted: true };

/**
 * Thrown by the event allocator when the history quota is exhausted: not a state failure (no
 * Retry or Catch sees it) but the end of the execution, which the driver records.
 */
export class HistoryLimitExceeded extends Error {}

/** The events that end an execution: the only ones that may take the history quota's last id. */
const TERMINAL_EVENTS: ReadonlySet<HistoryEventType> = new Set<HistoryEventType>([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionAborted',
  'ExecutionTimedOut',
]);

/**
 * JSON text of a payload. A value nested over MAX_JSON_DEPTH levels (checked without recursion,
 * common/jsonLimits.ts) fails the state with States.Runtime rather than crashing.
 */
export function serialise(value: Json): string {
  const r = toCheckedJsonText(value);
  if (r.ok) return r.text;
  throw new StatesError(StatesErrors.Runtime, `The payload ${jsonTextProblem(r.reason)}.`, true);
}

/** Latest instant a JavaScript Date can hold (8.64e15 ms): the virtual clock never goes past it. */
export const MAX_DATE_MS = 8_640_000_000_000_000;

/** Longest single wait, in seconds: AWS's ceiling for Wait `Seconds` and Retry intervals. */
export const MAX_WAIT_SECONDS = 99_999_999;

/** The visit that starts a child execution: where it runs (for the debugger's child hooks). */
export interface ChildParent {
  readonly name: string;
  readonly state: State;
  readonly scope: Scope;
}

/** What starts a child execution. */
export interface ChildStart {
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
 * What the state bodies need from the driver (interpreter.ts) without importing it: running a
 * branch (a Parallel branch, a Map iteration) and starting a child execution. Passed to each
 * Execution once, so a state file never imports the interpreter back.
 */
export interface ExecutionDriver {
  /** Runs `machine` from StartAt (or `startName`) on `flow` in `scope` until it ends. */
  runBranch(
    exec: Execution,
    machine: StateMachineDefinition,
    input: Json,
    flow: Flow,
    scope: Scope,
    mapItem: { item: JsonObject; index: number } | undefined,
    inputText?: string,
    startName?: string,
  ): Promise<BranchResult>;
  /**
   * Starts a child execution on the parent's clock; it runs in the calling coroutine, `abort`
   * ends it with ExecutionAborted, and its result joins the parent's `children` when it ends.
   */
  startChild(exec: Execution, start: ChildStart, parent: ChildParent): { result: Promise<ChildRunResult>; abort: () => void };
}

/**
 * A running execution: its options, clock, randomness, quotas and linked runs, its Context object
 * parts, and its history. Ids come from one counter, so every event of the execution, in whichever
 * branch, is numbered in the order it was emitted.
 */
export class Execution {
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
  private readonly progress: RunOptions['progress'];
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
    /** The driver that runs branches and child executions (interpreter.ts). */
    readonly driver: ExecutionDriver,
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
    this.progress = options.progress;
    this.region = options.region ?? DEFAULT_ARN_SCOPE.region;
    const account = options.account ?? DEFAULT_ARN_SCOPE.account;
    const scope = { region: this.region, account };
    this.account = account;
    const smName = options.stateMachineName ?? 'StateMachine';
    const execName = options.executionName ?? uuidFrom(this.random);
    const smArn = inherited?.stateMachineArn ?? toStateMachineArn(smName, scope);
    this.stateMachineArn = smArn;
    this.executionArn =
      inherited?.executionArn ?? toExecutionArn(smName, execName, scope, options.type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD');
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
    const id = this.allocateId(TERMINAL_EVENTS.has(type));
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

  /** The id of the last event emitted so far (0 before the first). */
  get lastEventId(): number {
    return this.nextId - 1;
  }

  /** Emits the final execution event without quota checks (AWS always records how it ended). */
  emitFinal(flow: Flow, type: HistoryEventType, detailsKey: string, details: JsonObject): void {
    const id = this.nextId++;
    this.record({ id, previousEventId: flow.source, timestamp: this.isoNow(), type, [detailsKey]: details });
  }

  /**
   * The next event id; fails the execution at the history quota. Developer Guide, "Avoid reaching
   * the history quota": a hard quota of 25,000 entries; when an execution reaches 24,999 events it
   * waits for the next one, and if event 25,000 is not ExecutionSucceeded, ExecutionFailed is logged
   * instead. So ordinary events take ids up to the quota minus one, the event that ends the
   * execution may take the quota's own id, and the ExecutionFailed that the quota causes is
   * recorded (emitFinal) with the next id: never a gap, however many branches hit the quota at once
   * (issue #18 item 4), and never more entries than the quota (issue #16).
   */
  private allocateId(terminal = false): number {
    const limit = this.quotas.historyEvents;
    if (limit !== false && this.nextId >= (terminal ? limit + 1 : limit)) throw new HistoryLimitExceeded();
    const id = this.nextId++;
    return id;
  }

  private record(event: HistoryEvent): void {
    if (this.collect) this.events.push(event);
    this.sink?.emit(event);
    this.progress?.(event);
  }

  /** JSON text of a payload, checked against the payload quota. */
  payloadText(value: Json, what: string): string {
    return this.checkPayload(serialise(value), what);
  }

  /** `text` (a payload's JSON text) if it fits the payload quota; fails with States.DataLimitExceeded otherwise. */
  checkPayload(text: string, what: string): string {
    const limit = this.quotas.payloadBytes;
    if (limit === false) {
      // AWS's quota is off: only Stepscope's ceiling applies (LOCAL_PAYLOAD_CEILING_BYTES).
      if (text.length * 3 > LOCAL_PAYLOAD_CEILING_BYTES && utf8Length(text) > LOCAL_PAYLOAD_CEILING_BYTES) {
        throw new StatesError(
          PAYLOAD_CEILING_ERROR,
          `The state/task '${what}' returned a result of more than ${LOCAL_PAYLOAD_CEILING_BYTES} bytes: over Stepscope's own limit for runs with AWS's payload quota turned off.`,
          false,
        );
      }
      return text;
    }
    if (text.length * 3 > limit && utf8Length(text) > limit) {
      throw new StatesError(
        StatesErrors.DataLimitExceeded,
        `The state/task '${what}' returned a result with a size exceeding the maximum number of bytes service limit.`,
        false,
      );
    }
    return text;
  }

  /** The 0-based index of the next Task invocation of `stateName` (shared with child executions, for mock lookups). */
  nextInvocation(stateName: string): number {
    const n = this.invocationCounts.get(stateName) ?? 0;
    this.invocationCounts.set(stateName, n + 1);
    return n;
  }
}

/** A version-4 UUID drawn from `random` (execution names, task tokens): reproducible under a fixed seed. */
export function uuidFrom(random: Random): string {
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

/** A new scope nested in `parent` (a Parallel branch, a Map iteration or a group of them). */
export function newScope(parent: Scope): Scope {
  const scope = createScope(parent);
  (parent.children ??= []).push(scope);
  return scope;
}

/** Forgets a finished group of branches or iterations. */
export function removeChild(parent: Scope, child: Scope): void {
  const children = parent.children;
  const at = children ? children.indexOf(child) : -1;
  if (at >= 0) children!.splice(at, 1);
}

/** Aborts `scope` and every scope nested in it, running their abort callbacks (cancelled sleeps, waits). */
export function abortScope(scope: Scope): void {
  if (scope.aborted) return;
  scope.aborted = true;
  if (scope.children) for (const child of scope.children) abortScope(child);
  if (scope.onAbort) {
    for (const fn of scope.onAbort) fn();
    scope.onAbort.clear();
  }
}
