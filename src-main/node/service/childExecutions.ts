import type { MapState, StateMachineDefinition } from '../../common/asl/types';
import type { ChildRunResult, RegisteredStateMachine } from '../../common/engine/run';
import type { HistoryEvent } from '../../common/history/events';
import { isJsonObject } from '../../common/json';
import { finishUpdateFromResult, type ExecutionStore } from '../store';

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

/** The MapRunStarted event id per Map Run ARN, from a parent's events as they are emitted. */
export function noteMapRunEvent(event: HistoryEvent, into: Map<string, number>): void {
  if (event.type !== 'MapRunStarted') return;
  const arn = (event.mapRunStartedEventDetails as { mapRunArn?: unknown } | undefined)?.mapRunArn;
  if (typeof arn === 'string') into.set(arn, event.id);
}

/**
 * Records `children` (and their own children, recursively) under the stored execution
 * `parentId`. Each child's history is written through a recording, as a local run's is.
 */
export async function recordChildExecutions(store: ExecutionStore, parentId: number, children: readonly ChildRunResult[], context: ChildContext): Promise<void> {
  for (const child of children) {
    const definition = childDefinition(child, context);
    const arnParts = child.executionArn.split(':');
    const stateMachineName = arnParts[6] ?? 'Child';
    const recording = store.startRecording({
      stateMachine: { name: stateMachineName, arn: child.stateMachineArn ?? `arn:aws:states:${arnParts[3] ?? ''}:${arnParts[4] ?? ''}:stateMachine:${stateMachineName}`, type: child.type ?? 'STANDARD' },
      definition: { text: definition !== null ? JSON.stringify(definition, null, 2) : '', format: 'json' },
      name: arnParts.slice(7).join(':'),
      arn: child.executionArn,
      input: JSON.stringify(child.input),
      startDate: child.startDate,
      parentId,
      ...(child.mapRunArn !== undefined && context.mapRunEvents.has(child.mapRunArn) ? { parentEventId: context.mapRunEvents.get(child.mapRunArn) } : {}),
    });
    for (const event of child.events) recording.sink.emit(event);
    await recording.finish(finishUpdateFromResult(child));
    if (child.children !== undefined && child.children.length > 0) {
      const grandEvents = new Map<string, number>();
      for (const event of child.events) noteMapRunEvent(event, grandEvents);
      await recordChildExecutions(store, recording.executionId, child.children, { ...context, definition: definition ?? context.definition, mapRunEvents: grandEvents });
    }
  }
}
