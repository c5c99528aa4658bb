/**
 * The renderer's way to the service: one `StepscopeClient` whichever shell it runs in — the
 * Electron preload bridge when `window.stepscope` exists, HTTP to the browser host otherwise.
 */
import { createClient, type StepscopeClient } from './createClient';
import { createHttpTransport } from './httpTransport';
import { createIpcTransport, type StepscopeBridge } from './ipcTransport';

export { createClient, type StepscopeClient, type Transport } from './createClient';
export { ApiFailure, type ApiError } from '@common/contract/errors';
export { createHttpTransport } from './httpTransport';
export { createIpcTransport, type StepscopeBridge } from './ipcTransport';

let client: StepscopeClient | undefined;

/** The app's client, created on first use. */
export function getClient(): StepscopeClient {
  if (!client) {
    const bridge = (globalThis as { stepscope?: StepscopeBridge }).stepscope;
    client = createClient(bridge ? createIpcTransport(bridge) : createHttpTransport());
  }
  return client;
}

/** A readable sentence for any error a call rejects with. */
export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'error' in error) {
    const e = (error as { error: { message?: unknown } }).error;
    if (typeof e.message === 'string') return e.message;
  }
  return error instanceof Error ? error.message : String(error);
}
