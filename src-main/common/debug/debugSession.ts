import type { Json, JsonObject } from '../json';
import type { AfterStateInfo, BeforeStateInfo, ChildDebugInfo, DebugHooks, DebugVerdict, ErrorInfo, RunOptions, RunResult } from '../engine/run';
import type { TaskInvoker, TaskOutcome, TaskRequest } from '../engine/ports';
import type { TaskTokenBroker } from '../engine/callbacks/taskTokenBroker';
import { runExecution } from '../engine/interpreter';
import { createBreakpointMatcher, type Breakpoint, type BreakpointEvent, type BreakpointMatcher, type SyncJsonataEvaluator } from './breakpoints';
import {
  branchIndex,
  createRunControlActor,
  inStepScope,
  stepReached,
  stepScope,
  type RunControlContext,
  type DebugExecutionRef,
  type RunControlState,
  type StepRequest,
  type StopLocation,
} from './runControlMachine';

/**
 * A debugging session over one execution: it turns breakpoints and the run-control machine into
 * the engine's DebugHooks. A hook that decides to stop sends HIT to the machine and returns a
 * promise that settles when the machine leaves `paused` (Continue, a step, Stop), so the branch
 * waits there while the others go on until their own next hook, where they stop too ("all stop":
 * while the machine is paused, every branch that reaches a hook stops). Nothing else is held, and
 * a paused branch keeps the virtual clock still (engine/run.ts DebugHooks).
 *
 * Child executions (a Distributed Map's children, `states:startExecution` children the engine
 * runs) are debugged by the same session (DebugHooks.child): one run-control machine, so "all
 * stop" and Stop reach them too. A position inside a child has the path of the state that started
 * it, that state's name and `execution <name>`, then the child's own branches
 * (`["Fan", "execution 3f2c…", "Inner"…]`), so the steps' prefix rules carry over: Step into
 * from the Distributed Map or the Task enters the first child to reach a state, Step out of a
 * child stops at the parent's next state. Breakpoints: a Map Run child runs the Map's
 * ItemProcessor, whose states belong to the parent's definition, so the parent's breakpoints
 * apply (with the child's item index as its Map iteration index); a started state machine's
 * children use that state machine's breakpoints (DebugSessionOptions.childBreakpoints).
 *
 * Stepping through Map iterations and Parallel branches one at a time (issue #14), as a debugger
 * steps through threads. A step lets only the branch it started from run (with what is nested in
 * it: stepScope in runControlMachine.ts); every other branch is held at its next state boundary,
 * and the branches already stopped stay stopped. So while you step through iteration 0, the other
 * iterations of a Map with MaxConcurrency 0 do not race past. Step over / Step into at the last
 * state of an iteration, and Step out anywhere in it, finish the iteration and then go to the
 * next one: the lowest-numbered later iteration (branch) already held at a state boundary becomes
 * the stop at once (not after a failed iteration, which fails its Map); when none is, the step is retargeted (`next`) and the held branches of the
 * enclosing flow are let go, and the step stops before the first state of a later iteration
 * (branch) of the same state, or before the state after it. Continue lets every held branch go,
 * in the order they stopped. If the stepping branch waits (a Wait, a Task waiting for its answer
 * or a task token) and nothing moves for a turn of the host's event loop, the held branches are
 * let go for the rest of the step, as they would have run while it waited (else the virtual clock,
 * which a held branch keeps still, could never reach the end of the Wait).
 *
 * The history. A stop holds its branch on a promise, and the engine's concurrent branches are
 * promise chains whose events interleave in the order of their promise steps (breakpoints.ts,
 * conditionHolds). Holding the only branch that can move changes nothing: a Map with
 * MaxConcurrency 1 (and everything outside concurrent branches) records, event for event, the
 * history of a run without the debugger however you step. Holding one of several branches that
 * can move reorders their events: with MaxConcurrency 0 or a Parallel, a stepped run's history
 * has the same events per branch (inputs, outputs, ids of the states' own sequence aside) and the
 * same result, but concurrent branches' events may interleave otherwise (test/unit/debug/stepIterations.test.ts).
 */

/** Options of `createDebugSession`. */
export interface DebugSessionOptions {
  breakpoints?: readonly Breakpoint[];
  /** Stop before the first state. */
  stopOnEntry?: boolean;
  /** Answers `.waitForTaskToken` Tasks and activities at a stop (passed to the run as RunOptions.taskTokens). */
  taskTokens?: TaskTokenBroker;
  /**
   * The breakpoints of a state machine that a `states:startExecution` Task starts, by its name,
   * read when its first child starts (default: none). `setBreakpoints(list, name)` replaces them.
   */
  childBreakpoints?: (stateMachineName: string) => readonly Breakpoint[];
  /**
   * Evaluates JSONata breakpoint conditions synchronously, so that they keep the interleaving of
   * concurrent branches (breakpoints.ts, conditionHolds). Default: the asynchronous evaluator.
   */
  evaluateJsonataSync?: SyncJsonataEvaluator;
  /**
   * Stop at a Task that nothing answers (no mock; the run's RunOptions.unansweredTasks would
   * generate its response) with reason `unmocked-task`, showing the request and the generated
   * response, and go on with the user's answer (`answerTask`) or, on Continue, the generated one.
   */
  askUnmocked?: boolean;
  /**
   * Calls back after a turn of the host's event loop (when every promise step queued before has
   * run): how a step notices that the branch it runs is waiting (see the file comment). Default:
   * the host's `setTimeout(…, 0)`.
   */
  nextTurn?: (callback: () => void) => void;
}

/** The host's `setTimeout(…, 0)` (every JavaScript host has one; `common` has no host types). */
function hostNextTurn(callback: () => void): void {
  const host = globalThis as unknown as { setTimeout?: (f: () => void, ms: number) => unknown };
  if (host.setTimeout !== undefined) host.setTimeout(callback, 0);
}

/** An answer the session gave a Task that nothing else answered (asked, or generated and let through). */
export interface SessionTaskAnswer {
  stateName: string;
  invocationIndex: number;
  resource: string;
  /** The execution it ran in (a child's ARN differs from the debugged execution's). */
  executionArn?: string;
  outcome: TaskOutcome;
  /** True when the user gave it at a stop; false when the generated response went through. */
  answeredByUser: boolean;
}

/** Where a branch is, for the UI: its last state and whether it is stopped there. */
export interface BranchPosition {
  branch: string[];
  /** How many iterations (branches) each label of `branch` has (StopLocation.branchSizes). */
  branchSizes?: number[];
  stateName: string;
  /** `running` in or towards the state, `stopped` at a stop, `ended` (its last state exited or failed). */
  status: 'running' | 'stopped' | 'ended';
  /** The child execution the branch runs in; absent in the debugged execution itself. */
  execution?: DebugExecutionRef;
}

/** Everything the UI shows about the session; serialisable (push it as it changes). */
export interface DebugSnapshot {
  state: RunControlState;
  context: RunControlContext;
  /** Every branch seen so far, in order of first appearance. */
  branches: BranchPosition[];
  /** Breakpoint hit counts by id (the debugged state machine's breakpoints, Map Run children included). */
  hits: Record<string, number>;
  /** Hit counts of the breakpoints of state machines started by `states:startExecution`, by state machine name. */
  childHits?: Record<string, Record<string, number>>;
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
  /**
   * Answers the next invocation of Task state `stateName` with `outcome`, whatever the invoker
   * would say; with `executionArn`, only an invocation in that execution (a child's ARN: see
   * StopLocation.execution).
   */
  setNextTaskResponse(stateName: string, outcome: TaskOutcome, executionArn?: string): void;
  /**
   * Replaces the breakpoints of the debugged state machine, or with `stateMachineName`, those of
   * a state machine its `states:startExecution` children run.
   */
  setBreakpoints(breakpoints: readonly Breakpoint[], stateMachineName?: string): void;
  /**
   * Answers the Task of an `unmocked-task` stop (success with `output`, or failure with error and
   * cause) and lets the run go on. Throws when `stopId` is not such a stop.
   */
  answerTask(stopId: number, outcome: TaskOutcome): void;
  /** Every answer given to a Task no mock answered, in order (see SessionTaskAnswer). */
  taskAnswers(): readonly SessionTaskAnswer[];
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
  const nextTurn = options.nextTurn ?? hostNextTurn;
  const matcher = createBreakpointMatcher(options.breakpoints ?? [], options.evaluateJsonataSync);
  /** Matchers of started state machines' breakpoints, by state machine name. */
  const childMatchers = new Map<string, BreakpointMatcher>();
  /** Lists set by `setBreakpoints(list, name)`: they win over `options.childBreakpoints`. */
  const childLists = new Map<string, readonly Breakpoint[]>();
  /** Every execution's abort (the debugged one and its children): Stop ends them all. */
  const aborts = new Set<() => void>();
  /** Branches held at a hook, by stop id, in the order they stopped (the order Continue releases them). */
  const pending = new Map<number, Pending>();
  /** Of `pending`, the branches a step held (outside its scope): not stops of the machine until the next pause. */
  const held = new Set<number>();
  /** Set when the stepping branch waited: held branches go on until the step ends (see the file comment). */
  let freeRun = false;
  /** Hooks called so far (the idle guard's measure of progress). */
  let progress = 0;
  let idleGuard = false;
  const branches = new Map<string, BranchPosition>();
  const listeners = new Set<(s: DebugSnapshot) => void>();
  /** Next-task overrides by `overrideKey`. */
  const overrides = new Map<string, TaskOutcome[]>();
  const stopWaiters: ((stops: StopLocation[]) => void)[] = [];
  /** Answers given at `unmocked-task` stops, by stop id, until their branch takes them. */
  const givenAnswers = new Map<number, TaskOutcome>();
  const answers: SessionTaskAnswer[] = [];
  let nextStopId = 1;
  let lastState: RunControlState = 'running';
  /** The stops of the latest snapshot: they hold the edits when a transition has just cleared them. */
  let lastStops: readonly StopLocation[] = [];
  /** The focused stop of the latest snapshot: the one a step starts from. */
  let lastFocus: number | undefined;

  const state = (): RunControlState => actor.getSnapshot().value as RunControlState;

  const snapshot = (): DebugSnapshot => {
    const s = actor.getSnapshot();
    return {
      state: s.value as RunControlState,
      context: s.context,
      branches: [...branches.values()].map((b) => ({ ...b, branch: [...b.branch], ...(b.branchSizes !== undefined ? { branchSizes: [...b.branchSizes] } : {}) })),
      hits: Object.fromEntries(matcher.hits()),
      ...(childMatchers.size > 0
        ? { childHits: Object.fromEntries([...childMatchers].map(([name, m]) => [name, Object.fromEntries(m.hits())])) }
        : {}),
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
    if (was === 'paused' && now === 'stepping') startStep(s.context.step, lastStops, lastFocus);
    else if (was === 'paused' && now !== 'paused') release(now === 'stopped' ? { stop: true } : undefined, lastStops);
    else if (was === 'stepping' && now === 'running') release(undefined, []);
    if (now !== 'stepping') freeRun = false;
    lastStops = s.context.stops;
    lastFocus = s.context.focus;
    if (now === 'stopped') {
      release({ stop: true }, []);
      // Branches in a Task or a Wait are aborted too, not only the paused ones, in every execution.
      for (const abort of aborts) abort();
    }
    if (now === 'paused' && was !== 'paused') {
      const stops = s.context.stops;
      for (const w of stopWaiters.splice(0)) w(stops);
    }
    notify();
  });

  /**
   * Lets the paused branches go on (those `which` selects; default all), in the order they
   * stopped, with the edited input of a `before` stop; the others keep their edits for later.
   */
  function release(verdict: DebugVerdict, edited: readonly StopLocation[], which?: (p: Pending) => boolean): void {
    if (pending.size === 0) return;
    // The machine's copy holds the edits.
    for (const s of edited) {
      const p = pending.get(s.id);
      if (p) p.stop = s;
    }
    const chosen = [...pending.values()].filter((p) => which === undefined || which(p));
    for (const p of chosen) {
      pending.delete(p.stop.id);
      held.delete(p.stop.id);
      const pos = branches.get(branchKey(p.stop.branch));
      if (pos && pos.status === 'stopped') pos.status = 'running';
    }
    for (const p of chosen) {
      if (verdict !== undefined) p.resolve(verdict);
      else p.resolve(p.stop.kind === 'before' && p.stop.inputEdited ? { input: p.stop.input as Json } : undefined);
    }
  }

  /** A step starts from a pause: only the branches in its scope go on (see the file comment). */
  function startStep(step: StepRequest | undefined, edited: readonly StopLocation[], focusId: number | undefined): void {
    freeRun = false;
    for (const s of edited) {
      const p = pending.get(s.id);
      if (p) p.stop = s;
    }
    // Every stopped branch is held until the step lets it go.
    for (const id of pending.keys()) held.add(id);
    if (step === undefined) return release(undefined, []);
    let scope = stepScope(step);
    const origin = (focusId !== undefined ? pending.get(focusId) : undefined) ?? pending.values().next().value;
    if (origin !== undefined && endsBranch(origin.stop) && endingStep(step, origin.stop.branch)) {
      // Stepped at the last boundary of an iteration (branch): on to the next one.
      const sibling = origin.stop.kind === 'error' ? undefined : laterSibling(origin.stop.branch);
      if (sibling !== undefined) return stopAtSibling(sibling);
      scope = retarget(step, origin.stop.branch);
    }
    release(undefined, [], (p) => inStepScope(scope, p.stop.branch));
    watchIdle();
  }

  /** True when `stop` is the last boundary of its branch: its last state exited or failed. */
  function endsBranch(stop: Pick<StopLocation, 'kind' | 'next' | 'error'>): boolean {
    return (stop.kind === 'after' && stop.next === undefined) || (stop.kind === 'error' && stop.error?.handling === 'uncaught');
  }

  /** True when the end of `branch` ends the step's own branch (see StepRequest.next). */
  function endingStep(step: StepRequest, branch: readonly string[]): boolean {
    if (branch.length < 2) return false;
    if (step.mode === 'next') return branchKey(step.next!.parent) === branchKey(branch);
    if (step.mode === 'toState' || step.origin === undefined) return false;
    return branchKey(step.origin.branch) === branchKey(branch);
  }

  /** The held branch of a later iteration (branch) of the same Map (Parallel) as `ended`, at a `before` boundary; the lowest-numbered. */
  function laterSibling(ended: readonly string[]): Pending | undefined {
    const parent = ended.slice(0, -2);
    const owner = ended[ended.length - 2];
    const index = branchIndex(ended[ended.length - 1]);
    if (index === undefined) return undefined;
    let best: { p: Pending; index: number } | undefined;
    for (const p of pending.values()) {
      const b = p.stop.branch;
      if (!held.has(p.stop.id) || p.stop.kind !== 'before' || b.length < parent.length + 2 || !inStepScope(parent, b) || b[parent.length] !== owner) continue;
      const i = branchIndex(b[parent.length + 1]);
      if (i !== undefined && i > index && (best === undefined || i < best.index)) best = { p, index: i };
    }
    return best?.p;
  }

  /** A held branch becomes the step's stop; the other held branches stop with it. */
  function stopAtSibling(sibling: Pending): void {
    held.delete(sibling.stop.id);
    sibling.stop = { ...sibling.stop, reason: 'step' };
    const pos = branches.get(branchKey(sibling.stop.branch));
    if (pos) pos.status = 'stopped';
    actor.send({ type: 'HIT', stop: sibling.stop, also: takeHeld() });
  }

  /** The step goes on past the end of `ended` (StepRequest.next); returns its new scope. */
  function retarget(step: StepRequest, ended: readonly string[]): readonly string[] {
    const parent = ended.slice(0, -2);
    const next: StepRequest = { mode: 'next', next: { parent, owner: ended[ended.length - 2], index: branchIndex(ended[ended.length - 1]) ?? Number.MAX_SAFE_INTEGER } };
    if (step.origin !== undefined) next.origin = step.origin;
    actor.send({ type: 'RETARGET', step: next });
    return parent;
  }

  /** The held branches, as stops shown with the next pause (they leave `held`, staying paused). */
  function takeHeld(): StopLocation[] {
    const stops: StopLocation[] = [];
    for (const id of held) {
      const p = pending.get(id);
      if (p) stops.push(p.stop);
    }
    held.clear();
    return stops;
  }

  /**
   * While a step holds branches: when a turn of the host's event loop passes with no hook called,
   * the stepping branch is waiting, and the held branches go on (see the file comment).
   */
  function watchIdle(): void {
    if (idleGuard || held.size === 0 || state() !== 'stepping') return;
    idleGuard = true;
    const seen = progress;
    nextTurn(() => {
      idleGuard = false;
      if (state() !== 'stepping' || held.size === 0) return;
      if (progress !== seen) return watchIdle();
      freeRun = true;
      release(undefined, [], (p) => held.has(p.stop.id));
    });
  }

  /** Holds a branch outside the step's scope at its boundary, without a pause (see `held`). */
  function holdQuietly(stop: StopLocation): Promise<DebugVerdict> {
    const pos = branches.get(branchKey(stop.branch));
    if (pos) pos.status = 'stopped';
    return new Promise<DebugVerdict>((resolve) => {
      pending.set(stop.id, { stop, resolve });
      held.add(stop.id);
      watchIdle();
    });
  }

  /** Stops the branch at `stop`: the returned promise settles when the run goes on. */
  function hold(stop: StopLocation): Promise<DebugVerdict> {
    const key = branchKey(stop.branch);
    const pos = branches.get(key);
    if (pos) pos.status = 'stopped';
    return new Promise<DebugVerdict>((resolve) => {
      pending.set(stop.id, { stop, resolve });
      actor.send({ type: 'HIT', stop, also: takeHeld() });
    });
  }

  function track(branch: readonly string[], stateName: string, status: BranchPosition['status'], execution: DebugExecutionRef | undefined, sizes?: number[]): void {
    const key = branchKey(branch);
    const pos = branches.get(key);
    if (pos) {
      pos.stateName = stateName;
      pos.status = status;
    } else {
      const added: BranchPosition = { branch: [...branch], stateName, status };
      if (sizes !== undefined) added.branchSizes = sizes;
      if (execution !== undefined) added.execution = execution;
      branches.set(key, added);
    }
  }

  /**
   * The decision at a hook: stop (a promise) or go on (undefined, at once). `stepAllowed` is true
   * for `before` events only: steps stop before a state.
   */
  function decide(
    matcher: BreakpointMatcher,
    event: BreakpointEvent,
    stopBase: Omit<StopLocation, 'id' | 'reason' | 'breakpointIds'>,
  ): DebugVerdict | Promise<DebugVerdict> {
    const s = state();
    if (s === 'stopped') return { stop: true };
    if (s === 'finished') return undefined;
    progress++;
    const matched = matcher.match(event);
    const conclude = (ids: string[]): DebugVerdict | Promise<DebugVerdict> => {
      const now = state();
      if (now === 'stopped') return { stop: true };
      let reason: StopLocation['reason'] | undefined;
      if (now === 'paused') reason = 'all-stop';
      else if (now === 'pausing') reason = 'pause';
      else if (ids.length > 0) reason = 'breakpoint';
      else if (now === 'stepping') {
        const step = actor.getSnapshot().context.step;
        if (step !== undefined) {
          if (event.kind === 'before' && stepReached(step, event.stateName, stopBase.branch)) reason = 'step';
          else if (!freeRun && !inStepScope(stepScope(step), stopBase.branch)) {
            // Outside the step's branch: held at this boundary until the step lets it go.
            return holdQuietly({ ...stopBase, id: nextStopId++, reason: 'all-stop', breakpointIds: ids } as StopLocation);
          } else if (endsBranch(stopBase as StopLocation) && endingStep(step, stopBase.branch)) {
            // The step's branch ends here: on to the next iteration (branch) or the enclosing flow.
            // A failed iteration fails its Map (the others are aborted): no next iteration then.
            const sibling = event.kind === 'error' ? undefined : laterSibling(stopBase.branch);
            if (sibling !== undefined) {
              const waiting = holdQuietly({ ...stopBase, id: nextStopId++, reason: 'all-stop', breakpointIds: ids } as StopLocation);
              stopAtSibling(sibling);
              return waiting;
            }
            const scope = retarget(step, stopBase.branch);
            release(undefined, [], (p) => inStepScope(scope, p.stop.branch));
            watchIdle();
          }
        }
      }
      if (reason === undefined) return undefined;
      return hold({ ...stopBase, id: nextStopId++, reason, breakpointIds: ids });
    };
    if (matched instanceof Promise) return matched.then((bps) => conclude(bps.map((b) => b.id)));
    return conclude(matched.map((b) => b.id));
  }

  /**
   * The hooks of one execution: the debugged one (`where` empty) or a child, whose positions are
   * prefixed with where it was started from and whose breakpoints come from `matcher`.
   */
  function hooksFor(where: HookScope): DebugHooks {
    const { prefix, sizePrefix, execution, itemIndex, matcher } = where;
    const location = (info: BeforeStateInfo | AfterStateInfo | ErrorInfo) => {
      const base: Omit<StopLocation, 'id' | 'reason' | 'breakpointIds' | 'kind'> = {
        stateName: info.stateName,
        stateType: info.stateType,
        branch: prefix.length === 0 ? [...info.branch] : [...prefix, ...info.branch],
      };
      const sizes = [...sizePrefix, ...(info.branchSizes ?? [])];
      if (sizes.length > 0) base.branchSizes = sizes;
      const index = info.mapIterationIndex ?? itemIndex;
      if (index !== undefined) base.mapIterationIndex = index;
      if (execution !== undefined) base.execution = execution;
      return base;
    };
    /** What the matcher sees: a Map Run child's states are in iteration `itemIndex` of its Map. */
    const seen = <T extends { mapIterationIndex: number | undefined }>(info: T): T =>
      info.mapIterationIndex === undefined && itemIndex !== undefined ? { ...info, mapIterationIndex: itemIndex } : info;
    return {
      onStart(control) {
        aborts.add(control.abort);
        if (state() === 'stopped') control.abort();
      },
      beforeState(info) {
        const at = location(info);
        track(at.branch, info.stateName, 'running', execution, at.branchSizes);
        return decide(matcher, { ...seen(info), kind: 'before' }, { ...at, kind: 'before', input: info.input });
      },
      afterState(info) {
        const at = location(info);
        if (info.next === undefined) track(at.branch, info.stateName, 'ended', execution);
        const stop: Omit<StopLocation, 'id' | 'reason' | 'breakpointIds'> = { ...at, kind: 'after', output: info.output };
        if (info.next !== undefined) stop.next = info.next;
        return decide(matcher, { ...seen(info), kind: 'after' }, stop);
      },
      onError(info) {
        const at = location(info);
        if (info.handling === 'uncaught') track(at.branch, info.stateName, 'ended', execution);
        const error: StopLocation['error'] = { handling: info.handling };
        if (info.error !== undefined) error.error = info.error;
        if (info.cause !== undefined) error.cause = info.cause;
        return decide(matcher, { ...seen(info), kind: 'error' }, { ...at, kind: 'error', input: info.input, error });
      },
      child(info) {
        return hooksFor(childScope(where, info));
      },
    };
  }

  /** Where a child execution's positions and breakpoints come from. */
  function childScope(parent: HookScope, info: ChildDebugInfo): HookScope {
    const execution: DebugExecutionRef = {
      name: info.executionName,
      executionArn: info.executionArn,
      stateMachineName: info.stateMachineName,
      startedBy: info.startedBy,
      parentStateName: info.parent.stateName,
    };
    const prefix = [...parent.prefix, ...info.parent.branch, info.parent.stateName, `execution ${info.executionName}`];
    // A child's label has no count of its own (0).
    const sizePrefix = [...parent.sizePrefix, ...(info.parent.branchSizes ?? []), 0];
    if (info.startedBy === 'mapRun') {
      // The ItemProcessor is part of the parent's definition: the parent's breakpoints apply.
      return { prefix, sizePrefix, execution, itemIndex: info.itemIndex, matcher: parent.matcher };
    }
    return { prefix, sizePrefix, execution, itemIndex: undefined, matcher: childMatcher(info.stateMachineName) };
  }

  function childMatcher(stateMachineName: string): BreakpointMatcher {
    let m = childMatchers.get(stateMachineName);
    if (m === undefined) {
      m = createBreakpointMatcher(childLists.get(stateMachineName) ?? options.childBreakpoints?.(stateMachineName) ?? [], options.evaluateJsonataSync);
      childMatchers.set(stateMachineName, m);
    }
    return m;
  }

  const hooks = hooksFor({ prefix: [], sizePrefix: [], execution: undefined, itemIndex: undefined, matcher });

  function withOverrides(invoker: TaskInvoker): TaskInvoker {
    return {
      invoke(request: TaskRequest) {
        if (overrides.size === 0) return invoker.invoke(request);
        const context = request.context as { Execution?: { Id?: string } } | null;
        const arn = context?.Execution?.Id;
        const key = arn !== undefined && overrides.has(overrideKey(request.stateName, arn)) ? overrideKey(request.stateName, arn) : overrideKey(request.stateName, undefined);
        const queue = overrides.get(key);
        const next = queue?.shift();
        if (queue && queue.length === 0) overrides.delete(key);
        return next ?? invoker.invoke(request);
      },
    };
  }

  /** Where a Task's branch is: the running branch last seen entering that state. */
  function branchOfTask(stateName: string): string[] {
    for (const pos of branches.values()) if (pos.stateName === stateName && pos.status === 'running') return [...pos.branch];
    return [];
  }

  /** RunOptions.unansweredTasks under the debugger: asks the user (askUnmocked) and records every answer. */
  function asking(inner: TaskInvoker): TaskInvoker {
    return {
      async invoke(request: TaskRequest): Promise<TaskOutcome> {
        const generated = await inner.invoke(request);
        const context = request.context as { Execution?: { Id?: string } } | null;
        const executionArn = context?.Execution?.Id;
        let outcome = generated;
        let answeredByUser = false;
        const now = state();
        if (options.askUnmocked && now !== 'stopped' && now !== 'finished') {
          const stop: StopLocation = {
            id: nextStopId++,
            kind: 'task',
            reason: 'unmocked-task',
            breakpointIds: [],
            stateName: request.stateName,
            stateType: 'Task',
            branch: branchOfTask(request.stateName),
            input: request.parameters,
            task: {
              resource: request.resource,
              request: request.parameters,
              invocationIndex: request.invocationIndex,
              generated: generated.kind === 'success' ? generated.output : null,
            },
          };
          if (request.mapIterationIndex !== undefined) stop.mapIterationIndex = request.mapIterationIndex;
          const verdict = await hold(stop);
          if (verdict !== undefined && 'stop' in verdict) return { kind: 'failure', failure: { error: 'States.Aborted' } };
          const given = givenAnswers.get(stop.id);
          givenAnswers.delete(stop.id);
          if (given !== undefined) {
            // A success keeps the generated TaskSubmitted output (a .waitForTaskToken's service answer).
            outcome = given.kind === 'success' && generated.submitted !== undefined ? { ...given, submitted: generated.submitted } : given;
            answeredByUser = true;
          }
        }
        const answer: SessionTaskAnswer = { stateName: request.stateName, invocationIndex: request.invocationIndex, resource: request.resource, outcome, answeredByUser };
        if (executionArn !== undefined) answer.executionArn = executionArn;
        answers.push(answer);
        return outcome;
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
          ...(runOptions.unansweredTasks !== undefined ? { unansweredTasks: asking(runOptions.unansweredTasks) } : {}),
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
    setNextTaskResponse(stateName, outcome, executionArn) {
      const key = overrideKey(stateName, executionArn);
      const queue = overrides.get(key) ?? [];
      queue.push(outcome);
      overrides.set(key, queue);
    },
    setBreakpoints(list, stateMachineName) {
      if (stateMachineName === undefined) matcher.set(list);
      else {
        childLists.set(stateMachineName, list);
        childMatchers.get(stateMachineName)?.set(list);
      }
      notify();
    },
    answerTask(stopId, outcome) {
      const stop = actor.getSnapshot().context.stops.find((s) => s.id === stopId);
      if (stop === undefined || stop.kind !== 'task') throw new Error(`Stop ${stopId} is not a Task waiting for an answer`);
      givenAnswers.set(stopId, outcome);
      actor.send({ type: 'CONTINUE' });
    },
    taskAnswers: () => answers,
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

/** Where one execution's hooks report from (see `hooksFor` in createDebugSession). */
interface HookScope {
  /** Prepended to the execution's own branch paths. */
  prefix: readonly string[];
  /** Prepended to the execution's own branch sizes (StopLocation.branchSizes). */
  sizePrefix: readonly number[];
  execution: DebugExecutionRef | undefined;
  /** A Map Run child's item index: its states' Map iteration index when no inner Map has one. */
  itemIndex: number | undefined;
  matcher: BreakpointMatcher;
}

function overrideKey(stateName: string, executionArn: string | undefined): string {
  return executionArn === undefined ? stateName : `${executionArn}\u0000${stateName}`;
}

function branchKey(branch: readonly string[]): string {
  return JSON.stringify(branch);
}

/** The variables object a hook reports, for conditions (re-exported for callers building events by hand). */
export type DebugVariables = JsonObject;
