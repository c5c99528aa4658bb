import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EventSink } from '../../common/engine/ports';
import type { HistoryEvent } from '../../common/history/events';
import type { EventBatchWriter, FinishUpdate, WriterMessage } from './eventWriter';
import type { FromWriter, ToWriter, WriterWorkerData } from './writerWorker';

/** Tuning of a recording. */
export interface RecordingTuning {
  /** Events per batch handed to the writer. Default 1024. */
  batchSize?: number;
  /** A partly filled batch is handed over after this many ms (when the engine waits). Default 50. */
  flushIntervalMs?: number;
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
}

/**
 * One execution being recorded while it runs. `sink` is the engine's EventSink: it only keeps the
 * event and hands a batch to the writer every `batchSize` events (or after `flushIntervalMs`), so
 * the engine never waits on the disk when a writer thread is used.
 */
export class ExecutionRecording {
  readonly executionId: number;
  readonly sink: EventSink;
  private buffer: HistoryEvent[] = [];
  private handed = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private finished = false;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;

  constructor(executionId: number, private readonly target: EventWriterTarget, tuning: RecordingTuning = {}) {
    this.executionId = executionId;
    this.batchSize = tuning.batchSize ?? 1024;
    this.flushIntervalMs = tuning.flushIntervalMs ?? 50;
    this.sink = {
      emit: (event) => {
        const buffer = this.buffer;
        buffer.push(event);
        if (buffer.length >= this.batchSize) this.flush();
        else if (buffer.length === 1 && this.timer === undefined) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.flush();
          }, this.flushIntervalMs);
          this.timer.unref?.();
        }
      },
    };
  }

  /** Hands the events kept so far to the writer. */
  flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.buffer.length === 0) return;
    const events = this.buffer;
    this.buffer = [];
    this.handed += events.length;
    this.target.send({ kind: 'events', executionId: this.executionId, events });
  }

  /** Events handed to the writer so far (committed or about to be). */
  get handedOver(): number {
    return this.handed;
  }

  /** Events committed so far by the store's writer (for all its recordings). */
  committed(): number {
    return this.target.committed();
  }

  /** Writes the remaining events and the outcome; resolves once they are committed. */
  async finish(update: FinishUpdate): Promise<void> {
    if (this.finished) throw new Error(`recording of execution ${this.executionId} already finished`);
    this.finished = true;
    this.flush();
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

  /** Writes what was sent, then stops the thread. */
  close(): Promise<void> {
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
