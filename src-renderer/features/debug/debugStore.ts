import type { DebugState, ExecutionId } from '@common/contract/api';
import type { DebugSnapshot } from '@common/debug/debugSession';
import type { StepscopeClient } from '../../api';

/**
 * The renderer's mirror of each debugged execution's run-control machine: the snapshots the
 * service pushes (`debug.changed`), for `useSyncExternalStore`. The machine runs in the service;
 * the UI only sends it commands (`debug.*` calls) and shows what comes back, never flipping
 * state of its own. Snapshots are replaced, never mutated.
 */
export class DebugStore {
  private readonly snapshots = new Map<ExecutionId, DebugSnapshot>();
  private readonly versions = new Map<ExecutionId, number>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly client: StepscopeClient) {}

  /** Starts listening to pushes; returns the disposer. */
  connect(): () => void {
    return this.client.onPush('debug.changed', (state) => this.set(state));
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

  /** Records a snapshot pushed or answered by a call, unless a newer one is already known (pushes and answers may cross). */
  set({ executionId, snapshot, version }: DebugState): void {
    if ((this.versions.get(executionId) ?? 0) >= version) return;
    this.versions.set(executionId, version);
    this.snapshots.set(executionId, snapshot);
    for (const listener of [...this.listeners]) listener();
  }

  /**
   * Asks whether an execution is under the debugger and records its snapshot if so; true when it
   * is. (Unlike `refresh`, asking about a run that is not debugged is no error.)
   */
  async find(executionId: ExecutionId): Promise<boolean> {
    try {
      const state = await this.client['debug.find']({ executionId });
      if (state === null) return false;
      this.set(state);
      return true;
    } catch {
      return false;
    }
  }

  /** Reads the snapshot of an execution that may be debugged (after a reload, or a missed push). */
  async refresh(executionId: ExecutionId): Promise<void> {
    try {
      this.set(await this.client['debug.get']({ executionId }));
    } catch {
      // Not debugged: nothing to mirror.
    }
  }
}
