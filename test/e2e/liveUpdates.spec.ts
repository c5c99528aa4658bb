import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { ROOT } from './paths';

/**
 * Live updates from other writers (issue #14): an execution another process stores in the database
 * a running `stepscope serve` uses appears in the open page's executions list without a reload.
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
