import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import { defaultDatabasePath, finishUpdateFromResult, openStore, SCHEMA_VERSION, STEPSCOPE_APPLICATION_ID, StoreOpenError, type ExecutionStore } from '../../../src-main/node/store';
import { SNAPSHOT_MIN_EVENTS } from '../../../src-main/node/store/eventWriter';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';

let dir: string;
let store: ExecutionStore | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepscope-store-'));
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const DEFINITION = {
  StartAt: 'Loop',
  States: {
    Loop: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'More' },
    More: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericLessThanPath: '$$.Execution.Input.limit', Next: 'Loop' }], Default: 'Done' },
    Done: { Type: 'Succeed' },
  },
} as unknown as StateMachineDefinition;

function recordingOptions(name = 'run-1') {
  return {
    stateMachine: { name: 'Loop', arn: 'arn:aws:states:us-east-1:111111111111:stateMachine:Loop' },
    definition: { text: JSON.stringify(DEFINITION), format: 'json' as const, sourcePath: 'loop.json' },
    name,
    arn: `arn:aws:states:us-east-1:111111111111:execution:Loop:${name}`,
    input: '{"n":0}',
    startDate: Date.UTC(2024, 0, 1),
    seed: 7,
    mockConfig: { content: { StateMachines: {}, MockedResponses: {} }, sourcePath: 'mocks.json' },
    testCase: 'Happy',
  };
}

async function recordRun(s: ExecutionStore, name = 'run-1', batchSize = 16, limit = 50) {
  const recording = s.startRecording(recordingOptions(name), { batchSize });
  const result = await runExecution({ definition: DEFINITION, input: { n: 0, limit }, invoker: { invoke: () => ({ kind: 'success', output: {} }) }, sink: recording.sink, executionName: name, stateMachineName: 'Loop' });
  await recording.finish(finishUpdateFromResult(result));
  return { id: recording.executionId, result };
}

describe('opening the store', () => {
  it('creates the file with WAL, foreign keys and the current schema version', () => {
    const path = join(dir, 'nested', 'stepscope.db');
    store = openStore({ path });
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = (store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(['breakpoints', 'definitions', 'events', 'executions', 'history_snapshots', 'mock_configs', 'recent_files', 'state_machines']);
    const indexes = (store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'").all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['events_by_type', 'events_by_state']));
  });

  it('reopens an existing store without migrating again', async () => {
    const path = join(dir, 's.db');
    store = openStore({ path });
    await recordRun(store);
    await store.close();
    store = openStore({ path });
    expect(store.listExecutions()).toHaveLength(1);
  });

  it('refuses a file from a newer Stepscope, a foreign SQLite file and a file that is not a database', () => {
    const newer = join(dir, 'newer.db');
    const db = new Database(newer);
    // A store of a later version is marked as ours (application_id) and has its own tables.
    db.pragma(`application_id = ${STEPSCOPE_APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.exec('CREATE TABLE executions_v99 (x)');
    db.close();
    expect(() => openStore({ path: newer })).toThrow(/newer Stepscope/);
    const foreign = join(dir, 'foreign.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE t (x)');
    f.close();
    expect(() => openStore({ path: foreign })).toThrow(StoreOpenError);
    const text = join(dir, 'text.db');
    writeFileSync(text, 'this is not a database at all, just some text that is long enough to fill a header');
    expect(() => openStore({ path: text })).toThrow(/not an SQLite database/);
  });

  it('finds the default database in the platform application-data folder, or STEPSCOPE_DB', () => {
    expect(defaultDatabasePath({}, 'linux', '/home/ada')).toBe('/home/ada/.local/share/stepscope/stepscope.db');
    expect(defaultDatabasePath({ XDG_DATA_HOME: '/data' }, 'linux', '/home/ada')).toBe('/data/stepscope/stepscope.db');
    expect(defaultDatabasePath({}, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Application Support/Stepscope/stepscope.db');
    expect(defaultDatabasePath({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ada')).toContain('Stepscope');
    expect(defaultDatabasePath({ STEPSCOPE_DB: '/tmp/x.db' }, 'linux', '/home/ada')).toBe('/tmp/x.db');
  });
});

describe('recording a run', () => {
  it('stores every event as emitted, in order, identical to the engine history', async () => {
    store = openStore({ path: join(dir, 's.db'), writerWorker: false });
    const { id, result } = await recordRun(store);
    expect(store.loadEvents(id)).toEqual(result.events);
    const ex = store.getExecution(id);
    expect(ex).toMatchObject({
      name: 'run-1',
      status: 'SUCCEEDED',
      stateMachineName: 'Loop',
      input: '{"n":0}',
      output: JSON.stringify(result.output),
      seed: 7,
      testCase: 'Happy',
      origin: 'local',
      eventCount: result.events.length,
      startDate: Date.UTC(2024, 0, 1),
    });
    expect(store.getMockConfig(ex!.mockConfigId!)).toMatchObject({ sourcePath: 'mocks.json', content: { StateMachines: {} } });
  });

  it('loads a finished history from its snapshot, identical to the event rows, and falls back to the rows without one', async () => {
    store = openStore({ path: join(dir, 's.db'), writerWorker: false });
    const { id, result } = await recordRun(store, 'run-1', 16, 300);
    expect(result.events.length).toBeGreaterThanOrEqual(SNAPSHOT_MIN_EVENTS);
    expect(store.db.prepare('SELECT event_count FROM history_snapshots WHERE execution_id = ?').get(id)).toEqual({ event_count: result.events.length });
    expect(store.loadEvents(id)).toEqual(store.loadEventRows(id));
    // Members in the order GetExecutionHistory prints them.
    expect(Object.keys(store.loadEvents(id)[1])).toEqual(['timestamp', 'type', 'id', 'previousEventId', 'stateEnteredEventDetails']);
    expect(Object.keys(store.loadEventRows(id)[1])).toEqual(['timestamp', 'type', 'id', 'previousEventId', 'stateEnteredEventDetails']);
    store.db.prepare('DELETE FROM history_snapshots').run();
    expect(store.loadEvents(id)).toEqual(result.events);
  });

  it('writes no snapshot for a history under SNAPSHOT_MIN_EVENTS (its rows load as fast), and loads it the same', async () => {
    store = openStore({ path: join(dir, 's.db'), writerWorker: false });
    const { id, result } = await recordRun(store);
    expect(result.events.length).toBeLessThan(SNAPSHOT_MIN_EVENTS);
    expect(store.db.prepare('SELECT count(*) AS n FROM history_snapshots WHERE execution_id = ?').get(id)).toEqual({ n: 0 });
    expect(store.loadEvents(id)).toEqual(result.events);
  });

  it('imports in chunks, reporting progress and letting the event loop run in between', async () => {
    store = openStore({ path: join(dir, 's.db'), writerWorker: false });
    const { id, result } = await recordRun(store);
    const events = store.loadEvents(id);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const progress: number[] = [];
    const [copy] = await store.importExecutions(
      [{
        sources: ['x.json'], name: 'copy', executionArn: 'arn:aws:states:us-east-1:1:execution:Loop:copy', stateMachineName: 'Loop',
        stateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:Loop', type: 'STANDARD', status: 'SUCCEEDED', input: '{"n":0}',
        output: null, error: null, cause: null, startDate: null, stopDate: null,
        definition: { value: {}, text: JSON.stringify(DEFINITION), format: 'json', reconstructed: false },
        events, mockConfig: null, testCase: null, seed: null, origin: 'import',
      }],
      { chunkSize: 20, onProgress: (done) => progress.push(done) },
    );
    clearInterval(timer);
    expect(progress).toEqual([20, 40, 60, 80, 100, 120, 140, 160, 180, 200, result.events.length].filter((n) => n <= result.events.length));
    expect(ticks).toBeGreaterThan(0);
    expect(store.loadEvents(copy)).toEqual(result.events);
  });

  it('stores nothing of an import that fails half-way', async () => {
    store = openStore({ path: join(dir, 's.db'), writerWorker: false });
    const { id } = await recordRun(store);
    const events = store.loadEvents(id);
    const broken = [...events.slice(0, 30), events[5], ...events.slice(30)];
    const base = {
      sources: ['x.json'], name: 'x', executionArn: 'arn:x', stateMachineName: 'Loop', stateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:New',
      type: 'STANDARD' as const, status: 'SUCCEEDED' as const, input: null, output: null, error: null, cause: null, startDate: null, stopDate: null,
      definition: { value: {}, text: '{}', format: 'json' as const, reconstructed: true }, mockConfig: null, testCase: null, seed: null, origin: 'import' as const,
    };
    await expect(store.importExecutions([{ ...base, events }, { ...base, events: broken }], { chunkSize: 10 })).rejects.toThrow(/UNIQUE/);
    expect(store.listExecutions()).toHaveLength(1);
    expect(store.listStateMachines()).toHaveLength(1);
  });

  it('indexes events by type and by state', async () => {
    store = openStore({ path: join(dir, 's.db'), writerWorker: false });
    const { id, result } = await recordRun(store);
    expect(store.eventIdsByType(id, 'ChoiceStateEntered')).toEqual(result.events.filter((e) => e.type === 'ChoiceStateEntered').map((e) => e.id));
    const done = store.eventIdsByState(id, 'Done');
    expect(done.map((i) => result.events[i - 1].type)).toEqual(['SucceedStateEntered', 'SucceedStateExited']);
    const plan = store.db.prepare('EXPLAIN QUERY PLAN SELECT id FROM events WHERE execution_id = ? AND state_name = ?').all(id, 'Done') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('events_by_state');
  });

  it('keeps each definition version once per state machine', async () => {
    store = openStore({ path: join(dir, 's.db'), writerWorker: false });
    await recordRun(store, 'a');
    await recordRun(store, 'b');
    const machine = store.listStateMachines()[0];
    expect(store.listDefinitions(machine.id)).toHaveLength(1);
    store.saveDefinition(machine.id, { text: '{"StartAt":"X","States":{"X":{"Type":"Succeed"}}}', format: 'json' });
    expect(store.listDefinitions(machine.id).map((d) => d.version)).toEqual([1, 2]);
  });

  it('marks a local execution left RUNNING by a dead process as INTERRUPTED, keeping its events', async () => {
    const path = join(dir, 's.db');
    store = openStore({ path, writerWorker: false });
    const recording = store.startRecording(recordingOptions(), { batchSize: 2 });
    const events: HistoryEvent[] = [
      { timestamp: '2024-01-01T00:00:00.000Z', type: 'ExecutionStarted', id: 1, previousEventId: 0 },
      { timestamp: '2024-01-01T00:00:00.000Z', type: 'PassStateEntered', id: 2, previousEventId: 0, stateEnteredEventDetails: { name: 'Loop' } },
    ];
    for (const e of events) recording.sink.emit(e);
    // A pid that no process has: as if the recording process had been killed.
    store.db.prepare('UPDATE executions SET writer_pid = 2147483646').run();
    await store.close();
    store = openStore({ path });
    expect(store.getExecution(recording.executionId)).toMatchObject({ status: 'INTERRUPTED', eventCount: 2, error: 'Stepscope.Interrupted' });
    expect(store.loadEvents(recording.executionId)).toEqual(events);
    expect(store.listExecutions({ status: 'INTERRUPTED' })).toHaveLength(1);
  });

  it('leaves alone an execution still being recorded by a live process', () => {
    const path = join(dir, 's.db');
    store = openStore({ path, writerWorker: false });
    const recording = store.startRecording(recordingOptions());
    const other = openStore({ path });
    expect(other.getExecution(recording.executionId)?.status).toBe('RUNNING');
    void other.close();
  });
});

describe('executions, breakpoints and recent files', () => {
  it('lists by status and state machine, finds by id, ARN or name, and deletes with events', async () => {
    store = openStore({ path: join(dir, 's.db'), writerWorker: false });
    const a = await recordRun(store, 'a');
    const b = await recordRun(store, 'b');
    expect(store.listExecutions().map((e) => e.id)).toEqual([b.id, a.id]);
    expect(store.listExecutions({ status: 'FAILED' })).toEqual([]);
    expect(store.listExecutions({ stateMachine: 'Loop', limit: 1 }).map((e) => e.id)).toEqual([b.id]);
    expect(store.findExecution(String(a.id))?.name).toBe('a');
    expect(store.findExecution('arn:aws:states:us-east-1:111111111111:execution:Loop:b')?.id).toBe(b.id);
    expect(store.findExecution('a')?.id).toBe(a.id);
    expect(store.deleteExecution(a.id)).toBe(true);
    expect((store.db.prepare('SELECT count(*) AS n FROM events WHERE execution_id = ?').get(a.id) as { n: number }).n).toBe(0);
  });

  it('deletes child executions with their parent', async () => {
    store = openStore({ path: join(dir, 's.db'), writerWorker: false });
    const parent = await recordRun(store, 'parent');
    const child = store.startRecording({ ...recordingOptions('child'), parentId: parent.id, parentEventId: 3 });
    await child.finish({ status: 'SUCCEEDED', output: '{}', error: null, cause: null, stopDate: 0 });
    expect(store.listExecutions({ parentId: parent.id }).map((e) => e.parentEventId)).toEqual([3]);
    store.deleteExecution(parent.id);
    expect(store.getExecution(child.executionId)).toBeUndefined();
  });

  it('lists the executions linked to one event of a parent, using the parent index', async () => {
    store = openStore({ path: join(dir, 's.db'), writerWorker: false });
    const parent = await recordRun(store, 'parent');
    const ids: number[] = [];
    for (const [name, eventId] of [['c1', 3], ['c2', 3], ['c3', 9]] as const) {
      const child = store.startRecording({ ...recordingOptions(name), parentId: parent.id, parentEventId: eventId });
      await child.finish({ status: 'SUCCEEDED', output: '{}', error: null, cause: null, stopDate: 0 });
      ids.push(child.executionId);
    }
    expect(store.listExecutions({ parentId: parent.id, parentEventId: 3 }).map((e) => e.id)).toEqual([ids[1], ids[0]]);
    expect(store.listExecutions({ parentId: parent.id, parentEventId: 9 }).map((e) => e.name)).toEqual(['c3']);
    expect(store.listExecutions({ parentId: parent.id, parentEventId: 4 })).toEqual([]);
    const plan = (store.db.prepare('EXPLAIN QUERY PLAN SELECT e.id FROM executions e WHERE e.parent_id = ? AND e.parent_event_id = ?').all(parent.id, 3) as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(plan).toContain('executions_by_parent');
  });

  it('stores how an execution relates to its parent, a Map Run child\'s item and batch, and a redrive\'s kept summary', async () => {
    store = openStore({ path: join(dir, 's.db'), writerWorker: false });
    const parent = await recordRun(store, 'parent');
    const child = store.startRecording({ ...recordingOptions('child'), parentId: parent.id, parentEventId: 4, parentKind: 'mapRun', itemIndex: 3, batch: { first: 6, count: 2 } });
    await child.finish({ status: 'SUCCEEDED', output: '{}', error: null, cause: null, stopDate: 0 });
    const preserved = { state: 'Fan', kind: 'mapRun', total: 4, kept: [0, 1, 3], redriven: [2] };
    const redrive = store.startRecording({ ...recordingOptions('parent'), parentId: parent.id, parentEventId: 9, parentKind: 'redrive', redrivePreserved: preserved });
    await redrive.finish({ status: 'SUCCEEDED', output: '{}', error: null, cause: null, stopDate: 0 });
    expect(store.getExecution(child.executionId)).toMatchObject({ parentKind: 'mapRun', itemIndex: 3, batch: { first: 6, count: 2 }, redrivePreserved: null });
    const redriven = store.getExecution(redrive.executionId)!;
    expect(redriven).toMatchObject({ parentKind: 'redrive', itemIndex: null, batch: null });
    expect(JSON.parse(redriven.redrivePreserved!)).toEqual(preserved);
    // A kind without a parent is not stored.
    const alone = store.startRecording({ ...recordingOptions('alone'), parentKind: 'fork' });
    await alone.finish({ status: 'SUCCEEDED', output: '{}', error: null, cause: null, stopDate: 0 });
    expect(store.getExecution(alone.executionId)?.parentKind).toBeNull();
    // The start screen's list: no child rows, children counted on their parent.
    expect(store.listExecutions({ withoutChildren: true, countChildren: true }).map((e) => [e.name, e.childCount])).toEqual([
      ['alone', 0],
      ['parent', 0],
      ['parent', 1],
    ]);
    expect(store.listExecutions().map((e) => e.childCount)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('keeps breakpoints per state machine and recent files newest first', async () => {
    let now = 1000;
    store = openStore({ path: join(dir, 's.db'), writerWorker: false, now: () => now++ });
    const machine = store.saveStateMachine({ name: 'M', arn: 'arn:m' });
    const row = {
      breakpointId: 'b1', enabled: true, kind: 'before' as const, stateName: 'Work', errorHandling: null, errorEquals: null,
      conditionLanguage: 'JSONPath' as const, conditionText: '$.n', hitOp: null, hitValue: null, mapIterationIndex: null, note: null, legacy: null,
    };
    store.replaceBreakpoints(machine, [row, { ...row, breakpointId: 'b2', kind: 'error', stateName: null, errorHandling: 'uncaught', errorEquals: ['E'], conditionLanguage: null, conditionText: null }]);
    const listed = store.listBreakpoints(machine);
    expect(listed).toMatchObject([{ ...row, position: 0 }, { breakpointId: 'b2', kind: 'error', errorEquals: ['E'], position: 1 }]);
    // Replacing keeps the creation time of a breakpoint that stays.
    store.replaceBreakpoints(machine, [{ ...row, enabled: false }]);
    expect(store.listBreakpoints(machine)).toMatchObject([{ breakpointId: 'b1', enabled: false, createdAt: listed[0].createdAt }]);
    expect(store.removeBreakpoint(store.listBreakpoints(machine)[0].id)).toBe(true);
    expect(store.listBreakpoints(machine)).toEqual([]);
    store.touchRecentFile('/a.json', 'definition');
    store.touchRecentFile('/b.json', 'definition');
    store.touchRecentFile('/a.json', 'definition');
    expect(store.listRecentFiles().map((f) => f.path)).toEqual(['/a.json', '/b.json']);
  });
});
