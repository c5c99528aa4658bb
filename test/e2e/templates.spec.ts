import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { editorText } from './editor';
import { expect, test } from './fixtures';
import { ROOT } from './paths';

/**
 * Opening definitions as users have them (issue #12 item 1): a CloudFormation template with two
 * state machines asks which to open; a CDK output lists the values it made up, and they can be
 * changed. The file is opened with "Open definition…" in the browser-served UI.
 */
const T = join(ROOT, 'test/fixtures/templates');
const executionStatus = (page: Page) => page.getByRole('status', { name: 'Execution status' });

test('a template with several state machines: choose one, it opens and runs', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByLabel('Open definition file').setInputFiles(join(T, 'cfn-definition-string.json'));
  const chooser = page.getByRole('dialog', { name: 'Choose a state machine of cfn-definition-string.json' });
  await expect(chooser).toBeVisible();
  await expect(chooser.getByRole('radio')).toHaveCount(2);
  await chooser.getByRole('radio', { name: /AuditStateMachine/ }).check();
  await shot(page, '60-template-choose-state-machine');
  await chooser.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByRole('heading', { name: 'cfn-definition-string.json — AuditStateMachine' })).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
  // The chosen state machine's definition ran (its Result); that it ran as Express is checked by the service tests.
  await expect(page.getByRole('region', { name: /^Execution / })).toContainText('"table": "audit-111111111111"');
});

test('a CDK output template: the values it made up are listed and can be given', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByLabel('Open definition file').setInputFiles(join(T, 'cdk-out/OrderPipelineStack.template.json'));
  await expect(page.getByRole('heading', { name: 'OrderPipelineStack.template.json — OrderStateMachine6C968CA5' })).toBeVisible();
  const values = page.getByRole('group', { name: 'Values Stepscope made up' });
  await values.getByText(/2 values the file does not give were made up/).click();
  const table = values.getByRole('textbox', { name: 'OrdersTable0E1F2A3B' });
  await expect(table).toHaveValue('OrdersTable0E1F2A3B');
  await table.fill('prod-orders');
  await shot(page, '61-template-made-up-values');
  await values.getByRole('button', { name: 'Apply values' }).click();
  // The editor draws only the lines in view: its whole text is read from it.
  await expect.poll(() => editorText(page.getByRole('textbox', { name: 'Definition text' }))).toContain('prod-orders');
});

test('run options: an Express run whose Distributed Map reads S3 objects from a folder', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByLabel('Open definition file').setInputFiles(join(T, 'distributed-map.asl.json'));
  await expect(page.getByRole('heading', { name: 'distributed-map.asl.json' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Execution input' }).fill('{"key": "2024/csv/orders.csv"}');
  await page.getByText(/^Run options/).click();
  await page.getByLabel('Workflow type').selectOption('EXPRESS');
  await page.getByLabel('S3 folder').fill(join(T, 's3-root'));
  await shot(page, '62-run-options-s3-folder');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
  await expect(page.getByRole('region', { name: /^Execution / })).toContainText('"id": "o-5"');
  // A missing object fails the Map Run, naming where Stepscope looked for it.
  await page.getByRole('textbox', { name: 'Execution input' }).fill('{"key": "2024/csv/missing.csv"}');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(executionStatus(page)).toHaveText('FAILED');
  await expect(page.getByRole('region', { name: /^Execution / })).toContainText('Key: 2024/csv/missing.csv (Stepscope looked for it at');
});

test('a definition file that is not JSON still opens, with its syntax error shown in the editor', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByLabel('Open definition file').setInputFiles({ name: 'broken.asl.json', mimeType: 'application/json', buffer: Buffer.from('{"StartAt": "A",\n  "States": {') });
  await expect(page.getByRole('heading', { name: 'broken.asl.json' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
});
