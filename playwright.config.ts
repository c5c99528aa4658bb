import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests (test/e2e). The `browser-host` project drives Debian's Chromium
 * (/usr/bin/chromium; `apt-get install -y chromium`) against `stepscope serve`; the `electron`
 * project drives the desktop window and is skipped, with its reason, where Electron's binary is
 * missing. Global setup builds the renderer and the CLI; screenshots of every main screen are
 * written to out/e2e-screenshots (the path is printed).
 */
const CHROMIUM = process.env.STEPSCOPE_CHROMIUM ?? '/usr/bin/chromium';

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
          executablePath: CHROMIUM,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
        },
      },
    },
    { name: 'electron', testMatch: '**/electron.spec.ts' },
  ],
});
