/**
 * Step Functions failures. An expected failure (a States.* error, a Task's error) travels as a
 * `Failure` value `{ error, cause }`. Inside the data-flow helpers a `StatesError` is thrown so that
 * deep recursion (payload templates, intrinsics, paths) does not have to thread results by hand; the
 * state template catches it at the state boundary and turns it back into a value. Any other thrown
 * JavaScript exception is a bug in Stepscope.
 */
export interface Failure {
  error?: string;
  cause?: string;
}

/** AWS's built-in error names (Developer Guide, "Error names"). */
export const StatesErrors = {
  ALL: 'States.ALL',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  Timeout: 'States.Timeout',
  TaskFailed: 'States.TaskFailed',
  Permissions: 'States.Permissions',
  ResultPathMatchFailure: 'States.ResultPathMatchFailure',
  ParameterPathFailure: 'States.ParameterPathFailure',
  QueryEvaluationError: 'States.QueryEvaluationError',
  BranchFailed: 'States.BranchFailed',
  NoChoiceMatched: 'States.NoChoiceMatched',
  IntrinsicFailure: 'States.IntrinsicFailure',
  ExceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
  ItemReaderFailed: 'States.ItemReaderFailed',
  ResultWriterFailed: 'States.ResultWriterFailed',
  Runtime: 'States.Runtime',
  DataLimitExceeded: 'States.DataLimitExceeded',
} as const;

/**
 * A Step Functions failure raised inside data-flow code. `stateScoped` marks causes that AWS
 * prefixes with "An error occurred while executing the state '<name>' (entered at the event id #<n>). ".
 */
export class StatesError extends Error {
  readonly error: string;
  readonly causeText: string;
  readonly stateScoped: boolean;
  constructor(error: string, cause: string, stateScoped = true) {
    super(`${error}: ${cause}`);
    this.name = 'StatesError';
    this.error = error;
    this.causeText = cause;
    this.stateScoped = stateScoped;
  }
}

/** Shorthand for a state-scoped States.Runtime failure. */
export function runtimeError(cause: string): StatesError {
  return new StatesError(StatesErrors.Runtime, cause, true);
}

/** True when `value` is a StatesError. */
export function isStatesError(value: unknown): value is StatesError {
  return value instanceof StatesError;
}
