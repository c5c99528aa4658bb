#!/usr/bin/env node
// `npm start`: builds the app and opens the Electron window. Where Electron's binary is missing
// (machines that cannot download it at install time), it says why in one line and serves the same
// UI to the browser instead (`stepscope serve --open`), printing the address.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The Electron executable, or the reason there is none. */
function findElectron() {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkg, 'package.json'))) return { reason: 'the optional `electron` package is not installed (its binary could not be downloaded during npm install)' };
  if (!existsSync(join(pkg, 'path.txt'))) return { reason: "Electron's binary was not downloaded (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or the download failed)" };
  try {
    return { path: require('electron') };
  } catch (err) {
    return { reason: `Electron's binary cannot be found (${err instanceof Error ? err.message : String(err)})` };
  }
}

function buildRenderer() {
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) {
    console.error('Stepscope: the build failed (see above).');
    process.exit(1);
  }
}

const electron = findElectron();
if (!electron.path) {
  // No desktop window here: serve the same UI to the browser instead.
  console.log(`Stepscope: starting the browser UI instead of the desktop window, because ${electron.reason}.`);
  buildRenderer();
  const cli = join(root, 'dist', 'cli.mjs');
  if (!existsSync(cli)) {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) process.exit(1);
  }
  const child = spawn(process.execPath, [cli, 'serve', '--open', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  process.on('SIGINT', () => child.kill('SIGINT'));
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  buildRenderer();
  startElectron(electron.path);
}

function startElectron(electronPath) {
  const version = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  console.log(`Stepscope: starting Electron ${version}`);
  const child = spawn(electronPath, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
