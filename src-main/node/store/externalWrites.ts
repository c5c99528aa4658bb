import type { HistoryEvent } from '../../common/history/events';
import type { ExecutionRecord } from './records';
import type { ExecutionStore } from './store';

/** What other processes changed in the store since the last look (see {@link ExternalWriteWatcher}). */
export interface ExternalWrites {
  /** Executions another process stored (an import, a run, a fork), oldest first. */
  added: ExecutionRecord[];
  /**
   * Executions another process is recording, each with the events it stored since the last look
   * (in id order, following those reported before) and its record after them. One whose status is
   * no longer RUNNING is reported a last time, with all its remaining events, and then no longer followed.
   */
  progressed: { record: ExecutionRecord; events: HistoryEvent[] }[];
  /** How many executions are gone (another process removed them: `stepscope rm`). */
  removed: number;
}

/** Options of {@link ExternalWriteWatcher}. */
export interface ExternalWriteWatcherOptions {
  /** Most events read per followed execution per look; the rest are read at the next look. Default 5000. */
  pageSize?: number;
}

/**
 * Notices what other processes write to the store's file (`stepscope import`, `stepscope run`,
 * another `stepscope serve`), so that a running app shows it without a reload.
 *
 * A look is cheap when nothing changed: SQLite's `PRAGMA data_version` on the store's connection
 * changes only when another connection committed. Then the watcher reads, in one read transaction,
 * the executions stored after the last one it knows, the events of the executions it follows
 * (local runs another process is recording), and the number of executions. Executions this store
 * object created itself (its recordings and imports, see `ExecutionStore.rememberCreated`) are not
 * reported: whoever created them already tells about them. Its own writer thread is another
 * connection, so its commits also change `data_version`; they cost one look and report nothing.
 *
 * Known limit: when another process removes the newest execution and then stores a new one, SQLite
 * may give the new one the removed one's id; it is then reported as neither added nor removed.
 */
export class ExternalWriteWatcher {
  private readonly store: ExecutionStore;
  private readonly pageSize: number;
  private version: number;
  /** The highest execution id looked at. */
  private lastId: number;
  /** How many executions there were at the last look. */
  private count: number;
  /** Executions another process is recording: the last event id reported of each. */
  private readonly following = new Map<number, number>();
  /** A followed execution had more events than one page: look again even if nothing was committed since. */
  private more = false;

  constructor(store: ExecutionStore, options: ExternalWriteWatcherOptions = {}) {
    this.store = store;
    this.pageSize = options.pageSize ?? 5000;
    store.rememberCreated();
    this.version = this.dataVersion();
    const { lastId, count } = this.totals();
    this.lastId = lastId;
    this.count = count;
    // Runs another process was recording before this watcher started are followed from their first event.
    const running = store.db.prepare("SELECT id FROM executions WHERE status = 'RUNNING' AND origin = 'local' AND (writer_pid IS NULL OR writer_pid <> ?)").all(process.pid) as { id: number }[];
    for (const { id } of running) this.following.set(id, 0);
    this.more = this.following.size > 0;
  }

  /** The ids of the executions being followed (tests). */
  followed(): number[] {
    return [...this.following.keys()];
  }

  /**
   * Looks for other processes' writes: undefined when nothing was committed by another connection
   * since the last look (one PRAGMA), else what changed (possibly nothing this store's readers care about).
   */
  check(): ExternalWrites | undefined {
    const version = this.dataVersion();
    if (version === this.version && !this.more) return undefined;
    this.version = version;
    const db = this.store.db;
    return db.transaction(() => {
      const changes: ExternalWrites = { added: [], progressed: [], removed: 0 };
      const fresh = db.prepare('SELECT id FROM executions WHERE id > ? ORDER BY id').raw(true).all(this.lastId) as [number][];
      for (const [id] of fresh) {
        this.lastId = id;
        if (this.store.takeCreatedHere(id)) continue;
        const record = this.store.getExecution(id);
        if (!record) continue;
        changes.added.push(record);
        if (record.status === 'RUNNING' && record.origin === 'local') this.following.set(id, 0);
      }
      this.more = false;
      for (const [id, after] of [...this.following]) {
        // The record before the events: a status read after them could be the end of events not read yet.
        const record = this.store.getExecution(id);
        if (!record) {
          this.following.delete(id);
          continue;
        }
        const events = this.store.loadEventPage(id, after, this.pageSize);
        const full = events.length === this.pageSize;
        if (full) this.more = true;
        const stopped = record.status !== 'RUNNING' && !full;
        if (events.length > 0) this.following.set(id, events[events.length - 1].id);
        if (stopped) this.following.delete(id);
        if (events.length > 0 || stopped) changes.progressed.push({ record: full ? { ...record, status: 'RUNNING' } : record, events });
      }
      const { count } = this.totals();
      changes.removed = Math.max(0, this.count + fresh.length - count);
      this.count = count;
      return changes;
    })();
  }

  private dataVersion(): number {
    return this.store.db.pragma('data_version', { simple: true }) as number;
  }

  private totals(): { lastId: number; count: number } {
    const row = this.store.db.prepare('SELECT coalesce(max(id), 0) AS lastId, count(*) AS count FROM executions').get() as { lastId: number; count: number };
    return row;
  }
}
