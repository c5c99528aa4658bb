import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Issue #7: a redrive of a failed Parallel says what it runs again, and runs only the failed branch. */

const executionStatus = (page: Page) => page.getByRole('status', { name: 'Execution status' });
const eventTable = (page: Page) => page.getByRole('grid', { name: 'Event table' });
const eventTypes = async (page: Page) => (await eventTable(page).locator('.event-body [role=row] .c-type').allTextContents()).map((t) => t.trim());

test('redrives only the failed hotel branch of parallel-fan-out, keeping the flight and the car', async ({ page, host, shot }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Parallel fan-out' }).click();
  await page.getByRole('combobox', { name: 'Test case' }).selectOption('HotelSoldOut');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(executionStatus(page)).toHaveText('FAILED');

  const rerun = page.getByRole('region', { name: 'Re-run' });
  const redrive = rerun.getByRole('button', { name: 'Redrive' });
  await expect(redrive).toHaveAccessibleDescription('Redrive runs 1 of 3 branches of "BookTrip" again (branch 2) and keeps 2 that succeeded (branches 1, 3).');
  // The hotel is now available: its second invocation (the redrive's) books it.
  await rerun.getByRole('button', { name: 'Mocks from this execution' }).click();
  const editor = rerun.getByRole('textbox', { name: 'Mock config' });
  await expect(editor).toHaveValue(/BookHotel/);
  const config = JSON.parse(await editor.inputValue()) as { MockedResponses: Record<string, Record<string, unknown>>; StateMachines: Record<string, { TestCases: Record<string, Record<string, string>> }> };
  const hotelResponse = Object.values(config.StateMachines)[0].TestCases[Object.keys(Object.values(config.StateMachines)[0].TestCases)[0]].BookHotel;
  config.MockedResponses[hotelResponse]['1'] = { Return: { StatusCode: 200, Payload: { confirmation: 'HT-REDRIVEN' } } };
  await editor.fill(JSON.stringify(config, null, 2));
  await shot(page, '40-redrive-summary-light');
  await page.getByRole('switch', { name: 'Dark theme' }).check();
  await shot(page, '41-redrive-summary-dark');

  await redrive.click();
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
  const types = await eventTypes(page);
  const after = types.slice(types.indexOf('ExecutionRedriven'));
  expect(after).toEqual([
    'ExecutionRedriven',
    'ParallelStateEntered',
    'ParallelStateStarted',
    'TaskStateEntered',
    'TaskScheduled',
    'TaskStarted',
    'TaskSucceeded',
    'TaskStateExited',
    'ParallelStateSucceeded',
    'ParallelStateExited',
    'PassStateEntered',
    'PassStateExited',
    'ExecutionSucceeded',
  ]);
  await page.getByText('Output', { exact: true }).click();
  await expect(page.getByLabel('Execution output')).toContainText('HT-REDRIVEN');
  await expect(page.getByLabel('Execution output')).toContainText('FL-TP1234');
});
