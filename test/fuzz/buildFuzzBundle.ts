import { build } from 'esbuild';
import { join } from 'node:path';

/**
 * Bundles the fuzz worker with esbuild, the repository's existing bundler, so the
 * campaign can run its cases in a worker thread that it may kill: plain Node cannot load the
 * TypeScript sources, and a run that blocks the thread can only be stopped from outside it.
 */

/** Where the bundles go (git-ignored). */
export function fuzzBundleDir(repoRoot: string): string {
  return join(repoRoot, 'dist', 'fuzz');
}

/**
 * Builds `worker.mjs` in `outdir` (default `dist/fuzz`; the test suite uses its own folder, so a
 * campaign in progress keeps its file). Promises: resolves to its path once it is written;
 * rejects with esbuild's errors.
 */
export async function buildFuzzBundle(repoRoot: string, outdir = fuzzBundleDir(repoRoot)): Promise<string> {
  await build({
    entryPoints: [{ in: join(repoRoot, 'test/fuzz/worker.ts'), out: 'worker' }],
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    // Bundled CommonJS dependencies may call require(): give the ESM bundle one (as scripts/build-cli.mjs does).
    banner: {
      js: "import { createRequire as __stepscopeCreateRequire } from 'node:module'; const require = __stepscopeCreateRequire(import.meta.url);",
    },
  });
  return join(outdir, 'worker.mjs');
}
