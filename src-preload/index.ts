/**
 * Preload: the only bridge between the sandboxed renderer and the main process. It exposes
 * exactly the contract — a call function that accepts only the contract's method names, and a
 * push subscription — through contextBridge, and nothing else (no ipcRenderer, no Node).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isMethodName } from '../src-main/common/contract/api';
import { IPC_CALL_CHANNEL, IPC_PUSH_CHANNEL, type StepscopeBridge } from '../src-main/common/contract/bridge';
import type { ApiResult } from '../src-main/common/contract/errors';
import type { Push, PushListener } from '../src-main/common/contract/events';

const bridge = {
  shell: 'electron' as const,
  call(method: string, input: unknown): Promise<ApiResult<unknown>> {
    if (typeof method !== 'string' || !isMethodName(method)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no method "${String(method)}"` } });
    }
    return ipcRenderer.invoke(IPC_CALL_CHANNEL, method, input) as Promise<ApiResult<unknown>>;
  },
  subscribe(listener: PushListener): () => void {
    const handler = (_event: IpcRendererEvent, push: Push) => listener(push);
    ipcRenderer.on(IPC_PUSH_CHANNEL, handler);
    return () => {
      ipcRenderer.off(IPC_PUSH_CHANNEL, handler);
    };
  },
} satisfies StepscopeBridge;

contextBridge.exposeInMainWorld('stepscope', bridge);

/** What `window.stepscope` holds in the renderer. */
export type { StepscopeBridge };
