import type { Json, JsonObject } from '../json';
import type { State, StateMachineDefinition } from '../asl/types';
import { detailsOf, payloadOf, TASK_SCHEDULED_EVENT_TYPES, type HistoryEvent, type HistoryEventType } from '../history/events';
import type { TaskInvoker, TaskRequest } from '../engine/ports';
import type { RunOptions, RunResult, StartAt } from '../engine/run';
import { errorMatches, runExecution } from '../engine/interpreter';
import { placeEvents } from '../history/placement';
import { isInlineCompound, redriveResumeAt } from '../engine/redrive/resumeFromHistory';
import { summariseResume, type RedrivePreserved } from '../engine/redrive/resume';
import { mapRunItemCount, mapRunToRedrive, summariseMapRunResume, type MapRunResume } from '../engine/redrive/mapRun';
import { redriveInvocations, redriveInvoker } from './redriveInvocations';

export type { RedrivePreserved } from '../engine/redrive/resume';
export { redrivePreview } from '../engine/redrive/resumeFromHistory';

/**
 * Re-run from any event, and redrive. `rebuildAt` reads a history (local or imported) up to an
 * event and rebuilds what a new run needs to go on from there in the top-level flow: the state to
 * enter, its input, the top-level variables, the retries its visit had made, and how many times
 * each Task state had been invoked (so that mocks derived from the original execution keep
 * answering in step). `forkExecution` starts that run (its input and mocks may be changed) and
 * returns it with the link to the original; `redriveExecution` does what AWS's RedriveExecution
 * does for a failed execution, from its failed top-level state.
 *
 * Supported: any event. An event of the top-level flow resumes there: ExecutionStarted → StartAt;
 * a `*StateEntered` → that state again, with its recorded input; a `*StateExited` → the next
 * state, with that output; an event inside a state (TaskScheduled, TaskFailed, ...) → that state
 * again, keeping its Task retries up to the event. An event inside a Parallel branch or a Map
 * iteration resumes at the enclosing top-level Parallel / Map state, which runs again as a whole
 * (`enclosing: true` says so).
 *
 * Redrive (`rebuildAt(..., { redrive: true })`, `redriveExecution`) follows AWS's RedriveExecution:
 * when the failed top-level state is a Parallel or an inline Map, only the branches (iterations)
 * that failed or were aborted run again; those that succeeded keep their outputs and write no
 * event, and the state's output is assembled in the original order (engine/redrive). This is
 * recursive: a failed branch goes on from its own failed state, and when that state is a
 * Parallel or inline Map, only its unsuccessful branches run again, and so on. A redrive of a
 * redriven execution keeps what every earlier attempt completed. The redriven state is entered
 * again (ExecutionRedriven, then `<Type>StateEntered` with its original input,
 * ParallelStateStarted, or MapStateStarted with the full item count, then MapIterationStarted only for
 * the iterations that run): AWS's documentation does not show the events of a redriven Parallel or
 * Map, and this is the shape Stepscope writes for every redriven state. A failed Distributed Map
 * redrives its Map Run (MapRunRedriven, same ARN) and runs only the items whose child execution
 * did not succeed, when the caller passes what the earlier children left (`RedriveOptions.mapRun`,
 * engine/redrive/mapRun.ts); without it, the whole Map Run runs again.
 */

/** The run rebuilt at an event. */
export interface RebuiltRun {
  /** Where the new run starts (RunOptions.startAt). */
  startAt: StartAt;
  /** The original execution's input (`$$.Execution.Input` of the new run). */
  executionInput: Json;
  /** The event the run was rebuilt at. */
  eventId: number;
  /** `entered`: the state runs again from its start; `next`: the state after the event's. */
  resumes: 'entered' | 'next';
  /** True when the event was inside a Parallel branch or Map iteration: the enclosing top-level state runs again. */
  enclosing: boolean;
  /** Invocations of each Task state before the resumed state (see `offsetInvocations`). */
  invocationsBefore: Record<string, number>;
  /** A redrive of a Parallel or inline Map: what it keeps and what runs again. */
  preserved?: RedrivePreserved;
}

/** Options of `rebuildAt`. */
export interface RebuildOptions {
  /**
   * Rebuild for a redrive: a failed Parallel or inline Map keeps the branches (iterations) that
   * succeeded (`startAt.resume`, `preserved`).
   */
  redrive?: boolean;
}

/** How a new execution relates to the one it came from (stored with it; shown as a link). */
export interface ExecutionLink {
  kind: 'fork' | 'redrive';
  /** The original execution, when known. */
  executionArn?: string;
  eventId: number;
  stateName: string;
  /** True when the input of the resumed state was changed. */
  inputChanged: boolean;
  /** A redrive of a Parallel or inline Map: the branches (iterations) it kept. */
  preserved?: RedrivePreserved;
}

/** A history that cannot be resumed where asked. */
export class ForkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForkError';
  }
}

const TASK_FAILURES: ReadonlySet<HistoryEventType> = new Set([
  'TaskFailed', 'TaskTimedOut', 'LambdaFunctionFailed', 'LambdaFunctionTimedOut', 'ActivityFailed', 'ActivityTimedOut',
  'TaskStartFailed', 'TaskSubmitFailed', 'LambdaFunctionStartFailed', 'LambdaFunctionScheduleFailed', 'ActivityScheduleFailed',
]);

function isEntered(e: HistoryEvent): boolean {
  return e.type.endsWith('StateEntered');
}

/** Rebuilds the run at event `eventId` (see the file comment). Throws ForkError when it cannot. */
export function rebuildAt(definition: StateMachineDefinition, events: readonly HistoryEvent[], eventId: number, options: RebuildOptions = {}): RebuiltRun {
  const at = events.findIndex((e) => e.id === eventId);
  if (at < 0) throw new ForkError(`The history has no event with id ${eventId}.`);
  const places = placeEvents(events);
  const started = events.find((e) => e.type === 'ExecutionStarted');
  const executionInput = started !== undefined ? (payloadOf(detailsOf(started)?.input) ?? {}) : {};
  const event = events[at];
  let enclosing = false;
  /** Index of the top-level entered event of the state that runs again, or -1 for "the next state". */
  let enteredAt = -1;
  let resumeState: string | undefined;
  let resumeInput: Json | undefined;
  let cutoff: number; // events before this index are in the past of the new run

  if (event.type === 'ExecutionStarted') {
    resumeState = definition.StartAt;
    resumeInput = executionInput;
    cutoff = at + 1;
  } else if (places[at].nest.length > 0) {
    enclosing = true;
    enteredAt = places[at].nest[0].enteredAt;
    cutoff = enteredAt;
  } else if (isEntered(event)) {
    enteredAt = at;
    cutoff = at;
  } else if (event.type.endsWith('StateExited')) {
    const d = detailsOf(event);
    const name = typeof d?.name === 'string' ? d.name : '';
    const st = definition.States[name];
    const next = st === undefined ? undefined : nextOf(st, events, at);
    if (next === undefined) throw new ForkError(`Nothing runs after event ${eventId}: state "${name}" ends its flow.`);
    resumeState = next;
    resumeInput = payloadOf(d?.output) ?? null;
    cutoff = at + 1;
  } else {
    // An event inside a top-level state, or the execution's end: the latest top-level visit.
    for (let i = at; i >= 0; i--) {
      if (isEntered(events[i]) && places[i].nest.length === 0) {
        enteredAt = i;
        break;
      }
    }
    if (enteredAt < 0) throw new ForkError(`Event ${eventId} is not inside a state.`);
    cutoff = enteredAt;
  }

  let retryAttempts: number[] | undefined;
  let preserved: RedrivePreserved | undefined;
  let resume: StartAt['resume'];
  if (enteredAt >= 0) {
    const entered = events[enteredAt];
    const d = detailsOf(entered);
    resumeState = typeof d?.name === 'string' ? d.name : undefined;
    resumeInput = payloadOf(d?.input) ?? null;
    const st = resumeState !== undefined ? definition.States[resumeState] : undefined;
    if (st === undefined) throw new ForkError(`State "${String(resumeState)}" of event ${entered.id} is not a top-level state of the definition.`);
    if (!enclosing && at > enteredAt && st.Type === 'Task' && st.Retry !== undefined) {
      retryAttempts = retriesUpTo(st.Retry, events, places, enteredAt, at, resumeState!);
    }
    if (options.redrive === true && !enclosing && isInlineCompound(st)) {
      resume = redriveResumeAt(st, events, places, enteredAt);
      if (resume !== undefined) preserved = summariseResume(resumeState!, resume);
    }
  }
  if (resumeState === undefined || definition.States[resumeState] === undefined) {
    throw new ForkError(`State "${String(resumeState)}" is not a top-level state of the definition.`);
  }

  const variables: JsonObject = {};
  const invocationsBefore: Record<string, number> = {};
  for (let i = 0; i < cutoff; i++) {
    const e = events[i];
    const place = places[i];
    if (TASK_SCHEDULED_EVENT_TYPES.has(e.type) && place.state !== null) invocationsBefore[place.state] = (invocationsBefore[place.state] ?? 0) + 1;
    if (place.nest.length > 0 || !e.type.endsWith('StateExited')) continue;
    const assigned = detailsOf(e)?.assignedVariables;
    if (assigned !== null && typeof assigned === 'object' && !Array.isArray(assigned)) {
      for (const [k, v] of Object.entries(assigned)) variables[k] = payloadOf(v) ?? null;
    }
  }
  // Invocations of the resumed visit before its retries go on are past too.
  if (retryAttempts !== undefined && enteredAt >= 0) {
    for (let i = enteredAt; i <= at; i++) {
      if (TASK_SCHEDULED_EVENT_TYPES.has(events[i].type) && places[i].nest.length === 0 && places[i].state === resumeState) {
        invocationsBefore[resumeState] = (invocationsBefore[resumeState] ?? 0) + 1;
      }
    }
  }

  const startAt: StartAt = { state: resumeState, input: resumeInput ?? null };
  if (Object.keys(variables).length > 0) startAt.variables = variables;
  if (retryAttempts !== undefined && retryAttempts.some((n) => n > 0)) startAt.retryAttempts = retryAttempts;
  if (resume !== undefined) startAt.resume = resume;
  const rebuilt: RebuiltRun = { startAt, executionInput, eventId, resumes: enteredAt >= 0 ? 'entered' : 'next', enclosing, invocationsBefore };
  if (preserved !== undefined) rebuilt.preserved = preserved;
  return rebuilt;
}

/** The state the history went to after the exited event at `at`, or the definition's Next. */
function nextOf(state: State, events: readonly HistoryEvent[], at: number): string | undefined {
  const id = events[at].id;
  const following = events.find((e) => e.previousEventId === id && isEntered(e));
  const name = following !== undefined ? detailsOf(following)?.name : undefined;
  if (typeof name === 'string') return name;
  return 'Next' in state && typeof state.Next === 'string' ? state.Next : undefined;
}

/** Retries a Task visit made up to event index `at`, per retrier (the first retrier matching each failure, within its MaxAttempts). */
function retriesUpTo(
  retriers: NonNullable<Extract<State, { Type: 'Task' }>['Retry']>,
  events: readonly HistoryEvent[],
  places: readonly { state: string | null; nest: readonly unknown[] }[],
  from: number,
  at: number,
  state: string,
): number[] {
  const attempts = new Array<number>(retriers.length).fill(0);
  for (let i = from; i <= at; i++) {
    if (!TASK_FAILURES.has(events[i].type) || places[i].nest.length > 0 || places[i].state !== state) continue;
    const error = detailsOf(events[i])?.error;
    const r = retriers.findIndex((x) => errorMatches(x.ErrorEquals, typeof error === 'string' ? error : undefined));
    if (r >= 0 && attempts[r] < (retriers[r].MaxAttempts ?? 3)) attempts[r]++;
  }
  return attempts;
}

/**
 * Wraps an invoker so that invocation indexes go on from `before` (per state): mocks derived from
 * the original execution then answer the resumed run as they answered the original.
 */
export function offsetInvocations(invoker: TaskInvoker, before: Readonly<Record<string, number>>): TaskInvoker {
  return {
    invoke(request: TaskRequest) {
      const offset = before[request.stateName] ?? 0;
      return invoker.invoke(offset === 0 ? request : { ...request, invocationIndex: request.invocationIndex + offset });
    },
  };
}

/** Options of `forkExecution`. */
export interface ForkOptions {
  definition: StateMachineDefinition;
  /** The original execution's history. */
  events: readonly HistoryEvent[];
  eventId: number;
  /** Answers the new run's Tasks; its invocation indexes continue the original's (see offsetInvocations) unless `restartInvocationCount`. */
  invoker: TaskInvoker;
  restartInvocationCount?: boolean;
  /** Replaces the input of the resumed state. */
  input?: Json;
  /** Replaces top-level variables (merged over the rebuilt ones). */
  variables?: JsonObject;
  /** The original execution's ARN, for the link. */
  executionArn?: string;
  /** Anything else for the run (seed, names, clock, debug). */
  runOptions?: Partial<RunOptions>;
}

/** A new run and its link to the original. */
export interface LinkedRun {
  result: RunResult;
  link: ExecutionLink;
  rebuilt: RebuiltRun;
}

/** Starts a new execution from event `eventId` of the original (see rebuildAt). */
export async function forkExecution(o: ForkOptions): Promise<LinkedRun> {
  const rebuilt = rebuildAt(o.definition, o.events, o.eventId);
  const startAt: StartAt = { ...rebuilt.startAt };
  if (o.input !== undefined) startAt.input = o.input;
  if (o.variables !== undefined) startAt.variables = { ...startAt.variables, ...o.variables };
  const result = await runExecution({
    ...o.runOptions,
    definition: o.definition,
    input: rebuilt.executionInput,
    invoker: o.restartInvocationCount ? o.invoker : offsetInvocations(o.invoker, rebuilt.invocationsBefore),
    startAt,
  });
  const link: ExecutionLink = {
    kind: 'fork',
    eventId: o.eventId,
    stateName: startAt.state,
    inputChanged: o.input !== undefined,
  };
  if (o.executionArn !== undefined) link.executionArn = o.executionArn;
  return { result, link, rebuilt: { ...rebuilt, startAt } };
}

/** Options of `redriveExecution`. */
export interface RedriveOptions {
  definition: StateMachineDefinition;
  /** The failed (or timed-out, or aborted) execution's history. */
  events: readonly HistoryEvent[];
  invoker: TaskInvoker;
  /**
   * Default: invocation indexes continue the original's, and an invocation the mocks do not
   * answer gets the answer of the one it re-runs (redriveInvocations.ts).
   */
  restartInvocationCount?: boolean;
  executionArn?: string;
  /** The original's names, seed and so on: a redrive keeps the execution's ARN. */
  runOptions?: Partial<RunOptions>;
  /**
   * When the failed state is a Distributed Map: what its Map Run's earlier children left (the host
   * reads them from where it keeps child executions; see engine/redrive/mapRun.ts mapRunToRedrive).
   * Without it, the Map Run runs again whole.
   */
  mapRun?: MapRunResume;
}

/**
 * Redrives an unsuccessful execution from its failed top-level state, as AWS's RedriveExecution:
 * the same execution goes on, its history kept, with ExecutionRedriven and then the failed state
 * entered again with its original input; `$$.Execution.RedriveCount` counts the redrives. A
 * failed Parallel or inline Map runs only its unsuccessful branches (iterations) again (see the
 * file comment; `rebuilt.preserved` and `link.preserved` say what was kept). The result's events
 * are the original's followed by the new ones. Throws ForkError for an execution that succeeded
 * or has not ended.
 */
export async function redriveExecution(o: RedriveOptions): Promise<LinkedRun> {
  const last = o.events[o.events.length - 1];
  if (last === undefined || !['ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted'].includes(last.type)) {
    throw new ForkError('Only a failed, timed-out or aborted execution can be redriven.');
  }
  const rebuilt = rebuildAt(o.definition, o.events, last.id, { redrive: true });
  const redriveCount = o.events.filter((e) => e.type === 'ExecutionRedriven').length + 1;
  // The new attempt's state starts afresh: no retries carried over (AWS resets them on redrive).
  const startAt: StartAt = { ...rebuilt.startAt, redrive: { lastEventId: last.id, redriveCount } };
  delete startAt.retryAttempts;
  const mapRun = o.mapRun !== undefined ? mapRunToRedrive(o.definition, o.events) : undefined;
  if (o.mapRun !== undefined && mapRun !== undefined && mapRun.state === startAt.state) {
    startAt.mapRun = o.mapRun;
    rebuilt.preserved = summariseMapRunResume(mapRun.state, o.mapRun, mapRunItemCount(o.events, mapRun.eventId));
  }
  // The execution goes on: its Tasks' invocations are counted after every earlier one, and one
  // the mocks do not answer gets the answer of the invocation it re-runs (redriveInvocations.ts).
  const plan = redriveInvocations(o.events);
  rebuilt.invocationsBefore = plan.before;
  const lastMs = Date.parse(last.timestamp);
  const result = await runExecution({
    ...(Number.isNaN(lastMs) ? {} : { startTime: lastMs }),
    ...o.runOptions,
    definition: o.definition,
    input: rebuilt.executionInput,
    invoker: o.restartInvocationCount ? o.invoker : redriveInvoker(o.invoker, plan),
    startAt,
  });
  result.events = [...o.events, ...result.events];
  const link: ExecutionLink = { kind: 'redrive', eventId: last.id, stateName: startAt.state, inputChanged: false };
  if (o.executionArn !== undefined) link.executionArn = o.executionArn;
  if (rebuilt.preserved !== undefined) link.preserved = rebuilt.preserved;
  return { result, link, rebuilt: { ...rebuilt, startAt } };
}

