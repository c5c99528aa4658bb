import type { Diagnostic } from '../asl/parseDefinition';
import type { ExecutionStatus, HistoryEvent } from '../history/events';
import type { Json, JsonObject } from '../json';
import { validateBreakpoints, type Breakpoint } from '../debug/breakpoints';
import type { DebugSnapshot } from '../debug/debugSession';
import { v, type Infer, type Validator } from './validators';
import type { RedrivePreserved } from '../engine/redrive/resume';
import type { OpenedDefinition, UnopenedDefinition } from '../documents/loadDocument';

export type { MadeUpValue, OpenedDefinition, TemplateStateMachine, UnopenedDefinition } from '../documents/loadDocument';

/** What `documents.open` answers: the definition a file holds, or why it gives none (a template's state machines to choose from). */
export type OpenedDocument = OpenedDefinition | UnopenedDefinition;

/**
 * The service API, defined once. Each key is a method name written `noun.verb`; each value holds
 * that method's input validator and (as a type only) its output. `StepscopeApi` is derived from
 * this object, the service implements it, and every transport (Electron IPC, the browser host)
 * validates inputs with the same validators before a handler runs. Adding a call means one entry
 * here and one method in `node/service`.
 */

/** An execution's id: opaque, unique within one service. */
export type ExecutionId = string & { readonly __brand: 'ExecutionId' };

/** An example's id: the name of its folder under resources/examples. */
export type ExampleId = string & { readonly __brand: 'ExampleId' };

/** One mock test case of an example, ready to start an execution with. */
export interface ExampleTestCase {
  /** Test case name under `stateMachine` in the mock config. */
  name: string;
  /** What happens in it (from the example's manifest). */
  description?: string;
  /** How it ends (from the example's manifest). */
  expectedStatus?: ExecutionStatus;
}

/**
 * An example of the gallery: a definition with an input and a mock config, described by its
 * `example.json` manifest (resources/examples/README.md) or, without one, by its README.
 */
export interface Example {
  id: ExampleId;
  /** Its title (the manifest's, else the README's first heading, else the folder name). */
  title: string;
  /** One or two sentences about it. */
  summary: string;
  /** What the example teaches, as short phrases (may be empty). */
  teaches: string[];
  /** The definition as written in the example's file (JSON or YAML). */
  definitionText: string;
  input: Json;
  /** The MockConfigFile, when the example has one. */
  mockConfig?: Json;
  /** State machine of the mock config the test cases belong to. */
  stateMachine?: string;
  /** Test cases of `stateMachine`, in file order; the first is the one to run by default. */
  testCases: ExampleTestCase[];
}

/** The outcome of `definitions.validate`. */
export interface DefinitionValidation {
  /** True when no diagnostic is an error (warnings may remain). */
  valid: boolean;
  /** Every problem, with line and column where the text has one. */
  diagnostics: Diagnostic[];
}

/** Where an execution came from: a local run, or an import of a history recorded elsewhere. */
export type ExecutionOrigin = 'run' | 'import';

/**
 * An execution's status as Stepscope keeps it: AWS's statuses, plus INTERRUPTED for a local run
 * whose recording process stopped before the execution ended (its events up to then are kept).
 */
export type StoredExecutionStatus = ExecutionStatus | 'INTERRUPTED';

/** What a list of executions shows. */
export interface ExecutionSummary {
  executionId: ExecutionId;
  /** The execution's name (as in its ARN). */
  name: string;
  stateMachineName: string;
  status: StoredExecutionStatus;
  /** ISO-8601 start time of the execution (its own clock: virtual for local runs). */
  startDate: string;
  /** ISO-8601 stop time, once it has stopped. */
  stopDate?: string;
  /** History events recorded so far. */
  eventCount: number;
  origin: ExecutionOrigin;
  /** The execution this one was forked or redriven from, or its parent (absent for a fresh run or an import). */
  parent?: ExecutionParent;
  /**
   * Child executions stored under it (Distributed Map children, startExecution children); given
   * by the unfiltered `executions.list`, which leaves those children out of the list itself.
   */
  childCount?: number;
  /**
   * How many times the execution was redriven (AWS's redriveCount) when this is its latest
   * attempt; given by `executions.list` and `executions.get`, absent when never redriven.
   */
  redriveCount?: number;
  /**
   * A redriven execution's attempts, the first run first and this one last (each redrive is
   * stored as an attempt of its own; the unfiltered `executions.list` lists only the latest).
   */
  attempts?: ExecutionAttempt[];
  /** An attempt that was redriven since (given by `executions.get`): the execution's latest attempt. */
  latestAttempt?: ExecutionId;
}

/** One attempt of a redriven execution: its first run or one of its redrives. */
export interface ExecutionAttempt {
  executionId: ExecutionId;
  status: StoredExecutionStatus;
  /** ISO-8601: when the attempt started (a redrive: when it was redriven). */
  startDate: string;
  stopDate?: string;
  /** 0 for the first run, n for the n-th redrive. */
  redriveCount: number;
}

/**
 * The link of an execution to the one it came from: a fork or redrive to its original, or a
 * child execution to its parent (`mapRun`: an iteration of a Distributed Map's Map Run;
 * `startExecution`: started by a `states:startExecution` Task).
 */
export interface ExecutionParent {
  executionId: ExecutionId;
  /** The original's (or parent's) name, to show the link. */
  name: string;
  /**
   * The original's event it resumed from (a fork's chosen event; a redrive's last event); for a
   * Map Run's child, the parent's MapRunStarted event; for another child, the parent's last event.
   */
  eventId: number;
  kind: 'fork' | 'redrive' | 'mapRun' | 'startExecution';
  /** A Map Run's child: its index in the Map Run (its item, or its batch with an ItemBatcher), when stored. */
  itemIndex?: number;
  /** A Map Run's child of a batched Map: the items its batch holds (first index and count). */
  batch?: { first: number; count: number };
  /**
   * A redrive of a failed Parallel or Map: the branches (iterations, child executions) it kept
   * with their earlier results and those it ran again ("kept 2 of 5").
   */
  preserved?: RedrivePreserved;
}

/** The child executions of a Map Run counted by status (`executions.childCounts`). */
export interface ChildCounts {
  /** Child executions stored for the Map Run so far (a running Map Run's children are stored as each ends). */
  total: number;
  /** Of those, how many have each status, in the order RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, …; statuses with none are left out. */
  byStatus: Partial<Record<StoredExecutionStatus, number>>;
  /** Items those children processed: with an ItemBatcher each child holds a batch, else one item each. */
  items: number;
}

/** One execution in full, without its events (see `executions.events`). */
export interface ExecutionDetail extends ExecutionSummary {
  executionArn: string;
  definitionText: string;
  input: Json;
  output?: Json;
  error?: string;
  cause?: string;
}

/** The outcome of `executions.start`. */
export type StartOutcome =
  /** The execution runs; its events arrive as `execution.eventsAppended` pushes. */
  | { kind: 'started'; execution: ExecutionSummary }
  /** The definition has errors: nothing was started. */
  | { kind: 'invalid'; diagnostics: Diagnostic[] };

/** One page of an execution's history events. */
export interface EventsPage {
  executionId: ExecutionId;
  /** Events with ids greater than the requested `after`, in id order. */
  events: HistoryEvent[];
  /** Pass as `after` to get the next page; absent when this page reached the last recorded event. */
  nextAfter?: number;
  /** Status when the page was read (a RUNNING execution may still append events). */
  status: StoredExecutionStatus;
}

/** One file given to `executions.import`: the renderer has no file system, so it sends names and texts. */
export interface ImportFile {
  /** The file's name (used in messages, and to tell YAML from JSON by its extension). */
  name: string;
  text: string;
}

/** The outcome of `executions.import`: the stored executions, in the order they were found. */
export interface ImportOutcome {
  executions: ExecutionSummary[];
}

/**
 * A Task waiting for its task token to be answered from outside (`.waitForTaskToken` or an
 * activity): what the UI shows so that a person can answer it.
 */
export interface WaitingTask {
  taskToken: string;
  /** `callback` for `.waitForTaskToken`, `activity` for an activity Task. */
  kind: 'callback' | 'activity';
  executionId: ExecutionId;
  executionArn: string;
  stateName: string;
  /** The Task's Resource ARN. */
  resource: string;
  /** What the Task sent (its effective parameters, with the token inside). */
  input: Json;
  /** ISO-8601 time (the execution's clock) the wait began. */
  startedAt: string;
}

/** "Mocks from this execution": a mock config answering every Task as the execution's history says, saved in the store. */
export interface MocksFromExecutionOutcome {
  /** The MockConfigFile (Step Functions Local format). */
  config: JsonObject;
  /** Its state machine and test case: pass them with `config` as `executions.start`'s `mocks`. */
  stateMachine: string;
  testCase: string;
  /** Task invocations answered, per Task state. */
  invocations: Record<string, number>;
  /** The stored mock config's id. */
  mockConfigId: number;
}

/** A debugged execution's run control, as `debug.*` calls answer it and `debug.changed` pushes it. */
export interface DebugState {
  executionId: ExecutionId;
  snapshot: DebugSnapshot;
  /**
   * Increases with every snapshot the service hands out for this execution (pushed or answered):
   * a call's answer and a push may arrive in either order, and the higher version is the newer.
   */
  version: number;
}

/** A method's output type, attached to its contract entry without any runtime value. */
export interface Returns<T> {
  readonly __returns?: T;
}

/** Declares a method's output type: `returns<ExecutionSummary[]>()`. */
export function returns<T>(): Returns<T> {
  return {};
}

/** One entry of the contract. */
export interface MethodSpec<I = unknown, O = unknown> {
  input: Validator<I>;
  output: Returns<O>;
}

const executionId = v.map(v.string({ minLength: 1, maxLength: 200 }), (s) => s as ExecutionId);
const storedStatus = v.oneOf(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE', 'INTERRUPTED'] as const);
const taskToken = v.string({ minLength: 1, maxLength: 1024 });

/** Where a new execution comes from: an example's mocks, or any mock config and its test case. */
const mocksInput = v.optional(
  v.object({
    config: v.json(),
    stateMachine: v.string({ minLength: 1, maxLength: 80 }),
    testCase: v.string({ minLength: 1, maxLength: 200 }),
  }),
);

const nameRule = { minLength: 1, maxLength: 80, pattern: /^[A-Za-z0-9_-]+$/, patternText: '1-80 letters, digits, - or _' };
const stateMachineName = v.string(nameRule);
const stateName = v.string({ minLength: 1, maxLength: 80 });

/**
 * A breakpoint list (debug/breakpoints.ts): checked as JSON, then by `validateBreakpoints`, which
 * reports every problem; the first is the one returned, with where it is.
 */
const breakpointList: Validator<Breakpoint[]> = {
  expected: 'a list of breakpoints',
  check(value, where) {
    const json = v.array(v.json(), { maxItems: 500 }).check(value, where);
    if (!json.ok) return json;
    const problems = validateBreakpoints(json.value);
    if (problems.length > 0) return { ok: false, where, message: `is not a valid breakpoint list: ${problems.join('; ')}` };
    return { ok: true, value: json.value as unknown as Breakpoint[] };
  },
};

/** The input of a run-control call on a debugged execution. */
const debugTarget = v.object({ executionId });

/** Largest definition or input text accepted: AWS's definition quota is 1 MB; leave headroom for YAML. */
const MAX_TEXT = 4 * 1024 * 1024;

/**
 * Largest file text `executions.import` accepts: a 25,000-event history with execution data
 * runs to tens of megabytes (the browser host caps the whole request at 64 MiB).
 */
const MAX_IMPORT_TEXT = 48 * 1024 * 1024;

/** `Name=value` pairs a user gives for placeholders, parameters and resources (`documents.open`). */
const substitutionMap: Validator<Record<string, string>> = {
  expected: 'an object of names to strings',
  check(value, where) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, where, message: 'must be an object of names to strings' };
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length > 500) return { ok: false, where, message: 'must have at most 500 names' };
    for (const [name, text] of entries) {
      if (name === '' || name.length > 255) return { ok: false, where, message: 'names must be 1-255 characters long' };
      if (typeof text !== 'string' || text.length > 65536) return { ok: false, where: `${where}/${name}`, message: 'must be a string of at most 65,536 characters' };
    }
    return { ok: true, value: Object.fromEntries(entries) as Record<string, string> };
  },
};

/** Files a template names (DefinitionUri), by the path it names them with, when the caller has no path to read them beside it (`documents.open`). */
const linkedFiles: Validator<Record<string, string>> = {
  expected: 'an object of file paths to their text',
  check(value, where) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, where, message: 'must be an object of file paths to their text' };
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length > 50) return { ok: false, where, message: 'must have at most 50 files' };
    for (const [name, text] of entries) {
      if (name === '' || name.length > 1024) return { ok: false, where, message: 'paths must be 1-1024 characters long' };
      if (typeof text !== 'string' || text.length > MAX_TEXT) return { ok: false, where: `${where}/${name}`, message: `must be a string of at most ${MAX_TEXT} characters` };
    }
    return { ok: true, value: Object.fromEntries(entries) as Record<string, string> };
  },
};

/** A folder on the service's machine standing for S3 (`s3://bucket/key` is `<folder>/bucket/key`). */
const s3Root = v.optional(v.string({ minLength: 1, maxLength: 4096 }));

/** What `executions.start` and `debug.start` accept. */
const startShape = {
  /** A folder standing for S3, for a Distributed Map's ItemReader. */
  s3Root,
  definitionText: v.string({ minLength: 1, maxLength: MAX_TEXT }),
  input: v.optional(v.json()),
  mocks: mocksInput,
  /** Seed of States.UUID, States.MathRandom, jitter and task tokens. Default 0. */
  seed: v.optional(v.number({ integer: true, min: -2147483648, max: 4294967295 })),
  /** The gallery example this run comes from: its shipped files (S3 objects, child state machines) are provided. */
  exampleId: v.optional(v.string({ minLength: 1, maxLength: 200, pattern: /^[A-Za-z0-9_.-]+$/, patternText: 'an example folder name' })),
  /** Execution name; defaults to the test case name or a generated one. */
  name: v.optional(v.string({ minLength: 1, maxLength: 80, pattern: /^[A-Za-z0-9_-]+$/, patternText: '1-80 letters, digits, - or _' })),
  /** State machine name for ARNs and the Context object; defaults to the mock's state machine. */
  stateMachineName: v.optional(v.string({ minLength: 1, maxLength: 80, pattern: /^[A-Za-z0-9_-]+$/, patternText: '1-80 letters, digits, - or _' })),
  /**
   * A Task that nothing answers (no mock) gets a response generated from the service's model
   * (default true); false: it fails with Stepscope.MockNotFound. `executions.generatedResponses` lists them.
   */
  generateMissing: v.optional(v.boolean()),
  /**
   * Check the mocks' responses against the services' output shapes first (TestState's
   * fieldValidationMode). Default: no check, as Step Functions Local (use `mocks.check`, STRICT by default, in the editor).
   */
  fieldValidation: v.optional(v.oneOf(['STRICT', 'PRESENT', 'NONE'] as const)),
  /** STANDARD (default) or EXPRESS: an Express run gets an `express:` execution ARN and Express limits (engine/run.ts). */
  stateMachineType: v.optional(v.oneOf(['STANDARD', 'EXPRESS'] as const)),
  /** The execution role (ExecutionStarted's roleArn, `$$.StateMachine.RoleArn`); default the engine's made-up role. */
  roleArn: v.optional(v.string({ minLength: 1, maxLength: 256 })),
  /** The state machine version / alias ARN the run was started through (the API endpoint's StartExecution); recorded in ExecutionStarted. */
  stateMachineVersionArn: v.optional(v.string({ minLength: 1, maxLength: 2000 })),
  stateMachineAliasArn: v.optional(v.string({ minLength: 1, maxLength: 2000 })),
};

/** The answer given to a Task at an `unmocked-task` stop, or set for its next invocation. */
const taskResponseInput = v.object({
  kind: v.oneOf(['success', 'failure'] as const),
  output: v.optional(v.json()),
  error: v.optional(v.string({ maxLength: 256 })),
  cause: v.optional(v.string({ maxLength: 32768 })),
});

/** A Task invocation answered by a generated response (no mock). */
export interface GeneratedResponseRecord {
  stateName: string;
  invocationIndex: number;
  resource: string;
  /** The service model it was shaped from. */
  source: string;
}

/** A mocked response that does not fit its service's output shape (`mocks.check`). */
export interface MockShapeProblemRecord {
  stateMachine: string;
  testCase: string;
  state: string;
  response: string;
  invocation: string;
  field: string;
  /** JSON pointer into the mock config. */
  pointer: string;
  message: string;
}

/** The Step Functions API endpoint of the host (`endpoint.status`/`configure`). */
export interface SfnApiStatus {
  /** Whether this host lets the user turn it on and off (the desktop app's setting). */
  configurable: boolean;
  /** Whether it is meant to be served (the setting, or `serve`, which always serves it). */
  enabled: boolean;
  /** The port asked for; null: a free one. */
  port: number | null;
  /** `http://127.0.0.1:<port>` while it is served, else null. */
  url: string | null;
  /** Why it is not served although enabled (the port is taken…), else null. */
  error: string | null;
}

/** The contract: every method, its input validator and its output type. */
export const api = {
  /**
   * The page has subscribed to pushes and can receive them. Files the desktop app was asked to
   * open before (the command line, a second instance, the Finder) are pushed now as
   * `app.openRequested`, in the order they were asked for; later ones are pushed at once. A page
   * calls it once per load: after a reload the app keeps files again until the new page calls it.
   * Elsewhere (the browser host) nothing is waiting and it only answers.
   */
  'app.ready': { input: v.object({}), output: returns<null>() },

  /**
   * The Step Functions API endpoint this host serves (node/sfnApi), as the status bar shows it:
   * the desktop app serves it from a setting (off by default), `stepscope serve` always does.
   */
  'endpoint.status': { input: v.object({}), output: returns<SfnApiStatus>() },

  /**
   * Turns the desktop app's Step Functions API endpoint on or off (a setting it keeps); `port`
   * fixes its port (default: a free one). Loopback only, with `serve`'s safety defaults. Where the
   * endpoint is not the app's to change (the browser host), it answers the status unchanged.
   */
  'endpoint.configure': {
    input: v.object({ enabled: v.boolean(), port: v.optional(v.number({ integer: true, min: 0, max: 65535 })) }),
    output: returns<SfnApiStatus>(),
  },

  /**
   * Opens a definition from a file as the user has it: ASL (with `${Placeholders}`), a SAM or
   * CloudFormation template, CDK output (common/documents/loadDocument, the one loader). `path`
   * (the file's absolute path, when the app knows it) lets a template's DefinitionUri be read
   * beside it; `stateMachine` picks one of a template's state machines (its logical id);
   * `substitutions` gives values the files do not. Never fails for a bad file: it says why.
   */
  'documents.open': {
    input: v.object({
      name: v.string({ minLength: 1, maxLength: 1024 }),
      text: v.string({ maxLength: 2 * MAX_TEXT }),
      path: v.optional(v.string({ minLength: 1, maxLength: 4096 })),
      stateMachine: v.optional(v.string({ minLength: 1, maxLength: 255 })),
      substitutions: v.optional(substitutionMap),
      s3Root,
      /** Files the template names (DefinitionUri), by the path it names them with: read when `path` cannot be. */
      files: v.optional(linkedFiles),
    }),
    output: returns<OpenedDocument>(),
  },

  /** The examples gallery, in folder-name order. */
  'examples.list': { input: v.object({}), output: returns<Example[]>() },

  /** Parses (JSON or YAML) and validates a definition; never fails for bad text, it reports it. */
  'definitions.validate': {
    input: v.object({
      text: v.string({ maxLength: MAX_TEXT }),
      stateMachineType: v.optional(v.oneOf(['STANDARD', 'EXPRESS'] as const)),
    }),
    output: returns<DefinitionValidation>(),
  },

  /**
   * Starts a local execution on a virtual clock. Task states are answered by the mock config's
   * test case; without mocks every Task fails with Stepscope.MockNotFound.
   */
  'executions.start': { input: v.object(startShape), output: returns<StartOutcome>() },

  /**
   * Starts a local execution under the debugger: as `executions.start` (recorded into the store
   * the same way), stopping at `breakpoints` (or before the first state with `stopOnEntry`). Its
   * run control is pushed as `debug.changed`; the `debug.*` calls drive it.
   */
  'debug.start': {
    input: v.object({
      ...startShape,
      breakpoints: v.optional(breakpointList),
      stopOnEntry: v.optional(v.boolean()),
      /** Stop at a Task no mock answers (reason `unmocked-task`) and wait for `debug.answerTask` (default true). */
      askUnmocked: v.optional(v.boolean()),
    }),
    output: returns<StartOutcome>(),
  },
  /**
   * Answers the Task of an `unmocked-task` stop with this result (`output`) or failure (`error`,
   * `cause`) and lets the run go on (Continue instead goes on with the generated response).
   */
  'debug.answerTask': { input: v.object({ executionId, stopId: v.number({ integer: true, min: 1 }), response: taskResponseInput }), output: returns<DebugState>() },
  /**
   * The answers a debugged execution's Tasks got with no mock (at `unmocked-task` stops, or
   * generated), as a MockConfigFile: the run's mock config (if any) with a test case that adds
   * them (default name: the run's test case, else "FromDebugSession"). Save it as a file to re-run.
   */
  'debug.mocksFromAnswers': {
    input: v.object({ executionId, testCase: v.optional(v.string({ minLength: 1, maxLength: 80 })) }),
    output: returns<{ mockConfig: JsonObject; stateMachine: string; testCase: string; states: Record<string, number> }>(),
  },
  /** The Task invocations of an execution run by this service that generated responses answered (none: []). */
  'executions.generatedResponses': { input: v.object({ executionId }), output: returns<GeneratedResponseRecord[]>() },
  /**
   * Checks a mock config against a definition (the mocks editor): its form, then every Return
   * against the output shape of its Task's service (TestState's fieldValidationMode, default STRICT).
   */
  'mocks.check': {
    input: v.object({
      definitionText: v.string({ minLength: 1, maxLength: MAX_TEXT }),
      config: v.json(),
      fieldValidation: v.optional(v.oneOf(['STRICT', 'PRESENT', 'NONE'] as const)),
    }),
    output: returns<{ diagnostics: { pointer: string; message: string }[]; problems: MockShapeProblemRecord[] }>(),
  },
  /** The run control of a debugged execution; NOT_FOUND once it has ended and been forgotten, or for a run not debugged. */
  'debug.get': { input: debugTarget, output: returns<DebugState>() },
  /** Like `debug.get`, but null for an execution that is not (or no longer) debugged: asking is not an error. */
  'debug.find': { input: debugTarget, output: returns<DebugState | null>() },
  /** Lets every stopped branch go on. */
  'debug.continue': { input: debugTarget, output: returns<DebugState>() },
  /** Stops each branch at its next state boundary. */
  'debug.pause': { input: debugTarget, output: returns<DebugState>() },
  /** Runs until the next state of the focused stop's branch (or an enclosing one) is about to be entered. */
  'debug.stepOver': { input: debugTarget, output: returns<DebugState>() },
  /**
   * As Step over, but into the first state of each branch or iteration of a Parallel or Map about
   * to be entered, or of the first child execution a Distributed Map or startExecution Task starts.
   */
  'debug.stepInto': { input: debugTarget, output: returns<DebugState>() },
  /** Runs until the focused stop's branch, iteration or child execution is left. */
  'debug.stepOut': { input: debugTarget, output: returns<DebugState>() },
  /** Runs until a state named `stateName` is about to be entered, in any branch. */
  'debug.runToState': { input: v.object({ executionId, stateName }), output: returns<DebugState>() },
  /** Stops the execution (ExecutionAborted); every branch stops with it. */
  'debug.stop': { input: debugTarget, output: returns<DebugState>() },
  /** Makes another stop (of another branch) the one steps start from. */
  'debug.focus': { input: v.object({ executionId, stopId: v.number({ integer: true, min: 1 }) }), output: returns<DebugState>() },
  /** Replaces the input the state of a `before` stop receives when the run goes on. */
  'debug.editInput': { input: v.object({ executionId, stopId: v.number({ integer: true, min: 1 }), input: v.json() }), output: returns<DebugState>() },
  /**
   * Answers the next invocation of Task state `stateName` with this result (`output`) or failure
   * (`error`, `cause`), whatever the mock config says. With `executionArn` (a child execution's,
   * from a stop's `execution`), only the next invocation in that execution.
   */
  'debug.setNextTaskResponse': {
    input: v.object({
      executionId,
      stateName,
      executionArn: v.optional(v.string({ minLength: 1, maxLength: 2048 })),
      response: taskResponseInput,
    }),
    output: returns<DebugState>(),
  },

  /** The breakpoints kept for a state machine (by name, as local runs name it). */
  'breakpoints.list': { input: v.object({ stateMachineName }), output: returns<Breakpoint[]>() },
  /**
   * Replaces a state machine's breakpoints (every problem in the list is reported as INVALID_INPUT);
   * debugged executions of that state machine use the new list at once.
   */
  'breakpoints.set': { input: v.object({ stateMachineName, breakpoints: breakpointList }), output: returns<Breakpoint[]>() },
  /** Removes one breakpoint by id; answers the list left. NOT_FOUND when there is none with that id. */
  'breakpoints.remove': { input: v.object({ stateMachineName, id: v.string({ minLength: 1, maxLength: 200 }) }), output: returns<Breakpoint[]>() },

  /**
   * Executions, newest first. With `parentExecutionId`: only the executions linked to that one
   * (its child executions, forks and redrives; see ExecutionSummary.parent), and with
   * `parentEventId` only the Map Run children linked to that event of it (a Distributed Map's
   * MapRunStarted or MapRunRedriven; for a redriven Map Run, the children its redrive kept from
   * earlier attempts are listed too, one per item), in item order, paged with `offset`. Without
   * `parentExecutionId`: the user's own executions (runs, imports, forks), each with its
   * `childCount`, a redriven execution once, as its latest attempt with `redriveCount` and
   * `attempts`; child executions and earlier attempts are left out unless
   * `includeChildren`.
   */
  'executions.list': {
    input: v.object({
      limit: v.optional(v.number({ integer: true, min: 1, max: 1000 })),
      parentExecutionId: v.optional(executionId),
      parentEventId: v.optional(v.number({ integer: true, min: 1 })),
      includeChildren: v.optional(v.boolean()),
      /** Only executions with this status (a Map Run's children filtered by status). */
      status: v.optional(storedStatus),
      /** Skip this many first: the next page (with `parentEventId`, the children after the first `offset` in item order). */
      offset: v.optional(v.number({ integer: true, min: 0 })),
    }),
    output: returns<ExecutionSummary[]>(),
  },

  /**
   * The child executions of a Map Run (`parentEventId`: its MapRunStarted or MapRunRedriven, as for
   * `executions.list`) counted by status, with the items they processed: the Map Run's aggregate,
   * read in one query whatever its size. While the parent runs, children are stored as each ends,
   * so the counts grow. NOT_FOUND when there is no such parent.
   */
  'executions.childCounts': {
    input: v.object({ parentExecutionId: executionId, parentEventId: v.number({ integer: true, min: 1 }) }),
    output: returns<ChildCounts>(),
  },

  /** One execution; NOT_FOUND when there is none with that id. */
  'executions.get': { input: v.object({ executionId }), output: returns<ExecutionDetail>() },

  /** A page of an execution's events after event id `after` (default 0: from the start). */
  'executions.events': {
    input: v.object({
      executionId,
      after: v.optional(v.number({ integer: true, min: 0 })),
      limit: v.optional(v.number({ integer: true, min: 1, max: 5000 })),
    }),
    output: returns<EventsPage>(),
  },

  /**
   * Stores executions recorded elsewhere, from file contents: `aws stepfunctions
   * get-execution-history` pages (with describe-execution and definition files beside them),
   * conformance cases, or Stepscope bundles (the same files `stepscope import` reads). Bundles and
   * conformance cases are one execution each; the other files together make one. Any problem in
   * any file imports nothing (INVALID_INPUT naming each file). Large imports push
   * `import.progressed` with `importId`.
   */
  'executions.import': {
    input: v.object({
      files: v.array(v.object({ name: v.string({ minLength: 1, maxLength: 500 }), text: v.string({ maxLength: MAX_IMPORT_TEXT }) }), { maxItems: 50 }),
      /** Execution name for a history imported without describe-execution output. */
      name: v.optional(v.string({ minLength: 1, maxLength: 80, pattern: /^[A-Za-z0-9_-]+$/, patternText: '1-80 letters, digits, - or _' })),
      /** State machine name for a history imported without its ARN. */
      stateMachineName: v.optional(v.string({ minLength: 1, maxLength: 80, pattern: /^[A-Za-z0-9_-]+$/, patternText: '1-80 letters, digits, - or _' })),
      /** Chosen by the caller to recognise this import's `import.progressed` pushes. */
      importId: v.optional(v.string({ minLength: 1, maxLength: 100 })),
    }),
    output: returns<ImportOutcome>(),
  },

  /**
   * Opens executions straight from AWS (as `stepscope pull`): an execution ARN, or a state
   * machine ARN's most recent executions (`status`, `limit`), fetched with the AWS SDK's default
   * credential chain of the process running the service (`profile`, `region`, `endpointUrl` as for
   * the CLI) and stored as imports. Missing credentials, access denied, throttling and an
   * unreachable endpoint are CONFLICT, an execution or state machine that does not exist NOT_FOUND.
   */
  'executions.pull': {
    input: v.object({
      arn: v.string({ minLength: 1, maxLength: 2048, pattern: /^arn:aws[a-z-]*:states:/, patternText: 'an execution or state machine ARN' }),
      status: v.optional(v.oneOf(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const)),
      limit: v.optional(v.number({ integer: true, min: 1, max: 100 })),
      profile: v.optional(v.string({ minLength: 1, maxLength: 128 })),
      region: v.optional(v.string({ minLength: 1, maxLength: 64, pattern: /^[a-z0-9-]+$/, patternText: 'a region such as us-east-1' })),
      endpointUrl: v.optional(v.string({ minLength: 1, maxLength: 500, pattern: /^https?:\/\/\S+$/, patternText: 'an http(s) URL' })),
      /** Also the child executions of their Distributed Map runs (`stepscope pull --children`), stored under their parent; answered after the parents. */
      children: v.optional(v.boolean()),
      /** With `children`: at most this many child executions (default 500). */
      maxChildren: v.optional(v.number({ integer: true, min: 1, max: 100000 })),
    }),
    output: returns<ImportOutcome>(),
  },

  /**
   * "Mocks from this execution": a MockConfigFile whose one test case answers every Task as the
   * execution's history says (local or imported), so that a run of the same definition and input
   * takes the same path. The config is saved in the store.
   */
  'executions.mocksFrom': {
    input: v.object({ executionId, stateMachine: v.optional(stateMachineName), testCase: v.optional(v.string({ minLength: 1, maxLength: 200 })) }),
    output: returns<MocksFromExecutionOutcome>(),
  },

  /**
   * Re-runs an execution from one of its events (debug/fork.ts rebuildAt): a new execution, linked
   * to the original, that starts where the event was, with the resumed state's `input` replaced
   * when given. Tasks are answered by `mocks` when given, else by the original's mock config, else
   * by mocks made from its history; invocation counts go on from the original's. With `debug`, the
   * new run is debugged as with `debug.start`.
   */
  'executions.fork': {
    input: v.object({
      executionId,
      eventId: v.number({ integer: true, min: 1 }),
      input: v.optional(v.json()),
      mocks: mocksInput,
      debug: v.optional(v.object({ breakpoints: v.optional(breakpointList), stopOnEntry: v.optional(v.boolean()) })),
    }),
    output: returns<StartOutcome>(),
  },

  /**
   * Redrives a failed, timed-out or aborted execution from its failed top-level state, as AWS's
   * RedriveExecution: a new stored execution, linked to the original, whose history is the
   * original's followed by ExecutionRedriven and the new events. Tasks are answered as for
   * `executions.fork`, their invocations counted after the original's; one the mocks do not answer
   * gets the answer of the invocation it re-runs (common/debug/redriveInvocations.ts). An attempt
   * already redriven stands for its execution: its latest attempt is redriven. CONFLICT for an
   * execution that is not redrivable (common/engine/redrive/redrivable.ts).
   */
  'executions.redrive': { input: v.object({ executionId, mocks: mocksInput }), output: returns<StartOutcome>() },

  /** Tasks waiting for their task token to be answered, oldest first (also pushed as `tasks.changed`). */
  'tasks.list': { input: v.object({}), output: returns<WaitingTask[]>() },

  /**
   * Answers a waiting Task with success (SendTaskSuccess): the Task's result is `output`. NOT_FOUND
   * for a token never issued; CONFLICT for one already answered or timed out. Task tokens come from
   * each run's seed, so two runs may hold the same token: `executionId` says which one is meant
   * (without it, the newest run waiting on the token).
   */
  'tasks.sendSuccess': { input: v.object({ taskToken, output: v.json(), executionId: v.optional(executionId) }), output: returns<null>() },

  /** Answers a waiting Task with a failure (SendTaskFailure) with this error and cause. */
  'tasks.sendFailure': {
    input: v.object({
      taskToken,
      error: v.optional(v.string({ maxLength: 256 })),
      cause: v.optional(v.string({ maxLength: 32768 })),
      executionId: v.optional(executionId),
    }),
    output: returns<null>(),
  },

  /**
   * An activity worker asks for work (GetActivityTask): the oldest activity Task of `activityArn`
   * that no worker has claimed yet, now claimed by `workerName`; null when none is waiting.
   */
  'tasks.claimActivity': {
    input: v.object({ activityArn: v.string({ minLength: 1, maxLength: 256 }), workerName: v.optional(v.string({ minLength: 1, maxLength: 80 })) }),
    output: returns<{ taskToken: string; input: Json; executionId: ExecutionId } | null>(),
  },

  /** Restarts a waiting Task's HeartbeatSeconds timer (SendTaskHeartbeat). */
  'tasks.sendHeartbeat': { input: v.object({ taskToken, executionId: v.optional(executionId) }), output: returns<null>() },
} satisfies Record<string, MethodSpec>;

/** The contract object's type. */
export type Contract = typeof api;

/** A method name of the contract. */
export type MethodName = keyof Contract;

/** The input a method accepts (after validation). */
export type InputOf<M extends MethodName> = Infer<Contract[M]['input']>;

/** The output a method answers. */
export type OutputOf<M extends MethodName> = Contract[M]['output'] extends Returns<infer O> ? O : never;

/** The service API, derived from the contract: one async function per method. */
export type StepscopeApi = { [M in MethodName]: (input: InputOf<M>) => Promise<OutputOf<M>> };

/** Every method name, in contract order (for bridges and routers that loop over the contract). */
export const METHOD_NAMES = Object.keys(api) as MethodName[];

/** True when `name` is a method of the contract (own key, not inherited). */
export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(api, name);
}
