import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FuzzCase } from './fuzzCase';
import { PROGRESS_SLOTS } from './progress';
import type { FuzzOutcome } from './runFuzzCase';
import type { FuzzWorkerData, WorkerReply, WorkerRequest } from './worker';

/**
 * A fuzz campaign: runs `runs` cases of one seed (or until a wall-time budget is spent) in a
 * worker thread, one at a time, with a watchdog that kills the worker when a run blocks it, and
 * groups the violations by key. New (unknown) violations are shrunk and written as reproduction
 * files; known ones (test/fuzz/known-violations.json) are only counted.
 */

/** One entry of test/fuzz/known-violations.json. */
export interface KnownViolation {
  /** Why it happens, as far as known. */
  reason: string;
  /** The issue (and item) where it is tracked, e.g. "#18 item 1". */
  issue: string;
  /** Path (from the repository root) of a FuzzCase that shows it. */
  reproduction: string;
}

/** Options of `runCampaign`. */
export interface CampaignOptions {
  repoRoot: string;
  /** The bundled worker (buildFuzzBundle). */
  workerFile: string;
  seed: number;
  /** Most runs (indexes `first` .. `first + runs - 1`). */
  runs: number;
  /** First index. Default 0. */
  first?: number;
  /** Stop starting runs after this much wall time, ms. */
  budgetMs?: number;
  /** Per-run wall-time limit, ms; past it a run is a hang. */
  timeLimitMs: number;
  /** Shrink each new kind of violation (and, with `shrinkKnown`, known ones). */
  shrink: boolean;
  shrinkKnown?: boolean;
  /** Time budget of one shrink, ms. Default 60,000. */
  shrinkBudgetMs?: number;
  /** Where reproduction files are written; none when undefined. */
  outDir?: string;
  known: Readonly<Record<string, KnownViolation>>;
  /** Progress lines (the CLI prints them). */
  log?: (line: string) => void;
}

/** One kind of violation seen in a campaign. */
export interface Finding {
  key: string;
  known: boolean;
  /** Runs that showed it. */
  count: number;
  /** The first run that showed it, and its message. */
  firstIndex: number;
  origin: string;
  message: string;
  /** The (shrunk) case, when it could be serialised. */
  reproduction?: FuzzCase;
  /** The file it was written to. */
  reproductionFile?: string;
  shrinkAttempts?: number;
}

/** What a campaign did and found. */
export interface CampaignReport {
  seed: number;
  runs: number;
  first: number;
  ms: number;
  timeLimitMs: number;
  /** Runs per result (`invalid`, `SUCCEEDED`, ..., `hang`, `crash`). */
  results: Record<string, number>;
  /** Runs with an uncaught exception / a hang / a broken history invariant. */
  uncaught: number;
  hangs: number;
  brokenInvariants: number;
  /** Workers killed by the watchdog (a run blocked the thread). */
  killed: number;
  /** Workers that died between runs (out of memory from work a finished run left behind). */
  diedIdle: number;
  /** Runs past the time limit that were still making progress (not violations), and the first of their indexes. */
  slow: number;
  slowRuns: number[];
  findings: Finding[];
  /** Known violations seen / not seen in this campaign. */
  knownSeen: string[];
  knownNotSeen: string[];
}

/**
 * The worker's limits: memory, so a runaway run ends as `worker/died` rather than taking the
 * machine, and a stack about the size of a Node main thread's (984 KB), where the engine runs in
 * the app: a worker's default (4 MB) would hide stack overflows.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 2048, stackSizeMb: 1 };

/**
 * How long the watchdog watches a run that held its worker's thread past the watchdog time for
 * progress (PROGRESS_SLOTS in runFuzzCase.ts: an event of any history, or a Task invocation).
 */
const PROGRESS_WINDOW_MS = 2_000;

/** A reply that ends a request. */
type FinalReply = Exclude<WorkerReply, { type: 'started' }>;

/** A request the watchdog ended: the worker blocked its thread, died, or ran out of memory. */
interface Killed {
  type: 'killed';
  reason: string;
  blocked?: boolean;
  /** What the run had said as it started (its case and hang key). */
  started?: Extract<WorkerReply, { type: 'started' }>;
  /** For a blocked thread: the run still made progress in the last PROGRESS_WINDOW_MS. */
  progressing?: boolean;
  /** For a blocked thread: the top-level history's events so far. */
  topLevelEvents?: number;
}

/** A worker thread with a watchdog on each request. */
class FuzzWorker {
  private worker: Worker | undefined;
  /** The worker's progress counters (FuzzWorkerData.progress). */
  private readonly progress: Int32Array;
  private readonly data: FuzzWorkerData;
  constructor(private readonly file: string, data: FuzzWorkerData) {
    const shared = new SharedArrayBuffer(8);
    this.progress = new Int32Array(shared);
    this.data = { ...data, progress: shared };
  }

  /**
   * Sends one request; resolves to the final reply, or to `killed` (with the `started` note of a
   * run, if it came) when it took longer than `watchdogMs` or the worker died.
   */
  request(message: WorkerRequest, watchdogMs: number): Promise<FinalReply | Killed> {
    const worker = (this.worker ??= this.spawn());
    return new Promise((resolve) => {
      let started: Extract<WorkerReply, { type: 'started' }> | undefined;
      const finish = (r: FinalReply | Killed): void => {
        this.busy = false;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(r);
      };
      const onMessage = (reply: WorkerReply): void => {
        if (reply.type === 'started') started = reply;
        else finish(reply);
      };
      const onError = (err: Error): void => {
        this.worker = undefined;
        void worker.terminate();
        finish({ type: 'killed', reason: `worker error: ${err.name}: ${err.message}`, started });
      };
      const onExit = (code: number): void => {
        this.worker = undefined;
        finish({ type: 'killed', reason: `worker exited with code ${code}`, started });
      };
      // Past the watchdog time the thread is held (or the run is parked): watch the progress
      // counters for PROGRESS_WINDOW_MS, then end the thread and say whether the run was moving.
      let timer = setTimeout(() => {
        const before = Atomics.load(this.progress, PROGRESS_SLOTS.ticks);
        timer = setTimeout(() => {
          const progressing = Atomics.load(this.progress, PROGRESS_SLOTS.ticks) > before;
          const topLevelEvents = Atomics.load(this.progress, PROGRESS_SLOTS.topLevelEvents);
          this.worker = undefined;
          void worker.terminate();
          finish({
            type: 'killed',
            reason: `no answer within ${watchdogMs} ms, ${progressing ? 'still making progress' : `no progress in the next ${PROGRESS_WINDOW_MS} ms`} (${topLevelEvents} top-level events)`,
            blocked: true,
            progressing,
            topLevelEvents,
            started,
          });
        }, PROGRESS_WINDOW_MS);
      }, watchdogMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      this.busy = true;
      worker.postMessage(message);
    });
  }

  /** Number of threads that died between two requests (work a finished run left behind). */
  diedIdle = 0;

  private busy = false;

  private spawn(): Worker {
    const worker = new Worker(this.file, { workerData: this.data, resourceLimits: WORKER_LIMITS });
    // A thread can die between requests (e.g. out of memory, from branches a crashed run left
    // running): without a listener its 'error' would end the whole campaign.
    worker.on('error', () => {
      if (!this.busy) this.diedIdle++;
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
    });
    return worker;
  }

  /** Ends the thread (a parked run holds memory; a fresh thread starts clean). */
  async restart(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w !== undefined) await w.terminate();
  }
}

/** A file name for a violation key. */
export function slugOf(key: string): string {
  return key.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/_+/g, '_').slice(0, 100);
}

/** The invariant family of a key (`uncaught`, `hang`, or a history invariant). */
function familyOf(key: string): 'uncaught' | 'hang' | 'invariant' {
  const k = key.replace(/^child:[^:]+:/, '');
  if (k.startsWith('uncaught/') || k.startsWith('harness/') || k.startsWith('worker/')) return 'uncaught';
  if (k.startsWith('hang/')) return 'hang';
  return 'invariant';
}

/**
 * The outcome of a run the watchdog ended while it held its worker's thread. The worker plays the
 * product's run thread (service/runOffThread.ts: the service, `stepscope serve`, the app and the
 * CLI run an execution off the host's thread), and the campaign's thread plays the host, which
 * the run does not hold. So a run that is still making progress and is within its limits (the
 * top-level history under its event bound; every execution's own quota, one year for Standard
 * and five minutes or 100,000 events for Express, is enforced by the engine and checked on the
 * histories of runs that end) is `slow`, not a hang: it will end. A run with no progress in
 * PROGRESS_WINDOW_MS is a hang of its class (hangKeyOf); a Standard run whose quota the fuzzer
 * turned off is `unbounded`, as before.
 */
function blockedOutcome(reply: Killed, ms: number): FuzzOutcome {
  const key = reply.started === undefined ? 'hang/blocked-thread' : reply.started.hangKey;
  const events = reply.topLevelEvents ?? 0;
  const bound = reply.started?.eventBound ?? false;
  if (key === undefined) return { result: 'unbounded', events, children: 0, ms, violations: [] };
  if (bound !== false && events > bound + 1) {
    return { result: 'hang', events, children: 0, ms, violations: [{ key: 'over-quota/while-running', message: `${events} events emitted, quota ${bound}` }, { key, message: reply.reason }] };
  }
  if (reply.progressing === true) return { result: 'slow', slow: true, events, children: 0, ms, violations: [] };
  return { result: 'hang', events, children: 0, ms, violations: [{ key, message: reply.reason }] };
}

/** Runs a campaign. Promises: never rejects for a finding; every run ends in `results`. */
export async function runCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const started = Date.now();
  const first = options.first ?? 0;
  const log = options.log ?? (() => undefined);
  const data: FuzzWorkerData = { repoRoot: options.repoRoot, seed: options.seed, timeLimitMs: options.timeLimitMs };
  const worker = new FuzzWorker(options.workerFile, data);
  const runWatchdog = options.timeLimitMs * 2 + 5_000;
  const report: CampaignReport = {
    seed: options.seed,
    runs: 0,
    first,
    ms: 0,
    timeLimitMs: options.timeLimitMs,
    results: {},
    uncaught: 0,
    hangs: 0,
    brokenInvariants: 0,
    killed: 0,
    diedIdle: 0,
    slow: 0,
    slowRuns: [],
    findings: [],
    knownSeen: [],
    knownNotSeen: [],
  };
  const findings = new Map<string, Finding>();
  let lastLog = Date.now();
  for (let index = first; index < first + options.runs; index++) {
    if (options.budgetMs !== undefined && Date.now() - started > options.budgetMs) break;
    const reply = await worker.request({ type: 'run', index }, runWatchdog);
    let outcome: FuzzOutcome;
    let origin = '?';
    let fuzzCase: FuzzCase | undefined;
    if (reply.type === 'killed') {
      report.killed++;
      origin = reply.started?.origin ?? '?';
      fuzzCase = reply.started?.fuzzCase;
      if (reply.blocked === true) {
        // The run held its thread past the watchdog: slow when it still moves, else a hang of its class.
        outcome = blockedOutcome(reply, runWatchdog);
        if (outcome.slow === true) log(`run ${index}: held its thread past the watchdog, still making progress (${outcome.events} top-level events): slow, not stuck`);
      } else {
        const key = /memory limit/.test(reply.reason) ? 'worker/out-of-memory' : 'worker/died';
        outcome = { result: 'crash', events: 0, children: 0, ms: runWatchdog, violations: [{ key, message: reply.reason }] };
      }
    } else if (reply.type === 'outcome') {
      outcome = reply.outcome;
      origin = reply.origin;
      fuzzCase = reply.fuzzCase;
      // The parked run of a hang keeps its memory; start over with a clean thread.
      // A crashed run may leave branches running too.
      if (outcome.result === 'hang' || outcome.result === 'unbounded' || outcome.result === 'slow' || outcome.result === 'crash') await worker.restart();
    } else continue;
    report.runs++;
    report.results[outcome.result] = (report.results[outcome.result] ?? 0) + 1;
    if (outcome.slow === true) {
      report.slow++;
      if (report.slowRuns.length < 20) report.slowRuns.push(index);
    }
    const families = new Set(outcome.violations.map((v) => familyOf(v.key)));
    if (families.has('uncaught')) report.uncaught++;
    if (families.has('hang')) report.hangs++;
    if (families.has('invariant')) report.brokenInvariants++;
    for (const v of outcome.violations) {
      const f = findings.get(v.key);
      if (f !== undefined) {
        f.count++;
        continue;
      }
      const known = options.known[v.key] !== undefined;
      const finding: Finding = { key: v.key, known, count: 1, firstIndex: index, origin, message: v.message, reproduction: fuzzCase };
      findings.set(v.key, finding);
      log(`run ${index}: ${known ? 'known' : 'NEW'} violation ${v.key} (${origin}): ${v.message.split('\n')[0]}`);
      if (options.shrink && (!known || options.shrinkKnown === true) && familyOf(v.key) !== 'hang') {
        const budgetMs = options.shrinkBudgetMs ?? 60_000;
        const shrunk = await worker.request({ type: 'shrink', index, key: v.key, budgetMs }, budgetMs + runWatchdog * 2);
        if (shrunk.type === 'shrunk' && shrunk.still) {
          finding.reproduction = shrunk.fuzzCase;
          finding.shrinkAttempts = shrunk.attempts;
          log(`  shrunk in ${shrunk.attempts} attempts`);
        } else if (shrunk.type === 'killed') {
          report.killed++;
          log(`  shrinking stopped: ${shrunk.reason}`);
        }
      }
      if (options.outDir !== undefined && finding.reproduction !== undefined) {
        mkdirSync(options.outDir, { recursive: true });
        const file = join(options.outDir, `${slugOf(v.key)}.json`);
        // Run index `index` with this seed regenerates the original case; the file holds the shrunk one.
        writeFileSync(file, `${JSON.stringify({ key: v.key, known, message: v.message, reproduce: [`npm run fuzz -- --seed ${options.seed} --only ${index} --time-limit-ms ${options.timeLimitMs}`, `npm run fuzz -- --case ${file}`], case: finding.reproduction }, null, 1)}\n`);
        finding.reproductionFile = file;
      }
    }
    if (Date.now() - lastLog > 30_000) {
      lastLog = Date.now();
      log(`${report.runs} runs in ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(report.results)}; ${findings.size} kinds of violation`);
    }
  }
  await worker.restart();
  report.diedIdle = worker.diedIdle;
  report.ms = Date.now() - started;
  report.findings = [...findings.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  report.knownSeen = Object.keys(options.known).filter((k) => findings.has(k)).sort();
  report.knownNotSeen = Object.keys(options.known).filter((k) => !findings.has(k)).sort();
  return report;
}

/**
 * Runs given cases (reproduction files) in a fresh worker each, with the same watchdog. Promises:
 * one outcome per case, in order; a blocked worker gives a `hang/blocked-thread` violation.
 */
export async function runCases(options: Pick<CampaignOptions, 'repoRoot' | 'workerFile' | 'timeLimitMs'>, cases: readonly FuzzCase[]): Promise<FuzzOutcome[]> {
  const out: FuzzOutcome[] = [];
  const watchdog = options.timeLimitMs * 2 + 5_000;
  for (const c of cases) {
    const worker = new FuzzWorker(options.workerFile, { repoRoot: options.repoRoot, seed: 0, timeLimitMs: options.timeLimitMs });
    const reply = await worker.request({ type: 'runCase', fuzzCase: c }, watchdog);
    await worker.restart();
    if (reply.type === 'outcome') out.push(reply.outcome);
    else if (reply.type === 'killed') {
      if (reply.blocked === true) out.push(blockedOutcome(reply, watchdog));
      else out.push({ result: 'crash', events: 0, children: 0, ms: watchdog, violations: [{ key: /memory limit/.test(reply.reason) ? 'worker/out-of-memory' : 'worker/died', message: reply.reason }] });
    } else out.push({ result: 'crash', events: 0, children: 0, ms: 0, violations: [{ key: 'harness/unexpected-reply', message: reply.type }] });
  }
  return out;
}

/** The report as text: totals, then one line per kind of violation. */
export function formatReport(report: CampaignReport): string {
  const lines = [
    `fuzz campaign: seed ${report.seed}, runs ${report.first}..${report.first + report.runs - 1} (${report.runs} runs) in ${(report.ms / 1000).toFixed(1)} s, per-run limit ${report.timeLimitMs} ms`,
    `results: ${Object.entries(report.results).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `runs with an uncaught exception: ${report.uncaught}; hangs: ${report.hangs}; runs breaking a history invariant: ${report.brokenInvariants}; workers killed: ${report.killed}; workers that died between runs: ${report.diedIdle}`,
    `slow runs (past the limit, still progressing; not violations): ${report.slow}${report.slowRuns.length > 0 ? ` (runs ${report.slowRuns.join(', ')})` : ''}`,
    `kinds of violation: ${report.findings.length} (${report.findings.filter((f) => !f.known).length} new, ${report.findings.filter((f) => f.known).length} known)`,
  ];
  for (const f of report.findings) {
    lines.push(`  ${f.known ? 'known' : 'NEW  '} ${f.key} ×${f.count} (first: run ${f.firstIndex}, ${f.origin})${f.reproductionFile !== undefined ? ` → ${f.reproductionFile}` : ''}`);
    lines.push(`        ${f.message.split('\n')[0].slice(0, 200)}`);
  }
  if (report.knownNotSeen.length > 0) lines.push(`known violations not seen in this campaign: ${report.knownNotSeen.join(', ')}`);
  return lines.join('\n');
}
