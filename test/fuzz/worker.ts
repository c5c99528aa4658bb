import { parentPort, workerData } from 'node:worker_threads';
import { loadFuzzCorpus, makeFuzzCase, type FuzzCase } from './fuzzCase';
import { eventBoundOf, hangKeyOf, runFuzzCase, type FuzzOutcome } from './runFuzzCase';
import { shrinkCase } from './shrink';

/**
 * The fuzz worker thread (bundled by buildFuzzBundle.ts): runs cases one at a time on request, so
 * the campaign in the main thread can kill it when a run blocks the thread or parks forever.
 * Protocol: see `WorkerRequest` / `WorkerReply`.
 */

/** What the worker is started with. */
export interface FuzzWorkerData {
  repoRoot: string;
  seed: number;
  timeLimitMs: number;
  /** Int32Array slots PROGRESS_SLOTS (runFuzzCase.ts), reset at each run: the watchdog reads them while a run holds this thread. */
  progress?: SharedArrayBuffer;
}

/** A request to the worker. */
export type WorkerRequest =
  | { type: 'run'; index: number }
  | { type: 'runCase'; fuzzCase: FuzzCase }
  | { type: 'shrink'; fuzzCase?: FuzzCase; index?: number; key: string; budgetMs: number };

/**
 * The worker's answer to one request. A run first sends `started` (its case, and the key a hang
 * would have, for the watchdog), then `outcome`.
 */
export type WorkerReply =
  | { type: 'started'; origin: string; hangKey: string | undefined; eventBound: number | false; fuzzCase?: FuzzCase }
  | { type: 'outcome'; outcome: FuzzOutcome; origin: string; fuzzCase?: FuzzCase }
  | { type: 'shrunk'; fuzzCase: FuzzCase; attempts: number; still: boolean };

/** A case as JSON text-safe data, or undefined when it cannot be serialised (a value nested too deep). */
function portable(c: FuzzCase): FuzzCase | undefined {
  try {
    return JSON.parse(JSON.stringify(c)) as FuzzCase;
  } catch {
    return undefined;
  }
}

if (parentPort !== null) {
  const data = workerData as FuzzWorkerData;
  const corpus = loadFuzzCorpus(data.repoRoot);
  const port = parentPort;
  const progress = data.progress !== undefined ? new Int32Array(data.progress) : undefined;
  port.on('message', (request: WorkerRequest) => {
    void (async () => {
      if (request.type === 'shrink') {
        const original = request.fuzzCase ?? makeFuzzCase(data.seed, request.index ?? 0, corpus);
        const limit = Math.min(data.timeLimitMs, 5_000);
        const stillFails = async (c: FuzzCase): Promise<boolean> => {
          const o = await runFuzzCase(c, { timeLimitMs: limit });
          return o.violations.some((v) => v.key === request.key);
        };
        // A hang cannot be shrunk in this thread: the parked runs would pile up.
        if (request.key.startsWith('hang/')) {
          port.postMessage({ type: 'shrunk', fuzzCase: portable(original) ?? original, attempts: 0, still: true } satisfies WorkerReply);
          return;
        }
        const { shrunk, attempts } = await shrinkCase(original, stillFails, { attempts: 400, ms: request.budgetMs });
        const reply: WorkerReply = { type: 'shrunk', fuzzCase: portable(shrunk) ?? shrunk, attempts, still: await stillFails(shrunk) };
        port.postMessage(reply);
        return;
      }
      const fuzzCase = request.type === 'run' ? makeFuzzCase(data.seed, request.index, corpus) : request.fuzzCase;
      if (progress !== undefined) progress.fill(0);
      port.postMessage({ type: 'started', origin: fuzzCase.origin, hangKey: hangKeyOf(fuzzCase), eventBound: eventBoundOf(fuzzCase), fuzzCase: portable(fuzzCase) } satisfies WorkerReply);
      const outcome = await runFuzzCase(fuzzCase, { timeLimitMs: data.timeLimitMs, ...(progress !== undefined ? { progress } : {}) });
      const reply: WorkerReply = {
        type: 'outcome',
        outcome,
        origin: fuzzCase.origin,
        fuzzCase: outcome.violations.length > 0 ? portable(fuzzCase) : undefined,
      };
      port.postMessage(reply);
    })().catch((err: unknown) => {
      // runFuzzCase never rejects; this is the harness failing (e.g. postMessage of a deep value).
      port.postMessage({
        type: 'outcome',
        origin: 'harness',
        outcome: { result: 'crash', events: 0, children: 0, ms: 0, violations: [{ key: `harness/${err instanceof Error ? err.name : 'error'}`, message: err instanceof Error ? `${String(err)}\n${err.stack ?? ''}` : String(err) }] },
      } satisfies WorkerReply);
    });
  });
}
