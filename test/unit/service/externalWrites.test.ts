import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import type { Push } from '../../../src-main/common/contract/events';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import { createService, type StepscopeService } from '../../../src-main/node/service';
import { openStore } from '../../../src-main/node/store';
import { EXAMPLES, START } from './serviceFixture';

/**
 * Live updates from other writers (service/externalWrites.ts): a service watching its database,
 * and another store object on the same file standing for `stepscope import` / `stepscope run`.
 */

/** The writer thread's script, as `npm run build:cli` builds it (as the runOffThread tests use dist/runWorker.mjs). */
const STORE_WRITER = pathToFileURL(join(__dirname, '../../../dist/storeWriter.mjs'));

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

function open(options: { watch: boolean; writerThread?: boolean }) {
  const dir = mkdtempSync(join(tmpdir(), 'stepscope-live-'));
  const path = join(dir, 's.db');
  // With a writer thread, the service's own recordings commit on another connection too (and change data_version).
  const store = openStore({ path, writerWorker: options.writerThread === true ? STORE_WRITER : false });
  const service = createService({ examplesDir: EXAMPLES, store, now: () => START, flushIntervalMs: 5, ...(options.watch ? { externalWritesPollMs: 10 } : {}) });
  const other = openStore({ path, writerWorker: false });
  const pushes: Push[] = [];
  service.subscribe((p) => pushes.push(p));
  cleanup.push(async () => {
    await service.close();
    await other.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { service, store, other, pushes };
}

const DEFINITION = {
  StartAt: 'One',
  States: { One: { Type: 'Pass', Next: 'Two' }, Two: { Type: 'Pass', End: true } },
} as unknown as StateMachineDefinition;

const recordingOptions = (name: string) => ({
  stateMachine: { name: 'Two', arn: 'arn:aws:states:us-east-1:111111111111:stateMachine:Two' },
  definition: { text: JSON.stringify(DEFINITION), format: 'json' as const },
  name,
  arn: `arn:aws:states:us-east-1:111111111111:execution:Two:${name}`,
  input: '{}',
  startDate: START,
});

async function eventsOfARun() {
  return (await runExecution({ definition: DEFINITION, input: {}, invoker: { invoke: () => ({ kind: 'success', output: {} }) }, sink: { emit: () => undefined }, executionName: 'x', stateMachineName: 'Two' })).events;
}

const statusPushes = (pushes: Push[]) => pushes.flatMap((p) => (p.type === 'execution.statusChanged' ? [[p.payload.execution.name, p.payload.execution.status]] : []));

describe('live updates from other writers', () => {
  it('pushes an execution another process imported, and lists it', async () => {
    const { service, other, pushes } = open({ watch: true });
    const events = await eventsOfARun();
    await other.importExecutions([
      {
        sources: ['h.json'], name: 'imported-elsewhere', executionArn: 'arn:aws:states:us-east-1:111111111111:execution:Two:imported-elsewhere', stateMachineName: 'Two',
        stateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:Two', type: 'STANDARD', status: 'SUCCEEDED', input: '{}', output: '{}', error: null, cause: null,
        startDate: START, stopDate: START + 5, definition: { value: {}, text: JSON.stringify(DEFINITION), format: 'json', reconstructed: false }, events, mockConfig: null,
        testCase: null, seed: null, origin: 'import',
      },
    ]);
    await vi.waitFor(() => expect(statusPushes(pushes)).toEqual([['imported-elsewhere', 'SUCCEEDED']]), { timeout: 5000, interval: 10 });
    expect((await service['executions.list']({})).map((e) => e.name)).toEqual(['imported-elsewhere']);
  });

  it('pushes a run another process records: started, its events in order, stopped', async () => {
    const { other, pushes } = open({ watch: true });
    const events = await eventsOfARun();
    const recording = other.startRecording(recordingOptions('run-elsewhere'), { batchSize: 1 });
    await vi.waitFor(() => expect(statusPushes(pushes)).toEqual([['run-elsewhere', 'RUNNING']]), { timeout: 5000, interval: 10 });
    recording.sink.emit(events[0]);
    recording.flush();
    await vi.waitFor(() => expect(pushes.some((p) => p.type === 'execution.eventsAppended')).toBe(true), { timeout: 5000, interval: 10 });
    for (const event of events.slice(1)) recording.sink.emit(event);
    await recording.finish({ status: 'SUCCEEDED', output: '{}', error: null, cause: null, stopDate: START + 10 });
    await vi.waitFor(() => expect(statusPushes(pushes)).toEqual([['run-elsewhere', 'RUNNING'], ['run-elsewhere', 'SUCCEEDED']]), { timeout: 5000, interval: 10 });
    const appended = pushes.flatMap((p) => (p.type === 'execution.eventsAppended' ? [p.payload] : []));
    expect(appended.flatMap((p) => p.events)).toEqual(events);
    expect(appended.at(-1)?.status).toBe('SUCCEEDED');
    // The stop comes after the last events.
    expect(pushes.findIndex((p) => p.type === 'execution.statusChanged' && p.payload.execution.status === 'SUCCEEDED')).toBeGreaterThan(
      pushes.findLastIndex((p) => p.type === 'execution.eventsAppended'),
    );
  });

  it('does not push its own runs twice (their writer thread commits on a connection of its own)', async () => {
    const { service, store, pushes } = open({ watch: true, writerThread: true });
    expect(store.usesWriterThread).toBe(true);
    await service['executions.start']({ definitionText: JSON.stringify(DEFINITION), input: {} });
    await service.whenIdle();
    // Long enough for several looks.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(statusPushes(pushes).map(([, status]) => status)).toEqual(['RUNNING', 'SUCCEEDED']);
  });

  it('pushes nothing of other writers unless asked to watch, and stops watching when closed', async () => {
    const { other, pushes } = open({ watch: false });
    other.startRecording(recordingOptions('unseen'));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(pushes).toEqual([]);
    const watched = open({ watch: true });
    await watched.service.close();
    watched.other.startRecording(recordingOptions('after-close'));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(watched.pushes).toEqual([]);
  });
});
