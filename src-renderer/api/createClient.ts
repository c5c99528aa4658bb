import { METHOD_NAMES, type MethodName, type StepscopeApi } from '@common/contract/api';
import { ApiFailure, type ApiResult } from '@common/contract/errors';
import type { PushListener, PushName, PushPayloads } from '@common/contract/events';

/**
 * How a client reaches the service: one call channel and one push channel. The renderer has two
 * (Electron's preload bridge and HTTP to the browser host); tests may add their own.
 */
export interface Transport {
  /** Calls a method; the answer is always an `ApiResult`, never a rejection for expected errors. */
  call(method: MethodName, input: unknown): Promise<ApiResult<unknown>>;
  /** Receives every push until the returned disposer is called. */
  subscribe(listener: PushListener): () => void;
}

/** A typed client: the whole `StepscopeApi`, plus push subscriptions. */
export type StepscopeClient = StepscopeApi & {
  /** Calls `listener` with the payload of every push named `name`; returns a disposer. */
  onPush<K extends PushName>(name: K, listener: (payload: PushPayloads[K]) => void): () => void;
};

/**
 * Builds a `StepscopeApi` over a transport. Each method resolves with the method's output or
 * rejects with an `ApiFailure` carrying the error as data (`failure.error.code`, `.message`).
 */
export function createClient(transport: Transport): StepscopeClient {
  const methods: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of METHOD_NAMES) {
    methods[name] = async (input: unknown) => {
      const result = await transport.call(name, input ?? {});
      if (!result.ok) throw new ApiFailure(result.error);
      return result.value;
    };
  }
  const onPush = <K extends PushName>(name: K, listener: (payload: PushPayloads[K]) => void): (() => void) =>
    transport.subscribe((push) => {
      if (push.type === name) listener(push.payload as PushPayloads[K]);
    });
  return { ...(methods as unknown as StepscopeApi), onPush };
}
