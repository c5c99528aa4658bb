import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { baseName, buildMenuTemplate, MAX_RECENT_IN_MENU, type MenuOptions } from '../../../src-main/electron/menu';

function options(overrides: Partial<MenuOptions> = {}): MenuOptions {
  return {
    platform: 'linux',
    isDev: false,
    appName: 'Stepscope',
    recent: [],
    actions: { open: vi.fn(), importHistory: vi.fn(), openRecent: vi.fn(), openReadme: vi.fn() },
    ...overrides,
  };
}

function submenu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const menu = template.find((m) => m.label === label || (label === 'Help' && m.role === 'help'));
  if (!menu) throw new Error(`no ${label} menu`);
  return menu.submenu as MenuItemConstructorOptions[];
}

function item(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = items.find((i) => i.label === label);
  if (!found) throw new Error(`no ${label} item`);
  return found;
}

function click(entry: MenuItemConstructorOptions): void {
  (entry.click as () => void)();
}

describe('buildMenuTemplate', () => {
  it('has File, Edit, View, Window and Help, with an app menu first on macOS only', () => {
    expect(buildMenuTemplate(options()).map((m) => m.label ?? m.role)).toEqual(['File', 'Edit', 'View', 'Window', 'help']);
    const mac = buildMenuTemplate(options({ platform: 'darwin' }));
    expect(mac.map((m) => m.label ?? m.role)).toEqual(['Stepscope', 'File', 'Edit', 'View', 'Window', 'help']);
    expect((mac[0].submenu as MenuItemConstructorOptions[]).some((i) => i.role === 'quit')).toBe(true);
    expect(submenu(mac, 'File').some((i) => i.role === 'quit')).toBe(false);
    expect(submenu(buildMenuTemplate(options()), 'File').some((i) => i.role === 'quit')).toBe(true);
  });

  it('wires File → Open… (CmdOrCtrl+O), Import History… and Close Window', () => {
    const o = options();
    const file = submenu(buildMenuTemplate(o), 'File');
    const open = item(file, 'Open…');
    expect(open.accelerator).toBe('CmdOrCtrl+O');
    click(open);
    expect(o.actions.open).toHaveBeenCalledTimes(1);
    click(item(file, 'Import History…'));
    expect(o.actions.importHistory).toHaveBeenCalledTimes(1);
    expect(item(file, 'Close Window')).toMatchObject({ role: 'close', accelerator: 'CmdOrCtrl+W' });
  });

  it('lists recent files by name and kind, opening the clicked path, at most ten', () => {
    const recent = Array.from({ length: 12 }, (_, i) => ({ path: `/home/me/flows/f${i}.json`, kind: i === 0 ? 'history' : 'definition' }));
    const o = options({ recent });
    const items = item(submenu(buildMenuTemplate(o), 'File'), 'Open Recent').submenu as MenuItemConstructorOptions[];
    expect(items).toHaveLength(MAX_RECENT_IN_MENU);
    expect(items[0]).toMatchObject({ label: 'f0.json (history)', toolTip: '/home/me/flows/f0.json' });
    click(items[1]);
    expect(o.actions.openRecent).toHaveBeenCalledWith('/home/me/flows/f1.json');
  });

  it('shows a disabled placeholder when there are no recent files', () => {
    const items = item(submenu(buildMenuTemplate(options()), 'File'), 'Open Recent').submenu as MenuItemConstructorOptions[];
    expect(items).toEqual([{ label: 'No Recent Files', enabled: false }]);
  });

  it('offers reload and developer tools only in development, zoom and full screen always', () => {
    const roles = (isDev: boolean) => submenu(buildMenuTemplate(options({ isDev })), 'View').map((i) => i.role).filter(Boolean);
    expect(roles(false)).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(roles(true)).toEqual(['reload', 'forceReload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  });

  it('gives Edit the usual roles', () => {
    expect(submenu(buildMenuTemplate(options()), 'Edit').map((i) => i.role).filter(Boolean)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll']);
  });

  it('opens the README that ships with the app from Help', () => {
    const o = options();
    const help = submenu(buildMenuTemplate(o), 'Help');
    for (const entry of help) click(entry);
    expect((o.actions.openReadme as ReturnType<typeof vi.fn>).mock.calls).toHaveLength(1);
  });
});

describe('baseName', () => {
  it('takes the last segment of POSIX and Windows paths', () => {
    expect(baseName('/a/b/c.json')).toBe('c.json');
    expect(baseName('C:\\x\\y.yaml')).toBe('y.yaml');
    expect(baseName('plain.asl')).toBe('plain.asl');
  });
});
