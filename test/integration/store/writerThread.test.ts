import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import { finishUpdateFromResult, openStore, type ExecutionStore } from '../../../src-main/node/store';

/**
 * Recording through the real writer thread: the writer script is bundled from its entry point into
 * node_modules/.cache (where better-sqlite3 resolves), not dist/, which other tests build.
 */
const ROOT = join(__dirname, '../../..');
let dir: string;
let script: URL;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stepscope-writer-'));
  const out = join(ROOT, 'node_modules/.cache/stepscope-store-test');
  mkdirSync(out, { recursive: true });
  const file = join(out, `storeWriter-${process.pid}.mjs`);
  await build({
    entryPoints: [join(ROOT, 'src-main/node/cli/entries/storeWriter.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3'],
    logLevel: 'silent',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  script = pathToFileURL(file);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (script) rmSync(script, { force: true });
});

const DEFINITION = {
  StartAt: 'Loop',
  States: {
    Loop: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'Fan' },
    Fan: { Type: 'Parallel', Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }], ResultPath: null, Next: 'More' },
    More: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericLessThan: 300, Next: 'Loop' }], Default: 'Done' },
    Done: { Type: 'Succeed' },
  },
} as unknown as StateMachineDefinition;

const OPTIONS = {
  stateMachine: { name: 'Loop', arn: 'arn:aws:states:us-east-1:111111111111:stateMachine:Loop' },
  definition: { text: JSON.stringify(DEFINITION), format: 'json' as const },
  input: '{"n":0}',
  startDate: Date.UTC(2024, 0, 1),
};

async function record(store: ExecutionStore): Promise<{ id: number; events: number }> {
  const recording = store.startRecording(OPTIONS, { batchSize: 64 });
  const result = await runExecution({ definition: DEFINITION, input: { n: 0 }, invoker: { invoke: () => ({ kind: 'success', output: {} }) }, sink: recording.sink });
  // The run emits between all its awaits: with a writer thread its batches wait until it is quiet
  // (here, its end), none was handed over during it; written in the calling thread, each was as it
  // filled.
  if (store.usesWriterThread) expect(recording.handedOver).toBe(0);
  else expect(recording.handedOver).toBeGreaterThan(0);
  await recording.finish(finishUpdateFromResult(result));
  expect(recording.handedOver).toBe(result.events.length);
  return { id: recording.executionId, events: result.events.length };
}

describe('recording through the writer thread', () => {
  it('stores the same rows, states and snapshot as a recording written in the calling thread', async () => {
    const threaded = openStore({ path: join(dir, 'thread.db'), writerWorker: script });
    const inline = openStore({ path: join(dir, 'inline.db'), writerWorker: false });
    try {
      expect(threaded.usesWriterThread).toBe(true);
      const a = await record(threaded);
      const b = await record(inline);
      await threaded.idle();
      expect(a.events).toBeGreaterThan(2000);
      expect(threaded.getExecution(a.id)).toMatchObject({ status: 'SUCCEEDED', eventCount: a.events });
      const rows = (s: ExecutionStore, id: number) => s.db.prepare('SELECT id, previous_event_id, type, timestamp, state_name, details FROM events WHERE execution_id = ? ORDER BY id').all(id);
      expect(rows(threaded, a.id)).toEqual(rows(inline, b.id));
      expect(threaded.db.prepare('SELECT event_count FROM history_snapshots WHERE execution_id = ?').get(a.id)).toEqual({ event_count: a.events });
      expect(threaded.loadEvents(a.id)).toEqual(inline.loadEventRows(b.id));
      expect(threaded.eventIdsByState(a.id, 'A')).toEqual(inline.eventIdsByState(b.id, 'A'));
    } finally {
      await threaded.close();
      await inline.close();
    }
  });

  it('writes the batches a recording still holds when the store closes before it finishes', async () => {
    const path = join(dir, 'close.db');
    const store = openStore({ path, writerWorker: script });
    const recording = store.startRecording(OPTIONS, { batchSize: 10 });
    for (let id = 1; id <= 35; id++) {
      recording.sink.emit({ id, previousEventId: id - 1, timestamp: '2024-01-01T00:00:00.000Z', type: 'PassStateEntered', stateEnteredEventDetails: { name: 'Loop', input: '{}' } });
    }
    expect(recording.handedOver).toBe(0);
    await store.close();
    const reopened = openStore({ path, writerWorker: false, recover: false });
    try {
      expect(reopened.loadEventRows(recording.executionId).map((e) => e.id)).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
    } finally {
      await reopened.close();
    }
  });
});
