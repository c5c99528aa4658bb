import type { HistoryEvent } from '../../history/events';

/** The events that end an execution RedriveExecution may go on with. */
const REDRIVABLE_ENDS: ReadonlySet<string> = new Set(['ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);

/**
 * Why an execution with this history cannot be redriven, or undefined when it can: the one rule
 * the service's `executions.redrive` and the debugger's Redrive button both follow.
 *
 * As AWS's RedriveExecution: only a FAILED, TIMED_OUT or ABORTED execution (the reasons' words are
 * DescribeExecution's `redriveStatusReason`). And as the Developer Guide describes a redrive (it
 * "continues the failed execution from the unsuccessful step"): an execution stopped before it
 * entered any state has no step to continue from, so Stepscope does not offer to redrive it.
 */
export function redriveRefusal(events: readonly HistoryEvent[]): string | undefined {
  const last = events[events.length - 1];
  if (last === undefined || !REDRIVABLE_ENDS.has(last.type)) {
    const status = last?.type === 'ExecutionSucceeded' ? 'SUCCEEDED' : 'RUNNING';
    return `Execution is ${status} and cannot be redriven`;
  }
  // The latest attempt (after the last ExecutionRedriven, if any) or an earlier one entered a state.
  if (!enteredAnyState(events)) return NOTHING_TO_REDRIVE;
  return undefined;
}

/** redriveRefusal's reason for an execution that stopped before it entered any state. */
export const NOTHING_TO_REDRIVE = 'Execution stopped before it entered any state: there is nothing to redrive';

/**
 * True when the history entered a state. Its first state's entry is event 2 (right after
 * ExecutionStarted) whenever there is one, so a host may pass just the first events.
 */
export function enteredAnyState(events: readonly HistoryEvent[]): boolean {
  return events.some((e) => e.type.endsWith('StateEntered'));
}
