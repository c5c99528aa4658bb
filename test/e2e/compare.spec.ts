import { expect, test } from './fixtures';

/**
 * Comparing two executions (issue #6): two runs of the order pipeline with different test cases
 * agree until ChargeCard's first failure, whose error and cause differ.
 */

test('compares two runs of order-pipeline side by side: they diverge at ChargeCard', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');
  await page.getByRole('combobox', { name: 'Test case' }).selectOption('CardDeclined');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('FAILED');

  await page.getByRole('button', { name: 'Start', exact: true }).click();
  const list = page.getByRole('region', { name: 'Executions' });
  const compare = list.getByRole('button', { name: 'Compare', exact: true });
  await expect(compare).toBeDisabled();
  await list.getByRole('checkbox', { name: /^Select execution HappyPath-/ }).check();
  await expect(compare).toBeDisabled();
  await list.getByRole('checkbox', { name: /^Select execution CardDeclined-/ }).check();
  await compare.click();

  const view = page.getByRole('region', { name: 'Compare executions' });
  await expect(view.getByRole('status', { name: 'Comparison result' })).toHaveText(
    '11 events alike, then they diverge. At event 12 (LambdaFunctionFailed in ChargeCard), the payloads differ: cause, error.',
  );
  // The older run (HappyPath) on the left; the divergent event highlighted on both sides.
  const left = view.getByRole('region', { name: /^Left: HappyPath-/ });
  const right = view.getByRole('region', { name: /^Right: CardDeclined-/ });
  for (const side of [left, right]) {
    const diverged = side.locator('tr[aria-current=true]');
    await expect(diverged).toHaveCount(1);
    await expect(diverged).toContainText('12');
    await expect(diverged).toContainText('LambdaFunctionFailed');
    await expect(diverged).toContainText('ChargeCard');
  }
  await expect(right.getByLabel(/^Divergent event of CardDeclined-/)).toContainText('Payments.Declined');
  await expect(left.getByLabel(/^Divergent event of HappyPath-/)).not.toContainText('Payments.Declined');
  await shot(page, 'compare-01-order-pipeline');

  // Each side opens its execution.
  await left.getByRole('button', { name: /^Open execution HappyPath-/ }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');
});
