import { parseJsonText, type Json, type JsonObject } from '../json';

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

/** The `*EventDetails` object of an event, if it has one. */
export function detailsOf(event: HistoryEvent): JsonObject | undefined {
  for (const key in event) {
    if (key.endsWith('EventDetails')) {
      const d = event[key];
      if (d !== null && typeof d === 'object' && !Array.isArray(d)) return d;
    }
  }
  return undefined;
}

/** The `name` in an event's `*EventDetails` (the state an entered, exited or Map iteration event names), if it has one. */
export function eventDetailsName(event: HistoryEvent): string | undefined {
  const name = detailsOf(event)?.name;
  return typeof name === 'string' ? name : undefined;
}

/** A payload field of an event's details as JSON: JSON text is parsed; a value recorded already parsed is kept. */
export function payloadOf(value: Json | undefined): Json | undefined {
  return typeof value === 'string' ? parseJsonText(value) : value;
}
