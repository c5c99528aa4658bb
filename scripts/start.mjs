#!/usr/bin/env node
// `npm start`: builds the app and opens the Electron window. Where Electron's binary is missing
// (machines that cannot download it at install time), it says so in one line and says what to use.
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

const electron = findElectron();
if (!electron.path) {
  console.log(`Stepscope: the desktop window cannot start: ${electron.reason}.`);
  console.log('The browser-served UI is not built yet (issue #5); the engine and the command line work: npx stepscope --help');
  const cli = join(root, 'dist', 'cli.mjs');
  if (!existsSync(cli)) console.log('(The command line is not built: run `npm run build:cli`.)');
  process.exit(0);
}

const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('Stepscope: the build failed (see above).');
  process.exit(1);
}
const version = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
console.log(`Stepscope: starting Electron ${version}`);
const child = spawn(electron.path, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
