import type { HistoryEvent } from '@common/history/events';
import { timestampMs } from '@common/history/historySummary';
import { visitStatusAt, type StateStatus, type Visit, type VisitProjection } from '@common/history/visits';

/**
 * The timeline's data (a Gantt chart of visits), grouped by flow: the top-level states' lanes in
 * order of first visit; under a Parallel state's lane, one group per branch with its states'
 * lanes; under a Map state's lane, one group per iteration (collapsed by default when there are
 * many, and never more than a limited number of iterations shown at once, so hundreds of
 * iterations stay cheap). Visits of a state that loops share its lane; visits of the same
 * branch or iteration of a Parallel/Map visited several times share that group.
 *
 * Rows are few objects; bars are columns indexed by visit (a 25,000-event history has 12,500
 * visits). The x axis is either the event sequence (every event one step: readable when a Wait
 * sleeps for an hour) or elapsed time.
 */

/** How the x axis counts. */
export type TimelineScale = 'events' | 'time';

/** One row of the chart, top to bottom. */
export type TimelineRow =
  /** A state's lane: its visits' bars. */
  | { kind: 'lane'; key: string; label: string; depth: number; state: string }
  /**
   * A Parallel or Map state's lane, which is also the header of its branches or iterations (a
   * button that expands or collapses them). Collapsed, it still shows the state's visits, so
   * the span of all its iterations.
   */
  | { kind: 'group'; key: string; label: string; /** The counts, short enough to follow the state's name in the label column (`×20 ✓18 ✗2`). */ counts: string; depth: number; state: string; stateType: 'Parallel' | 'Map'; expanded: boolean; children: number; succeeded: number; failed: number; running: number;
      /** When each branch or iteration started, failed and ended (all of them, shown or not), for its counts at a cursor. */
      childTiming: ScopeTiming[] }
  /** The header of one branch (`Branch ShipItems`) or iteration (`Iteration 3`) inside a group. */
  | { kind: 'scope'; key: string; label: string; depth: number; outcome: ScopeOutcome; /** Its name without the outcome mark (`Iteration 3`). */ name: string; timing: ScopeTiming }
  /** Iterations not shown because of the limit: `hidden` of them, under the group `group`. */
  | { kind: 'more'; key: string; label: string; depth: number; group: string; hidden: number };

/** How a branch or iteration ended (over the whole history): failed or aborted counts as failed. */
export type ScopeOutcome = 'running' | 'succeeded' | 'failed';

/**
 * When a branch or iteration started (its first visit's entered event), failed (the earliest
 * position at which a visit inside failed without being caught, or aborted; Infinity: never) and
 * ended (the latest end of a visit inside; Infinity while one is open), as event positions.
 */
export interface ScopeTiming {
  startedAt: number;
  failedAt: number;
  endedAt: number;
  /**
   * A branch or iteration a redrive ran again: its timing in the earlier attempt (this timing
   * starts where the redrive entered it again), so that it shows as that attempt left it until then.
   */
  earlier?: ScopeTiming;
}

/** A branch's or iteration's outcome at a cursor; `pending` before it started. */
export function scopeOutcomeAt(timing: ScopeTiming, cursor: number): ScopeOutcome | 'pending' {
  if (timing.earlier !== undefined && cursor < timing.startedAt) return scopeOutcomeAt(timing.earlier, cursor);
  if (cursor < timing.startedAt) return 'pending';
  if (timing.failedAt <= cursor) return 'failed';
  return timing.endedAt <= cursor ? 'succeeded' : 'running';
}

/** The texts of a group row at a cursor: its full label (accessible name) and its short counts. */
export function groupTextAt(row: TimelineRow & { kind: 'group' }, cursor: number): { label: string; counts: string } {
  let succeeded = 0;
  let failed = 0;
  let running = 0;
  for (const t of row.childTiming) {
    const o = scopeOutcomeAt(t, cursor);
    if (o === 'succeeded') succeeded++;
    else if (o === 'failed') failed++;
    else if (o === 'running') running++;
  }
  const pending = row.children - succeeded - failed - running;
  return {
    label: groupLabel(row.state, row.stateType, row.children, succeeded, failed, running, pending),
    counts: groupCounts(row.stateType, row.children, succeeded, failed, running, pending),
  };
}

/** The text of a scope row at a cursor (`Iteration 3 ✓`; no mark before it started). */
export function scopeTextAt(row: TimelineRow & { kind: 'scope' }, cursor: number): string {
  const o = scopeOutcomeAt(row.timing, cursor);
  return o === 'pending' ? row.name : `${row.name}${o === 'failed' ? ' ✗' : o === 'succeeded' ? ' ✓' : ' …'}`;
}

/** Which groups are expanded and how many iterations each shows, chosen by the user (by group key). */
export interface TimelineExpansion {
  /** Overrides of the default (Parallel expanded; Map expanded when it has at most `MAP_EXPANDED_MAX` iterations). */
  expanded?: ReadonlyMap<string, boolean>;
  /** How many iterations of a Map group to show (default `ITERATION_LIMIT`). */
  shown?: ReadonlyMap<string, number>;
}

/** A Map group with more iterations than this starts collapsed. */
export const MAP_EXPANDED_MAX = 5;
/** How many iterations an expanded Map group shows before a "more" row. */
export const ITERATION_LIMIT = 50;

/** What a visit's bar looks like apart from its status colour. */
export const BAR_KIND = { plain: 0, wait: 1, compound: 2 } as const;

/** Rows and bars, as columns. */
export interface TimelineLanes {
  rows: TimelineRow[];
  /** How many different states were visited (all scopes). */
  stateCount: number;
  /** Per visit: its row, or -1 when its row is hidden (collapsed group, iteration over the limit). */
  row: Int32Array;
  /** Per visit: where its bar starts and ends on the x axis; `end` is NaN while the visit is open. */
  start: Float64Array;
  end: Float64Array;
  /** Per visit: `BAR_KIND`. */
  kind: Uint8Array;
  /**
   * Retry back-off gaps, as columns: the visit, from the failed attempt's outcome to the next
   * attempt's start (x values). The failed attempt's outcome is marked at `gapStart`.
   */
  gapVisit: Int32Array;
  gapStart: Float64Array;
  gapEnd: Float64Array;
  /** Per event position: its x value (the position itself, or ms since the first event). */
  x: Float64Array;
  /** The scale actually used: `time` falls back to `events` when timestamps are not dates. */
  scale: TimelineScale;
}

interface LaneNode {
  key: string;
  state: string;
  compound: 'Parallel' | 'Map' | null;
  visits: number[];
  /** Child scopes (branches or iterations), in order of first visit. */
  children: string[];
  childIteration: Map<string, number>;
  /** Its row, once emitted (-1: hidden). */
  row: number;
}

interface ScopeNode {
  key: string;
  label: string;
  lanes: string[];
  byState: Map<string, LaneNode>;
  outcome: ScopeOutcome;
  timing: ScopeTiming;
  /** The execution attempt (Visit.redrive) of its latest visits: a redrive's visits start its outcome afresh. */
  redrive: number;
}

/** The x value of each event position on a scale, and the scale actually used. */
function xValues(events: readonly HistoryEvent[], scale: TimelineScale): { x: Float64Array; scale: TimelineScale } {
  const n = events.length;
  const x = new Float64Array(n);
  let used: TimelineScale = scale;
  if (scale === 'time') {
    const first = n > 0 ? timestampMs(events[0].timestamp) : null;
    for (let i = 0; i < n; i++) {
      const t = timestampMs(events[i].timestamp);
      if (t === null || first === null) {
        used = 'events';
        break;
      }
      x[i] = t - first;
    }
  }
  if (used === 'events') for (let i = 0; i < n; i++) x[i] = i;
  return { x, scale: used };
}

function plural(n: number, word: string, words = `${word}es`): string {
  return `${n} ${n === 1 ? word : words}`;
}

/** The header text of a group (`Map ShipItems · 20 iterations (18 ✓, 2 ✗)`). */
function groupLabel(state: string, type: 'Parallel' | 'Map', children: number, succeeded: number, failed: number, running: number, pending = 0): string {
  if (type === 'Parallel') return `Parallel ${state} · ${plural(children, 'branch')}`;
  const parts = [`${succeeded} ✓`];
  if (failed > 0) parts.push(`${failed} ✗`);
  if (running > 0) parts.push(`${running} running`);
  if (pending > 0) parts.push(`${pending} not started`);
  return `Map ${state} · ${plural(children, 'iteration', 'iterations')} (${parts.join(', ')})`;
}

/** The short count of a group, shown after its name in the narrow label column (`×20 ✓18 ✗2`, `2 branches`). */
function groupCounts(type: 'Parallel' | 'Map', children: number, succeeded: number, failed: number, running: number, pending = 0): string {
  if (type === 'Parallel') return plural(children, 'branch');
  const parts = [`×${children}`];
  if (succeeded > 0) parts.push(`✓${succeeded}`);
  if (failed > 0) parts.push(`✗${failed}`);
  if (running > 0 || pending > 0) parts.push(`…${running + pending}`);
  return parts.join(' ');
}

/**
 * Builds the rows and bars of a history for one x scale and the user's expansion choices. Never
 * throws for odd histories (a visit whose parent is a Map without an iteration index goes in an
 * iteration group named `?`).
 */
export function toTimelineLanes(events: readonly HistoryEvent[], projection: VisitProjection, scale: TimelineScale, expansion: TimelineExpansion = {}): TimelineLanes {
  const { x, scale: used } = xValues(events, scale);
  const visits = projection.visits;
  const count = visits.length;
  const scopeOf: ScopeNode[] = new Array<ScopeNode>(count);
  const laneOf: LaneNode[] = new Array<LaneNode>(count);
  const lanes = new Map<string, LaneNode>();
  const scopes = new Map<string, ScopeNode>();
  const states = new Set<string>();
  const top: ScopeNode = { key: '', label: '', lanes: [], byState: new Map(), outcome: 'succeeded', timing: { startedAt: 0, failedAt: Infinity, endedAt: 0 }, redrive: 0 };
  scopes.set('', top);

  for (const v of visits) {
    states.add(v.state);
    let scope = top;
    if (v.parent !== null) {
      const parent = visits[v.parent];
      const parentLane = laneOf[v.parent];
      const isMap = parent.stateType === 'Map';
      const scopeKey = isMap ? `${parentLane.key}[${v.iteration ?? '?'}]` : `${parentLane.key}{${v.branch ?? '?'}}`;
      let found = scopes.get(scopeKey);
      if (found === undefined) {
        found = { key: scopeKey, label: isMap ? `Iteration ${v.iteration ?? '?'}` : `Branch ${v.branch ?? '?'}`, lanes: [], byState: new Map(), outcome: 'succeeded', timing: { startedAt: v.enteredAt, failedAt: Infinity, endedAt: v.enteredAt }, redrive: v.redrive };
        scopes.set(scopeKey, found);
        parentLane.children.push(scopeKey);
        parentLane.childIteration.set(scopeKey, v.iteration ?? Number.MAX_SAFE_INTEGER);
      }
      scope = found;
    }
    scopeOf[v.index] = scope;
    let lane = scope.byState.get(v.state);
    if (lane === undefined) {
      const compound = v.stateType === 'Parallel' || v.stateType === 'Map' ? v.stateType : null;
      lane = { key: `${scope.key}/${v.state}`, state: v.state, compound, visits: [], children: [], childIteration: new Map(), row: -1 };
      lanes.set(lane.key, lane);
      scope.byState.set(v.state, lane);
      scope.lanes.push(lane.key);
    }
    laneOf[v.index] = lane;
    lane.visits.push(v.index);
    // The outcome of every enclosing branch or iteration: a failure (or abort) anywhere inside
    // marks it failed; an open visit marks it running.
    const mark: ScopeOutcome | null = v.status === 'failed' || v.status === 'aborted' ? 'failed' : v.endedAt === null ? 'running' : null;
    // An uncaught failure's time: the last status change (to failed or aborted).
    const failedAt = mark === 'failed' ? v.changes[v.changes.length - 1].at : Infinity;
    const endedAt = v.endedAt ?? Infinity;
    for (let w: Visit | undefined = v; w !== undefined && w.parent !== null; w = visits[w.parent]) {
      const sc = scopeOf[w.index];
      // A redrive ran this branch (iteration) again: its outcome is the new attempt's, the earlier one kept for earlier cursors.
      if (v.redrive > sc.redrive) {
        sc.timing = { startedAt: v.enteredAt, failedAt: Infinity, endedAt: v.enteredAt, earlier: sc.timing };
        sc.outcome = 'succeeded';
        sc.redrive = v.redrive;
      }
      if (mark !== null && sc.outcome !== 'failed') sc.outcome = mark;
      if (failedAt < sc.timing.failedAt) sc.timing.failedAt = failedAt;
      if (endedAt > sc.timing.endedAt) sc.timing.endedAt = endedAt;
    }
  }

  const rows: TimelineRow[] = [];
  const row = new Int32Array(count).fill(-1);
  const emitScope = (scopeKey: string, depth: number) => {
    for (const laneKey of scopes.get(scopeKey)!.lanes) {
      const lane = lanes.get(laneKey)!;
      lane.row = rows.length;
      if (lane.compound === null || lane.children.length === 0) {
        rows.push({ kind: 'lane', key: laneKey, label: lane.state, depth, state: lane.state });
        continue;
      }
      let children = lane.children;
      if (lane.compound === 'Map') children = [...children].sort((a, b) => lane.childIteration.get(a)! - lane.childIteration.get(b)!);
      let succeeded = 0;
      let failed = 0;
      let running = 0;
      for (const c of children) {
        const o = scopes.get(c)!.outcome;
        if (o === 'failed') failed++;
        else if (o === 'running') running++;
        else succeeded++;
      }
      const expanded = expansion.expanded?.get(laneKey) ?? (lane.compound === 'Parallel' || children.length <= MAP_EXPANDED_MAX);
      rows.push({
        kind: 'group', key: laneKey, label: groupLabel(lane.state, lane.compound, children.length, succeeded, failed, running),
        counts: groupCounts(lane.compound, children.length, succeeded, failed, running), depth, state: lane.state,
        childTiming: children.map((c) => scopes.get(c)!.timing),
        stateType: lane.compound, expanded, children: children.length, succeeded, failed, running,
      });
      if (!expanded) continue;
      const limit = lane.compound === 'Map' ? Math.max(1, expansion.shown?.get(laneKey) ?? ITERATION_LIMIT) : children.length;
      children.slice(0, limit).forEach((c) => {
        const scope = scopes.get(c)!;
        const mark = scope.outcome === 'failed' ? ' ✗' : scope.outcome === 'succeeded' ? ' ✓' : ' …';
        rows.push({ kind: 'scope', key: c, label: `${scope.label}${mark}`, name: scope.label, depth: depth + 1, outcome: scope.outcome, timing: scope.timing });
        emitScope(c, depth + 2);
      });
      if (children.length > limit) {
        const hidden = children.length - limit;
        rows.push({ kind: 'more', key: `${laneKey}…`, label: `${plural(hidden, 'more iteration', 'more iterations')} not shown`, depth: depth + 1, group: laneKey, hidden });
      }
    }
  };
  emitScope('', 0);

  const start = new Float64Array(count);
  const end = new Float64Array(count);
  const kind = new Uint8Array(count);
  const gapVisit: number[] = [];
  const gapStart: number[] = [];
  const gapEnd: number[] = [];
  for (const v of visits) {
    row[v.index] = laneOf[v.index].row;
    start[v.index] = x[v.enteredAt];
    end[v.index] = v.endedAt === null ? Number.NaN : x[v.endedAt];
    kind[v.index] = v.stateType === 'Wait' ? BAR_KIND.wait : v.stateType === 'Parallel' || v.stateType === 'Map' ? BAR_KIND.compound : BAR_KIND.plain;
    for (let a = 0; a + 1 < v.attempts.length; a++) {
      const failed = v.attempts[a];
      if (failed.failure === null || failed.endedAt === null) continue;
      gapVisit.push(v.index);
      gapStart.push(x[failed.endedAt]);
      gapEnd.push(x[v.attempts[a + 1].startedAt]);
    }
  }
  return {
    rows, stateCount: states.size, row, start, end, kind,
    gapVisit: Int32Array.from(gapVisit), gapStart: Float64Array.from(gapStart), gapEnd: Float64Array.from(gapEnd),
    x, scale: used,
  };
}

/** The event position nearest to an x value (binary search over the ascending `x`). */
export function positionAtX(lanes: Pick<TimelineLanes, 'x'>, value: number): number {
  const x = lanes.x;
  if (x.length === 0) return 0;
  let lo = 0;
  let hi = x.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  // With equal x values (events in the same millisecond), prefer the last one before `value`.
  if (lo > 0 && Math.abs(x[lo - 1] - value) < Math.abs(x[lo] - value)) return lo - 1;
  return lo;
}

/** A duration in ms as people read it (`850 ms`, `2.5 s`, `1m05s`, `1h00m`). */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
  return `${Math.floor(ms / 3_600_000)}h${String(Math.floor((ms % 3_600_000) / 60_000)).padStart(2, '0')}m`;
}

const STATUS_WORDS: Record<StateStatus, string> = {
  notRun: 'not run yet', running: 'running', waiting: 'waiting', retried: 'retrying', succeeded: 'succeeded',
  caught: 'failed, caught', failed: 'failed', aborted: 'aborted',
};

/** The details of one visit for the hover card and the line under the chart: a title and lines. */
export interface VisitDetails {
  title: string;
  lines: string[];
}

/**
 * Describes a visit as it stands at `cursor`: where it ran (branch/iteration path), its status,
 * its span (event numbers on the events scale; start, end and duration on the time scale), its
 * attempts and the errors they recorded. Only what had happened by the cursor is told.
 */
export function visitDetails(visit: Visit, lanes: Pick<TimelineLanes, 'x' | 'scale'>, cursor: number): VisitDetails {
  const status = visitStatusAt(visit, cursor);
  const ended = visit.endedAt !== null && visit.endedAt <= cursor ? visit.endedAt : null;
  const lines: string[] = [];
  if (visit.path !== visit.state) lines.push(`In ${visit.path}`);
  lines.push(`${visit.stateType} · ${STATUS_WORDS[status]}`);
  if (status !== 'notRun') {
    if (lanes.scale === 'time') {
      const t0 = lanes.x[visit.enteredAt];
      const t1 = ended === null ? lanes.x[Math.min(cursor, lanes.x.length - 1)] : lanes.x[ended];
      lines.push(`Start +${formatDuration(t0)}, ${ended === null ? 'still open' : `end +${formatDuration(t1)}`}, duration ${formatDuration(t1 - t0)}${ended === null ? ' so far' : ''}`);
    } else {
      lines.push(ended === null ? `Events #${visit.enteredAt + 1}– (open)` : `Events #${visit.enteredAt + 1}–#${ended + 1} (${ended - visit.enteredAt + 1} events)`);
    }
    const attempts = visit.attempts.filter((a) => a.startedAt <= cursor);
    if (attempts.length > 1) lines.push(`${attempts.length} attempts (${attempts.length - 1} ${attempts.length === 2 ? 'retry' : 'retries'})`);
    for (const [i, a] of attempts.entries()) {
      if (a.failure === null || a.endedAt === null || a.endedAt > cursor) continue;
      const what = [a.failure.error, shortCause(a.failure.cause)].filter((s) => s !== null && s !== '').join(': ');
      lines.push(`${attempts.length > 1 ? `Attempt ${i + 1}` : 'Error'}: ${what === '' ? 'failed' : what}`);
    }
    if (attempts.length === 0 && visit.error !== null && (status === 'failed' || status === 'caught')) {
      lines.push(`Error: ${[visit.error.error, shortCause(visit.error.cause)].filter((s) => s !== null && s !== '').join(': ')}`);
    }
  }
  return { title: visit.state, lines };
}

/** Longest cause shown in a details line (the inspector shows it whole). */
export const CAUSE_MAX = 120;

/**
 * A failure's cause for a one-line summary: a JSON cause (Lambda errors carry errorMessage and a
 * stack trace) shows its message, and anything long is cut to CAUSE_MAX characters.
 */
export function shortCause(cause: string | null): string | null {
  if (cause === null) return null;
  let text = cause.trim();
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as { errorMessage?: unknown; message?: unknown };
      const message = typeof parsed.errorMessage === 'string' ? parsed.errorMessage : typeof parsed.message === 'string' ? parsed.message : undefined;
      if (message !== undefined) text = message;
    } catch {
      // Not JSON after all: shown as it is.
    }
  }
  text = text.replace(/\s+/g, ' ');
  return text.length > CAUSE_MAX ? `${text.slice(0, CAUSE_MAX - 1)}…` : text;
}
