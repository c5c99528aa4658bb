import type { ApiError } from '../../common/contract/errors';

/**
 * An error of the Step Functions API, as AWS's JSON 1.0 protocol carries it: HTTP 400 (unless
 * said otherwise) with `{"__type": "<ErrorName>", "message": "..."}`. `type` is AWS's error name
 * (API Reference, each action's "Errors", and "Common Errors").
 */
export class SfnError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

/** Shorthand for `new SfnError(type, message)`. */
export function sfnError(type: string, message: string, status = 400): SfnError {
  return new SfnError(type, message, status);
}

/** The message AWS gives one failed constraint of a request member (ValidationException). */
export function validationError(member: string, value: unknown, constraint: string): SfnError {
  const shown = value === undefined || value === null ? 'null' : typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  return sfnError('ValidationException', `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`);
}

/**
 * A service error (the Stepscope contract's ApiError) as the API's: the task-token messages
 * carry AWS's own name first (`InvalidToken: ...`, from tasksApi.ts); otherwise invalid input is
 * a ValidationException, an internal error an InternalFailure (HTTP 500, which SDKs retry).
 */
export function fromServiceError(error: ApiError, notFoundType = 'ResourceNotFound'): SfnError {
  const named = /^(InvalidToken|TaskDoesNotExist|TaskTimedOut): /.exec(error.message);
  if (named) return sfnError(named[1], error.message.slice(named[0].length));
  switch (error.code) {
    case 'INVALID_INPUT':
      return sfnError('ValidationException', error.message);
    case 'NOT_FOUND':
      return sfnError(notFoundType, error.message);
    case 'CONFLICT':
      return sfnError('ValidationException', error.message);
    default:
      return sfnError('InternalFailure', error.message, 500);
  }
}
