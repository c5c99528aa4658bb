import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/node/store';
import { MIGRATIONS } from '../../../src-main/node/store/migrations';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepscope-migrations-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A file at schema version 2 with one execution of three events. */
function versionTwoFile(path: string): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  for (const m of MIGRATIONS.filter((x) => x.version <= 2)) db.exec(m.sql);
  db.pragma('user_version = 2');
  db.prepare("INSERT INTO state_machines (id, name, arn, created_at) VALUES (1, 'M', 'arn:m', 0)").run();
  db.prepare("INSERT INTO executions (id, name, arn, status, state_machine_id, origin, event_count, created_at) VALUES (1, 'e', 'arn:e', 'SUCCEEDED', 1, 'import', 3, 0)").run();
  const insert = db.prepare('INSERT INTO events (execution_id, id, previous_event_id, type, timestamp, state_name, details) VALUES (1, ?, ?, ?, ?, ?, ?)');
  insert.run(2, 1, 'PassStateEntered', '2024-01-01T00:00:00.000Z', 'P', '{"stateEnteredEventDetails":{"name":"P","input":"{}"}}');
  insert.run(1, 0, 'ExecutionStarted', '2024-01-01T00:00:00.000Z', null, null);
  insert.run(3, 2, 'PassStateExited', '2024-01-01T00:00:00.000Z', 'P', '{"stateExitedEventDetails":{"name":"P","output":"{}"}}');
  db.close();
}

describe('migration 3: events as a rowid table', () => {
  it('keeps every event, its state and indexes, and still refuses a repeated (execution, id)', async () => {
    const path = join(dir, 'v2.db');
    versionTwoFile(path);
    const store = openStore({ path, writerWorker: false });
    try {
      const sql = (store.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'events'").get() as { sql: string }).sql;
      expect(sql).not.toMatch(/WITHOUT ROWID/i);
      expect(store.loadEventRows(1).map((e) => [e.id, e.type])).toEqual([
        [1, 'ExecutionStarted'],
        [2, 'PassStateEntered'],
        [3, 'PassStateExited'],
      ]);
      expect(store.eventIdsByState(1, 'P')).toEqual([2, 3]);
      expect(store.eventIdsByType(1, 'PassStateExited')).toEqual([3]);
      const indexes = (store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
      expect(indexes).toEqual(['events_by_state', 'events_by_type']);
      expect(() => store.db.prepare("INSERT INTO events (execution_id, id, previous_event_id, type, timestamp) VALUES (1, 2, 1, 'X', 't')").run()).toThrow(/UNIQUE/);
      store.deleteExecution(1);
      expect(store.db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 0 });
    } finally {
      await store.close();
    }
  });
});
