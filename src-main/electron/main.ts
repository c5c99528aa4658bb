/**
 * Electron main process: the only place that imports 'electron'. Opens one window with the
 * security defaults of Electron's checklist (context isolation, sandbox, no Node integration,
 * a strict Content-Security-Policy, navigation and new windows denied) on the built renderer,
 * and serves the typed service API to it over IPC (ipc.ts). Executions are kept in the same
 * execution store as the CLI's, in the app's userData folder (or STEPSCOPE_DB).
 *
 * better-sqlite3 under Electron: its .node binary must be built for Electron's ABI, not Node's
 * (`npx @electron/rebuild -f -w better-sqlite3`, or a prebuilt Electron binary). The store
 * loads the binary named by STEPSCOPE_SQLITE_BINDING, else native/better_sqlite3-electron-<abi>.node
 * in the app folder when present, else better-sqlite3's own (which only loads when it was built
 * for this Electron). The writer thread (out/main/storeWriter.js, built by electron-vite from
 * src-main/node/cli/entries/storeWriter.ts) gets the same binary.
 */
import { app, BrowserWindow, dialog, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createService, type StepscopeService } from '../node/service';
import { openStore, type ExecutionStore } from '../node/store';
import { registerIpc } from './ipc';

/** The page the window loads; only frames showing it may call the service. */
const RENDERER_FILE_URL = pathToFileURL(join(__dirname, '../renderer/index.html')).href;

/** True for the app's own page (the built file, or the dev server in development). */
function isTrustedUrl(url: string): boolean {
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl && url.startsWith(devUrl)) return true;
  return url.split(/[?#]/)[0] === RENDERER_FILE_URL;
}

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Stepscope',
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  // Nothing navigates away from the app, and no page opens windows; links go to the user's browser.
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(join(__dirname, '../renderer/index.html'));
  return win;
}

/** The better-sqlite3 binary built for this Electron, when one is provided (see the top of this file). */
function sqliteNativeBinding(): string | undefined {
  const fromEnv = process.env.STEPSCOPE_SQLITE_BINDING;
  if (fromEnv) return fromEnv;
  const bundled = join(app.getAppPath(), 'native', `better_sqlite3-electron-${process.versions.modules}.node`);
  return existsSync(bundled) ? bundled : undefined;
}

/** Opens the execution store; on failure says why and how to fix it, and answers undefined. */
function openAppStore(): ExecutionStore | undefined {
  const path = process.env.STEPSCOPE_DB || join(app.getPath('userData'), 'stepscope.db');
  const nativeBinding = sqliteNativeBinding();
  const writer = join(__dirname, 'storeWriter.js');
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

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  void app.whenReady().then(() => {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
    });
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    const store = openAppStore();
    if (!store) {
      app.quit();
      return;
    }
    const service = createService({ examplesDir: join(app.getAppPath(), 'resources', 'examples'), store });
    const unregister = registerIpc(service, isTrustedUrl);
    closeOnQuit(service, store, unregister);
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
 * Before the app quits, executions still running (a task token nobody answered) are recorded as
 * INTERRUPTED and the store's writer commits what it has; then the app exits.
 */
function closeOnQuit(service: StepscopeService, store: ExecutionStore, unregister: () => void): void {
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    unregister();
    void service
      .close()
      .then(() => store.close())
      .catch(() => undefined)
      .finally(() => app.exit(0));
  });
}
