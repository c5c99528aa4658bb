import { describe, expect, it } from 'vitest';
import type { ExecutionSummary } from '../../../../src-main/common/contract/api';
import type { PushName, PushPayloads } from '../../../../src-main/common/contract/events';
import type { HistoryEvent } from '../../../../src-main/common/history/events';
import type { StepscopeClient } from '../../../../src-renderer/api/createClient';
import { ExecutionStore } from '../../../../src-renderer/features/executions/executionStore';

/** A client whose pushes the test sends, counting the reads the store makes. */
function fakeClient(events: Record<string, HistoryEvent[]>) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const reads: string[] = [];
  const summary = (executionId: string, status: ExecutionSummary['status']): ExecutionSummary =>
    ({ executionId, name: `n${executionId}`, stateMachineName: 'M', status, startDate: '2025-01-01T00:00:00.000Z', eventCount: events[executionId]?.length ?? 0, origin: 'import' }) as ExecutionSummary;
  const client = {
    onPush<K extends PushName>(name: K, listener: (payload: PushPayloads[K]) => void) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    'executions.events': async ({ executionId, after }: { executionId: string; after: number }) => {
      reads.push(executionId);
      return { events: (events[executionId] ?? []).filter((e) => e.id > after) };
    },
    'executions.get': async ({ executionId }: { executionId: string }) => ({ ...summary(executionId, 'SUCCEEDED'), executionArn: 'arn', definitionText: '{}', input: {} }),
  } as unknown as StepscopeClient;
  const push = <K extends PushName>(name: K, payload: PushPayloads[K]) => {
    for (const listener of listeners.get(name) ?? []) listener(payload);
  };
  return { client, push, reads, summary };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const event = (id: number): HistoryEvent => ({ id, previousEventId: id - 1, type: 'PassStateEntered', timestamp: '2025-01-01T00:00:00.000Z' }) as HistoryEvent;

describe('ExecutionStore', () => {
  it('does not read the history of an execution first heard of as stopped (an import) until it is opened', async () => {
    const { client, push, reads, summary } = fakeClient({ '1': [event(1), event(2)] });
    const store = new ExecutionStore(client);
    store.connect();
    push('execution.statusChanged', { execution: summary('1', 'SUCCEEDED') });
    await settle();
    expect(reads).toEqual([]);
    expect(store.get('1' as never).summary?.status).toBe('SUCCEEDED');
    store.track(summary('1', 'SUCCEEDED'));
    await settle();
    expect(reads).toEqual(['1']);
    expect(store.get('1' as never).events.map((e) => e.id)).toEqual([1, 2]);
  });

  it('reads the rest of a run it saw start once it stops', async () => {
    const { client, push, reads, summary } = fakeClient({ '2': [event(1), event(2), event(3)] });
    const store = new ExecutionStore(client);
    store.connect();
    push('execution.statusChanged', { execution: summary('2', 'RUNNING') });
    push('execution.eventsAppended', { executionId: '2' as never, events: [event(1)], status: 'RUNNING' });
    push('execution.statusChanged', { execution: summary('2', 'SUCCEEDED') });
    await settle();
    await settle();
    expect(reads).toContain('2');
    expect(store.get('2' as never).events.map((e) => e.id)).toEqual([1, 2, 3]);
  });
});
