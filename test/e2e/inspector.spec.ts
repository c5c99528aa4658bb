import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { ROOT, SCREENSHOTS } from './paths';

/**
 * The execution inspector (issue #6): replay with the keyboard and the player buttons, the graph's
 * status colours at the cursor, the data-flow steps of a selected state, and the event table.
 */

test('replays the order pipeline: the graph colours ChargeCard at the cursor and the inspector shows its ResultPath', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');

  const timeline = page.getByRole('region', { name: 'Timeline', exact: true });
  const graph = page.getByRole('region', { name: 'Graph', exact: true });
  const inspector = page.getByRole('region', { name: 'Inspector', exact: true });
  const events = page.getByRole('region', { name: 'Events', exact: true });
  await expect(timeline.getByText(/^Event 58 of 58: #58 ExecutionSucceeded/)).toBeVisible();
  const charge = graph.getByRole('button', { name: /^State ChargeCard,/ });
  await expect(charge).toHaveAttribute('aria-label', 'State ChargeCard, succeeded');
  await shot(page, 'inspector-01-run-end');

  // Keyboard: Home, then → to the first failed charge attempt (event 12).
  await page.keyboard.press('Home');
  await expect(timeline.getByText(/^Event 1 of 58/)).toBeVisible();
  await expect(charge).toHaveAttribute('aria-label', 'State ChargeCard, not run');
  for (let i = 0; i < 11; i++) await page.keyboard.press('ArrowRight');
  await expect(timeline.getByText(/^Event 12 of 58: #12 LambdaFunctionFailed · ChargeCard/)).toBeVisible();
  await expect(charge).toHaveAttribute('aria-label', 'State ChargeCard, failed');
  // With nothing selected, the inspector follows the visit of the event at the cursor.
  await expect(inspector.getByRole('heading', { name: 'Data flow: ChargeCard' })).toBeVisible();
  // Buttons: forward to the retry, back to the failure.
  await timeline.getByRole('button', { name: 'Step forward', exact: true }).click();
  await expect(charge).toHaveAttribute('aria-label', 'State ChargeCard, retrying');
  await expect(charge).toHaveAttribute('data-status', 'retried');
  await timeline.getByRole('button', { name: 'Step back', exact: true }).click();
  await expect(charge).toHaveAttribute('data-status', 'failed');
  await expect(events.locator('[role=row][aria-current=step]')).toContainText('LambdaFunctionFailed');
  await charge.click();
  await expect(inspector.getByRole('heading', { name: 'Data flow: ChargeCard' })).toBeVisible();
  await expect(inspector.getByRole('listitem', { name: 'ResultPath' })).toHaveCount(0);
  await shot(page, 'inspector-02-charge-failed-attempt');
  await graph.screenshot({ path: join(SCREENSHOTS, 'inspector-02-graph.png') });

  // End: the visit is complete, and ResultPath places the charge into $.payment.
  await page.keyboard.press('End');
  await expect(timeline.getByText(/^Event 58 of 58/)).toBeVisible();
  const resultPath = inspector.getByRole('listitem', { name: 'ResultPath' });
  await expect(resultPath).toContainText('$.payment');
  await expect(resultPath.getByLabel('ResultPath value')).toContainText('"chargeId": "ch_123"');
  await expect(inspector.getByRole('listitem', { name: 'Task result' })).toContainText('after 2 retries');
  await shot(page, 'inspector-03-charge-resultpath');
  await inspector.screenshot({ path: join(SCREENSHOTS, 'inspector-03-dataflow.png') });
  await graph.screenshot({ path: join(SCREENSHOTS, 'inspector-03-graph.png') });
  await timeline.screenshot({ path: join(SCREENSHOTS, 'inspector-03-timeline.png') });

  // The timeline: clicking on it moves the cursor; the axis can count elapsed time.
  const chart = timeline.getByRole('img', { name: /^Timeline of 11 visits in 9 states/ });
  const box = (await chart.boundingBox())!;
  await chart.click({ position: { x: 150 + (box.width - 162) * (20 / 57), y: 10 } });
  await expect(timeline.getByText(/^Event 21 of 58/)).toBeVisible();
  await timeline.getByRole('combobox', { name: 'Timeline axis' }).selectOption('time');
  await timeline.screenshot({ path: join(SCREENSHOTS, 'inspector-03-timeline-time.png') });
  await timeline.getByRole('combobox', { name: 'Timeline axis' }).selectOption('events');

  // Play and pause.
  await timeline.getByRole('button', { name: 'First event', exact: true }).click();
  await timeline.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(timeline.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect(timeline.getByText(/^Event [3-9] of 58/)).toBeVisible();
  await timeline.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(timeline.getByRole('button', { name: 'Play', exact: true })).toBeVisible();

  // Event table: errors only, then a row click moves the cursor.
  await events.getByRole('checkbox', { name: 'Errors only' }).check();
  const table = events.getByRole('grid', { name: 'Event table' });
  await expect(table.getByRole('rowgroup').nth(1).getByRole('row')).toHaveCount(2);
  await table.getByRole('row').filter({ hasText: 'LambdaFunctionFailed' }).last().click();
  await expect(timeline.getByText(/^Event 15 of 58: #15 LambdaFunctionFailed/)).toBeVisible();
  await events.getByRole('checkbox', { name: 'Errors only' }).uncheck();
  await events.getByRole('searchbox', { name: 'Search events' }).fill('ship-item');
  await expect(table.getByRole('rowgroup').nth(1).getByRole('row')).toHaveCount(3);
  await shot(page, 'inspector-04-events-search');
});

test('the event table by keyboard: arrows and pages move the cursor, Enter expands a row inline; the graph overview pans a zoomed-in graph', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');
  const timeline = page.getByRole('region', { name: 'Timeline', exact: true });
  const events = page.getByRole('region', { name: 'Events', exact: true });
  const table = events.getByRole('grid', { name: 'Event table' });
  const body = table.getByRole('rowgroup').nth(1);

  await page.keyboard.press('Home');
  await expect(timeline.getByText(/^Event 1 of 58/)).toBeVisible();
  await table.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(timeline.getByText(/^Event 3 of 58/)).toBeVisible();
  await expect(body.locator('[role=row][aria-selected=true]').getByRole('button')).toHaveAccessibleName('Show details of event 3');
  await page.keyboard.press('ArrowUp');
  await expect(timeline.getByText(/^Event 2 of 58/)).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(timeline.getByText(/^Event 3 of 58/)).toBeVisible();

  // Enter opens the selected event's JSON inside its row; the rows after it move down.
  const disclosure = table.getByRole('button', { name: 'Show details of event 3', exact: true });
  await expect(disclosure).toHaveAttribute('aria-expanded', 'false');
  const nextRowTop = async () => (await body.getByRole('row').filter({ has: page.getByRole('button', { name: 'Show details of event 4', exact: true }) }).boundingBox())!.y;
  const before = await nextRowTop();
  await page.keyboard.press('Enter');
  await expect(disclosure).toHaveAttribute('aria-expanded', 'true');
  const details = table.getByLabel('Details of event 3', { exact: true });
  await expect(details).toContainText('"id": 3');
  expect(await nextRowTop()).toBeGreaterThan(before + 60);
  await shot(page, 'inspector-07-event-expanded');
  await events.screenshot({ path: join(SCREENSHOTS, 'inspector-07-events.png') });

  // PageDown moves a page (the rows the table shows, less one: 11 rows in a 312 px table; the
  // workspace's bottom panel sets the height) and keeps only the rows in view (plus overscan) in the DOM.
  const perPage = Math.max(1, Math.floor((await body.evaluate((el) => (el as unknown as { clientHeight: number }).clientHeight)) / 26) - 1);
  await page.keyboard.press('PageDown');
  await expect(timeline.getByText(new RegExp(`^Event ${3 + perPage} of 58`))).toBeVisible();
  for (let at = 3 + perPage; at < 58; at += perPage) await page.keyboard.press('PageDown');
  await expect(timeline.getByText(/^Event 58 of 58/)).toBeVisible();
  await expect(body.locator('[role=row][aria-current=step]')).toContainText('ExecutionSucceeded');
  expect(await body.getByRole('row').count()).toBeLessThan(58);
  await page.keyboard.press('PageUp');
  const back = 58 - perPage;
  await expect(timeline.getByText(new RegExp(`^Event ${back} of 58`))).toBeVisible();
  // Enter again closes; the disclosure button toggles by mouse too.
  await page.keyboard.press('Enter');
  await expect(table.getByRole('button', { name: `Show details of event ${back}`, exact: true })).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Enter');
  await expect(table.getByRole('button', { name: `Show details of event ${back}`, exact: true })).toHaveAttribute('aria-expanded', 'false');
  await table.getByRole('button', { name: `Show details of event ${back}`, exact: true }).click();
  await expect(table.getByLabel(`Details of event ${back}`, { exact: true })).toBeVisible();
  await page.keyboard.press('Home');
  await expect(timeline.getByText(/^Event 1 of 58/)).toBeVisible();
  await expect(table.getByRole('button', { name: 'Show details of event 3', exact: true })).toHaveAttribute('aria-expanded', 'true');

  // The graph overview: hidden while the whole graph fits, shown once zoomed in; a click pans.
  // (The bottom panel is hidden first and the graph fitted: in the one-screen workspace the whole
  // graph fits once the graph has that room.)
  const graph = page.getByRole('region', { name: 'Graph', exact: true });
  const overview = graph.getByRole('group', { name: 'Graph overview' });
  await page.getByRole('button', { name: 'Hide the bottom panel' }).click();
  await graph.getByRole('button', { name: 'Fit to view' }).click();
  await expect(overview).toBeHidden();
  await graph.getByRole('button', { name: 'Zoom in' }).click();
  await graph.getByRole('button', { name: 'Zoom in' }).click();
  await graph.getByRole('button', { name: 'Zoom in' }).click();
  await expect(overview).toBeVisible();
  const frame = overview.locator('.minimap-viewport');
  const content = graph.locator('svg.graph-svg g.viewport');
  await overview.scrollIntoViewIfNeeded();
  const transformBefore = await content.getAttribute('transform');
  const frameTop = async () => (await frame.boundingBox())!.y - (await overview.boundingBox())!.y;
  const frameBefore = await frameTop();
  const box = (await overview.boundingBox())!;
  await overview.click({ position: { x: box.width * 0.5, y: box.height - 6 } });
  await expect.poll(() => content.getAttribute('transform')).not.toBe(transformBefore);
  expect(await frameTop()).toBeGreaterThan(frameBefore + 10);
  await shot(page, 'inspector-08-graph-overview');
  await graph.screenshot({ path: join(SCREENSHOTS, 'inspector-08-graph.png') });
  await graph.getByRole('button', { name: 'Fit to view' }).click();
  await expect(overview).toBeHidden();
});

test('a caught failure is coloured caught, with the Catch path and the Fail state', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  await page.getByRole('combobox', { name: 'Test case' }).selectOption('CardDeclined');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('FAILED');
  const graph = page.getByRole('region', { name: 'Graph', exact: true });
  await expect(graph.getByRole('button', { name: 'State ChargeCard, caught', exact: true })).toBeVisible();
  await expect(graph.getByRole('button', { name: 'State PaymentDeclined, failed', exact: true })).toBeVisible();
  await expect(graph.getByRole('button', { name: 'State Fulfil, not run', exact: true })).toBeVisible();
  await graph.getByRole('button', { name: 'State ChargeCard, caught', exact: true }).click();
  const inspector = page.getByRole('region', { name: 'Inspector', exact: true });
  await expect(inspector.getByRole('listitem', { name: 'Catch ResultPath' })).toContainText('$.error');
  await shot(page, 'inspector-05-caught');
});

test('an imported AWS history without a definition: the graph is rebuilt and the inspector says what it cannot know', async ({ page, host, shot }) => {
  const file = join(mkdtempSync(join(tmpdir(), 'stepscope-e2e-')), 'history.json');
  execFileSync(process.execPath, [join(ROOT, 'dist/cli.mjs'), 'run', 'resources/examples/order-pipeline/definition.json', '--input', 'resources/examples/order-pipeline/input.json', '--mock-config', 'resources/examples/order-pipeline/mocks.json', '--test-case', 'HappyPath', '--no-store', '--history', file], { cwd: ROOT });
  const events = JSON.parse(readFileSync(file, 'utf8')) as unknown[];
  await page.goto(host.url);
  await page.getByLabel('Import history files').setInputFiles({ name: 'get-execution-history.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ events })) });
  const graph = page.getByRole('region', { name: 'Graph', exact: true });
  await expect(graph).toContainText('rebuilt from the history');
  await graph.getByRole('button', { name: /^State ChargeCard,/ }).click();
  const inspector = page.getByRole('region', { name: 'Inspector', exact: true });
  await expect(inspector).toContainText('No definition came with this execution');
  await expect(inspector.getByRole('listitem', { name: 'State output' })).toContainText('ch_123');
  await shot(page, 'inspector-06-imported-without-definition');
});
