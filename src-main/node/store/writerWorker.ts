import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { openConnection } from './database';
import { EventBatchWriter, type WriterMessage } from './eventWriter';

/** What the recording thread gives the writer thread when it starts it. */
export interface WriterWorkerData {
  path: string;
  nativeBinding?: string;
  /** Int32Array[1]: the number of events committed so far, updated after each commit. */
  committed: SharedArrayBuffer;
}

/** Messages to the writer thread. */
export type ToWriter = WriterMessage | { kind: 'close' } | { kind: 'idle'; ticket: number };
/** Messages from the writer thread. */
export type FromWriter = { kind: 'finished'; ticket: number } | { kind: 'failed'; message: string; tickets: number[] } | { kind: 'closed' };

/**
 * The body of the writer thread (dist/storeWriter.mjs): receives batches of events and writes
 * everything that has arrived since its last commit as one transaction (group commit), so it keeps
 * up with the engine and a crash loses at most the group in flight.
 */
export function runWriterWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('runWriterWorker must run in a worker thread');
  const data = workerData as WriterWorkerData;
  const db = openConnection({ path: data.path, nativeBinding: data.nativeBinding });
  const writer = new EventBatchWriter(db);
  const committed = new Int32Array(data.committed);
  port.on('message', (first: ToWriter) => {
    const group: ToWriter[] = [first];
    for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) group.push(next.message as ToWriter);
    const writes = group.filter((m): m is WriterMessage => m.kind === 'events' || m.kind === 'finish');
    const idle = group.flatMap((m) => (m.kind === 'idle' ? [m.ticket] : []));
    const tickets = writes.flatMap((m) => (m.kind === 'finish' ? [m.ticket] : []));
    if (writes.length > 0) {
      try {
        const written = writer.write(writes);
        Atomics.add(committed, 0, written);
        for (const ticket of tickets) port.postMessage({ kind: 'finished', ticket } satisfies FromWriter);
        if (tickets.length > 0) writer.writeFinishedSnapshots();
      } catch (error) {
        port.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error), tickets } satisfies FromWriter);
      }
    }
    for (const ticket of idle) port.postMessage({ kind: 'finished', ticket } satisfies FromWriter);
    if (group.some((m) => m.kind === 'close')) {
      db.close();
      port.postMessage({ kind: 'closed' } satisfies FromWriter);
      port.close();
    }
  });
}
