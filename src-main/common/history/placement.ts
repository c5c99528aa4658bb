import { detailsOf, eventDetailsName, TASK_SCHEDULED_EVENT_TYPES, type HistoryEvent } from './events';

/**
 * Event placement: where each event of an execution's history happened — the visit (one entry
 * into a state, from its `*StateEntered` event to its `*StateExited` event) it belongs to, and the
 * Parallel branches and Map iterations around it. Every view that says "which state is this event
 * in" derives from it: the visits projection (visits.ts: graph, timeline, inspector), the store's
 * per-event state column (store/recording, store/eventWriter via `createStateAttributor`), the CLI's
 * `show`, and the debugger's readers of a history (fork, redrive, mocks from an execution).
 *
 * Incremental: `createPlacement().place(event)` takes the events one at a time in history order and
 * answers at once (constant work per event, apart from the rare fallbacks below), so a recorder
 * or a live view never goes over the whole history again.
 *
 * How AWS nests events (GetExecutionHistory; the AWS-recorded corpus is the reference):
 * - each event links the previous event of its own chain (`previousEventId`): the chain of a
 *   branch or Map iteration runs through its states, so following the link finds the visit even
 *   when branches interleave;
 * - `*StateEntered` opens a visit in the chain's scope; right after `ParallelStateStarted` it opens
 *   a new branch (named by its first state: histories name branches by nothing else); after
 *   `MapIterationStarted` it runs in that iteration;
 * - `*StateExited` and `MapIteration*` events name their state: the open visit of that name up the
 *   chain. An exit ends the visit and everything still open inside it;
 * - Task/Lambda/Activity events belong to the visit of the event they follow;
 * - `ParallelState*` / `MapState*` / `MapRun*` events follow the last event of a branch or iteration
 *   (or, for a retried compound state's `*Started`, the last event of the failed attempt): they
 *   belong to the innermost Parallel (Map) visit around that event. A new `*Started` ends what the
 *   earlier attempt left open;
 * - `EvaluationFailed` links the event before its state's entered event (the entered event itself
 *   in a Wait state) and names its state in `state`: it belongs to that state's open visit;
 * - `<Type>StateAborted` (a sibling branch or iteration failed) links the failure: it belongs to the
 *   current visit of a branch of the innermost Parallel/Map around the failure, emitted branch by
 *   branch in order: a Map's follows its iteration's `MapIterationAborted` (or, for the iteration
 *   that failed, its `MapIterationFailed`); a Parallel's go in branch order;
 * - `Execution*` events belong to no state; the execution's end ends every open visit.
 *
 * Events are addressed by **position** (0-based index in the history), since recordings may carry
 * placeholder ids (the corpus writes `"[ 0 ]"` for the ids of interleaved Parallel branches). An
 * event whose link names no earlier event continues the innermost open visit (an entered event:
 * the innermost open Parallel or Map, as a new branch). Never throws on odd input.
 */

/** One enclosing Parallel branch or Map iteration. */
export type Nest =
  /** A branch of the Parallel visit `visit`, recognised by its first state. */
  | { kind: 'parallel'; visit: number; enteredAt: number; state: string; first: string }
  /** Iteration `index` of the Map visit `visit`. */
  | { kind: 'map'; visit: number; enteredAt: number; state: string; index: number };

/** Where one event happened. */
export interface EventPlace {
  /** Index of its visit in `Placement.visits`; -1 for execution-level events (and events no visit owns). */
  visit: number;
  /** Its visit's state; null for execution-level events. */
  state: string | null;
  /**
   * Enclosing branches and iterations, outermost first ([] in the top-level flow). A
   * `MapIteration*` event is inside the iteration it starts or ends.
   */
  nest: readonly Nest[];
}

/** One visit, as placement sees it (visits.ts adds statuses, attempts and payloads). */
export interface PlacedVisit {
  /** Index in `Placement.visits` (visits are in order of entry). */
  readonly index: number;
  readonly state: string;
  /** `Task`, `Pass`, `Map`, ... as the entered event names it. */
  readonly stateType: string;
  /** The Parallel or Map visit it runs inside, or -1 at the top level. */
  readonly parent: number;
  /** The branches and iterations around it (the place of its entered event). */
  readonly nest: readonly Nest[];
  /** Position of its `*StateEntered` event. */
  readonly enteredAt: number;
  /** Position of its `*StateExited` event, null while it has none. */
  readonly exitedAt: number | null;
  /** The visit the chain left just before entering this one (the source of the transition taken), or -1. */
  readonly from: number;
}

/** The placement of one history, built event by event. */
export interface Placement {
  /** Places the next event (give them in history order) and returns its place. */
  place(event: HistoryEvent): EventPlace;
  /** The visits found so far, in order of entry. */
  readonly visits: readonly PlacedVisit[];
  /** The place of every event given so far, by position. */
  readonly places: readonly EventPlace[];
}

interface VisitRecord extends PlacedVisit {
  exitedAt: number | null;
  /** Still open for placement (not exited, not ended with an enclosing visit or the execution). */
  live: boolean;
  /** A `<Type>StateAborted` event was given to it. */
  aborted: boolean;
  /** Visits directly inside it (current attempt of a Parallel/Map). */
  children: number[];
  /** Map: the latest visit entered directly in each iteration; Parallel: in each branch (by first state). */
  current: Map<number | string, number> | undefined;
  /** Parallel: its branches (first states) in the order they started. */
  branches: string[] | undefined;
  /** Map: the nest of each iteration seen (shared by all its events). */
  iterations: Map<number, readonly Nest[]> | undefined;
  /** Map: the last iteration started (where an unlinked entered event goes). */
  lastIteration: number;
  /** Map: the iteration whose `MapIterationFailed`/`Aborted` came last, until a `<Type>StateAborted` takes it. */
  pendingIteration: number;
  /** Map: the iteration that failed (its aborted event comes after the others' markers). */
  failedIteration: number;
}

/** Where a chain stands after an event: what its next event continues. */
interface Chain {
  /** The visit a following non-entered event belongs to, or -1. */
  visit: number;
  /** The scope a following entered event runs in. */
  nest: readonly Nest[];
  /** The Parallel/Map visit owning that scope, or -1 at the top level. */
  parent: number;
  /** Right after a `ParallelStateStarted`/`MapStateStarted` (or an unlinked entered event): the next entered event starts a branch. */
  branchStart: boolean;
  /** The visit that just exited in this chain (the next entered event's transition source), or -1. */
  exited: number;
}

const NO_NEST: readonly Nest[] = [];
const ROOT: Chain = { visit: -1, nest: NO_NEST, parent: -1, branchStart: false, exited: -1 };
const ROOT_PLACE: EventPlace = { visit: -1, state: null, nest: NO_NEST };
const EXECUTION_ENDS: ReadonlySet<string> = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);
const ABORTED_SUFFIX = 'StateAborted';

function isCompound(v: VisitRecord): boolean {
  return v.stateType === 'Parallel' || v.stateType === 'Map';
}

/** Creates the placement of one execution's history (see the file comment). */
export function createPlacement(): Placement {
  const visits: VisitRecord[] = [];
  const places: EventPlace[] = [];
  const chains: Chain[] = [];
  const positionById = new Map<number, number>();
  /** Live visits in order of entry; dead entries are skipped and compacted away. */
  let live: number[] = [];
  let deadInLive = 0;

  const kill = (v: VisitRecord): void => {
    if (!v.live) return;
    v.live = false;
    deadInLive++;
    killChildren(v);
  };
  const killChildren = (v: VisitRecord): void => {
    for (const c of v.children) kill(visits[c]);
    v.children = [];
    v.current?.clear();
    if (v.branches !== undefined) v.branches = [];
    v.pendingIteration = -1;
    v.failedIteration = -1;
    if (deadInLive > 32 && deadInLive * 2 > live.length) {
      live = live.filter((i) => visits[i].live);
      deadInLive = 0;
    }
  };
  const innermostLive = (compoundOnly: boolean): VisitRecord | undefined => {
    for (let i = live.length - 1; i >= 0; i--) {
      const v = visits[live[i]];
      if (v.live && (!compoundOnly || isCompound(v))) return v;
    }
    return undefined;
  };
  /** The open visit named `name`: up the chain from `from` first, else the innermost open one. */
  const findLive = (name: string | undefined, from: number): VisitRecord | undefined => {
    if (name === undefined) return undefined;
    for (let i = from; i >= 0; i = visits[i].parent) if (visits[i].state === name && visits[i].live) return visits[i];
    for (let i = live.length - 1; i >= 0; i--) {
      const v = visits[live[i]];
      if (v.live && v.state === name) return v;
    }
    return undefined;
  };
  /** The chain an event continues: its previous event's, or (no usable link) the innermost open visit's. */
  const chainOf = (event: HistoryEvent, pos: number): Chain => {
    const prev = typeof event.previousEventId === 'number' ? positionById.get(event.previousEventId) : undefined;
    if (prev !== undefined && prev < pos) return chains[prev];
    const entering = event.type.endsWith('StateEntered');
    const v = innermostLive(entering);
    if (v === undefined) return ROOT;
    if (entering) return { visit: v.index, nest: v.nest, parent: v.index, branchStart: true, exited: -1 };
    return { visit: v.index, nest: v.nest, parent: v.parent, branchStart: false, exited: -1 };
  };
  const at = (v: VisitRecord): Chain => ({ visit: v.index, nest: v.nest, parent: v.parent, branchStart: false, exited: -1 });
  const iterationNest = (m: VisitRecord, index: number): readonly Nest[] => {
    m.iterations ??= new Map();
    let nest = m.iterations.get(index);
    if (nest === undefined) {
      nest = [...m.nest, { kind: 'map', visit: m.index, enteredAt: m.enteredAt, state: m.state, index }];
      m.iterations.set(index, nest);
    }
    return nest;
  };
  /** The visit a `<Type>StateAborted` event belongs to (see the file comment). */
  const abortedVisit = (type: string, chain: Chain, prevPlace: EventPlace | undefined): VisitRecord | undefined => {
    const stateType = type.slice(0, -ABORTED_SUFFIX.length);
    const nest = prevPlace?.nest ?? chain.nest;
    const inner = nest[nest.length - 1];
    const fits = (i: number | undefined): VisitRecord | undefined => {
      const v = i === undefined ? undefined : visits[i];
      return v !== undefined && v.live && !v.aborted && v.stateType === stateType ? v : undefined;
    };
    if (inner !== undefined) {
      const c = visits[inner.visit];
      if (c.current !== undefined) {
        if (c.stateType === 'Map') {
          const pending = c.pendingIteration;
          c.pendingIteration = -1;
          const found = (pending >= 0 ? fits(c.current.get(pending)) : undefined) ?? (c.failedIteration >= 0 ? fits(c.current.get(c.failedIteration)) : undefined);
          if (found !== undefined) return found;
          let best: VisitRecord | undefined;
          let bestIndex = Infinity;
          for (const [index, i] of c.current) {
            const v = fits(i);
            if (v !== undefined && (index as number) < bestIndex) {
              best = v;
              bestIndex = index as number;
            }
          }
          if (best !== undefined) return best;
        } else {
          for (const first of c.branches ?? []) {
            const v = fits(c.current.get(first));
            if (v !== undefined) return v;
          }
        }
      }
    }
    const base = chain.visit >= 0 ? visits[chain.visit] : innermostLive(false);
    return base;
  };

  const place = (event: HistoryEvent): EventPlace => {
    const pos = places.length;
    if (typeof event.id === 'number' && !positionById.has(event.id)) positionById.set(event.id, pos);
    const type = event.type as string;
    const chain = chainOf(event, pos);
    let placed: EventPlace;
    let next: Chain;
    const map = type.startsWith('MapIteration') ? findLive(eventDetailsName(event), chain.visit) : undefined;

    if (type.startsWith('Execution')) {
      placed = ROOT_PLACE;
      next = ROOT;
      if (EXECUTION_ENDS.has(type)) {
        for (const i of live) visits[i].live = false;
        live = [];
        deadInLive = 0;
      }
    } else if (type.endsWith('StateEntered')) {
      const name = eventDetailsName(event) ?? '?';
      let parent = chain.parent;
      let nest = chain.nest;
      const p = parent >= 0 ? visits[parent] : undefined;
      if (chain.branchStart && p !== undefined) {
        if (p.stateType === 'Parallel') {
          nest = [...p.nest, { kind: 'parallel', visit: p.index, enteredAt: p.enteredAt, state: p.state, first: name }];
          (p.branches ??= []).push(name);
        } else if (p.stateType === 'Map') nest = iterationNest(p, p.lastIteration);
      } else if (p !== undefined && !isCompound(p)) parent = p.parent; // odd input: entered right after an entered event
      const v: VisitRecord = {
        index: visits.length,
        state: name,
        stateType: type.slice(0, -'StateEntered'.length),
        parent,
        nest,
        enteredAt: pos,
        exitedAt: null,
        from: chain.exited,
        live: true,
        aborted: false,
        children: [],
        current: undefined,
        branches: undefined,
        iterations: undefined,
        lastIteration: 0,
        pendingIteration: -1,
        failedIteration: -1,
      };
      visits.push(v);
      live.push(v.index);
      if (parent >= 0) {
        const owner = visits[parent];
        owner.children.push(v.index);
        const inner = nest[nest.length - 1];
        if (inner !== undefined && inner.visit === parent) (owner.current ??= new Map()).set(inner.kind === 'map' ? inner.index : inner.first, v.index);
      }
      placed = { visit: v.index, state: name, nest };
      next = { visit: v.index, nest, parent, branchStart: false, exited: -1 };
    } else if (type.endsWith('StateExited')) {
      const v = findLive(eventDetailsName(event), chain.visit);
      if (v !== undefined) {
        v.exitedAt = pos;
        kill(v);
        placed = { visit: v.index, state: v.state, nest: v.nest };
        next = { visit: v.parent, nest: v.nest, parent: v.parent, branchStart: false, exited: v.index };
      } else {
        placed = { visit: -1, state: eventDetailsName(event) ?? null, nest: chain.nest };
        next = chain.exited === -1 ? chain : { ...chain, exited: -1 };
      }
    } else if (map !== undefined) {
      const m = map;
      const raw = detailsOf(event)?.index;
      const index = typeof raw === 'number' ? raw : m.lastIteration;
      const nest = iterationNest(m, index);
      if (type === 'MapIterationStarted') m.lastIteration = index;
      else if (type === 'MapIterationFailed') m.pendingIteration = m.failedIteration = index;
      else if (type === 'MapIterationAborted') m.pendingIteration = index;
      placed = { visit: m.index, state: m.state, nest };
      next = { visit: m.index, nest, parent: m.index, branchStart: false, exited: -1 };
    } else if (type.endsWith(ABORTED_SUFFIX)) {
      const prev = typeof event.previousEventId === 'number' ? positionById.get(event.previousEventId) : undefined;
      const v = abortedVisit(type, chain, prev !== undefined && prev < pos ? places[prev] : undefined);
      if (v !== undefined) {
        v.aborted = true;
        placed = { visit: v.index, state: v.state, nest: v.nest };
        next = at(v);
      } else {
        placed = { visit: -1, state: null, nest: chain.nest };
        next = chain;
      }
    } else {
      let v: VisitRecord | undefined;
      let nest: readonly Nest[] | undefined;
      if (type === 'EvaluationFailed') {
        const named = detailsOf(event)?.state;
        v = findLive(typeof named === 'string' ? named : undefined, chain.visit);
        // Inside the chain's own visit (a Map's ItemSelector fails within its iteration) it keeps the chain's scope.
        if (v !== undefined && v.index === chain.visit) nest = chain.nest;
      }
      const compound = type.startsWith('ParallelState') ? 'Parallel' : type.startsWith('MapState') || type.startsWith('MapRun') ? 'Map' : undefined;
      v ??= chain.visit >= 0 ? visits[chain.visit] : innermostLive(false);
      if (compound !== undefined && v !== undefined) {
        // The last event of a branch (iteration) links the compound state's own event: walk up to it.
        let c: VisitRecord | undefined = v;
        while (c !== undefined && c.stateType !== compound) c = c.parent >= 0 ? visits[c.parent] : undefined;
        if (c !== undefined) v = c;
      }
      if (v === undefined) {
        placed = { visit: -1, state: null, nest: chain.nest };
        next = chain;
      } else {
        placed = { visit: v.index, state: v.state, nest: nest ?? v.nest };
        if (type === 'ParallelStateStarted' || type === 'MapStateStarted') {
          killChildren(v); // a retried attempt ends what the failed one left open
          next = { visit: v.index, nest: v.nest, parent: v.index, branchStart: true, exited: -1 };
        } else if (nest !== undefined) next = { visit: v.index, nest, parent: chain.parent, branchStart: false, exited: -1 };
        else next = v.index === chain.visit && chain.exited === -1 && !chain.branchStart && chain.nest === v.nest ? chain : at(v);
      }
    }
    places.push(placed);
    chains.push(next);
    return placed;
  };

  return { place, visits, places };
}

/** Places every event of `events` (in history order). */
export function placeEvents(events: readonly HistoryEvent[]): EventPlace[] {
  const placement = createPlacement();
  for (const event of events) placement.place(event);
  return placement.places as EventPlace[];
}

/** Compares two nests for the order in which Stepscope counts mocked invocations: by Map visit, then iteration index. */
export function compareNests(a: readonly Nest[], b: readonly Nest[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x.enteredAt !== y.enteredAt) return x.enteredAt - y.enteredAt;
    if (x.kind === 'map' && y.kind === 'map' && x.index !== y.index) return x.index - y.index;
  }
  return 0;
}

/**
 * How many times each Task state's resource was invoked in `events` (one per scheduled attempt),
 * added to `into` when given: the counts that mock responses by invocation go on from.
 */
export function taskInvocationsByState(events: readonly HistoryEvent[], into: Record<string, number> = {}): Record<string, number> {
  const placement = createPlacement();
  for (const e of events) {
    const state = placement.place(e).state;
    if (TASK_SCHEDULED_EVENT_TYPES.has(e.type) && state !== null) into[state] = (into[state] ?? 0) + 1;
  }
  return into;
}

/**
 * Which state each event belongs to, one event at a time in history order (as the engine emits
 * them, or as an imported history is read): the state column the store writes with each event.
 * Null for execution-level events.
 */
export interface StateAttributor {
  /** The state name of `event` (null for execution-level events); call in history order. */
  stateOf(event: HistoryEvent): string | null;
}

/** Creates a fresh attributor for one execution's events (event placement's state, see above). */
export function createStateAttributor(): StateAttributor {
  const placement = createPlacement();
  return { stateOf: (event) => placement.place(event).state };
}
