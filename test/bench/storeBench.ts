/**
 * The execution store's part of `npm run bench`: events persisted per second while the engine
 * runs each workload (recorded through the store's writer thread), the engine's own run time with
 * and without recording, and the time to import and to load one 25,000-event history.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { StateMachineDefinition } from '../../src-main/common/asl/types';
import { runExecution } from '../../src-main/common/engine/interpreter';
import type { TaskInvoker } from '../../src-main/common/engine/ports';
import { assembleImport, classifyImportDocument } from '../../src-main/common/history/historyImport';
import type { Json } from '../../src-main/common/json';
import { finishUpdateFromResult, openStore } from '../../src-main/node/store';

/** One bench workload. */
export interface StoreBenchWorkload {
  name: string;
  definition: StateMachineDefinition;
  input: Json;
}

/** Storage floor from ../shared/bench/README.md: better-sqlite3, WAL, one INSERT, ~570-byte rows. */
export const STORAGE_FLOOR_ROWS_PER_SECOND = 217_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Runs the store benchmarks, prints two tables and returns their rows. */
export async function runStoreBench(workloads: readonly StoreBenchWorkload[], invoker: TaskInvoker, runs: number): Promise<Record<string, Json>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'stepscope-bench-'));
  const rows: Record<string, Json>[] = [];
  const quotas = { payloadBytes: false as const, historyEvents: false as const };
  const storeRuns = Math.max(3, Math.min(runs, 5));
  try {
    const store = openStore({ path: join(dir, 'bench.db') });
    console.log(`\nExecution store: events recorded while running (writer thread: ${store.usesWriterThread ? 'yes' : 'no'}; median of ${storeRuns} runs)\n`);
    console.log('| workload | events | avg event bytes | run ms (no store) | run ms (recording) | persisted ms | events/s persisted | vs floor |');
    console.log('|---|---|---|---|---|---|---|---|');
    let totalEvents = 0;
    let totalPersistMs = 0;
    for (const w of workloads) {
      const plain: number[] = [];
      const recorded: number[] = [];
      const persisted: number[] = [];
      let events = 0;
      let bytes = 0;
      for (let i = 0; i < storeRuns + 1; i++) {
        const t0 = performance.now();
        const r = await runExecution({ definition: w.definition, input: w.input, invoker, quotas });
        const t1 = performance.now();
        if (i > 0) plain.push(t1 - t0);
        events = r.events.length;
        bytes = JSON.stringify(r.events).length / Math.max(1, events);
      }
      for (let i = 0; i < storeRuns + 1; i++) {
        const t0 = performance.now();
        const recording = store.startRecording({
          stateMachine: { name: w.name, arn: `arn:aws:states:us-east-1:111111111111:stateMachine:${w.name}` },
          definition: { text: JSON.stringify(w.definition), format: 'json' },
          input: JSON.stringify(w.input),
          startDate: Date.UTC(2024, 0, 1),
        });
        const result = await runExecution({ definition: w.definition, input: w.input, invoker, quotas, sink: recording.sink, collectEvents: false });
        const t1 = performance.now();
        await recording.finish(finishUpdateFromResult(result));
        const t2 = performance.now();
        // Let the writer also store the history's fast-loading snapshot before the next run.
        await store.idle();
        if (i > 0) {
          recorded.push(t1 - t0);
          persisted.push(t2 - t0);
        }
      }
      const persistMs = median(persisted);
      const perSecond = events / (persistMs / 1000);
      totalEvents += events;
      totalPersistMs += persistMs;
      const row = {
        workload: w.name,
        events,
        avgEventBytes: Math.round(bytes),
        runMsNoStore: Number(median(plain).toFixed(2)),
        runMsRecording: Number(median(recorded).toFixed(2)),
        persistedMs: Number(persistMs.toFixed(2)),
        eventsPerSecondPersisted: Math.round(perSecond),
        ratioToStorageFloor: Number((perSecond / STORAGE_FLOOR_ROWS_PER_SECOND).toFixed(2)),
      };
      rows.push(row);
      console.log(
        `| ${w.name} | ${fmt(events)} | ${row.avgEventBytes} | ${row.runMsNoStore} | ${row.runMsRecording} | ${row.persistedMs} | ${fmt(perSecond)} | ${(row.ratioToStorageFloor * 100).toFixed(0)}% |`,
      );
    }
    const overall = totalEvents / (totalPersistMs / 1000);
    console.log(`| all workloads | ${fmt(totalEvents)} | | | | ${totalPersistMs.toFixed(1)} | ${fmt(overall)} | ${((overall / STORAGE_FLOOR_ROWS_PER_SECOND) * 100).toFixed(0)}% |`);
    rows.push({ workload: 'all', events: totalEvents, persistedMs: Number(totalPersistMs.toFixed(2)), eventsPerSecondPersisted: Math.round(overall) });

    // One 25,000-event history (AWS's Standard quota), imported from GetExecutionHistory JSON and loaded back.
    const loop = {
      StartAt: 'Count',
      States: {
        Count: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)', 'payload.$': '$.payload' }, Next: 'More' },
        More: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericLessThan: 6249, Next: 'Count' }], Default: 'Done' },
        Done: { Type: 'Succeed' },
      },
    } as unknown as StateMachineDefinition;
    const big = await runExecution({ definition: loop, input: { n: 0, payload: 'x'.repeat(300) }, invoker, quotas });
    const text = JSON.stringify({ events: big.events });
    const importMs: number[] = [];
    const loadMs: number[] = [];
    let id = 0;
    for (let i = 0; i < storeRuns; i++) {
      const t0 = performance.now();
      const doc = classifyImportDocument(JSON.parse(text) as Json, 'big.json');
      if (!doc.ok) throw new Error('bench history did not classify');
      const assembled = assembleImport([doc.value]);
      if (!assembled.ok) throw new Error('bench history did not assemble');
      [id] = await store.importExecutions([assembled.value]);
      importMs.push(performance.now() - t0);
    }
    for (let i = 0; i < storeRuns + 2; i++) {
      const t0 = performance.now();
      const events = store.loadEvents(id);
      const ms = performance.now() - t0;
      if (events.length !== big.events.length) throw new Error('loaded history has the wrong length');
      if (i >= 2) loadMs.push(ms);
    }
    const history = {
      workload: '25k-event history',
      events: big.events.length,
      fileMB: Number((text.length / 1048576).toFixed(1)),
      importMs: Number(median(importMs).toFixed(1)),
      loadMs: Number(median(loadMs).toFixed(1)),
    };
    rows.push(history);
    console.log(`\n| history | events | file MB | import ms (parse, check, store) | load ms (store → events) |`);
    console.log('|---|---|---|---|---|');
    console.log(`| GetExecutionHistory JSON | ${fmt(history.events)} | ${history.fileMB} | ${history.importMs} | ${history.loadMs} |`);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
