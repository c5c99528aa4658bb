import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EventSink } from '../../common/engine/ports';
import type { HistoryEvent } from '../../common/history/events';
import { createStateAttributor } from '../../common/history/placement';
import { encodeEventBatch } from './eventBatch';
import { StoreBusyError } from './database';
import type { EventBatchWriter, FinishUpdate, WriterMessage } from './eventWriter';
import { WRITER_BUSY_TIMEOUT_MS, type FromWriter, type ToWriter, type WriterWorkerData } from './writerWorker';

/** Tuning of a recording. */
export interface RecordingTuning {
  /** Events per batch handed to the writer. Default 1024. */
  batchSize?: number;
  /**
   * With a writer thread: events in full batches that may wait for the engine to yield before they
   * are handed over (encoded and posted). Past this, batches are handed over during the run.
   * Default 65,536 (AWS's history quota is 25,000 events); 0 hands each batch over as it fills.
   * Without a writer thread (events written in the calling thread), always 0.
   */
  maxDeferredEvents?: number;
  /**
   * The longest (by {@link RecordingTuning.now}, ms) an event may wait to be handed over while the
   * engine keeps emitting without yielding: an append that finds the oldest waiting event this old
   * hands everything over. Default 250.
   */
  maxDeferredMs?: number;
  /** The clock of {@link RecordingTuning.maxDeferredMs} (tests move it by hand). Default performance.now. */
  now?: () => number;
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
  /** Recordings holding events not handed over yet: flushed when the target closes. */
  readonly unsent?: Set<ExecutionRecording>;
}

/** The default of {@link RecordingTuning.maxDeferredEvents}. */
export const DEFAULT_MAX_DEFERRED_EVENTS = 65_536;

/**
 * Turns of the microtask queue in a row without an append after which a recording takes the engine
 * for quiet (waiting, or computing in an evaluation that awaits) and hands its events over. One
 * turn is not enough: the engine often awaits several times between two events of a busy run.
 */
const QUIET_LOOKS = 16;

/** The default of {@link RecordingTuning.maxDeferredMs}. */
export const DEFAULT_MAX_DEFERRED_MS = 250;

/**
 * One execution being recorded while it runs. `sink` is the engine's EventSink: it keeps the
 * event, so recording costs the engine's run next to nothing.
 *
 * Events are handed to the writer (encoded as one text per batch, see eventBatch.ts, and posted to
 * the writer thread, which commits them) in batches of `batchSize`. When that happens does not
 * depend on a timer, which could not fire while the engine computes (issue #18 item 3). An event is
 * handed over at the first of:
 * 1. a quiet yield point of the engine: a microtask queued by the append looks at each turn of the
 *    microtask queue (the engine's awaits: a Task invocation, a JSONata evaluation, a Wait, the end
 *    of the run) and hands everything waiting over once 16 turns in a row saw no append. So a long
 *    computation that awaits (one JSONata evaluation taking a minute) goes on only after the events
 *    before it are with the writer thread, while a run that keeps emitting between its awaits (a
 *    Map's iterations taking turns) still hands over in batches;
 * 2. an append that finds the oldest waiting event `maxDeferredMs` (250) old by the recording's
 *    clock: in a synchronous stretch (Pass and Choice states run without awaiting), the engine's own
 *    progress hands the history over;
 * 3. `flush()`, `finish()`, or the store closing.
 * Full batches wait for 1 or for a turn of the event loop (one batch per turn), unless more than
 * `maxDeferredEvents` are waiting.
 *
 * The guarantee that results for a crash (kill -9): every event appended before the engine's last
 * quiet yield point, and every event appended `maxDeferredMs` or more before its last append, was
 * handed over; of those, only the group the writer thread was committing can be lost. What else
 * can be lost: the events of the last `maxDeferredMs` of a synchronous stretch (no await) before
 * the crash, or before a synchronous computation that neither awaits nor appends (a long JSONPath
 * or intrinsic evaluation, a Task invoker that computes before it returns its promise).
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
  /** When the oldest event not handed over yet was appended (by `now`). */
  private oldestPendingAt = 0;
  /** A microtask will look at the engine's next yield point (see `atYield`). */
  private yieldScheduled = false;
  /** Events appended so far, and how many there were when the yield-point microtask last looked. */
  private appended = 0;
  private appendedAtLook = 0;
  /** Looks in a row that found nothing appended since the one before. */
  private quietLooks = 0;
  private immediate: ReturnType<typeof setImmediate> | undefined;
  private failure: unknown;
  private finished = false;
  private readonly attributor = createStateAttributor();
  private readonly batchSize: number;
  private readonly maxDeferred: number;
  private readonly maxDeferredMs: number;
  private readonly now: () => number;
  /**
   * A microtask, so it runs at the engine's yield points (its awaits), never inside a synchronous
   * stretch. When no event was appended since it last looked, the engine has stopped emitting (it
   * waits, or computes: a JSONata evaluation awaits at every step): everything waiting is handed
   * over. Else the engine is still emitting between awaits (a Map's iterations taking turns): it
   * looks again at the next turn of the microtask queue, so that batches keep filling rather than
   * being handed over a few events at a time. It stops once it has handed over, so it never spins
   * while the engine waits for the event loop.
   */
  private readonly atYield = () => {
    if (this.queued + this.buffer.length === 0 || this.finished) {
      this.yieldScheduled = false;
      return;
    }
    if (this.appended === this.appendedAtLook) {
      if (++this.quietLooks >= QUIET_LOOKS) {
        this.yieldScheduled = false;
        this.guarded(() => this.flush());
        return;
      }
    } else this.quietLooks = 0;
    this.appendedAtLook = this.appended;
    queueMicrotask(this.atYield);
  };

  constructor(executionId: number, private readonly target: EventWriterTarget, tuning: RecordingTuning = {}) {
    this.executionId = executionId;
    this.batchSize = Math.max(1, tuning.batchSize ?? 1024);
    this.maxDeferred = target.defersHandover === true ? Math.max(0, tuning.maxDeferredEvents ?? DEFAULT_MAX_DEFERRED_EVENTS) : 0;
    this.maxDeferredMs = Math.max(0, tuning.maxDeferredMs ?? DEFAULT_MAX_DEFERRED_MS);
    this.now = tuning.now ?? (() => performance.now());
    this.sink = {
      emit: (event) => {
        const buffer = this.buffer;
        const at = this.now();
        if (this.queued + buffer.length === 0) {
          this.oldestPendingAt = at;
          this.target.unsent?.add(this);
        }
        buffer.push(event);
        if (buffer.length >= this.batchSize) this.guarded(() => this.enqueue());
        if (at - this.oldestPendingAt >= this.maxDeferredMs && this.queued + this.buffer.length > 0) this.guarded(() => this.flush());
        this.appended++;
        if (!this.yieldScheduled && !this.finished) {
          this.yieldScheduled = true;
          this.appendedAtLook = this.appended;
          this.quietLooks = 0;
          queueMicrotask(this.atYield);
        }
      },
    };
  }

  /** Runs a handover; a failure is kept for `finish` to report, and nothing more is kept. */
  private guarded(handover: () => void): void {
    try {
      handover();
    } catch (error) {
      this.failure ??= error;
      this.dropQueued();
    }
  }

  /** Moves the filling batch to the queue; hands batches over past the deferral limit. */
  private enqueue(): void {
    const events = this.buffer;
    this.buffer = [];
    // After a failed handover the history has a gap: keep nothing more, finish reports the failure.
    if (this.failure !== undefined) return;
    this.queue.push(events);
    this.queued += events.length;
    if (this.maxDeferred === 0) {
      this.handOverQueued();
      return;
    }
    while (this.queued > this.maxDeferred) this.handOverOne();
    if (this.queued > 0) this.scheduleDrain();
  }

  private scheduleDrain(): void {
    if (this.immediate !== undefined) return;
    this.immediate = setImmediate(() => {
      this.immediate = undefined;
      this.guarded(() => this.handOverOne());
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
      this.queueHead = 0;
      if (this.buffer.length === 0) this.target.unsent?.delete(this);
    }
    const t0 = this.now();
    try {
      const text = encodeEventBatch(events, this.attributor);
      this.handed += events.length;
      this.target.send({ kind: 'batch', executionId: this.executionId, text, count: events.length });
    } finally {
      this.handoverTime += this.now() - t0;
    }
  }

  private handOverQueued(): void {
    while (this.queueHead < this.queue.length) this.handOverOne();
  }

  private dropQueued(): void {
    this.queue.length = 0;
    this.queueHead = 0;
    this.queued = 0;
    this.buffer = [];
    this.target.unsent?.delete(this);
  }

  /** Hands every event kept so far to the writer, now. */
  flush(): void {
    this.queueFillingBatch();
    this.handOverQueued();
  }

  /** Queues the filling batch, even if it is not full. */
  private queueFillingBatch(): void {
    if (this.buffer.length > 0) {
      const events = this.buffer;
      this.buffer = [];
      if (this.failure !== undefined) return;
      this.queue.push(events);
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

  /** Milliseconds (by the recording's clock) the calling thread has spent encoding and posting its batches. */
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
      this.guarded(() => this.handOverOne());
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

  constructor(script: string | URL, path: string, nativeBinding?: string, busyTimeoutMs = WRITER_BUSY_TIMEOUT_MS) {
    const shared = new SharedArrayBuffer(4);
    this.counter = new Int32Array(shared);
    const data: WriterWorkerData = { path, committed: shared, busyTimeoutMs, ...(nativeBinding !== undefined ? { nativeBinding } : {}) };
    this.worker = new Worker(script, { workerData: data });
    this.worker.unref();
    this.worker.on('message', (message: FromWriter) => {
      if (message.kind === 'finished') this.settle(message.ticket);
      else if (message.kind === 'failed') {
        this.failure = message.busy ? new StoreBusyError(path, busyTimeoutMs) : new Error(`Could not record events: ${message.message}`);
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
