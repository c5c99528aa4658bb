import { StatesErrors } from './errors';

/**
 * Does a Retry/Catch `ErrorEquals` list match this error name? (Developer Guide, "Error names".)
 * The one rule of AWS's matching: the engine picks Retriers and Catchers with it, and the
 * inspector (debug/dataflowSteps) explains which Catcher took an error with it.
 */
export function errorMatches(errorEquals: readonly string[], error: string | undefined): boolean {
  const name = error ?? '';
  // Runtime errors are never retried or caught, not even when named (conformance: scenarios/test_catch_states_runtime).
  if (name === StatesErrors.Runtime) return false;
  for (const candidate of errorEquals) {
    if (candidate === name) return true;
    if (candidate === StatesErrors.ALL) {
      // AWS's recordings show States.ALL catching a States.DataLimitExceeded raised by a service
      // (error_handling/test_service_task_lambada_catch_state_all_data_limit_exceeded_on_large_utf8_response).
      return true;
    } else if (candidate === StatesErrors.TaskFailed) {
      if (name !== StatesErrors.Timeout && name !== StatesErrors.DataLimitExceeded && name !== StatesErrors.Runtime && !name.startsWith('States.')) return true;
    }
  }
  return false;
}
