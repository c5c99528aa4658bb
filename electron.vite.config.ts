import { isAbsolute, resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import { rendererViteConfig } from './scripts/rendererViteConfig.mjs';

// electron-vite's defaults assume src/main, src/preload and src/renderer: every entry is named here.
const common = resolve(__dirname, 'src-main/common');

// Where the build goes: ./out, or STEPSCOPE_ELECTRON_OUT (the build test writes to a temporary
// folder so that ./out, which the e2e screenshots also use, is left alone). main.ts finds the
// preload and the renderer relative to itself (../preload, ../renderer), so the three folders
// must stay siblings.
const outEnv = process.env.STEPSCOPE_ELECTRON_OUT;
const outRoot = outEnv ? (isAbsolute(outEnv) ? outEnv : resolve(__dirname, outEnv)) : resolve(__dirname, 'out');

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    resolve: { alias: { '@common': common } },
    build: {
      outDir: resolve(outRoot, 'main'),
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/electron/main.ts'),
          // The execution store's writer thread (out/main/storeWriter.js); main.ts passes its path to openStore.
          storeWriter: resolve(__dirname, 'src-main/node/cli/entries/storeWriter.ts'),
          // The synchronous JSONata worker for breakpoint conditions (out/main/syncJsonataWorker.js); main.ts passes its path to the service.
          syncJsonataWorker: resolve(__dirname, 'src-main/node/cli/entries/syncJsonataWorker.ts'),
          // The thread each execution runs on (out/main/runWorker.js); main.ts passes its path to the service.
          runWorker: resolve(__dirname, 'src-main/node/cli/entries/runWorker.ts'),
        },
      },
    },
  },
  preload: {
    // No externalizeDepsPlugin here: a sandboxed preload can `require` only 'electron' and a few
    // built-ins, so every other module is bundled, and imports that the bundle does not use
    // (the contract module pulls in the validators' dependencies, e.g. jsonata) are dropped
    // rather than kept as bare `require`s. test/integration/electron/build.test.ts checks it.
    build: {
      outDir: resolve(outRoot, 'preload'),
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        external: ['electron'],
        treeshake: { moduleSideEffects: false },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  // The renderer's options live in scripts/rendererViteConfig.mjs, shared with `npm run build:ui`.
  renderer: rendererViteConfig(resolve(outRoot, 'renderer')),
});
