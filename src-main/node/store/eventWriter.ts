import type Database from 'better-sqlite3';
import type { HistoryEvent } from '../../common/history/events';
import { createStateAttributor, type StateAttributor } from '../../common/history/placement';
import { eventDetailsText, forEachEventRow, parseEventBatches, type EventBatchText, type EventRow } from './eventBatch';
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

/**
 * What a recording sends to the writer, in order: batches of events, as their text (what
 * recordings send, see eventBatch.ts) or as objects, then the finish.
 */
export type WriterMessage =
  | { kind: 'batch'; executionId: number; text: EventBatchText; count: number }
  | { kind: 'events'; executionId: number; events: HistoryEvent[] }
  | { kind: 'finish'; executionId: number; update: FinishUpdate; ticket: number };

export { eventDetailsText } from './eventBatch';

/** A history being written: its events in order, as batch texts and/or objects. */
interface KeptHistory {
  parts: (EventBatchText | HistoryEvent[])[];
  count: number;
}

function keptEvents(kept: KeptHistory): HistoryEvent[] {
  if (kept.parts.length === 1 && typeof kept.parts[0] !== 'string') return kept.parts[0];
  const events: HistoryEvent[] = [];
  for (const part of kept.parts) {
    const list = typeof part === 'string' ? parseEventBatches([part]) : part;
    for (let i = 0; i < list.length; i++) events.push(list[i]);
  }
  return events;
}

/**
 * Fewest events of a finished history that gets a fast-loading snapshot (history_snapshots).
 * Smaller ones load from their rows in a few milliseconds anyway, and a Distributed Map's
 * thousands of small children would spend as much time on snapshots as on their events.
 */
export const SNAPSHOT_MIN_EVENTS = 1_000;

/**
 * Writes recorded events: each call to {@link EventBatchWriter.write} is one transaction, so a
 * crash loses at most the group being written and never leaves a partial one. Used in the writer
 * worker thread and, where no worker is available, in the recording thread itself.
 */
export class EventBatchWriter {
  private readonly insert: Database.Statement;
  private readonly finishStatement: Database.Statement;
  private readonly attributors = new Map<number, StateAttributor>();
  private readonly kept = new Map<number, KeptHistory>();
  private readonly snapshotStatement: Database.Statement;
  private finishedHistories: { executionId: number; kept: KeptHistory }[] = [];
  private readonly snapshotTransaction: Database.Transaction<(histories: { executionId: number; kept: KeptHistory }[]) => void>;
  private readonly transaction: Database.Transaction<(messages: WriterMessage[]) => number>;
  private rowExecutionId = 0;
  private readonly insertRow: (r: EventRow) => void;

  constructor(db: Database.Database) {
    const insert = db.prepare(
      'INSERT INTO events (execution_id, id, previous_event_id, type, timestamp, state_name, details) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.insert = insert;
    this.insertRow = (r) => {
      insert.run(this.rowExecutionId, r.id, r.previousEventId, r.type, r.timestamp, r.stateName, r.details);
    };
    this.finishStatement = db.prepare(
      `UPDATE executions SET status = @status, name = coalesce(@name, name), arn = coalesce(@arn, arn), output = @output,
         error = @error, cause = @cause, stop_date = @stopDate, writer_pid = NULL,
         event_count = coalesce(@count, (SELECT count(*) FROM events WHERE execution_id = @id))
       WHERE id = @id`,
    );
    this.snapshotStatement = db.prepare('INSERT OR REPLACE INTO history_snapshots (execution_id, event_count, skeleton, payloads) VALUES (?, ?, ?, ?)');
    this.snapshotTransaction = db.transaction((histories: { executionId: number; kept: KeptHistory }[]) => {
      for (const h of histories) this.writeSnapshot(h.executionId, keptEvents(h.kept));
    });
    this.transaction = db.transaction((messages: WriterMessage[]) => {
      let written = 0;
      for (const message of messages) {
        if (message.kind === 'batch') written += this.insertBatch(message.executionId, message.text);
        else if (message.kind === 'events') written += this.insertEvents(message.executionId, message.events);
        else {
          const u = message.update;
          const kept = this.kept.get(message.executionId);
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
            count: kept?.count ?? null,
          });
          if (kept && kept.count >= SNAPSHOT_MIN_EVENTS) this.finishedHistories.push({ executionId: message.executionId, kept });
          this.attributors.delete(message.executionId);
          this.kept.delete(message.executionId);
        }
      }
      return written;
    });
  }

  private keep(executionId: number, part: EventBatchText | HistoryEvent[], count: number): void {
    const kept = this.kept.get(executionId);
    if (kept) {
      kept.parts.push(part);
      kept.count += count;
    } else this.kept.set(executionId, { parts: [part], count });
  }

  /** Inserts a batch text (state names already in it). */
  private insertBatch(executionId: number, text: EventBatchText): number {
    this.rowExecutionId = executionId;
    const count = forEachEventRow(text, this.insertRow);
    this.keep(executionId, text, count);
    return count;
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
    this.keep(executionId, events.slice(), events.length);
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
    const kept = this.kept.get(executionId);
    if (kept) this.writeSnapshot(executionId, keptEvents(kept));
    this.kept.delete(executionId);
    this.attributors.delete(executionId);
  }

  /** True when finished histories wait for {@link writeFinishedSnapshots}. */
  get hasFinishedSnapshots(): boolean {
    return this.finishedHistories.length > 0;
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
