import type { ExecutionDetail, ExecutionId, ExecutionSummary } from '../../common/contract/api';
import type { HistoryEvent } from '../../common/history/events';

/**
 * Where the service keeps executions and their events. The SQLite store (node/store) will
 * implement this; until it does, `createMemoryRepository` keeps them for the life of the process.
 */
export interface ExecutionRepository {
  /** Records a new execution (with `eventCount` 0 and no events). */
  insert(execution: ExecutionDetail): void;
  /** Appends events, in id order, to an execution; `eventCount` grows by their number. */
  appendEvents(executionId: ExecutionId, events: readonly HistoryEvent[]): void;
  /** Changes an execution's stored facts (its status when it stops, output, error, cause). */
  update(executionId: ExecutionId, patch: ExecutionPatch): void;
  /** One execution, or undefined. */
  get(executionId: ExecutionId): ExecutionDetail | undefined;
  /** Executions, newest first (most recently inserted first), at most `limit`. */
  list(limit: number): ExecutionSummary[];
  /** Events with id > `after`, in id order, at most `limit`; undefined for an unknown execution. */
  events(executionId: ExecutionId, after: number, limit: number): HistoryEvent[] | undefined;
}

/** What `ExecutionRepository.update` may change. */
export type ExecutionPatch = Partial<Pick<ExecutionDetail, 'status' | 'stopDate' | 'output' | 'error' | 'cause' | 'executionArn'>>;

/** The summary part of a detail record (what lists show). */
export function toSummary(detail: ExecutionDetail): ExecutionSummary {
  const summary: ExecutionSummary = {
    executionId: detail.executionId,
    name: detail.name,
    stateMachineName: detail.stateMachineName,
    status: detail.status,
    startDate: detail.startDate,
    eventCount: detail.eventCount,
    origin: detail.origin,
  };
  if (detail.stopDate !== undefined) summary.stopDate = detail.stopDate;
  return summary;
}

/**
 * An in-memory `ExecutionRepository`. Events are kept in id order; since the engine numbers
 * events 1, 2, 3, ..., an event's index is its id - 1, and a page is a slice.
 */
export function createMemoryRepository(): ExecutionRepository {
  const executions = new Map<ExecutionId, { detail: ExecutionDetail; events: HistoryEvent[] }>();
  const order: ExecutionId[] = [];
  const entry = (id: ExecutionId) => {
    const found = executions.get(id);
    if (!found) throw new Error(`No execution ${id} in the repository`);
    return found;
  };
  return {
    insert(execution) {
      if (executions.has(execution.executionId)) throw new Error(`Execution ${execution.executionId} already exists`);
      executions.set(execution.executionId, { detail: { ...execution, eventCount: 0 }, events: [] });
      order.push(execution.executionId);
    },
    appendEvents(executionId, events) {
      const e = entry(executionId);
      e.events.push(...events);
      e.detail.eventCount = e.events.length;
    },
    update(executionId, patch) {
      const e = entry(executionId);
      e.detail = { ...e.detail, ...patch };
    },
    get(executionId) {
      const e = executions.get(executionId);
      return e ? { ...e.detail } : undefined;
    },
    list(limit) {
      const out: ExecutionSummary[] = [];
      for (let i = order.length - 1; i >= 0 && out.length < limit; i--) out.push(toSummary(entry(order[i]).detail));
      return out;
    },
    events(executionId, after, limit) {
      const e = executions.get(executionId);
      if (!e) return undefined;
      // Ids are dense from 1, but stay correct if they are not: find the first id > after.
      let start = Math.min(after, e.events.length);
      while (start > 0 && e.events[start - 1].id > after) start--;
      while (start < e.events.length && e.events[start].id <= after) start++;
      return e.events.slice(start, start + limit);
    },
  };
}
