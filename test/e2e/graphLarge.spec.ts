import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { allStateNames, largeDefinition } from '../unit/renderer/graph/largeDefinition';
import { setEditorText } from './editor';
import { expect, test } from './fixtures';
import { SCREENSHOTS } from './paths';

/**
 * The graph of a 200-state machine (issue #6): every state is drawn, Fit and zooming out keep the
 * state names readable (a lower bound on their on-screen font size, not a timing), edge labels
 * go when zoomed far out, the overview shows the whole graph, and Retry loops light up once taken.
 * Screenshots of the graph in both themes go to out/e2e-screenshots/graph-large-*.png.
 */

const definition = largeDefinition(200);

/** On-screen font sizes (px) of the state names visible in the graph, and the zoom it reports. */
async function visibleNameSizes(graph: Locator): Promise<{ sizes: number[]; zoom: number }> {
  return graph.locator('svg.graph-svg').evaluate((svg) => {
    // Runs in the page (the test's tsconfig has no DOM types).
    type El = { getBoundingClientRect(): { left: number; top: number; right: number; bottom: number }; getCTM(): { a: number } | null };
    const view = (svg as unknown as El).getBoundingClientRect();
    const labels = (svg as unknown as { querySelectorAll(s: string): ArrayLike<El> }).querySelectorAll('g.node[role=button] text.node-label, g.container[role=button] text.container-title');
    const style = (globalThis as unknown as { getComputedStyle(e: El): { fontSize: string; display: string } }).getComputedStyle;
    const sizes: number[] = [];
    for (const el of Array.from(labels)) {
      const r = el.getBoundingClientRect();
      if (r.right < view.left || r.left > view.right || r.bottom < view.top || r.top > view.bottom) continue;
      sizes.push(parseFloat(style(el).fontSize) * (el.getCTM()?.a ?? 1));
    }
    return { sizes, zoom: Number((svg as unknown as { getAttribute(n: string): string | null }).getAttribute('data-zoom')) };
  });
}

async function openLargeMachine(page: Page, hostUrl: string): Promise<Locator> {
  await page.goto(hostUrl);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  // The definition is pasted with the side panel at its widest (Chromium takes several times longer
  // to insert 10,000 lines into a narrow textarea), then the panel goes back to its narrowest so
  // that the graph gets the room.
  const sidePanel = page.getByRole('separator', { name: 'Resize the side panel' });
  await sidePanel.focus();
  await page.keyboard.press('End');
  await setEditorText(page.getByRole('textbox', { name: 'Definition text' }), JSON.stringify(definition, null, 2));
  // Its Tasks must fail (and be retried, then caught): no generated responses for the unmocked ones.
  await page.getByRole('checkbox', { name: 'Generate responses for Tasks with no mock' }).uncheck();
  await sidePanel.focus();
  await page.keyboard.press('Home');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED', { timeout: 30_000 });
  const graph = page.getByRole('region', { name: 'Graph', exact: true });
  await expect(graph.getByRole('button', { name: /^State / })).toHaveCount(200, { timeout: 30_000 });
  // The graph gets the workspace's height: the bottom panel (timeline, events) is hidden.
  await page.getByRole('button', { name: 'Hide the bottom panel' }).click();
  return graph;
}

test('a 200-state machine: every state drawn, names readable after Fit and zooming out, the overview shown, Retry loops taken', async ({ page, host }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  const graph = await openLargeMachine(page, host.url);
  for (const name of allStateNames(definition).slice(0, 5)) await expect(graph.getByRole('button', { name: new RegExp(`^State ${name},`) })).toHaveCount(1);

  // A long name is shortened in its box; the full name is in its tooltip.
  const long = graph.getByRole('button', { name: /^State ValidateCustomerShippingAddressAgainstCarrierRules0,/ });
  await expect(long.locator('text.node-label')).toContainText('…');
  await expect(long.locator('title')).toHaveText(/^ValidateCustomerShippingAddressAgainstCarrierRules0 \(Task\)/);

  // Fit: names stay at least 9 px on screen, and the overview shows the rest of the graph.
  await graph.getByRole('button', { name: 'Fit to view' }).click();
  await expect.poll(async () => (await visibleNameSizes(graph)).sizes.length).toBeGreaterThan(8);
  const fitted = await visibleNameSizes(graph);
  expect(Math.min(...fitted.sizes)).toBeGreaterThanOrEqual(9);
  await expect(graph.getByRole('group', { name: 'Graph overview' })).toBeVisible();
  await graph.screenshot({ path: join(SCREENSHOTS, 'graph-large-light-01-fit.png') });

  // Retry loops: every Task failed once and was retried once (States.ALL ×1), so its loop is taken.
  await expect(graph.locator('path.edge-retry.taken').first()).toBeVisible();
  await expect(graph.locator('g.edge-label-retry.taken text').first()).toContainText('· retried 1');

  // Zooming out: below the detail threshold edge labels go, names stay readable.
  await graph.getByRole('button', { name: 'Zoom out' }).click();
  await expect.poll(async () => (await visibleNameSizes(graph)).zoom).toBeLessThan(0.6);
  const zoomedOut = await visibleNameSizes(graph);
  expect(zoomedOut.zoom).toBeGreaterThanOrEqual(0.4);
  expect(zoomedOut.sizes.length).toBeGreaterThan(fitted.sizes.length);
  expect(Math.min(...zoomedOut.sizes)).toBeGreaterThanOrEqual(9);
  await expect(graph.locator('g.layer-edge-labels')).toBeHidden();
  await graph.screenshot({ path: join(SCREENSHOTS, 'graph-large-light-02-zoomed-out.png') });

  // Back in: the labels return.
  await graph.getByRole('button', { name: 'Fit to view' }).click();
  await expect(graph.locator('g.layer-edge-labels')).toBeVisible();
});

test('a 200-state machine in the dark theme (screenshots), with a cursor in the middle of the run', async ({ page, host }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const graph = await openLargeMachine(page, host.url);
  await graph.getByRole('button', { name: 'Fit to view' }).click();
  await expect.poll(async () => (await visibleNameSizes(graph)).sizes.length).toBeGreaterThan(8);
  await graph.screenshot({ path: join(SCREENSHOTS, 'graph-large-dark-01-fit.png') });
  // Mid-run: some states done, Retry loops taken, the rest not run yet.
  await page.getByRole('button', { name: 'Show the bottom panel' }).click();
  const timeline = page.getByRole('region', { name: 'Timeline', exact: true });
  await page.keyboard.press('Home');
  for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowRight');
  await expect(timeline.getByText(/^Event 61 of /)).toBeVisible();
  await graph.screenshot({ path: join(SCREENSHOTS, 'graph-large-dark-02-mid-run.png') });
  await graph.getByRole('button', { name: 'Zoom out' }).click();
  await graph.screenshot({ path: join(SCREENSHOTS, 'graph-large-dark-03-zoomed-out.png') });
});

test('Map and Parallel nodes show their progress at the cursor (name and tooltip)', async ({ page, host }) => {
  const graph = await openLargeMachine(page, host.url);
  await expect(graph.getByRole('button', { name: 'State ProcessItems4, succeeded: 3 of 3 iterations done', exact: true })).toBeVisible();
  await expect(graph.getByRole('button', { name: /^State FanOut2, succeeded: branch 1 succeeded, branch 2 succeeded, branch 3 succeeded$/ })).toBeVisible();
  await expect(graph.getByRole('button', { name: /^State ProcessItems4,/ }).locator('title').first()).toContainText('3/3 iterations · 3 succeeded');
  await page.keyboard.press('Home');
  await expect(graph.getByRole('button', { name: 'State ProcessItems4, not run', exact: true })).toBeVisible();
});
