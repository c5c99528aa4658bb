import type { HistoryEvent } from '../../../../src-main/common/history/events';

/** A long history: a Map of `iterations` Pass iterations, as AWS writes them (4 events each, plus 6). Shared by the event table's test and `npm run bench`. */
export function bigHistory(iterations: number): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const add = (previousEventId: number, type: string, details?: Record<string, unknown>) => {
    const id = events.length + 1;
    events.push({ id, previousEventId, type, timestamp: new Date(Date.UTC(2024, 0, 1) + id).toISOString(), ...(details ?? {}) } as HistoryEvent);
    return id;
  };
  add(0, 'ExecutionStarted', { executionStartedEventDetails: { input: '{}' } });
  const entered = add(0, 'MapStateEntered', { stateEnteredEventDetails: { name: 'Loop', input: '[]' } });
  let prev = add(entered, 'MapStateStarted', { mapStateStartedEventDetails: { length: iterations } });
  for (let i = 0; i < iterations; i++) {
    const s = add(prev, 'MapIterationStarted', { mapIterationStartedEventDetails: { name: 'Loop', index: i } });
    const e = add(s, 'PassStateEntered', { stateEnteredEventDetails: { name: 'Item', input: `{"i":${i}}` } });
    const x = add(e, 'PassStateExited', { stateExitedEventDetails: { name: 'Item', output: `{"i":${i}}` } });
    prev = add(x, 'MapIterationSucceeded', { mapIterationSucceededEventDetails: { name: 'Loop', index: i } });
  }
  const done = add(prev, 'MapStateSucceeded');
  const exited = add(done, 'MapStateExited', { stateExitedEventDetails: { name: 'Loop', output: '[]' } });
  add(exited, 'ExecutionSucceeded', { executionSucceededEventDetails: { output: '[]' } });
  return events;
}
