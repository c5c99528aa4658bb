import { countAtOrBefore } from './countAtOrBefore';
import type { HistoryEvent } from './events';
import { eventDetails } from './historySummary';
import { visitStatusAt, type StateStatus, type VisitProjection } from './visits';

/**
 * Progress of Map and Parallel visits at a cursor: how many of a Map's iterations have started,
 * succeeded, failed or are still running, a Distributed Map's Map Run status, and each Parallel
 * branch's status. Drawn in the graph's Map and Parallel nodes.
 *
 * Cost: `iterationProgressIndex` walks the events of the Map and Parallel visits once (O(events));
 * `compoundProgressAt` is then a few binary searches per state, so it can run at every cursor
 * move of a 25,000-event history. Positions are event positions, as in `visits.ts`.
 */

/** What an inline Map visit recorded, as ascending event positions. */
interface MapTrack {
  /** `MapStateStarted`'s `length` (items taken from the input), null when absent, and its position. */
  length: number | null;
  lengthAt: number;
  started: number[];
  succeeded: number[];
  failed: number[];
  aborted: number[];
  /** A Distributed Map's Map Run: where it started and how it ended (null: inline Map). */
  mapRun: { startedAt: number; endedAt: number | null; outcome: 'succeeded' | 'failed' | 'aborted' | null } | null;
  /** Distributed Map: the number of items in its output, when it exited with an array (null otherwise). */
  outputItems: number | null;
}

/** A Parallel visit's branches: per branch (named by its first state), the visits directly in it, by entry. */
interface ParallelTrack {
  branches: { branch: string; visits: number[] }[];
}

/** Precomputed per-visit data for `compoundProgressAt`; built once per projection. */
export interface IterationProgressIndex {
  readonly projection: VisitProjection;
  /** Visits of each Map or Parallel state, in order of entry. */
  readonly visitsOfState: ReadonlyMap<string, readonly number[]>;
  readonly maps: ReadonlyMap<number, MapTrack>;
  readonly parallels: ReadonlyMap<number, ParallelTrack>;
  /**
   * A Map or Parallel visit of a redrive → the visit of an earlier attempt it went on from (same
   * state and path): the branches (iterations) the redrive kept ran there.
   */
  readonly resumes: ReadonlyMap<number, number>;
}

/** Iteration counts of a Map visit at a cursor. `done` = succeeded + failed + aborted. */
export interface IterationCounts {
  /** Items to iterate over, when known (`MapStateStarted`'s length; a Distributed Map's output length). */
  total: number | null;
  started: number;
  succeeded: number;
  failed: number;
  /** Aborted iterations, including those left open when the Map or the execution stopped. */
  aborted: number;
  running: number;
  done: number;
}

/** Which visit the progress is about, among the visits of a state (a Map nested in a Map has one per outer iteration). */
export interface ProgressVisit {
  /** Index of the visit in the projection. */
  visit: number;
  /** 1-based rank of the visit among the state's visits entered by the cursor. */
  ordinal: number;
  /** How many visits of the state had been entered by the cursor. */
  visitsSoFar: number;
  /** `selected`: the visit asked for; `latest`: the latest visit entered at or before the cursor. */
  chosen: 'selected' | 'latest';
  /** Where the visit ran (`Outer[2] › Inner`). */
  path: string;
  /** The visit's own status at the cursor. */
  status: StateStatus;
}

/** A Map visit's progress at a cursor. */
export interface MapProgress extends ProgressVisit {
  kind: 'map';
  state: string;
  /** `distributed` when the visit ran a Map Run (its iterations are child executions, not in this history). */
  mode: 'inline' | 'distributed';
  counts: IterationCounts;
  /** A Distributed Map's Map Run status at the cursor; null for an inline Map. */
  mapRun: StateStatus | null;
}

/** A Parallel visit's progress at a cursor: each branch that has started, by its first state. */
export interface ParallelProgress extends ProgressVisit {
  kind: 'parallel';
  state: string;
  /** Branches entered by the cursor, keyed by their first state (the name AWS histories give a branch). */
  branches: ReadonlyMap<string, StateStatus>;
}

/** Progress of a Map or Parallel visit. */
export type CompoundProgress = MapProgress | ParallelProgress;


function arrayLength(text: string | null): number | null {
  if (text === null || !text.startsWith('[')) return null;
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.length : null;
  } catch {
    return null;
  }
}

/**
 * Precomputes, for every Map and Parallel visit of `projection` (built from `events`), what
 * `compoundProgressAt` needs. One pass over those visits' events; never throws for odd histories.
 */
export function iterationProgressIndex(projection: VisitProjection, events: readonly HistoryEvent[]): IterationProgressIndex {
  const visitsOfState = new Map<string, number[]>();
  const maps = new Map<number, MapTrack>();
  const parallels = new Map<number, ParallelTrack>();
  const resumes = new Map<number, number>();
  for (const v of projection.visits) {
    if (v.stateType === 'Map') {
      const track: MapTrack = { length: null, lengthAt: -1, started: [], succeeded: [], failed: [], aborted: [], mapRun: null, outputItems: null };
      for (const pos of v.events) {
        const e = events[pos];
        if (e === undefined) continue;
        switch (e.type) {
          case 'MapStateStarted': {
            const length = eventDetails(e)?.length;
            if (typeof length === 'number') {
              track.length = length;
              track.lengthAt = pos;
            }
            break;
          }
          case 'MapIterationStarted': track.started.push(pos); break;
          case 'MapIterationSucceeded': track.succeeded.push(pos); break;
          case 'MapIterationFailed': track.failed.push(pos); break;
          case 'MapIterationAborted': track.aborted.push(pos); break;
          case 'MapRunStarted':
          case 'MapRunRedriven': track.mapRun = { startedAt: pos, endedAt: null, outcome: null }; break;
          case 'MapRunSucceeded':
          case 'MapRunFailed':
          case 'MapRunAborted':
            if (track.mapRun !== null) {
              track.mapRun.endedAt = pos;
              track.mapRun.outcome = e.type === 'MapRunSucceeded' ? 'succeeded' : e.type === 'MapRunFailed' ? 'failed' : 'aborted';
            }
            break;
          default:
            break;
        }
      }
      if (track.mapRun !== null && track.mapRun.outcome === 'succeeded') track.outputItems = arrayLength(v.output);
      maps.set(v.index, track);
    } else if (v.stateType === 'Parallel') {
      parallels.set(v.index, { branches: [] });
    } else {
      continue;
    }
    let list = visitsOfState.get(v.state);
    if (list === undefined) visitsOfState.set(v.state, (list = []));
    if (v.redrive > 0) {
      // The latest visit of an earlier attempt at the same place is the one this redrive goes on from.
      for (let i = list.length - 1; i >= 0; i--) {
        const earlier = projection.visits[list[i]];
        if (earlier.redrive < v.redrive && earlier.path === v.path) {
          resumes.set(v.index, earlier.index);
          break;
        }
      }
    }
    list.push(v.index);
  }
  // The visits directly inside each Parallel visit, grouped by branch (visits are in order of entry).
  for (const v of projection.visits) {
    if (v.parent === null) continue;
    const track = parallels.get(v.parent);
    if (track === undefined) continue;
    const name = v.branch ?? v.state;
    let branch = track.branches.find((b) => b.branch === name);
    if (branch === undefined) track.branches.push((branch = { branch: name, visits: [] }));
    branch.visits.push(v.index);
  }
  return { projection, visitsOfState, maps, parallels, resumes };
}

/**
 * The progress of a Map or Parallel state at a cursor, for one of its visits: `selectedVisit` when
 * it is a visit of that state entered by the cursor, otherwise the latest visit entered at or
 * before the cursor. Undefined when the state is not a Map or Parallel that has been entered.
 */
export function compoundProgressAt(index: IterationProgressIndex, state: string, cursor: number, selectedVisit: number | null = null): CompoundProgress | undefined {
  const list = index.visitsOfState.get(state);
  if (list === undefined) return undefined;
  const visits = index.projection.visits;
  const visitsSoFar = countAtOrBefore(list, cursor, (i) => visits[i].enteredAt);
  if (visitsSoFar === 0) return undefined;
  const selectedAt = selectedVisit === null ? -1 : list.indexOf(selectedVisit);
  const useSelected = selectedAt >= 0 && selectedAt < visitsSoFar;
  const ordinal = useSelected ? selectedAt + 1 : visitsSoFar;
  const visit = visits[list[ordinal - 1]];
  const base: ProgressVisit = { visit: visit.index, ordinal, visitsSoFar, chosen: useSelected ? 'selected' : 'latest', path: visit.path, status: visitStatusAt(visit, cursor) };

  const map = index.maps.get(visit.index);
  if (map !== undefined) {
    // A redriven inline Map starts only the iterations it runs again: those it kept succeeded in an earlier attempt.
    const kept = keptIterations(index, visit.index);
    const started = countAtOrBefore(map.started, cursor) + kept;
    const succeeded = countAtOrBefore(map.succeeded, cursor) + kept;
    const failed = countAtOrBefore(map.failed, cursor);
    let aborted = countAtOrBefore(map.aborted, cursor);
    let running = Math.max(0, started - succeeded - failed - aborted);
    // Iterations still open when the Map visit ended (the execution stopped) did not go on.
    if (visit.endedAt !== null && visit.endedAt <= cursor) {
      aborted += running;
      running = 0;
    }
    let mapRun: StateStatus | null = null;
    let total = map.lengthAt >= 0 && map.lengthAt <= cursor ? map.length : null;
    if (map.mapRun !== null) {
      const r = map.mapRun;
      mapRun = cursor < r.startedAt ? 'notRun' : r.endedAt === null || r.endedAt > cursor ? (base.status === 'aborted' ? 'aborted' : 'running') : (r.outcome ?? 'running');
      // A Distributed Map's items are read inside the Map Run (MapStateStarted's length is 0 then).
      if (total === 0) total = null;
      if (map.outputItems !== null && visit.exitedAt !== null && visit.exitedAt <= cursor) total = map.outputItems;
    }
    return {
      ...base,
      kind: 'map',
      state,
      mode: map.mapRun !== null ? 'distributed' : 'inline',
      counts: { total, started, succeeded, failed, aborted, running, done: succeeded + failed + aborted },
      mapRun,
    };
  }

  const branches = new Map<string, StateStatus>();
  // A redriven Parallel runs only its unsuccessful branches again: the others show how they ended in the attempt that ran them.
  for (let at: number | undefined = visit.index; at !== undefined; at = index.resumes.get(at)) {
    for (const b of index.parallels.get(at)?.branches ?? []) {
      if (branches.has(b.branch)) continue;
      const n = countAtOrBefore(b.visits, cursor, (i) => visits[i].enteredAt);
      if (n === 0) continue;
      const last = visits[b.visits[n - 1]];
      let status = visitStatusAt(last, cursor);
      // A Fail state fails its branch as it is entered.
      if (last.stateType === 'Fail' && status === 'running') status = 'failed';
      // Between two states of a branch (the next one enters later): the branch is still running.
      if ((status === 'succeeded' || status === 'caught') && n < b.visits.length) status = 'running';
      else if (status === 'caught') status = 'running';
      branches.set(b.branch, status);
    }
  }
  return { ...base, kind: 'parallel', state, branches };
}

/** The iterations a redriven inline Map visit kept: those that succeeded in the earlier attempts it went on from. */
function keptIterations(index: IterationProgressIndex, visit: number): number {
  let kept = 0;
  for (let at = index.resumes.get(visit); at !== undefined; at = index.resumes.get(at)) kept += index.maps.get(at)?.succeeded.length ?? 0;
  return kept;
}

/**
 * A Map's progress in a few words, for its header: `7/20 iterations · 5 succeeded · 1 failed · 1 running`
 * (zero counts left out; `?` when the number of items is unknown). A Distributed Map whose
 * iterations are not in the history: `Map Run running`, or `Map Run succeeded · 20 items`.
 */
export function describeMapProgress(p: MapProgress): string {
  const c = p.counts;
  if (p.mode === 'distributed' && c.started === 0) {
    const run = `Map Run ${p.mapRun === 'notRun' || p.mapRun === null ? 'not started' : p.mapRun}`;
    return c.total !== null ? `${run} · ${c.total} item${c.total === 1 ? '' : 's'}` : run;
  }
  const parts = [`${c.done}/${c.total ?? '?'} iterations`];
  if (c.succeeded > 0) parts.push(`${c.succeeded} succeeded`);
  if (c.failed > 0) parts.push(`${c.failed} failed`);
  if (c.aborted > 0) parts.push(`${c.aborted} aborted`);
  if (c.running > 0) parts.push(`${c.running} running`);
  return parts.join(' · ');
}

/**
 * A Map's progress as a sentence for its accessible name: `7 of 20 iterations done, 1 failed, 1 running`;
 * a Distributed Map without iteration events: `Map Run succeeded, 20 items`.
 */
export function mapProgressSentence(p: MapProgress): string {
  const c = p.counts;
  if (p.mode === 'distributed' && c.started === 0) {
    const run = `Map Run ${p.mapRun === 'notRun' || p.mapRun === null ? 'not started' : p.mapRun}`;
    return c.total !== null ? `${run}, ${c.total} item${c.total === 1 ? '' : 's'}` : run;
  }
  const parts = [`${c.done} of ${c.total ?? 'an unknown number of'} iterations done`];
  if (c.failed > 0) parts.push(`${c.failed} failed`);
  if (c.aborted > 0) parts.push(`${c.aborted} aborted`);
  if (c.running > 0) parts.push(`${c.running} running`);
  return parts.join(', ');
}

/** Which visit a progress is about, in words for a tooltip: `visit 2 of 3 (the latest at the cursor): Outer[1] › Inner`. */
export function describeProgressVisit(p: ProgressVisit): string {
  if (p.visitsSoFar === 1 && p.chosen === 'latest') return `its only visit so far: ${p.path}`;
  return `visit ${p.ordinal} of ${p.visitsSoFar} (${p.chosen === 'selected' ? 'the selected visit' : 'the latest at the cursor'}): ${p.path}`;
}
