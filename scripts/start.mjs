#!/usr/bin/env node
// `npm start`: builds the app and opens the Electron window. Where Electron cannot start (its
// optional package or its binary is missing: machines that cannot download it at install time),
// it says why in one line, builds only the browser UI (which needs no `electron` package) and
// serves it (`stepscope serve --open`), printing the address.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronPackage } from './findElectronPackage.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/** The Electron executable, or the reason there is none. */
function findElectron() {
  const found = findElectronPackage();
  if (!('dir' in found)) return { reason: found.reason };
  if (!found.hasBinary) return { reason: "Electron's binary was not downloaded (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or the download failed)" };
  try {
    return { path: require('electron'), dir: found.dir };
  } catch (err) {
    return { reason: `Electron's binary cannot be found (${err instanceof Error ? err.message : String(err)})` };
  }
}

/** Runs a build step; on failure its own output (stderr) has said why, and npm start stops. */
function run(script, args = []) {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    console.error('Stepscope: the build failed (see above).');
    process.exit(1);
  }
}

const electron = findElectron();
if (!electron.path) {
  // No desktop window here: serve the same UI to the browser instead.
  console.log(`Stepscope: opening in your browser instead of a desktop window, because ${electron.reason}.`);
  run(join(root, 'scripts', 'build-ui.mjs'));
  const cli = join(root, 'dist', 'cli.mjs');
  if (!existsSync(cli)) run(join(root, 'scripts', 'build-cli.mjs'));
  const child = spawn(process.execPath, [cli, 'serve', '--open', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  run(join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), ['build']);
  const version = JSON.parse(readFileSync(join(electron.dir, 'package.json'), 'utf8')).version;
  console.log(`Stepscope: starting Electron ${version}`);
  const child = spawn(electron.path, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
