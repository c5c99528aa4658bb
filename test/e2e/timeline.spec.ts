import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { SCREENSHOTS } from './paths';

/**
 * The timeline (issue #6): lanes grouped by flow (the order pipeline's Parallel branches and its
 * Map's iterations, collapsible by mouse and keyboard), hover details of a retried Task, zoom with
 * the wheel and "Reset zoom", and the player's "Next visit"/"Previous visit" of the selected state.
 * Screenshots of the timeline in both themes: out/e2e-screenshots/timeline-<theme>-*.png.
 */

async function openOrderPipelineRun(page: Page, url: string) {
  await page.goto(url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');
  const timeline = page.getByRole('region', { name: 'Timeline', exact: true });
  await expect(timeline.getByText(/^Event 58 of 58/)).toBeVisible();
  return timeline;
}

test('groups lanes by flow, shows hover details, zooms, and jumps between visits of the selected state', async ({ page, host }) => {
  const timeline = await openOrderPipelineRun(page, host.url);
  const chart = timeline.getByRole('img', { name: /^Timeline of 11 visits in 9 states, 16 rows/ });
  await expect(chart).toBeVisible();

  // The Parallel's branches and the Map's iterations, expanded (3 iterations); collapse and expand the Map.
  const fulfil = timeline.getByRole('button', { name: 'Parallel Fulfil · 2 branches' });
  await expect(fulfil).toHaveAttribute('aria-expanded', 'true');
  const map = timeline.getByRole('button', { name: 'Map ShipItems · 3 iterations (3 ✓)' });
  await expect(map).toHaveAttribute('aria-expanded', 'true');
  await expect(timeline.getByText('Iteration 2 ✓')).toBeVisible();
  await map.click();
  await expect(map).toHaveAttribute('aria-expanded', 'false');
  await expect(timeline.getByRole('img', { name: /, 10 rows$/ })).toBeVisible();
  await expect(timeline.getByText('Iteration 2 ✓')).toHaveCount(0);
  // By keyboard: Enter on the focused header expands it again.
  await map.focus();
  await page.keyboard.press('Enter');
  await expect(map).toHaveAttribute('aria-expanded', 'true');
  await expect(timeline.getByRole('img', { name: /, 16 rows$/ })).toBeVisible();

  // Hover ChargeCard's bar (row 3; events #9–#19 of 58 on the event axis): its details.
  const box = (await chart.boundingBox())!;
  const xOf = (position: number) => box.x + 150 + (box.width - 162) * (position / 57);
  await page.mouse.move(xOf(13), box.y + 2 * 18 + 9);
  const tooltip = page.getByRole('tooltip', { name: 'Details of ChargeCard' });
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText('Task · succeeded');
  await expect(tooltip).toContainText('Events #9–#19 (11 events)');
  await expect(tooltip).toContainText('3 attempts (2 retries)');
  await expect(tooltip).toContainText('Attempt 1: Payments.Throttled: Too many requests');
  await page.mouse.move(box.x + 10, box.y + box.height + 200);
  await expect(tooltip).toHaveCount(0);

  // Zoom with the wheel over the chart, then reset.
  const reset = timeline.getByRole('button', { name: 'Reset zoom' });
  await expect(reset).toBeDisabled();
  await page.mouse.move(xOf(13), box.y + 9);
  await page.mouse.wheel(0, -400);
  await expect(reset).toBeEnabled();
  await expect(timeline.getByText(/^Showing events #\d+ to #\d+$/)).toBeVisible();
  // The cursor still follows a click at any zoom: a click left of the middle lands before event 58.
  await chart.click({ position: { x: 160, y: 9 } });
  await expect(timeline.getByText(/^Event (\d|[1-4]\d) of 58/)).toBeVisible();
  await reset.click();
  await expect(reset).toBeDisabled();
  await expect(timeline.getByText(/^Showing everything/)).toBeVisible();

  // Next/previous visit of the selected state (Ship: one visit per iteration).
  const next = timeline.getByRole('button', { name: 'Next visit', exact: true });
  const previous = timeline.getByRole('button', { name: 'Previous visit', exact: true });
  await expect(next).toBeDisabled();
  await timeline.getByRole('button', { name: 'Select state Ship' }).first().click();
  await expect(next).toHaveAttribute('title', 'Next visit of Ship (key: V)');
  await page.keyboard.press('Home');
  await expect(timeline.getByText(/^Event 1 of 58/)).toBeVisible();
  await expect(previous).toBeDisabled();
  await next.click();
  await expect(timeline.getByText(/^Event \d+ of 58: #\d+ TaskStateEntered · Ship$/)).toBeVisible();
  const first = await timeline.locator('.player-position').textContent();
  await page.keyboard.press('v');
  await expect(timeline.locator('.player-position')).not.toHaveText(first!);
  await expect(timeline.getByText(/^Event \d+ of 58: #\d+ TaskStateEntered · Ship$/)).toBeVisible();
  await page.keyboard.press('Shift+V');
  await expect(timeline.locator('.player-position')).toHaveText(first!);
  // The line under the chart tells the selected state's visit at the cursor.
  await expect(timeline.getByLabel('Visit details')).toContainText('In Fulfil › ShipItems[');
});

for (const theme of ['light', 'dark'] as const) {
  test(`the timeline in the ${theme} theme (screenshots)`, async ({ page, host }) => {
    await page.emulateMedia({ colorScheme: theme });
    const timeline = await openOrderPipelineRun(page, host.url);
    await timeline.getByRole('button', { name: 'Select state ChargeCard' }).click();
    await timeline.screenshot({ path: join(SCREENSHOTS, `timeline-${theme}-01-end.png`) });
    // Mid-run: the retried charge, the branches running.
    await page.keyboard.press('Home');
    for (let i = 0; i < 24; i++) await page.keyboard.press('ArrowRight');
    await expect(timeline.getByText(/^Event 25 of 58/)).toBeVisible();
    const chart = timeline.getByRole('img', { name: /^Timeline of/ });
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + 150 + (box.width - 162) * (13 / 57), box.y + 2 * 18 + 9);
    await expect(page.getByRole('tooltip')).toBeVisible();
    await timeline.screenshot({ path: join(SCREENSHOTS, `timeline-${theme}-02-hover.png`) });
    await page.mouse.move(box.x + 150 + (box.width - 162) * (13 / 57), box.y + 9);
    await page.mouse.wheel(0, -500);
    await timeline.screenshot({ path: join(SCREENSHOTS, `timeline-${theme}-03-zoomed.png`) });
    await timeline.getByRole('combobox', { name: 'Timeline axis' }).selectOption('time');
    await page.keyboard.press('End');
    await timeline.screenshot({ path: join(SCREENSHOTS, `timeline-${theme}-04-time.png`) });

    // A caught failure (ChargeCard, ↪) and an uncaught one (the Fail state, ✗).
    await page.getByRole('combobox', { name: 'Test case' }).selectOption('CardDeclined');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('FAILED');
    await expect(timeline.getByRole('img', { name: /^Timeline of 4 visits/ })).toBeVisible();
    await timeline.screenshot({ path: join(SCREENSHOTS, `timeline-${theme}-05-failed.png`) });
  });
}
