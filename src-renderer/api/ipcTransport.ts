import type { StepscopeBridge } from '@common/contract/bridge';
import type { Transport } from './createClient';

export type { StepscopeBridge } from '@common/contract/bridge';

/** The transport of the Electron window: the preload's bridge, which already speaks `ApiResult`. */
export function createIpcTransport(bridge: StepscopeBridge): Transport {
  return { call: (method, input) => bridge.call(method, input), subscribe: (listener) => bridge.subscribe(listener) };
}
