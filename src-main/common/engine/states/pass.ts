import type { Json } from '../../json';
import type { PassState } from '../../asl/types';
import { applyCompiledTemplate, applyInputPath, applyOutputPath, applyResultPath } from '../dataflow/payloadTemplate';
import { evaluateAssignAndOutput } from '../jsonata/states';
import { jsonataEnv, jsonPathAssignment, nextStep, type StepResult, type Visit } from '../visit';

/*
 * Pass (Developer Guide, "Pass workflow state"): passes its input to its output, optionally
 * shaping it. JSONPath: InputPath → Parameters → Result (in place of the effective input) →
 * Assign → ResultPath → OutputPath. JSONata: Assign and Output.
 */

/** The body of a JSONPath Pass state. Synchronous: no promise per visit on the hot path. */
export function runPass(visit: Visit, state: PassState, rawInput: Json): StepResult {
  let effective = applyInputPath(rawInput, state.InputPath, visit);
  const parameters = visit.plan.parameters;
  if (parameters !== undefined) effective = applyCompiledTemplate(parameters, effective, visit);
  const result = state.Result !== undefined ? state.Result : effective;
  if (visit.plan.assign !== undefined) visit.assigned = jsonPathAssignment(visit.plan.assign, result, visit);
  const merged = applyResultPath(rawInput, result, state.ResultPath);
  const output = applyOutputPath(merged, state.OutputPath, visit);
  return nextStep(output, state.End ? undefined : state.Next);
}

/** The body of a JSONata Pass state. */
export async function runPassJsonata(visit: Visit, state: PassState, rawInput: Json): Promise<StepResult> {
  const env = jsonataEnv(visit, rawInput);
  const r = await evaluateAssignAndOutput(state, env, rawInput);
  visit.assigned = r.assignment;
  return nextStep(r.output, !state.End ? state.Next : undefined);
}
