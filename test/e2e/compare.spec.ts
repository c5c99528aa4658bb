import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { ROOT } from './paths';

/**
 * Comparing two executions (issue #6): two runs of the order pipeline with different test cases
 * agree until ChargeCard's first failure, whose error and cause differ; a local run of the
 * Parallel fan-out next to a run whose branches interleave differently (as AWS may run them) is
 * the same work, and the first real divergence is found inside a branch.
 */

interface Event {
  id: number;
  previousEventId: number;
  type: string;
  [key: string]: unknown;
}

/** Runs a test case of the parallel-fan-out example with the CLI and returns its history events. */
function runFanOut(testCase: string): Event[] {
  const file = join(mkdtempSync(join(tmpdir(), 'stepscope-e2e-')), 'history.json');
  const example = 'resources/examples/parallel-fan-out';
  try {
    execFileSync(process.execPath, [join(ROOT, 'dist/cli.mjs'), 'run', `${example}/definition.json`, '--input', `${example}/input.json`, '--mock-config', `${example}/mocks.json`, '--test-case', testCase, '--no-store', '--history', file], { cwd: ROOT, stdio: 'ignore' });
  } catch {
    // A failed execution exits with 1; the history is written all the same.
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Event[];
}

/**
 * The same run with its Parallel branches in reverse order (the last branch's events first), each
 * branch's own order kept, ids renumbered and `previousEventId` links remapped: a history AWS
 * could have recorded for the same work.
 */
function branchesReversed(events: Event[]): Event[] {
  const start = events.findIndex((e) => e.type === 'ParallelStateStarted');
  const end = events.findIndex((e) => e.type === 'ParallelStateSucceeded' || e.type === 'ParallelStateFailed');
  const byId = new Map(events.map((e) => [e.id, e]));
  const branchOf = (e: Event): number => (e.previousEventId === events[start].id ? e.id : branchOf(byId.get(e.previousEventId)!));
  const block = events.slice(start + 1, end);
  const branches = [...new Set(block.map(branchOf))].reverse();
  const order = [...events.slice(0, start + 1), ...branches.flatMap((b) => block.filter((e) => branchOf(e) === b)), ...events.slice(end)];
  const newId = new Map(order.map((e, i) => [e.id, i + 1]));
  return order.map((e, i) => ({ ...e, id: i + 1, previousEventId: e.previousEventId === 0 ? 0 : newId.get(e.previousEventId)! }));
}

test('compares two runs of order-pipeline side by side: they diverge at ChargeCard', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Order pipeline' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');
  await page.getByRole('combobox', { name: 'Test case' }).selectOption('CardDeclined');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('FAILED');

  await page.getByRole('button', { name: 'Start', exact: true }).click();
  const list = page.getByRole('region', { name: 'Executions' });
  const compare = list.getByRole('button', { name: 'Compare', exact: true });
  await expect(compare).toBeDisabled();
  await list.getByRole('checkbox', { name: /^Select execution HappyPath-/ }).check();
  await expect(compare).toBeDisabled();
  await list.getByRole('checkbox', { name: /^Select execution CardDeclined-/ }).check();
  await compare.click();

  const view = page.getByRole('region', { name: 'Compare executions' });
  await expect(view.getByRole('status', { name: 'Comparison result' })).toHaveText(
    '11 events alike, then they diverge. At event 12 (LambdaFunctionFailed in ChargeCard), the payloads differ: cause, error.',
  );
  // The older run (HappyPath) on the left; the divergent event highlighted on both sides.
  const left = view.getByRole('region', { name: /^Left: HappyPath-/ });
  const right = view.getByRole('region', { name: /^Right: CardDeclined-/ });
  for (const side of [left, right]) {
    const diverged = side.locator('tr[aria-current=true]');
    await expect(diverged).toHaveCount(1);
    await expect(diverged).toContainText('12');
    await expect(diverged).toContainText('LambdaFunctionFailed');
    await expect(diverged).toContainText('ChargeCard');
  }
  await expect(right.getByLabel(/^Divergent event of CardDeclined-/)).toContainText('Payments.Declined');
  await expect(left.getByLabel(/^Divergent event of HappyPath-/)).not.toContainText('Payments.Declined');
  await shot(page, 'compare-01-order-pipeline');

  // Each side opens its execution.
  await left.getByRole('button', { name: /^Open execution HappyPath-/ }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');
});

test('compares a run with one whose Parallel branches interleave differently: the same work, then a real divergence in a branch', async ({ page, host, shot }) => {
  const happy = runFanOut('HappyPath');
  const reordered = branchesReversed(happy);
  expect(reordered.map((e) => e.type)).not.toEqual(happy.map((e) => e.type));
  const soldOut = branchesReversed(runFanOut('HotelSoldOut'));

  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open Parallel fan-out' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');
  const file = (name: string, events: Event[]) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ events })) });
  await page.getByLabel('Import history files').setInputFiles(file('aws-reordered.json', reordered));
  // Each import opens its execution: wait for it before the next one.
  await expect(page.locator('body')).toContainText('Execution aws-reordered');
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('SUCCEEDED');
  await page.getByLabel('Import history files').setInputFiles(file('aws-sold-out.json', soldOut));
  await expect(page.locator('body')).toContainText('Execution aws-sold-out');
  await expect(page.getByRole('status', { name: 'Execution status' })).toHaveText('FAILED');

  await page.getByRole('button', { name: 'Start', exact: true }).click();
  const list = page.getByRole('region', { name: 'Executions' });
  await list.getByRole('checkbox', { name: /^Select execution HappyPath-/ }).check();
  await list.getByRole('checkbox', { name: 'Select execution aws-reordered' }).check();
  await list.getByRole('button', { name: 'Compare', exact: true }).click();

  const view = page.getByRole('region', { name: 'Compare executions' });
  await expect(view.getByRole('status', { name: 'Comparison result' })).toHaveText(
    `Same events, different interleaving of parallel branches or Map iterations: ${happy.length} events alike (ids, timestamps and ARNs are not compared).`,
  );
  await expect(view.getByRole('button', { name: 'Go to the first divergence' })).toHaveCount(0);
  // Rows are aligned by branch: BookHotel's entry on both sides, at different positions.
  const left = view.getByRole('region', { name: /^Left: / });
  const right = view.getByRole('region', { name: /^Right: / });
  for (const side of [left, right]) await expect(side.locator('tr[aria-current=true]')).toHaveCount(0);
  const hotelRow = (side: typeof left) => side.getByRole('row').filter({ hasText: 'TaskStateEntered' }).filter({ hasText: 'BookHotel' });
  await expect(hotelRow(left)).toHaveCount(1);
  const rowIndex = async (side: typeof left) => (await side.getByRole('row').allTextContents()).findIndex((t) => t.includes('TaskStateEntered') && t.includes('BookHotel'));
  expect(await rowIndex(left)).toBe(await rowIndex(right));
  expect(await hotelRow(left).getByRole('cell').first().textContent()).not.toBe(await hotelRow(right).getByRole('cell').first().textContent());
  await shot(page, 'compare-02-reordered-branches');

  // The local HappyPath run against the reordered HotelSoldOut run: the divergence is in the hotel branch.
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await list.getByRole('checkbox', { name: 'Select execution aws-reordered' }).uncheck();
  await list.getByRole('checkbox', { name: /^Select execution HappyPath-/ }).check();
  await list.getByRole('checkbox', { name: 'Select execution aws-sold-out' }).check();
  await list.getByRole('button', { name: 'Compare', exact: true }).click();
  // Locally the branches run in definition order: BookHotel's TaskSucceeded is the second one.
  const hotelSucceeded = happy.findIndex((e, i) => e.type === 'TaskSucceeded' && happy.slice(0, i).filter((x) => x.type === 'TaskSucceeded').length === 1);
  const hotelFailed = soldOut.findIndex((e) => e.type === 'TaskFailed');
  await expect(view.getByRole('status', { name: 'Comparison result' })).toHaveText(
    new RegExp(`then they diverge\\. At event ${hotelSucceeded + 1} \\(event ${hotelFailed + 1} on the right\\), the left execution recorded TaskSucceeded in BookTrip › BookHotel and the right one TaskFailed in BookTrip › BookHotel\\.$`),
  );
  for (const side of [left, right]) {
    const diverged = side.locator('tr[aria-current=true]');
    await expect(diverged).toHaveCount(1);
    await expect(diverged).toContainText('BookTrip › BookHotel');
    await expect(diverged).toBeInViewport();
  }
  await expect(right.locator('tr[aria-current=true]')).toContainText(`${hotelFailed + 1}TaskFailed`);
  await expect(right.getByLabel('Divergent event of aws-sold-out')).toContainText('Hotel.SoldOut');
  await view.getByRole('button', { name: 'Go to the first divergence' }).click();
  await expect(left.locator('tr[aria-current=true]')).toBeInViewport();
  await shot(page, 'compare-03-divergence-in-a-branch');
  await page.getByRole('switch', { name: 'Dark theme' }).check();
  await shot(page, 'compare-04-divergence-in-a-branch-dark');
});
