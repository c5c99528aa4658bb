/**
 * The only code that touches ipcMain: one call channel and one push channel over the service.
 * Every call's sender frame must be the app's own page; the method must be in the contract and
 * its input must pass the contract's validator (both done by `dispatch`) before a handler runs.
 */
import { ipcMain, webContents, type IpcMainInvokeEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_PUSH_CHANNEL } from '../common/contract/bridge';
import type { ApiResult } from '../common/contract/errors';
import type { Push } from '../common/contract/events';
import { dispatch } from '../node/service/dispatch';
import type { StepscopeService } from '../node/service';

/** Sends a push on the push channel to every live web contents showing the app's own page. */
export function sendPush(push: Push, isTrustedUrl: (url: string) => boolean): void {
  for (const contents of webContents.getAllWebContents()) {
    if (!contents.isDestroyed() && isTrustedUrl(contents.getURL())) contents.send(IPC_PUSH_CHANNEL, push);
  }
}

/**
 * Wires the service to IPC. `isTrustedUrl` says whether a frame URL is the app's own page.
 * Returns a disposer that removes the handler and stops forwarding pushes.
 */
export function registerIpc(service: StepscopeService, isTrustedUrl: (url: string) => boolean): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event: IpcMainInvokeEvent, method: unknown, input: unknown): Promise<ApiResult<unknown>> => {
    const url = event.senderFrame?.url ?? '';
    if (!isTrustedUrl(url)) return { ok: false, error: { code: 'FORBIDDEN', message: 'Refused: the call did not come from the Stepscope window' } };
    return dispatch(service, typeof method === 'string' ? method : String(method), input);
  });
  const unsubscribe = service.subscribe((push) => sendPush(push, isTrustedUrl));
  return () => {
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
    unsubscribe();
  };
}
