import { parseStatesArn, toStateMachineArn } from '../../common/arn';
import type { MapState, StateMachineDefinition } from '../../common/asl/types';
import type { ChildRunResult, RegisteredStateMachine } from '../../common/engine/run';
import type { HistoryEvent } from '../../common/history/events';
import { isJsonObject, parseJsonText, type Json } from '../../common/json';
import { taskInvocationsByState } from '../../common/history/placement';
import { earlierMapRunEvent, type MapRunResume, type MapRunToRedrive } from '../../common/engine/redrive/mapRun';
import { finishUpdateFromResult, type ExecutionRecord, type ExecutionStore, type MapRunAttempt } from '../store';

/**
 * Stores the child executions a local run started (Distributed Map iterations and
 * `states:startExecution` Tasks), each with its own history, linked to its parent execution
 * (`parent_id`) and, for a Map Run's child, to the parent's MapRunStarted event
 * (`parent_event_id`), so that `executions.list` with `parentExecutionId` finds them.
 */

/** What a parent run tells about where its children came from. */
export interface ChildContext {
  /** The parent's definition: a Map Run child runs its Map's ItemProcessor. */
  definition: StateMachineDefinition;
  /** State machines a startExecution Task could start, by ARN (an example's child state machines). */
  stateMachines?: Readonly<Record<string, RegisteredStateMachine>>;
  /** The parent's MapRunStarted event id per Map Run ARN. */
  mapRunEvents: ReadonlyMap<string, number>;
}

/** The Map Run ARN's label part: `...:mapRun:<machine>/<label>:<run id>` → `<label>`. */
function mapRunLabel(mapRunArn: string): string | undefined {
  const parts = mapRunArn.split(':');
  const machine = parts[parts.length - 2] ?? '';
  const slash = machine.lastIndexOf('/');
  return slash >= 0 ? machine.slice(slash + 1) : undefined;
}

/** Finds the Map state whose Label (or name) is `label`, anywhere in `definition`, with its query language. */
function findMapByLabel(definition: StateMachineDefinition, label: string, inherited?: string): { map: MapState; queryLanguage?: string } | undefined {
  if (!isJsonObject(definition.States)) return undefined;
  const language = definition.QueryLanguage ?? inherited;
  for (const [name, state] of Object.entries(definition.States)) {
    if (!isJsonObject(state)) continue;
    const own = (state.QueryLanguage as string | undefined) ?? language;
    if (state.Type === 'Map' && (state.Label ?? name) === label) return { map: state, ...(own !== undefined ? { queryLanguage: own } : {}) };
    const nested: StateMachineDefinition[] = state.Type === 'Parallel' ? state.Branches : state.Type === 'Map' ? [state.ItemProcessor ?? state.Iterator].filter((d): d is StateMachineDefinition => d !== undefined) : [];
    for (const d of nested) {
      const found = findMapByLabel(d, label, own);
      if (found) return found;
    }
  }
  return undefined;
}

/** The definition a child ran, when it can be told; else null (the store keeps an empty text). */
function childDefinition(child: ChildRunResult, context: ChildContext): StateMachineDefinition | null {
  if (child.startedBy === 'mapRun' && child.mapRunArn !== undefined) {
    const label = mapRunLabel(child.mapRunArn);
    const found = label !== undefined ? findMapByLabel(context.definition, label) : undefined;
    const processor = found ? (found.map.ItemProcessor ?? found.map.Iterator) : undefined;
    if (!processor) return null;
    return found?.queryLanguage !== undefined && processor.QueryLanguage === undefined ? { ...processor, QueryLanguage: found.queryLanguage as 'JSONPath' | 'JSONata' } : processor;
  }
  const registered = child.stateMachineArn !== undefined ? context.stateMachines?.[child.stateMachineArn] : undefined;
  return registered?.definition ?? null;
}

/**
 * The event each Map Run's children are linked to, per Map Run ARN, from a parent's events as
 * they are emitted: its MapRunStarted, or the MapRunRedriven of a redrive's attempt (a redrive's
 * history repeats the earlier attempts' events first, so the latest event of the ARN wins).
 */
export function noteMapRunEvent(event: HistoryEvent, into: Map<string, number>): void {
  if (event.type !== 'MapRunStarted' && event.type !== 'MapRunRedriven') return;
  const details = event.type === 'MapRunStarted' ? event.mapRunStartedEventDetails : event.mapRunRedrivenEventDetails;
  const arn = (details as { mapRunArn?: unknown } | undefined)?.mapRunArn;
  if (typeof arn === 'string') into.set(arn, event.id);
}

/** Writes one child's row and history under `parentId`; resolves with its stored id and the definition it ran. */
async function recordChild(store: ExecutionStore, parentId: number, child: ChildRunResult, context: ChildContext): Promise<{ id: number; definition: StateMachineDefinition | null }> {
  const definition = childDefinition(child, context);
  const arn = parseStatesArn(child.executionArn);
  const stateMachineName = arn.resourceName ?? 'Child';
  const recording = store.startRecording({
    stateMachine: { name: stateMachineName, arn: child.stateMachineArn ?? toStateMachineArn(stateMachineName, arn), type: child.type ?? 'STANDARD' },
    definition: { text: definition !== null ? JSON.stringify(definition, null, 2) : '', format: 'json' },
    name: arn.rest,
    arn: child.executionArn,
    input: JSON.stringify(child.input),
    startDate: child.startDate,
    parentId,
    parentKind: child.startedBy,
    ...(child.mapRunArn !== undefined && context.mapRunEvents.has(child.mapRunArn) ? { parentEventId: context.mapRunEvents.get(child.mapRunArn) } : {}),
    ...(child.itemIndex !== undefined ? { itemIndex: child.itemIndex } : {}),
    ...(child.batch !== undefined ? { batch: child.batch } : {}),
  });
  for (const event of child.events) recording.sink.emit(event);
  await recording.finish(finishUpdateFromResult(child));
  return { id: recording.executionId, definition };
}

/** The context a child's own children are recorded in: its definition and its Map Runs' events. */
function contextOfChild(child: ChildRunResult, definition: StateMachineDefinition | null, context: ChildContext): ChildContext {
  const mapRunEvents = new Map<string, number>();
  for (const event of child.events) noteMapRunEvent(event, mapRunEvents);
  return { ...context, definition: definition ?? context.definition, mapRunEvents };
}

/**
 * Records `children` (and their own children, recursively) under the stored execution
 * `parentId`. Each child's history is written through a recording, as a local run's is.
 */
export async function recordChildExecutions(store: ExecutionStore, parentId: number, children: readonly ChildRunResult[], context: ChildContext): Promise<void> {
  for (const child of children) {
    const { id, definition } = await recordChild(store, parentId, child, context);
    if (child.children !== undefined && child.children.length > 0) {
      await recordChildExecutions(store, id, child.children, contextOfChild(child, definition, context));
    }
  }
}

/** Records child executions as the engine hands them over (RunOptions.onChildFinished). */
export interface ChildStreamer {
  /** Takes one finished child at `depth` (1: a child of the run); it is written in order after the ones before it. */
  add(child: ChildRunResult, depth: number): void;
  /** Resolves once every child added so far is written (children whose parent never came are written under the root). */
  done(): Promise<void>;
}

/**
 * Streams a run's children to the store as they end, so that a run with many children (a
 * Distributed Map over thousands of items) holds only the running ones' histories: a child of
 * the run itself (depth 1) is written at once, under `rootId`; a deeper one waits for its parent child,
 * which ends after it, and is written right after it (the order recordChildExecutions writes in).
 * `blockedBy` says what to wait for before writing (the import gate, as LocalRunHooks.writeBlockedBy). A write that fails (disk
 * full, database removed) drops that child: the parent's outcome is still recorded.
 */
export function createChildStreamer(store: ExecutionStore, rootId: number, context: ChildContext, blockedBy: () => Promise<unknown> | undefined): ChildStreamer {
  /** Stored children: where their own children go. */
  const written = new Map<string, { id: number; context: ChildContext }>();
  /** Children whose parent child has not ended yet, by the parent's ARN. */
  const waiting = new Map<string, ChildRunResult[]>();
  let queue: Promise<void> = Promise.resolve();
  const write = async (child: ChildRunResult, parentId: number, within: ChildContext): Promise<void> => {
    // The last check and the write's first step run in one synchronous step (see importGate.ts).
    for (let blocker = blockedBy(); blocker !== undefined; blocker = blockedBy()) await blocker;
    let stored;
    try {
      stored = await recordChild(store, parentId, child, within);
    } catch {
      return;
    }
    const own = contextOfChild(child, stored.definition, within);
    written.set(child.executionArn, { id: stored.id, context: own });
    const held = waiting.get(child.executionArn);
    if (held === undefined) return;
    waiting.delete(child.executionArn);
    for (const grandchild of held) await write(grandchild, stored.id, own);
  };
  return {
    add(child, depth) {
      queue = queue.then(() => {
        if (depth <= 1) return write(child, rootId, context);
        const parent = written.get(child.parentExecutionArn);
        if (parent !== undefined) return write(child, parent.id, parent.context);
        const list = waiting.get(child.parentExecutionArn);
        if (list === undefined) waiting.set(child.parentExecutionArn, [child]);
        else list.push(child);
        return undefined;
      });
    },
    async done() {
      await queue;
      // A parent that never came (it was dropped): its children still belong to the run.
      for (const [arn, held] of [...waiting]) {
        waiting.delete(arn);
        for (const child of held) await write(child, rootId, context);
      }
    },
  };
}

/** Orders Map Run children by item index (children without one last, by id). */
function byItem(a: ExecutionRecord, b: ExecutionRecord): number {
  const ai = a.itemIndex ?? Number.MAX_SAFE_INTEGER;
  const bi = b.itemIndex ?? Number.MAX_SAFE_INTEGER;
  return ai !== bi ? ai - bi : a.id - b.id;
}

/**
 * The children of the Map Run attempt that `record` links to its event `eventId` (a MapRunStarted,
 * or a redrive's MapRunRedriven), in item order. For a redrive, the Map Run's earlier attempts
 * are part of it: an event of the history the redrive repeats (up to its parent event) lists the
 * original's children, and a MapRunRedriven lists its own children plus, for every item it did not
 * run again, the earlier attempts' child (so that each item appears once, with its latest child).
 * `everyAttempt`: every attempt's children, an item's earlier children included.
 */
export function mapRunChildren(store: ExecutionStore, record: ExecutionRecord, eventId: number, limit?: number, everyAttempt = false): ExecutionRecord[] {
  const own = store.listExecutions({ parentId: record.id, parentEventId: eventId, ...(limit !== undefined ? { limit } : {}) });
  const parent = record.parentKind === 'redrive' && record.parentId !== null ? store.getExecution(record.parentId) : undefined;
  if (parent === undefined || record.parentEventId === null) return own.sort(byItem);
  let earlierEvent: number | undefined;
  if (eventId <= record.parentEventId) earlierEvent = eventId;
  else earlierEvent = earlierMapRunEvent(store.loadEvents(record.id), eventId);
  if (earlierEvent === undefined) return own.sort(byItem);
  const covered = new Set(own.map((c) => c.itemIndex).filter((i): i is number => i !== null));
  const inherited = mapRunChildren(store, parent, earlierEvent, limit, everyAttempt).filter((c) => everyAttempt || c.itemIndex === null || !covered.has(c.itemIndex));
  const all = [...own, ...inherited].sort(byItem);
  return limit !== undefined ? all.slice(0, limit) : all;
}

/**
 * The attempts of the Map Run that `record` links to its event `eventId`, latest first (store
 * mapRunChildren.ts): that event's own, then, for a redrive, the earlier attempts' it goes on
 * from, found as mapRunChildren finds them. The store counts and pages the children over these.
 */
export function mapRunAttempts(store: ExecutionStore, record: ExecutionRecord, eventId: number): MapRunAttempt[] {
  const own: MapRunAttempt = { parentId: record.id, parentEventId: eventId };
  const parent = record.parentKind === 'redrive' && record.parentId !== null ? store.getExecution(record.parentId) : undefined;
  if (parent === undefined || record.parentEventId === null) return [own];
  const earlierEvent = eventId <= record.parentEventId ? eventId : earlierMapRunEvent(store.loadEvents(record.id), eventId);
  return earlierEvent === undefined ? [own] : [own, ...mapRunAttempts(store, parent, earlierEvent)];
}

/** A stored payload as a value (text that is not JSON stays a string). */
function payloadOf(text: string | null): Json {
  return text === null ? null : parseJsonText(text);
}

/** What a redrive of a failed Distributed Map takes from the store (see mapRunResumeFrom). */
export interface StoredMapRunResume {
  resume: MapRunResume;
  /** Task invocations the earlier attempts' children made, per state name (the execution's mock counts go on after them). */
  invocations: Record<string, number>;
}

/**
 * The Map Run plan of a redrive of `record` (engine/redrive/mapRun.ts): its Map Run's children
 * across every earlier attempt, the ones that succeeded kept with their outputs, and the names of
 * the others (a redriven child keeps its name). Children stored before schema version 5 have no
 * item index: they are not kept, and their items run again.
 */
export function mapRunResumeFrom(store: ExecutionStore, record: ExecutionRecord, run: MapRunToRedrive): StoredMapRunResume {
  const succeeded: MapRunResume['succeeded'] = {};
  const names: Record<string, string> = {};
  const invocations: Record<string, number> = {};
  // Every earlier child's Task invocations count: the execution's mocks answer the redrive after them.
  for (const child of mapRunChildren(store, record, run.eventId, undefined, true)) taskInvocationsByState(store.loadEvents(child.id), invocations);
  for (const child of mapRunChildren(store, record, run.eventId)) {
    if (child.itemIndex === null) continue;
    const key = String(child.itemIndex);
    if (child.status === 'SUCCEEDED') {
      const start = child.startDate ?? child.createdAt;
      succeeded[key] = { output: payloadOf(child.output), executionArn: child.arn, startDate: start, stopDate: child.stopDate ?? start };
    } else names[key] = child.name;
  }
  return { resume: { mapRunArn: run.mapRunArn, redriveCount: run.redriveCount, succeeded, names }, invocations };
}
