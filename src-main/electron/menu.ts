/**
 * The application menu as a pure template: File (Open…, Open Recent, Import history…, Close
 * Window), Edit, View, Window and Help. Nothing here touches Electron at run time (only its types),
 * so the template is unit-tested; main.ts builds the menu from it and supplies the actions.
 */
import type { MenuItemConstructorOptions } from 'electron';

/** A recent file as the menu shows it. */
export interface RecentMenuFile {
  path: string;
  kind: string;
}

/** What the menu's own items do; main.ts provides them. */
export interface MenuActions {
  /** File → Open…: asks for a file and opens it. */
  open(): void;
  /** File → Import history…: asks for a history or bundle and imports it. */
  importHistory(): void;
  /** File → Open Recent → a file. */
  openRecent(path: string): void;
  /** Help → Stepscope README: opens the README that ships with the app. */
  openReadme(): void;
}

/** Inputs of {@link buildMenuTemplate}. */
export interface MenuOptions {
  /** `process.platform`: macOS gets the app menu and Cmd shortcuts. */
  platform: string;
  /** True in development: Reload and Toggle Developer Tools are added to View. */
  isDev: boolean;
  /** The app's name (macOS app menu). */
  appName: string;
  /** Recent files, most recent first. */
  recent: readonly RecentMenuFile[];
  actions: MenuActions;
}

/** How many recent files File → Open Recent lists. */
export const MAX_RECENT_IN_MENU = 10;

/** The last path segment of a path written with / or \. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter((p) => p !== '');
  return parts.length === 0 ? path : parts[parts.length - 1];
}

function recentSubmenu(options: MenuOptions): MenuItemConstructorOptions[] {
  const files = options.recent.slice(0, MAX_RECENT_IN_MENU);
  if (files.length === 0) return [{ label: 'No Recent Files', enabled: false }];
  return files.map((file) => ({
    label: `${baseName(file.path)} (${file.kind})`,
    toolTip: file.path,
    click: () => options.actions.openRecent(file.path),
  }));
}

/**
 * Builds the application menu's template. Accelerators use `CmdOrCtrl`, so they read Cmd on
 * macOS and Ctrl elsewhere.
 */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const { actions } = options;
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: options.appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: 'File',
    submenu: [
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
      { label: 'Open Recent', submenu: recentSubmenu(options) },
      { type: 'separator' },
      { label: 'Import History…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.importHistory() },
      { type: 'separator' },
      { role: 'close', label: 'Close Window', accelerator: 'CmdOrCtrl+W' },
      ...(mac ? [] : [{ role: 'quit' } as MenuItemConstructorOptions]),
    ],
  });
  template.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  });
  template.push({
    label: 'View',
    submenu: [
      ...(options.isDev
        ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({
    label: 'Window',
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  });
  template.push({
    role: 'help',
    submenu: [
      { label: 'Stepscope README', click: () => actions.openReadme() },
    ],
  });
  return template;
}
