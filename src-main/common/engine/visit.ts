import type { Json, JsonObject } from '../json';
import type { MapState, ParallelState, State, TaskState } from '../asl/types';
import { isStatesError, StatesErrors, type Failure } from './errors';
import type { Random } from './ports';
import {
  applyCompiledTemplate,
  applyOutputPath,
  applyResultPath,
  type CompiledTemplate,
  type DataflowEnv,
} from './dataflow/payloadTemplate';
import { isQueryEvaluationError, type QueryEvaluationError, type JsonataEnv } from './jsonata/evaluate';
import { evaluateAssignAndOutput } from './jsonata/states';
import { lookupVariable, visibleVariables, type Assignment } from './variables/variables';
import type { Execution, Flow, Scope } from './execution';
import type { StatePlan } from './statePlan';

/*
 * One visit (one entry into a state) and what every state body shares: its result type, its
 * data-flow environments (`$$`, `$states`, variables), how an error becomes a state failure, and
 * the output steps of the states that produce a result. The template that drives a visit is in
 * visitTemplate.ts; each state type's body is in states/<type>.ts.
 */

/** The outcome of one state's body. */
export type StepResult =
  | {
      kind: 'next';
      output: Json;
      next: string | undefined;
      /** The output's JSON text: set by the template once it checked the payload quota. */
      outputText: string | undefined;
      /** A Choice state: the rule that matched, or 'Default' (told to the debugger). */
      choiceRule?: number | 'Default';
    }
  | { kind: 'failed'; failure: Failure; terminal: boolean };

/** A body's successful outcome: `output`, then the state `next` (undefined: the branch ends). */
export function nextStep(output: Json, next: string | undefined, choiceRule?: number | 'Default'): StepResult {
  return choiceRule === undefined ? { kind: 'next', output, next, outputText: undefined } : { kind: 'next', output, next, outputText: undefined, choiceRule };
}

/**
 * Thrown by a state's body (or its output steps) to fail the state with `failure`: the template's
 * Retry/Catch decides what follows. `terminal` failures are neither retried nor caught.
 */
export class StateFailure {
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
export class Visit implements DataflowEnv {
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

  /** The visit's Context object (`$$`), built on first read. */
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
 * Turns what a body threw into the state's failure: a StateFailure as it is, a `States.*` error
 * with its cause scoped to the state (and, for a JSONata error, an EvaluationFailed event). Any
 * other exception is a bug and is rethrown.
 */
export function failureOf(err: unknown, visit: Visit | undefined, evaluationFlow?: Flow): StateFailure {
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

/** The Context object of a visit (`$$`), with `$$.Map.Item` inside a Map iteration. */
export function buildContext(exec: Execution, visit: Visit, mapItem: JsonObject | undefined, extra?: JsonObject): JsonObject {
  const given = exec.options.contextObject;
  if (given !== undefined) {
    // TestState's Context object, as given; what it leaves out of the extra fields (`$$.Task.Token`) is the engine's.
    const out: JsonObject = { ...(extra ?? {}), ...given };
    if (mapItem) out.Map = { Item: mapItem };
    return out;
  }
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
export class ExtendedEnv implements DataflowEnv {
  private built: JsonObject | undefined;
  readonly random: Random;
  constructor(
    private readonly visit: Visit,
    private readonly extra: JsonObject,
  ) {
    this.random = visit.random;
  }
  /** The Context object with the extra fields, built on first read. */
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
export function jsonataEnv(visit: Visit, input: Json, extra?: JsonObject, context?: JsonObject): JsonataEnv {
  const states: JsonObject = { input, context: context ?? visit.context };
  if (extra) Object.assign(states, extra);
  const { monotonicClock, jsonataBudget: budget } = visit.exec.options;
  return { states, variables: visibleVariables(visit.scope), random: visit.random, nowMs: visit.exec.scheduler.now(), budget, monotonicClock };
}

/**
 * A JSONPath state's Assign: its template applied to `value` (what `$` means there: the state's
 * result, or its input for Choice and Wait, or the error output in a Catch).
 */
export function jsonPathAssignment(template: CompiledTemplate, value: Json, env: DataflowEnv): Assignment {
  const obj = applyCompiledTemplate(template, value, env) as JsonObject;
  return { names: Object.keys(obj), values: Object.values(obj) };
}

/** Sleeps unless the scope is aborted first; resolves false when aborted. */
export async function sleepInScope(exec: Execution, scope: Scope, ms: number): Promise<boolean> {
  if (scope.aborted) return false;
  const timer = exec.scheduler.sleepCancellable(ms);
  (scope.onAbort ??= new Set()).add(timer.cancel);
  const fired = await timer.promise;
  scope.onAbort.delete(timer.cancel);
  return fired && !scope.aborted;
}

/**
 * The output steps of a result-producing state (Task, Parallel, Map), once its body has a result:
 * ResultSelector → Assign → ResultPath → OutputPath, or for JSONata Assign and Output with
 * `$states.result`. A body ends with it, inside the template's Retry/Catch: a failure here is
 * retried or caught like the body's own.
 */
export function finishResult(visit: Visit, state: TaskState | ParallelState | MapState, rawInput: Json, result: Json): Json | Promise<Json> {
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
