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

/** Describes a stop in a few words ("before ChargeCard", "after Ship, iteration 2", "error in Charge"). */
export function describeStop(stop: StopLocation): string {
  const where = stop.kind === 'before' ? `before ${stop.stateName}` : stop.kind === 'after' ? `after ${stop.stateName}` : `on ${stop.error?.error ?? 'an error'} in ${stop.stateName}`;
  return stop.mapIterationIndex !== undefined ? `${where} (iteration ${stop.mapIterationIndex})` : where;
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

/** Where a branch is, as a label: "top level", "Fulfil › branch 1", "ShipItems › iteration 2". */
export function branchLabel(branch: readonly string[]): string {
  return branch.length === 0 ? 'Top level' : branch.join(' › ');
}
