import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  it('fetches the log events from a log group with the CloudWatch Logs client (every page, filtered by execution ARN)', async () => {
    const all = (JSON.parse(readFileSync(join(LOGS, 'express-all.json'), 'utf8')) as { events: unknown[] }).events;
    const requests: { target: string | undefined; body: Record<string, unknown> }[] = [];
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const body = JSON.parse(text) as Record<string, unknown>;
        requests.push({ target: req.headers['x-amz-target'] as string | undefined, body });
        const start = body.nextToken === 'page-2' ? 3 : 0;
        res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ events: all.slice(start, start + 3), ...(start === 0 ? { nextToken: 'page-2' } : {}) }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [join(ROOT, 'dist/cli.mjs'), 'import-logs', '--log-group', '/aws/vendedlogs/states/Greeter', '--execution-arn', ARN, '--endpoint-url', url, '--db', join(tmp, 'fetched.db')], {
          env: { PATH: process.env.PATH, HOME: tmp, AWS_ACCESS_KEY_ID: 'AKIDLOGS', AWS_SECRET_ACCESS_KEY: 'x', AWS_CONFIG_FILE: join(tmp, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(tmp, 'none'), AWS_EC2_METADATA_DISABLED: 'true' },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe(`Imported execution 1: greet-1 (SUCCEEDED, 6 events) from ${ARN}\n`);
      expect(requests.map((r) => r.target)).toEqual(['Logs_20140328.FilterLogEvents', 'Logs_20140328.FilterLogEvents']);
      expect(requests[0].body).toMatchObject({ logGroupName: '/aws/vendedlogs/states/Greeter', filterPattern: `{ $.execution_arn = "${ARN}" }` });
      expect(requests[1].body.nextToken).toBe('page-2');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
