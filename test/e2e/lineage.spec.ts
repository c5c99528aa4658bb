import type { Page } from '@playwright/test';
import { editorText, setEditorText } from './editor';
import { expect, test } from './fixtures';

/**
 * Issues #4/#7: a Distributed Map's children are listed by item; the start screen leaves the
 * children out and counts them on their parent; a redrive of a failed Map Run runs only the
 * children that did not succeed and says what it kept. Screenshots: out/e2e-screenshots/lineage-*.png.
 */

const executionStatus = (page: Page) => page.getByRole('status', { name: 'Execution status' });
const eventTable = (page: Page) => page.getByRole('grid', { name: 'Event table' });
const eventTypes = async (page: Page) => (await eventTable(page).locator('.event-body [role=row] .c-type').allTextContents()).map((t) => t.trim());

for (const theme of ['light', 'dark'] as const) {
  test(`redrives only the failed batches of a Distributed Map, and lists runs without their children (${theme})`, async ({ page, host, shot }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Open Distributed Map over a CSV file' }).click();
    await page.getByRole('combobox', { name: 'Test case' }).selectOption('TooManyFail');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(executionStatus(page)).toHaveText('FAILED');

    // The Map Run's children, by item: batch 0 holds items 0-1.
    const inspector = page.getByRole('region', { name: 'Inspector', exact: true });
    await page.getByRole('region', { name: 'Graph', exact: true }).getByRole('button', { name: /^State ImportShipments,/ }).click();
    const children = inspector.getByRole('region', { name: 'Map Run' }).getByRole('grid', { name: 'Child executions' });
    await expect(children.getByRole('columnheader', { name: 'Item' })).toBeVisible();
    await expect(children.getByRole('row').nth(1).getByRole('gridcell').first()).toHaveText('0items 0-1');
    await shot(page, `lineage-${theme}-01-map-run-items`);

    const rerun = page.getByRole('region', { name: 'Re-run' });
    const redrive = rerun.getByRole('button', { name: 'Redrive' });
    await expect(redrive).toHaveAccessibleDescription(/^Redrive redrives the Map Run of "ImportShipments": only its child executions that did not succeed run again/);
    // The import works now: every later ImportBatch invocation succeeds.
    await rerun.getByRole('button', { name: 'Mocks from this execution' }).click();
    const editor = rerun.getByRole('textbox', { name: 'Mock config' });
    await expect.poll(() => editorText(editor)).not.toBe('');
    const config = JSON.parse(await editorText(editor)) as { MockedResponses: Record<string, unknown>; StateMachines: Record<string, { TestCases: Record<string, Record<string, string>> }> };
    for (const machine of Object.values(config.StateMachines)) for (const testCase of Object.values(machine.TestCases)) testCase.ImportBatch = 'ImportWorks';
    config.MockedResponses.ImportWorks = { '0-99': { Return: { StatusCode: 200, Payload: { imported: 2 } } } };
    await setEditorText(editor, JSON.stringify(config, null, 2));
    await redrive.click();
    await expect(executionStatus(page)).toHaveText('SUCCEEDED');
    const types = await eventTypes(page);
    expect(types.slice(types.indexOf('ExecutionRedriven'))).toEqual([
      'ExecutionRedriven',
      'MapStateEntered',
      'MapStateStarted',
      'MapRunRedriven',
      'MapRunSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
    await expect(page.getByText(/^Redriven from TooManyFail-.* · kept [1-3] child executions? of "ImportShipments"$/)).toBeVisible();
    await shot(page, `lineage-${theme}-02-redriven`);

    // The start screen: the execution once (its latest attempt, with its child executions counted and
    // its two attempts), no child rows; its attempts listed under it on demand.
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const list = page.getByRole('table', { name: 'Executions' });
    await expect(list.getByRole('row')).toHaveCount(2);
    await expect(list).not.toContainText('ShipmentImport/ImportShipments');
    await expect(list.getByRole('row').nth(1)).toContainText(/ShipmentImport · [1-3] child executions?/);
    await list.getByRole('button', { name: /^2 attempts of TooManyFail-/ }).click();
    await expect(list.getByRole('row')).toHaveCount(4);
    await expect(list.getByRole('row').nth(2)).toContainText('Attempt 1 · first run');
    await expect(list.getByRole('row').nth(3)).toContainText('Attempt 2 · redrive 1');
    await shot(page, `lineage-${theme}-03-start-screen`);
  });
}
