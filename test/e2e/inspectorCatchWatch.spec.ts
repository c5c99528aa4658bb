import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ROOT } from './paths';

/**
 * Issue #14: the data-flow inspector names the Catcher the engine took (one rule: the engine's
 * errorMatching), a watch expression follows the stops while stepping, and an imported history
 * without its definition is labelled with the query language its events show.
 */

const debuggerStatus = (page: Page) => page.getByRole('status', { name: 'Debugger status' });
const executionStatus = (page: Page) => page.getByRole('status', { name: 'Execution status' });

async function openDefinition(page: Page, name: string, definition: unknown): Promise<void> {
  await page.getByLabel('Open definition file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(definition, null, 2)) });
}

/** A Task whose first Catcher is States.TaskFailed, the second States.ALL: AWS's TaskFailed does not match States.* errors. */
const CATCHERS = {
  StartAt: 'CallService',
  States: {
    CallService: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:111111111111:function:service', 'Payload.$': '$' },
      Catch: [
        { ErrorEquals: ['States.TaskFailed'], Next: 'HandleTaskFailure' },
        { ErrorEquals: ['States.ALL'], Next: 'HandleAnythingElse' },
      ],
      End: true,
    },
    HandleTaskFailure: { Type: 'Pass', End: true },
    HandleAnythingElse: { Type: 'Pass', End: true },
  },
};

test('a Task failing with States.Permissions under Catch [States.TaskFailed, States.ALL] goes to the second Catcher, and the inspector says so', async ({ page, host }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(host.url);
  await openDefinition(page, 'catchers.json', CATCHERS);
  await page.getByRole('button', { name: 'Debug', exact: true }).click();
  await expect(debuggerStatus(page)).toHaveText('Stopped before CallService');
  await page.getByText('Next Task response').click();
  await page.getByRole('radio', { name: 'Fails' }).check();
  await page.getByRole('textbox', { name: 'Task error' }).fill('States.Permissions');
  await page.getByRole('textbox', { name: 'Task cause' }).fill('The role may not invoke the function');
  await page.getByRole('button', { name: 'Set next response' }).click();
  await page.keyboard.press('F5');
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');

  // The engine took States.ALL: HandleAnythingElse ran, HandleTaskFailure did not.
  const graph = page.getByRole('region', { name: 'Graph', exact: true });
  await expect(graph.getByRole('button', { name: /^State HandleAnythingElse, succeeded/ })).toBeVisible();
  await expect(graph.getByRole('button', { name: /^State HandleTaskFailure, not run/ })).toBeVisible();

  // The inspector explains the same Catcher.
  await graph.getByRole('button', { name: /^State CallService,/ }).click();
  const inspector = page.getByRole('region', { name: 'Inspector', exact: true });
  await expect(inspector).toContainText('States.Permissions');
  await expect(inspector).toContainText('The Catcher for States.ALL places the error output into the state input, then goes to HandleAnythingElse.');
  await expect(inspector).not.toContainText('HandleTaskFailure');
  await expect(inspector).not.toContainText('States.TaskFailed');
});

/** A counter in a workflow variable, incremented by a loop three times. */
const COUNTER = {
  QueryLanguage: 'JSONata',
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Assign: { count: 0 }, Next: 'Increment' },
    Increment: { Type: 'Pass', Assign: { count: '{% $count + 1 %}' }, Next: 'Check' },
    Check: { Type: 'Choice', Choices: [{ Condition: '{% $count < 3 %}', Next: 'Increment' }], Default: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

test('a watch expression on a variable changes value after each step', async ({ page, host }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(host.url);
  await openDefinition(page, 'counter.json', COUNTER);
  await page.getByRole('button', { name: 'Debug', exact: true }).click();
  await expect(debuggerStatus(page)).toHaveText('Stopped before Init');
  const variables = page.getByRole('region', { name: 'Variables', exact: true });
  await variables.getByRole('textbox', { name: 'Watch expression' }).fill('$count * 10');
  await variables.getByRole('combobox', { name: 'Watch language' }).selectOption('JSONata');
  await variables.getByRole('button', { name: 'Add watch' }).click();
  // Before the first state there is no scope to evaluate it in.
  await expect(variables.getByRole('list', { name: 'Watch expressions' })).toContainText('$count * 10');
  const watch = variables.getByLabel('Watch $count * 10', { exact: true });
  await expect(watch).toHaveCount(0);

  const stepTo = async (state: string) => {
    await page.keyboard.press('F10');
    await expect(debuggerStatus(page)).toHaveText(`Stopped before ${state}`);
  };
  await stepTo('Increment');
  await expect(watch).toHaveText(/^\s*0\s*$/);
  await stepTo('Check');
  await expect(watch).toHaveText(/^\s*10\s*$/);
  await stepTo('Increment');
  await expect(watch).toHaveText(/^\s*10\s*$/);
  await stepTo('Check');
  await expect(watch).toHaveText(/^\s*20\s*$/);
  await page.keyboard.press('F5');
  await expect(executionStatus(page)).toHaveText('SUCCEEDED');
});

test('an imported JSONata history without its definition is labelled JSONata; a JSONPath one does not claim a language', async ({ page, host }) => {
  const history = (file: string) => {
    const recorded = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/conformance/aws-recorded/scenarios', file), 'utf8')) as { expected: { history: unknown[] } };
    // Only what get-execution-history prints: no definition comes with it.
    return { name: 'get-execution-history.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ events: recorded.expected.history })) };
  };
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(host.url);
  await page.getByLabel('Import history files').setInputFiles(history('test_map_state_items_eval_jsonata_fail__null.json'));
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('FAILED');
  const graph = page.getByRole('region', { name: 'Graph', exact: true });
  await graph.getByRole('button', { name: /^State MapIterateState,/ }).click();
  const inspector = page.getByRole('region', { name: 'Inspector', exact: true });
  await expect(inspector.getByText('Map · JSONata')).toBeVisible();

  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByLabel('Import history files').setInputFiles(history('test_map_state.json'));
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');
  await graph.getByRole('button', { name: /^State /, disabled: false }).first().click();
  await expect(inspector.getByText(/· query language unknown$/)).toBeVisible();
});
