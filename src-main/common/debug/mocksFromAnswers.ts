import { isJsonObject, type Json, type JsonObject } from '../json';
import type { SessionTaskAnswer } from './debugSession';

/**
 * Turns the answers a debug session gave Tasks that no mock answered into a MockConfigFile test
 * case (Developer Guide, "Configuration file for mocked service integrations"), merged into the
 * mock config the run had, if any: its test case's states are kept and the answered states added,
 * each with a mocked response named after the state. Equal answers of consecutive invocations
 * share one range key ("0-2"). Answers in child executions started by `states:startExecution`
 * belong to another state machine and are left out.
 */
export interface MocksFromAnswers {
  /** The MockConfigFile, ready to save. */
  mockConfig: JsonObject;
  stateMachine: string;
  testCase: string;
  /** The states added, with their number of invocations. */
  states: Record<string, number>;
}

function answerJson(answer: SessionTaskAnswer): Json {
  const o = answer.outcome;
  if (o.kind === 'success') return { Return: o.output };
  const thrown: JsonObject = {};
  if (o.failure.error !== undefined) thrown.Error = o.failure.error;
  if (o.failure.cause !== undefined) thrown.Cause = o.failure.cause;
  return { Throw: thrown };
}

function uniqueName(base: string, taken: JsonObject): string {
  let name = base;
  for (let n = 2; Object.prototype.hasOwnProperty.call(taken, name); n++) name = `${base}${n}`;
  return name;
}

/**
 * The MockConfigFile of a session's answers. `executionArn` is the debugged execution's: answers
 * in other executions whose ARN is not of a Map Run child (`…:mapRun…` / `express` children share
 * the definition's state names) are left out.
 */
export function mocksFromAnswers(
  answers: readonly SessionTaskAnswer[],
  options: { stateMachine: string; testCase: string; executionArn?: string; base?: Json },
): MocksFromAnswers {
  const base = isJsonObject(options.base ?? null) ? (options.base as JsonObject) : {};
  const machines: JsonObject = isJsonObject(base.StateMachines ?? null) ? { ...(base.StateMachines as JsonObject) } : {};
  const responses: JsonObject = isJsonObject(base.MockedResponses ?? null) ? { ...(base.MockedResponses as JsonObject) } : {};
  const machine: JsonObject = isJsonObject(machines[options.stateMachine] ?? null) ? { ...(machines[options.stateMachine] as JsonObject) } : {};
  const cases: JsonObject = isJsonObject(machine.TestCases ?? null) ? { ...(machine.TestCases as JsonObject) } : {};
  const testCase: JsonObject = isJsonObject(cases[options.testCase] ?? null) ? { ...(cases[options.testCase] as JsonObject) } : {};

  const byState = new Map<string, SessionTaskAnswer[]>();
  for (const answer of answers) {
    if (options.executionArn !== undefined && answer.executionArn !== undefined && answer.executionArn !== options.executionArn && !isMapRunChild(answer.executionArn, options.executionArn)) continue;
    if (testCase[answer.stateName] !== undefined && !byState.has(answer.stateName)) continue; // the run's own mock answers it
    const list = byState.get(answer.stateName) ?? [];
    list.push(answer);
    byState.set(answer.stateName, list);
  }
  const states: Record<string, number> = {};
  for (const [stateName, list] of byState) {
    list.sort((a, b) => a.invocationIndex - b.invocationIndex);
    const response: JsonObject = {};
    // Keys count from 0 in invocation order (a MockConfigFile numbers invocations consecutively).
    let start = 0;
    for (let i = 1; i <= list.length; i++) {
      const current = answerJson(list[start]);
      if (i < list.length && JSON.stringify(answerJson(list[i])) === JSON.stringify(current)) continue;
      response[i - 1 === start ? String(start) : `${start}-${i - 1}`] = current;
      start = i;
    }
    const name = uniqueName(`${stateName.replace(/[^A-Za-z0-9_-]/g, '_')}Answer`, responses);
    responses[name] = response;
    testCase[stateName] = name;
    states[stateName] = list.length;
  }
  cases[options.testCase] = testCase;
  machine.TestCases = cases;
  machines[options.stateMachine] = machine;
  return { mockConfig: { StateMachines: machines, MockedResponses: responses }, stateMachine: options.stateMachine, testCase: options.testCase, states };
}

/** A Distributed Map's child runs the parent's states: its ARN names the parent's state machine. */
function isMapRunChild(childArn: string, parentArn: string): boolean {
  const parentMachine = parentArn.split(':')[6];
  const childParts = childArn.split(':');
  return childParts[5] === 'express' || (childParts[6] ?? '').startsWith(`${parentMachine}/`);
}
