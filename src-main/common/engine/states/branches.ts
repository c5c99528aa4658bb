import type { Json } from '../../json';
import type { CompoundResume, FlowResume } from '../redrive/resume';
import { seedVariables } from '../variables/variables';
import type { Execution, Flow, Scope } from '../execution';
import { ABORTABLE } from '../statePlan';
import type { Visit } from '../visit';

/*
 * What Parallel and inline Map share: the aborted events of the siblings of a failed branch or
 * iteration, and the redrive plan (engine/redrive) that a resumed Parallel or Map visit takes.
 */

/** After a branch of a Parallel/Map failed: the siblings' aborted events, in branch order. */
export function emitAborts(exec: Execution, flow: Flow, scopes: Scope[], failedIndex: number, iterationName?: string): void {
  scopes.forEach((scope, i) => {
    if (!scope) return;
    if (iterationName !== undefined && i !== failedIndex && scope.current) {
      exec.emit(flow, 'MapIterationAborted', 'mapIterationAbortedEventDetails', { index: i, name: iterationName }, false);
    }
    const cur = scope.current;
    if (cur) {
      const aborted = ABORTABLE[cur.state.Type];
      if (aborted) exec.emit(flow, aborted, undefined, undefined, false);
    }
  });
}

/**
 * Redrive (engine/redrive): the plan for a Parallel / inline Map visit, if its scope holds one for
 * this state. Taken once: a retry of the visit, or a later visit of the state, runs it whole.
 */
export function takeRedrive(visit: Visit): CompoundResume | undefined {
  const pending = visit.scope.redrive;
  if (pending === undefined || pending.state !== visit.name) return undefined;
  visit.scope.redrive = undefined;
  return pending.compound;
}

/** Sets up the scope of a branch (iteration) a redrive resumes mid-flow; returns the input of its resumed state. */
export function resumeInScope(exec: Execution, scope: Scope, flow: FlowResume): Json {
  if (flow.variables !== undefined) seedVariables(scope, flow.variables, exec.variableBudget);
  if (flow.compound !== undefined) scope.redrive = { state: flow.state, compound: flow.compound };
  return flow.input;
}
