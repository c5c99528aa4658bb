/**
 * Errors cross the IPC boundary as data, never as exceptions: Electron passes only the `message`
 * of a rejected `invoke`, and HTTP has no exceptions at all. Every call answers an `ApiResult`.
 */

/** What went wrong, in words a client can branch on. */
export type ApiErrorCode =
  /** The method is not in the contract. */
  | 'UNKNOWN_METHOD'
  /** The input failed the method's validator; `where` is a JSON pointer into the input. */
  | 'INVALID_INPUT'
  /** A named thing (execution, example) does not exist. */
  | 'NOT_FOUND'
  /** The thing exists but cannot do this now (a task token already answered or timed out). */
  | 'CONFLICT'
  /** The request was refused (token, origin); only transports produce it. */
  | 'FORBIDDEN'
  /** A bug in Stepscope: the handler threw something that is not an `ApiFailure`. */
  | 'INTERNAL';

/** An error as it crosses the boundary. */
export interface ApiError {
  code: ApiErrorCode;
  /** A sentence for a person. Never a stack trace. */
  message: string;
  /** Where in the input the problem is (JSON pointer), when it is about the input. */
  where?: string;
}

/** What every call answers. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/**
 * An expected failure of a call (not found, invalid input), thrown by a service method or by a
 * client that unwraps an `ApiResult` (src-renderer/api/createClient.ts); `dispatch`
 * (src-main/node/service/dispatch.ts) turns it back into `{ ok: false, error }`.
 */
export class ApiFailure extends Error {
  /** The error as data. */
  readonly error: ApiError;
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiFailure';
    this.error = error;
  }
}

/** Builds an `ApiFailure` for something that does not exist. */
export function notFound(message: string, where?: string): ApiFailure {
  return new ApiFailure(where === undefined ? { code: 'NOT_FOUND', message } : { code: 'NOT_FOUND', message, where });
}

/** Builds an `ApiFailure` for input a validator cannot express (e.g. a mock config's own checks). */
export function invalidInput(message: string, where?: string): ApiFailure {
  return new ApiFailure(where === undefined ? { code: 'INVALID_INPUT', message } : { code: 'INVALID_INPUT', message, where });
}

/** Builds an `ApiFailure` for something that cannot be done in its current state. */
export function conflict(message: string, where?: string): ApiFailure {
  return new ApiFailure(where === undefined ? { code: 'CONFLICT', message } : { code: 'CONFLICT', message, where });
}

/** True for an `ApiError`-shaped value (used by clients that receive untyped data). */
export function isApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return typeof e.code === 'string' && typeof e.message === 'string' && (e.where === undefined || typeof e.where === 'string');
}
