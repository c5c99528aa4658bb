#!/usr/bin/env node
// Type-checks each layer with its own tsconfig (STYLE.md: who may import whom):
//   tsconfig.common.json   src-main/common: ES2023 only, no Node or DOM types (runs anywhere)
//   tsconfig.json          Node code and tests
//   tsconfig.web.json      the renderer (DOM, JSX)
//   tsconfig.electron.json Electron main, preload and the tests that import them (needs the
//                          `electron` package's types; skipped with one line when it is not installed)
// `--electron` checks only the Electron layer and fails when the package is missing (CI's check
// that the desktop path cannot rot: scripts/test-electron.mjs).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronPackage } from './findElectronPackage.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const electronOnly = process.argv.includes('--electron');
const electron = findElectronPackage();
const projects = electronOnly ? [] : ['tsconfig.common.json', 'tsconfig.json', 'tsconfig.web.json'];
if ('dir' in electron) projects.push('tsconfig.electron.json');
else if (electronOnly) {
  console.error(`typecheck: cannot check the Electron layer: ${electron.reason}. Install it with ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm install.`);
  process.exit(1);
} else {
  console.log(`typecheck: skipped the Electron layer (src-main/electron, src-preload), because ${electron.reason}.`);
}
let failed = false;
for (const project of projects) {
  const r = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`typecheck: ${project} has errors`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
