import type { UserConfig } from 'vite';

/** The project folder. */
export declare const projectRoot: string;
/** The Vite options that build src-renderer/index.html into `outDir` (see rendererViteConfig.mjs). */
export declare function rendererViteConfig(outDir: string): UserConfig;
