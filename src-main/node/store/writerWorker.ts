import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { isBusyError, openConnection } from './database';
import { EventBatchWriter, type WriterMessage } from './eventWriter';

/** What the recording thread gives the writer thread when it starts it. */
export interface WriterWorkerData {
  path: string;
  nativeBinding?: string;
  /** ms to wait for another connection's write lock (an import) before a commit fails. */
  busyTimeoutMs?: number;
  /** Int32Array[1]: the number of events committed so far, updated after each commit. */
  committed: SharedArrayBuffer;
}

/** Messages to the writer thread. */
export type ToWriter = WriterMessage | { kind: 'close' } | { kind: 'idle'; ticket: number };
/** Messages from the writer thread. */
export type FromWriter = { kind: 'finished'; ticket: number } | { kind: 'failed'; message: string; busy: boolean; tickets: number[] } | { kind: 'closed' };

/**
 * Events written since the last checkpoint past which the writer checkpoints right after a commit,
 * even while more batches wait (bounds the WAL file: ~100 MB of ~400-byte rows and their indexes).
 */
const FORCED_CHECKPOINT_EVENTS = 200_000;

/**
 * The writer thread's default busy timeout: longer than an interactive connection's, since its
 * events wait in its queue meanwhile (another process's import may hold the write lock a while).
 */
export const WRITER_BUSY_TIMEOUT_MS = 60_000;

/** Events written since the last checkpoint for which an idle writer checkpoints, with no history finished. */
const IDLE_CHECKPOINT_EVENTS = 16_384;

/**
 * Least time between two checkpoints that finished histories ask for (ms). A Distributed Map's
 * children finish one after another, often a thousand or more: a checkpoint after each cost more
 * than writing their events (8 of 12 s for 1,000 children). An idle request or closing does not wait.
 */
const FINISH_CHECKPOINT_INTERVAL_MS = 500;

/**
 * The body of the writer thread (dist/storeWriter.mjs): receives batches of events and writes
 * everything that has arrived since its last commit as one transaction (group commit), so it keeps
 * up with the engine and a crash loses at most the group in flight.
 *
 * Work that is not needed for durability waits until no batch is waiting: the fast-loading
 * snapshots of finished histories and the WAL checkpoint (SQLite's automatic checkpoint is off on
 * this connection; it would copy the WAL into the database in the middle of a commit). A commit is
 * durable in the WAL: synchronous=NORMAL survives a process crash, and the file stays consistent.
 */
export function runWriterWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('runWriterWorker must run in a worker thread');
  const data = workerData as WriterWorkerData;
  const db = openConnection({ path: data.path, nativeBinding: data.nativeBinding, busyTimeoutMs: data.busyTimeoutMs ?? WRITER_BUSY_TIMEOUT_MS });
  db.pragma('wal_autocheckpoint = 0');
  const writer = new EventBatchWriter(db);
  const committed = new Int32Array(data.committed);
  let sinceCheckpoint = 0;
  let finishedSinceCheckpoint = false;
  let lastCheckpoint = performance.now();
  let maintenance: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const checkpoint = () => {
    if (sinceCheckpoint === 0) return;
    // PASSIVE: copies what no reader still needs, never waits for readers.
    db.pragma('wal_checkpoint(PASSIVE)');
    sinceCheckpoint = 0;
    finishedSinceCheckpoint = false;
    lastCheckpoint = performance.now();
  };

  /**
   * Snapshots, then a checkpoint when enough was written, or when a history finished and the last
   * checkpoint is FINISH_CHECKPOINT_INTERVAL_MS old (else one is scheduled for then); `now`: an
   * idle request or closing, which checkpoint at once.
   */
  const maintain = (now: boolean) => {
    writer.writeFinishedSnapshots();
    if (sinceCheckpoint >= IDLE_CHECKPOINT_EVENTS) checkpoint();
    else if (finishedSinceCheckpoint) {
      const wait = FINISH_CHECKPOINT_INTERVAL_MS - (performance.now() - lastCheckpoint);
      if (now || wait <= 0) checkpoint();
      else scheduleMaintenance(Math.ceil(wait));
    }
  };

  const handle = (first: ToWriter) => {
    const group: ToWriter[] = [first];
    for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) group.push(next.message as ToWriter);
    const writes = group.filter((m): m is WriterMessage => m.kind !== 'idle' && m.kind !== 'close');
    const tickets = writes.flatMap((m) => (m.kind === 'finish' ? [m.ticket] : []));
    let failed = false;
    if (writes.length > 0) {
      try {
        const written = writer.write(writes);
        Atomics.add(committed, 0, written);
        sinceCheckpoint += written;
        if (tickets.length > 0) finishedSinceCheckpoint = true;
        for (const ticket of tickets) port.postMessage({ kind: 'finished', ticket } satisfies FromWriter);
      } catch (error) {
        failed = true;
        port.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error), busy: isBusyError(error), tickets } satisfies FromWriter);
      }
    }
    const idle = group.flatMap((m) => (m.kind === 'idle' ? [m.ticket] : []));
    const closing = group.some((m) => m.kind === 'close');
    if (idle.length > 0 || closing) {
      if (!failed) {
        try {
          maintain(true);
        } catch {
          // Snapshots and checkpoints are derived: the events are committed; a failure here costs only speed.
        }
      }
      for (const ticket of idle) port.postMessage({ kind: 'finished', ticket } satisfies FromWriter);
    } else if (sinceCheckpoint >= FORCED_CHECKPOINT_EVENTS) checkpoint();
    else scheduleMaintenance();
    if (closing) {
      closed = true;
      if (maintenance !== undefined) clearTimeout(maintenance);
      db.close();
      port.postMessage({ kind: 'closed' } satisfies FromWriter);
      port.close();
    }
  };

  /** Runs maintenance once the thread has nothing else to do: a batch that arrived first goes first. */
  const scheduleMaintenance = (delayMs = 0) => {
    if (maintenance !== undefined || closed) return;
    if (!writer.hasFinishedSnapshots && !finishedSinceCheckpoint && sinceCheckpoint < IDLE_CHECKPOINT_EVENTS) return;
    maintenance = setTimeout(() => {
      maintenance = undefined;
      if (closed) return;
      const next = receiveMessageOnPort(port);
      if (next) {
        handle(next.message as ToWriter);
        return;
      }
      try {
        maintain(false);
      } catch {
        // See above: derived data only.
      }
    }, delayMs);
  };

  port.on('message', (first: ToWriter) => handle(first));
}
