import type { MethodName } from './api';
import type { ApiResult } from './errors';
import type { PushListener } from './events';

/** The IPC channel names: one for calls, one for pushes. */
export const IPC_CALL_CHANNEL = 'stepscope:call';
/** The channel main sends pushes on. */
export const IPC_PUSH_CHANNEL = 'stepscope:push';

/**
 * What the Electron preload exposes as `window.stepscope`, and nothing more: one call function
 * limited to the contract's methods, and one push subscription.
 */
export interface StepscopeBridge {
  /** Which shell the renderer runs in. */
  readonly shell: 'electron';
  /** Calls a contract method; answers the `ApiResult` (never rejects for expected errors). */
  call(method: MethodName, input: unknown): Promise<ApiResult<unknown>>;
  /** Receives every push until the returned disposer is called. */
  subscribe(listener: PushListener): () => void;
}
