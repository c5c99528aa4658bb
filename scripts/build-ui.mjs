#!/usr/bin/env node
// `npm run build:ui`: builds the renderer alone into out/renderer, for the browser UI
// (`stepscope serve`, `npm start` without Electron, the browser tests). Unlike `npm run build`
// (electron-vite, which also builds Electron's main process and preload), it does not need the
// optional `electron` package. Prints one line; Vite's own output only when the build fails.
// `--if-stale` builds only when a source file (src-renderer, src-main/common, this config, the
// lockfile) is newer than the last build, as the browser tests' setup uses it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { projectRoot, rendererViteConfig } from './rendererViteConfig.mjs';

const outDir = join(projectRoot, 'out', 'renderer');

/** The newest modification time (ms) of the files the renderer is built from. */
function newestSource() {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const rel of ['src-renderer', 'src-main/common', 'scripts/rendererViteConfig.mjs', 'package-lock.json']) {
    const path = join(projectRoot, rel);
    if (existsSync(path)) visit(path);
  }
  return newest;
}

if (process.argv.includes('--if-stale')) {
  const built = join(outDir, 'index.html');
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource()) {
    console.log('build:ui: the user interface in out/renderer is up to date');
    process.exit(0);
  }
}
const started = Date.now();
try {
  await build({ ...rendererViteConfig(outDir), configFile: false, logLevel: 'error', mode: 'production' });
} catch (error) {
  console.error(`build:ui: the user interface did not build: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
console.log(`build:ui: built the user interface into out/renderer (${((Date.now() - started) / 1000).toFixed(1)} s)`);
