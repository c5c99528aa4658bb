import type { MessagePort } from 'node:worker_threads';
import { runExecution } from '../../common/engine/interpreter';
import type { RunOptions } from '../../common/engine/run';
import type { HistoryEvent } from '../../common/history/events';
import { createHostMonotonicClock } from '../../common/hostMonotonicClock';
import { createGeneratedResponder } from '../../common/mocks';
import { invokerOf, type RunWorkerData, type RunWorkerMessage } from './runOffThread';
import { createS3FolderSource } from './s3Folder';

/** Most events in one message to the host. */
const BATCH_EVENTS = 256;
/** Longest an event waits in this thread before it is sent, while the engine keeps the thread busy (ms). */
const BATCH_MS = 20;

/**
 * The body of the run worker (entries/runWorker.ts): runs `data`'s execution and posts
 * RunWorkerMessages to `port`. Events are sent in order, at the latest BATCH_MS after they were
 * emitted even while the engine never lets this thread's event loop turn (a batch is posted from
 * within the engine's own emit), else at the next turn of the loop; the result follows the last
 * batch. Nothing here reads the clock or randomness of the run: the options are the host's.
 */
export function serveRunWorker(port: Pick<MessagePort, 'postMessage'>, data: RunWorkerData): void {
  port.postMessage({ type: 'started' } satisfies RunWorkerMessage);
  let batch: HistoryEvent[] = [];
  let lastPost = performance.now();
  let flushQueued = false;
  const flush = (): void => {
    lastPost = performance.now();
    if (batch.length === 0) return;
    const events = batch;
    batch = [];
    port.postMessage({ type: 'events', events } satisfies RunWorkerMessage);
  };
  const emit = (event: HistoryEvent): void => {
    batch.push(event);
    if (batch.length >= BATCH_EVENTS || performance.now() - lastPost >= BATCH_MS) flush();
    else if (!flushQueued) {
      flushQueued = true;
      setImmediate(() => {
        flushQueued = false;
        flush();
      });
    }
  };
  const monotonicClock = data.monotonicClock ? createHostMonotonicClock() : undefined;
  // The same responder as on the host's thread (localRun.ts): seeded with the run's seed.
  const responder = data.generateMissing === true ? createGeneratedResponder({ seed: data.options.seed ?? 0 }) : undefined;
  let options: RunOptions;
  try {
    options = {
      ...data.options,
      invoker: invokerOf(data.invoker),
      ...(data.stream ? { sink: { emit } } : {}),
      ...(data.streamChildren === true
        ? {
            onChildFinished: (child, depth) => {
              // After the events emitted before it: the host links a child to its MapRunStarted.
              flush();
              port.postMessage({ type: 'child', child, depth } satisfies RunWorkerMessage);
            },
          }
        : {}),
      ...(monotonicClock !== undefined ? { monotonicClock } : {}),
      ...(data.s3Root !== undefined ? { s3Source: createS3FolderSource(data.s3Root) } : {}),
      ...(responder !== undefined ? { unansweredTasks: responder } : {}),
    };
  } catch (error) {
    port.postMessage(crashed(error));
    return;
  }
  let run: ReturnType<typeof runExecution>;
  try {
    run = runExecution(options);
  } catch (error) {
    flush();
    port.postMessage(crashed(error));
    return;
  }
  run.then(
    (result) => {
      flush();
      try {
        port.postMessage({ type: 'done', result, ...(responder !== undefined ? { generated: responder.answered } : {}) } satisfies RunWorkerMessage);
      } catch (error) {
        // The result could not be sent (a value the structured clone refuses): a bug, said as such.
        port.postMessage(crashed(error));
      }
    },
    (error: unknown) => {
      flush();
      port.postMessage(crashed(error));
    },
  );
}

function crashed(error: unknown): RunWorkerMessage {
  const e = error instanceof Error ? error : new Error(String(error));
  return { type: 'crashed', error: { name: e.name, message: e.message, ...(e.stack !== undefined ? { stack: e.stack } : {}) } };
}
