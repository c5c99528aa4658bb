import type { Json, JsonObject } from '../json';
import type { Catcher, MapState, ParallelState, Retrier, State, TaskState } from '../asl/types';
import { StatesErrors, type Failure } from './errors';
import { errorMatches } from './errorMatching';
import type { Random } from './ports';
import { applyResultPath, compilePayloadTemplate } from './dataflow/payloadTemplate';
import { evaluateAssignAndOutput } from './jsonata/states';
import { storeAssignment } from './variables/variables';
import { HistoryLimitExceeded, MAX_DATE_MS, MAX_WAIT_SECONDS, type Execution, type Flow, type Scope } from './execution';
import {
  failureOf,
  jsonataEnv,
  jsonPathAssignment,
  nextStep,
  sleepInScope,
  Visit,
  type StateFailure,
  type StepResult,
} from './visit';
import { debugHandledError } from './debugHooks';
import { runPass, runPassJsonata } from './states/pass';
import { runChoice, runChoiceJsonata } from './states/choice';
import { runWait, runWaitJsonata } from './states/wait';
import { runSucceed, runSucceedJsonata } from './states/succeed';
import { runFail, runFailJsonata } from './states/fail';
import { runTask } from './states/task';
import { runParallel } from './states/parallel';
import { runMap } from './states/map';

/*
 * The one template every state visit follows, whatever its type (STYLE.md, engine habit 3):
 *
 *   <Type>StateEntered → the state's body (its input steps in AWS order, its work, and for a
 *   result-producing state its output steps) → Retry/Catch (Task, Parallel, Map) → the payload
 *   quota on the output → Assign stored → <Type>StateExited → next.
 *
 * A state type writes only its body (states/<type>.ts); this file fixes the order around it and
 * is the only place that retries or catches. A result-producing body ends by handing its result to
 * the output steps (visit.ts finishResult) in its own last promise step, not here: concurrent
 * branches interleave by promise steps, and running ResultSelector a step later could change
 * which branch draws which seeded random number (States.UUID) and so the history.
 */

/**
 * One visit of `state` (named `name`) on `flow` in `scope`: entered event → body (with Retry and
 * Catch for Task, Parallel and Map) → payload quota → Assign → exited event. Returns the output
 * and the next state, or the failure that leaves the state. Synchronous when the body is (Pass,
 * Choice, Succeed and Fail in JSONPath), so the hot path allocates no promise.
 */
export function runState(
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

/**
 * The state's body, by type. Pass, Choice, Succeed and Fail in JSONPath run synchronously (no
 * promise per visit); JSONata bodies are asynchronous, as JSONata evaluation is.
 */
function runBody(exec: Execution, visit: Visit, rawInput: Json): StepResult | Promise<StepResult> {
  const state = visit.state;
  const jsonata = visit.plan.jsonata;
  switch (state.Type) {
    case 'Pass':
      return jsonata ? runPassJsonata(visit, state, rawInput) : runPass(visit, state, rawInput);
    case 'Choice':
      return jsonata ? runChoiceJsonata(visit, state, rawInput) : runChoice(visit, state, rawInput);
    case 'Wait':
      return jsonata ? runWaitJsonata(exec, visit, state, rawInput) : runWait(exec, visit, state, rawInput);
    case 'Succeed':
      return jsonata ? runSucceedJsonata(visit, state, rawInput) : runSucceed(visit, state, rawInput);
    case 'Fail':
      return jsonata ? runFailJsonata(visit, state, rawInput) : runFail(visit, state, rawInput);
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

/** The body of a result-producing state, by type. */
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
