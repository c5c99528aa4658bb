#!/usr/bin/env node
// `npm run test:electron`: the Electron layer's checks, with the `electron` package required
// (installed with or without its binary): its typecheck, then the tests of main and preload
// (the electron-vite build checked on disk, main booted under a fake Electron API, the menu, the
// IPC bridge). `npm test` runs the same checks when the package is installed and skips them with
// one printed line when it is not; this command fails instead, so CI can prove the desktop path.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, STEPSCOPE_REQUIRE_ELECTRON: '1' };
const steps = [
  [process.execPath, [join(root, 'scripts', 'typecheck.mjs'), '--electron']],
  [process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/integration/electron', 'test/unit/electron', 'test/unit/contract/electronBridge.test.ts']],
];
for (const [command, args] of steps) {
  const r = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
