import { detailsOf, TASK_SCHEDULED_EVENT_TYPES, type HistoryEvent } from './events';

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
  /** The place of the event at a position (0 ≤ position < length). */
  placeAt(position: number): EventPlace;
  /** Number of events placed. */
  readonly length: number;
}

interface VisitRecord extends PlacedVisit {
  exitedAt: number | null;
  /** Still open for placement (not exited, not ended with an enclosing visit or the execution). */
  live: boolean;
  /** A `<Type>StateAborted` event was given to it. */
  aborted: boolean;
  /** What a Parallel or Map visit keeps about what runs inside it (undefined for other states). */
  compound: CompoundRecord | undefined;
  // A visit record is also the place of its events in its own scope and the chain after them
  // (structurally an EventPlace and a Chain), so placing keeps one object per visit.
  /** = index (as an EventPlace and a Chain). */
  readonly visit: number;
  /** = index (its chain code). */
  readonly id: number;
  readonly branchStart: false;
  readonly exited: -1;
}

/** What a Parallel or Map visit keeps about its current attempt's branches (iterations). */
interface CompoundRecord {
  /** Visits directly inside it. */
  children: number[];
  /** Map: the latest visit entered directly in each iteration (by index). */
  currentInIteration: number[];
  /** Parallel: the latest visit entered directly in each branch (by first state). */
  currentInBranch: Map<string, number>;
  /** Parallel: its branches (first states) in the order they started. */
  branches: string[];
  /** Map: the nest, place and chain of each iteration seen (shared by all its events). */
  iterations: (IterationScope | undefined)[];
  /** Map: the last iteration started (where an unlinked entered event goes). */
  lastIteration: number;
  /** Map: the iteration whose `MapIterationFailed`/`Aborted` came last, until a `<Type>StateAborted` takes it. */
  pendingIteration: number;
  /** Map: the iteration that failed (its aborted event comes after the others' markers). */
  failedIteration: number;
}

function newCompound(): CompoundRecord {
  return { children: [], currentInIteration: [], currentInBranch: new Map(), branches: [], iterations: [], lastIteration: 0, pendingIteration: -1, failedIteration: -1 };
}

/** One Map iteration: the place of its Map's iteration events and the chain inside it (one object for both). */
interface IterationScope extends Chain, EventPlace {
  /** Its code as a place. */
  readonly placeCode: number;
}

/** An iteration index from a MapIteration event's details (a small non-negative integer), or undefined. */
function iterationIndex(raw: unknown): number | undefined {
  return typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw < 1 << 24 ? raw : undefined;
}

/** The state name an entered, exited, Map iteration or EvaluationFailed event gives, read from its own details member. */
function namedState(event: HistoryEvent, key: string, field: 'name' | 'state'): string | undefined {
  const d = event[key];
  const name = d !== null && typeof d === 'object' && !Array.isArray(d) ? d[field] : undefined;
  if (typeof name === 'string') return name;
  if (d !== undefined) return undefined;
  const other = detailsOf(event)?.[field]; // an unusual member name
  return typeof other === 'string' ? other : undefined;
}

const MAP_ITERATION_DETAILS: Readonly<Record<string, string>> = {
  MapIterationStarted: 'mapIterationStartedEventDetails',
  MapIterationSucceeded: 'mapIterationSucceededEventDetails',
  MapIterationFailed: 'mapIterationFailedEventDetails',
  MapIterationAborted: 'mapIterationAbortedEventDetails',
};

/** Where a chain stands after an event: what its next event continues. */
interface Chain {
  /** Its code in the per-event chain array (see createPlacement). */
  readonly id: number;
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
const ROOT_PLACE: EventPlace = { visit: -1, state: null, nest: NO_NEST };
const EXECUTION_ENDS: ReadonlySet<string> = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);
const ABORTED_SUFFIX = 'StateAborted';
/** Chain codes from here on mean "just after visit (code - EXITED) exited". */
const EXITED = 1 << 30;

function isCompound(v: VisitRecord): boolean {
  return v.stateType === 'Parallel' || v.stateType === 'Map';
}

/** Creates the placement of one execution's history (see the file comment). */
export function createPlacement(): Placement {
  const visits: VisitRecord[] = [];
  // Per event, only two numbers (retained objects cost more in GC than the placing itself):
  // - its place: a visit index (the visit's own place), or -1 - i for placeTable[i] (0: no visit);
  // - the chain after it: a visit index (in that visit), EXITED + i (just after visit i exited:
  //   made when read), or -1 - i for chainTable[i] (0: the top level).
  const placeTable: EventPlace[] = [ROOT_PLACE];
  const chainTable: Chain[] = [];
  let eventPlace = new Int32Array(256);
  let eventChain = new Int32Array(256);
  let length = 0;
  const newPlace = (visit: number, state: string | null, nest: readonly Nest[]): number => -placeTable.push({ visit, state, nest });
  const newChain = (visit: number, nest: readonly Nest[], parent: number, branchStart: boolean, exited: number): Chain => {
    const chain: Chain = { id: -1 - chainTable.length, visit, nest, parent, branchStart, exited };
    chainTable.push(chain);
    return chain;
  };
  const ROOT = newChain(-1, NO_NEST, -1, false, -1);
  const chainAt = (code: number): Chain => {
    if (code >= EXITED) {
      const v = visits[code - EXITED];
      return { id: code, visit: v.parent, nest: v.nest, parent: v.parent, branchStart: false, exited: v.index };
    }
    return code >= 0 ? visits[code] : chainTable[-1 - code];
  };
  const placeOf = (code: number): EventPlace => (code >= 0 ? visits[code] : placeTable[-1 - code]);
  /** Position of each event id: ids are mostly 1..n, so a growing array (-1: no such id); others in a Map. */
  let positionByIdDense = new Int32Array(256).fill(-1);
  const positionByIdFar = new Map<number, number>();
  const positionOf = (id: unknown): number | undefined => {
    if (typeof id !== 'number') return undefined;
    if (Number.isInteger(id) && id >= 0 && id < positionByIdDense.length && positionByIdDense[id] >= 0) return positionByIdDense[id];
    return positionByIdFar.size === 0 ? undefined : positionByIdFar.get(id);
  };
  /** Records the position of an id (the first event with it wins). */
  const remember = (id: unknown, pos: number): void => {
    if (typeof id !== 'number') return;
    if (Number.isInteger(id) && id >= 0 && id < 2 * pos + 1024) {
      if (id >= positionByIdDense.length) {
        const grown = new Int32Array(Math.max(id + 1, positionByIdDense.length * 2)).fill(-1);
        grown.set(positionByIdDense);
        positionByIdDense = grown;
      }
      if (positionByIdDense[id] < 0 && !positionByIdFar.has(id)) positionByIdDense[id] = pos;
    } else if (!positionByIdFar.has(id)) positionByIdFar.set(id, pos);
  };
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
    const c = v.compound;
    if (c !== undefined) {
      for (const child of c.children) kill(visits[child]);
      c.children = [];
      c.currentInIteration = [];
      c.currentInBranch.clear();
      c.branches = [];
      c.pendingIteration = -1;
      c.failedIteration = -1;
    }
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
    const prev = positionOf(event.previousEventId);
    if (prev !== undefined && prev < pos) return chainAt(eventChain[prev]);
    const entering = event.type.endsWith('StateEntered');
    const v = innermostLive(entering);
    if (v === undefined) return ROOT;
    if (entering) return newChain(v.index, v.nest, v.index, true, -1);
    return newChain(v.index, v.nest, v.parent, false, -1);
  };
  const at = (v: VisitRecord): Chain => v;
  const iteration = (m: VisitRecord, index: number): IterationScope => {
    const c = (m.compound ??= newCompound());
    let it = c.iterations[index];
    if (it === undefined) {
      const nest: readonly Nest[] = [...m.nest, { kind: 'map', visit: m.index, enteredAt: m.enteredAt, state: m.state, index }];
      it = { id: -1 - chainTable.length, placeCode: -1 - placeTable.length, visit: m.index, state: m.state, nest, parent: m.index, branchStart: false, exited: -1 };
      chainTable.push(it);
      placeTable.push(it);
      c.iterations[index] = it;
    }
    return it;
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
      const owner = visits[inner.visit];
      const c = owner.compound;
      if (c !== undefined) {
        if (owner.stateType === 'Map') {
          const pending = c.pendingIteration;
          c.pendingIteration = -1;
          const found = (pending >= 0 ? fits(c.currentInIteration[pending]) : undefined) ?? (c.failedIteration >= 0 ? fits(c.currentInIteration[c.failedIteration]) : undefined);
          if (found !== undefined) return found;
          let best: VisitRecord | undefined;
          let bestIndex = Infinity;
          c.currentInIteration.forEach((i, index) => {
            const v = fits(i);
            if (v !== undefined && index < bestIndex) {
              best = v;
              bestIndex = index;
            }
          });
          if (best !== undefined) return best;
        } else {
          for (const first of c.branches) {
            const v = fits(c.currentInBranch.get(first));
            if (v !== undefined) return v;
          }
        }
      }
    }
    const base = chain.visit >= 0 ? visits[chain.visit] : innermostLive(false);
    return base;
  };

  const place = (event: HistoryEvent): EventPlace => {
    const pos = length;
    remember(event.id, pos);
    const type = event.type as string;
    const chain = chainOf(event, pos);
    let placed: number;
    let next: Chain;
    const iterationKey = MAP_ITERATION_DETAILS[type];
    const map = iterationKey !== undefined ? findLive(namedState(event, iterationKey, 'name'), chain.visit) : undefined;

    if (type.startsWith('Execution')) {
      placed = -1;
      next = ROOT;
      if (EXECUTION_ENDS.has(type)) {
        for (const i of live) visits[i].live = false;
        live = [];
        deadInLive = 0;
      }
    } else if (type.endsWith('StateEntered')) {
      const name = namedState(event, 'stateEnteredEventDetails', 'name') ?? '?';
      let parent = chain.parent;
      let nest = chain.nest;
      const p = parent >= 0 ? visits[parent] : undefined;
      if (chain.branchStart && p !== undefined) {
        if (p.stateType === 'Parallel') {
          nest = [...p.nest, { kind: 'parallel', visit: p.index, enteredAt: p.enteredAt, state: p.state, first: name }];
          (p.compound ??= newCompound()).branches.push(name);
        } else if (p.stateType === 'Map') nest = iteration(p, p.compound?.lastIteration ?? 0).nest;
      } else if (p !== undefined && !isCompound(p)) parent = p.parent; // odd input: entered right after an entered event
      const index = visits.length;
      const v: VisitRecord = {
        index,
        state: name,
        stateType: type.slice(0, -'StateEntered'.length),
        parent,
        nest,
        enteredAt: pos,
        exitedAt: null,
        from: chain.exited,
        live: true,
        aborted: false,
        compound: undefined,
        visit: index,
        id: index,
        branchStart: false,
        exited: -1,
      };
      visits.push(v);
      live.push(v.index);
      if (parent >= 0) {
        const c = (visits[parent].compound ??= newCompound());
        c.children.push(v.index);
        const inner = nest[nest.length - 1];
        if (inner !== undefined && inner.visit === parent) {
          if (inner.kind === 'map') c.currentInIteration[inner.index] = v.index;
          else c.currentInBranch.set(inner.first, v.index);
        }
      }
      placed = v.index;
      next = v;
    } else if (type.endsWith('StateExited')) {
      const name = namedState(event, 'stateExitedEventDetails', 'name');
      const v = findLive(name, chain.visit);
      if (v !== undefined) {
        v.exitedAt = pos;
        kill(v);
        placed = v.index;
        next = chainAt(EXITED + v.index);
      } else {
        placed = newPlace(-1, name ?? null, chain.nest);
        next = chain.exited === -1 ? chain : newChain(chain.visit, chain.nest, chain.parent, chain.branchStart, -1);
      }
    } else if (map !== undefined) {
      const m = map;
      const d = event[iterationKey!];
      const raw = iterationIndex(d !== null && typeof d === 'object' && !Array.isArray(d) ? d.index : detailsOf(event)?.index);
      const c = (m.compound ??= newCompound());
      const index = raw ?? c.lastIteration;
      const it = iteration(m, index);
      if (type === 'MapIterationStarted') c.lastIteration = index;
      else if (type === 'MapIterationFailed') c.pendingIteration = c.failedIteration = index;
      else if (type === 'MapIterationAborted') c.pendingIteration = index;
      placed = it.placeCode;
      next = it;
    } else if (type.endsWith(ABORTED_SUFFIX)) {
      const prev = positionOf(event.previousEventId);
      const v = abortedVisit(type, chain, prev !== undefined && prev < pos ? placeOf(eventPlace[prev]) : undefined);
      if (v !== undefined) {
        v.aborted = true;
        placed = v.index;
        next = at(v);
      } else {
        placed = newPlace(-1, null, chain.nest);
        next = chain;
      }
    } else {
      let v: VisitRecord | undefined;
      let nest: readonly Nest[] | undefined;
      if (type === 'EvaluationFailed') {
        v = findLive(namedState(event, 'evaluationFailedEventDetails', 'state'), chain.visit);
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
        placed = newPlace(-1, null, chain.nest);
        next = chain;
      } else {
        placed = nest === undefined || nest === v.nest ? v.index : newPlace(v.index, v.state, nest);
        if (type === 'ParallelStateStarted' || type === 'MapStateStarted') {
          killChildren(v); // a retried attempt ends what the failed one left open
          next = newChain(v.index, v.nest, v.index, true, -1);
        } else if (nest !== undefined) next = newChain(v.index, nest, chain.parent, false, -1);
        else next = v.index === chain.visit && chain.exited === -1 && !chain.branchStart && chain.nest === v.nest ? chain : at(v);
      }
    }
    if (pos === eventPlace.length) {
      const grownPlace = new Int32Array(pos * 2);
      grownPlace.set(eventPlace);
      eventPlace = grownPlace;
      const grownChain = new Int32Array(pos * 2);
      grownChain.set(eventChain);
      eventChain = grownChain;
    }
    eventPlace[pos] = placed;
    eventChain[pos] = next.id;
    length++;
    return placeOf(placed);
  };

  return {
    place,
    visits,
    placeAt: (position) => placeOf(eventPlace[position]),
    get length() {
      return length;
    },
  };
}

/** Places every event of `events` (in history order). */
export function placeEvents(events: readonly HistoryEvent[]): EventPlace[] {
  const placement = createPlacement();
  const places: EventPlace[] = [];
  for (const event of events) places.push(placement.place(event));
  return places;
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
