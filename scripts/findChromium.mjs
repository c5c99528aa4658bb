// Finds a Chromium-family browser for the browser tests and the UI bench: STEPSCOPE_CHROMIUM when
// set, else Playwright's own Chromium when it is installed, else a system Chromium or Chrome.
// Never downloads anything.
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** How to get a browser, in one line. */
export const HOW_TO_GET_CHROMIUM =
  'install Chromium or Google Chrome (Debian/Ubuntu: `sudo apt-get install -y chromium`), or Playwright\'s own with `npx playwright install chromium`, or set STEPSCOPE_CHROMIUM to a Chromium/Chrome executable';

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Playwright's own Chromium, when it has been installed (`npx playwright install chromium`). */
function playwrightChromium() {
  try {
    const require = createRequire(join(root, 'package.json'));
    const { chromium } = require('playwright-core');
    const path = chromium.executablePath();
    return path && isFile(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** A Chromium or Chrome of the system: on PATH by its usual names, or at its usual install place. */
function systemChromium() {
  const names = process.platform === 'win32' ? ['chrome.exe', 'msedge.exe'] : ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge'];
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) if (isFile(join(dir, name))) return join(dir, name);
  }
  const places =
    process.platform === 'darwin'
      ? ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium']
      : process.platform === 'win32'
        ? [process.env.PROGRAMFILES, process.env['PROGRAMFILES(X86)'], process.env.LOCALAPPDATA]
            .filter(Boolean)
            .map((base) => join(base, 'Google', 'Chrome', 'Application', 'chrome.exe'))
        : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/snap/bin/chromium'];
  return places.find(isFile);
}

/**
 * The browser to drive: `{ executablePath }` (undefined path = Playwright's own, found by
 * Playwright itself), or `{ missing }`: one line saying what was looked for and how to get one.
 * @returns {{ executablePath: string | undefined, source: string } | { missing: string }}
 */
export function findChromium() {
  const chosen = process.env.STEPSCOPE_CHROMIUM;
  if (chosen) {
    return isFile(chosen) ? { executablePath: chosen, source: 'STEPSCOPE_CHROMIUM' } : { missing: `STEPSCOPE_CHROMIUM is set to ${chosen}, which is not a file: point it at a Chromium/Chrome executable, or unset it` };
  }
  const own = playwrightChromium();
  if (own) return { executablePath: undefined, source: `Playwright's Chromium (${own})` };
  const system = systemChromium();
  if (system) return { executablePath: system, source: system };
  return { missing: `the browser tests need Chromium or Chrome and found none: ${HOW_TO_GET_CHROMIUM}` };
}
