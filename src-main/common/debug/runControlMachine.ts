import { assign, createActor, setup, type SnapshotFrom } from 'xstate';
import type { Json } from '../json';
import type { State } from '../asl/types';

/**
 * The run-control behaviour of a debugged execution, as an xstate machine. It holds only
 * serialisable data, so the main process runs it and the renderer mirrors its snapshots; the
 * promises that hold paused branches live in the session (debugSession.ts), which follows the
 * machine's transitions.
 *
 * States: `running`; `pausing` (a pause was asked for: the next branch to reach a hook stops);
 * `paused` (one or more branches stopped, see `context.stops`); `stepping` (running until the
 * step in `context.step` is reached); `stopped` (the user stopped the execution: every branch is
 * aborted); `finished` (the execution ended by itself).
 */

/** A child execution debugged with its parent (debugSession.ts): which one a stop or branch is in. */
export interface DebugExecutionRef {
  name: string;
  executionArn: string;
  stateMachineName: string;
  /** A Distributed Map's Map Run, or a `states:startExecution` Task. */
  startedBy: 'mapRun' | 'startExecution';
  /** The parent's state that started it. */
  parentStateName: string;
}

/** Where and why a branch stopped. */
export interface StopLocation {
  /** Unique in the session. */
  id: number;
  /**
   * `before`: the state is about to be entered (its input can be edited); `after`: it exited;
   * `error`: it failed; `task`: a Task that nothing answers (no mock) waits for the user's answer.
   */
  kind: 'before' | 'after' | 'error' | 'task';
  /**
   * What stopped it: a breakpoint, a step, a pause, another branch stopping (`all-stop`), or a
   * Task with no mock (`unmocked-task`, with `task`).
   */
  reason: 'breakpoint' | 'step' | 'pause' | 'all-stop' | 'unmocked-task';
  /** For `task`: the request the Task would send and the response generated from the service's model. */
  task?: UnmockedTask;
  /** Breakpoint ids that matched (for `breakpoint`; others may match in any reason). */
  breakpointIds: string[];
  stateName: string;
  stateType: State['Type'];
  /**
   * Enclosing branches, outermost first (`["Fan", "iteration 3"]`), `[]` at the top level; in a
   * child execution, the path of the state that started it, its name and `execution <name>` come
   * first (`["Fan", "execution 0c1f…"]`).
   */
  branch: string[];
  /**
   * How many iterations (branches) each Map (Parallel) of `branch` runs, one number per label
   * (`[3]` for `["Fan", "iteration 1"]`: iteration 2 of 3); 0 where unknown (a child execution's label).
   */
  branchSizes?: number[];
  /** The child execution the stop is in; absent in the debugged execution itself. */
  execution?: DebugExecutionRef;
  mapIterationIndex?: number;
  /** The state's raw input (`before`, `error`); for `before` it is what the state will receive, edits included. */
  input?: Json;
  /** True when the input was edited at this stop. */
  inputEdited?: boolean;
  /** The state's output (`after`). */
  output?: Json;
  /** The next state (`after`); absent when the branch ends. */
  next?: string;
  /** The error (`error`). */
  error?: { error?: string; cause?: string; handling: 'retried' | 'caught' | 'uncaught' };
}

/** A Task invocation that no mock answers, at an `unmocked-task` stop. */
export interface UnmockedTask {
  resource: string;
  /** The effective parameters the Task sends (after InputPath/Parameters or Arguments). */
  request: Json;
  invocationIndex: number;
  /** A response shaped like the service's (common/mocks/generateResponse.ts); the user may edit it. */
  generated: Json;
}

/**
 * A step in progress: its kind, the stop it started from, and the target state of `toState`.
 * `next` is what a step becomes once the branch it started in has ended (the session retargets
 * it, see debugSession.ts): it stops before the first state of a later iteration (branch) of the
 * same Map (Parallel) than `next.index`, or before the next state of the enclosing branch.
 */
export interface StepRequest {
  mode: 'over' | 'into' | 'out' | 'toState' | 'next';
  /** The branch and state of the stop it started from (absent for run-to-state from running). */
  origin?: { branch: string[]; stateName: string; stateType: State['Type']; kind: StopLocation['kind'] };
  /** For `toState`. */
  stateName?: string;
  /** For `next`: the Map or Parallel (its branch path `parent` and name `owner`) and the index of the iteration (branch) that ended. */
  next?: { parent: string[]; owner: string; index: number };
}

/** The machine's data. */
export interface RunControlContext {
  /** Branches stopped now (empty unless `paused`). */
  stops: StopLocation[];
  /** The stop that step commands start from: the first stop of a pause. */
  focus: number | undefined;
  step: StepRequest | undefined;
  /** How the execution ended (`finished`, `stopped`). */
  status: string | undefined;
}

/** Events the machine accepts. */
export type RunControlEvent =
  /** A branch stopped (sent by the session); `also`: branches a step held, shown with it (all-stop). */
  | { type: 'HIT'; stop: StopLocation; also?: StopLocation[] }
  | { type: 'CONTINUE' }
  | { type: 'PAUSE' }
  | { type: 'STEP_OVER' }
  | { type: 'STEP_INTO' }
  | { type: 'STEP_OUT' }
  | { type: 'RUN_TO_STATE'; stateName: string }
  | { type: 'STOP' }
  /** Another stop becomes the one steps start from. */
  | { type: 'FOCUS'; stopId: number }
  /** Replaces the input a `before` stop will give its state. */
  | { type: 'EDIT_INPUT'; stopId: number; input: Json }
  /** The branch a step started in ended: the step goes on as `step` (sent by the session). */
  | { type: 'RETARGET'; step: StepRequest }
  /** The execution ended (sent by the session). */
  | { type: 'FINISHED'; status: string };

function originOf(context: RunControlContext): StepRequest['origin'] {
  const stop = context.stops.find((s) => s.id === context.focus) ?? context.stops[0];
  if (!stop) return undefined;
  return { branch: stop.branch, stateName: stop.stateName, stateType: stop.stateType, kind: stop.kind };
}

/** The run-control machine (see the file comment). */
export const runControlMachine = setup({
  types: {
    context: {} as RunControlContext,
    events: {} as RunControlEvent,
  },
  actions: {
    addStop: assign(({ context, event }) => {
      if (event.type !== 'HIT') return {};
      return { stops: [...context.stops, event.stop, ...(event.also ?? [])], focus: context.focus ?? event.stop.id, step: undefined };
    }),
    clearStops: assign({ stops: [], focus: undefined, step: undefined }),
    stepOver: assign(({ context }) => ({ step: { mode: 'over' as const, origin: originOf(context) }, stops: [], focus: undefined })),
    stepInto: assign(({ context }) => ({ step: { mode: 'into' as const, origin: originOf(context) }, stops: [], focus: undefined })),
    stepOut: assign(({ context }) => ({ step: { mode: 'out' as const, origin: originOf(context) }, stops: [], focus: undefined })),
    runToState: assign(({ event }) =>
      event.type === 'RUN_TO_STATE' ? { step: { mode: 'toState' as const, stateName: event.stateName }, stops: [], focus: undefined } : {},
    ),
    focus: assign(({ context, event }) =>
      event.type === 'FOCUS' && context.stops.some((s) => s.id === event.stopId) ? { focus: event.stopId } : {},
    ),
    editInput: assign(({ context, event }) => {
      if (event.type !== 'EDIT_INPUT') return {};
      return {
        stops: context.stops.map((s) => (s.id === event.stopId && s.kind === 'before' ? { ...s, input: event.input, inputEdited: true } : s)),
      };
    }),
    retarget: assign(({ event }) => (event.type === 'RETARGET' ? { step: event.step } : {})),
    setStatus: assign(({ event }) => (event.type === 'FINISHED' ? { status: event.status } : { status: 'ABORTED' })),
  },
}).createMachine({
  id: 'runControl',
  context: { stops: [], focus: undefined, step: undefined, status: undefined },
  initial: 'running',
  on: {
    FINISHED: { target: '.finished', actions: ['clearStops', 'setStatus'] },
  },
  states: {
    running: {
      on: {
        HIT: { target: 'paused', actions: 'addStop' },
        PAUSE: 'pausing',
        RUN_TO_STATE: { target: 'stepping', actions: 'runToState' },
        STOP: { target: 'stopped', actions: ['clearStops', 'setStatus'] },
      },
    },
    pausing: {
      on: {
        HIT: { target: 'paused', actions: 'addStop' },
        CONTINUE: 'running',
        STOP: { target: 'stopped', actions: ['clearStops', 'setStatus'] },
      },
    },
    paused: {
      on: {
        HIT: { actions: 'addStop' },
        CONTINUE: { target: 'running', actions: 'clearStops' },
        STEP_OVER: { target: 'stepping', actions: 'stepOver' },
        STEP_INTO: { target: 'stepping', actions: 'stepInto' },
        STEP_OUT: { target: 'stepping', actions: 'stepOut' },
        RUN_TO_STATE: { target: 'stepping', actions: 'runToState' },
        FOCUS: { actions: 'focus' },
        EDIT_INPUT: { actions: 'editInput' },
        STOP: { target: 'stopped', actions: ['clearStops', 'setStatus'] },
      },
    },
    stepping: {
      on: {
        HIT: { target: 'paused', actions: 'addStop' },
        RETARGET: { actions: 'retarget' },
        PAUSE: 'pausing',
        CONTINUE: { target: 'running', actions: 'clearStops' },
        STOP: { target: 'stopped', actions: ['clearStops', 'setStatus'] },
      },
    },
    stopped: {
      on: { FINISHED: { target: 'finished', actions: 'setStatus' } },
    },
    finished: { type: 'final' },
  },
});

/** A snapshot of the run-control machine. */
export type RunControlSnapshot = SnapshotFrom<typeof runControlMachine>;

/** The machine's state names. */
export type RunControlState = 'running' | 'pausing' | 'paused' | 'stepping' | 'stopped' | 'finished';

/** Starts an actor of the run-control machine (the session does this; tests may too). */
export function createRunControlActor() {
  return createActor(runControlMachine).start();
}

/** True when the pending step stops before a state entered in `branch` (see StepRequest). */
export function stepReached(step: StepRequest, stateName: string, branch: readonly string[]): boolean {
  if (step.mode === 'toState') return stateName === step.stateName;
  if (step.mode === 'next') {
    const { parent, owner, index } = step.next!;
    // The next state of the enclosing branch, or further out.
    if (branch.length <= parent.length) return isPrefix(branch, parent);
    // A state of a later iteration (branch) of the same Map (Parallel).
    if (!isPrefix(parent, branch) || branch[parent.length] !== owner) return false;
    const later = branchIndex(branch[parent.length + 1]);
    return later !== undefined && later > index;
  }
  const origin = step.origin;
  if (origin === undefined) return true;
  const b = origin.branch;
  // Back in an enclosing branch: the origin's branch ended (Step over / into) or was left (Step out).
  const enclosing = branch.length < b.length && isPrefix(branch, b);
  if (step.mode === 'out') return enclosing;
  if (enclosing || sameBranch(branch, b)) return true;
  if (step.mode === 'into' && origin.kind === 'before' && (origin.stateType === 'Parallel' || origin.stateType === 'Map' || origin.stateType === 'Task')) {
    // The first state of a branch or iteration of the state stepped into, or of a child execution
    // that a Distributed Map or a startExecution Task starts (`[..., state, "execution <name>"]`).
    return branch.length === b.length + 2 && isPrefix(b, branch) && branch[b.length] === origin.stateName;
  }
  return false;
}

/**
 * The branches a step lets run: those in the branch it started from (nested ones included).
 * Every other branch is held at its next state boundary until the step ends (debugSession.ts).
 * `toState` and a step from no stop let every branch run.
 */
export function stepScope(step: StepRequest): readonly string[] {
  if (step.mode === 'toState') return [];
  if (step.mode === 'next') return step.next!.parent;
  return step.origin?.branch ?? [];
}

/** True when `branch` runs inside `scope` (see stepScope). */
export function inStepScope(scope: readonly string[], branch: readonly string[]): boolean {
  return isPrefix(scope, branch);
}

/** The index of an `iteration N` or `branch N` label; undefined for a child execution's label. */
export function branchIndex(label: string | undefined): number | undefined {
  const m = label === undefined ? null : /^(?:iteration|branch) (\d+)$/.exec(label);
  return m ? Number(m[1]) : undefined;
}

function isPrefix(prefix: readonly string[], of: readonly string[]): boolean {
  if (prefix.length > of.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== of[i]) return false;
  return true;
}

function sameBranch(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && isPrefix(a, b);
}
