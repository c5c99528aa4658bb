/**
 * The desktop app's production build (`npm run build` = `electron-vite build`), run into a scratch
 * folder and checked file by file. This proves the bundles are produced and wired to each other;
 * it does not start Electron (its binary is not installed here): boot.test.ts loads the built main
 * bundle under a fake Electron API, and test/e2e/electron.spec.ts is the real end-to-end test.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from '../../../src-main/electron/security';
import { BUILD_TIMEOUT_MS, ELECTRON_SKIP_REASON, ensureElectronBuild, ROOT, type ElectronBuild } from './electronBuild';

const skip = ELECTRON_SKIP_REASON !== undefined;
if (skip) console.log(`electron build tests skipped: ${ELECTRON_SKIP_REASON}`);

let build: ElectronBuild;
beforeAll(async () => {
  if (skip) return;
  build = await ensureElectronBuild();
  console.log(`electron build: ${build.outDir} (${(build.buildMs / 1000).toFixed(1)} s)`);
}, BUILD_TIMEOUT_MS + 10_000);

/** Every .js/.cjs/.mjs file under `dir`. */
function scripts(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => /\.(c|m)?js$/.test(path) && statSync(path).isFile());
}

/** The modules a built file loads by a bare name (not ./relative): static imports, import(), require(). */
function bareSpecifiers(text: string): Set<string> {
  const found = new Set<string>();
  const patterns = [/^\s*import\s[^;]*?\bfrom\s*"([^"]+)"/gm, /^\s*import\s*"([^"]+)"/gm, /^\s*export\s[^;]*?\bfrom\s*"([^"]+)"/gm, /\brequire\(\s*"([^"]+)"\s*\)/g, /\bimport\(\s*"([^"]+)"\s*\)/g];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) if (!match[1].startsWith('.')) found.add(match[1]);
  }
  return found;
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`). */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; main: string; type?: string };

describe.skipIf(skip)('electron-vite build (bundles checked on disk, Electron itself not started)', () => {
  it('writes the main bundle with the store writer, the preload bundle and the renderer page', () => {
    const out = build.outDir;
    for (const file of ['main/index.js', 'main/storeWriter.js', 'main/syncJsonataWorker.js', 'main/runWorker.js', 'preload/index.cjs', 'renderer/index.html']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    // package.json's "main" (what Electron starts) is the main bundle's place in ./out, and with
    // "type": "module" a .js file is loaded as an ES module: the bundle must be one.
    expect(pkg.main).toBe('out/main/index.js');
    expect(pkg.type).toBe('module');
    expect(readFileSync(join(out, 'main', 'index.js'), 'utf8')).toMatch(/^import \{[^}]*\bapp\b[^}]*\} from "electron";$/m);
  });

  it('links the renderer page to its script and stylesheet by relative paths that exist (it is loaded from file://)', () => {
    const rendererDir = join(build.outDir, 'renderer');
    const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
    // Inline data: URLs (e.g. an empty favicon) need no file; everything else is a file next to the page.
    const refs = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((ref) => !ref.startsWith('data:'));
    expect(refs.some((ref) => ref.endsWith('.js'))).toBe(true);
    expect(refs.some((ref) => ref.endsWith('.css'))).toBe(true);
    for (const ref of refs) {
      expect(ref.startsWith('./'), `${ref} is relative`).toBe(true);
      expect(existsSync(resolve(rendererDir, ref)), `${ref} exists`).toBe(true);
    }
    expect(html).toContain('http-equiv="Content-Security-Policy"');
  });

  it("gives the built page (loaded from file://, which gets no response headers) the header's policy in its <meta>, minus frame-ancestors", () => {
    const html = readFileSync(join(build.outDir, 'renderer', 'index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1];
    expect(meta).toBe(META_CONTENT_SECURITY_POLICY);
    expect(meta).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''));
  });

  it('keeps better-sqlite3 and the other packages external to the main bundle, importing only Electron, Node built-ins and declared dependencies', () => {
    const mainDir = join(build.outDir, 'main');
    const imported = new Set<string>();
    for (const file of scripts(mainDir)) {
      const text = readFileSync(file, 'utf8');
      for (const specifier of bareSpecifiers(text)) imported.add(specifier);
      // better-sqlite3's own loader (its native addon lookup) is not bundled in.
      expect(text, file).not.toContain("require('bindings')('better_sqlite3.node')");
    }
    expect(imported.has('better-sqlite3')).toBe(true);
    expect(imported.has('electron')).toBe(true);
    const builtins = new Set(builtinModules);
    const undeclared = [...imported].filter((s) => s !== 'electron' && !s.startsWith('node:') && !builtins.has(s) && !(packageOf(s) in pkg.dependencies));
    expect(undeclared).toEqual([]);
  });

  it('has main look for the preload, the renderer page and the store writer where the build put them', () => {
    const mainDir = join(build.outDir, 'main');
    const text = readFileSync(join(mainDir, 'index.js'), 'utf8');
    // main.ts joins these to its own folder (import.meta.dirname, see the comment there); the bundler
    // renames `join` to `join$1` when another module's `join` shares the bundle.
    const referenced = new Set([...text.matchAll(/\bjoin(?:\$\d+)?\(\s*[\w$.]+,\s*"((?:\.\.\/(?:preload|renderer)\/|storeWriter|syncJsonataWorker|runWorker)[^"]*)"\)/g)].map((m) => m[1]));
    expect([...referenced].sort()).toEqual(['../preload/index.cjs', '../renderer/index.html', 'runWorker.js', 'storeWriter.js', 'syncJsonataWorker.js']);
    for (const relative of referenced) expect(existsSync(resolve(mainDir, relative)), relative).toBe(true);
  });

  it('gives the preload no require but "electron" (a sandboxed preload cannot load anything else)', () => {
    const text = readFileSync(join(build.outDir, 'preload', 'index.cjs'), 'utf8');
    expect([...bareSpecifiers(text)]).toEqual(['electron']);
    expect([...text.matchAll(/\brequire\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1])).toEqual(['electron']);
  });

  it('runs the preload in a bare context whose require knows only "electron": it exposes { shell, call, subscribe } once, as window.stepscope', async () => {
    const file = join(build.outDir, 'preload', 'index.cjs');
    const exposed: { key: string; api: Record<string, unknown> }[] = [];
    const invoked: unknown[][] = [];
    const listeners: { channel: string; listener: unknown }[] = [];
    const removed: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push({ key, api }) },
      ipcRenderer: {
        invoke: (...args: unknown[]) => {
          invoked.push(args);
          return Promise.resolve({ ok: true, value: [] });
        },
        on: (channel: string, listener: unknown) => listeners.push({ channel, listener }),
        off: (channel: string) => removed.push(channel),
      },
    };
    const required: string[] = [];
    const module = { exports: {} as unknown };
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require "${name}"`);
    };
    runInNewContext(`(function (require, module, exports) {${readFileSync(file, 'utf8')}\n})`, {}, { filename: file })(sandboxRequire, module, module.exports);
    expect(required).toEqual(['electron']);
    expect(exposed.map((e) => e.key)).toEqual(['stepscope']);
    const bridge = exposed[0].api as {
      shell: string;
      call(method: string, input: unknown): Promise<{ ok: boolean; error?: { code: string } }>;
      subscribe(listener: (push: unknown) => void): () => void;
    };
    expect(Object.keys(bridge).sort()).toEqual(['call', 'shell', 'subscribe']);
    expect(bridge.shell).toBe('electron');
    // A contract method goes to main on the call channel; any other name never leaves the page.
    await bridge.call('examples.list', {});
    expect(invoked).toEqual([['stepscope:call', 'examples.list', {}]]);
    const refused = await bridge.call('require', 'child_process');
    expect(refused.ok).toBe(false);
    expect(refused.error?.code).toBe('UNKNOWN_METHOD');
    expect(invoked).toHaveLength(1);
    // subscribe listens on the push channel and hands over the push only (not the IPC event).
    const pushes: unknown[] = [];
    const dispose = bridge.subscribe((push) => pushes.push(push));
    expect(listeners.map((l) => l.channel)).toEqual(['stepscope:push']);
    (listeners[0].listener as (event: unknown, push: unknown) => void)({ sender: 'ipc event' }, { type: 'tasks.changed', payload: {} });
    expect(pushes).toEqual([{ type: 'tasks.changed', payload: {} }]);
    dispose();
    expect(removed).toEqual(['stepscope:push']);
  });
});
