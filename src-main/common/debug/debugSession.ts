import type { Json, JsonObject } from '../json';
import type { AfterStateInfo, BeforeStateInfo, DebugHooks, DebugVerdict, ErrorInfo, RunOptions, RunResult } from '../engine/run';
import type { TaskInvoker, TaskOutcome, TaskRequest } from '../engine/ports';
import type { TaskTokenBroker } from '../engine/callbacks/taskTokenBroker';
import { runExecution } from '../engine/interpreter';
import { createBreakpointMatcher, type Breakpoint, type BreakpointEvent } from './breakpoints';
import {
  createRunControlActor,
  stepReached,
  type RunControlContext,
  type RunControlState,
  type StopLocation,
} from './runControlMachine';

/**
 * A debugging session over one execution: it turns breakpoints and the run-control machine into
 * the engine's DebugHooks. A hook that decides to stop sends HIT to the machine and returns a
 * promise that settles when the machine leaves `paused` (Continue, a step, Stop), so the branch
 * waits there while the others go on until their own next hook, where they stop too ("all stop":
 * while the machine is paused, every branch that reaches a hook stops). Nothing else is held, and
 * a paused branch keeps the virtual clock still (engine/run.ts DebugHooks).
 */

/** Options of `createDebugSession`. */
export interface DebugSessionOptions {
  breakpoints?: readonly Breakpoint[];
  /** Stop before the first state. */
  stopOnEntry?: boolean;
  /** Answers `.waitForTaskToken` Tasks and activities at a stop (passed to the run as RunOptions.taskTokens). */
  taskTokens?: TaskTokenBroker;
}

/** Where a branch is, for the UI: its last state and whether it is stopped there. */
export interface BranchPosition {
  branch: string[];
  stateName: string;
  /** `running` in or towards the state, `stopped` at a stop, `ended` (its last state exited or failed). */
  status: 'running' | 'stopped' | 'ended';
}

/** Everything the UI shows about the session; serialisable (push it as it changes). */
export interface DebugSnapshot {
  state: RunControlState;
  context: RunControlContext;
  /** Every branch seen so far, in order of first appearance. */
  branches: BranchPosition[];
  /** Breakpoint hit counts by id. */
  hits: Record<string, number>;
}

/** A debugging session (see the file comment). */
export interface DebugSession {
  /** The hooks to pass as RunOptions.debug (`run` does it for you). */
  readonly hooks: DebugHooks;
  /**
   * Runs `options` under the debugger: adds the hooks, the task-token broker and the mock override
   * invoker, and tells the machine when the run ends.
   */
  run(options: RunOptions): Promise<RunResult>;
  continue(): void;
  pause(): void;
  stepOver(): void;
  stepInto(): void;
  stepOut(): void;
  runToState(stateName: string): void;
  /** Aborts the execution (ExecutionAborted); paused branches are released to abort. */
  stop(): void;
  /** Makes another stop the one steps start from. */
  focus(stopId: number): void;
  /** Replaces the input the state of a `before` stop will receive when the run goes on. */
  editInput(stopId: number, input: Json): void;
  /** Answers the next invocation of Task state `stateName` with `outcome`, whatever the invoker would say. */
  setNextTaskResponse(stateName: string, outcome: TaskOutcome): void;
  setBreakpoints(breakpoints: readonly Breakpoint[]): void;
  /** The task-token broker of the run, to answer a waiting task at a stop. */
  readonly taskTokens: TaskTokenBroker | undefined;
  snapshot(): DebugSnapshot;
  /** Calls `listener` with every new snapshot; returns a disposer. */
  subscribe(listener: (snapshot: DebugSnapshot) => void): () => void;
  /** Resolves at the next stop (a convenience for tests and scripts). */
  nextStop(): Promise<StopLocation[]>;
}

interface Pending {
  stop: StopLocation;
  resolve: (verdict: DebugVerdict) => void;
}

/** Creates a debugging session (see DebugSession). */
export function createDebugSession(options: DebugSessionOptions = {}): DebugSession {
  const actor = createRunControlActor();
  const matcher = createBreakpointMatcher(options.breakpoints ?? []);
  const pending = new Map<number, Pending>();
  const branches = new Map<string, BranchPosition>();
  const listeners = new Set<(s: DebugSnapshot) => void>();
  const overrides = new Map<string, TaskOutcome[]>();
  const stopWaiters: ((stops: StopLocation[]) => void)[] = [];
  let nextStopId = 1;
  let lastState: RunControlState = 'running';
  /** The stops of the latest snapshot: they hold the edits when a transition has just cleared them. */
  let lastStops: readonly StopLocation[] = [];

  const state = (): RunControlState => actor.getSnapshot().value as RunControlState;

  const snapshot = (): DebugSnapshot => {
    const s = actor.getSnapshot();
    return {
      state: s.value as RunControlState,
      context: s.context,
      branches: [...branches.values()].map((b) => ({ ...b, branch: [...b.branch] })),
      hits: Object.fromEntries(matcher.hits()),
    };
  };

  const notify = () => {
    const s = snapshot();
    for (const l of listeners) l(s);
  };

  actor.subscribe((s) => {
    const now = s.value as RunControlState;
    const was = lastState;
    lastState = now;
    if (was === 'paused' && now !== 'paused') release(now === 'stopped' ? { stop: true } : undefined, lastStops);
    lastStops = s.context.stops;
    if (now === 'stopped') {
      release({ stop: true }, []);
      // Branches in a Task or a Wait are aborted too, not only the paused ones.
      abortRun?.();
    }
    if (now === 'paused' && was !== 'paused') {
      const stops = s.context.stops;
      for (const w of stopWaiters.splice(0)) w(stops);
    }
    notify();
  });

  /** Lets every paused branch go on, with its edited input for a `before` stop. */
  function release(verdict: DebugVerdict, edited: readonly StopLocation[]): void {
    if (pending.size === 0) return;
    const stops = new Map(edited.map((s) => [s.id, s]));
    const all = [...pending.values()];
    pending.clear();
    for (const p of all) {
      const key = branchKey(p.stop.branch);
      const pos = branches.get(key);
      if (pos && pos.status === 'stopped') pos.status = 'running';
      if (verdict !== undefined) p.resolve(verdict);
      else {
        // The machine's copy holds the edits.
        const stop = stops.get(p.stop.id) ?? p.stop;
        p.resolve(p.stop.kind === 'before' && stop.inputEdited ? { input: stop.input as Json } : undefined);
      }
    }
  }

  /** Stops the branch at `stop`: the returned promise settles when the run goes on. */
  function hold(stop: StopLocation): Promise<DebugVerdict> {
    const key = branchKey(stop.branch);
    const pos = branches.get(key);
    if (pos) pos.status = 'stopped';
    return new Promise<DebugVerdict>((resolve) => {
      pending.set(stop.id, { stop, resolve });
      actor.send({ type: 'HIT', stop });
    });
  }

  function track(branch: readonly string[], stateName: string, status: BranchPosition['status']): void {
    const key = branchKey(branch);
    const pos = branches.get(key);
    if (pos) {
      pos.stateName = stateName;
      pos.status = status;
    } else branches.set(key, { branch: [...branch], stateName, status });
  }

  /**
   * The decision at a hook: stop (a promise) or go on (undefined, at once). `stepAllowed` is true
   * for `before` events only: steps stop before a state.
   */
  function decide(event: BreakpointEvent, stopBase: Omit<StopLocation, 'id' | 'reason' | 'breakpointIds'>): DebugVerdict | Promise<DebugVerdict> {
    const s = state();
    if (s === 'stopped') return { stop: true };
    if (s === 'finished') return undefined;
    const matched = matcher.match(event);
    const conclude = (ids: string[]): DebugVerdict | Promise<DebugVerdict> => {
      const now = state();
      if (now === 'stopped') return { stop: true };
      let reason: StopLocation['reason'] | undefined;
      if (now === 'paused') reason = 'all-stop';
      else if (now === 'pausing') reason = 'pause';
      else if (ids.length > 0) reason = 'breakpoint';
      else if (now === 'stepping' && event.kind === 'before') {
        const step = actor.getSnapshot().context.step;
        if (step !== undefined && stepReached(step, event.stateName, event.branch)) reason = 'step';
      }
      if (reason === undefined) return undefined;
      return hold({ ...stopBase, id: nextStopId++, reason, breakpointIds: ids });
    };
    if (matched instanceof Promise) return matched.then((bps) => conclude(bps.map((b) => b.id)));
    return conclude(matched.map((b) => b.id));
  }

  const location = (info: BeforeStateInfo | AfterStateInfo | ErrorInfo) => {
    const base: Omit<StopLocation, 'id' | 'reason' | 'breakpointIds' | 'kind'> = {
      stateName: info.stateName,
      stateType: info.stateType,
      branch: [...info.branch],
    };
    if (info.mapIterationIndex !== undefined) base.mapIterationIndex = info.mapIterationIndex;
    return base;
  };

  let abortRun: (() => void) | undefined;
  const hooks: DebugHooks = {
    onStart(control) {
      abortRun = control.abort;
      if (state() === 'stopped') control.abort();
    },
    beforeState(info) {
      track(info.branch, info.stateName, 'running');
      return decide({ ...info, kind: 'before' }, { ...location(info), kind: 'before', input: info.input });
    },
    afterState(info) {
      if (info.next === undefined) track(info.branch, info.stateName, 'ended');
      const stop: Omit<StopLocation, 'id' | 'reason' | 'breakpointIds'> = { ...location(info), kind: 'after', output: info.output };
      if (info.next !== undefined) stop.next = info.next;
      return decide({ ...info, kind: 'after' }, stop);
    },
    onError(info) {
      if (info.handling === 'uncaught') track(info.branch, info.stateName, 'ended');
      const error: StopLocation['error'] = { handling: info.handling };
      if (info.error !== undefined) error.error = info.error;
      if (info.cause !== undefined) error.cause = info.cause;
      return decide({ ...info, kind: 'error' }, { ...location(info), kind: 'error', input: info.input, error });
    },
  };

  function withOverrides(invoker: TaskInvoker): TaskInvoker {
    return {
      invoke(request: TaskRequest) {
        const queue = overrides.get(request.stateName);
        const next = queue?.shift();
        if (queue && queue.length === 0) overrides.delete(request.stateName);
        return next ?? invoker.invoke(request);
      },
    };
  }

  if (options.stopOnEntry) actor.send({ type: 'PAUSE' });

  return {
    hooks,
    async run(runOptions) {
      try {
        const result = await runExecution({
          ...runOptions,
          invoker: withOverrides(runOptions.invoker),
          taskTokens: runOptions.taskTokens ?? options.taskTokens,
          debug: hooks,
        });
        actor.send({ type: 'FINISHED', status: result.status });
        return result;
      } catch (err) {
        actor.send({ type: 'FINISHED', status: 'FAILED' });
        throw err;
      }
    },
    continue: () => actor.send({ type: 'CONTINUE' }),
    pause: () => actor.send({ type: 'PAUSE' }),
    stepOver: () => actor.send({ type: 'STEP_OVER' }),
    stepInto: () => actor.send({ type: 'STEP_INTO' }),
    stepOut: () => actor.send({ type: 'STEP_OUT' }),
    runToState: (stateName) => actor.send({ type: 'RUN_TO_STATE', stateName }),
    stop: () => actor.send({ type: 'STOP' }),
    focus: (stopId) => actor.send({ type: 'FOCUS', stopId }),
    editInput: (stopId, input) => actor.send({ type: 'EDIT_INPUT', stopId, input }),
    setNextTaskResponse(stateName, outcome) {
      const queue = overrides.get(stateName) ?? [];
      queue.push(outcome);
      overrides.set(stateName, queue);
    },
    setBreakpoints(list) {
      matcher.set(list);
      notify();
    },
    taskTokens: options.taskTokens,
    snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    nextStop() {
      if (state() === 'paused') return Promise.resolve(actor.getSnapshot().context.stops);
      return new Promise((resolve) => stopWaiters.push(resolve));
    },
  };
}

function branchKey(branch: readonly string[]): string {
  return JSON.stringify(branch);
}

/** The variables object a hook reports, for conditions (re-exported for callers building events by hand). */
export type DebugVariables = JsonObject;
