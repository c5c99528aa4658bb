import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/node/store';

/** `stepscope import-logs`: Express executions rebuilt from exported CloudWatch Logs log events (test/fixtures/logs). */
const ROOT = join(__dirname, '../../..');
const LOGS = join(ROOT, 'test/fixtures/logs');
const ARN = 'arn:aws:states:us-east-1:111111111111:express:Greeter:greet-1:6f1c2d3e-0000-4000-8000-000000000001';
let tmp: string;

function stepscope(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, STEPSCOPE_DB: join(tmp, 'logs.db') } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'stepscope-logs-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('stepscope import-logs', () => {
  it('rebuilds an Express execution logged at level ALL with execution data (filter-log-events output)', async () => {
    const r = stepscope(['import-logs', join(LOGS, 'express-all.json'), '--db', join(tmp, 'all.db')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`Imported execution 1: greet-1 (SUCCEEDED, 6 events) from ${ARN}\n`);
    expect(r.stderr).toBe('');
    const store = openStore({ path: join(tmp, 'all.db'), writerWorker: false });
    try {
      const record = store.findExecution(ARN)!;
      expect(record).toMatchObject({ type: 'EXPRESS', status: 'SUCCEEDED', stateMachineName: 'Greeter', origin: 'import', input: '{"name":"Ada"}' });
      const events = store.loadEvents(record.id);
      expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
      expect(events[1]).toMatchObject({ id: 2, previousEventId: 0, stateEnteredEventDetails: { name: 'Greet', input: '{"name":"Ada"}' } });
      expect(JSON.parse((events[5].executionSucceededEventDetails as { output: string }).output)).toEqual({ greeting: 'Hello, Ada', status: 'done' });
      expect(store.getDefinition(record.definitionId!)!.reconstructed).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('imports an export without execution data (one message per line), saying that payloads are unknown', () => {
    const r = stepscope(['import-logs', join(LOGS, 'express-no-data.log'), '--db', join(tmp, 'nodata.db')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`stepscope import-logs: note: ${ARN}: the logs carry no execution data (the logging configuration has includeExecutionData false): inputs, outputs and task results are unknown\n`);
  });

  it('refuses logs below level ALL, naming the events they lack', () => {
    const r = stepscope(['import-logs', join(LOGS, 'express-level-error.json'), '--db', join(tmp, 'error.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${ARN}: events 2, 3, 4, 5 are not in the logs. The state machine logs at a level below ALL`);
    const none = stepscope(['import-logs', join(ROOT, 'test/fixtures/sfnApi/orders-mocks.json'), '--db', join(tmp, 'error.db')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('holds no Step Functions log events');
  });
});
