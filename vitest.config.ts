import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The renderer's alias for src-main/common (as in electron.vite.config.ts and tsconfig.web.json),
  // so unit tests can import renderer files that use it.
  resolve: { alias: { '@common': resolve(__dirname, 'src-main/common') } },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/conformance/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/fuzz/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
