/**
 * Boots the BUILT Electron main bundle in plain Node under a fake Electron API (fakeElectron.mjs),
 * NOT Electron itself, and plays the OS, the user and the renderer against it; writes what happened
 * to a JSON report for boot.test.ts to check. The process is meant to end by itself once main has
 * quit: a store, worker thread or timer left open keeps it alive, and the test fails on that.
 *
 * Usage: node bootHarness.mjs <build out dir> <report.json> <scenario: main | lockDenied | devServer>
 * with the FAKE_ELECTRON_* variables of fakeElectron.mjs set, and, for `main`, BOOT_ARGV_FILE (a
 * file named on the command line, relative to the working directory), BOOT_SECOND_FILE and
 * BOOT_FINDER_FILE (files asked for later by a second instance and by the Finder). `devServer`
 * runs with ELECTRON_RENDERER_URL set (packaged or not: FAKE_ELECTRON_PACKAGED) and reports which
 * page was loaded and which frames the IPC handler answers.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [outDir, reportPath, scenario] = process.argv.slice(2);
const fakeUrl = new URL('./fakeElectron.mjs', import.meta.url).href;
register('./electronHook.mjs', import.meta.url, { data: { fakeUrl } });
const fake = await import(fakeUrl);
const rec = globalThis.__fakeElectron;
const { app, BrowserWindow, createWebContents, fakeEvent } = fake;

const mainBundle = join(outDir, 'main', 'index.js');
const userData = process.env.FAKE_ELECTRON_USER_DATA;
const report = { scenario };

/** Lets promise callbacks and I/O callbacks run. */
async function settle(rounds = 5) {
  for (let i = 0; i < rounds; i += 1) await new Promise((r) => setImmediate(r));
}

/** Like `process.argv` in `electron .` followed by the given arguments. */
function electronArgv(...args) {
  return [process.execPath, process.env.FAKE_ELECTRON_APP_PATH, ...args];
}

function appListeners() {
  return Object.fromEntries(['second-instance', 'open-file', 'window-all-closed', 'will-quit', 'activate', 'web-contents-created'].map((e) => [e, app.listenerCount(e)]));
}

/** What a page may try to open with window.open: documentation links, and everything else. */
const WINDOW_OPEN_URLS = [
  'https://docs.aws.amazon.com/step-functions/latest/dg/welcome.html',
  'https://states-language.net/spec.html',
  'https://evil.example/',
  'https://docs.aws.amazon.com.evil.example/',
  'http://docs.aws.amazon.com/',
  'file:///etc/passwd',
  'javascript:alert(1)',
];

/** The web contents events main must cancel: navigation, redirects and <webview> attachment. */
const GUARDED_EVENTS = ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview'];

/**
 * Plays a hostile page in one web contents: tries each guarded event and each window.open, and
 * reports the listeners main attached, what was prevented, the handler's answers and which URLs
 * went to the user's browser.
 */
function guardOf(contents) {
  const listeners = Object.fromEntries(GUARDED_EVENTS.map((name) => [name, contents.listenerCount(name)]));
  const prevented = Object.fromEntries(
    GUARDED_EVENTS.map((name) => {
      const event = fakeEvent();
      contents.emit(name, event, 'https://evil.example/');
      return [name, event.defaultPrevented];
    }),
  );
  const before = rec.openedExternally.length;
  const windowOpen = WINDOW_OPEN_URLS.map((url) =>
    contents.windowOpenHandler ? contents.windowOpenHandler({ url, frameName: '', features: '', disposition: 'new-window' }) : 'no handler',
  );
  return { listeners, prevented, windowOpen, openedExternally: rec.openedExternally.slice(before) };
}

/** Closes every window (the app quits, as on Windows and Linux) and waits for app.exit. */
async function closeAndWaitForExit() {
  for (const win of BrowserWindow.getAllWindows()) win.close();
  await withTimeout(rec.exited, 15_000, 'app.exit after will-quit');
  await settle();
}

/** The contract pushes a window received, without the file texts. */
function pushesTo(win) {
  return win.webContents.sent
    .filter((s) => s.channel === 'stepscope:push')
    .map((s) => s.args[0])
    .map((push) => (push.type === 'app.openRequested' ? { type: push.type, kind: push.payload.kind, name: push.payload.name, textLength: push.payload.text.length } : { type: push.type }));
}

/** Calls main's IPC handler as a frame showing `frameUrl` (null: no frame) would. */
async function call(win, method, input, frameUrl) {
  const handler = rec.handlers.get('stepscope:call');
  if (!handler) return { noHandler: true };
  const event = { sender: win.webContents, senderFrame: frameUrl === null ? null : { url: frameUrl } };
  return handler(event, method, input);
}

/** The application menu, with the parts a user sees. */
function menuSummary(menu) {
  const item = (i) => ({
    ...(i.label !== undefined ? { label: i.label } : {}),
    ...(i.role !== undefined ? { role: i.role } : {}),
    ...(i.type !== undefined ? { type: i.type } : {}),
    ...(i.accelerator !== undefined ? { accelerator: i.accelerator } : {}),
    ...(i.enabled !== undefined ? { enabled: i.enabled } : {}),
    ...(Array.isArray(i.submenu) ? { submenu: i.submenu.map(item) } : {}),
  });
  return menu ? menu.template.map(item) : undefined;
}

function findItem(menu, topLabel, label) {
  return menu.template.find((t) => t.label === topLabel)?.submenu.find((i) => i.label === label);
}

async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

if (scenario === 'lockDenied') {
  process.argv = electronArgv();
  await import(pathToFileURL(mainBundle).href);
  report.afterLoad = { lockRequests: rec.lockRequests, quitCalls: rec.quitCalls, exitCodes: [...rec.exitCodes], listeners: appListeners() };
  rec.makeReady();
  await settle();
  report.afterReady = {
    windows: BrowserWindow.getAllWindows().length,
    handlers: [...rec.handlers.keys()],
    menusBuilt: rec.menusBuilt.length,
    storeFileExists: existsSync(join(userData, 'stepscope.db')),
  };
} else if (scenario === 'main') {
  process.argv = electronArgv('--some-switch', process.env.BOOT_ARGV_FILE);
  await import(pathToFileURL(mainBundle).href);
  report.afterLoad = {
    lockRequests: rec.lockRequests,
    quitCalls: rec.quitCalls,
    listeners: appListeners(),
    windows: BrowserWindow.getAllWindows().length,
    handlers: [...rec.handlers.keys()],
    enableSandboxCalls: [...rec.enableSandboxCalls],
  };

  rec.makeReady();
  await settle();
  const windows = BrowserWindow.getAllWindows();
  const [win] = windows;
  report.afterReady = {
    windows: windows.map((w) => ({
      options: { ...w.options, webPreferences: undefined },
      webPreferences: w.options.webPreferences,
      preloadExists: existsSync(w.options.webPreferences?.preload ?? ''),
      loads: w.loads.map((l) => ({ ...l, exists: l.kind === 'file' ? existsSync(l.target) : undefined })),
      url: w.webContents.getURL(),
    })),
    handlers: [...rec.handlers.keys()],
    ipcOnChannels: rec.ipcOnChannels,
    storeFileExists: existsSync(join(userData, 'stepscope.db')),
    errorBoxes: rec.errorBoxes,
    listeners: appListeners(),
  };
  const appUrl = win.webContents.getURL();

  report.enableSandboxCalls = [...rec.enableSandboxCalls];

  // Session: every response gets the CSP header; every permission request and check is refused.
  report.csp = rec.headersListeners.map((listener) => {
    let answer;
    listener({ url: appUrl, responseHeaders: { 'X-Kept': ['yes'] } }, (response) => (answer = response));
    return answer;
  });
  report.permissions = Object.fromEntries(
    ['media', 'geolocation', 'notifications', 'clipboard-read'].map((permission) => {
      const answers = rec.permissionHandlers.map((handler) => {
        let granted;
        handler(win.webContents, permission, (value) => (granted = value), { requestingUrl: appUrl });
        return granted;
      });
      return [permission, answers];
    }),
  );

  report.permissionChecks = Object.fromEntries(
    ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'serial', 'usb'].map((permission) => [
      permission,
      rec.permissionCheckHandlers.map((handler) => handler(win.webContents, permission, new URL(appUrl).origin, { requestingUrl: appUrl, isMainFrame: true })),
    ]),
  );
  report.devicePermissions = Object.fromEntries(
    ['hid', 'serial', 'usb'].map((deviceType) => [deviceType, rec.devicePermissionHandlers.map((handler) => handler({ deviceType, origin: new URL(appUrl).origin, device: {} }))]),
  );

  // Every web contents is guarded: the window's, and another one created later (devtools, a guest).
  report.windowGuard = guardOf(win.webContents);
  report.otherContentsGuard = guardOf(createWebContents());
  await settle();
  report.openedExternally = [...rec.openedExternally];
  report.shownBeforeReadyToShow = win.shown;
  win.emit('ready-to-show');
  report.shownAfterReadyToShow = win.shown;

  // IPC: the file from the command line waits for the page's `app.ready`.
  report.pushesBeforeAppReady = pushesTo(win);
  const examples = await call(win, 'examples.list', {}, appUrl);
  report.examplesFromApp = examples.ok ? { ok: true, count: examples.value.length, names: examples.value.map((e) => e.name ?? e.id) } : examples;
  // The dev server's origin, and a host that starts like it, are foreign when the built page is loaded.
  const foreignFrames = ['https://evil.example/', pathToFileURL(join(outDir, 'renderer', 'other.html')).href, 'file:///etc/passwd', 'about:blank', 'http://localhost:5173/', 'http://localhost:5173.evil/', null];
  report.examplesFromForeignFrames = [];
  for (const frame of foreignFrames) report.examplesFromForeignFrames.push({ frame, result: await call(win, 'examples.list', {}, frame) });
  report.unknownMethod = await call(win, 'process.exit', {}, appUrl);
  report.invalidInput = await call(win, 'examples.list', 'not an object', appUrl);
  report.appReadyFromForeignFrame = await call(win, 'app.ready', {}, 'https://evil.example/');
  report.pushesAfterForeignAppReady = pushesTo(win);
  report.appReadyFromApp = await call(win, 'app.ready', {}, appUrl);
  await settle();
  report.pushesAfterAppReady = pushesTo(win);

  // The Step Functions API setting: off at first launch; the page turns it on and the endpoint
  // answers on loopback; it is left on, so the clean exit below shows that quitting stops it.
  report.sfnApiAtLaunch = await call(win, 'endpoint.status', {}, appUrl);
  report.sfnApiOn = await call(win, 'endpoint.configure', { enabled: true }, appUrl);
  if (report.sfnApiOn.ok && report.sfnApiOn.value.url) {
    const answer = await fetch(report.sfnApiOn.value.url, {
      method: 'POST',
      headers: { 'X-Amz-Target': 'AWSStepFunctions.ListStateMachines', 'Content-Type': 'application/x-amz-json-1.0' },
      body: '{}',
    });
    report.sfnApiAnswer = { status: answer.status, body: await answer.json() };
  }
  report.sfnApiFromForeignFrame = await call(win, 'endpoint.configure', { enabled: false }, 'https://evil.example/');
  report.sfnApiSettingFile = existsSync(join(userData, 'sfn-api.json')) ? readFileSync(join(userData, 'sfn-api.json'), 'utf8') : null;

  // A second instance asks for a file: the window comes forward and the file goes at once.
  win.minimized = true;
  app.emit('second-instance', fakeEvent(), electronArgv(process.env.BOOT_SECOND_FILE), process.cwd());
  await settle();
  report.secondInstance = { restored: !win.minimized, focusCalls: win.focusCalls, pushes: pushesTo(win) };

  // A reload: files wait again until the new page calls `app.ready`.
  win.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false, url: appUrl });
  const openFile = fakeEvent();
  app.emit('open-file', openFile, process.env.BOOT_FINDER_FILE);
  await settle();
  report.finderDuringReload = { prevented: openFile.defaultPrevented, pushes: pushesTo(win) };
  await call(win, 'app.ready', {}, appUrl);
  await settle();
  report.finderAfterReload = { pushes: pushesTo(win) };

  // The menu, rebuilt with the recent files; File → Open… asks for a file and opens it.
  report.menu = menuSummary(rec.applicationMenu);
  report.menusBuilt = rec.menusBuilt.length;
  const open = findItem(rec.applicationMenu, 'File', 'Open…');
  open.click();
  await settle(10);
  report.menuOpen = { dialogs: rec.openDialogs.map((o) => ({ title: o.title, properties: o.properties })), pushes: pushesTo(win) };
  report.errorBoxes = rec.errorBoxes;

  // Closing the last window quits (not macOS): the window state is saved and the store closed.
  win.bounds = { x: 40, y: 30, width: 1111, height: 777 };
  await closeAndWaitForExit();
  const statePath = join(userData, 'window-state.json');
  report.quit = {
    quitCalls: rec.quitCalls,
    exitCodes: rec.exitCodes,
    removedHandlers: rec.removedHandlers,
    handlersLeft: [...rec.handlers.keys()],
    windowState: existsSync(statePath) ? JSON.parse(readFileSync(statePath, 'utf8')) : undefined,
    storeFileExists: existsSync(join(userData, 'stepscope.db')),
    walLeft: existsSync(join(userData, 'stepscope.db-wal')),
  };
} else if (scenario === 'devServer') {
  // Packaged, Electron's argv has no app path: the first argument would be a file to open.
  process.argv = app.isPackaged ? [process.execPath] : electronArgv();
  await import(pathToFileURL(mainBundle).href);
  rec.makeReady();
  await settle();
  const [win] = BrowserWindow.getAllWindows();
  report.isPackaged = app.isPackaged;
  report.enableSandboxCalls = [...rec.enableSandboxCalls];
  report.loads = win.loads.map((l) => ({ kind: l.kind, target: l.target }));
  report.calls = [];
  const frames = [
    'http://localhost:5173/',
    'http://localhost:5173/index.html?x=1#top',
    'http://localhost:5173.evil/',
    'http://localhost:51730/',
    'http://localhost:5173@evil.example/',
    'https://localhost:5173/',
    pathToFileURL(join(outDir, 'renderer', 'index.html')).href,
  ];
  for (const frame of frames) {
    const result = await call(win, 'examples.list', {}, frame);
    report.calls.push({ frame, ok: result.ok, ...(result.ok ? {} : { code: result.error.code }) });
  }
  report.viewMenuRoles = rec.applicationMenu.template.find((t) => t.label === 'View').submenu.map((i) => i.role).filter(Boolean);
  report.errorBoxes = rec.errorBoxes;
  await closeAndWaitForExit();
  report.exitCodes = rec.exitCodes;
} else {
  throw new Error(`unknown scenario ${scenario}`);
}

writeFileSync(reportPath, JSON.stringify(report, null, 2));
