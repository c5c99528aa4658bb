import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test as base, expect, type Page } from '@playwright/test';
import { CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { openStore } from '../../src-main/node/store';
import { ROOT } from './paths';

/**
 * Issue #13: an execution started by an AWS SDK client through `stepscope serve`'s Step Functions
 * API stops at a breakpoint set in the app, and continues from the app.
 */
// The SDK's notice that its 2027 releases need Node 22 would fill the test output (as `stepscope pull` leaves it out).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const EXAMPLE = join(ROOT, 'resources/examples/order-pipeline');

interface Served {
  url: string;
  sfnUrl: string;
  /** The server's execution store. */
  db: string;
}

/** `stepscope serve` with the example's mock config, over a fresh store: its two URLs. */
const test = base.extend<{ served: Served }>({
  served: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'stepscope-e2e-sfn-'));
    const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist/cli.mjs'), 'serve', '--port', '0', '--sfn-port', '0', '--mock-config', join(EXAMPLE, 'mocks.json')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Fake credentials for the server's own pulls (the AWS SDK's default chain reads them), for this child only.
      env: { ...process.env, STEPSCOPE_DB: join(dir, 'stepscope.db'), AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_EC2_METADATA_DISABLED: 'true' },
    });
    const lines: string[] = [];
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`stepscope serve exited with ${code}`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        lines.push(line);
        if (lines.length === 2) resolve();
      });
    });
    const sfnUrl = /^Step Functions API: (http:\/\/127\.0\.0\.1:\d+)$/.exec(lines[1])?.[1];
    if (sfnUrl === undefined) throw new Error(`unexpected second line: ${lines[1]}`);
    await use({ url: lines[0], sfnUrl, db: join(dir, 'stepscope.db') });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  },
});

const debuggerStatus = (page: Page) => page.getByRole('status', { name: 'Debugger status' });
const executionStatus = (page: Page) => page.getByRole('status', { name: 'Execution status' });

test('an SDK-started execution stops at the breakpoint set in the app, and Continue in the app finishes it', async ({ page, served }) => {
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  await page.getByRole('checkbox', { name: 'Breakpoint before ChargeCard', exact: true }).check();
  await expect(page.getByRole('region', { name: 'Breakpoints' }).getByRole('list', { name: 'Breakpoint list' })).toContainText('Before ChargeCard');

  const sfn = new SFNClient({ endpoint: served.sfnUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  try {
    const machine = await sfn.send(
      new CreateStateMachineCommand({ name: 'OrderPipeline', definition: readFileSync(join(EXAMPLE, 'definition.json'), 'utf8'), roleArn: 'arn:aws:iam::111111111111:role/E2E' }),
    );
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: `${machine.stateMachineArn}#HappyPath`, name: 'from-sdk', input: readFileSync(join(EXAMPLE, 'input.json'), 'utf8') }),
    );

    await page.reload();
    const row = page.getByRole('table', { name: 'Executions' }).getByRole('row').filter({ hasText: 'from-sdk' });
    await expect(row).toContainText('RUNNING');
    await row.getByRole('button', { name: /^Open execution / }).click();
    await expect(debuggerStatus(page)).toHaveText('Stopped before ChargeCard');
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }))).status).toBe('RUNNING');

    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await expect(executionStatus(page)).toHaveText('SUCCEEDED');
    await expect.poll(async () => (await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }))).status).toBe('SUCCEEDED');
  } finally {
    sfn.destroy();
  }
});

test('stepscope pull --endpoint-url stores an execution that opens in the inspector with the events GetExecutionHistory gives', async ({ page, served }) => {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const sfn = new SFNClient({ endpoint: served.sfnUrl, region: 'us-east-1', credentials, maxAttempts: 1 });
  let executionArn: string;
  let eventCount: number;
  try {
    const machine = await sfn.send(
      new CreateStateMachineCommand({ name: 'OrderPipeline', definition: readFileSync(join(EXAMPLE, 'definition.json'), 'utf8'), roleArn: 'arn:aws:iam::111111111111:role/E2E' }),
    );
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: `${machine.stateMachineArn}#HappyPath`, name: 'to-pull', input: readFileSync(join(EXAMPLE, 'input.json'), 'utf8') }),
    );
    executionArn = started.executionArn!;
    await expect.poll(async () => (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('SUCCEEDED');
    eventCount = (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events!.length;
  } finally {
    sfn.destroy();
  }

  // Into the server's own store, as a user pulling from AWS would (credentials in the child's environment only).
  const pulled = spawnSync(process.execPath, [join(ROOT, 'dist/cli.mjs'), 'pull', executionArn, '--endpoint-url', served.sfnUrl, '--db', served.db], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: tmpdir(), AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_EC2_METADATA_DISABLED: 'true' },
  });
  expect(pulled.status, pulled.stderr).toBe(0);
  expect(pulled.stdout).toContain(`(SUCCEEDED, ${eventCount} events) from ${executionArn}`);

  await page.goto(served.url);
  const row = page.getByRole('table', { name: 'Executions' }).getByRole('row').filter({ hasText: 'imported' });
  await expect(row).toContainText('to-pull');
  await row.getByRole('button', { name: /^Open execution / }).click();
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
  const table = page.getByRole('grid', { name: 'Event table' });
  await expect(table).toContainText('ExecutionSucceeded');
  // Every event is there (the table is virtualised: its row count says so, header row included).
  await expect(table).toHaveAttribute('aria-rowcount', String(eventCount + 1));
});

test('Pull from AWS in the app: a pasted execution ARN is fetched, stored and opened; a state machine ARN lists its executions, failed first', async ({ page, served }) => {
  const sfn = new SFNClient({ endpoint: served.sfnUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  let machineArn: string;
  const arns: string[] = [];
  try {
    machineArn = (await sfn.send(new CreateStateMachineCommand({ name: 'OrderPipeline', definition: readFileSync(join(EXAMPLE, 'definition.json'), 'utf8'), roleArn: 'arn:aws:iam::111111111111:role/E2E' }))).stateMachineArn!;
    for (const [name, testCase] of [['ok-run', 'HappyPath'], ['bad-run', 'CardDeclined']] as const) {
      const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${machineArn}#${testCase}`, name, input: readFileSync(join(EXAMPLE, 'input.json'), 'utf8') }));
      arns.push(started.executionArn!);
      await expect.poll(async () => (await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }))).status).not.toBe('RUNNING');
    }
  } finally {
    sfn.destroy();
  }

  await page.goto(served.url);
  await page.getByText('Pull from AWS…').click();
  const form = page.getByRole('form', { name: 'Pull from AWS' });
  await form.getByLabel('Endpoint URL').fill(served.sfnUrl);
  await form.getByLabel('Execution or state machine ARN').fill(arns[0].replace('ok-run', 'missing'));
  await form.getByRole('button', { name: 'Pull' }).click();
  await expect(form.getByRole('alert')).toContainText('Pull failed: Not found: execution');

  await form.getByLabel('Execution or state machine ARN').fill(arns[0]);
  await form.getByRole('button', { name: 'Pull' }).click();
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
  await expect(page.getByRole('grid', { name: 'Event table' })).toContainText('ExecutionSucceeded');

  await page.goto(served.url);
  await page.getByText('Pull from AWS…').click();
  await form.getByLabel('Endpoint URL').fill(served.sfnUrl);
  await form.getByLabel('Execution or state machine ARN').fill(machineArn);
  await form.getByRole('button', { name: 'Pull' }).click();
  const pulled = form.getByRole('list', { name: 'Pulled executions' });
  await expect(pulled.getByRole('listitem')).toHaveCount(2);
  await expect(pulled.getByRole('listitem').first()).toContainText('bad-run');
  await expect(pulled.getByRole('listitem').first()).toContainText('FAILED');
  await pulled.getByRole('button', { name: 'Open pulled execution bad-run' }).click();
  await expect(executionStatus(page)).toHaveText('FAILED');
});

test("the top bar shows stepscope serve's Step Functions API URL, with how to use it", async ({ page, served }) => {
  await page.goto(served.url);
  const status = page.locator('.topbar').getByText(`Step Functions API: ${served.sfnUrl}`);
  await expect(status).toBeVisible();
  await status.click();
  await expect(page.getByText(`--endpoint-url ${served.sfnUrl}`)).toBeVisible();
  // serve always serves it: there is no setting to change here.
  await expect(page.getByRole('form', { name: 'Step Functions API setting' })).toHaveCount(0);
  await expect(page.getByText('stepscope serve serves it for as long as it runs')).toBeVisible();
});

test("Pull from AWS in the app with the Map Run children box: the execution opens, its Distributed Map run's children are stored under it", async ({ page, served }) => {
  const sfn = new SFNClient({ endpoint: served.sfnUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  let arn: string;
  try {
    const fan = JSON.stringify({
      StartAt: 'Each',
      States: { Each: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } },
    });
    const machine = await sfn.send(new CreateStateMachineCommand({ name: 'Fan', definition: fan, roleArn: 'arn:aws:iam::111111111111:role/E2E' }));
    arn = (await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, name: 'fan-1', input: '[1,2,3]' }))).executionArn!;
    await expect.poll(async () => (await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe('SUCCEEDED');
  } finally {
    sfn.destroy();
  }

  await page.goto(served.url);
  await page.getByText('Pull from AWS…').click();
  const form = page.getByRole('form', { name: 'Pull from AWS' });
  await form.getByLabel('Endpoint URL').fill(served.sfnUrl);
  await form.getByLabel('Execution or state machine ARN').fill(arn);
  await form.getByRole('checkbox', { name: 'Also the child executions of Distributed Map runs' }).check();
  await form.getByRole('button', { name: 'Pull' }).click();
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');

  const store = openStore({ path: served.db, writerWorker: false });
  try {
    const imported = store.listExecutions({ stateMachine: 'arn:aws:states:us-east-1:111111111111:stateMachine:Fan' }).filter((r) => r.origin === 'import');
    expect(imported).toHaveLength(1);
    const children = store.listExecutions({ parentId: imported[0].id });
    expect(children.map((c) => [c.parentKind, c.origin, c.status])).toEqual(Array(3).fill(['mapRun', 'import', 'SUCCEEDED']));
  } finally {
    await store.close();
  }
});
