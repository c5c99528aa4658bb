import type { HistoryEvent } from '@common/history/events';
import { timestampMs } from '@common/history/historySummary';
import type { VisitProjection } from '@common/history/visits';

/**
 * The timeline's data (a Gantt chart of visits): one lane per state, in order of first visit,
 * and one bar per visit, as columns indexed by visit. The x axis is either the event sequence
 * (every event one step: readable when a Wait sleeps for an hour) or elapsed time.
 */

/** How the x axis counts. */
export type TimelineScale = 'events' | 'time';

/** Lanes and bars, as columns. */
export interface TimelineLanes {
  /** The state of each lane, top to bottom. */
  lanes: string[];
  /** Per visit: its lane. */
  lane: Int32Array;
  /** Per visit: where its bar starts and ends on the x axis; `end` is NaN while the visit is open. */
  start: Float64Array;
  end: Float64Array;
  /** Per event position: its x value (the position itself, or ms since the first event). */
  x: Float64Array;
  /** The scale actually used: `time` falls back to `events` when timestamps are not dates. */
  scale: TimelineScale;
}

/** Builds the lanes of a history for one x scale. */
export function toTimelineLanes(events: readonly HistoryEvent[], projection: VisitProjection, scale: TimelineScale): TimelineLanes {
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
  const laneOf = new Map<string, number>();
  const lanes: string[] = [];
  const visits = projection.visits;
  const lane = new Int32Array(visits.length);
  const start = new Float64Array(visits.length);
  const end = new Float64Array(visits.length);
  visits.forEach((v, i) => {
    let l = laneOf.get(v.state);
    if (l === undefined) {
      l = lanes.length;
      laneOf.set(v.state, l);
      lanes.push(v.state);
    }
    lane[i] = l;
    start[i] = x[v.enteredAt];
    end[i] = v.endedAt === null ? Number.NaN : x[v.endedAt];
  });
  return { lanes, lane, start, end, x, scale: used };
}

/** The event position nearest to an x value (binary search over the ascending `x`). */
export function positionAtX(lanes: TimelineLanes, value: number): number {
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
