import type { WaitingTask } from '@common/contract/api';
import type { StepscopeClient } from '../../api';

const NONE: readonly WaitingTask[] = [];

/**
 * The Tasks waiting for a task token, kept up to date from `tasks.changed` pushes (and read once
 * with `tasks.list` when it connects), for `useSyncExternalStore`.
 */
export class WaitingTasks {
  private waiting: readonly WaitingTask[] = NONE;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly client: StepscopeClient) {}

  /** Starts listening; returns the disposer. */
  connect(): () => void {
    let live = true;
    const off = this.client.onPush('tasks.changed', ({ waiting }) => this.set(waiting));
    this.client['tasks.list']({})
      .then((waiting) => live && this.set(waiting))
      .catch(() => undefined);
    return () => {
      live = false;
      off();
    };
  }

  /** Subscribes to changes; returns the disposer. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Every waiting task, oldest first (a stable array until it changes). */
  all = (): readonly WaitingTask[] => this.waiting;

  private set(waiting: readonly WaitingTask[]): void {
    this.waiting = waiting.length === 0 ? NONE : waiting;
    for (const listener of [...this.listeners]) listener();
  }
}
