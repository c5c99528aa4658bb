import type { DebugSnapshot } from '@common/debug/debugSession';
import type { StopLocation } from '@common/debug/runControlMachine';

/** Which run-control commands make sense now, derived from the mirrored machine state. */
export interface RunControlView {
  /** A readable status: "Stopped before ChargeCard", "Running", "Finished (SUCCEEDED)". */
  status: string;
  canContinue: boolean;
  canPause: boolean;
  canStep: boolean;
  canStop: boolean;
  /** The stop step commands start from. */
  focused: StopLocation | undefined;
}

/**
 * Describes a stop in a few words ("before ChargeCard", "after Ship (iteration #2 of 3)", "on Boom
 * in Charge", "before Import (iteration #1) in child 3f2c9a1b…"). An iteration is named by its index
 * (`$$.Map.Item.Index`, as breakpoints and the timeline name it), with the Map's count when known.
 */
export function describeStop(stop: StopLocation): string {
  const where =
    stop.kind === 'before' ? `before ${stop.stateName}` : stop.kind === 'after' ? `after ${stop.stateName}` : stop.kind === 'task' ? `at ${stop.stateName} (no mock)` : `on ${stop.error?.error ?? 'an error'} in ${stop.stateName}`;
  const inIteration = stop.mapIterationIndex !== undefined ? `${where} (${iterationLabel(stop.mapIterationIndex, innermostMapSize(stop))})` : where;
  return stop.execution !== undefined ? `${inIteration} in child ${shortName(stop.execution.name)}` : inIteration;
}

/** "iteration #2 of 3" (index, and the Map's count when known: 0 is unknown). */
export function iterationLabel(index: number, size: number | undefined): string {
  return size !== undefined && size > 0 ? `iteration #${index} of ${size}` : `iteration #${index}`;
}

/** How many iterations the innermost Map around a stop runs (undefined: unknown, e.g. a Map Run child). */
function innermostMapSize(stop: StopLocation): number | undefined {
  const sizes = stop.branchSizes;
  if (sizes === undefined) return undefined;
  for (let k = sizes.length - 1; k >= 0; k--) {
    const label = stop.branch[2 * k + 1] ?? '';
    if (label.startsWith('iteration ')) return sizes[k];
    if (label.startsWith('execution ')) return undefined;
  }
  return undefined;
}

/** A stop in the branches table, whose row already names the state and the branch: "before", "after", "on Boom". */
export function stopKindLabel(stop: StopLocation): string {
  return stop.kind === 'error' ? `on ${stop.error?.error ?? 'an error'}` : stop.kind === 'task' ? 'at a Task with no mock' : stop.kind;
}

/** A child execution's name, short enough for a table cell (Map Run children have UUID names). */
export function shortName(name: string): string {
  return name.length > 12 ? `${name.slice(0, 8)}…` : name;
}

/** The toolbar's view of a snapshot (undefined: not debugging). */
export function runControlView(snapshot: DebugSnapshot | undefined): RunControlView {
  if (snapshot === undefined) return { status: 'Not debugging', canContinue: false, canPause: false, canStep: false, canStop: false, focused: undefined };
  const { state, context } = snapshot;
  const focused = context.stops.find((s) => s.id === context.focus) ?? context.stops[0];
  const live = state !== 'finished' && state !== 'stopped';
  let status: string;
  switch (state) {
    case 'paused':
      status = focused ? `Stopped ${describeStop(focused)}` : 'Stopped';
      break;
    case 'pausing':
      status = 'Pausing…';
      break;
    case 'stepping':
      status = 'Stepping…';
      break;
    case 'stopped':
      status = 'Stopping…';
      break;
    case 'finished':
      status = `Finished (${context.status ?? 'done'})`;
      break;
    default:
      status = 'Running';
  }
  return {
    status,
    canContinue: state === 'paused' || state === 'pausing' || state === 'stepping',
    canPause: state === 'running' || state === 'stepping',
    canStep: state === 'paused',
    canStop: live,
    focused,
  };
}

/**
 * Where a branch is, as a label: "Top level", "Fulfil › branch 1", "ShipItems › iteration 2", and
 * in a child execution "Import › child 3f2c9a1b…".
 */
export function branchLabel(branch: readonly string[]): string {
  if (branch.length === 0) return 'Top level';
  return branch.map((part) => (part.startsWith('execution ') ? `child ${shortName(part.slice(10))}` : part)).join(' › ');
}

/** The states where a debugger snapshot has stopped branches (the focused stop wins a tie). */
export function pausedStatesOf(snapshot: DebugSnapshot | undefined): ReadonlyMap<string, 'before' | 'after' | 'error'> | undefined {
  if (snapshot === undefined || snapshot.state !== 'paused' || snapshot.context.stops.length === 0) return undefined;
  const paused = new Map<string, 'before' | 'after' | 'error'>();
  for (const stop of snapshot.context.stops) if (!paused.has(stop.stateName) || stop.id === snapshot.context.focus) paused.set(stop.stateName, stop.kind === 'task' ? 'before' : stop.kind); // an unmocked Task's stop: the Task is not done yet
  return paused;
}
