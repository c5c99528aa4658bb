import { _electron as electron } from '@playwright/test';
import { findElectronPackage } from '../../scripts/findElectronPackage.mjs';
import { expect, test } from './fixtures';
import { ROOT } from './paths';

/** Why the desktop window cannot be tested here, or undefined when it can. */
function electronMissing(): string | undefined {
  const found = findElectronPackage();
  if (!('dir' in found)) return found.reason;
  if (!found.hasBinary) return "Electron's binary was not downloaded (npm could not fetch it on this machine)";
  return undefined;
}

test('the desktop window opens on the examples gallery and calls the service over IPC', async () => {
  const reason = electronMissing();
  if (reason !== undefined) console.log(`e2e: the electron project is skipped: ${reason}`);
  test.skip(reason !== undefined, `Electron e2e skipped: ${reason}`);
  const app = await electron.launch({ args: [ROOT, '--no-sandbox'], cwd: ROOT });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('button', { name: 'Open Order pipeline' })).toBeVisible();
    // The preload exposes the contract and nothing else.
    expect(await window.evaluate(() => Object.keys((window as unknown as { stepscope: object }).stepscope).sort())).toEqual(['call', 'shell', 'subscribe']);
  } finally {
    await app.close();
  }
});
