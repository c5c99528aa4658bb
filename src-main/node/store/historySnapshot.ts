import type { HistoryEvent, HistoryEventType } from '../../common/history/events';
import { isJsonObject, type Json, type JsonObject } from '../../common/json';

/**
 * A whole history laid out for fast loading. The `events` table is the truth; this is a derived
 * copy written when a history is complete. Two texts:
 * - `payloads`: every long detail string (input, output, parameters, cause, ...) one after the
 *   other, so that loading takes each as a slice and never decodes their JSON escapes;
 * - `skeleton`: JSON of columns (timestamps, ids, type and shape indexes), the distinct "shapes" of
 *   the events' details with those strings set to null, and where each string goes.
 * Loading parses the small skeleton once and each distinct shape per event: a 25,000-event history
 * loads several times faster than parsing every event's details.
 */
export interface HistorySnapshot {
  skeleton: string;
  payloads: string;
}

interface Skeleton {
  timestamps: string[];
  ids: number[];
  previous: number[];
  types: string[];
  type: number[];
  /** Distinct JSON texts of the non-core members (payload strings nulled); "" for none. */
  shapes: string[];
  shape: number[];
  /** Distinct [member, field] places a payload goes to. */
  places: [string, string][];
  /** Flat: event index, place index, offset, length. */
  refs: number[];
}

/** Detail strings at least this long go to the payloads string. */
const MIN_PAYLOAD_LENGTH = 24;

function indexIn(map: Map<string, number>, list: string[], key: string): number {
  let i = map.get(key);
  if (i === undefined) {
    i = list.length;
    list.push(key);
    map.set(key, i);
  }
  return i;
}

/** Builds the snapshot of a history; undefined when its strings cannot round-trip through UTF-8. */
export function encodeHistorySnapshot(events: readonly HistoryEvent[]): HistorySnapshot | undefined {
  const n = events.length;
  const sk: Skeleton = { timestamps: new Array(n), ids: new Array(n), previous: new Array(n), types: [], type: new Array(n), shapes: [], shape: new Array(n), places: [], refs: [] };
  const typeIndex = new Map<string, number>();
  const shapeIndex = new Map<string, number>();
  const placeIndex = new Map<string, number>();
  const parts: string[] = [];
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const event = events[i];
    sk.timestamps[i] = event.timestamp;
    sk.ids[i] = event.id;
    sk.previous[i] = event.previousEventId;
    sk.type[i] = indexIn(typeIndex, sk.types, event.type);
    let rest: JsonObject | undefined;
    for (const key in event) {
      if (key === 'id' || key === 'previousEventId' || key === 'type' || key === 'timestamp') continue;
      const value = event[key];
      if (value === undefined) continue;
      rest ??= {};
      if (isJsonObject(value)) {
        const member: JsonObject = {};
        for (const field in value) {
          const v = value[field];
          if (typeof v === 'string' && v.length >= MIN_PAYLOAD_LENGTH) {
            member[field] = null;
            const place = `${key}\u0000${field}`;
            let p = placeIndex.get(place);
            if (p === undefined) {
              p = sk.places.length;
              sk.places.push([key, field]);
              placeIndex.set(place, p);
            }
            sk.refs.push(i, p, offset, v.length);
            parts.push(v);
            offset += v.length;
          } else member[field] = v;
        }
        rest[key] = member;
      } else rest[key] = value as Json;
    }
    const shape = rest === undefined ? '' : JSON.stringify(rest);
    let s = shapeIndex.get(shape);
    if (s === undefined) {
      s = sk.shapes.length;
      sk.shapes.push(shape);
      shapeIndex.set(shape, s);
    }
    sk.shape[i] = s;
  }
  const payloads = parts.join('');
  // A lone surrogate would not survive SQLite's UTF-8 text and would shift every later offset.
  if (!(payloads as string & { isWellFormed(): boolean }).isWellFormed()) return undefined;
  return { skeleton: JSON.stringify(sk), payloads };
}

/** Rebuilds the events of a snapshot, in id order. */
export function decodeHistorySnapshot(snapshot: HistorySnapshot): HistoryEvent[] {
  const sk = JSON.parse(snapshot.skeleton) as Skeleton;
  const n = sk.ids.length;
  const events: HistoryEvent[] = new Array(n);
  const { timestamps, ids, previous, types, type, shape } = sk;
  const shapes = sk.shapes.map((text) => (text === '' ? undefined : (JSON.parse(text) as JsonObject)));
  for (let i = 0; i < n; i++) {
    const event: HistoryEvent = { timestamp: timestamps[i], type: types[type[i]] as HistoryEventType, id: ids[i], previousEventId: previous[i] };
    const rest = shapes[shape[i]];
    // Copied per event so that no two events share a details object.
    if (rest !== undefined) for (const key in rest) event[key] = cloneJson(rest[key]);
    events[i] = event;
  }
  const { refs, places } = sk;
  const payloads = snapshot.payloads;
  for (let j = 0; j < refs.length; j += 4) {
    const place = places[refs[j + 1]];
    const start = refs[j + 2];
    (events[refs[j]][place[0]] as JsonObject)[place[1]] = payloads.slice(start, start + refs[j + 3]);
  }
  return events;
}

/** A deep copy of a JSON value (small detail objects: faster than JSON.parse of their text). */
function cloneJson(value: Json): Json {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneJson);
  const out: JsonObject = {};
  for (const key in value) out[key] = cloneJson(value[key]);
  return out;
}
