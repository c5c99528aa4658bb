import { join } from 'node:path';
import { expect, test } from './fixtures';
import { ROOT, SCREENSHOTS } from './paths';

/**
 * The data-flow inspector (issue #6): which Choice rule matched, walked through rule by rule, and
 * a Distributed Map visit's child executions, one of which opens. Screenshots in both themes go to
 * out/e2e-screenshots/inspector-choice-*.png.
 */

for (const theme of ['light', 'dark'] as const) {
  test(`shows which Choice rule matched in the polling loop, visit by visit (${theme})`, async ({ page, host, shot }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Open Polling loop with Wait and Choice' }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');

    const graph = page.getByRole('region', { name: 'Graph', exact: true });
    const inspector = page.getByRole('region', { name: 'Inspector', exact: true });
    await graph.getByRole('button', { name: /^State IsReportReady,/ }).click();
    await expect(inspector.getByRole('heading', { name: 'Data flow: IsReportReady' })).toBeVisible();
    const rules = inspector.getByRole('region', { name: 'Choice rules' });
    // The last visit: the report is ready, so rule 1 matched and the others were never read.
    await inspector.getByRole('combobox', { name: 'Visit' }).selectOption({ index: 2 });
    await expect(rules.getByLabel('Choice result')).toHaveText('Rule 1 matched: the execution goes to ReportReady.');
    await expect(rules.getByRole('listitem', { name: 'Rule 1: matched' })).toContainText('$.check.status reads "SUCCEEDED": "SUCCEEDED" = "SUCCEEDED" is true.');
    await expect(rules.getByRole('listitem', { name: 'Rule 2: not evaluated' })).toBeVisible();
    await expect(rules.getByLabel('What the history shows')).toHaveText('The history shows the execution going to ReportReady.');
    await shot(page, `inspector-choice-${theme}-01-matched`);
    await inspector.screenshot({ path: join(SCREENSHOTS, `inspector-choice-${theme}-01-panel.png`) });

    // The first visit: still RUNNING, no rule matches and Default loops back.
    await inspector.getByRole('combobox', { name: 'Visit' }).selectOption({ index: 0 });
    await expect(rules.getByLabel('Choice result')).toHaveText('No rule matched: Default sends the execution to WaitBeforeCheck.');
    await expect(rules.getByRole('listitem', { name: 'Rule 1: no match' })).toContainText('"RUNNING" = "SUCCEEDED" is false.');
    await expect(rules.getByRole('listitem', { name: 'Rule 3: no match' })).toContainText('$.job.checks reads 1: 1 ≥ 5 is false.');
    await expect(rules.getByRole('listitem', { name: 'Default: taken' })).toBeVisible();
    await inspector.screenshot({ path: join(SCREENSHOTS, `inspector-choice-${theme}-02-default.png`) });
  });
}

test('evaluates a JSONata Choice\'s Condition with the variables the history shows', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: /^Open JSONata/ }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');
  const inspector = page.getByRole('region', { name: 'Inspector', exact: true });
  await page.getByRole('region', { name: 'Graph', exact: true }).getByRole('button', { name: /^State CheckTotal,/ }).click();
  const rules = inspector.getByRole('region', { name: 'Choice rules' });
  await expect(rules.getByLabel('Choice result')).toHaveText('No rule matched: Default sends the execution to Confirm.');
  await expect(rules.getByRole('listitem', { name: 'Rule 1: no match' })).toContainText('The Condition evaluates to false ($subtotal is 548.98, $discountPercent is 10).');
  await shot(page, 'inspector-choice-03-jsonata');
  await inspector.screenshot({ path: join(SCREENSHOTS, 'inspector-choice-03-jsonata-panel.png') });
});

for (const theme of ['light', 'dark'] as const) {
  test(`lists a Distributed Map's child executions and opens one (${theme})`, async ({ page, host, shot }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Open Distributed Map over a CSV file' }).click();
    await page.getByRole('combobox', { name: 'Test case' }).selectOption('OneBatchFails');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');

    const inspector = page.getByRole('region', { name: 'Inspector', exact: true });
    await page.getByRole('region', { name: 'Graph', exact: true }).getByRole('button', { name: /^State ImportShipments,/ }).click();
    const mapRun = inspector.getByRole('region', { name: 'Map Run' });
    await expect(mapRun).toContainText('Map Run succeeded · 4 child executions');
    const children = mapRun.getByRole('grid', { name: 'Child executions' });
    await expect(children.getByRole('row')).toHaveCount(5);
    await expect(children.getByText('FAILED')).toHaveCount(1);
    await expect(children.getByText('SUCCEEDED')).toHaveCount(3);
    await shot(page, `inspector-choice-${theme}-04-map-run`);
    await inspector.screenshot({ path: join(SCREENSHOTS, `inspector-choice-${theme}-04-map-run-panel.png`) });

    // Open the failed child: its own history, with the Map's item processor as its definition.
    const failedRow = children.getByRole('row').filter({ hasText: 'FAILED' });
    await failedRow.getByRole('link', { name: /^Open child execution / }).click();
    await expect(page.getByRole('navigation', { name: 'Child execution' })).toContainText('ShipmentImport/ImportShipments');
    const childGraph = page.getByRole('region', { name: 'Graph', exact: true });
    await expect(childGraph.getByRole('button', { name: /^State ImportBatch, failed/ })).toBeVisible();
    await shot(page, `inspector-choice-${theme}-05-child`);
    await page.getByRole('button', { name: 'Back to the parent execution' }).click();
    await expect(page.getByRole('region', { name: 'Graph', exact: true }).getByRole('button', { name: /^State ImportShipments,/ })).toBeVisible();
  });
}

test('an imported AWS history\'s Distributed Map shows its Map Run and says its children are not stored', async ({ page, host, shot }) => {
  const file = join(ROOT, 'test/fixtures/conformance/aws-recorded/assign/test_reference_in_map_state__MAP_STATE_REFERENCE_IN_ITEM_SELECTOR.json');
  await page.goto(host.url);
  await page.getByLabel('Import history files').setInputFiles(file);
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');
  await page.getByRole('region', { name: 'Graph', exact: true }).getByRole('button', { name: /^State MapState,/ }).click();
  const mapRun = page.getByRole('region', { name: 'Inspector', exact: true }).getByRole('region', { name: 'Map Run' });
  await expect(mapRun).toContainText('Map Run succeeded · 3 items');
  await expect(mapRun).toContainText('The child executions are not in the store: an imported AWS history holds only the Map Run\'s start and outcome');
  await shot(page, 'inspector-choice-06-imported-map-run');
});
