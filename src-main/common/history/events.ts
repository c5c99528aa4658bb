import type { Json } from '../json';

/**
 * One event of an execution's history, in the shape AWS's GetExecutionHistory returns:
 * `id`, `previousEventId`, `timestamp`, `type`, and at most one `*EventDetails` member named
 * after the type (e.g. `stateEnteredEventDetails`). Payloads inside details (`input`, `output`,
 * `parameters`, ...) are JSON text, as in the API.
 */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  /** ISO-8601 timestamp with milliseconds, e.g. "2024-02-07T13:50:16.123Z". */
  timestamp: string;
  type: HistoryEventType;
  [details: string]: Json | undefined;
}

/** AWS's HistoryEventType values. */
export type HistoryEventType =
  | 'ActivityFailed' | 'ActivityScheduled' | 'ActivityScheduleFailed' | 'ActivityStarted'
  | 'ActivitySucceeded' | 'ActivityTimedOut'
  | 'ChoiceStateEntered' | 'ChoiceStateExited'
  | 'ExecutionAborted' | 'ExecutionFailed' | 'ExecutionStarted' | 'ExecutionSucceeded'
  | 'ExecutionTimedOut' | 'ExecutionRedriven'
  | 'FailStateEntered'
  | 'LambdaFunctionFailed' | 'LambdaFunctionScheduled' | 'LambdaFunctionScheduleFailed'
  | 'LambdaFunctionStarted' | 'LambdaFunctionStartFailed' | 'LambdaFunctionSucceeded'
  | 'LambdaFunctionTimedOut'
  | 'MapIterationAborted' | 'MapIterationFailed' | 'MapIterationStarted' | 'MapIterationSucceeded'
  | 'MapStateAborted' | 'MapStateEntered' | 'MapStateExited' | 'MapStateFailed' | 'MapStateStarted'
  | 'MapStateSucceeded'
  | 'MapRunAborted' | 'MapRunFailed' | 'MapRunStarted' | 'MapRunSucceeded' | 'MapRunRedriven'
  | 'ParallelStateAborted' | 'ParallelStateEntered' | 'ParallelStateExited' | 'ParallelStateFailed'
  | 'ParallelStateStarted' | 'ParallelStateSucceeded'
  | 'PassStateEntered' | 'PassStateExited'
  | 'SucceedStateEntered' | 'SucceedStateExited'
  | 'TaskFailed' | 'TaskScheduled' | 'TaskStarted' | 'TaskStartFailed' | 'TaskStateAborted'
  | 'TaskStateEntered' | 'TaskStateExited' | 'TaskSubmitFailed' | 'TaskSubmitted' | 'TaskSucceeded'
  | 'TaskTimedOut'
  | 'WaitStateAborted' | 'WaitStateEntered' | 'WaitStateExited'
  | 'EvaluationFailed';

/** The events that schedule one invocation of a Task's resource (one per attempt: mocks count these). */
export const TASK_SCHEDULED_EVENT_TYPES: ReadonlySet<string> = new Set<HistoryEventType>(['TaskScheduled', 'LambdaFunctionScheduled', 'ActivityScheduled']);

/** Final status of an execution, as DescribeExecution reports it. */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';
