/**
 * A fake of the parts of Electron's main-process API that src-main/electron uses, for boot.test.ts:
 * NOT Electron. bootHarness.mjs makes `import ... from 'electron'` in the built main bundle load this
 * module instead. Every object records what main did with it in `globalThis.__fakeElectron`, so the
 * harness can play the renderer, the OS and the user and report what happened.
 *
 * Settings come from the environment: FAKE_ELECTRON_USER_DATA (app.getPath('userData')),
 * FAKE_ELECTRON_APP_PATH (app.getAppPath()), FAKE_ELECTRON_LOCK ('denied' to lose the
 * single-instance lock), FAKE_ELECTRON_OPEN_DIALOG_FILE (the file File → Open's dialog answers),
 * FAKE_ELECTRON_PACKAGED ('1': app.isPackaged is true).
 *
 * As in Electron: every new web contents (a window's, or one made by `createWebContents`, which
 * stands for devtools or a guest page) is announced by app's 'web-contents-created' event, and
 * app.enableSandbox() throws once the app is ready.
 */
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What main did, for the harness. */
const record = {
  lockRequests: 0,
  quitCalls: 0,
  exitCodes: [],
  errorBoxes: [],
  openDialogs: [],
  openedExternally: [],
  openedPaths: [],
  headersListeners: [],
  permissionHandlers: [],
  permissionCheckHandlers: [],
  devicePermissionHandlers: [],
  /** One entry per app.enableSandbox() call: whether the app was ready then. */
  enableSandboxCalls: [],
  /** True once the harness has made the app ready. */
  isReady: false,
  handlers: new Map(),
  removedHandlers: [],
  ipcOnChannels: [],
  menusBuilt: [],
  applicationMenu: undefined,
  /** Resolves app.whenReady(); the harness calls it when it wants the app to be ready. */
  makeReady: () => {},
  /** Settles when app.exit() is called. */
  exited: undefined,
};
globalThis.__fakeElectron = record;

let markExited = () => {};
record.exited = new Promise((r) => (markExited = r));
let resolveReady = () => {};
const ready = new Promise((r) => (resolveReady = r));
record.makeReady = () => {
  record.isReady = true;
  resolveReady();
};

let nextId = 1;
const allContents = [];
const allWindows = [];

/** A cancellable event as Electron passes to listeners. */
export function fakeEvent() {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

class FakeWebContents extends EventEmitter {
  constructor() {
    super();
    this.id = nextId++;
    this.url = '';
    this.sent = [];
    this.windowOpenHandler = undefined;
    this.destroyed = false;
    allContents.push(this);
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  getURL() {
    return this.url;
  }
  isDestroyed() {
    return this.destroyed;
  }
  send(channel, ...args) {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
}

/**
 * A web contents that is not a window's (devtools, a guest page), announced like any other by
 * app's 'web-contents-created'.
 */
export function createWebContents() {
  const contents = new FakeWebContents();
  app.emit('web-contents-created', fakeEvent(), contents);
  return contents;
}

/** `webContents` module: every live web contents. */
export const webContents = {
  getAllWebContents: () => allContents.filter((c) => !c.destroyed),
};

export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return allWindows.filter((w) => !w.destroyed);
  }
  static getFocusedWindow() {
    return BrowserWindow.getAllWindows().find((w) => w.focused) ?? null;
  }
  constructor(options = {}) {
    super();
    this.options = options;
    this.webContents = new FakeWebContents();
    app.emit('web-contents-created', fakeEvent(), this.webContents);
    this.loads = [];
    this.destroyed = false;
    this.focused = false;
    this.minimized = false;
    this.maximized = false;
    this.shown = false;
    this.focusCalls = 0;
    this.bounds = { x: options.x ?? 100, y: options.y ?? 80, width: options.width ?? 800, height: options.height ?? 600 };
    allWindows.push(this);
  }
  loadFile(path) {
    this.loads.push({ kind: 'file', target: path });
    this.webContents.url = pathToFileURL(resolve(path)).href;
    return Promise.resolve();
  }
  loadURL(url) {
    this.loads.push({ kind: 'url', target: url });
    this.webContents.url = url;
    return Promise.resolve();
  }
  show() {
    this.shown = true;
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  focus() {
    this.focusCalls += 1;
    this.focused = true;
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  /** Closes like Electron: 'close', then the page goes, then 'closed', then maybe 'window-all-closed'. */
  close() {
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.webContents.emit('destroyed');
    this.emit('closed');
    if (BrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed');
  }
}

class FakeApp extends EventEmitter {
  constructor() {
    super();
    this.name = 'Stepscope';
    this.isPackaged = process.env.FAKE_ELECTRON_PACKAGED === '1';
  }
  /** As Electron: allowed only before the app is ready. */
  enableSandbox() {
    record.enableSandboxCalls.push({ beforeReady: !record.isReady });
    if (record.isReady) throw new Error('app.enableSandbox() can only be called before app is ready');
  }
  requestSingleInstanceLock() {
    record.lockRequests += 1;
    return process.env.FAKE_ELECTRON_LOCK !== 'denied';
  }
  whenReady() {
    return ready;
  }
  getPath(name) {
    if (name === 'userData') return process.env.FAKE_ELECTRON_USER_DATA;
    throw new Error(`fake electron: app.getPath('${name}') is not faked`);
  }
  getAppPath() {
    return process.env.FAKE_ELECTRON_APP_PATH;
  }
  /** As Electron: 'will-quit' (cancellable), then exit unless a listener prevented it. */
  quit() {
    record.quitCalls += 1;
    const event = fakeEvent();
    this.emit('will-quit', event);
    if (!event.defaultPrevented) this.exit(0);
  }
  exit(code = 0) {
    record.exitCodes.push(code);
    markExited(code);
  }
}

export const app = new FakeApp();

export const screen = {
  getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
  getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
};

export const session = {
  defaultSession: {
    webRequest: {
      onHeadersReceived: (listener) => record.headersListeners.push(listener),
    },
    setPermissionRequestHandler: (handler) => record.permissionHandlers.push(handler),
    setPermissionCheckHandler: (handler) => record.permissionCheckHandlers.push(handler),
    setDevicePermissionHandler: (handler) => record.devicePermissionHandlers.push(handler),
  },
};

export const ipcMain = {
  handle(channel, handler) {
    // Electron throws on a second handler for one channel.
    if (record.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    record.handlers.set(channel, handler);
  },
  removeHandler(channel) {
    record.removedHandlers.push(channel);
    record.handlers.delete(channel);
  },
  on(channel) {
    record.ipcOnChannels.push(channel);
  },
};

export const Menu = {
  buildFromTemplate(template) {
    const menu = { template };
    record.menusBuilt.push(menu);
    return menu;
  },
  setApplicationMenu(menu) {
    record.applicationMenu = menu;
  },
};

export const dialog = {
  showErrorBox(title, message) {
    record.errorBoxes.push({ title, message });
  },
  async showOpenDialog(windowOrOptions, maybeOptions) {
    record.openDialogs.push(maybeOptions ?? windowOrOptions);
    const file = process.env.FAKE_ELECTRON_OPEN_DIALOG_FILE;
    return file ? { canceled: false, filePaths: [file] } : { canceled: true, filePaths: [] };
  },
};

export const shell = {
  async openExternal(url) {
    record.openedExternally.push(url);
  },
  async openPath(path) {
    record.openedPaths.push(path);
    return '';
  },
};

export default { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, shell, webContents };
