import { beforeEach, describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES } from '../../../src-main/common/contract/api';
import { IPC_CALL_CHANNEL, IPC_PUSH_CHANNEL } from '../../../src-main/common/contract/bridge';
import type { Push } from '../../../src-main/common/contract/events';

/** What the mocked `electron` module recorded. */
const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'answer' })),
  rendererListeners: new Map<string, ((event: unknown, push: unknown) => void)[]>(),
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  sent: [] as { url: string; channel: string; payload: unknown }[],
  contents: [] as { url: string }[],
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => electron.exposed.set(key, value) },
  ipcRenderer: {
    invoke: electron.invoke,
    on: (channel: string, fn: (event: unknown, push: unknown) => void) => electron.rendererListeners.set(channel, [...(electron.rendererListeners.get(channel) ?? []), fn]),
    off: (channel: string, fn: unknown) => electron.rendererListeners.set(channel, (electron.rendererListeners.get(channel) ?? []).filter((f) => f !== fn)),
  },
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) => electron.handlers.set(channel, fn),
    removeHandler: (channel: string) => electron.handlers.delete(channel),
  },
  webContents: {
    getAllWebContents: () =>
      electron.contents.map((c) => ({ isDestroyed: () => false, getURL: () => c.url, send: (channel: string, payload: unknown) => electron.sent.push({ url: c.url, channel, payload }) })),
  },
}));

describe('preload bridge', () => {
  beforeEach(() => electron.invoke.mockClear());

  it('exposes exactly `stepscope` with shell, call and subscribe, and nothing else', async () => {
    await import('../../../src-preload/index');
    expect([...electron.exposed.keys()]).toEqual(['stepscope']);
    const bridge = electron.exposed.get('stepscope') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['call', 'shell', 'subscribe']);
    expect(bridge.shell).toBe('electron');
  });

  it('forwards contract methods on the one call channel and refuses any other name without IPC', async () => {
    await import('../../../src-preload/index');
    const bridge = electron.exposed.get('stepscope') as { call(method: string, input: unknown): Promise<unknown> };
    for (const method of METHOD_NAMES) await bridge.call(method, {});
    expect(electron.invoke.mock.calls).toEqual(METHOD_NAMES.map((m) => [IPC_CALL_CHANNEL, m, {}]));
    electron.invoke.mockClear();
    for (const method of ['fs.readFile', 'toString', '__proto__']) {
      expect(await bridge.call(method, {})).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no method "${method}"` } });
    }
    expect(electron.invoke).not.toHaveBeenCalled();
  });

  it('delivers pushes to a subscriber until it disposes, without exposing the IPC event', async () => {
    await import('../../../src-preload/index');
    const bridge = electron.exposed.get('stepscope') as { subscribe(l: (push: unknown) => void): () => void };
    const seen: unknown[][] = [];
    const dispose = bridge.subscribe((...args) => seen.push(args));
    const push = { type: 'execution.statusChanged', payload: {} };
    for (const fn of electron.rendererListeners.get(IPC_PUSH_CHANNEL) ?? []) fn({ sender: 'ipc internals' }, push);
    dispose();
    expect(electron.rendererListeners.get(IPC_PUSH_CHANNEL)).toEqual([]);
    expect(seen).toEqual([[push]]);
  });
});

describe('electron/ipc', () => {
  const TRUSTED = 'file:///app/out/renderer/index.html';

  it('answers calls from the app page through dispatch and refuses other frames', async () => {
    const { registerIpc } = await import('../../../src-main/electron/ipc');
    let listener: ((push: Push) => void) | undefined;
    const service = {
      'executions.list': async () => ['listed'],
      subscribe: (l: (push: Push) => void) => ((listener = l), () => (listener = undefined)),
    };
    const dispose = registerIpc(service as never, (url) => url === TRUSTED);
    const handler = electron.handlers.get(IPC_CALL_CHANNEL)!;
    expect(await handler({ senderFrame: { url: TRUSTED } }, 'executions.list', {})).toEqual({ ok: true, value: ['listed'] });
    expect(await handler({ senderFrame: { url: TRUSTED } }, 'executions.list', { limit: 'all' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: '/limit' } });
    expect(await handler({ senderFrame: { url: 'https://evil.example/' } }, 'executions.list', {})).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Refused: the call did not come from the Stepscope window' },
    });
    expect(await handler({ senderFrame: null }, 'executions.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    electron.contents.push({ url: TRUSTED }, { url: 'https://evil.example/' });
    const push: Push = { type: 'execution.statusChanged', payload: { execution: { status: 'RUNNING' } as never } };
    listener?.(push);
    expect(electron.sent).toEqual([{ url: TRUSTED, channel: IPC_PUSH_CHANNEL, payload: push }]);
    dispose();
    expect(electron.handlers.has(IPC_CALL_CHANNEL)).toBe(false);
    expect(listener).toBeUndefined();
  });
});
