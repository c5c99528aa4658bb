import type { Json } from '../../json';
import type { FailState } from '../../asl/types';
import type { Failure } from '../errors';
import { resolveDynamicValue } from '../dataflow/payloadTemplate';
import { evaluateStringField } from '../jsonata/states';
import { jsonataEnv, type StepResult, type Visit } from '../visit';

/*
 * Fail (Developer Guide, "Fail workflow state"): fails its branch with Error and Cause, given as
 * text, read with ErrorPath/CausePath, or (JSONata) evaluated. It has no exited event; the
 * template treats its failure as any other (Retry and Catch do not apply: Fail has neither).
 */

/** The body of a JSONPath Fail state: the failure, as a value (never thrown). */
export function runFail(visit: Visit, state: FailState, rawInput: Json): StepResult {
  const env = visit;
  const failure: Failure = {};
  // ErrorPath/CausePath take a path or an intrinsic function (conformance: base/test_state_fail_intrinsic).
  const read = (path: string, field: string): string => {
    const v = resolveDynamicValue(path, field, rawInput, env);
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
  if (state.Error !== undefined) failure.error = state.Error;
  else if (state.ErrorPath !== undefined) failure.error = read(state.ErrorPath, 'ErrorPath');
  if (state.Cause !== undefined) failure.cause = state.Cause;
  else if (state.CausePath !== undefined) failure.cause = read(state.CausePath, 'CausePath');
  return { kind: 'failed', failure, terminal: false };
}

/** The body of a JSONata Fail state: Error and Cause evaluated. */
export async function runFailJsonata(visit: Visit, state: FailState, rawInput: Json): Promise<StepResult> {
  const env = jsonataEnv(visit, rawInput);
  const failure: Failure = {};
  const error = await evaluateStringField(state.Error, 'Error', env);
  const cause = await evaluateStringField(state.Cause, 'Cause', env);
  if (error !== undefined) failure.error = error;
  if (cause !== undefined) failure.cause = cause;
  return { kind: 'failed', failure, terminal: false };
}
