import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { ROOT, SCREENSHOTS } from './paths';

/**
 * Issue #17: the coverage file of `stepscope test --coverage-file` opened in the app draws the
 * suite's coverage on the graph — states shaded by visits, uncovered transitions dashed and
 * listed. Screenshots in both themes: out/e2e-screenshots/coverage-<light|dark>.png.
 */

function coverageFileOf(testPath: string): string {
  const out = join(mkdtempSync(join(tmpdir(), 'stepscope-coverage-')), 'coverage.json');
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.mjs'), 'test', testPath, '--coverage-file', out], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`stepscope test failed: ${r.stdout}${r.stderr}`);
  return out;
}

for (const theme of ['light', 'dark'] as const) {
  test(`a coverage file opens as the graph with coverage drawn on it (${theme})`, async ({ page, host }) => {
    const file = coverageFileOf('test/fixtures/usertests/suggest/router.sfn-test.json');
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(host.url);
    await page.getByLabel('Open definition file').setInputFiles({ name: 'coverage.json', mimeType: 'application/json', buffer: readFileSync(file) });
    const view = page.getByRole('region', { name: 'Coverage' });
    await expect(view.getByRole('heading', { name: 'Coverage: Router' })).toBeVisible();
    await expect(view.getByLabel('Coverage totals')).toContainText('States2/6 · 33.3%');
    await expect(view.getByRole('img', { name: 'State Route, entered 1 times' })).toBeVisible();
    await expect(view.getByRole('img', { name: 'State Vip, never entered' })).toBeVisible();
    await expect(view.getByLabel('Not covered').getByRole('listitem')).toHaveCount(11);
    await expect(view.getByRole('listitem').filter({ hasText: 'Route Choices[1] → Vip' })).toBeVisible();
    await view.screenshot({ path: join(SCREENSHOTS, `coverage-${theme}.png`) });
  });
}

test('the examples suite: every state covered, Map and Parallel branches drawn', async ({ page, host }) => {
  const file = coverageFileOf('resources/examples/order-pipeline');
  await page.goto(host.url);
  await page.getByLabel('Open definition file').setInputFiles({ name: 'coverage.json', mimeType: 'application/json', buffer: readFileSync(file) });
  const view = page.getByRole('region', { name: 'Coverage' });
  await expect(view.getByLabel('Coverage totals')).toContainText('States11/11 · 100%');
  await expect(view.getByText('Every state, transition, retrier and branch was exercised.')).toBeVisible();
  await expect(view.getByRole('img', { name: /^State ChargeCard, entered \d+ times$/ })).toBeVisible();
});
