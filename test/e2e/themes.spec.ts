import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { SCREENSHOTS } from './paths';

/**
 * Light and dark themes (issue #6): the app follows the OS's prefers-color-scheme until the
 * "Dark theme" toggle of the top bar is used, and remembers that choice. Screenshots of every main
 * view in both themes go to out/e2e-screenshots/theme-<light|dark>-*.png, to be looked at.
 */

async function themeOf(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('data-theme');
}

test('follows the OS colour scheme until the toggle is used, and remembers the choice', async ({ page, host }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(host.url);
  const toggle = page.getByRole('switch', { name: 'Dark theme' });
  await expect(toggle).toBeChecked();
  expect(await themeOf(page)).toBe('dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(toggle).not.toBeChecked();
  expect(await themeOf(page)).toBe('light');

  // Chosen by hand: the OS no longer decides, and a reload keeps the choice.
  await toggle.check();
  expect(await themeOf(page)).toBe('dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.reload();
  await expect(page.getByRole('switch', { name: 'Dark theme' })).toBeChecked();
  expect(await themeOf(page)).toBe('dark');
  // (A string expression: this file is type-checked without the DOM library.)
  const background = await page.evaluate<string>('getComputedStyle(document.documentElement).backgroundColor');
  expect(background).not.toBe('rgb(246, 247, 249)');
});

for (const theme of ['light', 'dark'] as const) {
  test(`every main view in the ${theme} theme (screenshots)`, async ({ page, host, shot }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(host.url);
    await expect(page.getByRole('switch', { name: 'Dark theme' })).toBeChecked({ checked: theme === 'dark' });
    await page.getByRole('button', { name: 'Open Order pipeline' }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(page.getByRole('table', { name: 'Executions' }).getByRole('row')).toHaveCount(2);
    await shot(page, `theme-${theme}-01-start`);

    await page.getByRole('button', { name: /^Open execution HappyPath-/ }).click();
    const timeline = page.getByRole('region', { name: 'Timeline', exact: true });
    const graph = page.getByRole('region', { name: 'Graph', exact: true });
    await expect(graph.getByRole('button', { name: 'State ChargeCard, succeeded' })).toBeVisible();
    // A cursor in the middle: running, retried and not-run states at once.
    await page.keyboard.press('Home');
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
    await expect(timeline.getByText(/^Event 13 of 58/)).toBeVisible();
    await graph.getByRole('button', { name: /^State ChargeCard,/ }).click();
    await shot(page, `theme-${theme}-02-workspace`);
    await graph.screenshot({ path: join(SCREENSHOTS, `theme-${theme}-03-graph.png`) });
    await timeline.screenshot({ path: join(SCREENSHOTS, `theme-${theme}-04-timeline.png`) });
    await page.getByRole('region', { name: 'Inspector', exact: true }).screenshot({ path: join(SCREENSHOTS, `theme-${theme}-05-dataflow.png`) });
    await page.getByRole('region', { name: 'Events', exact: true }).screenshot({ path: join(SCREENSHOTS, `theme-${theme}-06-events.png`) });
  });
}
