import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import { recordLocalRun } from '../../../src-main/node/service';
import { openStore } from '../../../src-main/node/store';
import { openTestService, START } from './serviceFixture';

// Make the engine crash, as a bug in Stepscope would.
vi.mock('../../../src-main/common/engine/interpreter', () => ({
  runExecution: () => Promise.reject(new TypeError('cannot read properties of undefined')),
}));

const definitionText = '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}';
const definition = JSON.parse(definitionText) as StateMachineDefinition;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('an engine crash is recorded INTERRUPTED on the one launch-and-record path (issue #15)', () => {
  it('recordLocalRun (the CLI\'s path) records it INTERRUPTED with Stepscope.InternalError and hands the crash back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepscope-localrun-'));
    dirs.push(dir);
    const store = openStore({ path: join(dir, 'runs.db'), writerWorker: false });
    try {
      const outcome = await recordLocalRun(store, {
        definition,
        definitionText,
        input: {},
        invoker: { invoke: () => ({ kind: 'success', output: null }) },
        seed: 0,
        startTime: START,
        stateMachineName: 'Crashy',
        name: 'crash-1',
      });
      expect(outcome.kind).toBe('crashed');
      expect(outcome.update).toEqual({ status: 'INTERRUPTED', output: null, error: 'Stepscope.InternalError', cause: 'cannot read properties of undefined', stopDate: null });
      expect(store.getExecution(1)).toMatchObject({
        name: 'crash-1',
        arn: 'arn:aws:states:us-east-1:111111111111:execution:Crashy:crash-1',
        status: 'INTERRUPTED',
        error: 'Stepscope.InternalError',
        cause: 'cannot read properties of undefined',
      });
    } finally {
      await store.close();
    }
  });

  it('the service records and pushes it INTERRUPTED, as the CLI does (it used to say FAILED)', async () => {
    const { service, pushes, store } = openTestService();
    const started = await service['executions.start']({ definitionText, stateMachineName: 'Crashy' });
    expect(started.kind).toBe('started');
    await service.whenIdle();
    expect(store.getExecution(1)).toMatchObject({ status: 'INTERRUPTED', error: 'Stepscope.InternalError', cause: 'cannot read properties of undefined' });
    const last = pushes.filter((p) => p.type === 'execution.statusChanged').pop();
    expect(last?.type === 'execution.statusChanged' && last.payload.execution.status).toBe('INTERRUPTED');
  });
});
