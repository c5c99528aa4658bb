#!/usr/bin/env node
// Type-checks each layer with its own tsconfig (see ../shared/STYLE.md: who may import whom):
//   tsconfig.common.json   src-main/common: ES2023 only, no Node or DOM types (runs anywhere)
//   tsconfig.json          Node code and tests
//   tsconfig.web.json      the renderer (DOM, JSX)
//   tsconfig.electron.json Electron main and preload (needs the `electron` package's types)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const projects = ['tsconfig.common.json', 'tsconfig.json', 'tsconfig.web.json'];
if (existsSync(join(root, 'node_modules', 'electron', 'electron.d.ts'))) projects.push('tsconfig.electron.json');
else {
  console.log(
    'typecheck: skipped src-main/electron and src-preload: the optional `electron` package is not installed ' +
      '(its binary download failed). Install with ELECTRON_SKIP_BINARY_DOWNLOAD=1 to keep its types.',
  );
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
