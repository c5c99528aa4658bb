import { ApiFailure } from '../../common/contract/errors';
import { isBusyError, StoreBusyError } from '../store/database';

/**
 * The store's expected failures as contract errors: another process holding the store's write
 * lock past the busy timeout is CONFLICT ("cannot do this now", HTTP 409), not INTERNAL (500):
 * nothing is wrong with Stepscope, and the call can be made again.
 */
export function apiFailureFromStoreError(error: unknown, path: string): ApiFailure | undefined {
  if (error instanceof StoreBusyError) return new ApiFailure({ code: 'CONFLICT', message: error.message });
  if (isBusyError(error)) return new ApiFailure({ code: 'CONFLICT', message: new StoreBusyError(path, 0).message.replace(/ \(it kept the store busy for [^)]*\)/, '') });
  return undefined;
}

/**
 * Wraps every method of a service API so that a store error it throws (or rejects with) becomes
 * the matching ApiFailure (see {@link apiFailureFromStoreError}); other errors pass unchanged.
 */
export function withStoreErrors<T extends object>(api: T, path: string): T {
  const wrapped = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(api)) {
    if (typeof method !== 'function') {
      wrapped[name] = method;
      continue;
    }
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await (method as (...a: unknown[]) => unknown).apply(api, args);
      } catch (error) {
        throw apiFailureFromStoreError(error, path) ?? error;
      }
    };
  }
  return wrapped as T;
}
