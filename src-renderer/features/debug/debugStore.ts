import type { ExecutionId } from '@common/contract/api';
import type { StepscopeClient } from '@common/contract/client';
import type { DebugSnapshot } from '@common/debug/debugSession';

/**
 * The renderer's mirror of each debugged execution's run-control machine: the snapshots the
 * service pushes (`debug.changed`), for `useSyncExternalStore`. The machine runs in the service;
 * the UI only sends it commands (`debug.*` calls) and shows what comes back, never flipping
 * state of its own. Snapshots are replaced, never mutated.
 */
export class DebugStore {
  private readonly snapshots = new Map<ExecutionId, DebugSnapshot>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly client: StepscopeClient) {}

  /** Starts listening to pushes; returns the disposer. */
  connect(): () => void {
    return this.client.onPush('debug.changed', ({ executionId, snapshot }) => this.set(executionId, snapshot));
  }

  /** Subscribes to every change; returns the disposer. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The latest snapshot of a debugged execution (undefined: not debugged, or nothing heard yet). */
  get(executionId: ExecutionId | undefined): DebugSnapshot | undefined {
    return executionId === undefined ? undefined : this.snapshots.get(executionId);
  }

  /** Records a snapshot a call answered (it may be newer than the last push). */
  set(executionId: ExecutionId, snapshot: DebugSnapshot): void {
    this.snapshots.set(executionId, snapshot);
    for (const listener of [...this.listeners]) listener();
  }

  /** Reads the snapshot of an execution that may be debugged (after a reload, or a missed push). */
  async refresh(executionId: ExecutionId): Promise<void> {
    try {
      const { snapshot } = await this.client['debug.get']({ executionId });
      this.set(executionId, snapshot);
    } catch {
      // Not debugged: nothing to mirror.
    }
  }
}
