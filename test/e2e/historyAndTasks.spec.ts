import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { editorText } from './editor';
import { expect, test } from './fixtures';
import { ROOT } from './paths';

/** Importing AWS histories, answering task tokens, and the stored executions on the start screen. */

const MAP_CASE = join(ROOT, 'test/fixtures/conformance/aws-recorded/scenarios/test_map_state.json');

test('imports a recorded AWS history with "Import history…" and shows its events and status', async ({ page, host, shot }) => {
  const recorded = JSON.parse(readFileSync(MAP_CASE, 'utf8')) as { expected: { history: { type: string }[] } };
  await page.goto(host.url);
  await expect(page.getByRole('region', { name: 'Executions' })).toContainText('No executions yet');
  await page.getByLabel('Import history files').setInputFiles(MAP_CASE);

  // The imported execution opens in the event view.
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');
  // The inspector's event table is virtualised: its row count is in aria-rowcount (events + the header).
  const region = page.getByRole('region', { name: 'Events', exact: true });
  const events = region.getByRole('grid', { name: 'Event table' });
  await expect(events).toHaveAttribute('aria-rowcount', String(recorded.expected.history.length + 1));
  await expect(events.getByRole('row').last()).toContainText('ExecutionSucceeded');
  await region.getByRole('combobox', { name: 'Event type' }).selectOption('MapStateStarted');
  await expect(events.getByRole('row').filter({ hasText: 'MapStateStarted' })).toHaveCount(1);
  await region.getByRole('combobox', { name: 'Event type' }).selectOption('ExecutionStarted');
  await expect(events.getByRole('row').nth(1)).toContainText('ExecutionStarted');
  await region.getByRole('combobox', { name: 'Event type' }).selectOption('');
  await expect.poll(() => editorText(page.getByRole('textbox', { name: 'Definition text' }))).toMatch(/"Type": "Map"|"Type":"Map"/);
  await shot(page, '06-imported-history');

  // Back on the start screen, the execution list has it.
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  const list = page.getByRole('table', { name: 'Executions' });
  await expect(list.getByRole('row')).toHaveCount(2);
  await expect(list.getByRole('row').nth(1)).toContainText('SUCCEEDED');
  await expect(list.getByRole('row').nth(1)).toContainText('imported');
  await shot(page, '07-start-screen-with-executions');
});

test('a file dropped on the window is imported; a file that is not a history says why', async ({ page, host }) => {
  await page.goto(host.url);
  const drop = async (name: string, text: string) => {
    const transfer = await page.evaluateHandle(
      ([n, t]) => {
        // Runs in the page (the test's tsconfig has no DOM types).
        const { DataTransfer } = globalThis as unknown as { DataTransfer: new () => { items: { add(file: File): void } } };
        const dt = new DataTransfer();
        dt.items.add(new File([t], n, { type: 'application/json' }));
        return dt;
      },
      [name, text] as const,
    );
    await page.dispatchEvent('.shell', 'dragenter', { dataTransfer: transfer });
    await page.dispatchEvent('.shell', 'drop', { dataTransfer: transfer });
  };
  await drop('not-a-history.json', '{ "hello": "world" }');
  await expect(page.getByRole('alert')).toContainText('Import failed: Nothing was imported: not-a-history.json:');
  await page.getByRole('button', { name: 'Dismiss' }).click();

  await drop('test_map_state.json', readFileSync(MAP_CASE, 'utf8'));
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');
});

test('human approval: the run waits for its task token, the UI answers it, and the run SUCCEEDS', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Human approval with a task token' }).click();
  await expect(page.getByRole('combobox', { name: 'Test case' })).toHaveValue('Approved');
  await page.getByRole('button', { name: 'Run', exact: true }).click();

  const task = page.getByRole('article', { name: 'Task RequestApproval' });
  await expect(task).toBeVisible();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('RUNNING');
  const token = await task.getByLabel('Task token').textContent();
  expect(token).toMatch(/^[0-9a-f-]{36}$/);
  await task.getByText('What the task sent').click();
  await expect(task.getByLabel('Task input')).toContainText(`"taskToken": "${token}"`);
  await task.getByRole('button', { name: 'Send heartbeat' }).click();
  await expect(task).toContainText('1 heartbeat sent');
  await task.getByRole('textbox', { name: 'Task output' }).fill('{ "approved": true, "reviewer": "dana@example.com" }');
  await shot(page, '08-waiting-task');

  await task.getByRole('button', { name: 'Send success' }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');
  await expect(task).toHaveCount(0);
  await page.getByText('Output', { exact: true }).click();
  await expect(page.getByLabel('Execution output')).toContainText('"approvedBy": "dana@example.com"');
  await page.getByRole('region', { name: 'Events', exact: true }).getByRole('combobox', { name: 'Event type' }).selectOption('TaskSucceeded');
  await expect(page.getByRole('grid', { name: 'Event table' }).getByRole('row').filter({ hasText: 'TaskSucceeded' }).first()).toContainText('RequestApproval');
  await shot(page, '09-task-answered');
});

test('human approval: a failure sent from the UI ends the run FAILED through its Catch', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Human approval with a task token' }).click();
  await page.getByRole('combobox', { name: 'Test case' }).selectOption('Rejected');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const task = page.getByRole('article', { name: 'Task RequestApproval' });
  await task.getByRole('textbox', { name: 'Task error' }).fill('Expense.Rejected');
  await task.getByRole('textbox', { name: 'Task cause' }).fill('The receipt is missing.');
  await task.getByRole('button', { name: 'Send failure' }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('FAILED');
  await expect(page.getByRole('region', { name: /^Execution / })).toContainText('Expense.Rejected: The receipt is missing.');
});

test('the start screen lists runs newest first; clicking one opens it with its events', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');
  await page.getByRole('combobox', { name: 'Test case' }).selectOption('CardDeclined');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('FAILED');

  await page.getByRole('button', { name: 'Start', exact: true }).click();
  const rows = page.getByRole('table', { name: 'Executions' }).getByRole('row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText('FAILED');
  await expect(rows.nth(1)).toContainText('CardDeclined-');
  await expect(rows.nth(2)).toContainText('SUCCEEDED');
  await expect(rows.nth(2)).toContainText('1 h 0 min');
  await rows.nth(2).getByRole('button', { name: /^Open execution HappyPath-/ }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');
  await expect(page.getByRole('grid', { name: 'Event table' }).getByRole('row').last()).toContainText('ExecutionSucceeded');
});
