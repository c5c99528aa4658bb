import { jsonEquals, type Json, type JsonObject } from '../json';
import type { HistoryEvent } from './events';
import { flowsFromEvents, type FlowProjection } from './flows';
import { eventDetails } from './historySummary';

/**
 * Two executions side by side: where they stop doing the same work. The histories are aligned
 * **flow by flow** (see flows.ts: the execution level, each Parallel branch, each Map iteration,
 * matched by their path, such as `Fan › branch Two` or `Items[3]`): the k-th event of a flow on
 * the left is paired with the k-th event of the same flow on the right. Two runs whose Parallel
 * branches or Map iterations interleave differently (an AWS recording next to a local run) still
 * line up; the order of events between flows is not a difference.
 *
 * Paired events are compared on what the execution did, not on when or under which name:
 *
 * 1. the event type,
 * 2. the state path it belongs to (`Fulfil › ShipItems[1] › Ship`, from the visit projection;
 *    empty for execution-level events),
 * 3. the payload: the `*EventDetails` member, with JSON-text payloads (`input`, `output`, ...)
 *    compared as JSON values, and the fields that name the run rather than describe it
 *    (`IGNORED_DETAIL_FIELDS`) left out.
 *
 * An event without a partner is a difference too: its flow went on longer on one side
 * (`length`), or the flow exists on one side only (`flow`). Ids, `previousEventId` and timestamps
 * are not compared: two runs on different clocks, or an AWS recording next to a local run, still
 * line up.
 *
 * The aligned rows follow the left history; an event only the right side has comes right after
 * the row of the right event before it. The first divergence is the first row that differs.
 */

/** Detail fields that identify a run (ARNs, the role) rather than what it did. */
export const IGNORED_DETAIL_FIELDS: readonly string[] = ['roleArn', 'stateMachineArn', 'stateMachineAliasArn', 'stateMachineVersionArn', 'executionArn', 'mapRunArn'];

/** Why two aligned events differ (the first reason found, in this order). */
export type DivergenceKind =
  /** A branch or iteration ran on one side only: the event has no partner and no flow to pair in. */
  | 'flow'
  /** The flow is on both sides but went on longer on one: the event has no partner. */
  | 'length'
  | 'type'
  | 'state'
  | 'payload';

/** One row of two histories aligned flow by flow. */
export interface AlignedRow {
  /** Position (0-based) of the left event; undefined when only the right side has this event. */
  left?: number;
  /** Position of the right event; undefined when only the left side has this event. */
  right?: number;
  /** True when both events are there and agree on type, state path and payload. */
  same: boolean;
  /** Why they differ, when `same` is false. */
  kind?: DivergenceKind;
}

/** The first row where two histories differ. */
export interface Divergence {
  kind: DivergenceKind;
  /** Index of the row in `HistoryComparison.rows`. */
  row: number;
  /** The left event's position, or the right one's when only the right side has an event there. */
  position: number;
  /** Position of each side's event; undefined on the side that has none. */
  leftPosition?: number;
  rightPosition?: number;
  /** The events there; undefined on the side that has none. */
  left?: HistoryEvent;
  right?: HistoryEvent;
  /** The state path of each side's event; '' for execution-level events or a missing event. */
  leftState: string;
  rightState: string;
  /** The flow the row is in: `the execution`, `Fan › branch Two`, `Items[3]`. */
  flow: string;
  /** For `payload`: the detail fields whose values differ, sorted. */
  fields: string[];
  /** One sentence saying what differs, for people. */
  description: string;
}

/** What `compareHistories` finds. */
export interface HistoryComparison {
  /** How many rows agree before the first divergence (all of them when there is none). */
  commonEvents: number;
  /** The first difference, or null when both executions did the same work. */
  divergence: Divergence | null;
  /**
   * True when rows before the divergence (all rows when there is none) pair events that the two
   * histories list in a different order: the same work, interleaved differently.
   */
  reordered: boolean;
  /** Both histories aligned flow by flow (see `alignHistories`). */
  rows: AlignedRow[];
  leftLength: number;
  rightLength: number;
}

/** Options of `compareHistories` and `alignHistories`. */
export interface CompareOptions {
  /** Detail fields left out of the payload comparison. Default: `IGNORED_DETAIL_FIELDS`. */
  ignoredFields?: readonly string[];
  /**
   * Says whether two values of the detail field `field` agree (both present, ignored fields never
   * asked). Default: equal as JSON, JSON-text payloads read as JSON. A caller comparing with an
   * AWS recording whose run-time values were replaced by placeholders passes a matcher that
   * knows them.
   */
  valuesMatch?: (left: Json, right: Json, field: string) => boolean;
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

/** Whether two present values of a detail field agree: equal as JSON, JSON-text payloads read as JSON. */
function defaultValuesMatch(x: Json, y: Json): boolean {
  // Nested details (`inputDetails`, `outputDetails`: truncation flags) compare as a whole too.
  return jsonEquals(payloadValue(x), payloadValue(y));
}

/** The detail fields of two events that differ, sorted. */
function differingFields(a: JsonObject | undefined, b: JsonObject | undefined, ignored: ReadonlySet<string>, valuesMatch: (x: Json, y: Json, field: string) => boolean): string[] {
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
    if (!valuesMatch(x, y, key)) out.push(key);
  }
  return out.sort();
}

/** Both sides' flows and visits, and how rows are compared. */
interface Sides {
  left: readonly HistoryEvent[];
  right: readonly HistoryEvent[];
  lf: FlowProjection;
  rf: FlowProjection;
  /** Flow keys of each side. */
  leftKeys: ReadonlySet<string>;
  rightKeys: ReadonlySet<string>;
  ignored: ReadonlySet<string>;
  valuesMatch: (x: Json, y: Json, field: string) => boolean;
}

function prepare(left: readonly HistoryEvent[], right: readonly HistoryEvent[], options: CompareOptions): Sides {
  const lf = flowsFromEvents(left);
  const rf = flowsFromEvents(right);
  return {
    left,
    right,
    lf,
    rf,
    leftKeys: new Set(lf.flows.map((f) => f.key)),
    rightKeys: new Set(rf.flows.map((f) => f.key)),
    ignored: new Set(options.ignoredFields ?? IGNORED_DETAIL_FIELDS),
    valuesMatch: options.valuesMatch ?? defaultValuesMatch,
  };
}

function stateOf(f: FlowProjection, position: number | undefined): string {
  if (position === undefined) return '';
  const v = f.visits.eventVisit[position];
  return v !== undefined && v >= 0 ? f.visits.visits[v].path : '';
}

/** How the events of one row differ: the kind and, for `payload`, the fields; null when alike. */
function rowDifference(s: Sides, l: number | undefined, r: number | undefined): { kind: DivergenceKind; fields: string[] } | null {
  if (l === undefined || r === undefined) {
    // No partner: the flow is on one side only, or went on longer on this side.
    const [f, otherKeys, p] = l === undefined ? [s.rf, s.leftKeys, r!] : [s.lf, s.rightKeys, l];
    return { kind: otherKeys.has(f.flows[f.eventFlow[p]].key) ? 'length' : 'flow', fields: [] };
  }
  const a = s.left[l];
  const b = s.right[r];
  if (a.type !== b.type) return { kind: 'type', fields: [] };
  if (stateOf(s.lf, l) !== stateOf(s.rf, r)) return { kind: 'state', fields: [] };
  const fields = differingFields(eventDetails(a), eventDetails(b), s.ignored, s.valuesMatch);
  return fields.length > 0 ? { kind: 'payload', fields } : null;
}

/** Pairs the events flow by flow; rows follow the left history, right-only events after their right predecessor's row. */
function align(s: Sides): AlignedRow[] {
  const { lf, rf } = s;
  const rightFlowByKey = new Map(rf.flows.map((f, i) => [f.key, i]));
  // The right partner of each left event, and whether each right event has a left partner.
  const partnerOfLeft = new Int32Array(s.left.length).fill(-1);
  const rightPaired = new Uint8Array(s.right.length);
  s.left.forEach((_, l) => {
    const rfi = rightFlowByKey.get(lf.flows[lf.eventFlow[l]].key);
    if (rfi === undefined) return;
    const r = rf.flows[rfi].events[lf.indexInFlow[l]];
    if (r !== undefined) {
      partnerOfLeft[l] = r;
      rightPaired[r] = 1;
    }
  });

  const rows: AlignedRow[] = [];
  const push = (l: number | undefined, r: number | undefined) => {
    const d = rowDifference(s, l, r);
    const row: AlignedRow = { same: d === null };
    if (l !== undefined) row.left = l;
    if (r !== undefined) row.right = r;
    if (d !== null) row.kind = d.kind;
    rows.push(row);
  };
  /** Emits the right-only events that follow right position `from` (exclusive) in the right history. */
  const rightOnlyAfter = (from: number) => {
    for (let r = from + 1; r < s.right.length && rightPaired[r] === 0; r++) {
      rightPaired[r] = 2;
      push(undefined, r);
    }
  };
  rightOnlyAfter(-1);
  for (let l = 0; l < s.left.length; l++) {
    const r = partnerOfLeft[l];
    if (r < 0) {
      push(l, undefined);
      continue;
    }
    push(l, r);
    rightOnlyAfter(r);
  }
  // Every right-only event follows a paired one or another right-only one, so the chains above
  // placed them all; this only guards the invariant.
  for (let r = 0; r < s.right.length; r++) if (rightPaired[r] === 0) push(undefined, r);
  return rows;
}

/**
 * Aligns two histories (each in id order) flow by flow, as described above: one row per event
 * pair, or per event without a partner. Rows follow the left history. Never throws.
 */
export function alignHistories(left: readonly HistoryEvent[], right: readonly HistoryEvent[], options: CompareOptions = {}): AlignedRow[] {
  return align(prepare(left, right, options));
}

function eventAt(n: number): string {
  return `event ${n + 1}`;
}

function describe(s: Sides, kind: DivergenceKind, row: AlignedRow, rowIndex: number, rows: readonly AlignedRow[], leftState: string, rightState: string, flow: string, fields: string[]): string {
  const where = (state: string) => (state === '' ? 'the execution' : state);
  const l = row.left;
  const r = row.right;
  const at = l !== undefined && r !== undefined ? (l === r ? `At ${eventAt(l)}` : `At ${eventAt(l)} (${eventAt(r)} on the right)`) : '';
  switch (kind) {
    case 'flow':
    case 'length': {
      const [side, other, p, state, events] = l === undefined ? (['left', 'right', r!, rightState, s.right] as const) : (['right', 'left', l, leftState, s.left] as const);
      const sideKey = side === 'left' ? 'left' : 'right';
      const shown = rows.slice(0, rowIndex).reduce((n, x) => n + (x[sideKey] !== undefined ? 1 : 0), 0);
      const sideLength = side === 'left' ? s.left.length : s.right.length;
      const goesOn = `the ${other} one goes on with ${events[p].type} in ${where(state)}`;
      if (shown === sideLength) return `The ${side} history ends after ${sideLength} events; ${goesOn}.`;
      if (kind === 'flow') return `The ${other} execution ran ${flow} and the ${side} one did not: at ${eventAt(p)} on the ${other}, ${events[p].type} in ${where(state)}.`;
      return `In ${flow}, the ${side} execution recorded no more events; ${goesOn} (${eventAt(p)} on the ${other}).`;
    }
    case 'type':
      return `${at}, the left execution recorded ${s.left[l!].type} in ${where(leftState)} and the right one ${s.right[r!].type} in ${where(rightState)}.`;
    case 'state':
      return `${at} (${s.left[l!].type}), the left execution is in ${where(leftState)} and the right one in ${where(rightState)}.`;
    case 'payload':
      return `${at} (${s.left[l!].type} in ${where(leftState)}), the payloads differ: ${fields.join(', ')}.`;
  }
}

/**
 * Compares two histories (each in id order): aligns them flow by flow and returns the rows, the
 * first divergent row by type, state path, payload or a missing partner, and whether the events
 * before it are the same work interleaved differently, as described above. Never throws; empty
 * histories compare equal.
 */
export function compareHistories(left: readonly HistoryEvent[], right: readonly HistoryEvent[], options: CompareOptions = {}): HistoryComparison {
  const s = prepare(left, right, options);
  const rows = align(s);
  const first = rows.findIndex((row) => !row.same);
  const end = first < 0 ? rows.length : first;
  let reordered = false;
  for (let i = 0, last = -1; i < end && !reordered; i++) {
    const r = rows[i].right!;
    if (r < last) reordered = true;
    last = r;
  }
  if (first < 0) return { commonEvents: rows.length, divergence: null, reordered, rows, leftLength: left.length, rightLength: right.length };

  const row = rows[first];
  const kind = row.kind!;
  const leftState = stateOf(s.lf, row.left);
  const rightState = stateOf(s.rf, row.right);
  const [f, p] = row.left !== undefined ? [s.lf, row.left] : [s.rf, row.right!];
  const flow = f.flows[f.eventFlow[p]].label;
  const fields = kind === 'payload' ? differingFields(eventDetails(left[row.left!]), eventDetails(right[row.right!]), s.ignored, s.valuesMatch) : [];
  const divergence: Divergence = {
    kind,
    row: first,
    position: p,
    leftState,
    rightState,
    flow,
    fields,
    description: describe(s, kind, row, first, rows, leftState, rightState, flow, fields),
  };
  if (row.left !== undefined) {
    divergence.leftPosition = row.left;
    divergence.left = left[row.left];
  }
  if (row.right !== undefined) {
    divergence.rightPosition = row.right;
    divergence.right = right[row.right];
  }
  return { commonEvents: first, divergence, reordered, rows, leftLength: left.length, rightLength: right.length };
}
