import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, SCHEMA_VERSION, STEPSCOPE_APPLICATION_ID } from '../../../src-main/node/store';
import { MIGRATIONS } from '../../../src-main/node/store/migrations';
import { readBreakpoints, writeBreakpoints } from '../../../src-main/node/service/breakpointStore';
import { validateBreakpoints } from '../../../src-main/common/debug/breakpoints';

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

/** A file at schema version 3 with breakpoint rows as versions 1-3 stored them. */
function versionThreeFile(path: string): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  for (const m of MIGRATIONS.filter((x) => x.version <= 3)) db.exec(m.sql);
  db.pragma('user_version = 3');
  db.prepare("INSERT INTO state_machines (id, name, arn, created_at) VALUES (1, 'M', 'arn:m', 0)").run();
  const insert = db.prepare('INSERT INTO breakpoints (id, state_machine_id, state_name, kind, condition, enabled, created_at) VALUES (?, 1, ?, ?, ?, ?, 7)');
  const stored = (order: number, breakpoint: unknown) => JSON.stringify({ stepscopeBreakpoint: 1, order, breakpoint });
  // The debugger's rows (service/breakpointStore.ts before schema 4), out of order on purpose.
  insert.run(1, '#bp:err', 'enter', stored(1, {
    id: 'err', enabled: true, target: { kind: 'error', handling: 'uncaught', errorEquals: ['States.TaskFailed'], stateName: 'Work' },
    condition: { language: 'JSONata', expression: '$states.input.n > 2' }, hitCondition: { op: '%', value: 3 },
  }), 1);
  insert.run(2, '#bp:first', 'enter', stored(0, {
    id: 'first', enabled: true, target: { kind: 'state', stateName: 'Work', when: 'after' }, mapIterationIndex: 4,
  }), 0);
  // A plain row: a state name and a JSONPath condition.
  insert.run(3, 'Check', 'exit', '$.ready', 1);
  // Rows that cannot be read: not JSON, and JSON that is no breakpoint.
  insert.run(4, '#bp:broken', 'enter', '{not json', 1);
  insert.run(5, '#bp:odd', 'enter', stored(2, { id: 'odd', enabled: true, target: { kind: 'state', stateName: 'Work', when: 'sometimes' } }), 1);
  db.close();
}

describe('migration 4: breakpoints get a column per part', () => {
  it('moves every breakpoint into its columns, keeps the plain row, and keeps unreadable rows disabled with a note and their old text', async () => {
    const path = join(dir, 'v3.db');
    versionThreeFile(path);
    const store = openStore({ path, writerWorker: false });
    try {
      const rows = store.listBreakpoints(1);
      expect(rows.map((r) => r.breakpointId)).toEqual(['first', 'err', 'store-3', 'unreadable-4', 'unreadable-5']);
      expect(rows[0]).toMatchObject({
        enabled: false, kind: 'after', stateName: 'Work', mapIterationIndex: 4, errorHandling: null, errorEquals: null,
        conditionLanguage: null, hitOp: null, note: null, legacy: null, createdAt: 7,
      });
      expect(rows[1]).toMatchObject({
        enabled: true, kind: 'error', stateName: 'Work', errorHandling: 'uncaught', errorEquals: ['States.TaskFailed'],
        conditionLanguage: 'JSONata', conditionText: '$states.input.n > 2', hitOp: '%', hitValue: 3, mapIterationIndex: null, note: null,
      });
      expect(rows[2]).toMatchObject({ enabled: true, kind: 'after', stateName: 'Check', conditionLanguage: 'JSONPath', conditionText: '$.ready', note: null });
      expect(rows[3]).toMatchObject({ enabled: false, kind: 'before', stateName: 'broken', legacy: '{not json' });
      expect(rows[3].note).toMatch(/not JSON/);
      expect(rows[4]).toMatchObject({ enabled: false, stateName: 'odd' });
      expect(rows[4].note).toMatch(/not a valid breakpoint/);
      expect(JSON.parse(rows[4].legacy!)).toMatchObject({ breakpoint: { id: 'odd' } });
      const columns = (store.db.prepare("SELECT name FROM pragma_table_info('breakpoints')").all() as { name: string }[]).map((c) => c.name);
      expect(columns).not.toContain('condition');
      expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      // The table still belongs to its state machine.
      store.db.prepare('DELETE FROM state_machines WHERE id = 1').run();
      expect(store.db.prepare('SELECT count(*) AS n FROM breakpoints').get()).toEqual({ n: 0 });
    } finally {
      await store.close();
    }
  });

  it('reads the migrated rows back as the breakpoints they were, and writing a noted one back keeps its old text', async () => {
    const path = join(dir, 'v3.db');
    versionThreeFile(path);
    const store = openStore({ path, writerWorker: false });
    try {
      const list = readBreakpoints(store, 1);
      expect(list[0]).toEqual({ id: 'first', enabled: false, target: { kind: 'state', stateName: 'Work', when: 'after' }, mapIterationIndex: 4 });
      expect(list[1]).toEqual({
        id: 'err', enabled: true, target: { kind: 'error', handling: 'uncaught', errorEquals: ['States.TaskFailed'], stateName: 'Work' },
        condition: { language: 'JSONata', expression: '$states.input.n > 2' }, hitCondition: { op: '%', value: 3 },
      });
      expect(list[2]).toEqual({ id: 'store-3', enabled: true, target: { kind: 'state', stateName: 'Check', when: 'after' }, condition: { language: 'JSONPath', expression: '$.ready' } });
      expect(list[3]).toMatchObject({ id: 'unreadable-4', enabled: false, note: expect.stringMatching(/not JSON/) });
      expect(validateBreakpoints(list as never)).toEqual([]);
      writeBreakpoints(store, 1, list.slice(1));
      const after = store.listBreakpoints(1);
      expect(after.map((r) => r.breakpointId)).toEqual(['err', 'store-3', 'unreadable-4', 'unreadable-5']);
      expect(after[2].legacy).toBe('{not json');
      expect(readBreakpoints(store, 1)).toEqual(list.slice(1));
    } finally {
      await store.close();
    }
  });
});

/** A file at schema version 4 with a run, its fork and redrive, a Map Run child and a startExecution child. */
function versionFourFile(path: string): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  for (const m of MIGRATIONS.filter((x) => x.version <= 4)) db.exec(m.sql);
  db.pragma('user_version = 4');
  const machine = db.prepare('INSERT INTO state_machines (id, name, arn, created_at) VALUES (?, ?, ?, 0)');
  machine.run(1, 'Orders', 'arn:orders');
  machine.run(2, 'Orders/Fan', 'arn:orders-fan');
  machine.run(3, 'Billing', 'arn:billing');
  const execution = db.prepare(
    "INSERT INTO executions (id, name, arn, status, state_machine_id, parent_id, parent_event_id, origin, event_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'local', 0, 0)",
  );
  execution.run(1, 'run', 'arn:e:run', 'FAILED', 1, null, null);
  execution.run(2, 'run-fork-1', 'arn:e:fork', 'SUCCEEDED', 1, 1, 4);
  execution.run(3, 'run', 'arn:e:run', 'SUCCEEDED', 1, 1, 9);
  execution.run(4, 'child-a', 'arn:e:child-a', 'SUCCEEDED', 2, 1, 5);
  execution.run(5, 'billing-1', 'arn:e:billing', 'SUCCEEDED', 3, 1, 9);
  execution.run(6, 'imported', 'arn:e:imported', 'SUCCEEDED', 3, null, null);
  db.close();
}

describe('migration 5: execution lineage as data', () => {
  it('backfills each link kind with the rule versions 1-4 inferred it by, and adds item index, batch and preserved columns empty', async () => {
    const path = join(dir, 'v4.db');
    versionFourFile(path);
    const store = openStore({ path, writerWorker: false });
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const kinds = store.db.prepare('SELECT id, parent_kind, item_index, batch_first, batch_count, redrive_preserved FROM executions ORDER BY id').all();
      expect(kinds).toEqual([
        { id: 1, parent_kind: null, item_index: null, batch_first: null, batch_count: null, redrive_preserved: null },
        { id: 2, parent_kind: 'fork', item_index: null, batch_first: null, batch_count: null, redrive_preserved: null },
        { id: 3, parent_kind: 'redrive', item_index: null, batch_first: null, batch_count: null, redrive_preserved: null },
        { id: 4, parent_kind: 'mapRun', item_index: null, batch_first: null, batch_count: null, redrive_preserved: null },
        { id: 5, parent_kind: 'startExecution', item_index: null, batch_first: null, batch_count: null, redrive_preserved: null },
        { id: 6, parent_kind: null, item_index: null, batch_first: null, batch_count: null, redrive_preserved: null },
      ]);
      expect(store.getExecution(4)).toMatchObject({ parentKind: 'mapRun', itemIndex: null, batch: null, redrivePreserved: null });
      // The start screen's list leaves the children out and counts them on their parent.
      const listed = store.listExecutions({ withoutChildren: true, countChildren: true });
      expect(listed.map((r) => [r.id, r.childCount])).toEqual([
        [6, 0],
        [3, 0],
        [2, 0],
        [1, 2],
      ]);
      expect(() => store.db.prepare("UPDATE executions SET parent_kind = 'other' WHERE id = 2").run()).toThrow(/CHECK/);
    } finally {
      await store.close();
    }
  });
});

describe('marking a store as ours (issue #18 item 8)', () => {
  it('recognises a store of the current version written before application_id was set, and marks it', async () => {
    const path = join(dir, 'unmarked.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    for (const m of MIGRATIONS) db.exec(m.sql);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    db.prepare("INSERT INTO state_machines (id, name, arn, created_at) VALUES (1, 'M', 'arn:m', 0)").run();
    db.close();
    const store = openStore({ path, writerWorker: false });
    try {
      expect(store.db.pragma('application_id', { simple: true })).toBe(STEPSCOPE_APPLICATION_ID);
      expect(store.listStateMachines().map((m) => m.name)).toEqual(['M']);
    } finally {
      await store.close();
    }
  });
});
