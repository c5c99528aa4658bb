/**
 * The worker of the synchronous JSONata evaluator (src-main/node/debug/syncJsonata.ts), built to
 * dist/syncJsonataWorker.mjs and out/main/syncJsonataWorker.js: evaluates each breakpoint
 * condition it is sent with the engine's own JSONata evaluator, posts the answer, then bumps the
 * shared counter and notifies the waiting thread.
 */
import { workerData } from 'node:worker_threads';
import { evaluateConditionText } from '../../../common/debug/breakpoints';
import type { SyncJsonataAnswer, SyncJsonataRequest, SyncJsonataWorkerData } from '../../debug/syncJsonata';

const { signal, port } = workerData as SyncJsonataWorkerData;
const counter = new Int32Array(signal);

port.on('message', (request: SyncJsonataRequest) => {
  const answer = (message: SyncJsonataAnswer) => {
    port.postMessage(message);
    Atomics.add(counter, 0, 1);
    Atomics.notify(counter, 0);
  };
  evaluateConditionText(request.text, request.scope).then(
    (value) => answer({ id: request.id, ok: true, value }),
    () => answer({ id: request.id, ok: false }),
  );
});
