import type { BranchPosition, DebugSnapshot } from '@common/debug/debugSession';
import type { StopLocation } from '@common/debug/runControlMachine';
import { shortName, stopKindLabel } from './runControlView';

/**
 * The debugger's call stack, as threads in an IDE: the execution, then each Map iteration,
 * Parallel branch and child execution the run has entered (`Map "Fan" · iteration #1 of 3`), each
 * with the state its branch is at and whether it is stopped there. Ended iterations are folded
 * into one line once there are many of them (a Map over thousands of items).
 */
export interface CallFrame {
  /** Unique in the stack. */
  key: string;
  kind: 'execution' | 'iteration' | 'branch' | 'child' | 'state' | 'ended';
  label: string;
  /** Nesting: 0 for the execution, +1 per Map iteration, Parallel branch or child execution. */
  depth: number;
  /** The branch path of the frame (`["Fan", "iteration 1"]`); for a state frame, the branch it runs in. */
  branch: string[];
  /** The state a click selects: a state frame's own state, an iteration's (branch's) current state. */
  stateName?: string;
  status?: BranchPosition['status'];
  /** The stop of a stopped branch (a click focuses it). */
  stop?: StopLocation;
  /** The focused stop's branch (and the frames enclosing it). */
  focused: boolean;
}

/** More ended iterations (branches) than this under one Map (Parallel) are folded into one line. */
export const ENDED_SHOWN = 8;

/** "Map "Fan" · iteration #1 of 3", "Parallel "Both" · branch #0 of 2", "child 3f2c9a1b…" for one label of a branch path. */
export function frameLabel(owner: string, label: string, size: number | undefined): { kind: CallFrame['kind']; text: string } {
  const of = size !== undefined && size > 0 ? ` of ${size}` : '';
  if (label.startsWith('iteration ')) return { kind: 'iteration', text: `Map "${owner}" · iteration #${label.slice(10)}${of}` };
  if (label.startsWith('branch ')) return { kind: 'branch', text: `Parallel "${owner}" · branch #${label.slice(7)}${of}` };
  if (label.startsWith('execution ')) return { kind: 'child', text: `"${owner}" · child ${shortName(label.slice(10))}` };
  return { kind: 'branch', text: `"${owner}" · ${label}` };
}

function key(branch: readonly string[]): string {
  return JSON.stringify(branch);
}

function startsWith(branch: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= branch.length && prefix.every((p, i) => branch[i] === p);
}

/** The frames of a snapshot, in display order (see CallFrame). */
export function callStackOf(snapshot: DebugSnapshot | undefined, executionLabel = 'Execution'): CallFrame[] {
  if (snapshot === undefined) return [];
  // A finished run (ended, or stopped by the user) has no branch still running, whatever each last reported.
  const finished = snapshot.state === 'finished';
  const statusOf = (pos: BranchPosition): BranchPosition['status'] => (finished ? 'ended' : pos.status);
  const stops = new Map(snapshot.context.stops.map((s) => [key(s.branch), s]));
  const focusedStop = snapshot.context.stops.find((s) => s.id === snapshot.context.focus) ?? snapshot.context.stops[0];
  const focusedBranch = focusedStop?.branch;
  /** Branch positions by the path of their branch; and the children (one label deeper) of each path. */
  const positions = new Map(snapshot.branches.map((b) => [key(b.branch), b]));
  const children = new Map<string, string[][]>();
  const seen = new Set<string>();
  const addPath = (branch: string[]) => {
    for (let n = 2; n <= branch.length; n += 2) {
      const child = branch.slice(0, n);
      if (seen.has(key(child))) continue;
      seen.add(key(child));
      const parent = key(branch.slice(0, n - 2));
      const list = children.get(parent) ?? [];
      list.push(child);
      children.set(parent, list);
    }
  };
  for (const b of snapshot.branches) addPath(b.branch);
  // Per path (and every path enclosing it): its sizes, and whether everything in it has ended. One
  // pass, so that a Map over thousands of items stays linear.
  const sizesByPath = new Map<string, number[]>();
  const live = new Set<string>();
  for (const b of snapshot.branches) {
    const running = !finished && (b.status !== 'ended' || stops.has(key(b.branch)));
    for (let n = 0; n <= b.branch.length; n += 2) {
      const k = key(b.branch.slice(0, n));
      if (b.branchSizes !== undefined && !sizesByPath.has(k)) sizesByPath.set(k, b.branchSizes);
      if (running) live.add(k);
    }
  }
  const sizesOf = (branch: readonly string[]): number[] | undefined => sizesByPath.get(key(branch));
  const indexOf = (label: string): number => Number(/\d+$/.exec(label)?.[0] ?? 0);

  const frames: CallFrame[] = [{ key: '[]#execution', kind: 'execution', label: executionLabel, depth: 0, branch: [], focused: focusedStop !== undefined }];
  const stateFrame = (branch: string[], depth: number) => {
    const pos = positions.get(key(branch));
    if (pos === undefined) return;
    const stop = stops.get(key(branch));
    const status = stop !== undefined ? `stopped ${stopKindLabel(stop)}` : statusOf(pos);
    const frame: CallFrame = {
      key: `${key(branch)}#state`,
      kind: 'state',
      label: `${pos.stateName} · ${status}`,
      depth,
      branch,
      stateName: pos.stateName,
      status: stop !== undefined ? 'stopped' : statusOf(pos),
      focused: focusedBranch !== undefined && key(focusedBranch) === key(branch),
    };
    if (stop !== undefined) frame.stop = stop;
    frames.push(frame);
  };
  const walk = (branch: string[], depth: number) => {
    stateFrame(branch, depth);
    const inner = [...(children.get(key(branch)) ?? [])].sort((a, b) => (a[a.length - 2] === b[b.length - 2] ? indexOf(a[a.length - 1]) - indexOf(b[b.length - 1]) : 0));
    // Many ended iterations (branches) of one state: fold them.
    const ended = inner.filter((c) => !live.has(key(c)));
    const fold = ended.length > ENDED_SHOWN ? new Set(ended.map(key)) : new Set<string>();
    if (fold.size > 0) frames.push({ key: `${key(branch)}#ended`, kind: 'ended', label: `${fold.size} ended iterations or branches`, depth: depth + 1, branch, focused: false });
    for (const child of inner) {
      if (fold.has(key(child))) continue;
      const sizes = sizesOf(child);
      const k = child.length / 2 - 1;
      const { kind, text } = frameLabel(child[child.length - 2], child[child.length - 1], sizes?.[k]);
      const current = positions.get(key(child));
      const frame: CallFrame = {
        key: `${key(child)}#frame`,
        kind,
        label: text,
        depth: depth + 1,
        branch: child,
        focused: focusedBranch !== undefined && startsWith(focusedBranch, child),
      };
      if (current !== undefined) {
        frame.stateName = current.stateName;
        frame.status = stops.has(key(child)) ? 'stopped' : statusOf(current);
      }
      frames.push(frame);
      walk(child, depth + 2);
    }
  };
  walk([], 1);
  return frames;
}
