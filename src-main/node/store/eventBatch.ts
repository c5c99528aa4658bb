import type { HistoryEvent, HistoryEventType } from '../../common/history/events';
import type { JsonObject } from '../../common/json';
import type { StateAttributor } from '../../common/history/placement';

/**
 * The text form in which a recording hands a batch of events to the writer: one string per batch,
 * cheap to post to a worker (a string is copied as one block, where an array of event objects is
 * cloned member by member), with each event's row worked out: state name and details text.
 *
 * One line per event, lines joined by "\n", fields by "\t":
 * - `<state>\t<id>\t<previousEventId>\t<type>\t<timestamp>\t<details>`: `<state>` is the state name
 *   as a JSON string, or empty when the event belongs to no state; `<details>` is the JSON text of
 *   the members other than the four core ones, or empty when there are none;
 * - `<state>\t\t<event JSON>`: any event whose ids are not safe non-negative integers or whose type
 *   or timestamp is not a string free of tabs and line feeds (never one of the engine's).
 * JSON text never holds a raw tab or line feed (JSON.stringify escapes them), so the writer finds
 * every field with indexOf and binds slices of the batch text, with no parsing.
 */
export type EventBatchText = string;

/** Characters a raw type or timestamp may not hold. */
const NEEDS_ESCAPE = /[\t\n]/;

/** Encodes events (in id order, after those already given to `attributor`) as one batch text. */
export function encodeEventBatch(events: readonly HistoryEvent[], attributor: StateAttributor): EventBatchText {
  let text = '';
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const state = attributor.stateOf(event);
    const head = state === null ? '' : JSON.stringify(state);
    const { id, previousEventId, type, timestamp } = event;
    let line: string;
    if (
      Number.isSafeInteger(id) && id >= 0 && Number.isSafeInteger(previousEventId) && previousEventId >= 0 &&
      typeof type === 'string' && typeof timestamp === 'string' && !NEEDS_ESCAPE.test(type) && !NEEDS_ESCAPE.test(timestamp)
    ) {
      line = `${head}\t${id}\t${previousEventId}\t${type}\t${timestamp}\t${eventDetailsText(event) ?? ''}`;
    } else line = `${head}\t\t${JSON.stringify(event)}`;
    text = i === 0 ? line : `${text}\n${line}`;
  }
  return text;
}

/** One event of a batch, as its row in the `events` table. */
export interface EventRow {
  id: number;
  previousEventId: number;
  type: string;
  timestamp: string;
  stateName: string | null;
  /** JSON text of the members other than id, previousEventId, timestamp and type; null when none. */
  details: string | null;
}

/** Calls `row` for each event of a batch text, in order (`row` gets one reused object); returns the count. */
export function forEachEventRow(text: EventBatchText, row: (r: EventRow) => void): number {
  const r: EventRow = { id: 0, previousEventId: 0, type: '', timestamp: '', stateName: null, details: null };
  if (text === '') return 0;
  let count = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const t1 = text.indexOf('\t', start);
    if (t1 < 0 || t1 >= end) throw new Error('malformed event batch: a line has no fields');
    r.stateName = t1 === start ? null : decodeJsonString(text, start, t1);
    if (text.charCodeAt(t1 + 1) === 9 /* a tab: the event as JSON */) {
      const event = JSON.parse(text.slice(t1 + 2, end)) as HistoryEvent;
      r.id = event.id;
      r.previousEventId = event.previousEventId;
      r.timestamp = event.timestamp;
      r.type = event.type;
      r.details = eventDetailsText(event);
    } else {
      const t2 = text.indexOf('\t', t1 + 1);
      const t3 = text.indexOf('\t', t2 + 1);
      const t4 = text.indexOf('\t', t3 + 1);
      const t5 = text.indexOf('\t', t4 + 1);
      if (t2 < 0 || t3 < 0 || t4 < 0 || t5 < 0 || t5 >= end) throw new Error('malformed event batch: a line lacks a field');
      r.id = Number(text.slice(t1 + 1, t2));
      r.previousEventId = Number(text.slice(t2 + 1, t3));
      r.type = text.slice(t3 + 1, t4);
      r.timestamp = text.slice(t4 + 1, t5);
      r.details = t5 + 1 === end ? null : text.slice(t5 + 1, end);
    }
    row(r);
    count++;
    start = end + 1;
  }
  return count;
}

/** The events of batch texts, in order (to build a history's snapshot). */
export function parseEventBatches(texts: readonly EventBatchText[]): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (const text of texts) {
    forEachEventRow(text, (r) => {
      const event: HistoryEvent = { id: r.id, previousEventId: r.previousEventId, timestamp: r.timestamp, type: r.type as HistoryEventType };
      if (r.details !== null) {
        const details = JSON.parse(r.details) as JsonObject;
        for (const key in details) event[key] = details[key];
      }
      events.push(event);
    });
  }
  return events;
}

function decodeJsonString(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw;
}

/**
 * The JSON text of an event's members other than id, previousEventId, type and timestamp (its
 * `*EventDetails`), or null when it has none. Built by hand to avoid copying the event.
 */
export function eventDetailsText(event: HistoryEvent): string | null {
  let out: string | null = null;
  for (const key in event) {
    if (key === 'id' || key === 'previousEventId' || key === 'type' || key === 'timestamp') continue;
    const value = event[key];
    if (value === undefined) continue;
    const member = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
    out = out === null ? `{${member}` : `${out},${member}`;
  }
  return out === null ? null : `${out}}`;
}
