import { parseJsonText, type Json, type JsonObject } from '../json';
import { TASK_SCHEDULED_EVENT_TYPES, type HistoryEvent } from './events';

/**
 * Where each event of a history happened: its state and the Parallel branches / Map iterations
 * around it. Works on local histories and on AWS's (imported or recorded, where payloads may
 * already be parsed), following `previousEventId`: an event belongs to the state of the event it
 * follows, except the events that open or close a branch, an iteration or a compound state,
 * which are placed by name. Events whose `previousEventId` names no earlier event (histories
 * rewritten by the conformance corpus's Parallel normalisation) follow the event before them.
 */

/** One enclosing Parallel branch or Map iteration. */
export type Nest =
  /** A branch of the Parallel state entered at event `entered`, recognised by its first state. */
  | { kind: 'parallel'; entered: number; state: string; first: string }
  /** Iteration `index` of the Map state entered at event `entered`. */
  | { kind: 'map'; entered: number; state: string; index: number };

/** Where one event happened. */
export interface EventPlace {
  /** The state it belongs to; null for execution-level events. */
  state: string | null;
  /** Enclosing branches and iterations, outermost first ([] in the top-level flow). */
  nest: readonly Nest[];
}

/** The `*EventDetails` object of an event, if any. */
export function detailsOf(event: HistoryEvent): JsonObject | undefined {
  for (const key in event) {
    if (key.endsWith('EventDetails')) {
      const d = event[key];
      if (d !== null && typeof d === 'object' && !Array.isArray(d)) return d;
    }
  }
  return undefined;
}

/** A payload field of an event's details as JSON: JSON text is parsed; a value recorded already parsed is kept. */
export function payloadOf(value: Json | undefined): Json | undefined {
  return typeof value === 'string' ? parseJsonText(value) : value;
}

const ROOT: EventPlace = { state: null, nest: [] };

function idOf(event: HistoryEvent): number | undefined {
  return typeof event.id === 'number' ? event.id : undefined;
}

/** Places every event of `events` (in the given order, which should be id order). */
export function placeEvents(events: readonly HistoryEvent[]): EventPlace[] {
  const byId = new Map<number, { event: HistoryEvent; place: EventPlace }>();
  /** The place of each compound state's entered event, by entered id. */
  const enteredPlace = new Map<number, EventPlace>();
  /** The latest Map/Parallel entered event of each state name. */
  const openCompound = new Map<string, number>();
  const places: EventPlace[] = [];
  let before: EventPlace = ROOT;
  for (const event of events) {
    const type = event.type;
    const details = detailsOf(event);
    const name = typeof details?.name === 'string' ? details.name : undefined;
    const prevRecord = byId.get(event.previousEventId);
    const prev = prevRecord?.place ?? before;
    let place: EventPlace;
    if (type.startsWith('Execution')) place = ROOT;
    else if (type === 'MapIterationStarted' || type === 'MapIterationSucceeded' || type === 'MapIterationFailed' || type === 'MapIterationAborted') {
      const entered = name !== undefined ? openCompound.get(name) : undefined;
      const owner = entered !== undefined ? (enteredPlace.get(entered) ?? prev) : prev;
      const index = typeof details?.index === 'number' ? details.index : 0;
      place = { state: name ?? owner.state, nest: entered !== undefined ? [...owner.nest, { kind: 'map', entered, state: name!, index }] : owner.nest };
    } else if (type.endsWith('StateEntered')) {
      let nest = prev.nest;
      if (prevRecord?.event.type === 'ParallelStateStarted') {
        const entered = openCompound.get(prev.state ?? '');
        if (entered !== undefined && name !== undefined) nest = [...nest, { kind: 'parallel', entered, state: prev.state!, first: name }];
      }
      place = { state: name ?? null, nest };
      if ((type === 'ParallelStateEntered' || type === 'MapStateEntered') && name !== undefined) {
        const id = idOf(event);
        if (id !== undefined) {
          openCompound.set(name, id);
          enteredPlace.set(id, place);
        }
      }
    } else if (
      type === 'ParallelStateSucceeded' || type === 'ParallelStateFailed' || type === 'ParallelStateAborted' ||
      type === 'MapStateSucceeded' || type === 'MapStateFailed' || type === 'MapStateAborted'
    ) {
      // These follow the last event of a branch or iteration: they belong to the innermost
      // Parallel (Map) whose branch (iteration) that event is in, unless nothing ran inside.
      const kind = type.startsWith('Parallel') ? 'parallel' : 'map';
      const opened = prevRecord?.event.type === 'ParallelStateStarted' || prevRecord?.event.type === 'MapStateStarted';
      let owner: EventPlace = prev;
      if (!opened) {
        for (let i = prev.nest.length - 1; i >= 0; i--) {
          const n = prev.nest[i];
          if (n.kind === kind) {
            owner = enteredPlace.get(n.entered) ?? { state: n.state, nest: prev.nest.slice(0, i) };
            break;
          }
        }
      }
      place = { state: owner.state, nest: owner.nest };
    } else if (name !== undefined && (type === 'MapStateExited' || type === 'ParallelStateExited')) {
      // It may follow the last iteration's event (MapStateSucceeded does not move the flow on).
      const entered = openCompound.get(name);
      const owner = entered !== undefined ? enteredPlace.get(entered) : undefined;
      place = { state: name, nest: owner?.nest ?? prev.nest };
    } else if (name !== undefined && type.endsWith('StateExited')) {
      place = { state: name, nest: prev.nest };
    } else place = prev;
    places.push(place);
    const id = idOf(event);
    if (id !== undefined) byId.set(id, { event, place });
    before = place;
  }
  return places;
}

/** Compares two nests for the order in which Stepscope counts mocked invocations: by Map visit, then iteration index. */
export function compareNests(a: readonly Nest[], b: readonly Nest[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x.entered !== y.entered) return x.entered - y.entered;
    if (x.kind === 'map' && y.kind === 'map' && x.index !== y.index) return x.index - y.index;
  }
  return 0;
}

/**
 * How many times each Task state's resource was invoked in `events` (one per scheduled attempt),
 * added to `into` when given: the counts that mock responses by invocation go on from.
 */
export function taskInvocationsByState(events: readonly HistoryEvent[], into: Record<string, number> = {}): Record<string, number> {
  const places = placeEvents(events);
  events.forEach((e, i) => {
    const state = places[i].state;
    if (TASK_SCHEDULED_EVENT_TYPES.has(e.type) && state !== null) into[state] = (into[state] ?? 0) + 1;
  });
  return into;
}
