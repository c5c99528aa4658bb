import type { ExecutionDetail, ExecutionId, ExecutionSummary } from '@common/contract/api';
import type { HistoryEvent } from '@common/history/events';
import type { StepscopeClient } from '../../api';

/** What the store knows about one execution. */
export interface ExecutionSnapshot {
  summary?: ExecutionSummary;
  /** The stored execution (output, error, cause), read once it has stopped. */
  detail?: ExecutionDetail;
  events: HistoryEvent[];
  /** The last read failed; the message says why. */
  error?: string;
}

const EMPTY: ExecutionSnapshot = { events: [] };
/** Events per `executions.events` read while catching up (the contract's maximum). */
const FILL_PAGE = 5000;

/**
 * Executions' events as they arrive, for `useSyncExternalStore`. Pushes may come before the
 * `executions.start` answer, or may have been missed before the push stream was open, so the
 * store keeps every execution's events, appends only the next ids, and fills any gap by reading
 * `executions.events`. Snapshots are replaced, never mutated, so React sees each change.
 */
export class ExecutionStore {
  private readonly executions = new Map<ExecutionId, ExecutionSnapshot>();
  private readonly listeners = new Set<() => void>();
  private readonly filling = new Set<ExecutionId>();
  private readonly refill = new Set<ExecutionId>();

  constructor(private readonly client: StepscopeClient) {}

  /** Starts listening to pushes; returns the disposer. */
  connect(): () => void {
    const offEvents = this.client.onPush('execution.eventsAppended', ({ executionId, events }) => this.append(executionId, events));
    const offStatus = this.client.onPush('execution.statusChanged', ({ execution }) => {
      const known = this.executions.has(execution.executionId);
      this.set(execution.executionId, { ...this.get(execution.executionId), summary: execution });
      // An execution first heard of as stopped (an import, here or by another process writing the
      // same database) is read when it is opened (`track`): an import of many must not read them all.
      if (execution.status !== 'RUNNING' && known) void this.fill(execution.executionId);
    });
    return () => {
      offEvents();
      offStatus();
    };
  }

  /** Subscribes to every change; returns the disposer. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The current snapshot of one execution (a stable object until it changes). */
  get(executionId: ExecutionId | undefined): ExecutionSnapshot {
    return (executionId && this.executions.get(executionId)) || EMPTY;
  }

  /** Records an execution the UI just started, and reads whatever events it missed. */
  track(summary: ExecutionSummary): void {
    const current = this.get(summary.executionId);
    this.set(summary.executionId, { ...current, summary: current.summary && current.summary.status !== 'RUNNING' ? current.summary : summary });
    void this.fill(summary.executionId);
  }

  private set(executionId: ExecutionId, snapshot: ExecutionSnapshot): void {
    this.executions.set(executionId, snapshot);
    for (const listener of [...this.listeners]) listener();
  }

  private append(executionId: ExecutionId, events: readonly HistoryEvent[]): void {
    const current = this.get(executionId);
    const lastId = current.events.length > 0 ? current.events[current.events.length - 1].id : 0;
    const fresh = events.filter((e) => e.id > lastId);
    if (fresh.length === 0) return;
    if (fresh[0].id !== lastId + 1) {
      void this.fill(executionId);
      return;
    }
    this.set(executionId, { ...current, events: [...current.events, ...fresh] });
  }

  /**
   * Reads events after the last one known, page by page, until the end, and publishes them at
   * once: a 25,000-event history makes one snapshot, not 25 (each would re-project every view).
   * Pushes that arrive meanwhile and do not follow the published events are read again after.
   */
  private async fill(executionId: ExecutionId): Promise<void> {
    if (this.filling.has(executionId)) {
      this.refill.add(executionId);
      return;
    }
    this.filling.add(executionId);
    try {
      do {
        this.refill.delete(executionId);
        const read: HistoryEvent[] = [];
        for (;;) {
          const current = this.get(executionId);
          const known = read.length > 0 ? read[read.length - 1].id : current.events.length > 0 ? current.events[current.events.length - 1].id : 0;
          const page = await this.client['executions.events']({ executionId, after: known, limit: FILL_PAGE });
          read.push(...page.events);
          if (page.nextAfter === undefined) break;
        }
        this.append(executionId, read);
        const detail = await this.client['executions.get']({ executionId });
        const latest = this.get(executionId);
        // A push may have brought a newer status meanwhile; a stopped status never goes back to RUNNING.
        const summary = latest.summary && latest.summary.status !== 'RUNNING' ? latest.summary : detail;
        this.set(executionId, { ...latest, summary, ...(detail.status !== 'RUNNING' ? { detail } : {}) });
        // A push that arrived while `executions.get` was on its way (e.g. the run just stopped) asks
        // for another round, so the detail (output, error) of a stopped run is never missed.
      } while (this.refill.has(executionId));
    } catch (error) {
      this.set(executionId, { ...this.get(executionId), error: error instanceof Error ? error.message : String(error) });
    } finally {
      this.filling.delete(executionId);
      this.refill.delete(executionId);
    }
  }
}
