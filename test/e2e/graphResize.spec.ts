import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The graph follows its panel's size (issue #14): a graph left fitted is fitted again when side
 * panels are hidden or shown or the window resizes; once the user zoomed, a resize keeps their zoom.
 */

const graphSvg = (page: Page) => page.getByRole('group', { name: 'State machine graph' });

/** The transform d3-zoom wrote on the graph's content: [x, y, k]. */
async function transformOf(svg: Locator): Promise<[number, number, number]> {
  const text = (await svg.locator('g.viewport').getAttribute('transform')) ?? '';
  const m = /translate\(([-\d.e]+),\s*([-\d.e]+)\)\s*scale\(([-\d.e]+)\)/.exec(text);
  if (!m) throw new Error(`unexpected transform "${text}"`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The box of the drawn states, relative to the graph's own box. */
async function drawnBox(page: Page): Promise<{ left: number; top: number; right: number; bottom: number; width: number; height: number }> {
  const svg = await graphSvg(page).boundingBox();
  const content = await graphSvg(page).locator('g.viewport').boundingBox();
  if (!svg || !content) throw new Error('the graph is not shown');
  return { left: content.x - svg.x, top: content.y - svg.y, right: svg.x + svg.width - (content.x + content.width), bottom: svg.y + svg.height - (content.y + content.height), width: svg.width, height: svg.height };
}

test('the graph refits when its panel is resized, and keeps a zoom the user chose', async ({ page, host }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  const svg = graphSvg(page);
  await expect(page.getByRole('region', { name: 'Graph', exact: true }).getByRole('button', { name: /^State ChargeCard/ })).toBeVisible();
  await expect.poll(async () => (await transformOf(svg))[2]).toBeGreaterThan(0);
  const fitted = await transformOf(svg);
  const narrow = await drawnBox(page);

  // Hiding both side panels widens the graph: it is fitted again, centred in its new width.
  await page.getByRole('button', { name: 'Hide the side panel' }).click();
  await page.getByRole('button', { name: 'Hide the inspector panel' }).click();
  await expect.poll(async () => (await drawnBox(page)).width).toBeGreaterThan(narrow.width + 100);
  await expect.poll(async () => (await transformOf(svg)).join()).not.toBe(fitted.join());
  await expect.poll(async () => { const b = await drawnBox(page); return Math.abs(b.left - b.right); }).toBeLessThan(4);
  const wide = await drawnBox(page);
  expect(Math.min(wide.left, wide.top, wide.right, wide.bottom)).toBeGreaterThanOrEqual(-1);

  // Shown again: fitted to the narrower graph again (nothing cut off at the sides).
  await page.getByRole('button', { name: 'Show the side panel' }).click();
  await expect.poll(async () => { const b = await drawnBox(page); return Math.abs(b.left - b.right); }).toBeLessThan(4);
  expect(Math.min((await drawnBox(page)).left, (await drawnBox(page)).right)).toBeGreaterThanOrEqual(-1);

  // The user zooms in: a resize (window or panel) keeps their zoom.
  await page.getByRole('button', { name: 'Zoom in' }).click();
  const zoomed = (await transformOf(svg))[2];
  await page.getByRole('button', { name: 'Show the inspector panel' }).click();
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect.poll(async () => (await drawnBox(page)).width).toBeLessThan(wide.width - 100);
  expect((await transformOf(svg))[2]).toBeCloseTo(zoomed, 5);

  // "Fit" hands the view back: the next resize fits again.
  await page.getByRole('button', { name: 'Fit to view' }).click();
  await page.waitForTimeout(400); // the fit animates for 250 ms
  const refitted = await transformOf(svg);
  await page.getByRole('button', { name: 'Hide the side panel' }).click();
  await expect.poll(async () => (await transformOf(svg)).join()).not.toBe(refitted.join());
  await expect.poll(async () => { const b = await drawnBox(page); return Math.abs(b.left - b.right); }).toBeLessThan(4);
});
