import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecutionDetail, ExecutionId, StartOutcome } from '../../src-main/common/contract/api';
import type { ApiResult } from '../../src-main/common/contract/errors';
import type { Push } from '../../src-main/common/contract/events';
import { createHost, type Host } from '../../src-main/node/host';
import { createService, type StepscopeService } from '../../src-main/node/service';
import { openStore, type ExecutionStore } from '../../src-main/node/store';

/**
 * Issue #5: the host stays responsive while an execution runs. The engine runs a Choice loop of
 * Pass states without ever waiting; with RunOptions.yieldToHost the service hands the thread back
 * to the event loop between states, so calls, HTTP requests and pushes are answered meanwhile.
 * Every check here is about order (answered before the run finished), not about time: with
 * `hostTurnMs: 0` the run yields at every chance, whatever the machine's speed.
 */
const ROOT = join(__dirname, '../..');
const LOOPS = 6000;
/** ExecutionStarted, Init (2), LOOPS × (Inc, Check) × 2, Done (2), ExecutionSucceeded: under AWS's 25,000. */
const TOTAL_EVENTS = 1 + 2 + LOOPS * 4 + 2 + 1;
const CHOICE_LOOP = JSON.stringify({
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Inc' },
    Inc: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Check' },
    Check: { Type: 'Choice', Choices: [{ Variable: '$.i', NumericLessThan: LOOPS, Next: 'Inc' }], Default: 'Done' },
    Done: { Type: 'Succeed' },
  },
});

let tmp: string;
let store: ExecutionStore;
let service: StepscopeService;

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'stepscope-responsive-'));
  store = openStore({ path: join(tmp, 'runs.db'), writerWorker: false });
  service = createService({ examplesDir: join(ROOT, 'resources/examples'), store, hostTurnMs: 0 });
});

afterEach(async () => {
  await service.close();
  await store.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** `done` resolves once the execution's stop is pushed; `stopped()` says whether it has been. */
function whenStopped(executionId: () => ExecutionId | undefined): { done: Promise<void>; stopped: () => boolean } {
  let stopped = false;
  const done = new Promise<void>((resolve) => {
    const unsubscribe = service.subscribe((push) => {
      if (push.type === 'execution.statusChanged' && push.payload.execution.executionId === executionId() && push.payload.execution.status !== 'RUNNING') {
        stopped = true;
        unsubscribe();
        resolve();
      }
    });
  });
  return { done, stopped: () => stopped };
}

describe('service: a long run does not hold the host', () => {
  it('answers executions.start and executions.get while a 24,000-event Choice loop is still running', async () => {
    let id: ExecutionId | undefined;
    const stop = whenStopped(() => id);
    const outcome = await service['executions.start']({ definitionText: CHOICE_LOOP, input: {} });
    if (outcome.kind !== 'started') throw new Error('not started');
    id = outcome.execution.executionId;
    const detail = await service['executions.get']({ executionId: id });
    expect(stop.stopped()).toBe(false);
    expect(detail.status).toBe('RUNNING');
    expect(detail.eventCount).toBeLessThan(TOTAL_EVENTS);
    await stop.done;
    await service.whenIdle();
    const final = await service['executions.get']({ executionId: id });
    expect(final.status).toBe('SUCCEEDED');
    expect(final.eventCount).toBe(TOTAL_EVENTS);
  });
});

describe('browser host: a long run does not hold HTTP answers or pushes', () => {
  let host: Host;
  beforeEach(async () => {
    mkdirSync(join(tmp, 'renderer'));
    writeFileSync(join(tmp, 'renderer', 'index.html'), '<!doctype html><title>Stepscope test page</title>');
    host = await createHost({ service, rendererDir: join(tmp, 'renderer') });
  });
  afterEach(async () => {
    await host.close();
  });

  function post<T>(method: string, input: unknown): Promise<ApiResult<T>> {
    return new Promise((resolve, reject) => {
      const body = JSON.stringify(input);
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          method: 'POST',
          path: `/api/${method}`,
          headers: { Host: `127.0.0.1:${host.port}`, 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve(JSON.parse(text) as ApiResult<T>));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Opens the push stream; calls `onPush` for each push as the client receives it. */
  function openPushes(onPush: (push: Push) => void): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: host.port, path: '/api/pushes', headers: { Host: `127.0.0.1:${host.port}`, Authorization: `Bearer ${host.token}` } },
        (res) => {
          let buffer = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const frame = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              for (const line of frame.split('\n')) if (line.startsWith('data: ')) onPush(JSON.parse(line.slice(6)) as Push);
            }
          });
          resolve(() => req.destroy());
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  it('answers an HTTP request and delivers pushes before the run has finished', async () => {
    let id: ExecutionId | undefined;
    const stop = whenStopped(() => id);
    const receivedWhileRunning: number[] = [];
    const closePushes = await openPushes((push) => {
      if (push.type === 'execution.eventsAppended' && !stop.stopped()) receivedWhileRunning.push(push.payload.events.length);
    });
    try {
      const started = await post<StartOutcome>('executions.start', { definitionText: CHOICE_LOOP, input: {} });
      if (!started.ok || started.value.kind !== 'started') throw new Error('not started');
      id = started.value.execution.executionId;
      const detail = await post<ExecutionDetail>('executions.get', { executionId: id });
      // The request went through the event loop (HTTP parsing, the handler, the answer) in the run's turns.
      expect(stop.stopped()).toBe(false);
      expect(detail.ok && detail.value.status).toBe('RUNNING');
      expect(detail.ok && detail.value.eventCount).toBeLessThan(TOTAL_EVENTS);
      await stop.done;
      // The client read pushes of the run from its socket while the run was going on.
      expect(receivedWhileRunning.length).toBeGreaterThan(0);
      const final = await post<ExecutionDetail>('executions.get', { executionId: id });
      expect(final.ok && final.value.status).toBe('SUCCEEDED');
    } finally {
      closePushes();
    }
  });
});
