import type { HistoryEvent } from './events';
import { eventDetails } from './historySummary';
import { visitsFromEvents, type Visit, type VisitProjection } from './visits';

/**
 * Events → flows. A **flow** is one thread of control of an execution: the execution level
 * (execution events and the top-level states' visits), one branch of a Parallel visit, or one
 * iteration of a Map visit. Inside a flow, events come in a fixed order; between flows, the order
 * depends on scheduling (AWS interleaves Parallel branches and Map iterations as they happen to
 * run), so two runs that did the same work list the same flows with the same events, but may
 * interleave them differently.
 *
 * A flow is named by its path from the execution level, which is the same in any run of the same
 * definition: for each enclosing Parallel or Map visit, the state's name, which of that state's
 * visits it is within its own flow (a loop may enter it again), then the branch (named by its
 * first state, as AWS histories name branches by nothing else) or the iteration index.
 * `MapIteration*` events (which carry their `index`) belong to their iteration's flow, because
 * iterations start and end in an order that depends on scheduling.
 */

/** The flow key of the execution level. */
export const EXECUTION_FLOW = '';

/** One flow of a history. */
export interface Flow {
  /** Stable key: `''` for the execution level, else segments such as `/Fan#0{Two}` or `/Items#0[3]`. */
  key: string;
  /** Human-readable name: `the execution`, `Fan › branch Two`, `Items[3]`, `Fan › branch Two › Items[3]`. */
  label: string;
  /** Positions of the flow's events, in history order. */
  events: number[];
}

/** Everything `flowsFromEvents` derives. */
export interface FlowProjection {
  /** The flows in order of their first event. The execution level comes first when there are events. */
  flows: Flow[];
  /** For each event position, the index in `flows` of the flow it belongs to. */
  eventFlow: Int32Array;
  /** For each event position, its index within its flow's `events`. */
  indexInFlow: Int32Array;
  /** The visit projection the flows were derived from. */
  visits: VisitProjection;
}

interface FlowName {
  key: string;
  label: string;
}

const ROOT_NAME: FlowName = { key: EXECUTION_FLOW, label: 'the execution' };

/**
 * Splits a history (in id order) into its flows, using the visit projection to tell which
 * branch or iteration each event belongs to (pass it when already computed). Never throws: events
 * the projection cannot place fall in the flow of the visit it gave them, or the execution level.
 */
export function flowsFromEvents(events: readonly HistoryEvent[], visits: VisitProjection = visitsFromEvents(events)): FlowProjection {
  // The flow each visit lives in, and each compound visit's own name among its flow's visits.
  const visitFlow: FlowName[] = [];
  const occurrence: number[] = [];
  const seen = new Map<string, number>(); // `${flow key}\u0000${state}` → visits entered so far
  for (const v of visits.visits) {
    const flow = v.parent === null ? ROOT_NAME : childFlow(visits.visits[v.parent], visitFlow, occurrence, v.branch, v.iteration);
    visitFlow.push(flow);
    const k = `${flow.key}\u0000${v.state}`;
    const n = seen.get(k) ?? 0;
    occurrence.push(n);
    seen.set(k, n + 1);
  }

  const flows: Flow[] = [];
  const byKey = new Map<string, number>();
  const eventFlow = new Int32Array(events.length);
  const indexInFlow = new Int32Array(events.length);
  events.forEach((event, pos) => {
    const vi = visits.eventVisit[pos];
    let name = ROOT_NAME;
    if (vi !== undefined && vi >= 0) {
      const v = visits.visits[vi];
      const index = iterationIndex(event);
      name = index !== null && v.stateType === 'Map' ? childFlow(v, visitFlow, occurrence, null, index) : visitFlow[vi];
    }
    let f = byKey.get(name.key);
    if (f === undefined) {
      f = flows.length;
      byKey.set(name.key, f);
      flows.push({ key: name.key, label: name.label, events: [] });
    }
    eventFlow[pos] = f;
    indexInFlow[pos] = flows[f].events.length;
    flows[f].events.push(pos);
  });
  return { flows, eventFlow, indexInFlow, visits };
}

/** The `index` of a `MapIteration*` event, or null for any other event. */
function iterationIndex(event: HistoryEvent): number | null {
  if (!(event.type as string).startsWith('MapIteration')) return null;
  const index = eventDetails(event)?.index;
  return typeof index === 'number' ? index : null;
}

/** The flow of a branch or iteration of the compound visit `parent`. */
function childFlow(parent: Visit, visitFlow: readonly FlowName[], occurrence: readonly number[], branch: string | null, iteration: number | null): FlowName {
  const outer = visitFlow[parent.index];
  const n = occurrence[parent.index];
  const visitKey = `/${parent.state}#${n}`;
  const visitLabel = n === 0 ? parent.state : `${parent.state} (visit ${n + 1})`;
  const prefix = outer.key === EXECUTION_FLOW ? '' : `${outer.label} › `;
  if (parent.stateType === 'Map') {
    const i = iteration === null ? '?' : String(iteration);
    return { key: `${outer.key}${visitKey}[${i}]`, label: `${prefix}${visitLabel}[${i}]` };
  }
  if (parent.stateType === 'Parallel') {
    const b = branch ?? '?';
    return { key: `${outer.key}${visitKey}{${b}}`, label: `${prefix}${visitLabel} › branch ${b}` };
  }
  // Not a compound state (a projection that could not place the visit): its parent's flow.
  return { key: `${outer.key}${visitKey}`, label: `${prefix}${visitLabel}` };
}
