import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from './fixtures';
import { ROOT } from './paths';

/**
 * Live updates from other writers (issue #14): an execution another process stores in the database
 * a running `stepscope serve` uses appears in the open page's executions list without a reload, and
 * one it runs updates live in an open view.
 */

const MAP_CASE = join(ROOT, 'test/fixtures/conformance/aws-recorded/scenarios/test_map_state.json');

/** Runs the CLI as a user would in another terminal, on the served database. */
function cli(...args: string[]): string {
  return execFileSync(process.execPath, [join(ROOT, 'dist/cli.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
}

test('an execution imported by the CLI into the served database appears in the open list without a reload', async ({ page, host, shot }) => {
  let loads = 0;
  page.on('load', () => loads++);
  await page.goto(host.url);
  const region = page.getByRole('region', { name: 'Executions' });
  await expect(region).toContainText('No executions yet');

  cli('import', MAP_CASE, '--db', host.db);
  const list = page.getByRole('table', { name: 'Executions' });
  // The service looks every 500 ms; a few seconds is plenty.
  await expect(list.getByRole('row')).toHaveCount(2, { timeout: 5000 });
  await expect(list.getByRole('row').nth(1)).toContainText('SUCCEEDED');
  await expect(list.getByRole('row').nth(1)).toContainText(/Recorded.*test_map_state.*imported/);

  // A run by the CLI too, listed above it.
  cli('run', join(ROOT, 'test/fixtures/cli/hello.json'), '--input-json', '{"name":"Ada"}', '--db', host.db);
  await expect(list.getByRole('row')).toHaveCount(3, { timeout: 5000 });
  await expect(list.getByRole('row').nth(1)).toContainText(/hello|Hello/);
  await expect(list.getByRole('row').nth(2)).toContainText('test_map_state');
  await shot(page, 'live-import-run');

  // Removed by the CLI: gone from the list.
  cli('rm', 'Recorded', '--db', host.db);
  await expect(list.getByRole('row')).toHaveCount(2, { timeout: 5000 });
  await expect(list).not.toContainText('test_map_state');
  cli('import', MAP_CASE, '--db', host.db);
  await expect(list.getByRole('row')).toHaveCount(3, { timeout: 5000 });
  expect(loads).toBe(1);

  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    for (const [width, height] of [
      [1440, 900],
      [1024, 700],
    ] as const) {
      await page.setViewportSize({ width, height });
      await shot(page, `live-import-${theme}-${width}x${height}`);
    }
  }
});

/** Starts another `stepscope serve` on the same database, as a second user session would. */
async function anotherServe(db: string): Promise<{ call(method: string, input: unknown): Promise<unknown>; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli.mjs'), 'serve', '--port', '0', '--db', db], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = new URL(
    await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the second stepscope serve exited with ${code}`)));
      createInterface({ input: child.stdout! }).once('line', resolve);
    }),
  );
  const token = url.searchParams.get('token')!;
  return {
    async call(method, input) {
      const response = await fetch(`${url.origin}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
      const body = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
      if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
      return body.value;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const PASSES = {
  StartAt: 'One',
  States: { One: { Type: 'Pass', Result: 1, Next: 'Two' }, Two: { Type: 'Pass', Result: 2, Next: 'Three' }, Three: { Type: 'Pass', Result: 3, End: true } },
};

test('an execution another process runs in the same database updates live in the open view', async ({ page, host }) => {
  await page.goto(host.url);
  const other = await anotherServe(host.db);
  try {
    const started = (await other.call('debug.start', { definitionText: JSON.stringify(PASSES), name: 'debugged-elsewhere', stopOnEntry: true })) as { execution: { executionId: string } };
    const executionId = started.execution.executionId;
    const list = page.getByRole('table', { name: 'Executions' });
    const row = list.getByRole('row').filter({ hasText: 'debugged-elsewhere' });
    await expect(row).toContainText('RUNNING', { timeout: 5000 });
    await page.getByRole('button', { name: 'Open execution debugged-elsewhere' }).click();
    await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('RUNNING');

    // Stepped in the other process: its events arrive here while it still runs.
    await other.call('debug.stepOver', { executionId });
    await other.call('debug.stepOver', { executionId });
    const graph = page.getByRole('region', { name: 'Graph', exact: true });
    await expect(graph.getByRole('button', { name: /^State One, succeeded/ })).toBeVisible({ timeout: 5000 });
    await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('RUNNING');

    await other.call('debug.continue', { executionId });
    await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED', { timeout: 5000 });
    await expect(graph.getByRole('button', { name: /^State Three, succeeded/ })).toBeVisible();
  } finally {
    await other.stop();
  }
});
