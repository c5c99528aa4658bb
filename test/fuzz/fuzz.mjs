#!/usr/bin/env node
// `npm run fuzz -- --runs N --seed S --time-limit-ms T`: bundles test/fuzz/cli.ts with esbuild (the
// repository's bundler; nothing new to install) into dist/fuzz/cli.mjs and runs it. The CLI bundles
// the worker thread itself (test/fuzz/buildFuzzBundle.ts). Options: see test/fuzz/cli.ts.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'dist', 'fuzz', 'cli.mjs');
await build({
  entryPoints: [join(root, 'test/fuzz/cli.ts')],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external: ['esbuild'],
});
const { main } = await import(pathToFileURL(out).href);
process.exitCode = await main(process.argv.slice(2), root);
