import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { editorText, setEditorText } from './editor';
import { expect, test } from './fixtures';
import { ROOT } from './paths';

/** Issue #7: debugging a run from the UI (breakpoints, run control, edits at a stop, mocks from an execution, fork). */

const RETRY_CASE = join(ROOT, 'test/fixtures/conformance/aws-recorded/scenarios/test_lambda_invoke_with_retry_base.json');

const executionStatus = (page: Page) => page.getByRole('status', { name: 'Execution status' });
const debuggerStatus = (page: Page) => page.getByRole('status', { name: 'Debugger status' });
const eventTable = (page: Page) => page.getByRole('grid', { name: 'Event table' });
const eventTypes = async (page: Page) => (await eventTable(page).locator('.event-body [role=row] .c-type').allTextContents()).map((t) => t.trim());

test('stops at a breakpoint before ChargeCard in order-pipeline, then Continue runs it to SUCCEEDED', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  const breakpoints = page.getByRole('region', { name: 'Breakpoints' });
  await breakpoints.getByRole('checkbox', { name: 'Breakpoint before ChargeCard', exact: true }).check();
  await expect(breakpoints.getByRole('list', { name: 'Breakpoint list' })).toContainText('Before ChargeCard');
  await page.getByRole('button', { name: 'Debug', exact: true }).click();

  await expect(debuggerStatus(page)).toHaveText('Stopped before ChargeCard');
  await expect(executionStatus(page)).toHaveText('RUNNING');
  const debuggerRegion = page.getByRole('region', { name: 'Debugger' });
  await expect(debuggerRegion.getByRole('table', { name: 'Branches' })).toContainText('Top level');
  await expect(page.getByRole('textbox', { name: 'State input' })).toHaveValue(/"orderId"/);
  await expect(page.getByRole('button', { name: 'Pause' })).toBeDisabled();
  // The graph outlines the state the run is stopped before, and says so in its name.
  await expect(page.getByRole('region', { name: 'Graph' }).getByRole('button', { name: /^State ChargeCard, .*; debugger stopped before it$/ })).toBeVisible();
  await shot(page, '20-debug-stopped-before-ChargeCard');

  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
  await expect(debuggerStatus(page)).toHaveText('Finished (SUCCEEDED)');
  // The breakpoint is kept for the state machine: after a reload it is still set.
  await page.reload();
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  await expect(page.getByRole('checkbox', { name: 'Breakpoint before ChargeCard', exact: true })).toBeChecked();
});

test('Step into at a Map stops in an iteration (map-items), with F10/F11 keys', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Map over items' }).click();
  // No breakpoint: Debug stops before the first state.
  await page.getByRole('button', { name: 'Debug', exact: true }).click();
  await expect(debuggerStatus(page)).toHaveText('Stopped before ReserveLines');
  await page.getByRole('button', { name: 'Step into' }).click();
  await expect(debuggerStatus(page)).toHaveText(/^Stopped before \w+ \(iteration #0 of \d+\)$/);
  await expect(page.getByRole('table', { name: 'Branches' })).toContainText('ReserveLines › iteration');
  await shot(page, '21-debug-step-into-map-iteration');
  // Step out finishes the iteration and stops in the next one (issue #14); F5 continues to the end.
  await page.getByRole('button', { name: 'Step out' }).click();
  await expect(debuggerStatus(page)).toHaveText(/^Stopped before \w+ \(iteration #1 of \d+\)$/);
  await page.keyboard.press('F5');
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
});

test('edits the input at a stop and the output changes', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Lambda task with Retry and Catch' }).click();
  await page.getByRole('checkbox', { name: 'Breakpoint before Quote', exact: true }).check();
  await page.getByRole('button', { name: 'Debug', exact: true }).click();
  await expect(debuggerStatus(page)).toHaveText('Stopped before Quote');
  const input = page.getByRole('textbox', { name: 'State input' });
  const value = JSON.parse(await input.inputValue()) as { amount: number };
  expect(value.amount).toBe(250);
  await input.fill(JSON.stringify({ ...value, amount: 999 }, null, 2));
  await shot(page, '22-debug-edit-input');
  await page.getByRole('button', { name: 'Apply and continue' }).click();
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
  await page.getByText('Output', { exact: true }).click();
  await expect(page.getByLabel('Execution output')).toContainText('"amount": 999');
});

test('pauses on an uncaught error (lambda-retry-catch UnknownCurrency), then Stop aborts the run', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Lambda task with Retry and Catch' }).click();
  await page.getByRole('combobox', { name: 'Test case' }).selectOption('UnknownCurrency');
  const breakpoints = page.getByRole('region', { name: 'Breakpoints' });
  await breakpoints.getByRole('combobox', { name: 'Error handling' }).selectOption('uncaught');
  await breakpoints.getByRole('textbox', { name: 'Error names' }).fill('RateProvider.UnknownCurrency');
  await breakpoints.getByRole('button', { name: 'Add error breakpoint' }).click();
  await expect(breakpoints.getByRole('checkbox', { name: 'Enable breakpoint Uncaught error RateProvider.UnknownCurrency' })).toBeChecked();
  await page.getByRole('button', { name: 'Debug', exact: true }).click();
  await expect(debuggerStatus(page)).toHaveText('Stopped on RateProvider.UnknownCurrency in GetExchangeRate');
  await expect(page.getByLabel('Stop error')).toContainText('No rate for EUR/XYZ');
  await shot(page, '23-debug-uncaught-error');
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(executionStatus(page)).toHaveText('ABORTED');
});

test('turns an imported AWS history into mocks and reproduces it', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByLabel('Import history files').setInputFiles(RETRY_CASE);
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
  await expect(eventTable(page)).toContainText('ExecutionSucceeded');
  const original = await eventTypes(page);
  expect(original.filter((t) => t === 'LambdaFunctionFailed')).toHaveLength(4);

  const rerun = page.getByRole('region', { name: 'Re-run' });
  await rerun.getByRole('button', { name: 'Mocks from this execution' }).click();
  await expect.poll(() => editorText(rerun.getByRole('textbox', { name: 'Mock config' }))).toMatch(/"Throw"/);
  await expect(rerun.getByRole('link', { name: 'Download mock config' })).toHaveAttribute('download', /\.mocks\.json$/);
  await shot(page, '24-mocks-from-imported-execution');
  await rerun.getByRole('button', { name: 'Run with these mocks' }).click();
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
  await expect(page.getByRole('region', { name: /^Execution / })).not.toContainText('(imported)');
  await expect.poll(() => eventTypes(page)).toEqual(original);
});

test('forks from ChargeCard entered with a changed mock: the run takes the decline path', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');

  const rerun = page.getByRole('region', { name: 'Re-run' });
  await rerun.getByRole('button', { name: 'Mocks from this execution' }).click();
  const editor = rerun.getByRole('textbox', { name: 'Mock config' });
  await expect.poll(() => editorText(editor)).toMatch(/ChargeCard/);
  const config = JSON.parse(await editorText(editor)) as { MockedResponses: Record<string, unknown> };
  config.MockedResponses.ChargeCard = { '0-9': { Throw: { Error: 'Payments.Declined', Cause: 'Declined in the fork' } } };
  await setEditorText(editor, JSON.stringify(config, null, 2));

  const select = rerun.getByRole('combobox', { name: 'Event to re-run from' });
  const option = select.locator('option', { hasText: 'TaskStateEntered · ChargeCard' });
  await select.selectOption((await option.getAttribute('value'))!);
  await shot(page, '25-fork-with-changed-mock');
  await rerun.getByRole('button', { name: 'Re-run from this event' }).click();
  await expect(executionStatus(page)).toHaveText('FAILED');
  await expect(page.getByRole('region', { name: /^Execution / })).toContainText('Payments.Declined: Payment for order A-1001 was declined');
  await expect(eventTable(page)).toContainText('PaymentDeclined');
  await shot(page, '26-fork-took-decline-path');
});

test('sets a breakpoint by clicking the graph (and F9 on a selected state): Debug stops there', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');

  const graph = page.getByRole('region', { name: 'Graph', exact: true });
  const breakpoints = page.getByRole('region', { name: 'Breakpoints' });
  const toggle = graph.getByRole('button', { name: 'Breakpoint before ChargeCard', exact: true });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  // One breakpoint list: the panel's box follows the graph, and the graph draws the red dot.
  await expect(breakpoints.getByRole('checkbox', { name: 'Breakpoint before ChargeCard', exact: true })).toBeChecked();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(toggle).toHaveClass(/\bon\b/);

  // F9 with a state selected in the graph toggles its breakpoint; the panel's box works the other way.
  await graph.getByRole('button', { name: /^State ValidateOrder,/ }).click();
  await page.keyboard.press('F9');
  await expect(breakpoints.getByRole('checkbox', { name: 'Breakpoint before ValidateOrder', exact: true })).toBeChecked();
  await expect(graph.getByRole('button', { name: 'Breakpoint before ValidateOrder', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await breakpoints.getByRole('checkbox', { name: 'Breakpoint before ValidateOrder', exact: true }).uncheck();
  await expect(graph.getByRole('button', { name: 'Breakpoint before ValidateOrder', exact: true })).toHaveAttribute('aria-pressed', 'false');
  await shot(page, '27-breakpoint-from-graph');

  await page.getByRole('button', { name: 'Debug', exact: true }).click();
  await expect(debuggerStatus(page)).toHaveText('Stopped before ChargeCard');
  await expect(graph.getByRole('button', { name: 'Breakpoint before ChargeCard', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
});

test('a fork from the event at the inspector cursor links to the original, and the link opens it', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
  const heading = page.locator('#execution-title');
  const originalName = ((await heading.textContent()) ?? '').replace(/^Execution /, '').trim();
  expect(originalName).not.toBe('');

  // The event at the inspector's cursor (Home, then → to #9) is the event to re-run from.
  await page.keyboard.press('Home');
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('region', { name: 'Timeline', exact: true }).getByText(/^Event 9 of \d+: #9 TaskStateEntered · ChargeCard/)).toBeVisible();
  const rerun = page.getByRole('region', { name: 'Re-run' });
  const select = rerun.getByRole('combobox', { name: 'Event to re-run from' });
  await expect(select.locator('option:checked')).toHaveText(/TaskStateEntered · ChargeCard$/);
  const eventId = await select.inputValue();

  await rerun.getByRole('button', { name: 'Re-run from this event' }).click();
  const link = page.getByRole('link', { name: `Forked from ${originalName} at event ${eventId}`, exact: true });
  await expect(link).toBeVisible();
  await expect(heading).not.toHaveText(`Execution ${originalName}`);
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
  await shot(page, '28-fork-linked-to-original');

  await link.click();
  await expect(heading).toHaveText(`Execution ${originalName}`);
  await expect(page.getByRole('link', { name: /^Forked from / })).toHaveCount(0);
});

test('stops at a breakpoint inside a Distributed Map child (distributed-map-csv), naming the child, then Continue runs it to SUCCEEDED', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Distributed Map over a CSV file' }).click();
  const breakpoints = page.getByRole('region', { name: 'Breakpoints' });
  // ImportBatch is a state of the Map's ItemProcessor: each child execution runs it.
  await breakpoints.getByRole('checkbox', { name: 'Breakpoint before ImportBatch', exact: true }).check();
  await breakpoints.getByRole('spinbutton', { name: 'Map iteration of Before ImportBatch' }).fill('1');
  await breakpoints.getByRole('spinbutton', { name: 'Map iteration of Before ImportBatch' }).blur();
  await page.getByRole('button', { name: 'Debug', exact: true }).click();

  await expect(debuggerStatus(page)).toHaveText(/^Stopped before ImportBatch \(iteration #1\) in child \S+$/);
  const debuggerRegion = page.getByRole('region', { name: 'Debugger' });
  const branches = debuggerRegion.getByRole('table', { name: 'Branches' });
  await expect(branches).toContainText('ImportShipments › child');
  await expect(branches).toContainText('Map Run child');
  await expect(debuggerRegion.getByText(/^In child execution \S+ of ShipmentImport\/ImportShipments, started by ImportShipments\.$/)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'State input' })).toHaveValue(/"BatchInput"/);
  await shot(page, '29-debug-stopped-in-distributed-map-child');
  await page.getByRole('switch', { name: 'Dark theme' }).check();
  await shot(page, '29-debug-stopped-in-distributed-map-child-dark');

  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
  await expect(debuggerStatus(page)).toHaveText('Finished (SUCCEEDED)');
});

test('a run stopped at a breakpoint survives a reload: opened from the execution list, its debugger is back and Continue finishes it', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  await page.getByRole('checkbox', { name: 'Breakpoint before ChargeCard', exact: true }).check();
  await page.getByRole('button', { name: 'Debug', exact: true }).click();
  await expect(debuggerStatus(page)).toHaveText('Stopped before ChargeCard');

  await page.reload();
  const row = page.getByRole('table', { name: 'Executions' }).getByRole('row').filter({ hasText: 'RUNNING' });
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: /^Open execution / }).click();
  await expect(debuggerStatus(page)).toHaveText('Stopped before ChargeCard');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
});
