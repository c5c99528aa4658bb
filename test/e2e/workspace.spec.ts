import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { editorText } from './editor';
import { expect, test } from './fixtures';
import { ROOT } from './paths';

/**
 * Issue #14, the one-screen workspace: at 1280×720 and 1440×900 the debugging journey (run,
 * break, step, continue) never scrolls the page; panels resize and collapse and are remembered;
 * the keys of VS Code drive the debugger. Screenshots of the journey, both themes, at 1440×900
 * and 1024×700, go to out/workspace-screens (or STEPSCOPE_SCREENS).
 */

const SCREENS = process.env.STEPSCOPE_SCREENS ?? join(ROOT, 'out', 'workspace-screens');
mkdirSync(SCREENS, { recursive: true });

const debuggerStatus = (page: Page) => page.getByRole('status', { name: 'Debugger status' });
const executionStatus = (page: Page) => page.getByRole('status', { name: 'Execution status' });

/** The page does not scroll: everything fits the window, panels scroll inside. */
async function expectNoPageScroll(page: Page): Promise<void> {
  // Runs in the page (the test's tsconfig has no DOM types).
  const { scrollHeight, scrollWidth, innerHeight, innerWidth } = await page.evaluate(() => {
    const w = globalThis as unknown as { innerHeight: number; innerWidth: number; document: { scrollingElement: { scrollHeight: number; scrollWidth: number } } };
    return { scrollHeight: w.document.scrollingElement.scrollHeight, scrollWidth: w.document.scrollingElement.scrollWidth, innerHeight: w.innerHeight, innerWidth: w.innerWidth };
  });
  expect(scrollHeight).toBeLessThanOrEqual(innerHeight);
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

async function screen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENS, `${name}.png`) });
}

for (const size of [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
]) {
  test(`the debugging journey fits one screen at ${size.width}×${size.height}: run, break, step, continue`, async ({ page, host }) => {
    await page.setViewportSize(size);
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Open Order pipeline' }).click();
    await expectNoPageScroll(page);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(executionStatus(page)).toHaveText('SUCCEEDED');
    await expectNoPageScroll(page);

    await page.getByRole('checkbox', { name: 'Breakpoint before ChargeCard', exact: true }).check();
    await page.getByRole('button', { name: 'Debug', exact: true }).click();
    await expect(debuggerStatus(page)).toHaveText('Stopped before ChargeCard');
    await expectNoPageScroll(page);
    // The graph and the toolbar are both in view while stopped.
    await expect(page.getByRole('toolbar', { name: 'Run control' })).toBeInViewport();
    await expect(page.getByRole('region', { name: 'Graph', exact: true })).toBeInViewport();

    await page.keyboard.press('F10');
    await expect(debuggerStatus(page)).toHaveText(/^Stopped (before|after) /);
    await expect(debuggerStatus(page)).not.toHaveText('Stopped before ChargeCard');
    await expectNoPageScroll(page);

    await page.keyboard.press('F5');
    await expect(executionStatus(page)).toHaveText('SUCCEEDED');
    await expect(debuggerStatus(page)).toHaveText('Finished (SUCCEEDED)');
    await expectNoPageScroll(page);
  });
}

for (const theme of ['light', 'dark'] as const) {
  for (const size of [
    { width: 1440, height: 900 },
    { width: 1024, height: 700 },
  ]) {
    test(`screenshots of the debugging journey, ${theme}, ${size.width}×${size.height}`, async ({ page, host }) => {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: theme });
      const tag = `${size.width}x${size.height}-${theme}`;
      await page.goto(host.url);
      await page.getByRole('button', { name: 'Open Order pipeline' }).click();
      await expect(page.getByRole('button', { name: /^State ChargeCard, not run/ })).toBeVisible();
      await screen(page, `${tag}-1-opened`);
      await expectNoPageScroll(page);
      // From the graph (at 1024×700 the side panel with the breakpoint list starts collapsed).
      await page.getByRole('region', { name: 'Graph', exact: true }).getByRole('button', { name: 'Breakpoint before ChargeCard', exact: true }).click();
      await page.keyboard.press('F5');
      await expect(debuggerStatus(page)).toHaveText('Stopped before ChargeCard');
      await screen(page, `${tag}-2-stopped`);
      await expectNoPageScroll(page);
      await page.keyboard.press('F10');
      await expect(debuggerStatus(page)).not.toHaveText('Stopped before ChargeCard');
      await expect(debuggerStatus(page)).toHaveText(/^Stopped /);
      await screen(page, `${tag}-3-stepped`);
      await page.keyboard.press('F5');
      await expect(debuggerStatus(page)).toHaveText('Finished (SUCCEEDED)');
      await screen(page, `${tag}-4-finished`);
      await page.getByRole('tab', { name: 'States' }).click();
      await expect(page.getByRole('table', { name: 'States' })).toContainText('ChargeCard');
      await screen(page, `${tag}-5-state-table`);
      await expectNoPageScroll(page);
    });
  }
}

test('panels collapse and resize, and the layout is remembered after a reload', async ({ page, host }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  const leftHandle = page.getByRole('separator', { name: 'Resize the side panel' });
  const before = Number(await leftHandle.getAttribute('aria-valuenow'));
  await leftHandle.focus();
  await page.keyboard.press('Shift+ArrowRight');
  await expect(leftHandle).toHaveAttribute('aria-valuenow', String(before + 64));
  await page.getByRole('button', { name: 'Hide the inspector panel' }).click();
  await expect(page.getByRole('button', { name: 'Show the inspector panel' })).toBeVisible();
  // A section collapses too.
  await page.getByRole('button', { name: 'Breakpoints panel' }).click();
  await expect(page.getByRole('button', { name: 'Breakpoints panel' })).toHaveAttribute('aria-expanded', 'false');
  await expectNoPageScroll(page);

  await page.reload();
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  await expect(page.getByRole('separator', { name: 'Resize the side panel' })).toHaveAttribute('aria-valuenow', String(before + 64));
  await expect(page.getByRole('button', { name: 'Show the inspector panel' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Breakpoints panel' })).toHaveAttribute('aria-expanded', 'false');
  await page.getByRole('button', { name: 'Show the inspector panel' }).click();
  await expect(page.getByRole('button', { name: 'Hide the inspector panel' })).toBeVisible();
  // The bottom panel collapses to its tab bar; a tab opens it again.
  await page.getByRole('button', { name: 'Hide the bottom panel' }).click();
  await expect(page.getByRole('button', { name: 'Show the bottom panel' })).toBeVisible();
  await page.getByRole('tab', { name: 'States' }).click();
  await expect(page.getByRole('button', { name: 'Hide the bottom panel' })).toBeVisible();
  await expectNoPageScroll(page);
});

test('at 1024×700 the side panel starts collapsed, opens from its rail, and the page still does not scroll', async ({ page, host }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  await expect(page.getByRole('button', { name: 'Show the side panel' })).toBeVisible();
  await expectNoPageScroll(page);
  await page.getByRole('button', { name: 'Show the side panel' }).click();
  await expect(page.getByRole('combobox', { name: 'Test case' })).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
  await expectNoPageScroll(page);
});

test('Shift+F5 stops the debugged run; Ctrl+Shift+F5 restarts it with the same input', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  await page.getByRole('checkbox', { name: 'Breakpoint before ChargeCard', exact: true }).check();
  await page.keyboard.press('F5');
  await expect(debuggerStatus(page)).toHaveText('Stopped before ChargeCard');
  const heading = page.locator('#execution-title');
  const first = await heading.textContent();
  await page.keyboard.press('Control+Shift+F5');
  await expect(heading).not.toHaveText(first ?? '');
  await expect(debuggerStatus(page)).toHaveText('Stopped before ChargeCard');
  await page.keyboard.press('Shift+F5');
  await expect(executionStatus(page)).toHaveText('ABORTED');
  await expect(debuggerStatus(page)).toHaveText('Finished (ABORTED)');
  // Not green: an aborted run is not a success; and Stop, now disabled, is not red.
  await expect(debuggerStatus(page)).toHaveClass(/debug-finished-ABORTED/);
  const stop = page.getByRole('button', { name: 'Stop', exact: true });
  await expect(stop).toBeDisabled();
  const colours = await stop.evaluate((el) => {
    const style = (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle;
    return { stop: style(el).color, body: style((el as unknown as { ownerDocument: { body: unknown } }).ownerDocument.body).color };
  });
  expect(colours.stop).toBe(colours.body);
});

test('the Variables view and a watch expression follow the stops of a JSONata machine (jsonata-orders)', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open JSONata: variables, Arguments and Output' }).click();
  await page.getByRole('button', { name: 'Debug', exact: true }).click();
  await expect(debuggerStatus(page)).toHaveText('Stopped before SumOrder');
  const variables = page.getByRole('region', { name: 'Variables', exact: true });
  await page.keyboard.press('F10');
  await expect(debuggerStatus(page)).toHaveText('Stopped before GetDiscount');
  const inScope = variables.getByRole('table', { name: 'Variables in scope' });
  await expect(inScope).toContainText('$subtotal');
  await expect(inScope).toContainText('548.98');
  await expect(inScope.getByRole('row').filter({ hasText: '$subtotal' })).toContainText('SumOrder');
  await expect(inScope).not.toContainText('$discountPercent');

  await variables.getByRole('textbox', { name: 'Watch expression' }).fill('$subtotal * (1 - $discountPercent / 100)');
  await variables.getByRole('combobox', { name: 'Watch language' }).selectOption('JSONata');
  await variables.getByRole('button', { name: 'Add watch' }).click();
  // Not assigned yet: the engine's evaluator says so.
  await expect(variables.getByLabel('Watch $subtotal * (1 - $discountPercent / 100)', { exact: true })).not.toContainText('494');

  await page.keyboard.press('F10');
  await expect(debuggerStatus(page)).toHaveText('Stopped before CheckTotal');
  await expect(inScope.getByRole('row').filter({ hasText: '$discountPercent' })).toContainText('GetDiscount');
  await expect(variables.getByLabel('Watch $subtotal * (1 - $discountPercent / 100)', { exact: true })).toContainText('494.082');
  await screen(page, 'variables-and-watch-1440');
  await page.keyboard.press('F5');
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
});

test('editors start from the truth: the next Task response is the mock\'s own answer; Change the input is the state\'s input', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Lambda task with Retry and Catch' }).click();
  await page.getByRole('combobox', { name: 'Test case' }).selectOption('UnknownCurrency');
  await page.getByRole('button', { name: 'Debug', exact: true }).click();
  await expect(debuggerStatus(page)).toHaveText('Stopped before GetExchangeRate');
  await page.getByText('Next Task response').click();
  await expect(page.getByRole('radio', { name: 'Fails' })).toBeChecked();
  await expect(page.getByRole('textbox', { name: 'Task error' })).toHaveValue('RateProvider.UnknownCurrency');
  await expect(page.getByRole('textbox', { name: 'Task cause' })).toHaveValue('No rate for EUR/XYZ');
  await page.keyboard.press('Shift+F5');
  await expect(executionStatus(page)).toHaveText('ABORTED');

  await page.getByRole('combobox', { name: 'Test case' }).selectOption('HappyPath');
  await page.getByRole('button', { name: 'Debug', exact: true }).click();
  await expect(debuggerStatus(page)).toHaveText('Stopped before GetExchangeRate');
  await page.getByText('Next Task response').click();
  await expect(page.getByRole('radio', { name: 'Succeeds' })).toBeChecked();
  await expect.poll(() => editorText(page.getByRole('textbox', { name: 'Task result' }))).toMatch(/"rate": 1.0842/);
  await page.keyboard.press('F5');
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');

  // Re-run from the Task's scheduled event: the input to change is the input the state was entered with.
  const rerun = page.getByRole('region', { name: 'Re-run' });
  const select = rerun.getByRole('combobox', { name: 'Event to re-run from' });
  const option = select.locator('option', { hasText: /Scheduled/ }).first();
  await select.selectOption((await option.getAttribute('value'))!);
  await rerun.getByRole('checkbox', { name: 'Change the input of the state it resumes' }).check();
  await expect(rerun.getByRole('textbox', { name: 'Resumed state input' })).toHaveValue(/"amount": 250/);
});

test('console views: the execution summary, Export history and Export mocks, the state table, and data flow at the last event', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
  const summary = page.getByRole('definition').filter({ hasText: 'arn:aws:states:' });
  await expect(summary).toHaveCount(1);
  const facts = page.getByLabel('Execution summary');
  await expect(facts).toContainText('Redrive count');
  await expect(facts).toContainText('Duration');

  const [history] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export history' }).click()]);
  expect(history.suggestedFilename()).toMatch(/\.history\.json$/);
  const exported = JSON.parse(readFileSync(await history.path(), 'utf8')) as { events: { type: string }[] };
  expect(exported.events).toHaveLength(58);
  expect(exported.events[57].type).toBe('ExecutionSucceeded');
  const [mocks] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export mocks' }).click()]);
  expect(mocks.suggestedFilename()).toMatch(/\.mocks\.json$/);

  await page.getByRole('tab', { name: 'States' }).click();
  const states = page.getByRole('table', { name: 'States' });
  const charge = states.getByRole('row').filter({ hasText: 'ChargeCard' });
  await expect(charge).toContainText('Task');
  await expect(charge).toContainText('succeeded');
  await expect(states.getByRole('row')).toHaveCount(12);

  // At the last event (the execution's own), data flow shows its input and output.
  const inspector = page.getByRole('region', { name: 'Inspector', exact: true });
  await expect(inspector.getByLabel("The execution's input")).toContainText('A-1001');
  await expect(inspector.getByLabel("The execution's output")).toContainText('ch_123');
  await expectNoPageScroll(page);
});
