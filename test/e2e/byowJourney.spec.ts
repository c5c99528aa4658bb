import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { editorText } from './editor';
import { expect, test } from './fixtures';
import { ROOT, SCREENSHOTS } from './paths';

/**
 * Issue #12's journey in the browser-served app, with no hand-written mock: open a SAM template
 * (resources/examples/sam-order-processing, whose definition is in a file beside it), choose that
 * file, Debug, answer the Task that has no mock at the stop, save the answers as mocks, open them and
 * run again: SUCCEEDED. Screenshots of each step at 1440×900 and 1024×700 in both themes go to
 * STEPSCOPE_E2E_SCREENS (else out/e2e-screenshots/byow).
 */
const EXAMPLE = join(ROOT, 'resources/examples/sam-order-processing');
const SCREENS = process.env.STEPSCOPE_E2E_SCREENS ?? join(SCREENSHOTS, 'byow');
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const;

/** The page at each size in each theme (the app follows the OS colour scheme until its toggle is used). */
async function shots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const path = join(SCREENS, `${name}-${size.width}x${size.height}-${theme}.png`);
      await page.screenshot({ path });
      console.log(`e2e: screenshot ${path}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(SIZES[0]);
}

/** Drops files on the app as a user drags them from the file manager. */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  // (A string expression: this file is type-checked without the DOM library.)
  const dataTransfer = await page.evaluateHandle(
    `(() => { const t = new DataTransfer(); t.items.add(new File([${JSON.stringify(text)}], ${JSON.stringify(name)}, { type: 'application/json' })); return t; })()`,
  );
  const shell = page.locator('.shell');
  await shell.dispatchEvent('dragenter', { dataTransfer });
  await shell.dispatchEvent('drop', { dataTransfer });
}

test('bring your own SAM template: choose its definition file, Debug, answer the unmocked Task, save the answers as mocks, run again green', async ({ page, host }) => {
  test.setTimeout(180_000);
  await page.setViewportSize(SIZES[0]);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(host.url);

  // The template names its definition file (DefinitionUri), which a page cannot read by itself: it asks for it.
  await page.getByLabel('Open definition file').setInputFiles(join(EXAMPLE, 'template.yaml'));
  const picker = page.getByRole('dialog', { name: 'Choose order-processing.asl.json for template.yaml' });
  await expect(picker).toBeVisible();
  await expect(picker).toContainText('statemachine/order-processing.asl.json');
  await shots(page, '01-template-needs-its-definition-file');
  await picker.getByLabel('Definition file statemachine/order-processing.asl.json').setInputFiles(join(EXAMPLE, 'statemachine/order-processing.asl.json'));

  // The template's one state machine opens, with the values only a deployment knows made up and listed.
  await expect(page.getByRole('heading', { name: 'template.yaml — OrderProcessingStateMachine' })).toBeVisible();
  const values = page.getByRole('group', { name: 'Values Stepscope made up' });
  await expect(values).toContainText(/values? the file does not give (was|were) made up/);
  await expect(page.getByText('No mock config: a Task gets a response generated from its service\'s model (Debug stops to ask for it).')).toBeVisible();
  await page.getByRole('textbox', { name: 'Execution input' }).fill('{"orderId": "o-42", "lines": [{"sku": "A-1", "qty": 2}]}');
  const graph = page.getByRole('region', { name: 'Graph', exact: true });
  await expect(graph.getByRole('button', { name: /^State PublishConfirmation/ })).toBeVisible();
  await shots(page, '02-sam-template-opened');

  // Debug: the run stops before the first state, then at the Task no mock answers.
  await page.getByRole('button', { name: 'Debug', exact: true }).click();
  const status = page.getByRole('status', { name: 'Debugger status' });
  await expect(status).toHaveText('Stopped before ValidateOrder');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(status).toHaveText('Stopped at ValidateOrder (no mock)');
  const unmocked = page.getByRole('group', { name: 'Unmocked Task' });
  await expect(unmocked.getByLabel('Task request')).toContainText('"FunctionName": "arn:aws:lambda:us-east-1:111111111111:function:ValidateOrderFunction"');
  const response = unmocked.getByRole('textbox', { name: 'Task response' });
  await expect.poll(() => editorText(response)).toMatch(/"StatusCode": 200/);
  // The function's answer, as the user knows it: the order, validated.
  await response.fill(JSON.stringify({ StatusCode: 200, ExecutedVersion: '$LATEST', Payload: { orderId: 'o-42', lines: [{ sku: 'A-1', qty: 2 }], validated: true } }));
  await shots(page, '03-debugger-asks-for-the-unmocked-task');
  await unmocked.getByRole('button', { name: 'Answer and continue' }).click();

  // The DynamoDB and SNS Tasks have no mock either: Continue takes their generated answers (from the services' models) as they are.
  await expect(status).toHaveText('Stopped at SaveOrder (no mock)');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(status).toHaveText('Stopped at PublishConfirmation (no mock)');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  const executionStatus = page.getByRole('status', { name: 'Execution status' });
  await expect(executionStatus).toHaveText('SUCCEEDED');
  // The run lists the invocations the generated responses answered: not ValidateOrder, which the user answered.
  const generatedNote = page.getByRole('group', { name: 'Generated responses' });
  await expect(generatedNote).toContainText('2 Task invocations answered by generated responses (no mock)');
  await generatedNote.getByText(/answered by generated responses/).click();
  await expect(generatedNote.getByRole('listitem')).toHaveText([/^SaveOrder \(invocation 0\)/, /^PublishConfirmation \(invocation 0\)/]);

  // Save the answers as a MockConfigFile: the three Tasks, under the state machine's name.
  const link = page.getByRole('link', { name: 'Save answers as mocks' });
  await expect(link).toHaveAttribute('download', /\.mocks\.json$/);
  await shots(page, '04-debug-run-succeeded-save-answers');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const saved = readFileSync(await download.path(), 'utf8');
  const config = JSON.parse(saved) as { StateMachines: Record<string, { TestCases: Record<string, Record<string, string>> }>; MockedResponses: Record<string, Record<string, { Return?: unknown }>> };
  const [machine] = Object.keys(config.StateMachines);
  const testCase = config.StateMachines[machine].TestCases.FromDebugSession;
  expect(Object.keys(testCase).sort()).toEqual(['PublishConfirmation', 'SaveOrder', 'ValidateOrder']);
  expect(config.MockedResponses[testCase.ValidateOrder]['0'].Return).toMatchObject({ Payload: { orderId: 'o-42', validated: true } });

  // Open the saved mocks (dropped on the app, as from the downloads folder) and run again: green, nothing generated.
  await dropFile(page, download.suggestedFilename(), saved);
  await expect(page.getByRole('combobox', { name: 'Test case' })).toHaveValue('FromDebugSession');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(executionStatus).toHaveText('SUCCEEDED');
  await expect(page.getByRole('region', { name: /^Execution / })).toContainText('"messageId"');
  await expect(page.getByRole('group', { name: 'Generated responses' })).toHaveCount(0);
  await expect(graph.getByRole('button', { name: 'State PublishConfirmation, succeeded' })).toBeVisible();
  await shots(page, '05-run-again-from-the-saved-mocks');
});
