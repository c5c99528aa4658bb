import type { HistoryEvent } from '../../common/history/events';
import type { Json, JsonObject } from '../../common/json';

/**
 * AWS JSON 1.0 on the wire: timestamps are numbers of seconds since the epoch (with the
 * milliseconds as a fraction), every other member is plain JSON. Stepscope keeps dates as epoch
 * milliseconds or ISO-8601 text; these helpers turn them into the wire's form.
 */

/** Epoch milliseconds (or ISO text) as the wire's epoch seconds. */
export function epochSeconds(value: number | string): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return ms / 1000;
}

/** Payload members of history event details that `includeExecutionData: false` leaves out. */
const DATA_MEMBERS = new Set(['input', 'output']);

/** One history event as GetExecutionHistory sends it; without `input`/`output` when `includeData` is false. */
export function eventOnWire(event: HistoryEvent, includeData: boolean): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(event)) {
    if (value === undefined) continue;
    if (key === 'timestamp') out.timestamp = epochSeconds(event.timestamp);
    else if (!includeData && key.endsWith('EventDetails') && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const details: JsonObject = {};
      for (const [k, v] of Object.entries(value)) if (!DATA_MEMBERS.has(k) && v !== undefined) details[k] = v as Json;
      out[key] = details;
    } else out[key] = value;
  }
  return out;
}

/** An opaque pagination token: base64url JSON of where the next page starts and what it pages. */
export function encodeToken(value: JsonObject): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** A token's content, or undefined when it is not one of ours. */
export function decodeToken(token: string): JsonObject | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}
