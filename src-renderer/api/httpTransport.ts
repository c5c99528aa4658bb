import type { MethodName } from '@common/contract/api';
import type { Transport } from './createClient';
import { isApiError, type ApiResult } from '@common/contract/errors';
import type { Push, PushListener } from '@common/contract/events';

/**
 * The transport of the browser host (`stepscope serve`): calls are `POST /api/<method>` with a
 * JSON body, pushes arrive as Server-Sent Events from `GET /api/pushes`. The page was loaded
 * with the launch token, which the host moved into an HttpOnly cookie: every request here
 * carries it without this code ever seeing it.
 */
export function createHttpTransport(base = ''): Transport {
  const listeners = new Set<PushListener>();
  let source: EventSource | undefined;

  const open = () => {
    source = new EventSource(`${base}/api/pushes`);
    // Only `data` is read (typed structurally: this module is also type-checked with Node's lib, by the renderer's unit tests).
    source.onmessage = (message: { data: string }) => {
      let push: Push;
      try {
        push = JSON.parse(message.data) as Push;
      } catch {
        return;
      }
      for (const listener of [...listeners]) listener(push);
    };
  };

  return {
    async call(method: MethodName, input: unknown): Promise<ApiResult<unknown>> {
      let response: Response;
      try {
        response = await fetch(`${base}/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(input),
          credentials: 'same-origin',
        });
      } catch (error) {
        return { ok: false, error: { code: 'INTERNAL', message: `Cannot reach the Stepscope server: ${error instanceof Error ? error.message : String(error)}` } };
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: `The Stepscope server answered ${response.status} without a JSON body` } };
      }
      const result = body as Partial<ApiResult<unknown>>;
      if (result.ok === true) return { ok: true, value: (result as { value: unknown }).value };
      if (result.ok === false && isApiError(result.error)) return { ok: false, error: result.error };
      return { ok: false, error: { code: 'INTERNAL', message: `The Stepscope server answered ${response.status} with an unexpected body` } };
    },
    subscribe(listener: PushListener): () => void {
      listeners.add(listener);
      if (!source) open();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = undefined;
        }
      };
    },
  };
}
