import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
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
  const { scrollHeight, scrollWidth, innerHeight, innerWidth } = await page.evaluate(() => ({
    scrollHeight: document.scrollingElement!.scrollHeight,
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerHeight: window.innerHeight,
    innerWidth: window.innerWidth,
  }));
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
