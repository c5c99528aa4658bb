import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ROOT, SCREENSHOTS } from './paths';

/**
 * Issue #14: stepping through a Map iteration by iteration, with the Call stack. A 3-iteration
 * Map (one iteration at a time): Step into at the Map stops in iteration #0, Step over goes
 * through it and on to iteration #1, Step out finishes that one and stops in iteration #2; the
 * Call stack names the iteration and a click on a frame selects its state in the graph. Finishing
 * gives the same history as a plain run of the same definition.
 */

const DEFINITION = readFileSync(join(ROOT, 'test/fixtures/mapstep/three-iterations.asl.json'));
const debuggerStatus = (page: Page) => page.getByRole('status', { name: 'Debugger status' });
const executionStatus = (page: Page) => page.getByRole('status', { name: 'Execution status' });

/** The events of every execution, newest first, as the service stores them (read with the page's own session). */
async function histories(page: Page): Promise<{ name: string; events: { type: string; id: number; previousEventId: number; details: string }[] }[]> {
  return page.evaluate(async () => {
    const call = async (method: string, input: unknown) => {
      const response = await fetch(`/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input), credentials: 'same-origin' });
      const body = (await response.json()) as { ok: boolean; value: unknown };
      return body.value;
    };
    const list = (await call('executions.list', { limit: 10 })) as { executionId: string; name: string; startDate: string }[];
    const out = [];
    for (const e of list) {
      const page = (await call('executions.events', { executionId: e.executionId, limit: 5000 })) as { events: Record<string, unknown>[] };
      out.push({
        name: e.name,
        // Timestamps follow each run's start time and the ARNs its name: the rest must be the same.
        events: page.events.map(({ timestamp: _t, ...rest }) => ({
          type: String(rest.type),
          id: Number(rest.id),
          previousEventId: Number(rest.previousEventId),
          details: JSON.stringify(rest).split(e.name).join('<name>'),
        })),
      });
    }
    return out;
  });
}

test('steps into a 3-iteration Map, over through iteration #0, out of #1 to #2; the Call stack names the iteration; the same history as a plain run', async ({ page, host }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(host.url);
    await page.getByLabel('Open definition file').setInputFiles({ name: 'three-iterations.json', mimeType: 'application/json', buffer: DEFINITION });
    await expect(page.getByRole('heading', { name: 'three-iterations.json', level: 2 })).toBeVisible();
    // No breakpoint: Debug stops before the first state; F10 goes to the Map.
    await page.getByRole('button', { name: 'Debug', exact: true }).click();
    await expect(debuggerStatus(page)).toHaveText('Stopped before Seed');
    await page.keyboard.press('F10');
    await expect(debuggerStatus(page)).toHaveText('Stopped before PriceItems');

    // F11 at the Map: the first state of its first iteration.
    await page.keyboard.press('F11');
    await expect(debuggerStatus(page)).toHaveText('Stopped before Price (iteration #0 of 3)');
    const stack = page.getByRole('navigation', { name: 'Call stack' });
    await expect(stack).toContainText('Map "PriceItems" · iteration #0 of 3');
    // F10 stays in the iteration, and at its last state goes on to the next iteration.
    await page.keyboard.press('F10');
    await expect(debuggerStatus(page)).toHaveText('Stopped before Label (iteration #0 of 3)');
    await page.keyboard.press('F10');
    await expect(debuggerStatus(page)).toHaveText('Stopped before Price (iteration #1 of 3)');
    // Shift+F11 finishes iteration #1 and stops in iteration #2.
    await page.keyboard.press('Shift+F11');
    await expect(debuggerStatus(page)).toHaveText('Stopped before Price (iteration #2 of 3)');
    await expect(stack).toContainText('Map "PriceItems" · iteration #2 of 3');
    await expect(stack.getByRole('button', { name: 'Price · stopped before' })).toHaveAttribute('aria-current', 'step');
    // Iteration #0's frame selects its Label visit in the graph and the data flow.
    await stack.getByRole('button', { name: 'Map "PriceItems" · iteration #0 of 3' }).click();
    await expect(page.getByRole('region', { name: 'Graph' }).getByRole('button', { name: /^State Label,/, pressed: true })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Inspector' })).toContainText('KETTLE at 5');
    await page.screenshot({ path: join(SCREENSHOTS, `mapstep-iteration-2-${theme}.png`) });

    // F5 finishes the run; a plain run of the same definition records the same history.
    await page.keyboard.press('F5');
    await expect(executionStatus(page)).toHaveText('SUCCEEDED');
    await expect(debuggerStatus(page)).toHaveText('Finished (SUCCEEDED)');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(async () => {
      const [plain, debugged] = await histories(page);
      expect(plain.events.length).toBeGreaterThan(20);
      expect(plain.events.at(-1)?.type).toBe('ExecutionSucceeded');
      expect(debugged.events).toEqual(plain.events);
    }).toPass();
    await page.screenshot({ path: join(SCREENSHOTS, `mapstep-finished-${theme}.png`) });
  }
});
