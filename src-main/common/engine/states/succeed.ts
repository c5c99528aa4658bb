import type { Json } from '../../json';
import type { SucceedState } from '../../asl/types';
import { applyInputPath, applyOutputPath } from '../dataflow/payloadTemplate';
import { evaluateAssignAndOutput } from '../jsonata/states';
import { jsonataEnv, nextStep, type StepResult, type Visit } from '../visit';

/*
 * Succeed (Developer Guide, "Succeed workflow state"): ends its branch successfully. JSONPath:
 * InputPath → OutputPath. JSONata: Output (and Assign, though nothing can read it afterwards).
 */

/** The body of a JSONPath Succeed state: the branch ends with the state's output. */
export function runSucceed(visit: Visit, state: SucceedState, rawInput: Json): StepResult {
  const effective = applyInputPath(rawInput, state.InputPath, visit);
  return nextStep(applyOutputPath(effective, state.OutputPath, visit), undefined);
}

/** The body of a JSONata Succeed state. */
export async function runSucceedJsonata(visit: Visit, state: SucceedState, rawInput: Json): Promise<StepResult> {
  const env = jsonataEnv(visit, rawInput);
  const r = await evaluateAssignAndOutput(state, env, rawInput);
  visit.assigned = r.assignment;
  return nextStep(r.output, undefined);
}
