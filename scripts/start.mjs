#!/usr/bin/env node
// `npm start`: starts the desktop app when it exists; until then, says plainly what is available.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.mjs');
console.log(
  'Stepscope: the desktop window and the browser UI are not part of this build yet; ' +
    'the engine and the command line are.',
);
if (!existsSync(cli)) {
  console.log('The command line is not built: run `npm run build:cli` first.');
  process.exit(1);
}
console.log('Try: npx stepscope run resources/examples/order-pipeline/definition.json --mock-config resources/examples/order-pipeline/mocks.json --test-case HappyPath');
console.log('     npx stepscope --help');
