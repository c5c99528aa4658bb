import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateStateMachineCommand, GetExecutionHistoryCommand, StartExecutionCommand, type HistoryEvent as SdkEvent } from '@aws-sdk/client-sfn';
import type { ImportOutcome } from '../../../src-main/common/contract/api';
import { createService } from '../../../src-main/node/service';
import { dispatch } from '../../../src-main/node/service/dispatch';
import { openStore } from '../../../src-main/node/store';
import { EXAMPLES, openEndpoint, ORDERS_DEFINITION, ROLE } from './endpointFixture';

/**
 * `stepscope pull` (the built CLI, as a child process with fake credentials in its environment
 * only) against the local Step Functions API endpoint: the stored events are GetExecutionHistory's.
 */
const ROOT = join(__dirname, '../../..');
let env: Awaited<ReturnType<typeof openEndpoint>>;
let tmp: string;
const ARN = (name: string) => `arn:aws:states:us-east-1:111111111111:stateMachine:${name}`;

/** 300 items through an inline Map of Pass states: over 1,200 events, two pages of 1,000. */
const LONG = JSON.stringify({ StartAt: 'Each', States: { Each: { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } } });

/** A Distributed Map of five Standard child executions. */
const FAN = JSON.stringify({
  StartAt: 'Each',
  States: { Each: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } },
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `stepscope pull ...` with only the given AWS environment (no shared files, no instance metadata). */
function pull(args: string[], credentials: Record<string, string> | null = { AWS_ACCESS_KEY_ID: 'AKIDPULLTEST', AWS_SECRET_ACCESS_KEY: 'pull-secret' }, extra: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/cli.mjs'), 'pull', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: tmp,
        AWS_CONFIG_FILE: join(tmp, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(tmp, 'no-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        ...(credentials ?? {}),
        ...extra,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function plain(event: SdkEvent): unknown {
  return JSON.parse(JSON.stringify(event, function (this: Record<string, unknown>, key, value: unknown) {
    return this[key] instanceof Date ? (this[key] as Date).toISOString() : value;
  }));
}

async function allEvents(executionArn: string) {
  const events: SdkEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await env.client.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events.map(plain);
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'stepscope-pull-'));
  env = await openEndpoint();
  await env.client.send(new CreateStateMachineCommand({ name: 'Orders', definition: ORDERS_DEFINITION, roleArn: ROLE }));
  await env.client.send(new CreateStateMachineCommand({ name: 'Long', definition: LONG, roleArn: ROLE }));
  for (const [name, testCase] of [['good-1', 'HappyPath'], ['bad-1', 'ChargeFails'], ['bad-2', 'ChargeFails']]) {
    await env.client.send(new StartExecutionCommand({ stateMachineArn: `${ARN('Orders')}#${testCase}`, name }));
  }
  await env.client.send(new StartExecutionCommand({ stateMachineArn: ARN('Long'), name: 'long-1', input: JSON.stringify(Array.from({ length: 300 }, (_, i) => i)) }));
  await env.client.send(new CreateStateMachineCommand({ name: 'Fan', definition: FAN, roleArn: ROLE }));
  await env.client.send(new StartExecutionCommand({ stateMachineArn: ARN('Fan'), name: 'fan-1', input: '[1,2,3,4,5]' }));
  await env.service.whenIdle();
});
afterAll(async () => {
  await env.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('stepscope pull against the local endpoint', () => {
  it('stores an execution with the events GetExecutionHistory gives, its description and definition, reporting progress for a long history', async () => {
    const arn = 'arn:aws:states:us-east-1:111111111111:execution:Long:long-1';
    const db = join(tmp, 'long.db');
    const run = await pull([arn, '--endpoint-url', env.endpoint.url, '--db', db]);
    expect(run.stderr).toContain(`stepscope pull: ${arn}: 1000 events so far`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Pulled execution 1: long-1 \(SUCCEEDED, \d+ events\) from arn:aws:states:us-east-1:111111111111:execution:Long:long-1\n$/);
    const store = openStore({ path: db, writerWorker: false });
    try {
      const record = store.findExecution(arn)!;
      const events = store.loadEvents(record.id);
      expect(events.length).toBeGreaterThan(1200);
      expect(events).toEqual(await allEvents(arn));
      expect(record).toMatchObject({ origin: 'import', status: 'SUCCEEDED', stateMachineName: 'Long', name: 'long-1' });
      expect(JSON.parse(store.getDefinition(record.definitionId!)!.text)).toEqual(JSON.parse(LONG));
      expect(store.getDefinition(record.definitionId!)!.reconstructed).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('pulls the most recent executions of a state machine with a status', async () => {
    const db = join(tmp, 'machine.db');
    const run = await pull([ARN('Orders'), '--status', 'FAILED', '--limit', '5', '--endpoint-url', env.endpoint.url, '--db', db, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([1, 2]);
    const store = openStore({ path: db, writerWorker: false });
    try {
      expect(store.listExecutions().map((r) => [r.name, r.status])).toEqual([
        ['bad-1', 'FAILED'],
        ['bad-2', 'FAILED'],
      ]);
      const bad = store.findExecution('arn:aws:states:us-east-1:111111111111:execution:Orders:bad-1')!;
      expect(store.loadEvents(bad.id)).toEqual(await allEvents(bad.arn));
    } finally {
      await store.close();
    }
  });

  it('pulls a Distributed Map run\'s child executions with --children, linked to their parent as local Map Run children are, up to --max-children', async () => {
    const arn = 'arn:aws:states:us-east-1:111111111111:execution:Fan:fan-1';
    const db = join(tmp, 'fan.db');
    const run = await pull([arn, '--children', '--endpoint-url', env.endpoint.url, '--db', db]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('stepscope pull: Map Run child executions: 5 of 5\n');
    expect(run.stdout).toMatch(/^Pulled execution 1: fan-1 \(SUCCEEDED, \d+ events\) from .*\nPulled 5 Map Run child executions: 2-6\n$/);
    const store = openStore({ path: db, writerWorker: false });
    try {
      const parent = store.findExecution(arn)!;
      const started = store.loadEvents(parent.id).find((e) => e.type === 'MapRunStarted')!;
      const children = store.listExecutions({ parentId: parent.id, parentEventId: started.id });
      expect(children).toHaveLength(5);
      expect(children.every((c) => c.parentKind === 'mapRun' && c.origin === 'import' && c.status === 'SUCCEEDED')).toBe(true);
      // What is stored is what the endpoint answers for each child (and the children are those of that Map Run).
      const local = env.store.findExecution(arn)!;
      const localStarted = env.store.loadEvents(local.id).find((e) => e.type === 'MapRunStarted')!;
      const originals = env.store.listExecutions({ parentId: local.id, parentEventId: localStarted.id }).map((c) => c.arn);
      expect(children.map((c) => c.arn).sort()).toEqual([...originals].sort());
      for (const child of children) expect(store.loadEvents(child.id)).toEqual(await allEvents(child.arn));
    } finally {
      await store.close();
    }

    const capped = await pull([arn, '--children', '--max-children', '2', '--endpoint-url', env.endpoint.url, '--db', join(tmp, 'fan-capped.db'), '--json']);
    expect(capped.code, capped.stderr).toBe(0);
    expect(capped.stderr).toContain('stepscope pull: stopped at 2 Map Run child executions (--max-children); the Map Runs list 5\n');
    expect(JSON.parse(capped.stdout)).toEqual([1, 2, 3]);
    const usage = await pull([arn, '--max-children', '2', '--db', db]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--max-children applies with --children');
  });

  it('says in one line what went wrong: not found, no credentials, access denied, unreachable, bad usage', async () => {
    const db = join(tmp, 'errors.db');
    const missing = await pull(['arn:aws:states:us-east-1:111111111111:execution:Orders:nope', '--endpoint-url', env.endpoint.url, '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^stepscope pull: Not found: execution arn:aws:states:us-east-1:111111111111:execution:Orders:nope \(ExecutionDoesNotExist: .*\)\n$/);
    const noCredentials = await pull(['arn:aws:states:us-east-1:111111111111:execution:Orders:good-1', '--endpoint-url', env.endpoint.url, '--db', db], null);
    expect(noCredentials.code).toBe(2);
    expect(noCredentials.stderr).toMatch(/^stepscope pull: No AWS credentials found: /);
    expect(noCredentials.stderr.trim().split('\n')).toHaveLength(1);

    const locked = await openEndpoint({ accessKeyId: 'AKIDSOMEONEELSE' });
    try {
      const denied = await pull(['arn:aws:states:us-east-1:111111111111:execution:Orders:good-1', '--endpoint-url', locked.endpoint.url, '--db', db]);
      expect(denied.code).toBe(2);
      expect(denied.stderr).toMatch(/^stepscope pull: Access denied while reading execution .* \(UnrecognizedClientException\)/);
    } finally {
      await locked.close();
    }
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const unreachable = await pull(['arn:aws:states:us-east-1:111111111111:execution:Orders:good-1', '--endpoint-url', `http://127.0.0.1:${closed}`, '--db', db]);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/^stepscope pull: Could not reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    const usage = await pull(['not-an-arn', '--db', db]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('is not an execution or state machine ARN');
  });

  it('retries throttled requests (the SDK does), then says the service kept throttling', async () => {
    let requests = 0;
    const server: Server = createServer((req, res) => {
      requests++;
      req.resume();
      req.on('end', () => {
        res.writeHead(400, { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-ErrorType': 'ThrottlingException' });
        res.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      // Two attempts keep the test short; the SDK's default is three, with backoff.
      const run = await pull(['arn:aws:states:us-east-1:111111111111:execution:Orders:good-1', '--endpoint-url', url, '--db', join(tmp, 'throttled.db')], undefined, { AWS_MAX_ATTEMPTS: '2' });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^stepscope pull: AWS kept throttling the requests for execution .* after the SDK's retries \(ThrottlingException\)/);
      expect(requests).toBe(2);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("the service's executions.pull (the app's Pull from AWS) pulls Map Run children with children: true, linked to their parent", async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = 'AKIDPULLTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'pull-secret';
    const store = openStore({ path: join(tmp, 'service-fan.db'), writerWorker: false });
    const service = createService({ examplesDir: EXAMPLES, store });
    try {
      const arn = 'arn:aws:states:us-east-1:111111111111:execution:Fan:fan-1';
      const outcome = await dispatch(service, 'executions.pull', { arn, endpointUrl: env.endpoint.url, children: true, maxChildren: 4 });
      if (!outcome.ok) throw new Error(outcome.error.message);
      const [parent, ...children] = (outcome.value as ImportOutcome).executions;
      expect(parent).toMatchObject({ name: 'fan-1', status: 'SUCCEEDED' });
      expect(children).toHaveLength(4);
      expect(children.every((c) => c.parent?.kind === 'mapRun' && c.parent.executionId === parent.executionId)).toBe(true);
      expect(await dispatch(service, 'executions.pull', { arn, maxChildren: 2 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: '/maxChildren' } });
    } finally {
      await service.close();
      await store.close();
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      else process.env.AWS_ACCESS_KEY_ID = saved.id;
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    }
  });

  it("the service's executions.pull (the app's Pull from AWS) refuses what is not an execution or state machine ARN before fetching anything", async () => {
    expect(await dispatch(env.service, 'executions.pull', { arn: 'arn:aws:states:us-east-1:111111111111:activity:Approve' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: '/arn' } });
    expect(await dispatch(env.service, 'executions.pull', { arn: 'not-an-arn' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: '/arn' } });
    expect(await dispatch(env.service, 'executions.pull', { arn: 'arn:aws:states:us-east-1:111111111111:execution:Orders:good-1', status: 'FAILED' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
