import { defineConfig } from '@playwright/test';
import { findChromium } from './scripts/findChromium.mjs';

/**
 * End-to-end tests (test/e2e). The `browser-host` project drives a Chromium against
 * `stepscope serve`: STEPSCOPE_CHROMIUM when set, else Playwright's own when installed, else the
 * system's Chromium or Chrome (scripts/findChromium.mjs; nothing is downloaded). When there is
 * none, global setup fails with one line saying how to get one. The `electron` project drives the
 * desktop window and is skipped, with its reason, where Electron's binary is missing. Global setup
 * builds the browser UI and the CLI; screenshots of every main screen are written to
 * out/e2e-screenshots (the path is printed).
 */
const browser = findChromium();
const executablePath = 'executablePath' in browser ? browser.executablePath : undefined;

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/e2e/globalSetup.ts',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: { trace: 'off', screenshot: 'only-on-failure', viewport: { width: 1360, height: 860 } },
  projects: [
    {
      name: 'browser-host',
      testIgnore: '**/electron.spec.ts',
      use: {
        browserName: 'chromium',
        launchOptions: {
          ...(executablePath !== undefined ? { executablePath } : {}),
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
        },
      },
    },
    { name: 'electron', testMatch: '**/electron.spec.ts' },
  ],
});
