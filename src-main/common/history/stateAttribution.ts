import type { HistoryEvent } from './events';

/**
 * Which state an event belongs to, computed one event at a time in id order (as the engine emits
 * them, or as an imported history is read). `*StateEntered`/`*StateExited` and `MapIteration*`
 * events name their state in their details; the others (TaskScheduled, LambdaFunctionSucceeded,
 * MapStateStarted, ...) belong to the state of the event they follow (`previousEventId`).
 * `ParallelStateSucceeded`/`Failed`/`Aborted` follow the last event of a branch, so they are
 * given to the innermost Parallel state still open. Execution-level events belong to no state.
 */
export interface StateAttributor {
  /** The state name of `event` (null for execution-level events); call in id order. */
  stateOf(event: HistoryEvent): string | null;
}

/** The `name` in an event's `*EventDetails`, if it has one. */
export function eventDetailsName(event: HistoryEvent): string | undefined {
  for (const key in event) {
    if (key.endsWith('EventDetails')) {
      const details = event[key];
      if (details !== null && typeof details === 'object' && !Array.isArray(details)) {
        const name = (details as { name?: unknown }).name;
        if (typeof name === 'string') return name;
      }
    }
  }
  return undefined;
}

/** Creates a fresh attributor for one execution's events. */
export function createStateAttributor(): StateAttributor {
  const byId: (string | null)[] = [];
  const openParallel: string[] = [];
  return {
    stateOf(event) {
      const type = event.type;
      let state: string | null;
      if (type.startsWith('Execution')) state = null;
      else {
        const named = eventDetailsName(event);
        if (named !== undefined) state = named;
        else if (type === 'ParallelStateSucceeded' || type === 'ParallelStateFailed' || type === 'ParallelStateAborted') {
          state = openParallel.length > 0 ? openParallel[openParallel.length - 1] : (byId[event.previousEventId] ?? null);
        } else state = byId[event.previousEventId] ?? null;
      }
      if (type === 'ParallelStateEntered' && state !== null) openParallel.push(state);
      else if (type === 'ParallelStateExited' && state !== null) {
        const at = openParallel.lastIndexOf(state);
        if (at >= 0) openParallel.splice(at, 1);
      }
      if (Number.isSafeInteger(event.id) && event.id >= 0) byId[event.id] = state;
      return state;
    },
  };
}
