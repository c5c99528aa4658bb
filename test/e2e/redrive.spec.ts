import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { editorText, setEditorText } from './editor';
import { expect, test } from './fixtures';
import { ROOT } from './paths';

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
  await expect.poll(() => editorText(editor)).toMatch(/BookHotel/);
  const config = JSON.parse(await editorText(editor)) as { MockedResponses: Record<string, Record<string, unknown>>; StateMachines: Record<string, { TestCases: Record<string, Record<string, string>> }> };
  const hotelResponse = Object.values(config.StateMachines)[0].TestCases[Object.keys(Object.values(config.StateMachines)[0].TestCases)[0]].BookHotel;
  config.MockedResponses[hotelResponse]['1'] = { Return: { StatusCode: 200, Payload: { confirmation: 'HT-REDRIVEN' } } };
  await setEditorText(editor, JSON.stringify(config, null, 2));
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

/**
 * Issue #14, redrive made dependable: the failed Parallel is redriven with "Mocks from this
 * execution" after editing only the failed response (the redrive's invocation gets the answer of
 * the one it re-runs), ends SUCCEEDED with a green graph, and the list shows one execution with
 * two attempts. Screenshots at 1440×900, both themes, in out/redrive-screens (or STEPSCOPE_SCREENS).
 */
const SCREENS = process.env.STEPSCOPE_SCREENS ?? join(ROOT, 'out', 'redrive-screens');
mkdirSync(SCREENS, { recursive: true });
const screen = (page: Page, name: string) => page.screenshot({ path: join(SCREENS, `${name}.png`) });

test('redrives the failed Parallel after editing its failed response: SUCCEEDED, the graph green, one list row with 2 attempts', async ({ page, host }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Parallel fan-out' }).click();
  await page.getByRole('combobox', { name: 'Test case' }).selectOption('HotelSoldOut');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(executionStatus(page)).toHaveText('FAILED');
  const graph = page.getByRole('region', { name: 'Graph', exact: true });
  await expect(graph.getByRole('button', { name: 'State BookTrip, failed: branch 1 succeeded, branch 2 failed, branch 3 succeeded' })).toBeVisible();

  // "Mocks from this execution": the hotel's only response is its failure (invocation 0). Edit that one.
  const rerun = page.getByRole('region', { name: 'Re-run' });
  await rerun.getByRole('button', { name: 'Mocks from this execution' }).click();
  const editor = rerun.getByRole('textbox', { name: 'Mock config' });
  await expect.poll(() => editorText(editor)).toMatch(/BookHotel/);
  const config = JSON.parse(await editorText(editor)) as { MockedResponses: Record<string, Record<string, unknown>> };
  expect(Object.keys(config.MockedResponses.BookHotel)).toEqual(['0']);
  expect(config.MockedResponses.BookHotel['0']).toMatchObject({ Throw: { Error: 'Hotel.SoldOut' } });
  config.MockedResponses.BookHotel['0'] = { Return: { StatusCode: 200, Payload: { confirmation: 'HT-EDITED' } } };
  await setEditorText(editor, JSON.stringify(config, null, 2));

  await rerun.getByRole('button', { name: 'Redrive' }).click();
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
  // The final attempt's statuses: the Parallel and its redriven branch green, the kept branches succeeded (not "not run").
  await expect(graph.getByRole('button', { name: 'State BookTrip, succeeded: branch 1 succeeded, branch 2 succeeded, branch 3 succeeded' })).toBeVisible();
  await expect(graph.getByRole('button', { name: 'State BookHotel, succeeded', exact: true })).toBeVisible();
  // A kept branch says the attempt its status comes from.
  await expect(graph.getByRole('button', { name: 'State BookFlight, succeeded in attempt 1', exact: true })).toBeVisible();
  await expect(graph.getByRole('button', { name: 'State BookCar, succeeded in attempt 1', exact: true })).toBeVisible();
  await expect(graph.getByRole('button', { name: 'State TripBooked, succeeded', exact: true })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: /^1$/ })).toBeVisible(); // Redrive count
  await page.getByText('Output', { exact: true }).click();
  await expect(page.getByLabel('Execution output')).toContainText('HT-EDITED');
  // Nothing left to redrive.
  await expect(rerun.getByRole('button', { name: 'Redrive' })).toHaveCount(0);
  await screen(page, 'redrive-1440x900-light-1-succeeded');
  await page.getByRole('switch', { name: 'Dark theme' }).check();
  await screen(page, 'redrive-1440x900-dark-1-succeeded');

  // The start screen: one row for the execution, its two attempts under it on demand.
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  const list = page.getByRole('table', { name: 'Executions' });
  await expect(list.getByRole('row')).toHaveCount(2);
  const row = list.getByRole('row').nth(1);
  await expect(row).toContainText('SUCCEEDED');
  await expect(row).toContainText(/^SUCCEEDEDHotelSoldOut-\S+ TripBooking ▸ 2 attempts/);
  await row.getByRole('button', { name: /^2 attempts of HotelSoldOut-/ }).click();
  await expect(list.getByRole('row')).toHaveCount(4);
  await expect(list.getByRole('row').nth(2)).toContainText('FAILEDAttempt 1 · first run');
  await expect(list.getByRole('row').nth(3)).toContainText('SUCCEEDEDAttempt 2 · redrive 1');
  await screen(page, 'redrive-1440x900-dark-2-list');
  await page.getByRole('switch', { name: 'Dark theme' }).uncheck();
  await screen(page, 'redrive-1440x900-light-2-list');

  // The first attempt still opens, as it ended.
  await list.getByRole('button', { name: /^Open Attempt 1 · first run of / }).click();
  await expect(executionStatus(page)).toHaveText('FAILED');
  await expect(graph.getByRole('button', { name: /^State BookTrip, failed/ })).toBeVisible();
  // It was redriven since: the execution goes on from its latest attempt, not from this one.
  await expect(page.getByRole('region', { name: 'Re-run' }).getByRole('button', { name: 'Redrive' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Re-run' })).toContainText('This attempt was redriven since');
});

test('offers no Redrive for a run stopped before it entered any state, and its "Finished (ABORTED)" is not green', async ({ page, host }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Parallel fan-out' }).click();
  await page.getByRole('checkbox', { name: 'Breakpoint before BookTrip', exact: true }).check();
  await page.getByRole('button', { name: 'Debug', exact: true }).click();
  const debuggerStatus = page.getByRole('status', { name: 'Debugger status' });
  await expect(debuggerStatus).toHaveText('Stopped before BookTrip');
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(executionStatus(page)).toHaveText('ABORTED');
  await expect(debuggerStatus).toHaveText('Finished (ABORTED)');
  expect(await eventTypes(page)).toEqual(['ExecutionStarted', 'ExecutionAborted']);
  const rerun = page.getByRole('region', { name: 'Re-run' });
  await expect(rerun.getByRole('button', { name: 'Re-run from this event' })).toBeVisible();
  await expect(rerun.getByRole('button', { name: 'Redrive' })).toHaveCount(0);
  // The aborted status is in the aborted colours, not the success green, in either theme.
  const notGreen = async () => {
    const [background, ok] = await debuggerStatus.evaluate((el) => {
      const w = globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string; getPropertyValue(n: string): string }; document: { documentElement: unknown; createElement(t: string): { style: { background: string }; remove(): void } & object; body: { append(e: unknown): void } } };
      // --ok-bg resolved to a colour as the browser computes it.
      const probe = w.document.createElement('span');
      probe.style.background = 'var(--ok-bg)';
      w.document.body.append(probe);
      const resolved = w.getComputedStyle(probe).backgroundColor;
      probe.remove();
      return [w.getComputedStyle(el).backgroundColor, resolved];
    });
    expect(ok).not.toBe('rgba(0, 0, 0, 0)');
    expect(background).not.toBe(ok);
  };
  await expect(debuggerStatus).toHaveClass(/debug-finished-ABORTED/);
  await notGreen();
  await screen(page, 'redrive-1440x900-light-3-aborted-before-any-state');
  await page.getByRole('switch', { name: 'Dark theme' }).check();
  await notGreen();
  await screen(page, 'redrive-1440x900-dark-3-aborted-before-any-state');
});
