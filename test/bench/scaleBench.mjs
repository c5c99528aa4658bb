/**
 * The scale part of `npm run bench` (issue #16):
 *
 * - **distributed-map-100k** (test/fixtures/bench/scale): `stepscope run` of a Distributed Map over
 *   100,000 JSONL items in 1,000 child executions, recorded to a new store, as a user runs it: one
 *   process, start to exit. Reports wall time, peak RSS (target < 1 GiB; read from /proc while it
 *   runs, so Linux only), events persisted (counted in the store afterwards) and events/s.
 * - **CLI cold start** (target < 300 ms): `stepscope run` of pass-chain-1k with the store, process
 *   start to exit, median of 7.
 *
 * Usage: node test/bench/scaleBench.mjs [--json out.json]   (needs `npm run build:cli`)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'dist', 'cli.mjs');
const RSS_TARGET_MB = 1024;
const COLD_START_TARGET_MS = 300;

/** 100,000 orders, the same every time (no randomness). */
function ordersJsonl() {
  const lines = [];
  for (let i = 0; i < 100_000; i++) {
    lines.push(JSON.stringify({ id: i, sku: `SKU-${i % 977}`, qty: 1 + (i % 5), price: Math.round((i % 1000) * 137) / 100, region: ['eu', 'us', 'ap'][i % 3] }));
  }
  return `${lines.join('\n')}\n`;
}

/** The process's peak RSS so far (VmHWM), in MB; undefined where /proc is not there. */
function peakRssMb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Runs the CLI with `args`; resolves with wall ms, peak RSS MB (polled every 50 ms) and the exit code. */
function runCli(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let peak;
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    const poll = setInterval(() => {
      const now = peakRssMb(child.pid);
      if (now !== undefined) peak = Math.max(peak ?? 0, now);
    }, 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ ms: performance.now() - started, peakMb: peak, code, stderr });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const jsonOut = process.argv.includes('--json') ? process.argv[process.argv.indexOf('--json') + 1] : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'stepscope-scale-'));
  try {
    mkdirSync(join(dir, 's3', 'bench-items'), { recursive: true });
    writeFileSync(join(dir, 's3', 'bench-items', 'orders.jsonl'), ordersJsonl());
    const db = join(dir, 'scale.db');
    const definition = join(ROOT, 'test/fixtures/bench/scale/distributed-map-100k/definition.json');
    const run = await runCli(['run', definition, '--s3-root', join(dir, 's3'), '--db', db]);
    if (run.code !== 0) throw new Error(`stepscope run exited ${run.code}: ${run.stderr}`);
    const store = new Database(db, { readonly: true });
    const events = store.prepare('SELECT count(*) AS n FROM events').get().n;
    const executions = store.prepare('SELECT count(*) AS n FROM executions').get().n;
    store.close();

    const coldDb = join(dir, 'cold.db');
    const passChain = join(ROOT, 'test/fixtures/bench/workloads/pass-chain-1k/definition.json');
    const passInput = join(ROOT, 'test/fixtures/bench/workloads/pass-chain-1k/input.json');
    await runCli(['run', passChain, '--input', passInput, '--db', coldDb]); // creates the store once
    const cold = [];
    for (let i = 0; i < 7; i++) {
      const r = await runCli(['run', passChain, '--input', passInput, '--db', coldDb]);
      if (r.code !== 0) throw new Error(`stepscope run exited ${r.code}: ${r.stderr}`);
      cold.push(r.ms);
    }

    const result = {
      distributedMap100k: { executions, events, ms: Math.round(run.ms), peakRssMb: run.peakMb !== undefined ? Math.round(run.peakMb) : null, eventsPerSecond: Math.round(events / (run.ms / 1000)) },
      coldStart: { medianMs: Math.round(median(cold)), minMs: Math.round(Math.min(...cold)), maxMs: Math.round(Math.max(...cold)) },
    };
    const d = result.distributedMap100k;
    const rssOk = d.peakRssMb === null ? 'n/a (no /proc)' : d.peakRssMb < RSS_TARGET_MB ? 'met' : '**NOT MET**';
    console.log('\nScale (test/bench/scaleBench.mjs; one process, start to exit, recorded to a new store):\n');
    console.log('| workload | executions | events persisted | wall s | events/s persisted | peak RSS MB | target: RSS < 1,024 MB |');
    console.log('|---|---|---|---|---|---|---|');
    console.log(`| distributed-map-100k | ${d.executions.toLocaleString('en-US')} | ${d.events.toLocaleString('en-US')} | ${(d.ms / 1000).toFixed(1)} | ${d.eventsPerSecond.toLocaleString('en-US')} | ${d.peakRssMb ?? 'n/a'} | ${rssOk} |`);
    const c = result.coldStart;
    console.log(`\nCLI cold start, \`stepscope run\` of pass-chain-1k with the store, process start to exit (7 runs): median ${c.medianMs} ms (${c.minMs}–${c.maxMs}); target < ${COLD_START_TARGET_MS} ms: ${c.medianMs < COLD_START_TARGET_MS ? 'met' : '**NOT MET**'}`);
    if (jsonOut !== undefined) writeFileSync(jsonOut, JSON.stringify(result, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`scaleBench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
