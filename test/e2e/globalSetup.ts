import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SCREENSHOTS } from './paths';

/** Builds what the e2e tests run (renderer, main, preload and the CLI) and empties the screenshot folder. */
export default function globalSetup(): void {
  const chromium = process.env.STEPSCOPE_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    throw new Error(`Chromium is not installed at ${chromium}: install it with \`apt-get install -y chromium\` (or set STEPSCOPE_CHROMIUM)`);
  }
  execFileSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'pipe' });
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, stdio: 'pipe' });
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  console.log(`e2e: screenshots are written to ${SCREENSHOTS}`);
}
