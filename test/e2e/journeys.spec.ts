import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { editorText, setEditorText } from './editor';
import { expect, test } from './fixtures';
import { ROOT } from './paths';

/**
 * Issues #6/#7: the three users' journeys, end to end, with what the QA pass fixed checked on
 * the way: the graph before the first run (breakpoints set on it), the focus kept by Debug and
 * the run-control buttons and given to a newly opened screen, replay keys after a checkbox or file
 * input took focus, "1 event", readable debugger badges in the dark theme, aligned compare tables.
 * Every main step is captured in both themes at 1280×800 and 1920×1080 (journey-*.png).
 */

const RETRY_CASE = join(ROOT, 'test/fixtures/conformance/aws-recorded/scenarios/test_lambda_invoke_with_retry_base.json');

const executionStatus = (page: Page) => page.getByRole('status', { name: 'Execution status' });
const debuggerStatus = (page: Page) => page.getByRole('status', { name: 'Debugger status' });
const position = (page: Page) => page.getByRole('region', { name: 'Timeline' }).getByText(/^Event \d+ of \d+/);

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

/** Screenshots of the page as it is, in the light and the dark theme, at both window sizes; leaves the page as it found it. */
async function capture(page: Page, shot: (page: Page, name: string) => Promise<void>, name: string): Promise<void> {
  const dark = page.getByRole('switch', { name: 'Dark theme' });
  const wasDark = await dark.isChecked();
  const before = page.viewportSize();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const theme of ['light', 'dark'] as const) {
      await dark.setChecked(theme === 'dark');
      await shot(page, `journey-${name}-${size.width}-${theme}`);
    }
  }
  await dark.setChecked(wasDark);
  if (before !== null) await page.setViewportSize(before);
}

/** The WCAG contrast ratio between an element's text colour and its own background colour. */
async function contrastOf(locator: Locator): Promise<number> {
  return locator.evaluate((el) => {
    // Runs in the page (the test's tsconfig has no DOM types).
    const style = (globalThis as unknown as { getComputedStyle(e: unknown): { color: string; backgroundColor: string } }).getComputedStyle(el);
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const channel = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
    const luminance = (c: string) => {
      const [r, g, b] = rgb(c);
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const [a, b] = [luminance(style.color), luminance(style.backgroundColor)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}

test('an engineer debugs a failing run: breakpoint on the graph before any run, keys, input edited at a stop, fork with a changed mock, compare', async ({ page, host, shot }) => {
  test.setTimeout(150_000);
  await page.goto(host.url);
  await capture(page, shot, '01-gallery');
  await page.getByRole('button', { name: 'Open Error handling with Catch and Fail' }).click();
  await page.getByRole('combobox', { name: 'Test case' }).selectOption('CardDeclined');

  // The graph is there before anything ran, every state "not run", with its breakpoint toggles.
  const graph = page.getByRole('region', { name: 'Graph', exact: true });
  await expect(graph.getByRole('button', { name: 'State ChargeCard, not run' })).toBeVisible();
  await graph.getByRole('button', { name: 'Breakpoint before ChargeCard', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Breakpoints' }).getByRole('checkbox', { name: 'Breakpoint before ChargeCard', exact: true })).toBeChecked();
  await capture(page, shot, '02-graph-before-run');

  const debug = page.getByRole('button', { name: 'Debug', exact: true });
  await debug.click();
  await expect(debuggerStatus(page)).toHaveText('Stopped before ChargeCard');
  // Debug was disabled while the run started: the focus comes back to it, not to the page.
  await expect(debug).toBeFocused();
  // One event so far, said in the singular.
  await expect(page.getByRole('search', { name: 'Filter events' })).toContainText(/\D1 event$/);
  // Typing in the state input leaves the replay keys alone (End moves the text caret only).
  const input = page.getByRole('textbox', { name: 'State input' });
  await input.fill(JSON.stringify({ orderId: 'ORD-9', amount: 12.5, cardToken: 'tok_test' }, null, 2));
  await input.press('End');
  await input.press('Home');
  await expect(position(page)).toHaveText(/^Event 1 of 1/);
  // The debugger's status badge reads well in both themes (it was light text on a light badge in the dark theme).
  const dark = page.getByRole('switch', { name: 'Dark theme' });
  for (const on of [false, true]) {
    await dark.setChecked(on);
    expect(await contrastOf(debuggerStatus(page)), `paused badge, dark=${on}`).toBeGreaterThanOrEqual(4.5);
  }
  await dark.setChecked(false);
  await capture(page, shot, '03-stopped-input-edited');
  await page.getByRole('button', { name: 'Apply and continue' }).click();
  await expect(executionStatus(page)).toHaveText('FAILED');
  await expect(page.getByRole('region', { name: /^Execution / })).toContainText('Card.Declined');
  await expect(debuggerStatus(page)).toHaveText('Finished (FAILED)');
  for (const on of [false, true]) {
    await dark.setChecked(on);
    expect(await contrastOf(debuggerStatus(page)), `finished badge, dark=${on}`).toBeGreaterThanOrEqual(4.5);
  }
  await dark.setChecked(false);
  await capture(page, shot, '04-failed');

  // Fork from ChargeCard's entry with a mock that charges the card.
  const rerun = page.getByRole('region', { name: 'Re-run' });
  await rerun.getByRole('button', { name: 'Mocks from this execution' }).click();
  const editor = rerun.getByRole('textbox', { name: 'Mock config' });
  await expect.poll(() => editorText(editor)).toMatch(/ChargeCard/);
  const config = JSON.parse(await editorText(editor)) as { MockedResponses: Record<string, Record<string, unknown>> };
  config.MockedResponses.ChargeCard = { '0': { Return: { StatusCode: 200, Payload: { chargeId: 'CH-42' } } } };
  await setEditorText(editor, JSON.stringify(config, null, 2));
  const select = rerun.getByRole('combobox', { name: 'Event to re-run from' });
  await select.selectOption((await select.locator('option', { hasText: 'TaskStateEntered · ChargeCard' }).getAttribute('value'))!);
  await capture(page, shot, '05-fork-with-changed-mock');
  await rerun.getByRole('button', { name: 'Re-run from this event' }).click();
  await expect(page.getByRole('link', { name: /^Forked from CardDeclined-/ })).toBeVisible();
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');

  // Compare the failed run with its fork.
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  const list = page.getByRole('region', { name: 'Executions' });
  const boxes = list.getByRole('checkbox', { name: /^Select execution CardDeclined-/ });
  await expect(boxes).toHaveCount(2);
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await list.getByRole('button', { name: 'Compare', exact: true }).click();
  const view = page.getByRole('region', { name: 'Compare executions' });
  await expect(view.getByRole('status', { name: 'Comparison result' })).toBeVisible();
  // The fork's longer name must not wrap its side's head and push its table below the other one:
  // paired rows stay side by side.
  await page.setViewportSize({ width: 1280, height: 800 });
  const tableTop = async (side: 'Left' | 'Right') => (await view.getByRole('region', { name: new RegExp(`^${side}: `) }).getByRole('table').boundingBox())!.y;
  expect(Math.abs((await tableTop('Left')) - (await tableTop('Right')))).toBeLessThan(1);
  await capture(page, shot, '06-compare-run-and-fork');
});

test('an engineer replays an AWS history: the replay keys work after the theme switch or a file input had focus', async ({ page, host, shot }) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  // A keyboard user flips the theme first: the focused switch must not swallow ←/→/Home/End/E.
  await page.getByRole('switch', { name: 'Dark theme' }).focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('switch', { name: 'Dark theme' })).toBeChecked();
  await page.getByLabel('Import history files').setInputFiles(RETRY_CASE);
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
  await expect(position(page)).toHaveText(/^Event 18 of 18/);
  for (const focused of [page.getByRole('switch', { name: 'Dark theme' }), page.getByLabel('Import history files')]) {
    await focused.focus();
    await page.keyboard.press('Home');
    await expect(position(page)).toHaveText(/^Event 1 of 18/);
    await page.keyboard.press('ArrowRight');
    await expect(position(page)).toHaveText(/^Event 2 of 18/);
    await page.keyboard.press('e');
    await expect(position(page)).toHaveText(/^Event 5 of 18: #5 LambdaFunctionFailed/);
    await page.keyboard.press('End');
    await expect(position(page)).toHaveText(/^Event 18 of 18/);
    await page.keyboard.press('Shift+E');
    await expect(position(page)).toHaveText(/^Event 14 of 18: #14 LambdaFunctionFailed/);
  }
  await capture(page, shot, '10-imported-at-last-error');
  // Typing in the event search does not move the playhead.
  const events = page.getByRole('region', { name: 'Events', exact: true });
  const search = events.getByRole('searchbox', { name: 'Search events' });
  await search.fill('Failed');
  await search.press('ArrowLeft');
  await search.press('e');
  await expect(position(page)).toHaveText(/^Event 14 of 18/);
  await search.fill('');
  await events.getByRole('checkbox', { name: 'Errors only' }).check();
  await expect(events.getByRole('search', { name: 'Filter events' })).toContainText('4 of 18 events');
  await capture(page, shot, '11-errors-only');
  await events.getByRole('checkbox', { name: 'Errors only' }).uncheck();
  await page.getByRole('region', { name: 'Re-run' }).getByRole('button', { name: 'Mocks from this execution' }).click();
  await expect.poll(() => editorText(page.getByRole('textbox', { name: 'Mock config' }))).toMatch(/InvokeLambdaWithRetry/);
  await capture(page, shot, '12-mocks-from-execution');
});

test('a learner reads the data flow of a Task and a Choice, with the graph ready before the first run', async ({ page, host, shot }) => {
  test.setTimeout(120_000);
  // Nothing in the console, not even a 404 for /favicon.ico.
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  // The example opens at its top, its heading focused (the gallery's "Open" button is gone).
  await expect(page.getByRole('heading', { name: 'Order pipeline', level: 2 })).toBeFocused();
  expect(await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY)).toBe(0);
  const graph = page.getByRole('region', { name: 'Graph', exact: true });
  await expect(graph.getByRole('button', { name: 'State Fulfil, not run' })).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
  await graph.getByRole('button', { name: /^State ValidateOrder,/ }).click();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector.getByRole('heading', { name: 'Data flow: ValidateOrder' })).toBeVisible();
  await expect(inspector.getByRole('list', { name: 'Data-flow steps' })).toContainText('ResultSelector');
  await capture(page, shot, '20-dataflow-task');
  await graph.getByRole('button', { name: /^State IsValid,/ }).click();
  await expect(inspector.getByRole('heading', { name: 'Data flow: IsValid' })).toBeVisible();
  await expect(inspector).toContainText('Rule 1 matched');
  await capture(page, shot, '21-dataflow-choice');
  await graph.getByRole('button', { name: /^State ShipItems,/ }).click();
  await expect(inspector.getByRole('heading', { name: 'Data flow: ShipItems' })).toBeVisible();
  await capture(page, shot, '22-dataflow-map');
  expect(consoleErrors).toEqual([]);
});
