import type { Locator, Page } from '@playwright/test';
import { mapRunLarge } from '../fixtures/mapRunLarge';
import { expect, test } from './fixtures';

/**
 * The Map Run view at scale (issue #16): a Distributed Map of 2,000 child executions (a Choice and
 * a Pass each; every 97th item fails; item 0 waits for a task token, so the parent runs while the
 * others end). The view counts the children by status while the parent runs and once it stops,
 * filters them with the status chips, lists every one of them in a virtualised grid (scrolled to
 * the last), and opens the selected child with Enter. Screenshots at 1440×900 and 1024×700 in both
 * themes: out/e2e-screenshots/map-run-scale-*.png.
 */

const ITEMS = 2000;
const FAILED = Array.from({ length: ITEMS }, (_, i) => i).filter((i) => i % 97 === 0 && i > 0);

/** The item cells of the rows the grid has rendered (it renders only those in view, and a few either side). */
async function renderedItems(grid: Locator): Promise<number[]> {
  return (await grid.locator('.child-body [role=row]:not(.pending) .c-item').allTextContents()).map((t) => Number.parseInt(t, 10));
}

async function screenshots(page: Page, shot: (page: Page, name: string) => Promise<void>, step: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    for (const [width, height] of [
      [1440, 900],
      [1024, 700],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.getByRole('region', { name: 'Map Run' }).scrollIntoViewIfNeeded();
      await shot(page, `map-run-scale-${step}-${theme}-${width}x${height}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1440, height: 900 });
}

test('a Map Run of 2,000 children: counted while it runs, filtered by status, scrolled to the last child, a child opened with Enter', async ({ page, host, shot }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(host.url);
  await page.getByLabel('Open definition file').setInputFiles({ name: 'fan.asl.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(mapRunLarge(ITEMS, true), null, 2)) });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const status = page.getByRole('status', { name: 'Execution status' });
  await expect(status).toHaveText('RUNNING');

  // While item 0's child waits for its token, the others end and are counted (read every second).
  // (The Map's box is clicked on its title: its states cover its middle.)
  await page.getByRole('region', { name: 'Graph', exact: true }).getByRole('button', { name: /^State Fan,/ }).click({ position: { x: 40, y: 10 } });
  const mapRun = page.getByRole('region', { name: 'Inspector', exact: true }).getByRole('region', { name: 'Map Run' });
  const chips = mapRun.getByRole('group', { name: 'Child executions by status' });
  await expect(chips.getByRole('button', { name: 'All 1,999' })).toBeVisible({ timeout: 60_000 });
  await expect(chips.getByRole('button', { name: 'Succeeded 1,979' })).toBeVisible();
  await expect(chips.getByRole('button', { name: `Failed ${FAILED.length}` })).toBeVisible();
  await expect(mapRun).toContainText('Map Run running · 2,000 items · 1,999 child executions');
  await expect(mapRun).toContainText('1,999 child executions ended so far · 1,999 of 2,000 items processed');
  const grid = mapRun.getByRole('grid', { name: 'Child executions' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(ITEMS));
  await expect.poll(() => renderedItems(grid)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  await screenshots(page, shot, '01-running');

  // Answer the token: the last child ends, the parent succeeds, the counts are final.
  const task = page.getByRole('article', { name: 'Task Approve' });
  await task.getByRole('textbox', { name: 'Task output' }).fill('{ "approved": true }');
  await task.getByRole('button', { name: 'Send success' }).click();
  await expect(status).toHaveText('SUCCEEDED');
  await expect(chips.getByRole('button', { name: 'All 2,000' })).toBeVisible();
  await expect(chips.getByRole('button', { name: 'Succeeded 1,980' })).toBeVisible();
  await expect(mapRun).toContainText('Map Run succeeded · 2,000 items · 2,000 child executions');
  await expect(mapRun).not.toContainText('ended so far');
  await expect(grid).toHaveAttribute('aria-rowcount', String(ITEMS + 1));
  await expect.poll(() => renderedItems(grid)).toEqual(Array.from({ length: 16 }, (_, i) => i));

  // Failed only: every row shown is a failed child, in item order, to the last one.
  const failedChip = chips.getByRole('button', { name: `Failed ${FAILED.length}` });
  await failedChip.click();
  await expect(failedChip).toHaveAttribute('aria-pressed', 'true');
  await expect(grid).toHaveAttribute('aria-rowcount', String(FAILED.length + 1));
  await expect.poll(() => renderedItems(grid)).toEqual(FAILED.slice(0, 16));
  const statuses = await grid.locator('.child-body [role=row] .c-status').allTextContents();
  expect(new Set(statuses)).toEqual(new Set(['Failed']));
  const body = grid.locator('.child-body');
  await body.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await expect.poll(async () => (await renderedItems(grid)).at(-1)).toBe(FAILED[FAILED.length - 1]);
  await screenshots(page, shot, '02-failed');

  // Every child again: scrolled to the bottom, the grid reads the last page and shows item 1999.
  await failedChip.click();
  await expect(chips.getByRole('button', { name: 'All 2,000' })).toHaveAttribute('aria-pressed', 'true');
  await body.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await expect.poll(async () => (await renderedItems(grid)).at(-1)).toBe(ITEMS - 1);
  expect(await grid.locator('.child-body [role=row]').count()).toBeLessThan(40);
  await expect(grid.getByRole('row').filter({ hasText: /^1999/ })).toBeVisible();

  // The keyboard: Home goes back to item 0, ↓↓ selects item 2, Enter opens it.
  await grid.focus();
  await page.keyboard.press('Home');
  await expect(grid.locator('[role=row][aria-selected=true] .c-item')).toHaveText('0');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const selected = grid.locator('[role=row][aria-selected=true]');
  await expect(selected.locator('.c-item')).toHaveText('2');
  await expect(grid).toHaveAttribute('aria-activedescendant', (await selected.getAttribute('id'))!);
  await page.keyboard.press('End');
  await expect(grid.locator('[role=row][aria-selected=true] .c-item')).toHaveText('1999');
  await page.keyboard.press('PageUp');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const name = await grid.locator('[role=row][aria-selected=true] .c-name').textContent();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('navigation', { name: 'Child execution' })).toContainText('(StateMachine/Fan)');
  await expect(page.getByRole('navigation', { name: 'Child execution' })).toContainText(name!);
  await expect(page.getByRole('region', { name: 'Graph', exact: true }).getByRole('button', { name: /^State Done, succeeded/ })).toBeVisible();
  await shot(page, 'map-run-scale-03-child');
  await page.getByRole('button', { name: 'Back to the parent execution' }).click();
  await expect(page.getByRole('region', { name: 'Graph', exact: true }).getByRole('button', { name: /^State Fan,/ })).toBeVisible();
});
