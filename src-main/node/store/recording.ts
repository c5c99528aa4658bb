import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EventSink } from '../../common/engine/ports';
import type { HistoryEvent } from '../../common/history/events';
import { createStateAttributor } from '../../common/history/stateAttribution';
import { encodeEventBatch } from './eventBatch';
import type { EventBatchWriter, FinishUpdate, WriterMessage } from './eventWriter';
import type { FromWriter, ToWriter, WriterWorkerData } from './writerWorker';

/** Tuning of a recording. */
export interface RecordingTuning {
  /** Events per batch handed to the writer. Default 1024. */
  batchSize?: number;
  /** A partly filled batch is handed over after this many ms (when the engine waits). Default 50. */
  flushIntervalMs?: number;
  /**
   * With a writer thread: events in full batches that may wait for the engine to yield before they
   * are handed over (encoded and posted). Past this, batches are handed over during the run.
   * Default 65,536 (AWS's history quota is 25,000 events); 0 hands each batch over as it fills.
   * Without a writer thread (events written in the calling thread), always 0.
   */
  maxDeferredEvents?: number;
  /**
   * With a writer thread: the longest a full batch may wait (wall-clock ms) before it is handed
   * over even inside a synchronous stretch of the run. This bounds what a crash (kill -9) can lose
   * to about this much recent history. Default 250.
   */
  maxDeferredMs?: number;
}

/** Where events go: a writer thread, or a writer in this thread. */
export interface EventWriterTarget {
  send(message: WriterMessage): void;
  /** Resolves when everything sent before it has been committed. */
  finish(message: Omit<Extract<WriterMessage, { kind: 'finish' }>, 'ticket'>): Promise<void>;
  /** Events committed so far by this writer (all recordings). */
  committed(): number;
  /** Resolves once everything sent so far, snapshots included, is written. */
  idle(): Promise<void>;
  /** True when recordings may defer handing batches over (the writer is another thread). */
  readonly defersHandover?: boolean;
  /** Recordings holding batches not handed over yet: flushed when the target closes. */
  readonly unsent?: Set<ExecutionRecording>;
}

/** The default of {@link RecordingTuning.maxDeferredEvents}. */
export const DEFAULT_MAX_DEFERRED_EVENTS = 65_536;

/** The default of {@link RecordingTuning.maxDeferredMs}. */
export const DEFAULT_MAX_DEFERRED_MS = 250;

/**
 * One execution being recorded while it runs. `sink` is the engine's EventSink: it only keeps the
 * event, so recording costs the engine's run next to nothing.
 *
 * Full batches (every `batchSize` events) are handed to the writer as one text each (see
 * eventBatch.ts: state names worked out, `JSON.stringify` per event), which is cheap to post to a
 * writer thread. With a writer thread that work is deferred: it runs one batch per turn of the
 * event loop, so between the engine's steps when it waits (Tasks, timers), and after its run when
 * it does not, never inside a synchronous stretch of the run unless more than `maxDeferredEvents`
 * are waiting. A partly filled batch goes after `flushIntervalMs`, and everything at `finish`.
 */
export class ExecutionRecording {
  readonly executionId: number;
  readonly sink: EventSink;
  private buffer: HistoryEvent[] = [];
  private readonly queue: HistoryEvent[][] = [];
  private queueHead = 0;
  private queued = 0;
  private handed = 0;
  private handoverTime = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private immediate: ReturnType<typeof setImmediate> | undefined;
  private failure: unknown;
  private finished = false;
  private readonly attributor = createStateAttributor();
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly maxDeferred: number;
  private readonly maxDeferredMs: number;
  /** performance.now() when each queued batch was queued (parallel to `queue`). */
  private readonly queuedAt: number[] = [];

  constructor(executionId: number, private readonly target: EventWriterTarget, tuning: RecordingTuning = {}) {
    this.executionId = executionId;
    this.batchSize = Math.max(1, tuning.batchSize ?? 1024);
    this.flushIntervalMs = tuning.flushIntervalMs ?? 50;
    this.maxDeferred = target.defersHandover === true ? Math.max(0, tuning.maxDeferredEvents ?? DEFAULT_MAX_DEFERRED_EVENTS) : 0;
    this.maxDeferredMs = Math.max(0, tuning.maxDeferredMs ?? DEFAULT_MAX_DEFERRED_MS);
    this.sink = {
      emit: (event) => {
        const buffer = this.buffer;
        buffer.push(event);
        if (buffer.length >= this.batchSize) this.enqueue();
        else if (buffer.length === 1 && this.timer === undefined) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            try {
              this.flush();
            } catch (error) {
              this.failure ??= error;
              this.dropQueued();
            }
          }, this.flushIntervalMs);
          this.timer.unref?.();
        }
      },
    };
  }

  /** Moves the filling batch to the queue; hands batches over past the deferral limit. */
  private enqueue(): void {
    const events = this.buffer;
    this.buffer = [];
    // After a failed handover the history has a gap: keep nothing more, finish reports the failure.
    if (this.failure !== undefined) return;
    const now = performance.now();
    this.queue.push(events);
    this.queuedAt.push(now);
    this.queued += events.length;
    // Hand over now when deferral is off, or when the oldest waiting batch is too old: a run that
    // never yields must not hold more than about `maxDeferredMs` of history where a crash loses it.
    if (this.maxDeferred === 0 || now - this.queuedAt[this.queueHead] > this.maxDeferredMs) {
      this.handOverQueued();
      return;
    }
    while (this.queued > this.maxDeferred) this.handOverOne();
    if (this.queued > 0) this.scheduleDrain();
  }

  private scheduleDrain(): void {
    this.target.unsent?.add(this);
    if (this.immediate !== undefined) return;
    this.immediate = setImmediate(() => {
      this.immediate = undefined;
      try {
        this.handOverOne();
      } catch (error) {
        this.failure ??= error;
        this.dropQueued();
      }
      if (this.queued > 0) this.scheduleDrain();
    });
  }

  /** Encodes and sends the oldest queued batch. */
  private handOverOne(): void {
    if (this.queueHead >= this.queue.length) return;
    const events = this.queue[this.queueHead];
    this.queue[this.queueHead++] = [];
    this.queued -= events.length;
    if (this.queueHead === this.queue.length) {
      this.queue.length = 0;
      this.queuedAt.length = 0;
      this.queueHead = 0;
      this.target.unsent?.delete(this);
    }
    const t0 = performance.now();
    try {
      const text = encodeEventBatch(events, this.attributor);
      this.handed += events.length;
      this.target.send({ kind: 'batch', executionId: this.executionId, text, count: events.length });
    } finally {
      this.handoverTime += performance.now() - t0;
    }
  }

  private handOverQueued(): void {
    while (this.queueHead < this.queue.length) this.handOverOne();
  }

  private dropQueued(): void {
    this.queue.length = 0;
    this.queuedAt.length = 0;
    this.queueHead = 0;
    this.queued = 0;
    this.target.unsent?.delete(this);
  }

  /** Hands every event kept so far to the writer, now. */
  flush(): void {
    this.queueFillingBatch();
    this.handOverQueued();
  }

  /** Stops the partial-batch timer and queues the filling batch, even if it is not full. */
  private queueFillingBatch(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.buffer.length > 0) {
      const events = this.buffer;
      this.buffer = [];
      this.queue.push(events);
      this.queuedAt.push(performance.now());
      this.queued += events.length;
    }
  }

  /** Events handed to the writer so far (committed or about to be). */
  get handedOver(): number {
    return this.handed;
  }

  /** Events emitted but not handed to the writer yet. */
  get pending(): number {
    return this.queued + this.buffer.length;
  }

  /** Milliseconds the calling thread has spent encoding and posting this recording's batches. */
  get handoverMs(): number {
    return this.handoverTime;
  }

  /** Events committed so far by the store's writer (for all its recordings). */
  committed(): number {
    return this.target.committed();
  }

  /**
   * Writes the remaining events and the outcome; resolves once they are committed. Batches still
   * queued are handed over one per turn of the event loop, so the thread stays responsive.
   */
  async finish(update: FinishUpdate): Promise<void> {
    if (this.finished) throw new Error(`recording of execution ${this.executionId} already finished`);
    this.finished = true;
    this.queueFillingBatch();
    while (this.queued > 0 && this.failure === undefined) {
      this.handOverOne();
      if (this.queued > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (this.immediate !== undefined) {
      clearImmediate(this.immediate);
      this.immediate = undefined;
    }
    this.target.unsent?.delete(this);
    if (this.failure !== undefined) throw this.failure;
    await this.target.finish({ kind: 'finish', executionId: this.executionId, update });
  }
}

/** A writer in the calling thread: each batch is committed as it is handed over. */
export function createInlineTarget(writer: EventBatchWriter): EventWriterTarget {
  let committed = 0;
  return {
    send(message) {
      committed += writer.write([message]);
    },
    async finish(message) {
      writer.write([{ ...message, ticket: 0 }]);
      writer.writeFinishedSnapshots();
    },
    committed: () => committed,
    idle: async () => {},
  };
}

/** The writer thread's script next to this bundle (dist/storeWriter.mjs), when it exists. */
export function findWriterWorkerScript(): URL | undefined {
  try {
    const url = new URL('./storeWriter.mjs', import.meta.url);
    return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** A writer thread shared by a store's recordings. */
export class WriterThread implements EventWriterTarget {
  readonly defersHandover = true;
  readonly unsent = new Set<ExecutionRecording>();
  private readonly worker: Worker;
  private readonly counter: Int32Array;
  private nextTicket = 1;
  private readonly pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;

  constructor(script: string | URL, path: string, nativeBinding?: string) {
    const shared = new SharedArrayBuffer(4);
    this.counter = new Int32Array(shared);
    const data: WriterWorkerData = { path, committed: shared, ...(nativeBinding !== undefined ? { nativeBinding } : {}) };
    this.worker = new Worker(script, { workerData: data });
    this.worker.unref();
    this.worker.on('message', (message: FromWriter) => {
      if (message.kind === 'finished') this.settle(message.ticket);
      else if (message.kind === 'failed') {
        this.failure = new Error(`Could not record events: ${message.message}`);
        for (const ticket of message.tickets) this.settle(ticket, this.failure);
      }
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const ticket of [...this.pending.keys()]) this.settle(ticket, this.failure);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', () => fail(new Error('the store writer thread stopped')));
  }

  private settle(ticket: number, error?: Error): void {
    const waiter = this.pending.get(ticket);
    if (!waiter) return;
    this.pending.delete(ticket);
    if (error) waiter.reject(error);
    else waiter.resolve();
  }

  send(message: WriterMessage): void {
    if (this.failure) return;
    this.worker.postMessage(message satisfies ToWriter);
  }

  finish(message: Omit<Extract<WriterMessage, { kind: 'finish' }>, 'ticket'>): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const ticket = this.nextTicket++;
    const done = new Promise<void>((resolve, reject) => this.pending.set(ticket, { resolve, reject }));
    this.worker.ref();
    this.worker.postMessage({ ...message, ticket } satisfies ToWriter);
    return done.finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    });
  }

  committed(): number {
    return Atomics.load(this.counter, 0);
  }

  idle(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const ticket = this.nextTicket++;
    const done = new Promise<void>((resolve, reject) => this.pending.set(ticket, { resolve, reject }));
    this.worker.ref();
    this.worker.postMessage({ kind: 'idle', ticket } satisfies ToWriter);
    return done.finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    });
  }

  /** Hands over what recordings still hold, writes what was sent, then stops the thread. */
  close(): Promise<void> {
    for (const recording of [...this.unsent]) {
      try {
        recording.flush();
      } catch {
        // That recording's finish reports the problem.
      }
    }
    this.closing ??= new Promise<void>((resolve) => {
      this.worker.ref();
      this.worker.once('exit', () => resolve());
      this.worker.on('message', (m: FromWriter) => {
        if (m.kind === 'closed') void this.worker.terminate();
      });
      this.worker.postMessage({ kind: 'close' } satisfies ToWriter);
    });
    return this.closing;
  }
}

/** The finish update for an engine's RunResult (payloads as JSON text). */
export function finishUpdateFromResult(result: {
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  output?: unknown;
  error?: string;
  cause?: string;
  stopDate: number;
  executionArn: string;
}): import('./eventWriter').FinishUpdate {
  const parts = result.executionArn.split(':');
  return {
    status: result.status,
    arn: result.executionArn,
    ...(parts.length >= 8 ? { name: parts.slice(7).join(':') } : {}),
    output: result.status === 'SUCCEEDED' ? JSON.stringify(result.output ?? null) : null,
    error: result.error ?? null,
    cause: result.cause ?? null,
    stopDate: result.stopDate,
  };
}
