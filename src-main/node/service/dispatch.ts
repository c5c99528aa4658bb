import { api, isMethodName, type StepscopeApi } from '../../common/contract/api';
import { ApiFailure, type ApiResult } from '../../common/contract/errors';

/**
 * The one way a transport calls the service: checks that the method is in the contract,
 * validates the input with the method's validator, runs the handler, and turns every outcome
 * into an `ApiResult`. Electron's IPC and the browser host both call this, so no handler ever
 * sees unchecked input. Never throws.
 */
export async function dispatch(service: StepscopeApi, method: string, rawInput: unknown): Promise<ApiResult<unknown>> {
  if (!isMethodName(method)) return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no method "${method}"` } };
  const checked = api[method].input.check(rawInput === undefined ? {} : rawInput, '');
  if (!checked.ok) {
    const where = checked.where === '' ? '/' : checked.where;
    return { ok: false, error: { code: 'INVALID_INPUT', message: `${method}: input ${where === '/' ? '' : `${where} `}${checked.message}`, where } };
  }
  try {
    const handler = service[method] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler.call(service, checked.value) };
  } catch (error) {
    if (error instanceof ApiFailure) return { ok: false, error: error.error };
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'INTERNAL', message: `Internal error in ${method}: ${message}` } };
  }
}
