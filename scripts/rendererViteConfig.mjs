// The renderer's Vite configuration, in one place: electron.vite.config.ts uses it for the desktop
// build, and scripts/build-ui.mjs for the browser UI alone (which needs no `electron` package).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';

/** The project folder. */
export const projectRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

/**
 * The Vite options that build src-renderer/index.html (React, the `@common` alias for
 * src-main/common) into `outDir`.
 * @param {string} outDir where the built files go (the desktop app and `stepscope serve` use out/renderer)
 */
export function rendererViteConfig(outDir) {
  return {
    root: resolve(projectRoot, 'src-renderer'),
    plugins: [react()],
    resolve: { alias: { '@common': resolve(projectRoot, 'src-main/common') } },
    build: {
      outDir,
      emptyOutDir: true,
      rollupOptions: { input: { index: resolve(projectRoot, 'src-renderer/index.html') } },
    },
  };
}
