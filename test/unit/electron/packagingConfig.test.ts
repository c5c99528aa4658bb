/**
 * electron-builder.yml checked as data: packaging itself downloads Electron, which cannot happen on
 * the machines that test this project, so the fuses, the file list and the native module handling
 * are asserted here, and the whole file is run through electron-builder's own schema validation
 * (the check `electron-builder` does first), which catches a misspelt or misplaced option.
 * electron-builder is not a dependency (it needs Node 22.12+ and brings ~190 packages to every
 * install; `npm run package` fetches it): the schema check runs where it is installed, and
 * `npm run test:electron` (CI installs it beside the electron package) requires it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(__dirname, '../../..');

/** The parts of electron-builder's Configuration this test reads. */
interface BuilderConfig {
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  directories: { output: string };
  electronFuses: Record<string, boolean>;
}

/** electron-builder's folder when it is installed. */
function builderManifest(): string | undefined {
  try {
    return createRequire(join(ROOT, 'package.json')).resolve('electron-builder/package.json');
  } catch {
    return undefined;
  }
}
const BUILDER = builderManifest();
if (BUILDER === undefined && process.env.STEPSCOPE_REQUIRE_ELECTRON === '1') {
  throw new Error('npm run test:electron needs electron-builder installed (see .ci/run) for the schema check');
}
if (BUILDER === undefined) console.log("electron-builder schema check skipped: electron-builder is not installed (npm run test:electron requires it)");

const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml (packaging config, checked as data: packaging needs a network)', () => {
  it('flips every security fuse (issue #18 item 10), keeping file:// privileges because the page is a file', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: true,
    });
  });

  it('packs only the build, the examples, the README and native binaries, into app.asar', () => {
    expect(config.files).toEqual(['out/**', 'resources/**', 'README.md', 'native/**']);
    expect(config.asar).toBe(true);
    // The fuse onlyLoadAppFromAsar needs the app in app.asar; what Electron starts is in out/.
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main.startsWith('out/')).toBe(true);
  });

  it('unpacks native modules (better-sqlite3, native/*.node) and the README the OS viewer opens; rebuilds native modules for Electron', () => {
    expect(config.asarUnpack).toEqual(['**/*.node', 'README.md']);
    expect(config.npmRebuild).toBe(true);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['better-sqlite3']).toBeDefined();
  });

  it('writes installers to release/ (dist/ is the CLI build)', () => {
    expect(config.directories.output).toBe('release');
  });

  it.skipIf(BUILDER === undefined)("passes electron-builder's own configuration schema", async () => {
    // app-builder-lib is electron-builder's library; it is resolved from electron-builder's folder.
    const fromBuilder = createRequire(BUILDER!);
    const { validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config') as {
      validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = fromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, electronFuse: { runAsNode: false } }, new DebugLogger(false))).rejects.toThrow(/electronFuse/);
  });
});
