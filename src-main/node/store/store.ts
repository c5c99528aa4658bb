import type Database from 'better-sqlite3';
import { parse as parseYaml } from 'yaml';
import type { HistoryEvent, HistoryEventType } from '../../common/history/events';
import type { ExecutionBundle, ImportedExecution } from '../../common/history/historyImport';
import { BUNDLE_FORMAT_VERSION } from '../../common/history/historyImport';
import type { Json, JsonObject } from '../../common/json';
import { isBusyError, migrate, openConnection, retryWhileBusy, writeTransaction, type DatabaseOptions } from './database';
import { EventBatchWriter } from './eventWriter';
import { decodeHistorySnapshot } from './historySnapshot';
import { mapRunChildCounts, mapRunChildPage, type MapRunAttempt, type MapRunChildCounts, type MapRunChildPageQuery } from './mapRunChildren';
import {
  executionFromRow,
  type BreakpointRecord,
  type NewBreakpointRecord,
  type DefinitionRecord,
  type ExecutionRecord,
  type ExecutionRow,
  type MockConfigRecord,
  type ParentKind,
  type RecentFileRecord,
  type StateMachineRecord,
  type StoredStatus,
} from './records';
import { createInlineTarget, ExecutionRecording, findWriterWorkerScript, WriterThread, type EventWriterTarget, type RecordingTuning } from './recording';

/** How to open the store. */
export interface OpenStoreOptions extends DatabaseOptions {
  /**
   * The writer thread's script (dist/storeWriter.mjs). Default: the one next to this bundle when
   * it exists; `false` writes events in the calling thread.
   */
  writerWorker?: string | URL | false;
  /** Mark local executions left RUNNING by a dead process as INTERRUPTED. Default true. */
  recover?: boolean;
  /** Clock for created_at columns (tests). Default Date.now. */
  now?: () => number;
}

/** What a new recording is about. */
export interface StartRecordingOptions {
  stateMachine: { name: string; arn: string; type?: 'STANDARD' | 'EXPRESS' };
  definition: { text: string; format: 'json' | 'yaml'; sourcePath?: string };
  /** The execution's name and ARN when known before the run (else set when it finishes). */
  name?: string;
  arn?: string;
  /** JSON text of the input. */
  input: string;
  startDate: number;
  seed?: number;
  mockConfig?: { content: Json; sourcePath?: string };
  testCase?: string;
  parentId?: number;
  parentEventId?: number;
  /** How it relates to `parentId` (required with it: the store no longer infers it). */
  parentKind?: ParentKind;
  /** A Map Run child: its index in the Map Run (its item, or its batch). */
  itemIndex?: number;
  /** A Map Run child of a batched Map: the items of its batch. */
  batch?: { first: number; count: number };
  /** A redrive: what it kept of its failed Parallel or Map (RedrivePreserved), stored as JSON text. */
  redrivePreserved?: Json;
}

/** Filters of {@link ExecutionStore.listExecutions}. */
export interface ExecutionFilter {
  status?: StoredStatus;
  /** State machine name (or ARN). */
  stateMachine?: string;
  parentId?: number;
  /** With `parentId`: only executions linked to this event of the parent (a Map Run's MapRunStarted). */
  parentEventId?: number;
  /**
   * Without `parentId`: leave out child executions (mapRun/startExecution links), keeping fresh
   * runs, imports, forks and redrives (the start screen's list).
   */
  withoutChildren?: boolean;
  /** Count each listed execution's child executions (ExecutionRecord.childCount). */
  countChildren?: boolean;
  /** Leave out attempts that were redriven (a redrive is stored as a row of its own): one row per execution. */
  latestAttempts?: boolean;
  limit?: number;
  /** With `limit`: skip this many first (a later page). */
  offset?: number;
}

/** Progress of a long import: events stored so far out of the total. */
export type ImportProgress = (done: number, total: number) => void;

/** How an imported execution is linked to another of the same import (`stepscope pull --children`: a Map Run child to its parent). */
export interface ImportLink {
  /** The parent's index in the imported list (an earlier one). */
  parentIndex: number;
  /** The parent's event it hangs from (a Map Run's MapRunStarted). */
  parentEventId: number;
  parentKind: ParentKind;
}

/** The number of child executions of `e` (served by executions_by_parent). */
const CHILD_COUNT = `(SELECT count(*) FROM executions c WHERE c.parent_id = e.id AND c.parent_kind IN ('mapRun', 'startExecution'))`;

const EXECUTION_SELECT = `SELECT e.*, m.name AS state_machine_name FROM executions e JOIN state_machines m ON m.id = e.state_machine_id`;

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * The execution store: one SQLite file holding state machines and every version of their
 * definitions, executions (local runs and imports), their history events, mock configs,
 * breakpoints and recent files. Works in plain Node and in Electron's main process.
 */
export class ExecutionStore {
  readonly path: string;
  readonly db: Database.Database;
  private readonly options: OpenStoreOptions;
  private readonly now: () => number;
  private writerTarget: EventWriterTarget | undefined;
  private writerThread: WriterThread | undefined;
  private readonly loadStatement: Database.Statement;
  private readonly snapshotStatement: Database.Statement;
  private readonly pageStatement: Database.Statement;
  /** Executions this object created (recordings, imports) since {@link rememberCreated}; see externalWrites.ts. */
  private createdHere: Set<number> | undefined;

  constructor(options: OpenStoreOptions) {
    this.options = options;
    this.path = options.path;
    this.now = options.now ?? Date.now;
    this.db = openConnection(options);
    try {
      if (!options.readonly) migrate(this.db, options.path);
      this.snapshotStatement = this.db.prepare(
        `SELECT s.skeleton, s.payloads FROM history_snapshots s JOIN executions e ON e.id = s.execution_id
         WHERE s.execution_id = ? AND s.event_count = e.event_count`,
      );
      this.loadStatement = this.db.prepare('SELECT id, previous_event_id, type, timestamp, details FROM events WHERE execution_id = ? ORDER BY id').raw(true);
      this.pageStatement = this.db
        .prepare('SELECT id, previous_event_id, type, timestamp, details FROM events WHERE execution_id = ? AND id > ? ORDER BY id LIMIT ?')
        .raw(true);
    } catch (error) {
      this.db.close();
      throw error;
    }
    if (!options.readonly && options.recover !== false) this.recoverInterrupted();
  }

  /**
   * Marks local executions left RUNNING by a process that is gone as INTERRUPTED, keeping their
   * events. Takes the write lock only when there is one; when another process keeps the store busy,
   * leaves them for a later start (the opening verb, a reader, need not wait for it).
   */
  recoverInterrupted(): number[] {
    const running = this.db.prepare("SELECT id, writer_pid FROM executions WHERE status = 'RUNNING' AND origin = 'local'").all() as { id: number; writer_pid: number | null }[];
    const dead = running.filter((r) => r.writer_pid === null || !isAlive(r.writer_pid)).map((r) => r.id);
    if (dead.length === 0) return [];
    const mark = this.db.prepare(
      `UPDATE executions SET status = 'INTERRUPTED', writer_pid = NULL,
         error = 'Stepscope.Interrupted', cause = 'The process recording this execution stopped before the execution ended',
         event_count = (SELECT count(*) FROM events WHERE execution_id = @id)
       WHERE id = @id AND status = 'RUNNING'`,
    );
    try {
      this.db.transaction(() => {
        for (const id of dead) mark.run({ id });
      }).immediate();
    } catch (error) {
      if (isBusyError(error)) return [];
      throw error;
    }
    return dead;
  }

  // ---- state machines and definitions

  /** Finds or creates a state machine by ARN; returns its id. */
  saveStateMachine(machine: { name: string; arn: string; type?: 'STANDARD' | 'EXPRESS' }): number {
    return saveStateMachineOn(this.db, { ...machine, type: machine.type ?? 'STANDARD' }, this.now());
  }

  /** Stores a definition as the state machine's next version, unless it equals its latest one. */
  saveDefinition(stateMachineId: number, definition: { text: string; format: 'json' | 'yaml'; reconstructed?: boolean; sourcePath?: string }): { id: number; version: number } {
    return saveDefinitionOn(this.db, stateMachineId, { ...definition, reconstructed: definition.reconstructed === true }, this.now());
  }

  /** Every state machine, by name. */
  listStateMachines(): StateMachineRecord[] {
    const rows = this.db.prepare('SELECT * FROM state_machines ORDER BY name, id').all() as { id: number; name: string; arn: string; type: 'STANDARD' | 'EXPRESS'; created_at: number }[];
    return rows.map((r) => ({ id: r.id, name: r.name, arn: r.arn, type: r.type, createdAt: r.created_at }));
  }

  /** Every version of a state machine's definition, oldest first. */
  listDefinitions(stateMachineId: number): DefinitionRecord[] {
    const rows = this.db.prepare('SELECT * FROM definitions WHERE state_machine_id = ? ORDER BY version').all(stateMachineId) as DefinitionRow[];
    return rows.map(definitionFromRow);
  }

  /** One definition version. */
  getDefinition(id: number): DefinitionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM definitions WHERE id = ?').get(id) as DefinitionRow | undefined;
    return row ? definitionFromRow(row) : undefined;
  }

  // ---- mock configs

  /** Stores a mock config; returns its id. */
  saveMockConfig(config: { content: Json; sourcePath?: string }): number {
    return Number(
      this.db.prepare('INSERT INTO mock_configs (source_path, content, created_at) VALUES (?, ?, ?)').run(config.sourcePath ?? null, JSON.stringify(config.content), this.now())
        .lastInsertRowid,
    );
  }

  /** A stored mock config. */
  getMockConfig(id: number): MockConfigRecord | undefined {
    const row = this.db.prepare('SELECT * FROM mock_configs WHERE id = ?').get(id) as { id: number; source_path: string | null; content: string; created_at: number } | undefined;
    return row ? { id: row.id, sourcePath: row.source_path, content: JSON.parse(row.content) as Json, createdAt: row.created_at } : undefined;
  }

  // ---- executions

  /** Executions, newest first. */
  listExecutions(filter: ExecutionFilter = {}): ExecutionRecord[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.status !== undefined) {
      where.push('e.status = ?');
      params.push(filter.status);
    }
    if (filter.stateMachine !== undefined) {
      where.push('(m.name = ? OR m.arn = ?)');
      params.push(filter.stateMachine, filter.stateMachine);
    }
    if (filter.parentId !== undefined) {
      where.push('e.parent_id = ?');
      params.push(filter.parentId);
    }
    if (filter.parentEventId !== undefined) {
      // Served by executions_by_parent with parentId: a parent has few linked executions per event.
      where.push('e.parent_event_id = ?');
      params.push(filter.parentEventId);
    }
    if (filter.withoutChildren === true) where.push("(e.parent_kind IS NULL OR e.parent_kind NOT IN ('mapRun', 'startExecution'))");
    if (filter.latestAttempts === true) where.push("NOT EXISTS (SELECT 1 FROM executions r WHERE r.parent_id = e.id AND r.parent_kind = 'redrive')");
    const select = filter.countChildren === true ? `SELECT e.*, m.name AS state_machine_name, ${CHILD_COUNT} AS child_count FROM executions e JOIN state_machines m ON m.id = e.state_machine_id` : EXECUTION_SELECT;
    const sql = `${select}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY e.id DESC${filter.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(filter.limit))}` : ''}${filter.limit !== undefined && filter.offset ? ` OFFSET ${Math.max(0, Math.floor(filter.offset))}` : ''}`;
    return (this.db.prepare(sql).all(...params) as ExecutionRow[]).map(executionFromRow);
  }

  /** A Map Run's children counted by status, in one query (see mapRunChildren.ts; `attempts`: latest first). */
  countMapRunChildren(attempts: readonly MapRunAttempt[]): MapRunChildCounts {
    return mapRunChildCounts(this.db, attempts);
  }

  /** A page of a Map Run's children in item order, optionally of one status (see mapRunChildren.ts). */
  listMapRunChildren(attempts: readonly MapRunAttempt[], query?: MapRunChildPageQuery): ExecutionRecord[] {
    return mapRunChildPage(this.db, attempts, query);
  }

  /** One execution by its store id. */
  getExecution(id: number): ExecutionRecord | undefined {
    const row = this.db.prepare(`${EXECUTION_SELECT} WHERE e.id = ?`).get(id) as ExecutionRow | undefined;
    return row ? executionFromRow(row) : undefined;
  }

  /**
   * Finds an execution from what a user typed: its store id, its ARN, or its name (the most
   * recent one when several executions share it).
   */
  findExecution(reference: string): ExecutionRecord | undefined {
    if (/^\d+$/.test(reference)) {
      const byId = this.getExecution(Number(reference));
      if (byId) return byId;
    }
    const row = this.db.prepare(`${EXECUTION_SELECT} WHERE e.arn = ? OR e.name = ? ORDER BY (e.arn = ?) DESC, e.id DESC LIMIT 1`).get(reference, reference, reference) as
      | ExecutionRow
      | undefined;
    return row ? executionFromRow(row) : undefined;
  }

  /** Deletes an execution with its events and child executions; false when there is none. */
  deleteExecution(id: number): boolean {
    return writeTransaction(this.db, this.path, () => this.db.prepare('DELETE FROM executions WHERE id = ?').run(id).changes > 0);
  }

  /** Deletes executions (with their events and children) in one transaction: all or none. */
  deleteExecutions(ids: readonly number[]): void {
    const remove = this.db.prepare('DELETE FROM executions WHERE id = ?');
    writeTransaction(this.db, this.path, () => {
      for (const id of ids) remove.run(id);
    });
  }

  // ---- events

  /** An execution's history in id order, in GetExecutionHistory's shape. */
  loadEvents(executionId: number): HistoryEvent[] {
    const snapshot = this.snapshotStatement.get(executionId) as { skeleton: string; payloads: string } | undefined;
    if (snapshot) return decodeHistorySnapshot(snapshot);
    return this.loadEventRows(executionId);
  }

  /** An execution's history read event by event from the events table (the truth). */
  loadEventRows(executionId: number): HistoryEvent[] {
    const rows = this.loadStatement.all(executionId) as [number, number, string, string, string | null][];
    const events: HistoryEvent[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) events[i] = eventFromRow(rows[i]);
    return events;
  }

  /**
   * A page of an execution's history: events with id > `after`, in id order, at most `limit`.
   * Reads the events table (one range scan), so it also serves executions still being recorded.
   */
  loadEventPage(executionId: number, after: number, limit: number): HistoryEvent[] {
    const rows = this.pageStatement.all(executionId, after, Math.max(0, Math.floor(limit))) as [number, number, string, string, string | null][];
    return rows.map(eventFromRow);
  }

  /** Ids of an execution's events of one type. */
  eventIdsByType(executionId: number, type: string): number[] {
    return (this.db.prepare('SELECT id FROM events WHERE execution_id = ? AND type = ? ORDER BY id').raw(true).all(executionId, type) as [number][]).map((r) => r[0]);
  }

  /** Ids of an execution's events that belong to a state. */
  eventIdsByState(executionId: number, stateName: string): number[] {
    return (this.db.prepare('SELECT id FROM events WHERE execution_id = ? AND state_name = ? ORDER BY id').raw(true).all(executionId, stateName) as [number][]).map((r) => r[0]);
  }

  /** The state each event belongs to (as recorded), by event id. */
  eventStates(executionId: number): Map<number, string | null> {
    const rows = this.db.prepare('SELECT id, state_name FROM events WHERE execution_id = ?').raw(true).all(executionId) as [number, string | null][];
    return new Map(rows);
  }

  // ---- recording

  private target(): EventWriterTarget {
    if (this.writerTarget) return this.writerTarget;
    const script = this.options.writerWorker === undefined ? findWriterWorkerScript() : this.options.writerWorker;
    if (script !== false && script !== undefined && this.path !== ':memory:') {
      this.writerThread = new WriterThread(script, this.path, this.options.nativeBinding);
      this.writerTarget = this.writerThread;
      // The writer thread checkpoints the WAL when it is idle (writerWorker.ts); a commit of this
      // connection must not copy a recording's WAL into the database on the engine's thread.
      if (!this.options.readonly) this.db.pragma('wal_autocheckpoint = 0');
    } else this.writerTarget = createInlineTarget(new EventBatchWriter(this.db));
    return this.writerTarget;
  }

  /** True when events are written by a writer thread (not the calling thread). */
  get usesWriterThread(): boolean {
    this.target();
    return this.writerThread !== undefined;
  }

  /**
   * Creates a RUNNING execution and returns its recording: pass `recording.sink` to the engine,
   * then `await recording.finish(...)` with the outcome. Throws StoreBusyError when another process
   * keeps the store's write lock past the busy timeout.
   */
  startRecording(options: StartRecordingOptions, tuning?: RecordingTuning): ExecutionRecording {
    const now = this.now();
    // IMMEDIATE: the writer thread commits on its own connection; a deferred transaction that read
    // first could not upgrade to a write after one of its commits (SQLITE_BUSY without waiting).
    const id = writeTransaction(this.db, this.path, () => {
      const machineId = this.saveStateMachine(options.stateMachine);
      const definition = this.saveDefinition(machineId, options.definition);
      const mockId = options.mockConfig ? this.saveMockConfig(options.mockConfig) : null;
      return Number(
        this.db
          .prepare(
            `INSERT INTO executions (name, arn, type, status, state_machine_id, definition_id, input, start_date, seed, mock_config_id, test_case,
               parent_id, parent_event_id, parent_kind, item_index, batch_first, batch_count, redrive_preserved, origin, writer_pid, created_at)
             VALUES (?, ?, ?, 'RUNNING', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'local', ?, ?)`,
          )
          .run(
            options.name ?? '(running)',
            options.arn ?? '',
            options.stateMachine.type ?? 'STANDARD',
            machineId,
            definition.id,
            options.input,
            options.startDate,
            options.seed ?? null,
            mockId,
            options.testCase ?? null,
            options.parentId ?? null,
            options.parentEventId ?? null,
            options.parentId !== undefined ? (options.parentKind ?? null) : null,
            options.itemIndex ?? null,
            options.batch?.first ?? null,
            options.batch?.count ?? null,
            options.redrivePreserved !== undefined ? JSON.stringify(options.redrivePreserved) : null,
            process.pid,
            now,
          ).lastInsertRowid,
      );
    });
    this.createdHere?.add(id);
    return new ExecutionRecording(id, this.target(), tuning);
  }

  /**
   * From now on, remembers the executions this store object creates (its recordings and imports),
   * so that a watcher of the file can tell them from those another process stored (externalWrites.ts).
   */
  rememberCreated(): void {
    this.createdHere ??= new Set();
  }

  /** True when this store object created execution `id` since {@link rememberCreated}; forgets it (each id is asked once). */
  takeCreatedHere(id: number): boolean {
    return this.createdHere?.delete(id) ?? false;
  }

  // ---- import

  /**
   * Stores imported executions in one transaction (all or nothing), on a connection of its own,
   * yielding to the event loop between chunks of events so that the caller stays responsive.
   * Returns the new executions' ids in order.
   */
  async importExecutions(executions: readonly ImportedExecution[], options: { onProgress?: ImportProgress; chunkSize?: number; links?: readonly (ImportLink | undefined)[] } = {}): Promise<number[]> {
    const db = openConnection({
      path: this.path,
      ...(this.options.nativeBinding !== undefined ? { nativeBinding: this.options.nativeBinding } : {}),
      ...(this.options.busyTimeoutMs !== undefined ? { busyTimeoutMs: this.options.busyTimeoutMs } : {}),
    });
    const total = executions.reduce((n, e) => n + e.events.length, 0);
    const chunk = options.chunkSize ?? 2500;
    const writer = new EventBatchWriter(db);
    const ids: number[] = [];
    let done = 0;
    const now = this.now();
    try {
      retryWhileBusy(db, this.path, () => db.exec('BEGIN IMMEDIATE'));
    } catch (error) {
      db.close();
      throw error;
    }
    try {
      for (const [index, ex] of executions.entries()) {
        const link = options.links?.[index];
        const parentId = link !== undefined ? ids[link.parentIndex] : undefined;
        if (link !== undefined && (parentId === undefined || link.parentIndex >= index)) throw new Error(`Import link of execution ${index}: its parent ${link.parentIndex} must come before it`);
        const machineId = saveStateMachineOn(db, { name: ex.stateMachineName, arn: ex.stateMachineArn, type: ex.type }, now);
        const definition = saveDefinitionOn(db, machineId, { text: ex.definition.text, format: ex.definition.format, reconstructed: ex.definition.reconstructed, sourcePath: ex.sources[0] }, now);
        const mockId =
          ex.mockConfig !== null
            ? Number(db.prepare('INSERT INTO mock_configs (source_path, content, created_at) VALUES (?, ?, ?)').run(ex.sources[0] ?? null, JSON.stringify(ex.mockConfig), now).lastInsertRowid)
            : null;
        const id = Number(
          db
            .prepare(
              `INSERT INTO executions (name, arn, type, status, state_machine_id, definition_id, input, output, error, cause, start_date, stop_date,
                 seed, mock_config_id, test_case, origin, source, event_count, parent_id, parent_event_id, parent_kind, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              ex.name, ex.executionArn, ex.type, ex.status, machineId, definition.id, ex.input, ex.output, ex.error, ex.cause, ex.startDate, ex.stopDate,
              ex.seed, mockId, ex.testCase, ex.origin, ex.sources.join(', '), ex.events.length,
              parentId ?? null, link?.parentEventId ?? null, link?.parentKind ?? null, now,
            ).lastInsertRowid,
        );
        ids.push(id);
        for (let i = 0; i < ex.events.length; i += chunk) {
          writer.writeHistory(id, ex.events.slice(i, i + chunk));
          done += Math.min(chunk, ex.events.length - i);
          options.onProgress?.(done, total);
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        writer.endHistory(id);
      }
      db.exec('COMMIT');
      // Only once committed: a rolled-back id may be given to another process's execution.
      for (const id of ids) this.createdHere?.add(id);
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    } finally {
      db.close();
    }
    return ids;
  }

  // ---- export

  /** The execution's history as `aws stepfunctions get-execution-history` prints it. */
  exportHistory(executionId: number): { events: HistoryEvent[] } {
    return { events: this.loadEvents(executionId) };
  }

  /** A self-contained bundle: definition, input, mock config, seed and history. */
  exportBundle(executionId: number): ExecutionBundle | undefined {
    const ex = this.getExecution(executionId);
    if (!ex) return undefined;
    const definition = ex.definitionId !== null ? this.getDefinition(ex.definitionId) : undefined;
    const machine = this.db.prepare('SELECT arn FROM state_machines WHERE id = ?').get(ex.stateMachineId) as { arn: string };
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      stepscopeBundle: BUNDLE_FORMAT_VERSION,
      execution: {
        name: ex.name,
        executionArn: ex.arn,
        stateMachineName: ex.stateMachineName,
        stateMachineArn: machine.arn,
        type: ex.type,
        status: ex.status,
        origin: ex.origin,
        startDate: iso(ex.startDate),
        stopDate: iso(ex.stopDate),
        input: ex.input,
        output: ex.output,
        error: ex.error,
        cause: ex.cause,
        seed: ex.seed,
        testCase: ex.testCase,
      },
      definition: definition ? parseDefinitionValue(definition) : { StartAt: 'Unknown', States: { Unknown: { Type: 'Pass', End: true } } },
      definitionText: definition?.text ?? null,
      definitionFormat: definition?.format ?? 'json',
      definitionReconstructed: definition?.reconstructed ?? true,
      mockConfig: ex.mockConfigId !== null ? (this.getMockConfig(ex.mockConfigId)?.content ?? null) : null,
      events: this.loadEvents(executionId),
    };
  }

  // ---- breakpoints and recent files

  /**
   * Replaces a state machine's breakpoints with `list`, in list order, in one transaction. A row
   * that keeps its breakpoint id keeps its creation time.
   */
  replaceBreakpoints(stateMachineId: number, list: readonly NewBreakpointRecord[]): void {
    const created = new Map(
      (this.db.prepare('SELECT breakpoint_id, created_at FROM breakpoints WHERE state_machine_id = ?').all(stateMachineId) as { breakpoint_id: string; created_at: number }[]).map(
        (r) => [r.breakpoint_id, r.created_at],
      ),
    );
    const insert = this.db.prepare(
      `INSERT INTO breakpoints (state_machine_id, breakpoint_id, position, enabled, kind, state_name, error_handling, error_equals,
         condition_language, condition_text, hit_op, hit_value, map_iteration_index, note, legacy, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM breakpoints WHERE state_machine_id = ?').run(stateMachineId);
      list.forEach((b, position) => {
        insert.run(
          stateMachineId,
          b.breakpointId,
          position,
          b.enabled ? 1 : 0,
          b.kind,
          b.stateName,
          b.errorHandling,
          b.errorEquals === null ? null : JSON.stringify(b.errorEquals),
          b.conditionLanguage,
          b.conditionText,
          b.hitOp,
          b.hitValue,
          b.mapIterationIndex,
          b.note,
          b.legacy,
          created.get(b.breakpointId) ?? this.now(),
        );
      });
    })();
  }

  /** A state machine's breakpoints, in list order. */
  listBreakpoints(stateMachineId: number): BreakpointRecord[] {
    const rows = this.db.prepare('SELECT * FROM breakpoints WHERE state_machine_id = ? ORDER BY position, id').all(stateMachineId) as BreakpointRow[];
    return rows.map(breakpointFromRow);
  }

  /** Removes a breakpoint row; false when there is none. */
  removeBreakpoint(id: number): boolean {
    return this.db.prepare('DELETE FROM breakpoints WHERE id = ?').run(id).changes > 0;
  }

  /** Records that a file was opened (most recent first in {@link listRecentFiles}). */
  touchRecentFile(path: string, kind: string): void {
    this.db.prepare('INSERT INTO recent_files (path, kind, opened_at) VALUES (?, ?, ?) ON CONFLICT (path) DO UPDATE SET kind = excluded.kind, opened_at = excluded.opened_at').run(path, kind, this.now());
  }

  /** Recently opened files, most recent first. */
  listRecentFiles(limit = 20): RecentFileRecord[] {
    const rows = this.db.prepare('SELECT * FROM recent_files ORDER BY opened_at DESC, path LIMIT ?').all(limit) as { path: string; kind: string; opened_at: number }[];
    return rows.map((r) => ({ path: r.path, kind: r.kind, openedAt: r.opened_at }));
  }

  /** Resolves once the writer has written everything handed to it, fast-loading snapshots included. */
  async idle(): Promise<void> {
    await this.writerTarget?.idle();
  }

  /** Waits for the writer thread to commit what it was given, then closes the database. */
  async close(): Promise<void> {
    if (this.writerThread) await this.writerThread.close();
    this.writerThread = undefined;
    this.writerTarget = undefined;
    if (this.db.open) this.db.close();
  }
}

/** An event from its row: [id, previous_event_id, type, timestamp, details]. */
function eventFromRow(r: [number, number, string, string, string | null]): HistoryEvent {
  const event: HistoryEvent = { timestamp: r[3], type: r[2] as HistoryEventType, id: r[0], previousEventId: r[1] };
  if (r[4] !== null) {
    const details = JSON.parse(r[4]) as JsonObject;
    for (const key in details) event[key] = details[key];
  }
  return event;
}

interface DefinitionRow {
  id: number;
  state_machine_id: number;
  version: number;
  text: string;
  format: 'json' | 'yaml';
  reconstructed: number;
  source_path: string | null;
  created_at: number;
}

function definitionFromRow(r: DefinitionRow): DefinitionRecord {
  return {
    id: r.id,
    stateMachineId: r.state_machine_id,
    version: r.version,
    text: r.text,
    format: r.format,
    reconstructed: r.reconstructed === 1,
    sourcePath: r.source_path,
    createdAt: r.created_at,
  };
}

function parseDefinitionValue(definition: DefinitionRecord): JsonObject {
  return (definition.format === 'json' ? JSON.parse(definition.text) : parseYaml(definition.text)) as JsonObject;
}

function saveStateMachineOn(db: Database.Database, machine: { name: string; arn: string; type: 'STANDARD' | 'EXPRESS' }, now: number): number {
  const found = db.prepare('SELECT id FROM state_machines WHERE arn = ?').get(machine.arn) as { id: number } | undefined;
  if (found) return found.id;
  return Number(db.prepare('INSERT INTO state_machines (name, arn, type, created_at) VALUES (?, ?, ?, ?)').run(machine.name, machine.arn, machine.type, now).lastInsertRowid);
}

function saveDefinitionOn(
  db: Database.Database,
  stateMachineId: number,
  definition: { text: string; format: 'json' | 'yaml'; reconstructed: boolean; sourcePath?: string },
  now: number,
): { id: number; version: number } {
  const latest = db.prepare('SELECT id, version, text, reconstructed FROM definitions WHERE state_machine_id = ? ORDER BY version DESC LIMIT 1').get(stateMachineId) as
    | { id: number; version: number; text: string; reconstructed: number }
    | undefined;
  const reconstructed = definition.reconstructed ? 1 : 0;
  if (latest && latest.text === definition.text && latest.reconstructed === reconstructed) return { id: latest.id, version: latest.version };
  const version = (latest?.version ?? 0) + 1;
  const id = Number(
    db
      .prepare('INSERT INTO definitions (state_machine_id, version, text, format, reconstructed, source_path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(stateMachineId, version, definition.text, definition.format, reconstructed, definition.sourcePath ?? null, now).lastInsertRowid,
  );
  return { id, version };
}

/** Opens (creating and migrating when needed) the store at `options.path`. */
export function openStore(options: OpenStoreOptions): ExecutionStore {
  return new ExecutionStore(options);
}

/** A `breakpoints` row as SQLite returns it. */
interface BreakpointRow {
  id: number;
  state_machine_id: number;
  breakpoint_id: string;
  position: number;
  enabled: number;
  kind: BreakpointRecord['kind'];
  state_name: string | null;
  error_handling: BreakpointRecord['errorHandling'];
  error_equals: string | null;
  condition_language: BreakpointRecord['conditionLanguage'];
  condition_text: string | null;
  hit_op: BreakpointRecord['hitOp'];
  hit_value: number | null;
  map_iteration_index: number | null;
  note: string | null;
  legacy: string | null;
  created_at: number;
}

function breakpointFromRow(r: BreakpointRow): BreakpointRecord {
  let errorEquals: string[] | null = null;
  if (r.error_equals !== null) {
    try {
      const parsed = JSON.parse(r.error_equals) as unknown;
      errorEquals = Array.isArray(parsed) ? parsed.map(String) : null;
    } catch {
      errorEquals = null;
    }
  }
  return {
    id: r.id,
    stateMachineId: r.state_machine_id,
    breakpointId: r.breakpoint_id,
    position: r.position,
    enabled: r.enabled === 1,
    kind: r.kind,
    stateName: r.state_name,
    errorHandling: r.error_handling,
    errorEquals,
    conditionLanguage: r.condition_language,
    conditionText: r.condition_text,
    hitOp: r.hit_op,
    hitValue: r.hit_value,
    mapIterationIndex: r.map_iteration_index,
    note: r.note,
    legacy: r.legacy,
    createdAt: r.created_at,
  };
}
