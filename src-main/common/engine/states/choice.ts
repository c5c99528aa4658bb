import type { Json, JsonObject } from '../../json';
import type { ChoiceState } from '../../asl/types';
import { StatesError, StatesErrors } from '../errors';
import { applyInputPath, applyOutputPath, compilePayloadTemplate } from '../dataflow/payloadTemplate';
import { evaluateCompiledChoiceRules } from '../choice/evaluateChoice';
import { evaluateAssignAndOutput, evaluateCondition } from '../jsonata/states';
import { jsonataEnv, jsonPathAssignment, nextStep, type StepResult, type Visit } from '../visit';

/*
 * Choice (Developer Guide, "Choice workflow state"): the first rule that matches names the next
 * state, else Default, else States.NoChoiceMatched. JSONPath: InputPath → rules (compiled once per
 * execution, StatePlan.choices) → the matched rule's Assign, or the state's with Default →
 * OutputPath. JSONata: each rule's Condition in order, then that rule's (or the state's) Assign
 * and Output.
 */

/** The body of a JSONPath Choice state. Synchronous. */
export function runChoice(visit: Visit, state: ChoiceState, rawInput: Json): StepResult {
  const env = visit;
  const effective = applyInputPath(rawInput, state.InputPath, env);
  const match = evaluateCompiledChoiceRules(visit.plan.choices!, effective, env);
  let next: string | undefined;
  if (match) {
    next = match.next;
    const ruleAssign = state.Choices[match.matchedIndex].Assign;
    if (ruleAssign !== undefined) visit.assigned = jsonPathAssignment(compilePayloadTemplate(ruleAssign, 'Assign'), effective, env);
  } else if (state.Default !== undefined) {
    next = state.Default;
    if (visit.plan.assign !== undefined) visit.assigned = jsonPathAssignment(visit.plan.assign, effective, env);
  } else {
    throw new StatesError(
      StatesErrors.NoChoiceMatched,
      `No Matches!`,
      false,
    );
  }
  return nextStep(applyOutputPath(effective, state.OutputPath, env), next, match ? match.matchedIndex : 'Default');
}

/** The body of a JSONata Choice state. */
export async function runChoiceJsonata(visit: Visit, state: ChoiceState, rawInput: Json): Promise<StepResult> {
  const env = jsonataEnv(visit, rawInput);
  const rules = state.Choices;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (await evaluateCondition(rule, env, `Choices[${i}]/Condition`)) {
      const r = await evaluateAssignAndOutput(rule as { Assign?: JsonObject; Output?: Json }, env, rawInput, `Choices[${i}]/`);
      visit.assigned = r.assignment;
      return nextStep(r.output, String(rule.Next), i);
    }
  }
  if (state.Default === undefined) throw new StatesError(StatesErrors.NoChoiceMatched, `No Matches!`, false);
  const r = await evaluateAssignAndOutput(state, env, rawInput);
  visit.assigned = r.assignment;
  return nextStep(r.output, state.Default, 'Default');
}
