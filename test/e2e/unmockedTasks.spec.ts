import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editorText } from './editor';
import { expect, test } from './fixtures';
import { ROOT } from './paths';

/** Issue #12: a workflow with no mocks in the debugger — answer each unmocked Task, save the answers as mocks, re-run green from them. */

const DEFINITION = readFileSync(join(ROOT, 'test/fixtures/cli/unmocked.json'), 'utf8');

test('Debug an unmocked workflow: answer at the stops, save the answers as mocks, re-run green', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByLabel('Open definition file').setInputFiles({ name: 'scoring.json', mimeType: 'application/json', buffer: Buffer.from(DEFINITION) });
  await expect(page.getByRole('heading', { name: 'scoring.json', level: 2 })).toBeVisible();
  await page.getByRole('textbox', { name: 'Execution input' }).fill('{"score": 7}');
  await page.getByRole('button', { name: 'Debug', exact: true }).click();
  const status = page.getByRole('status', { name: 'Debugger status' });
  await expect(status).toHaveText('Stopped before Score');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();

  // The Task has no mock: the debugger shows the request and a response generated from Lambda's model.
  await expect(status).toHaveText('Stopped at Score (no mock)');
  const unmocked = page.getByRole('group', { name: 'Unmocked Task' });
  await expect(unmocked.getByLabel('Task request')).toContainText('"FunctionName": "score"');
  const response = unmocked.getByRole('textbox', { name: 'Task response' });
  await expect.poll(() => editorText(response)).toMatch(/"ExecutedVersion": "\$LATEST"/);
  await response.fill(JSON.stringify({ StatusCode: 200, Payload: { score: 42 } }));
  await shot(page, '60-debug-unmocked-task');
  await unmocked.getByRole('button', { name: 'Answer and continue' }).click();

  await expect(status).toHaveText('Stopped at Notify (no mock)');
  // Continue takes the generated response as it is.
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');
  // The run says which Task invocations the generated responses answered (not Score, which the user answered).
  await expect(page.getByRole('group', { name: 'Generated responses' })).toContainText('1 Task invocation answered by generated responses (no mock)');

  // Save the answers as a MockConfigFile, then run the workflow from it with the CLI: green, nothing generated.
  const link = page.getByRole('link', { name: 'Save answers as mocks' });
  await expect(link).toHaveAttribute('download', /\.mocks\.json$/);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const dir = mkdtempSync(join(tmpdir(), 'stepscope-e2e-mocks-'));
  try {
    const mocksPath = join(dir, 'saved.mocks.json');
    await download.saveAs(mocksPath);
    const saved = JSON.parse(readFileSync(mocksPath, 'utf8')) as { MockedResponses: Record<string, unknown> };
    expect(saved.MockedResponses.ScoreAnswer).toEqual({ '0': { Return: { StatusCode: 200, Payload: { score: 42 } } } });
    const definitionPath = join(dir, 'scoring.json');
    writeFileSync(definitionPath, DEFINITION);
    const rerun = spawnSync(process.execPath, [join(ROOT, 'dist/cli.mjs'), 'run', definitionPath, '--mock-config', mocksPath, '--input-json', '{"score":7}', '--field-validation', 'STRICT', '--no-store'], { encoding: 'utf8' });
    expect(rerun.status).toBe(0);
    expect(JSON.parse(rerun.stdout)).toEqual({ score: 42 });
    expect(rerun.stderr).not.toContain('Generated responses');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
