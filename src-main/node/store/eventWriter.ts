import type Database from 'better-sqlite3';
import type { HistoryEvent } from '../../common/history/events';
import { createStateAttributor, type StateAttributor } from '../../common/history/stateAttribution';
import { encodeHistorySnapshot } from './historySnapshot';

/** How an execution ended, as written when its recording finishes. */
export interface FinishUpdate {
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'INTERRUPTED';
  /** The execution's name and ARN, when only the engine knew them at the start. */
  name?: string;
  arn?: string;
  output: string | null;
  error: string | null;
  cause: string | null;
  stopDate: number | null;
}

/** What a recording sends to the writer, in order. */
export type WriterMessage =
  | { kind: 'events'; executionId: number; events: HistoryEvent[] }
  | { kind: 'finish'; executionId: number; update: FinishUpdate; ticket: number };

/**
 * The JSON text of an event's members other than id, previousEventId, type and timestamp (its
 * `*EventDetails`), or null when it has none. Built by hand to avoid copying the event.
 */
export function eventDetailsText(event: HistoryEvent): string | null {
  let out: string | null = null;
  for (const key in event) {
    if (key === 'id' || key === 'previousEventId' || key === 'type' || key === 'timestamp') continue;
    const value = event[key];
    if (value === undefined) continue;
    const member = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
    out = out === null ? `{${member}` : `${out},${member}`;
  }
  return out === null ? null : `${out}}`;
}

/**
 * Writes recorded events: each call to {@link EventBatchWriter.write} is one transaction, so a
 * crash loses at most the group being written and never leaves a partial one. Used in the writer
 * worker thread and, where no worker is available, in the recording thread itself.
 */
export class EventBatchWriter {
  private readonly insert: Database.Statement;
  private readonly finishStatement: Database.Statement;
  private readonly attributors = new Map<number, StateAttributor>();
  private readonly kept = new Map<number, HistoryEvent[]>();
  private readonly snapshotStatement: Database.Statement;
  private finishedHistories: { executionId: number; events: HistoryEvent[] }[] = [];
  private readonly snapshotTransaction: Database.Transaction<(histories: { executionId: number; events: HistoryEvent[] }[]) => void>;
  private readonly transaction: Database.Transaction<(messages: WriterMessage[]) => number>;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO events (execution_id, id, previous_event_id, type, timestamp, state_name, details) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.finishStatement = db.prepare(
      `UPDATE executions SET status = @status, name = coalesce(@name, name), arn = coalesce(@arn, arn), output = @output,
         error = @error, cause = @cause, stop_date = @stopDate, writer_pid = NULL,
         event_count = coalesce(@count, (SELECT count(*) FROM events WHERE execution_id = @id))
       WHERE id = @id`,
    );
    this.snapshotStatement = db.prepare('INSERT OR REPLACE INTO history_snapshots (execution_id, event_count, skeleton, payloads) VALUES (?, ?, ?, ?)');
    this.snapshotTransaction = db.transaction((histories: { executionId: number; events: HistoryEvent[] }[]) => {
      for (const h of histories) this.writeSnapshot(h.executionId, h.events);
    });
    this.transaction = db.transaction((messages: WriterMessage[]) => {
      let written = 0;
      for (const message of messages) {
        if (message.kind === 'events') written += this.insertEvents(message.executionId, message.events);
        else {
          const u = message.update;
          this.finishStatement.run({
            id: message.executionId,
            status: u.status,
            name: u.name ?? null,
            arn: u.arn ?? null,
            output: u.output,
            error: u.error,
            cause: u.cause,
            stopDate: u.stopDate,
            // This writer saw every event of a recording it started; else count them.
            count: this.kept.get(message.executionId)?.length ?? null,
          });
          const events = this.kept.get(message.executionId);
          if (events) this.finishedHistories.push({ executionId: message.executionId, events });
          this.attributors.delete(message.executionId);
          this.kept.delete(message.executionId);
        }
      }
      return written;
    });
  }

  private insertEvents(executionId: number, events: HistoryEvent[]): number {
    let attributor = this.attributors.get(executionId);
    if (!attributor) {
      attributor = createStateAttributor();
      this.attributors.set(executionId, attributor);
    }
    const insert = this.insert;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      insert.run(executionId, e.id, e.previousEventId, e.type, e.timestamp, attributor.stateOf(e), eventDetailsText(e));
    }
    const kept = this.kept.get(executionId);
    if (kept) for (let i = 0; i < events.length; i++) kept.push(events[i]);
    else this.kept.set(executionId, events.slice());
    return events.length;
  }

  /** Stores the fast-loading copy of a finished history (see historySnapshot.ts). */
  writeSnapshot(executionId: number, events: readonly HistoryEvent[]): void {
    const snapshot = encodeHistorySnapshot(events);
    if (snapshot) this.snapshotStatement.run(executionId, events.length, snapshot.skeleton, snapshot.payloads);
  }

  /** Writes one execution's complete history (an import): events and snapshot, in the caller's transaction. */
  writeHistory(executionId: number, events: HistoryEvent[]): void {
    this.insertEvents(executionId, events);
  }

  /** Ends an imported history: writes its snapshot and forgets it. */
  endHistory(executionId: number): void {
    const events = this.kept.get(executionId);
    if (events) this.writeSnapshot(executionId, events);
    this.kept.delete(executionId);
    this.attributors.delete(executionId);
  }

  /**
   * Writes the fast-loading snapshots of the histories finished so far, in a transaction of their
   * own: called after the finish has been acknowledged, since they are only a derived copy.
   */
  writeFinishedSnapshots(): void {
    if (this.finishedHistories.length === 0) return;
    const histories = this.finishedHistories;
    this.finishedHistories = [];
    this.snapshotTransaction.immediate(histories);
  }

  /** Writes a group of messages in one transaction; returns the number of events written. */
  write(messages: WriterMessage[]): number {
    // IMMEDIATE: take the write lock up front (waiting for it), never fail upgrading a read.
    return this.transaction.immediate(messages);
  }
}
