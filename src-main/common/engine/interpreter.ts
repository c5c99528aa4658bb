import { refuseExecutionInput } from './executionInput';
import type { Json, JsonObject } from '../json';
import type { State, StateMachineDefinition } from '../asl/types';
import { StatesErrors, isStatesError } from './errors';
import type { ChildRunResult, ErrorInfo, RunOptions, RunResult } from './run';
import { EXPRESS_EVENT_LIMIT_ERROR, EXPRESS_MAX_SECONDS, STANDARD_MAX_SECONDS } from './run';
import type { InheritedRun } from './states/linkedRuns';
import {
  abortScope,
  Execution,
  HistoryLimitExceeded,
  serialise,
  type BranchResult,
  type ChildParent,
  type ChildStart,
  type ExecutionDriver,
  type Flow,
  type Scope,
} from './execution';
import { runState } from './visitTemplate';
import { childDebugInfo, debugInfo, debugStopped } from './debugHooks';

/*
 * The interpreter's entry point and driver: runs an execution from its first state to its end
 * event, runs each branch (the state machine, a Parallel branch, a Map iteration) visit by visit
 * through the visit template (visitTemplate.ts), calls the debugger's hooks between visits, and
 * starts child executions. The event core is execution.ts, the state bodies are states/<type>.ts.
 */

export { DEFAULT_START_TIME, MAX_WAIT_SECONDS } from './execution';
export { retryDelayMs } from './visitTemplate';
/** AWS's ErrorEquals matching, kept importable from here (it lives in errorMatching.ts). */
export { errorMatches } from './errorMatching';
export { parseAwsTimestamp } from './states/wait';

/**
 * Runs one execution to its end and returns its status, output and full history. Rejects with an
 * InvalidExecutionInputError, before any event, when StartExecution would refuse the input
 * (engine/executionInput.ts).
 */
export function runExecution(options: RunOptions): Promise<RunResult> {
  const refused = refuseExecutionInput(options); // as StartExecution: no execution, no event
  return refused !== undefined ? Promise.reject(refused) : runExecutionIn(new Execution(options, DRIVER));
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
        // Started through an alias or a version (API Reference, ExecutionStartedEventDetails).
        ...(options.stateMachineAliasArn !== undefined ? { stateMachineAliasArn: options.stateMachineAliasArn } : {}),
        ...(options.stateMachineVersionArn !== undefined ? { stateMachineVersionArn: options.stateMachineVersionArn } : {}),
      });
      flow.source = 0; // the first state's entered event points at 0, as in AWS
    }
    // The execution's input is the first state's: serialised once, checked as the first state's input.
    const firstInputText = startAt !== undefined ? undefined : exec.checkPayload(inputText, definition.StartAt);
    const firstInput = startAt !== undefined ? startAt.input : options.input;
    const firstState = startAt?.state;
    let timedOut = false;
    let result: BranchResult;
    // The execution timer (TimeoutSeconds; at most five minutes for Express, one year for Standard)
    // is a coroutine of its own, set before the first state can sleep.
    exec.scheduler.spawn(1);
    const timer = exec.scheduler.sleepCancellable(executionTimeoutSeconds(definition, options.type) * 1000);
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
      if (options.type === 'EXPRESS') {
        // Not AWS's: see EXPRESS_QUOTAS (engine/run.ts).
        error = EXPRESS_EVENT_LIMIT_ERROR;
        cause =
          `Stepscope stopped this Express execution after ${String(exec.quotas.historyEvents)} events. AWS keeps no history for Express ` +
          'workflows and stops them after five minutes of real time, which a run that never waits does not pass on the virtual clock.';
      } else {
        error = StatesErrors.Runtime;
        cause = `The execution reached the maximum number of history events (${String(exec.quotas.historyEvents)}).`;
      }
      abortScope(exec.root);
      // The quota stopped a visit in the middle (its own flow never handed back): the execution's
      // end follows the last event recorded, as every other event follows its predecessor.
      flow.source = exec.lastEventId;
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
      let verdict = debug.afterState(debugInfo(exec, name, state, scope, { output: result.output, next: result.next, ...(result.choiceRule !== undefined ? { choiceRule: result.choiceRule } : {}) }));
      if (verdict instanceof Promise) verdict = await verdict;
      if (debugStopped(exec, verdict) || scope.aborted) return { ok: false, aborted: true };
    }
    data = result.output;
    dataText = result.outputText;
    name = result.next;
  }
  return { ok: true, output: data, outputText: dataText };
}

/** The execution's time limit: its TimeoutSeconds, at most five minutes for an Express run and one year for a Standard one. */
function executionTimeoutSeconds(definition: StateMachineDefinition, type: RunOptions['type']): number {
  const own = definition.TimeoutSeconds !== undefined && definition.TimeoutSeconds > 0 ? definition.TimeoutSeconds : undefined;
  const max = type === 'EXPRESS' ? EXPRESS_MAX_SECONDS : STANDARD_MAX_SECONDS;
  return own !== undefined ? Math.min(own, max) : max;
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

/**
 * Starts a child execution on the parent's clock, sharing its invoker (and mock invocation
 * counts), S3 store and task-token broker. It runs in the calling coroutine; `abort` ends it with
 * ExecutionAborted. Its result is added to the parent's `children` when it ends.
 */
function startChildExecution(exec: Execution, start: ChildStart, visit: ChildParent): { result: Promise<ChildRunResult>; abort: () => void } {
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
    progress: parentOptions.progress,
    monotonicClock: parentOptions.monotonicClock,
    jsonataBudget: parentOptions.jsonataBudget,
    onChildFinished: parentOptions.onChildFinished,
  };
  // A child's unmocked Tasks are answered as the parent's are (generated responses, the debugger asking).
  if (parentOptions.unansweredTasks !== undefined) options.unansweredTasks = parentOptions.unansweredTasks;
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
  const child = new Execution(options, DRIVER, inherited);
  const result = runExecutionIn(child).then((r): ChildRunResult => {
    const done: ChildRunResult = { ...r, stateMachineArn: start.stateMachineArn, startedBy: start.startedBy, parentExecutionArn: exec.executionArn, input: start.input };
    if (start.type === 'EXPRESS') done.type = 'EXPRESS';
    if (start.mapRunArn !== undefined) done.mapRunArn = start.mapRunArn;
    if (start.index !== undefined) done.itemIndex = start.index;
    if (start.batch !== undefined) done.batch = start.batch;
    if (parentOptions.onChildFinished !== undefined) parentOptions.onChildFinished(done, exec.linked.depth + 1);
    else exec.linked.children.push(done);
    return done;
  });
  return { result, abort: () => abortScope(child.root) };
}

/** What the state bodies reach through `exec.driver`: branches and child executions. */
const DRIVER: ExecutionDriver = { runBranch, startChild: startChildExecution };
