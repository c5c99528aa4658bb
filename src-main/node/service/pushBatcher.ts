import type { ExecutionId, StoredExecutionStatus } from '../../common/contract/api';
import type { Push, PushListener } from '../../common/contract/events';
import type { HistoryEvent } from '../../common/history/events';

/** How events are batched into pushes. */
export interface PushBatcherOptions {
  /** How long events wait to be batched into one push. */
  flushIntervalMs: number;
  /** Most events in one push; a fuller batch is pushed at once. */
  maxBatch: number;
}

/**
 * The service's pushes: its listeners, and live events batched per execution into
 * `execution.eventsAppended` pushes (at most `maxBatch` events each, at most `flushIntervalMs`
 * after the first of them was emitted).
 */
export interface PushBatcher {
  /** Receives every push until the returned disposer is called. */
  subscribe(listener: PushListener): () => void;
  /** Sends a push to every listener now; a failing listener does not stop the others. */
  push(message: Push): void;
  /** Queues an execution's event for its next `execution.eventsAppended` push. */
  addEvent(executionId: ExecutionId, event: HistoryEvent): void;
  /**
   * Pushes the queued events now: of every execution (status RUNNING), or only of `only`, with
   * `status` (an execution that stopped pushes its last events with its final status).
   */
  flush(only?: ExecutionId, status?: StoredExecutionStatus): void;
  /** Stops the flush timer (queued events stay queued). */
  dispose(): void;
}

/** Builds the service's push channel (see {@link PushBatcher}). */
export function createPushBatcher(options: PushBatcherOptions): PushBatcher {
  const { flushIntervalMs, maxBatch } = options;
  const listeners = new Set<PushListener>();
  /** Events emitted but not yet pushed, per execution, and the timer that will push them. */
  const pending = new Map<ExecutionId, HistoryEvent[]>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const push = (message: Push) => {
    for (const listener of [...listeners]) {
      try {
        listener(message);
      } catch {
        // A failing listener (a closed connection) must not stop the others or the execution.
      }
    }
  };
  const flush = (only?: ExecutionId, status: StoredExecutionStatus = 'RUNNING') => {
    for (const [executionId, events] of pending) {
      if (only !== undefined && executionId !== only) continue;
      pending.delete(executionId);
      for (let i = 0; i < events.length; i += maxBatch) {
        push({ type: 'execution.eventsAppended', payload: { executionId, events: events.slice(i, i + maxBatch), status: only === undefined ? 'RUNNING' : status } });
      }
    }
    if (pending.size === 0 && timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    push,
    addEvent(executionId, event) {
      let batch = pending.get(executionId);
      if (!batch) pending.set(executionId, (batch = []));
      batch.push(event);
      if (batch.length >= maxBatch) flush(executionId);
      else if (timer === undefined) {
        timer = setTimeout(() => {
          timer = undefined;
          flush();
        }, flushIntervalMs);
      }
    },
    flush,
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
