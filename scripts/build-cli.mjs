// Bundles the `stepscope` command line with esbuild (npm run build:cli; also run by `prepare`):
//   src-main/node/cli/main.ts          -> dist/cli.mjs
//   src-main/node/cli/entries/<x>.ts   -> dist/<x>.mjs   (extra entry points, one per file)
//   test/bench/bench.ts                -> dist/bench.mjs (when it exists)
// Output: ESM for Node 20, dependencies bundled in, with source maps. better-sqlite3 stays external:
// it is a native module whose .node binary must load from node_modules (the store's writer thread
// is the entry src-main/node/cli/entries/storeWriter.ts -> dist/storeWriter.mjs).
import { build } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** @type {{ in: string, out: string }[]} */
const entries = [{ in: join(root, 'src-main/node/cli/main.ts'), out: 'cli' }];

const extraDir = join(root, 'src-main/node/cli/entries');
if (existsSync(extraDir)) {
  for (const name of readdirSync(extraDir).sort()) {
    if (name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.test.ts')) {
      entries.push({ in: join(extraDir, name), out: name.slice(0, -'.ts'.length) });
    }
  }
}

const bench = join(root, 'test/bench/bench.ts');
if (existsSync(bench)) entries.push({ in: bench, out: 'bench' });

const outNames = new Set();
for (const entry of entries) {
  if (outNames.has(entry.out)) {
    console.error(`build-cli: two entry points would both write dist/${entry.out}.mjs`);
    process.exit(1);
  }
  outNames.add(entry.out);
}

try {
  await build({
    entryPoints: entries,
    outdir: dist,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    // The AWS SDK (stepscope pull) is loaded from node_modules when that verb runs, not bundled:
    // every other verb starts without parsing it.
    external: ['better-sqlite3', '@aws-sdk/*', '@smithy/*'],
    // Bundled CommonJS dependencies may call require(): give the ESM bundle one.
    banner: {
      js: "import { createRequire as __stepscopeCreateRequire } from 'node:module'; const require = __stepscopeCreateRequire(import.meta.url);",
    },
  });
} catch {
  // esbuild has already printed the errors with their locations.
  console.error('build-cli: the build failed');
  process.exit(1);
}

for (const entry of entries) console.log(`built dist/${entry.out}.mjs  (from ${relative(root, entry.in)})`);
