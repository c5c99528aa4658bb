import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { editorText } from './editor';
import { expect, test } from './fixtures';
import { ROOT } from './paths';

/** The browser host as a user meets it: gallery, an example run, a broken definition. */

test('first start shows the examples gallery, and the token leaves the address bar', async ({ page, host, shot }) => {
  await page.goto(host.url);
  expect(page.url()).toBe(`${host.origin}/`);
  await expect(page.getByRole('heading', { name: 'Examples' })).toBeVisible();
  const examples = page.getByRole('list', { name: 'Examples' });
  await expect(examples.getByRole('heading', { name: 'Order pipeline' })).toBeVisible();
  await expect(examples.getByRole('button', { name: 'Open Order pipeline' })).toBeVisible();
  await shot(page, '01-examples-gallery');
});

test('opens the order pipeline, runs HappyPath and sees the events fill in to SUCCEEDED', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  await expect(page.getByRole('heading', { name: 'Order pipeline', level: 2 })).toBeVisible();
  const definition = page.getByRole('textbox', { name: 'Definition text' });
  await expect.poll(() => editorText(definition)).toBe(readFileSync(join(ROOT, 'resources/examples/order-pipeline/definition.json'), 'utf8'));
  await expect(page.getByRole('region', { name: 'Diagnostics' })).toContainText('Valid definition: no problems found.');
  await expect(page.getByRole('combobox', { name: 'Test case' })).toHaveValue('HappyPath');
  await shot(page, '02-workspace-order-pipeline');

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');
  // The inspector's event table (virtualised: the rows in view are in the DOM; the cursor is on the last event).
  const events = page.getByRole('region', { name: 'Events', exact: true });
  const table = events.getByRole('grid', { name: 'Event table' });
  await expect(table).toHaveAttribute('aria-rowcount', '59');
  await expect(table.getByRole('row').last()).toContainText('ExecutionSucceeded');
  // The one-hour wait in the elapsed column, and the retried charge: three invocations of the ChargeCard state.
  await expect(table.getByRole('row').last()).toContainText('1:00:06.000');
  await events.getByRole('combobox', { name: 'Event type' }).selectOption('LambdaFunctionScheduled');
  await expect(table.getByRole('row').filter({ hasText: 'ChargeCard' })).toHaveCount(3);
  await events.getByRole('combobox', { name: 'Event type' }).selectOption('ExecutionStarted');
  await expect(table.getByRole('row').nth(1)).toContainText('ExecutionStarted');
  await events.getByRole('combobox', { name: 'Event type' }).selectOption('');
  await page.getByText('Output', { exact: true }).click();
  await expect(page.getByLabel('Execution output')).toContainText('"chargeId": "ch_123"');
  await shot(page, '03-execution-succeeded');
});

test('a failing test case ends FAILED with its error and cause', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  await page.getByRole('combobox', { name: 'Test case' }).selectOption('CardDeclined');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('FAILED');
  await expect(page.getByRole('region', { name: /^Execution / })).toContainText('Payments.Declined: Payment for order A-1001 was declined');
  const last = page.getByRole('grid', { name: 'Event table' }).getByRole('row').last();
  await expect(last).toContainText('ExecutionFailed');
  // Execution-level events belong to no state.
  await expect(last.getByRole('gridcell').nth(2)).toHaveText('');
  await shot(page, '04-execution-failed');
});

test('a broken definition shows its diagnostics with line and column, and cannot be run', async ({ page, host, shot }) => {
  await page.goto(host.url);
  const broken = '{\n  "StartAt": "First",\n  "States": {\n    "First": { "Type": "Pass", "Next": "Nowhere" }\n  }\n}\n';
  await page.getByLabel('Open definition file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(broken) });
  await expect(page.getByRole('heading', { name: 'broken.json', level: 2 })).toBeVisible();
  const problems = page.getByRole('list', { name: 'Problems' });
  await expect(problems).toContainText("4:40 error MISSING_TRANSITION_TARGET Missing 'Next' target: Nowhere");
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
  await shot(page, '05-diagnostics');

  // Fixing the text in place clears the diagnostics and enables Run.
  await page.getByRole('textbox', { name: 'Definition text' }).fill(broken.replace('"Next": "Nowhere"', '"End": true'));
  await expect(page.getByRole('region', { name: 'Diagnostics' })).toContainText('Valid definition: no problems found.');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');
});

test('a page opened without the token is refused', async ({ page, host }) => {
  const response = await page.goto(`${host.origin}/`);
  expect(response?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('needs the token');
});
