import type { HistoryEvent } from '@common/history/events';

/** One line of the event list. */
export interface EventRow {
  id: number;
  type: string;
  /** The state the event belongs to; '' for execution-level events. */
  stateName: string;
  /** Milliseconds since the first event (ExecutionStarted). */
  elapsedMs: number;
}

function ownStateName(event: HistoryEvent): string | undefined {
  for (const key of ['stateEnteredEventDetails', 'stateExitedEventDetails'] as const) {
    const details = event[key];
    if (typeof details === 'object' && details !== null && !Array.isArray(details) && typeof details.name === 'string') return details.name;
  }
  return undefined;
}

/**
 * Turns events into rows. Only StateEntered and StateExited events name their state; the others
 * (TaskScheduled, MapIterationStarted, ...) belong to the state their `previousEventId` chain
 * leads back to, as the Step Functions console shows them. Execution-level events
 * (ExecutionStarted, ExecutionFailed, ...) and events that follow a StateExited belong to no state.
 */
export function toEventRows(events: readonly HistoryEvent[]): EventRow[] {
  const byId = new Map<number, { name: string; closes: boolean }>();
  const start = events.length > 0 ? Date.parse(events[0].timestamp) : 0;
  return events.map((event) => {
    const own = ownStateName(event);
    let name = own;
    if (event.type.startsWith('Execution')) name = '';
    else if (name === undefined) {
      const previous = byId.get(event.previousEventId);
      name = previous && !previous.closes ? previous.name : '';
    }
    byId.set(event.id, { name, closes: event.type.endsWith('StateExited') || event.type.startsWith('Execution') });
    const at = Date.parse(event.timestamp);
    return { id: event.id, type: event.type, stateName: name, elapsedMs: Number.isNaN(at) ? 0 : at - start };
  });
}

/** `0.000 s`, `59.999 s`, then `1:00:06.000` (h:mm:ss.mmm). */
export function formatElapsed(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(3)} s`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h}:${String(m).padStart(2, '0')}:${s.toFixed(3).padStart(6, '0')}`;
}
