/**
 * Electron main under a FAKE Electron API, not Electron itself (its binary is not installed here;
 * test/e2e/electron.spec.ts is the real end-to-end test and says why it is skipped). The BUILT
 * main bundle (electron-vite build, see electronBuild.ts) is loaded in a plain Node process
 * (bootHarness.mjs) in which `import 'electron'` gives fakeElectron.mjs; the harness plays the OS,
 * the user and the renderer, and reports what main did. The store is the real one
 * (better-sqlite3's Node build), in a temporary userData folder.
 *
 * What this cannot show: that Electron honours these settings (sandbox, context isolation, the
 * CSP header, the permission and window-open answers, the cancelled navigation events), that it
 * emits 'web-contents-created' for every web contents as the fake does, that the page renders and
 * reaches the preload's bridge, real menus and accelerators, and better-sqlite3 built for
 * Electron's ABI.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/electron/security';
import { BUILD_TIMEOUT_MS, ELECTRON_SKIP_REASON, ensureElectronBuild, ROOT, type ElectronBuild } from './electronBuild';

const skip = ELECTRON_SKIP_REASON !== undefined;
if (skip) console.log(`electron boot tests skipped: ${ELECTRON_SKIP_REASON}`);

/** The longest a harness run may take before it counts as hung (it takes well under a second). */
const HARNESS_TIMEOUT_MS = 30_000;

interface HarnessRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  /** The JSON report written by bootHarness.mjs (untyped: the tests read it field by field). */
  report: any;
}

let build: ElectronBuild;
const scratch: string[] = [];

beforeAll(async () => {
  if (skip) return;
  build = await ensureElectronBuild();
}, BUILD_TIMEOUT_MS + 10_000);

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** Runs bootHarness.mjs on the build; resolves when the process has ended by itself (or was killed as hung). */
function runHarness(scenario: 'main' | 'lockDenied' | 'devServer', env: Record<string, string>, cwd: string): Promise<HarnessRun> {
  const reportPath = join(cwd, `report-${scenario}.json`);
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  // Main reads these; a developer's own settings must not leak into the test (a scenario may set them).
  for (const name of ['STEPSCOPE_DB', 'STEPSCOPE_SQLITE_BINDING', 'ELECTRON_RENDERER_URL', 'NODE_OPTIONS', 'FAKE_ELECTRON_PACKAGED']) delete childEnv[name];
  Object.assign(childEnv, env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'bootHarness.mjs'), build.outDir, reportPath, scenario], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), HARNESS_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let report: unknown;
      try {
        report = JSON.parse(readFileSync(reportPath, 'utf8'));
      } catch {
        report = undefined;
      }
      resolve({ code, signal, output, report });
    });
  });
}

function expectCleanExit(run: HarnessRun): void {
  // Killed by the timer = something (the store, its writer thread, a timer) kept the process alive.
  expect(run.signal, `harness output:\n${run.output}`).toBeNull();
  expect(run.code, `harness output:\n${run.output}`).toBe(0);
  expect(run.report).toBeDefined();
}

describe.skipIf(skip)('Electron main under a fake Electron API (not Electron itself): a full session', () => {
  let run: HarnessRun;
  let userData: string;
  let files: string;

  beforeAll(async () => {
    const work = mkdtempSync(join(tmpdir(), 'stepscope-boot-'));
    scratch.push(work);
    userData = join(work, 'userData');
    files = join(work, 'files');
    mkdirSync(userData);
    mkdirSync(files);
    const example = join(ROOT, 'resources', 'examples', 'order-pipeline');
    copyFileSync(join(example, 'definition.json'), join(files, 'flow.asl.json'));
    copyFileSync(join(example, 'definition.json'), join(files, 'second.json'));
    copyFileSync(join(example, 'mocks.json'), join(files, 'from-finder.json'));
    copyFileSync(join(example, 'definition.json'), join(files, 'picked.yaml'));
    const started = Date.now();
    run = await runHarness(
      'main',
      {
        FAKE_ELECTRON_USER_DATA: userData,
        FAKE_ELECTRON_APP_PATH: ROOT,
        FAKE_ELECTRON_OPEN_DIALOG_FILE: join(files, 'picked.yaml'),
        // Relative, as typed in a shell: main resolves it against its working directory.
        BOOT_ARGV_FILE: 'flow.asl.json',
        BOOT_SECOND_FILE: 'second.json',
        BOOT_FINDER_FILE: join(files, 'from-finder.json'),
      },
      files,
    );
    console.log(`boot harness (main scenario): ${Date.now() - started} ms`);
  }, BUILD_TIMEOUT_MS + HARNESS_TIMEOUT_MS);

  it('boots, runs the session and ends by itself once main has quit (no store, worker or timer left open)', () => {
    expectCleanExit(run);
  });

  it('asks for the single-instance lock and waits for app readiness before opening anything', () => {
    const { afterLoad } = run.report;
    expect(afterLoad.lockRequests).toBe(1);
    expect(afterLoad.quitCalls).toBe(0);
    expect(afterLoad.windows).toBe(0);
    expect(afterLoad.handlers).toEqual([]);
    expect(afterLoad.listeners).toMatchObject({ 'second-instance': 1, 'open-file': 1, 'window-all-closed': 1 });
  });

  it('enables the sandbox for every renderer once, before the app is ready (issue #18 item 10)', () => {
    expect(run.report.afterLoad.enableSandboxCalls).toEqual([{ beforeReady: true }]);
    expect(run.report.enableSandboxCalls).toEqual([{ beforeReady: true }]);
  });

  it('opens one hidden window with context isolation, sandbox, no Node integration and the built preload', () => {
    const { windows, errorBoxes } = run.report.afterReady;
    expect(errorBoxes).toEqual([]);
    expect(windows).toHaveLength(1);
    const [win] = windows;
    expect(win.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(win.webPreferences.preload).toBe(join(build.outDir, 'preload', 'index.cjs'));
    expect(win.preloadExists).toBe(true);
    expect(win.options.show).toBe(false);
    expect(run.report.shownBeforeReadyToShow).toBe(false);
    expect(run.report.shownAfterReadyToShow).toBe(true);
  });

  it('loads the built renderer page from disk (not a dev server URL)', () => {
    const [win] = run.report.afterReady.windows;
    expect(win.loads).toEqual([{ kind: 'file', target: join(build.outDir, 'renderer', 'index.html'), exists: true }]);
  });

  it('adds the Content-Security-Policy header to every response and keeps the other headers', () => {
    expect(run.report.csp).toHaveLength(1);
    const headers = run.report.csp[0].responseHeaders;
    expect(headers['X-Kept']).toEqual(['yes']);
    const [csp] = headers['Content-Security-Policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    // The policy defined once, in security.ts.
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
  });

  it('sends a CSP header whose directives the renderer page also carries in its <meta>, plus frame-ancestors', () => {
    const [csp] = run.report.csp[0].responseHeaders['Content-Security-Policy'];
    expect(csp).toContain("form-action 'none'");
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(readFileSync(join(build.outDir, 'renderer', 'index.html'), 'utf8'))?.[1];
    expect(meta).toBe(csp.replace("; frame-ancestors 'none'", ''));
  });

  it('denies every permission request, every permission check and every device permission', () => {
    expect(run.report.permissions).toEqual({ media: [false], geolocation: [false], notifications: [false], 'clipboard-read': [false] });
    expect(run.report.permissionChecks).toEqual({ media: [false], geolocation: [false], notifications: [false], 'clipboard-read': [false], hid: [false], serial: [false], usb: [false] });
    expect(run.report.devicePermissions).toEqual({ hid: [false], serial: [false], usb: [false] });
  });

  it('guards the window and every later web contents (web-contents-created): navigation, redirects and <webview> refused, window.open denied, only documentation links go to the browser', () => {
    expect(run.report.afterLoad.listeners['web-contents-created']).toBe(1);
    const once = { 'will-navigate': 1, 'will-frame-navigate': 1, 'will-redirect': 1, 'will-attach-webview': 1 };
    const prevented = { 'will-navigate': true, 'will-frame-navigate': true, 'will-redirect': true, 'will-attach-webview': true };
    const docs = ['https://docs.aws.amazon.com/step-functions/latest/dg/welcome.html', 'https://states-language.net/spec.html'];
    for (const guard of [run.report.windowGuard, run.report.otherContentsGuard]) {
      expect(guard.listeners).toEqual(once);
      expect(guard.prevented).toEqual(prevented);
      expect(guard.windowOpen).toEqual(Array(7).fill({ action: 'deny' }));
      // https://evil.example/, a look-alike host, http, file: and javascript: go nowhere.
      expect(guard.openedExternally).toEqual(docs);
    }
    expect(run.report.openedExternally).toEqual([...docs, ...docs]);
  });

  it('registers one IPC call handler and answers examples.list from the app page with the gallery', () => {
    expect(run.report.afterReady.handlers).toEqual(['stepscope:call']);
    expect(run.report.afterReady.ipcOnChannels).toEqual([]);
    expect(run.report.examplesFromApp.ok).toBe(true);
    expect(run.report.examplesFromApp.names).toContain('order-pipeline');
  });

  it('refuses the same call from a foreign frame: another site, another local file, about:blank, a dev-server-looking origin, no frame', () => {
    for (const { frame, result } of run.report.examplesFromForeignFrames) {
      expect(result, String(frame)).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Refused: the call did not come from the Stepscope window' } });
    }
    expect(run.report.examplesFromForeignFrames).toHaveLength(7);
  });

  it('answers a method outside the contract and an invalid input with errors as data', () => {
    expect(run.report.unknownMethod).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(run.report.invalidInput).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('serves the Step Functions API from the setting: off at first launch, on (loopback) once the page turns it on, kept in userData; a foreign frame cannot change it', () => {
    expect(run.report.sfnApiAtLaunch).toEqual({ ok: true, value: { configurable: true, enabled: false, port: null, url: null, error: null } });
    expect(run.report.sfnApiOn).toMatchObject({ ok: true, value: { configurable: true, enabled: true, error: null, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) } });
    expect(run.report.sfnApiAnswer).toEqual({ status: 200, body: { stateMachines: [] } });
    expect(run.report.sfnApiFromForeignFrame).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(JSON.parse(run.report.sfnApiSettingFile)).toEqual({ enabled: true });
  });

  it('delivers the file named on the command line only after the page calls app.ready, and not for a foreign frame', () => {
    expect(run.report.pushesBeforeAppReady).toEqual([]);
    expect(run.report.appReadyFromForeignFrame).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(run.report.pushesAfterForeignAppReady).toEqual([]);
    expect(run.report.appReadyFromApp).toEqual({ ok: true, value: null });
    const definition = readFileSync(join(files, 'flow.asl.json'), 'utf8');
    expect(run.report.pushesAfterAppReady).toEqual([{ type: 'app.openRequested', kind: 'definition', name: 'flow.asl.json', textLength: definition.length }]);
  });

  it('brings the window forward for a second instance and opens its file at once', () => {
    const { secondInstance } = run.report;
    expect(secondInstance.restored).toBe(true);
    expect(secondInstance.focusCalls).toBe(1);
    expect(secondInstance.pushes.map((p: { name: string }) => p.name)).toEqual(['flow.asl.json', 'second.json']);
  });

  it('keeps a Finder file asked for during a reload until the new page calls app.ready', () => {
    expect(run.report.finderDuringReload.prevented).toBe(true);
    expect(run.report.finderDuringReload.pushes).toHaveLength(2);
    expect(run.report.finderAfterReload.pushes.at(-1)).toMatchObject({ type: 'app.openRequested', kind: 'mocks', name: 'from-finder.json' });
  });

  it('builds the File, Edit, View, Window and Help menus with their accelerators, and lists opened files under Open Recent', () => {
    const menu = run.report.menu as { label?: string; role?: string; submenu: { label?: string; role?: string; accelerator?: string; submenu?: { label: string }[] }[] }[];
    // Not macOS here, so no app menu; Help is the `help` role (Electron labels it "Help").
    expect(menu.map((m) => m.label ?? m.role)).toEqual(['File', 'Edit', 'View', 'Window', 'help']);
    const file = menu[0].submenu;
    const accelerators = Object.fromEntries(file.filter((i) => i.accelerator).map((i) => [i.label, i.accelerator]));
    expect(accelerators).toEqual({ 'Open…': 'CmdOrCtrl+O', 'Import History…': 'CmdOrCtrl+Shift+O', 'Close Window': 'CmdOrCtrl+W' });
    expect(file.some((i) => i.role === 'quit')).toBe(true);
    const recent = file.find((i) => i.label === 'Open Recent')?.submenu?.map((i) => i.label);
    // Sorted: the store orders by opening time in ms, then by path, and these open within a few ms.
    expect(recent?.sort()).toEqual(['flow.asl.json (definition)', 'from-finder.json (mocks)', 'second.json (definition)']);
    expect(menu[1].submenu.map((i) => i.role).filter(Boolean)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll']);
    expect(menu[2].submenu.map((i) => i.role)).toContain('togglefullscreen');
    expect(menu[3].submenu.map((i) => i.role)).toEqual(['minimize', 'close']);
    expect(menu[4].submenu.map((i) => i.label)).toEqual(['Stepscope README']);
  });

  it('opens the file chosen in File → Open…', () => {
    expect(run.report.menuOpen.dialogs).toEqual([{ title: 'Open', properties: ['openFile'] }]);
    expect(run.report.menuOpen.pushes.at(-1)).toMatchObject({ type: 'app.openRequested', kind: 'definition', name: 'picked.yaml' });
    expect(run.report.errorBoxes).toEqual([]);
  });

  it('opens the store in userData, and on quit (last window closed) saves the window state, removes the IPC handler, closes the store and exits 0', () => {
    expect(run.report.afterReady.storeFileExists).toBe(true);
    const { quit } = run.report;
    expect(quit.quitCalls).toBe(1);
    expect(quit.exitCodes).toEqual([0]);
    expect(quit.removedHandlers).toEqual(['stepscope:call']);
    expect(quit.handlersLeft).toEqual([]);
    expect(quit.windowState).toEqual({ x: 40, y: 30, width: 1111, height: 777, maximized: false });
    expect(quit.storeFileExists).toBe(true);
    // SQLite removes the WAL file when the last connection closes.
    expect(quit.walLeft).toBe(false);
  });
});

describe.skipIf(skip)('Electron main under a fake Electron API (not Electron itself): ELECTRON_RENDERER_URL', () => {
  /** Runs the devServer scenario with ELECTRON_RENDERER_URL set, packaged or not. */
  async function runDevServer(packaged: boolean): Promise<HarnessRun> {
    const dir = mkdtempSync(join(tmpdir(), 'stepscope-boot-dev-'));
    scratch.push(dir);
    const userData = join(dir, 'userData');
    mkdirSync(userData);
    const run = await runHarness(
      'devServer',
      { FAKE_ELECTRON_USER_DATA: userData, FAKE_ELECTRON_APP_PATH: ROOT, ELECTRON_RENDERER_URL: 'http://localhost:5173', FAKE_ELECTRON_PACKAGED: packaged ? '1' : '0' },
      dir,
    );
    expectCleanExit(run);
    expect(run.report.errorBoxes).toEqual([]);
    expect(run.report.exitCodes).toEqual([0]);
    expect(run.report.enableSandboxCalls).toEqual([{ beforeReady: true }]);
    return run;
  }

  it('unpackaged: loads the dev server and answers only frames of its exact origin (issue #18 item 10: prefix match let http://localhost:5173.evil in)', async () => {
    const run = await runDevServer(false);
    expect(run.report.isPackaged).toBe(false);
    expect(run.report.loads).toEqual([{ kind: 'url', target: 'http://localhost:5173' }]);
    const answered = Object.fromEntries(run.report.calls.map((c: { frame: string; ok: boolean; code?: string }) => [c.frame, c.ok ? 'ok' : c.code]));
    expect(answered).toEqual({
      'http://localhost:5173/': 'ok',
      'http://localhost:5173/index.html?x=1#top': 'ok',
      'http://localhost:5173.evil/': 'FORBIDDEN',
      'http://localhost:51730/': 'FORBIDDEN',
      'http://localhost:5173@evil.example/': 'FORBIDDEN',
      'https://localhost:5173/': 'FORBIDDEN',
      [pathToFileURL(join(build.outDir, 'renderer', 'index.html')).href]: 'FORBIDDEN',
    });
    expect(run.report.viewMenuRoles).toContain('toggleDevTools');
  });

  it('packaged: ignores ELECTRON_RENDERER_URL, loads the built page, refuses the dev origin and shows no developer menu items', async () => {
    const run = await runDevServer(true);
    expect(run.report.isPackaged).toBe(true);
    expect(run.report.loads).toEqual([{ kind: 'file', target: join(build.outDir, 'renderer', 'index.html') }]);
    const answered = Object.fromEntries(run.report.calls.map((c: { frame: string; ok: boolean; code?: string }) => [c.frame, c.ok ? 'ok' : c.code]));
    expect(answered['http://localhost:5173/']).toBe('FORBIDDEN');
    expect(answered['http://localhost:5173.evil/']).toBe('FORBIDDEN');
    expect(answered[pathToFileURL(join(build.outDir, 'renderer', 'index.html')).href]).toBe('ok');
    expect(run.report.viewMenuRoles).not.toContain('toggleDevTools');
  });
});

describe.skipIf(skip)('Electron main under a fake Electron API (not Electron itself): a second instance', () => {
  it('quits at once when another instance holds the lock: no window, no IPC, no store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepscope-boot-lock-'));
    scratch.push(dir);
    const userData = join(dir, 'userData');
    mkdirSync(userData);
    const run = await runHarness('lockDenied', { FAKE_ELECTRON_USER_DATA: userData, FAKE_ELECTRON_APP_PATH: ROOT, FAKE_ELECTRON_LOCK: 'denied' }, dir);
    expectCleanExit(run);
    expect(run.report.afterLoad).toMatchObject({ lockRequests: 1, quitCalls: 1, exitCodes: [0] });
    expect(run.report.afterLoad.listeners).toMatchObject({ 'second-instance': 0, 'open-file': 0 });
    expect(run.report.afterReady).toEqual({ windows: 0, handlers: [], menusBuilt: 0, storeFileExists: false });
  });
});
