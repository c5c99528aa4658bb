import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium } from '../../scripts/findChromium.mjs';
import { findElectronPackage } from '../../scripts/findElectronPackage.mjs';
import { ROOT, SCREENSHOTS } from './paths';

/**
 * Checks that there is a browser to drive, builds what the browser tests run (the browser UI when
 * its sources changed since the last build, and the CLI) and empties the screenshot folder. Where
 * Electron's binary is installed, the whole desktop build (main, preload, renderer) is made
 * instead, for the Electron project.
 */
export default function globalSetup(): void {
  const browser = findChromium();
  if ('missing' in browser) {
    // One line, no stack: Playwright prints an Error thrown here with its stack, so exit instead.
    console.error(`e2e: ${browser.missing}.`);
    process.exit(1);
  }
  console.log(`e2e: browser: ${browser.source}`);
  const electron = findElectronPackage();
  if ('dir' in electron && electron.hasBinary) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'pipe' });
  } else {
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-ui.mjs'), '--if-stale'], { cwd: ROOT, stdio: 'pipe' });
  }
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, stdio: 'pipe' });
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  console.log(`e2e: screenshots are written to ${SCREENSHOTS}`);
}
