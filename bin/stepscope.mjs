#!/usr/bin/env node
// The `stepscope` command: runs the bundle that `npm run build:cli` writes to dist/cli.mjs.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.mjs');
if (!existsSync(bundle)) {
  console.error('stepscope: the command is not built yet (dist/cli.mjs is missing); run `npm run build:cli` first.');
  process.exit(2);
}
if (process.env.STEPSCOPE_DEBUG === '1') process.setSourceMapsEnabled?.(true);
await import(pathToFileURL(bundle).href);
