/**
 * The worker thread of one local execution run off the host's thread
 * (src-main/node/service/runOffThread.ts), built to dist/runWorker.mjs and out/main/runWorker.js:
 * runs the execution with the engine and posts its events in batches, then its result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serveRunWorker } from '../../service/runWorkerThread';
import type { RunWorkerData } from '../../service/runOffThread';

if (parentPort !== null) serveRunWorker(parentPort, workerData as RunWorkerData);
