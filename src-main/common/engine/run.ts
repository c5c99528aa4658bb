import type { Json, JsonObject } from '../json';
import type { State, StateMachineDefinition } from '../asl/types';
import type { ExecutionStatus, HistoryEvent } from '../history/events';
import type { Clock, EventSink, MonotonicClock, Random, TaskInvoker } from './ports';
import type { JsonataBudget } from './jsonata/evaluate';
import type { ObjectSource, S3ObjectInput } from './itemReader/objectStore';
import type { TaskTokenBroker } from './callbacks/taskTokenBroker';
import type { CompoundResume } from './redrive/resume';
import type { MapRunResume } from './redrive/mapRun';

/** Limits AWS enforces; `false` turns one off (benchmarks, Express-style runs). */
export interface Quotas {
  /** Max UTF-8 bytes of a state's input/output or the execution's input/output. AWS: 262,144. */
  payloadBytes: number | false;
  /** Max events in one execution's history. AWS Standard: 25,000. */
  historyEvents: number | false;
}

/** AWS's quotas for a Standard workflow. */
export const AWS_QUOTAS: Quotas = { payloadBytes: 262_144, historyEvents: 25_000 };

/**
 * What changes for an Express workflow. AWS keeps no history for Express and stops it after five
 * minutes of real time (applied by the interpreter on the virtual clock). A run that never waits
 * (a Choice or Pass loop) takes no virtual time, so on its own the five minutes would never pass
 * and the run would grow without bound: Stepscope, which records Express events anyway, stops it
 * after EXPRESS_LOCAL_EVENT_LIMIT events with Stepscope's own error (EXPRESS_EVENT_LIMIT_ERROR),
 * never claiming AWS would have. Quotas.historyEvents overrides it.
 */
export const EXPRESS_QUOTAS: Partial<Quotas> = { historyEvents: 100_000 };

/** Stepscope's bound on the events of one local Express execution (see EXPRESS_QUOTAS). */
export const EXPRESS_LOCAL_EVENT_LIMIT = EXPRESS_QUOTAS.historyEvents as number;

/** The error an Express execution fails with at EXPRESS_LOCAL_EVENT_LIMIT: Stepscope's, not AWS's. */
export const EXPRESS_EVENT_LIMIT_ERROR = 'Stepscope.EventLimitExceeded';

/**
 * Stepscope's bound on one payload (a state's input or output, a Task's result) when AWS's
 * payload quota is turned off (`Quotas.payloadBytes: false`: benchmarks, tests that need big
 * payloads). Without it a loop whose payload grows each pass (a Catch feeding an error Cause that
 * quotes the input back into the state, escaping doubling it) would grow until the host runs out
 * of memory. 16 MiB is 64 times AWS's 256 KiB; past it the run fails with Stepscope's own error
 * (PAYLOAD_CEILING_ERROR), never claiming AWS would have.
 */
export const LOCAL_PAYLOAD_CEILING_BYTES = 16 * 1024 * 1024;

/** The error a run fails with past LOCAL_PAYLOAD_CEILING_BYTES: Stepscope's, not AWS's. */
export const PAYLOAD_CEILING_ERROR = 'Stepscope.PayloadLimitExceeded';

/** Longest an Express execution may run, in seconds (Developer Guide, "Quotas"). */
export const EXPRESS_MAX_SECONDS = 300;

/**
 * Longest a Standard execution may run, in seconds: one year (Developer Guide, "Quotas": past the
 * maximum execution time of one year an execution fails with States.Timeout). Applied on the
 * virtual clock, so a Wait loop stops a year after the start instead of running to year 21829.
 */
export const STANDARD_MAX_SECONDS = 365 * 24 * 60 * 60;

/** Standard or Express workflow (Developer Guide, "Choosing workflow type"). */
export type WorkflowType = 'STANDARD' | 'EXPRESS';

/**
 * A state machine a Task may start with `arn:aws:states:::states:startExecution[.sync|.sync:2|.waitForTaskToken]`,
 * registered under its ARN in `RunOptions.stateMachines`.
 */
export interface RegisteredStateMachine {
  definition: StateMachineDefinition;
  /** Default STANDARD. */
  type?: WorkflowType;
}

/** Everything needed to run one execution. */
export interface RunOptions {
  definition: StateMachineDefinition;
  input: Json;
  /** Answers Task invocations (mocks, local handlers). */
  invoker: TaskInvoker;
  /** Defaults to a virtual clock starting at `startTime`. */
  clock?: Clock;
  /** Epoch ms the virtual clock starts at. Default: 2024-01-01T00:00:00.000Z. */
  startTime?: number;
  /** Seed for States.MathRandom, States.UUID, jitter and task tokens. Default 0. */
  seed?: number;
  /** Overrides the seeded random source. */
  random?: Random;
  /**
   * The host's monotonic clock (ports.ts), for the time part of each JSONata evaluation's budget.
   * Without one only the step budget applies (the engine never reads the host's time itself).
   */
  monotonicClock?: MonotonicClock;
  /** The budget of each JSONata evaluation; default DEFAULT_JSONATA_BUDGET (jsonata/evaluate.ts). */
  jsonataBudget?: JsonataBudget;
  executionName?: string;
  stateMachineName?: string;
  /** Defaults to arn:aws:iam::111111111111:role/StepscopeRole. */
  roleArn?: string;
  /** The version (`...:stateMachine:Name:3`) and alias ARNs the execution was started through, as ExecutionStarted records them. */
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
  /**
   * TestState's `context`: the Context object (`$$`) the run's states see, as given instead of the
   * one the engine builds (with `$$.Map.Item` added inside a Map iteration).
   */
  contextObject?: JsonObject;
  region?: string;
  account?: string;
  quotas?: Partial<Quotas>;
  /** Receives each event as it is emitted, in addition to the returned list. */
  sink?: EventSink;
  /**
   * Called with every event of the execution and of its child executions (Map Run children,
   * started state machines) as it is emitted: how a watchdog outside the run's thread tells a run
   * that makes progress from one that is stuck (test/fuzz). Child events still come back only in
   * `RunResult.children`; this changes nothing in any history.
   */
  progress?: (event: HistoryEvent) => void;
  /**
   * Receives each child execution (Map Run children, started state machines, at any depth) as it
   * ends, with its own history. When given, children are handed over instead of kept:
   * `RunResult.children` stays empty and a child's `children` is absent (its own children were
   * handed over before it, as they ended first). A run with many children then holds only the
   * running ones' histories (a host streams the finished ones to its store; the fuzz campaign
   * checks and drops them). `depth`: 1 for a child of this run, 2 for a child of a child…
   * Changes nothing in any history.
   */
  onChildFinished?: (child: ChildRunResult, depth: number) => void;
  /** When false, events are only sent to `sink` and `RunResult.events` is empty. Default true. */
  collectEvents?: boolean;
  /**
   * Standard (default) or Express. An Express run has no history-event quota and at most five
   * minutes of (clock) time; Stepscope still records its events, and marks its result EXPRESS.
   */
  type?: WorkflowType;
  /**
   * S3 objects the execution can read (a Distributed Map's ItemReader; conformance cases'
   * `s3Objects`). A ResultWriter writes into the same in-memory store; see `RunResult.s3Writes`.
   */
  s3Objects?: readonly S3ObjectInput[];
  /**
   * S3 objects read on demand from outside the run (the host's local S3 folder), under the
   * `s3Objects` (which win for the same bucket and key). Read-only: writes stay in memory.
   */
  s3Source?: ObjectSource;
  /**
   * State machines that `states:startExecution` Tasks may start, by state machine ARN. When the
   * invoker does not answer such a Task (no mock, no handler), the named machine runs as a child
   * execution in this engine; its history comes back in `RunResult.children`.
   */
  stateMachines?: Readonly<Record<string, RegisteredStateMachine>>;
  /**
   * Answers `.waitForTaskToken` Tasks and activities that the invoker does not answer, from
   * outside: `sendTaskSuccess` / `sendTaskFailure` / `sendTaskHeartbeat` (see callbacks/taskTokenBroker.ts
   * for how waiting interacts with the virtual clock). Without one, such a Task keeps the invoker's failure.
   */
  taskTokens?: TaskTokenBroker;
  /**
   * Answers a Task that nothing else answered: the invoker said Stepscope.MockNotFound or
   * Stepscope.NoHandler and neither a registered state machine nor the task-token broker took it
   * (mocks/generateResponse.ts gives responses shaped like the service's). Without one, the
   * invoker's failure stands.
   */
  unansweredTasks?: TaskInvoker;
  /**
   * ISO date (YYYY-MM-DD) of the AWS behaviour to emulate where AWS changed its histories over
   * time (the conformance runner passes each case's recording date). Default: the latest known.
   */
  behaviourAsOf?: string;
  /**
   * A debugger attached to the run (src-main/common/debug): called before each state is entered,
   * after it exits and on errors, in every branch. Without one, the engine does no debugging work.
   */
  debug?: DebugHooks;
  /**
   * Lets the host answer requests during a long run (engine/hostYield.ts). Between two states of
   * a branch, every 128 states, when no other branch of the run could move meanwhile, the engine
   * calls it: a promise makes the run wait for it (e.g. `setImmediate`), undefined goes on at once
   * (the host decides, e.g. from the wall time since its last turn). The history is the same with
   * or without it.
   */
  yieldToHost?: () => Promise<void> | undefined;
  /**
   * Starts the top-level flow at `state` with `input` (and `variables` in the top-level scope)
   * instead of at StartAt with the execution's input: fork-from-event and redrive (debug/fork.ts).
   * `$$.Execution.Input` stays `RunOptions.input`.
   */
  startAt?: StartAt;
}

/** Where a forked or redriven run starts (RunOptions.startAt). */
export interface StartAt {
  /** A top-level state of the definition. */
  state: string;
  /** That state's raw input. */
  input: Json;
  /** The top-level workflow variables in effect when the state is entered. */
  variables?: JsonObject;
  /**
   * Redrive: the run continues an earlier attempt of the same execution. Its events are numbered
   * after `lastEventId`, it begins with ExecutionRedriven (with `redriveCount`) instead of
   * ExecutionStarted, and `$$.Execution.RedriveCount` is `redriveCount`.
   */
  redrive?: { lastEventId: number; redriveCount: number };
  /**
   * For a Task, Parallel or Map `state`: retries already made in the visit being resumed, per
   * retrier of its Retry (same order); its RetryCount is their sum.
   */
  retryAttempts?: number[];
  /**
   * Redrive of a Parallel or inline Map `state`: the branches (iterations) its earlier attempt
   * completed, kept with their outputs, and where the others go on (engine/redrive/resume.ts).
   * Applies to the first attempt of the resumed visit; a retry by its own Retry runs it whole.
   */
  resume?: CompoundResume;
  /**
   * Redrive of a Distributed Map `state`: its Map Run is redriven (MapRunRedriven, same ARN), the
   * children that succeeded in earlier attempts keep their outputs, and only the others run
   * (engine/redrive/mapRun.ts). Applies to the first attempt of the resumed visit.
   */
  mapRun?: MapRunResume;
}

/** Where a state visit runs, for the debugger. */
export interface DebugLocation {
  stateName: string;
  stateType: State['Type'];
  /**
   * The enclosing branches, outermost first: for a state in iteration 3 of Map "Fan", inside
   * branch 0 of Parallel "Par": `["Par", "branch 0", "Fan", "iteration 3"]`; `[]` at the top level.
   */
  branch: readonly string[];
  /**
   * How many iterations (branches) the Map (Parallel) of each label of `branch` runs, in order:
   * `[3]` for iteration 1 of a 3-item Map (`["Fan", "iteration 1"]`), so a view can say "iteration 2 of 3".
   * Optional for callers that build locations by hand.
   */
  branchSizes?: readonly number[];
  /** Index of the innermost enclosing Map iteration, if any. */
  mapIterationIndex: number | undefined;
}

/** What the debugger sees before a state is entered. */
export interface BeforeStateInfo extends DebugLocation {
  /** The raw input the state is about to receive. */
  input: Json;
  /** The workflow variables visible to the state (computed on call). */
  variables(): JsonObject;
}

/** What the debugger sees after a state exited successfully. */
export interface AfterStateInfo extends DebugLocation {
  output: Json;
  /** The next state; undefined when the branch ends. */
  next: string | undefined;
  /** For a Choice state: the index of the rule that matched, or 'Default' when none did (coverage). */
  choiceRule?: number | 'Default';
  variables(): JsonObject;
}

/**
 * An error seen by the debugger: `retried` or `caught` by the state's own Retry/Catch, or
 * `uncaught` (the state fails and the failure leaves its branch).
 */
export interface ErrorInfo extends DebugLocation {
  error: string | undefined;
  cause: string | undefined;
  handling: 'retried' | 'caught' | 'uncaught';
  /** The state's raw input. */
  input: Json;
  variables(): JsonObject;
}

/** A hook's answer: go on (undefined), go on with this input instead (`before` only), or stop the execution. */
export type DebugVerdict = void | undefined | { input: Json } | { stop: true };

/**
 * The engine's debugging port. A hook returns synchronously to let the branch go on at once, or
 * a promise to pause the branch until it settles. A paused branch counts as running for the
 * virtual clock (like a held task-token wait): no timer anywhere in the run fires while a branch
 * is paused. `{ stop: true }` aborts the whole execution (ExecutionAborted, as StopExecution).
 */
export interface DebugHooks {
  /** Called once as the execution starts, with a way to abort it at any time (Stop while nothing is paused). */
  onStart?(control: { abort(): void }): void;
  beforeState?(info: BeforeStateInfo): DebugVerdict | Promise<DebugVerdict>;
  afterState?(info: AfterStateInfo): DebugVerdict | Promise<DebugVerdict>;
  onError?(info: ErrorInfo): DebugVerdict | Promise<DebugVerdict>;
  /**
   * Called as this execution starts a child execution (a Distributed Map's child, a
   * `states:startExecution` child run by the engine); the hooks it returns debug the child (with
   * their own `onStart`), undefined lets the child run without a debugger.
   */
  child?(info: ChildDebugInfo): DebugHooks | undefined;
}

/** What the debugger learns about a child execution as it starts (DebugHooks.child). */
export interface ChildDebugInfo {
  /** The state of the parent that starts it: the Distributed Map, or the startExecution Task. */
  parent: DebugLocation;
  startedBy: 'mapRun' | 'startExecution';
  executionName: string;
  executionArn: string;
  /** The started state machine's name (a Map Run child: `<parent machine>/<Map label>`). */
  stateMachineName: string;
  stateMachineArn: string;
  /** A Map Run child: the index of its item (or batch). */
  itemIndex?: number;
}

/** A child execution started by this one: a Distributed Map iteration or a `states:startExecution` Task. */
export interface ChildRunResult extends RunResult {
  /** What started it. */
  startedBy: 'mapRun' | 'startExecution';
  /** The parent execution's ARN. */
  parentExecutionArn: string;
  /** For a Map Run's child: the Map Run's ARN. */
  mapRunArn?: string;
  /** For a Map Run's child: its index in the Map Run (its item, or its batch with an ItemBatcher). */
  itemIndex?: number;
  /** For a Map Run's child of a batched Map: the items its batch holds (index of the first, and how many). */
  batch?: { first: number; count: number };
  /** The input it was started with. */
  input: Json;
}

/** How an execution ended. */
export interface RunResult {
  status: Exclude<ExecutionStatus, 'RUNNING' | 'PENDING_REDRIVE'>;
  output?: Json;
  error?: string;
  cause?: string;
  events: HistoryEvent[];
  startDate: number;
  stopDate: number;
  executionArn: string;
  /** ARN of the state machine that ran. */
  stateMachineArn?: string;
  /** STANDARD, or EXPRESS for an Express run (its events are recorded all the same). */
  type?: WorkflowType;
  /** Child executions it started, each with its own history, in the order they finished (their own children nested). */
  children?: ChildRunResult[];
  /** Objects a ResultWriter wrote, in write order. */
  s3Writes?: S3ObjectInput[];
}
