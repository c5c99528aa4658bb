import type { Json, JsonObject } from '../../json';
import type { MapState, ParallelState, State, StateMachineDefinition } from '../../asl/types';
import { detailsOf, payloadOf, type HistoryEvent } from '../../history/events';
import { placeEvents, type EventPlace } from '../../history/placement';
import { mergeResume, summariseResume, type CompoundResume, type FlowResume, type RedrivePreserved } from './resume';

/**
 * Reads, from an execution's history, what the earlier attempt of a failed Parallel or inline Map
 * visit left for its redrive (see resume.ts): which branches (iterations) succeeded, with their
 * outputs, and where each of the others goes on. Recursive: a branch whose failed state is
 * itself a Parallel or inline Map carries that state's plan.
 *
 * Choices where AWS's documentation is silent (no AWS recording of a redrive is in the corpus):
 * - a failed or aborted branch goes on from the state that failed or was aborted, with the input
 *   recorded on its entered event, not from its StartAt: AWS "preserves the results ... of the
 *   successful steps, and doesn't rerun these steps", and a branch is a flow of steps like the
 *   top-level one;
 * - a branch that stopped between two states (its last state exited, the next not entered) goes
 *   on from the next state when the definition names it (not a Choice, no Catch taken), else
 *   runs from its start;
 * - only the last attempt of the visit counts (a Parallel retried by its own Retry ran all its
 *   branches again in that attempt);
 * - a Parallel branch is recognised by the state names its events carry (ASL state names are
 *   unique across a state machine, branches included);
 * - a Distributed Map is not read here: it runs again as a whole (see fork.ts).
 */

const ENTERED_SUFFIX = 'StateEntered';
const EXITED_SUFFIX = 'StateExited';

/** True for a Parallel or a Map state that runs its iterations inline. */
export function isInlineCompound(state: State | undefined): state is ParallelState | MapState {
  if (state === undefined) return false;
  if (state.Type === 'Parallel') return true;
  return state.Type === 'Map' && (state.ItemProcessor ?? state.Iterator)?.ProcessorConfig?.Mode !== 'DISTRIBUTED';
}

/**
 * The plan for the top-level visit of `state` entered at `events[at]` (a failed visit, which a
 * redrive enters again), merged with the plans of the same state's earlier attempts when the
 * execution was redriven before (kept branches of those attempts wrote no event in later ones).
 * Undefined when the visit did not reach its branches (it failed before starting them).
 */
export function redriveResumeAt(
  state: ParallelState | MapState,
  events: readonly HistoryEvent[],
  places: readonly EventPlace[],
  at: number,
): CompoundResume | undefined {
  const latest = compoundResumeFrom(state, events, places, at);
  const earlierAt = earlierAttempt(events, places, at);
  const earlier = earlierAt >= 0 ? redriveResumeAt(state, events, places, earlierAt) : undefined;
  if (latest === undefined) return earlier;
  const merged = mergeResume(latest, earlier);
  if (latest.total !== undefined) merged.total = latest.total;
  else if (earlier?.total !== undefined) merged.total = earlier.total;
  return merged;
}

/** Index of the same state's visit in the attempt before the one entered at `at` (right after ExecutionRedriven), or -1. */
function earlierAttempt(events: readonly HistoryEvent[], places: readonly EventPlace[], at: number): number {
  const before = events[at].previousEventId;
  let redriven = -1;
  for (let i = at - 1; i >= 0; i--) {
    if (events[i].id === before) {
      redriven = events[i].type === 'ExecutionRedriven' ? i : -1;
      break;
    }
  }
  if (redriven < 0) return -1;
  const name = nameOf(events[at]);
  for (let i = redriven - 1; i >= 0; i--) {
    if (places[i].nest.length === 0 && events[i].type.endsWith(ENTERED_SUFFIX)) return nameOf(events[i]) === name ? i : -1;
  }
  return -1;
}

function nameOf(event: HistoryEvent): string | undefined {
  const name = detailsOf(event)?.name;
  return typeof name === 'string' ? name : undefined;
}

/** The plan of the one visit entered at `events[at]` (its last attempt only). */
export function compoundResumeFrom(
  state: ParallelState | MapState,
  events: readonly HistoryEvent[],
  places: readonly EventPlace[],
  at: number,
): CompoundResume | undefined {
  const own = places[at];
  const depth = own.nest.length;
  const startedType = state.Type === 'Parallel' ? 'ParallelStateStarted' : 'MapStateStarted';
  // The visit's own events (its last attempt's *Started, its exit).
  let lastStart = -1;
  for (let i = at + 1; i < events.length; i++) {
    if (places[i].visit !== own.visit) continue;
    if (events[i].type === startedType) lastStart = i;
    else if (events[i].type.endsWith(EXITED_SUFFIX)) break;
  }
  if (lastStart < 0) return undefined;
  const groups = new Map<number, number[]>();
  for (let i = lastStart + 1; i < events.length; i++) {
    const nest = places[i].nest;
    if (nest.length <= depth) continue;
    const n = nest[depth];
    if (n.visit !== own.visit) continue;
    const index = n.kind === 'map' ? n.index : state.Type === 'Parallel' ? state.Branches.findIndex((b) => n.first in b.States) : -1;
    if (index < 0) continue;
    let group = groups.get(index);
    if (group === undefined) groups.set(index, (group = []));
    group.push(i);
  }
  const resume: CompoundResume = { kind: state.Type === 'Parallel' ? 'parallel' : 'map', preserved: {}, resumed: {} };
  if (state.Type === 'Parallel') resume.total = state.Branches.length;
  else {
    const length = detailsOf(events[lastStart])?.length;
    if (typeof length === 'number') resume.total = length;
  }
  for (const [index, group] of groups) {
    const machine = state.Type === 'Parallel' ? state.Branches[index] : (state.ItemProcessor ?? state.Iterator);
    if (machine === undefined) continue;
    const iterationSucceeded = state.Type === 'Map' && group.some((i) => events[i].type === 'MapIterationSucceeded');
    const outcome = flowOutcome(machine, events, places, group, depth + 1, iterationSucceeded);
    if (outcome === undefined) continue;
    if (outcome.kind === 'done') resume.preserved[String(index)] = outcome.output;
    else resume.resumed[String(index)] = outcome.flow;
  }
  return resume;
}

/**
 * How one branch (iteration) ended in the attempt, from its events (`group`, indexes into
 * `events`) at nest depth `level`: done with its output, resumed at a state, or undefined (it
 * runs again from its start). `succeeded`: a Map iteration's MapIterationSucceeded was seen.
 */
function flowOutcome(
  machine: StateMachineDefinition,
  events: readonly HistoryEvent[],
  places: readonly EventPlace[],
  group: readonly number[],
  level: number,
  succeeded: boolean,
): { kind: 'done'; output: Json } | { kind: 'resumed'; flow: FlowResume } | undefined {
  let open = -1;
  let lastExit = -1;
  /** The event before the last exit at the flow's level (to tell a Catch from a success). */
  let beforeExit: HistoryEvent | undefined;
  let previous: HistoryEvent | undefined;
  const variables: JsonObject = {};
  for (const i of group) {
    if (places[i].nest.length !== level) continue;
    const e = events[i];
    if (e.type.endsWith(ENTERED_SUFFIX)) open = i;
    else if (e.type.endsWith(EXITED_SUFFIX)) {
      open = -1;
      lastExit = i;
      beforeExit = previous;
      const assigned = detailsOf(e)?.assignedVariables;
      if (assigned !== null && typeof assigned === 'object' && !Array.isArray(assigned)) {
        for (const [k, v] of Object.entries(assigned)) variables[k] = payloadOf(v) ?? null;
      }
    }
    previous = e;
  }
  const vars = Object.keys(variables).length > 0 ? variables : undefined;
  if (open >= 0) {
    const name = nameOf(events[open]);
    if (name === undefined || machine.States[name] === undefined) return undefined;
    const flow: FlowResume = { state: name, input: payloadOf(detailsOf(events[open])?.input) ?? null };
    if (vars !== undefined) flow.variables = vars;
    const st = machine.States[name];
    if (isInlineCompound(st)) {
      const compound = compoundResumeFrom(st, events, places, open);
      if (compound !== undefined) flow.compound = compound;
    }
    return { kind: 'resumed', flow };
  }
  if (lastExit < 0) return undefined;
  const d = detailsOf(events[lastExit]);
  const name = typeof d?.name === 'string' ? d.name : undefined;
  const st = name !== undefined ? machine.States[name] : undefined;
  if (st === undefined) return undefined;
  const output = payloadOf(d?.output) ?? null;
  const caught = beforeExit !== undefined && (beforeExit.type.endsWith('Failed') || beforeExit.type.endsWith('TimedOut'));
  const terminal = st.Type === 'Succeed' || ('End' in st && st.End === true && !caught);
  // Every state of a flow that reached its end succeeded: kept, even when the iteration's own
  // MapIterationSucceeded was not written (stopped right after its last state).
  if (succeeded === true || terminal) return { kind: 'done', output };
  // Stopped between two states: go on from the next one when the definition names it.
  if (!caught && st.Type !== 'Choice' && 'Next' in st && typeof st.Next === 'string' && machine.States[st.Next] !== undefined) {
    const flow: FlowResume = { state: st.Next, input: output };
    if (vars !== undefined) flow.variables = vars;
    return { kind: 'resumed', flow };
  }
  return undefined;
}

/**
 * What a redrive of this unsuccessful execution would keep, for the UI (debug/fork.ts does the
 * redrive itself): its failed top-level Parallel or inline Map and the branches (iterations) kept.
 * Undefined when the execution did not fail, or its failed state is not a Parallel or inline Map
 * that reached its branches. Light on purpose: it does not load the interpreter.
 */
export function redrivePreview(definition: StateMachineDefinition, events: readonly HistoryEvent[]): RedrivePreserved | undefined {
  const last = events[events.length - 1];
  if (last === undefined || !['ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted'].includes(last.type)) return undefined;
  const places = placeEvents(events);
  for (let i = events.length - 1; i >= 0; i--) {
    if (places[i].nest.length !== 0 || !events[i].type.endsWith(ENTERED_SUFFIX)) continue;
    const name = nameOf(events[i]);
    const state = name !== undefined ? definition.States[name] : undefined;
    if (name === undefined || !isInlineCompound(state)) return undefined;
    const resume = redriveResumeAt(state, events, places, i);
    return resume === undefined ? undefined : summariseResume(name, resume);
  }
  return undefined;
}
