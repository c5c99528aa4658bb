import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { ConditionScope, SyncJsonataEvaluator } from '../../common/debug/breakpoints';
import type { Json } from '../../common/json';

/**
 * Synchronous JSONata for breakpoint conditions (common/debug/breakpoints.ts, conditionHolds): the
 * jsonata library answers only through promises, and a promise taken at a debugger hook lets the
 * sibling branches of a Parallel or Map run on, which changes the history. Here the expression is
 * evaluated in a worker thread (the same evaluator and functions as the engine's, see
 * syncJsonataWorker.ts) while this thread waits on a shared counter with Atomics.wait, then reads
 * the answer from the channel with receiveMessageOnPort: to the engine the condition is answered
 * in the same step.
 */

/** A request to the worker: one condition to evaluate. */
export interface SyncJsonataRequest {
  id: number;
  text: string;
  scope: ConditionScope;
}

/** The worker's answer: the value, or that the expression failed (the condition is then false). */
export type SyncJsonataAnswer = { id: number; ok: true; value: Json | undefined } | { id: number; ok: false };

/** What the worker is started with. */
export interface SyncJsonataWorkerData {
  /** Int32Array over a SharedArrayBuffer: [0] counts answers; the worker notifies on it. */
  signal: SharedArrayBuffer;
  port: MessagePort;
}

/** Longest a condition may take before it counts as false (the worker is then replaced). */
export const SYNC_JSONATA_TIMEOUT_MS = 10_000;

/** The worker's script next to this bundle (dist/syncJsonataWorker.mjs), when it exists. */
export function findSyncJsonataWorkerScript(): string | undefined {
  try {
    const url = new URL('./syncJsonataWorker.mjs', import.meta.url);
    return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? fileURLToPath(url) : undefined;
  } catch {
    return undefined;
  }
}

/** A synchronous evaluator over a worker thread, and a way to end the worker. */
export interface SyncJsonata {
  evaluate: SyncJsonataEvaluator;
  close(): void;
}

/**
 * Starts the evaluator's worker from `script` (the built syncJsonataWorker entry). The worker does
 * not keep the process alive. An expression that fails, or takes longer than `timeoutMs`, answers
 * `undefined` (a false condition); a worker that timed out or died is replaced on the next call.
 */
export function createSyncJsonata(script: string, timeoutMs = SYNC_JSONATA_TIMEOUT_MS): SyncJsonata {
  let current: { worker: Worker; port: MessagePort; signal: Int32Array } | undefined;
  let nextId = 1;
  const start = () => {
    const shared = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(script, { workerData: { signal: shared, port: port2 } satisfies SyncJsonataWorkerData, transferList: [port2] });
    worker.unref();
    port1.unref();
    const started = { worker, port: port1, signal: new Int32Array(shared) };
    worker.on('error', () => {
      if (current === started) current = undefined;
    });
    return started;
  };
  const end = () => {
    if (current === undefined) return;
    void current.worker.terminate();
    current.port.close();
    current = undefined;
  };
  return {
    evaluate(text, scope) {
      current ??= start();
      const { port, signal } = current;
      const id = nextId++;
      port.postMessage({ id, text, scope } satisfies SyncJsonataRequest);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        // The worker posts its answer, then bumps the counter: read the counter first, so an
        // answer posted after the port was found empty always ends the wait below.
        const answers = Atomics.load(signal, 0);
        const received = receiveMessageOnPort(port);
        if (received !== undefined) {
          const answer = received.message as SyncJsonataAnswer;
          if (answer.id !== id) continue; // a late answer to an earlier request
          return answer.ok ? answer.value : undefined;
        }
        const left = deadline - Date.now();
        if (left <= 0) {
          end(); // stuck: a new worker next time
          return undefined;
        }
        Atomics.wait(signal, 0, answers, left);
      }
    },
    close: end,
  };
}
