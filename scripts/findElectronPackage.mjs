// Whether the optional `electron` package is installed, shared by the scripts that build, type-check
// and test the desktop layer. npm drops the package when its binary cannot be downloaded during
// install; with ELECTRON_SKIP_BINARY_DOWNLOAD=1 the package (and its types) stay without the binary.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/**
 * The installed `electron` package: its folder, and whether its binary is there too; or the reason
 * it cannot be used, in words for a one-line message.
 * @returns {{ dir: string, hasBinary: boolean } | { reason: string }}
 */
export function findElectronPackage() {
  let manifest;
  try {
    manifest = require.resolve('electron/package.json');
  } catch {
    return { reason: 'the optional `electron` package is not installed (npm leaves it out when its binary cannot be downloaded)' };
  }
  const dir = dirname(manifest);
  return { dir, hasBinary: existsSync(join(dir, 'path.txt')) };
}
