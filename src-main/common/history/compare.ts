import { isJsonObject, jsonEquals, type Json, type JsonObject } from '../json';
import type { HistoryEvent } from './events';
import { eventDetails } from './historySummary';
import { visitsFromEvents, type VisitProjection } from './visits';

/**
 * Two executions side by side: where their histories stop agreeing. Events are compared in order,
 * position by position, on what the execution did, not on when or under which name:
 *
 * 1. the event type,
 * 2. the state path it belongs to (`Fulfil › ShipItems[1] › Ship`, from the visit projection;
 *    empty for execution-level events),
 * 3. the payload: the `*EventDetails` member, with JSON-text payloads (`input`, `output`, ...)
 *    compared as JSON values, and the fields that name the run rather than describe it
 *    (`IGNORED_DETAIL_FIELDS`) left out.
 *
 * Ids, `previousEventId` and timestamps are not compared: two runs on different clocks, or an AWS
 * recording next to a local run, still line up.
 */

/** Detail fields that identify a run (ARNs, the role) rather than what it did. */
export const IGNORED_DETAIL_FIELDS: readonly string[] = ['roleArn', 'stateMachineArn', 'stateMachineAliasArn', 'stateMachineVersionArn', 'executionArn', 'mapRunArn'];

/** Why two events at the same position differ (the first reason found, in this order). */
export type DivergenceKind =
  /** One history ended: the other has more events. */
  | 'length'
  | 'type'
  | 'state'
  | 'payload';

/** The first position where two histories differ. */
export interface Divergence {
  kind: DivergenceKind;
  /** Position (0-based) in both histories. */
  position: number;
  /** The events there; undefined on the side whose history ended. */
  left?: HistoryEvent;
  right?: HistoryEvent;
  /** The state path of each side's event; '' for execution-level events or a missing event. */
  leftState: string;
  rightState: string;
  /** For `payload`: the detail fields whose values differ, sorted. */
  fields: string[];
  /** One sentence saying what differs, for people. */
  description: string;
}

/** What `compareHistories` finds. */
export interface HistoryComparison {
  /** How many leading events agree. */
  commonEvents: number;
  /** The first difference, or null when the histories are the same. */
  divergence: Divergence | null;
  leftLength: number;
  rightLength: number;
}

/** A JSON-text payload read as JSON; any other value as it is. */
function payloadValue(value: Json): Json {
  if (typeof value !== 'string') return value;
  const t = value.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(value) as Json;
    } catch {
      return value;
    }
  }
  return value;
}

/** The detail fields of two events that differ (JSON-text payloads compared as JSON), sorted. */
function differingFields(a: JsonObject | undefined, b: JsonObject | undefined, ignored: ReadonlySet<string>): string[] {
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  const out: string[] = [];
  for (const key of keys) {
    if (ignored.has(key)) continue;
    const x = a?.[key];
    const y = b?.[key];
    if (x === undefined || y === undefined) {
      if (x !== y) out.push(key);
      continue;
    }
    const px = payloadValue(x);
    const py = payloadValue(y);
    if (isJsonObject(px) && isJsonObject(py) && key.endsWith('Details')) {
      // Nested details (`inputDetails`, `outputDetails`: truncation flags) compare as a whole.
      if (!jsonEquals(px, py)) out.push(key);
    } else if (!jsonEquals(px, py)) out.push(key);
  }
  return out.sort();
}

function stateOf(projection: VisitProjection, position: number): string {
  const v = projection.eventVisit[position];
  return v !== undefined && v >= 0 ? projection.visits[v].path : '';
}

function describe(kind: DivergenceKind, position: number, left: HistoryEvent | undefined, right: HistoryEvent | undefined, leftState: string, rightState: string, fields: string[]): string {
  const at = `At event ${position + 1}`;
  const where = (state: string) => (state === '' ? 'the execution' : state);
  switch (kind) {
    case 'length':
      return left === undefined
        ? `The left history ends after ${position} events; the right one goes on with ${right!.type} in ${where(rightState)}.`
        : `The right history ends after ${position} events; the left one goes on with ${left.type} in ${where(leftState)}.`;
    case 'type':
      return `${at}, the left execution recorded ${left!.type} in ${where(leftState)} and the right one ${right!.type} in ${where(rightState)}.`;
    case 'state':
      return `${at} (${left!.type}), the left execution is in ${where(leftState)} and the right one in ${where(rightState)}.`;
    case 'payload':
      return `${at} (${left!.type} in ${where(leftState)}), the payloads differ: ${fields.join(', ')}.`;
  }
}

/**
 * Compares two histories (each in id order) and returns the first divergent event by type, state
 * path and payload, as described above. Never throws; empty histories compare equal.
 */
export function compareHistories(left: readonly HistoryEvent[], right: readonly HistoryEvent[], options: { ignoredFields?: readonly string[] } = {}): HistoryComparison {
  const ignored = new Set(options.ignoredFields ?? IGNORED_DETAIL_FIELDS);
  const lp = visitsFromEvents(left);
  const rp = visitsFromEvents(right);
  const n = Math.max(left.length, right.length);
  for (let i = 0; i < n; i++) {
    const a = left[i];
    const b = right[i];
    const leftState = a === undefined ? '' : stateOf(lp, i);
    const rightState = b === undefined ? '' : stateOf(rp, i);
    let kind: DivergenceKind | null = null;
    let fields: string[] = [];
    if (a === undefined || b === undefined) kind = 'length';
    else if (a.type !== b.type) kind = 'type';
    else if (leftState !== rightState) kind = 'state';
    else {
      fields = differingFields(eventDetails(a), eventDetails(b), ignored);
      if (fields.length > 0) kind = 'payload';
    }
    if (kind !== null) {
      const divergence: Divergence = { kind, position: i, leftState, rightState, fields, description: describe(kind, i, a, b, leftState, rightState, fields) };
      if (a !== undefined) divergence.left = a;
      if (b !== undefined) divergence.right = b;
      return { commonEvents: i, divergence, leftLength: left.length, rightLength: right.length };
    }
  }
  return { commonEvents: n, divergence: null, leftLength: left.length, rightLength: right.length };
}
