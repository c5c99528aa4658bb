/**
 * `npm run bench`: runs every workload in test/fixtures/bench/workloads through the engine with the
 * full history recorded (quotas off, since several go past AWS's on purpose) and prints the median
 * time, transitions per second, peak memory and the ratio to the hand-written history floor; then
 * the store's tables (storeBench.ts) and the views' (viewBench.ts).
 *
 * The engine table is measured as the team's side-by-side harness measures (issue #16): each
 * workload in a fresh Node process started with `--expose-gc` (this file again, with `--cell`), a
 * full GC forced before every run, so each run starts from a small heap as a CLI run or a test case
 * does, and Task handlers that answer asynchronously, as Lambda handlers do. A run that inherits a
 * heap grown by earlier runs reads 2–3× faster on the 10k workloads and would hide the engine's
 * allocation cost. The floors are the harness's figures (test/fixtures/bench/README.md); ratios
 * taken in one sitting with the floor come from the harness itself.
 * Usage: node dist/bench.mjs [--runs N] [--json out.json] [workload ...]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { runExecution } from '../../src-main/common/engine/interpreter';
import type { TaskInvoker } from '../../src-main/common/engine/ports';
import type { Json, JsonObject } from '../../src-main/common/json';
import type { StateMachineDefinition } from '../../src-main/common/asl/types';
import { runStoreBench } from './storeBench';
import { runViewBench } from './viewBench';

/** History floors (ms) from test/fixtures/bench/README.md, Node 20 on 2 cores. */
const HISTORY_FLOOR_MS: Record<string, number> = {
  'pass-chain-1k': 4.7,
  'choice-loop-10k': 15.5,
  'map-inline-10k-c0': 28.8,
  'map-inline-10k-c40': 27.5,
  'parallel-10x100': 6.4,
  'task-map-1k': 8.4,
  'data-shaping-10k': 22.4,
  'retry-catch-1k': 36.2,
};

/** Local task handlers standing in for each workload's Lambda functions (answering asynchronously in the engine table's cells). */
const invoker: TaskInvoker = {
  invoke(req) {
    if (req.resource.endsWith(':bench-work')) {
      const p = req.parameters as JsonObject;
      return { kind: 'success', output: { id: p.id, doubled: (p.v as number) * 2 } };
    }
    if (req.resource.endsWith(':bench-flaky')) {
      return { kind: 'failure', failure: { error: 'Bench.Failure', cause: 'always fails' } };
    }
    return { kind: 'failure', failure: { error: 'Bench.NoHandler', cause: req.resource } };
  },
};

/**
 * The workloads folder (test/fixtures/bench/workloads), found from this file whether it runs as
 * source (test/bench/) or bundled (dist/bench.mjs).
 */
function findWorkloads(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const base of [join(here, '..'), join(here, '..', '..'), process.cwd()]) {
    const dir = resolve(base, 'test/fixtures/bench/workloads');
    if (existsSync(dir)) return dir;
  }
  throw new Error('cannot find test/fixtures/bench/workloads (run npm run bench from the project folder)');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The same handlers, answering on a later microtask (the harness's async handlers). */
const asyncInvoker: TaskInvoker = {
  invoke: async (req) => invoker.invoke(req),
};

/** One engine cell: `name` measured in this (fresh) process, a full GC before every run; prints one JSON line. */
async function runCell(dir: string, name: string, runs: number): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('a cell needs node --expose-gc');
  const definition = JSON.parse(readFileSync(join(dir, name, 'definition.json'), 'utf8')) as StateMachineDefinition;
  const inputText = readFileSync(join(dir, name, 'input.json'), 'utf8');
  const once = () => runExecution({ definition, input: JSON.parse(inputText) as Json, invoker: asyncInvoker, quotas: { payloadBytes: false, historyEvents: false } });
  for (let i = 0; i < 3; i++) {
    gc();
    await once();
  }
  const times: number[] = [];
  let peakRss = process.memoryUsage().rss;
  let last = await once();
  for (let i = 0; i < runs; i++) {
    gc();
    const t0 = performance.now();
    last = await once();
    times.push(performance.now() - t0);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const transitions = last.events.filter((e) => e.type.endsWith('StateEntered')).length;
  console.log(JSON.stringify({ name, times, peakRss, transitions, events: last.events.length, status: last.status }));
}

/** Runs `name`'s cell in a fresh process (this file with --cell) and reads its line. */
function measureInFreshProcess(name: string, runs: number): { times: number[]; peakRss: number; transitions: number; events: number; status: string } {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--expose-gc', self, '--cell', name, '--runs', String(runs)], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('{'));
  if (line === undefined) throw new Error(`the ${name} cell exited ${r.status}: ${(r.stderr ?? '').trim().split('\n').slice(-1)[0] ?? ''}`);
  return JSON.parse(line) as { times: number[]; peakRss: number; transitions: number; events: number; status: string };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let runs = 15;
  let jsonOut: string | undefined;
  let cell: string | undefined;
  const only: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--runs') runs = Number(args[++i]);
    else if (args[i] === '--json') jsonOut = args[++i];
    else if (args[i] === '--cell') cell = args[++i];
    else only.push(args[i]);
  }
  if (cell !== undefined) return runCell(findWorkloads(), cell, runs);
  const dir = findWorkloads();
  const names = readdirSync(dir).filter((n) => existsSync(join(dir, n, 'definition.json')) && (only.length === 0 || only.includes(n)));
  const rows: Record<string, Json>[] = [];
  console.log(`Stepscope engine benchmark: each workload in a fresh process, a full GC before each of ${runs} runs (after 3 warm-ups), async Task handlers; Node ${process.version}\n`);
  console.log('| workload | transitions / events | median ms | transitions/s | peak RSS MB | history floor ms | ratio | status |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const name of names) {
    const measured = measureInFreshProcess(name, runs);
    const { times, peakRss, transitions } = measured;
    const last = { events: { length: measured.events }, status: measured.status };
    const med = median(times);
    const floor = HISTORY_FLOOR_MS[name];
    const ratio = floor ? med / floor : NaN;
    const row = {
      workload: name,
      transitions,
      events: last.events.length,
      medianMs: Number(med.toFixed(2)),
      transitionsPerSecond: Math.round(transitions / (med / 1000)),
      peakRssMB: Math.round(peakRss / 1048576),
      historyFloorMs: floor ?? null,
      ratioToFloor: Number.isFinite(ratio) ? Number(ratio.toFixed(2)) : null,
      status: last.status,
    };
    rows.push(row);
    console.log(
      `| ${name} | ${transitions.toLocaleString('en-US')} / ${last.events.length.toLocaleString('en-US')} | ${row.medianMs} | ${row.transitionsPerSecond.toLocaleString('en-US')} | ${row.peakRssMB} | ${floor ?? '-'} | ${Number.isFinite(ratio) ? ratio.toFixed(2) + '×' : '-'} | ${last.status} |`,
    );
  }
  // The execution store: events persisted while running the same workloads, 25k-event import/load.
  const workloads = names.map((name) => ({
    name,
    definition: JSON.parse(readFileSync(join(dir, name, 'definition.json'), 'utf8')) as StateMachineDefinition,
    input: JSON.parse(readFileSync(join(dir, name, 'input.json'), 'utf8')) as Json,
  }));
  rows.push(...(await runStoreBench(workloads, invoker, runs)));
  // The views: event table filtering and graph layout on large inputs.
  rows.push(...(await runViewBench(runs)));
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(rows, null, 2));
}

main().catch((err) => {
  console.error('bench failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
