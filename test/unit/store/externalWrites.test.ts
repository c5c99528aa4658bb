import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import type { ImportedExecution } from '../../../src-main/common/history/historyImport';
import { ExternalWriteWatcher, finishUpdateFromResult, openStore, type ExecutionStore } from '../../../src-main/node/store';

/**
 * The watcher of other processes' writes (store/externalWrites.ts), with two store objects on one
 * file: `app` (the running app's store, watching) and `other` (what `stepscope import` or
 * `stepscope run` opens). Each store object has its own connection, as another process would.
 */

let dir: string;
let app: ExecutionStore;
let other: ExecutionStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepscope-external-'));
  app = openStore({ path: join(dir, 's.db'), writerWorker: false });
  other = openStore({ path: join(dir, 's.db'), writerWorker: false });
});
afterEach(async () => {
  await other.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const DEFINITION = {
  StartAt: 'Loop',
  States: {
    Loop: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'More' },
    More: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericLessThan: 5, Next: 'Loop' }], Default: 'Done' },
    Done: { Type: 'Succeed' },
  },
} as unknown as StateMachineDefinition;

const recordingOptions = (name: string) => ({
  stateMachine: { name: 'Loop', arn: 'arn:aws:states:us-east-1:111111111111:stateMachine:Loop' },
  definition: { text: JSON.stringify(DEFINITION), format: 'json' as const },
  name,
  arn: `arn:aws:states:us-east-1:111111111111:execution:Loop:${name}`,
  input: '{"n":0}',
  startDate: Date.UTC(2024, 0, 1),
});

async function runOn(store: ExecutionStore, name: string) {
  const recording = store.startRecording(recordingOptions(name), { batchSize: 4 });
  const result = await runExecution({ definition: DEFINITION, input: { n: 0 }, invoker: { invoke: () => ({ kind: 'success', output: {} }) }, sink: recording.sink, executionName: name, stateMachineName: 'Loop' });
  await recording.finish(finishUpdateFromResult(result));
  return { id: recording.executionId, events: result.events };
}

function imported(name: string, events: ImportedExecution['events']): ImportedExecution {
  return {
    sources: [`${name}.json`], name, executionArn: `arn:aws:states:us-east-1:111111111111:execution:Loop:${name}`, stateMachineName: 'Loop',
    stateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:Loop', type: 'STANDARD', status: 'SUCCEEDED', input: '{"n":0}',
    output: null, error: null, cause: null, startDate: null, stopDate: null,
    definition: { value: {}, text: JSON.stringify(DEFINITION), format: 'json', reconstructed: false },
    events, mockConfig: null, testCase: null, seed: null, origin: 'import',
  };
}

describe('ExternalWriteWatcher', () => {
  it('reports nothing, with one PRAGMA, while no other connection commits', () => {
    const watcher = new ExternalWriteWatcher(app);
    expect(watcher.check()).toBeUndefined();
    expect(watcher.check()).toBeUndefined();
  });

  it('reports an import by another connection, once', async () => {
    const { events } = await runOn(other, 'source');
    const watcher = new ExternalWriteWatcher(app);
    const [id] = await other.importExecutions([imported('copy', events)]);
    const changes = watcher.check();
    expect(changes?.added.map((r) => [r.id, r.name, r.status, r.origin])).toEqual([[id, 'copy', 'SUCCEEDED', 'import']]);
    expect(changes?.progressed).toEqual([]);
    expect(changes?.removed).toBe(0);
    expect(watcher.check()).toBeUndefined();
  });

  it('does not report what its own store object recorded or imported', async () => {
    const watcher = new ExternalWriteWatcher(app);
    const { events } = await runOn(app, 'mine');
    await app.importExecutions([imported('mine-too', events)]);
    // The import committed on another connection of the same store object: a look, with nothing in it.
    expect(watcher.check()).toEqual({ added: [], progressed: [], removed: 0 });
    // Another connection then stores one: only that one is reported.
    const { id } = await runOn(other, 'theirs');
    expect(watcher.check()?.added.map((r) => [r.id, r.name])).toEqual([[id, 'theirs']]);
  });

  it('follows a run another connection is recording: its events in order, then its end', async () => {
    const watcher = new ExternalWriteWatcher(app);
    const recording = other.startRecording(recordingOptions('live'), { batchSize: 1 });
    const started = watcher.check();
    expect(started?.added.map((r) => [r.id, r.status])).toEqual([[recording.executionId, 'RUNNING']]);
    expect(started?.progressed).toEqual([]);
    expect(watcher.followed()).toEqual([recording.executionId]);

    // The run's events, handed to the recording in two halves as a run part-way through would.
    const result = await runExecution({ definition: DEFINITION, input: { n: 0 }, invoker: { invoke: () => ({ kind: 'success', output: {} }) }, sink: { emit: () => undefined }, executionName: 'live', stateMachineName: 'Loop' });
    const half = Math.floor(result.events.length / 2);
    for (const event of result.events.slice(0, half)) recording.sink.emit(event);
    recording.flush();
    const middle = watcher.check();
    expect(middle?.added).toEqual([]);
    expect(middle?.progressed.map((p) => p.record.status)).toEqual(['RUNNING']);
    const seen = middle!.progressed[0].events;
    expect(seen).toEqual(result.events.slice(0, half));

    for (const event of result.events.slice(half)) recording.sink.emit(event);
    await recording.finish(finishUpdateFromResult(result));
    const end = watcher.check();
    expect(end?.progressed).toHaveLength(1);
    expect(end?.progressed[0].record.status).toBe('SUCCEEDED');
    expect([...seen, ...end!.progressed[0].events]).toEqual(result.events);
    expect(watcher.followed()).toEqual([]);
    expect(watcher.check()).toBeUndefined();
  });

  it('reads a long history a page per look, looking again without a new commit', async () => {
    const watcher = new ExternalWriteWatcher(app, { pageSize: 5 });
    const { id, events } = await runOn(other, 'finished-before-the-look');
    // Stopped before the first look: reported as added (its whole history is stored), not followed.
    expect(watcher.check()?.added.map((r) => [r.id, r.status])).toEqual([[id, 'SUCCEEDED']]);
    expect(watcher.followed()).toEqual([]);

    const recording = other.startRecording(recordingOptions('long'), { batchSize: 1 });
    watcher.check();
    for (const event of events) recording.sink.emit(event);
    await recording.finish({ status: 'SUCCEEDED', output: '{}', error: null, cause: null, stopDate: Date.UTC(2024, 0, 1, 0, 1) });
    const got: number[] = [];
    const statuses: string[] = [];
    for (let look = 0; look < 20 && watcher.followed().length > 0; look++) {
      for (const p of watcher.check()?.progressed ?? []) {
        got.push(...p.events.map((e) => e.id));
        statuses.push(p.record.status);
      }
    }
    expect(got).toEqual(events.map((e) => e.id));
    // Only the last page says it stopped: a status never comes before events of the same run.
    expect(statuses.at(-1)).toBe('SUCCEEDED');
    expect(statuses.slice(0, -1).every((s) => s === 'RUNNING')).toBe(true);
  });

  it('follows a run that was already being recorded when it started', async () => {
    const recording = other.startRecording(recordingOptions('earlier'), { batchSize: 1 });
    // A writer_pid of another process (ours would be taken for this process's own run).
    other.db.prepare('UPDATE executions SET writer_pid = ? WHERE id = ?').run(process.pid + 100_000, recording.executionId);
    const watcher = new ExternalWriteWatcher(app);
    expect(watcher.followed()).toEqual([recording.executionId]);
    expect(watcher.check()).toEqual({ added: [], progressed: [], removed: 0 });
  });

  it('counts executions another connection removed', async () => {
    const a = await runOn(other, 'a');
    await runOn(other, 'b');
    const watcher = new ExternalWriteWatcher(app);
    other.deleteExecution(a.id);
    expect(watcher.check()).toEqual({ added: [], progressed: [], removed: 1 });
  });
});
