import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test as base, type Page } from '@playwright/test';
import { ROOT, SCREENSHOTS } from './paths';

/** A running `stepscope serve`: the URL it printed (token included). */
export interface ServedHost {
  url: string;
  origin: string;
  /** Its execution store file (for a test that writes to it from another process, as a user's CLI would). */
  db: string;
}

/**
 * Starts `stepscope serve --port 0` as a user would and reads the URL from its first line. Its
 * execution store is a fresh file (STEPSCOPE_DB), never the user's.
 */
async function startServe(db: string): Promise<{ host: ServedHost; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli.mjs'), 'serve', '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STEPSCOPE_DB: db },
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`stepscope serve exited with ${code} before printing its URL`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  return { host: { url, origin: new URL(url).origin, db }, child };
}

/** Tests get a fresh server each, over a fresh execution store, and a screenshot helper. */
export const test = base.extend<{ host: ServedHost; shot: (page: Page, name: string) => Promise<void> }>({
  host: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'stepscope-e2e-'));
    const { host, child } = await startServe(join(dir, 'stepscope.db'));
    await use(host);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  },
  shot: async ({}, use) => {
    await use(async (page, name) => {
      const path = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      console.log(`e2e: screenshot ${path}`);
    });
  },
});

export { expect } from '@playwright/test';
