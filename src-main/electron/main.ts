/**
 * Electron main process: the only place that imports 'electron'. Opens one window with the
 * security defaults of Electron's checklist on the built renderer, and serves the typed service
 * API to it over IPC (ipc.ts). Executions are kept in the same execution store as the CLI's, in
 * the app's userData folder (or STEPSCOPE_DB).
 *
 * Security (policy in security.ts): the sandbox for every renderer (`app.enableSandbox()` before
 * ready), context isolation and no Node integration; every web contents, not only the window's,
 * has navigation, redirects and <webview> attachment refused and window.open denied, and only
 * documentation links (security.ts EXTERNAL_LINK_HOSTS) go to the user's browser; the session
 * sends the Content-Security-Policy header and refuses every permission request, permission check
 * and device permission; ELECTRON_RENDERER_URL is honoured only in an unpackaged app, and the IPC
 * handler answers only frames of the page's exact origin (the dev server) or exact file.
 * Fuses and packaging: electron-builder.yml.
 *
 * Desktop behaviour: the application menu (menu.ts); File → Open, Open Recent, a file named on the
 * command line (of this or a second instance) or opened from the Finder/Dock go through openFile.ts,
 * which detects the file's kind, records it in the store's recent files and pushes
 * `app.openRequested` to the page. Files asked for before the page has subscribed to pushes (at
 * startup, or during a reload) wait in a gate (rendererGate.ts) until the page calls `app.ready`,
 * then go in order; one instance only; the window's size, position and maximized
 * state are remembered in userData/window-state.json (windowState.ts).
 *
 * The Step Functions API (node/sfnApi, as `stepscope serve` serves it) is served from a setting,
 * off by default, kept in userData/sfn-api.json (sfnApiSetting.ts): on 127.0.0.1 only, with serve's
 * safety defaults; the page turns it on and shows its URL (`endpoint.status`/`configure`). It stops at quit.
 *
 * better-sqlite3 under Electron: its .node binary must be built for Electron's ABI, not Node's
 * (`npx @electron/rebuild -f -w better-sqlite3`, or a prebuilt Electron binary). The store
 * loads the binary named by STEPSCOPE_SQLITE_BINDING, else native/better_sqlite3-electron-<abi>.node
 * in the app folder when present, else better-sqlite3's own (which only loads when it was built
 * for this Electron). The writer thread (out/main/storeWriter.js, built by electron-vite from
 * src-main/node/cli/entries/storeWriter.ts) gets the same binary.
 */
import { app, BrowserWindow, dialog, Menu, screen, session, shell, type Session, type WebContents } from 'electron';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createService, type StepscopeService } from '../node/service';
import { openStore, type ExecutionStore } from '../node/store';
import { registerIpc, sendPush } from './ipc';
import { buildMenuTemplate } from './menu';
import { fileFromArgv, OPEN_FILE_EXTENSIONS, openFileAt } from './openFile';
import { createRendererGate, rearmOnPageChange } from './rendererGate';
import { CONTENT_SECURITY_POLICY, createTrustedUrlCheck, isAllowedExternalUrl, rendererSourceOf } from './security';
import { createSfnApiSetting, SFN_API_SETTING_FILE, type SfnApiSettingControl } from './sfnApiSetting';
import { fitWindowState, loadWindowState, saveWindowState, WINDOW_STATE_FILE, windowStateOf } from './windowState';

/**
 * The folder of the built main bundle (out/main); the preload and the renderer are its siblings.
 * The bundle is an ES module, so `__dirname` only exists through electron-vite's CommonJS shim,
 * which it inserts after what its regex takes for the last `import` statement: with our contract's
 * doc comments that lands inside a comment and main died with "__dirname is not defined in ES
 * module scope" (found by test/integration/electron/boot.test.ts). `import.meta.dirname` needs no shim.
 */
const here = import.meta.dirname;

/**
 * The page the window loads: the built file, or in an unpackaged app the dev server named by
 * ELECTRON_RENDERER_URL (security.ts rendererSourceOf).
 */
const rendererSource = rendererSourceOf({
  fileUrl: pathToFileURL(join(here, '../renderer/index.html')).href,
  devUrl: process.env.ELECTRON_RENDERER_URL,
  isPackaged: app.isPackaged,
});

/** True for the app's own page (its exact file, or the dev server's exact origin): only its frames may call the service. */
const isTrustedUrl = createTrustedUrlCheck(rendererSource);

/**
 * Guards one web contents (the window's, and any other: devtools, a guest page): it never
 * navigates or follows a redirect away from the page it was given, attaches no <webview>, and
 * opens no window; a window.open of a documentation link (security.ts) opens in the user's browser.
 */
function guardWebContents(contents: WebContents): void {
  const refuse = (event: { preventDefault(): void }): void => event.preventDefault();
  contents.on('will-navigate', refuse);
  contents.on('will-frame-navigate', refuse);
  contents.on('will-redirect', refuse);
  contents.on('will-attach-webview', refuse);
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/**
 * Guards the session: every response gets the Content-Security-Policy header (file:// pages get
 * none, hence the same policy in index.html's <meta>), and every permission request, permission
 * check and device permission (HID, serial, USB) is refused.
 */
function guardSession(target: Session): void {
  target.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  target.setDevicePermissionHandler(() => false);
}

/** The window state file in userData (size, position, maximized). */
function windowStatePath(): string {
  return join(app.getPath('userData'), WINDOW_STATE_FILE);
}

/**
 * Opens the main window where it was last closed (fitted on today's displays), and remembers its
 * size, position and maximized state when it closes.
 */
function createWindow(): BrowserWindow {
  const primary = screen.getPrimaryDisplay();
  const workAreas = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
  const state = fitWindowState(loadWindowState(windowStatePath()), workAreas);
  const win = new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: 640,
    minHeight: 420,
    title: 'Stepscope',
    show: false,
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize();
    win.show();
  });
  win.on('close', () => saveWindowState(windowStatePath(), windowStateOf(win.getNormalBounds(), win.isMaximized())));
  // A new page (first load, reload) must call `app.ready` before files are pushed to it again.
  fileGate.reset();
  rearmOnPageChange(win.webContents, fileGate);
  win.on('closed', () => fileGate.reset());
  // Navigation, new windows and links: guardWebContents, attached to every web contents on creation.
  if (rendererSource.kind === 'devServer') void win.loadURL(rendererSource.url);
  else void win.loadFile(join(here, '../renderer/index.html'));
  return win;
}

/** The execution store once open (recent files live there). */
let appStore: ExecutionStore | undefined;

/** Reads a file and pushes it to the page (the page is ready), then refreshes Open Recent. */
function openFileNow(path: string): void {
  const store = appStore;
  if (!store) return; // the page only becomes ready once the store is open
  try {
    openFileAt(path, {
      size: (p) => statSync(p).size,
      readText: (p) => readFileSync(p, 'utf8'),
      touchRecent: (p, kind) => store.touchRecentFile(p, kind),
      push: (push) => sendPush(push, isTrustedUrl),
      showError: (title, message) => dialog.showErrorBox(title, message),
    });
  } catch (error) {
    // The store could not record the recent file: say so, as for a file that cannot be read.
    dialog.showErrorBox('Stepscope cannot open the file', `${path}\n\n${error instanceof Error ? error.message : String(error)}`);
  }
  installMenu();
}

/** Files to open, kept until the page has subscribed to pushes (`app.ready`), then opened in order. */
const fileGate = createRendererGate<string>(openFileNow);

/** Opens a file in the UI: at once when the page is ready, else once it is (a window is opened if none is). */
function openFile(path: string): void {
  fileGate.offer(path);
  if (appStore && BrowserWindow.getAllWindows().length === 0) createWindow();
}

/** File → Open… and File → Import History…: asks for a file, then opens it. */
async function askAndOpen(title: string): Promise<void> {
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const options: Electron.OpenDialogOptions = {
    title,
    properties: ['openFile'],
    filters: [
      { name: 'Definitions, histories, bundles, mock configs', extensions: [...OPEN_FILE_EXTENSIONS] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  if (!result.canceled && result.filePaths[0] !== undefined) openFile(result.filePaths[0]);
}

/** (Re)builds the application menu, with the current recent files. */
function installMenu(): void {
  // Developer items (reload, devtools) only in an unpackaged app: an environment variable cannot add them.
  const isDev = !app.isPackaged;
  let recent: { path: string; kind: string }[] = [];
  try {
    recent = appStore?.listRecentFiles(10) ?? [];
  } catch {
    recent = [];
  }
  const template = buildMenuTemplate({
    platform: process.platform,
    isDev,
    appName: app.name,
    recent,
    actions: {
      open: () => void askAndOpen('Open'),
      importHistory: () => void askAndOpen('Import History'),
      openRecent: (path) => openFile(path),
      openReadme: () => void shell.openPath(outsideAsar(join(app.getAppPath(), 'README.md'))),
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/**
 * The real path of a file that packaging unpacks beside app.asar (electron-builder.yml asarUnpack):
 * another program (the user's README viewer) cannot read a path inside app.asar.
 */
function outsideAsar(path: string): string {
  return path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/** The better-sqlite3 binary built for this Electron, when one is provided (see the top of this file). */
function sqliteNativeBinding(): string | undefined {
  const fromEnv = process.env.STEPSCOPE_SQLITE_BINDING;
  if (fromEnv) return fromEnv;
  // Packaged, native/ is unpacked beside app.asar (a binary cannot be loaded from inside it).
  const bundled = outsideAsar(join(app.getAppPath(), 'native', `better_sqlite3-electron-${process.versions.modules}.node`));
  return existsSync(bundled) ? bundled : undefined;
}

/** Opens the execution store; on failure says why and how to fix it, and answers undefined. */
function openAppStore(): ExecutionStore | undefined {
  const path = process.env.STEPSCOPE_DB || join(app.getPath('userData'), 'stepscope.db');
  const nativeBinding = sqliteNativeBinding();
  const writer = join(here, 'storeWriter.js');
  try {
    return openStore({ path, writerWorker: existsSync(writer) ? writer : false, ...(nativeBinding !== undefined ? { nativeBinding } : {}) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const abi = /NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message)
      ? `\n\nbetter-sqlite3 was built for Node, not for this Electron (ABI ${process.versions.modules}). Rebuild it with ` +
        '`npx @electron/rebuild -f -w better-sqlite3`, or point STEPSCOPE_SQLITE_BINDING at a better_sqlite3.node built for this Electron.'
      : '';
    dialog.showErrorBox('Stepscope cannot open its execution store', `${path}\n\n${message}${abi}`);
    return undefined;
  }
}

// Before ready (Electron requires it): every renderer sandboxed, and every web contents guarded
// from its creation on, whichever window or guest it belongs to.
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => guardWebContents(contents));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const argvFile = fileFromArgv(process.argv, app.isPackaged);
  if (argvFile !== undefined) fileGate.offer(resolve(process.cwd(), argvFile));
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    const file = fileFromArgv(argv, app.isPackaged);
    if (file !== undefined) openFile(resolve(workingDirectory, file));
  });
  // macOS: a file dropped on the Dock icon or opened with the app from Finder.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openFile(path);
  });
  void app.whenReady().then(() => {
    guardSession(session.defaultSession);
    const store = openAppStore();
    if (!store) {
      app.quit();
      return;
    }
    appStore = store;
    const syncJsonataWorker = join(here, 'syncJsonataWorker.js');
    const runWorker = join(here, 'runWorker.js');
    // The endpoint's control needs the service, which answers the page's calls about it: bound once both exist.
    let sfnApi: SfnApiSettingControl | undefined;
    const service = createService({
      examplesDir: join(app.getAppPath(), 'resources', 'examples'),
      store,
      onAppReady: () => fileGate.ready(),
      syncJsonataWorker: existsSync(syncJsonataWorker) ? syncJsonataWorker : false,
      // Each execution on a thread of its own, so a long run never holds the app's main process.
      runWorker: existsSync(runWorker) ? runWorker : false,
      sfnApi: { status: () => sfnApi!.status(), set: (setting) => sfnApi!.set(setting) },
      // Executions another process stores in the same database (a CLI import or run) show up live.
      externalWritesPollMs: 500,
    });
    sfnApi = createSfnApiSetting({ service, store, settingFile: join(app.getPath('userData'), SFN_API_SETTING_FILE) });
    // Served at launch when the setting is on (a port taken is reported to the page, not fatal).
    void sfnApi.start();
    const unregister = registerIpc(service, isTrustedUrl);
    closeOnQuit(service, store, unregister, sfnApi);
    installMenu();
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

/**
 * Before the app quits, the Step Functions API stops serving, executions still running (a task token nobody answered) are recorded as
 * INTERRUPTED and the store's writer commits what it has; then the app exits.
 */
function closeOnQuit(service: StepscopeService, store: ExecutionStore, unregister: () => void, sfnApi: SfnApiSettingControl): void {
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    unregister();
    void sfnApi
      .close()
      .catch(() => undefined)
      .then(() => service.close())
      .then(() => store.close())
      .catch(() => undefined)
      .finally(() => app.exit(0));
  });
}
