/**
 * The worker thread of one local execution run off the host's thread
 * (src-main/node/service/runOffThread.ts), built to dist/runWorker.mjs and out/main/runWorker.js:
 * takes the run from its first message, runs the execution with the engine and posts its events
 * in batches, then its result.
 */
import { parentPort } from 'node:worker_threads';
import { serveRunWorker } from '../../service/runWorkerThread';
import type { RunWorkerData } from '../../service/runOffThread';

// The run comes in the first message (a warm thread waits for it; service/runOffThread.ts).
const port = parentPort;
if (port !== null) port.once('message', (data: RunWorkerData) => serveRunWorker(port, data));
