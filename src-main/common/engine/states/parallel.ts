import type { Json } from '../../json';
import type { ParallelState } from '../../asl/types';
import type { Failure } from '../errors';
import { runGroup } from '../scheduler';
import { branchRedrive, type BranchRedrive } from '../redrive/resume';
import { applyCompiledTemplate, applyInputPath, type DataflowEnv } from '../dataflow/payloadTemplate';
import { evaluateJsonataTemplate } from '../jsonata/evaluate';
import { releaseScopeVariables } from '../variables/variables';
import { abortScope, newScope, removeChild, type BranchResult, type Execution, type Flow, type Scope } from '../execution';
import { finishResult, jsonataEnv, StateFailure, type Visit } from '../visit';
import { setDebugBranch } from '../debugHooks';
import { emitAborts, resumeInScope, takeRedrive } from './branches';

/*
 * Parallel (Developer Guide, "Parallel workflow state"): runs every branch on the same effective
 * input, each on a flow and in a scope of its own, and outputs their outputs in branch order.
 * ParallelStateStarted → the branches' events, interleaved as the scheduler runs them →
 * ParallelStateSucceeded. The first branch to fail aborts the others (their <Type>StateAborted
 * events follow its failure) and fails the state (ParallelStateFailed once no Retry applies).
 */

/** The body of a Parallel state: its result after the output steps (finishResult). */
export async function runParallel(exec: Execution, visit: Visit, state: ParallelState, rawInput: Json): Promise<Json> {
  const env: DataflowEnv = visit;
  let effective = applyInputPath(rawInput, state.InputPath, env);
  const parameters = visit.plan.parameters;
  if (parameters !== undefined) effective = applyCompiledTemplate(parameters, effective, env);
  if (visit.plan.jsonata && state.Arguments !== undefined) {
    effective = await evaluateJsonataTemplate(state.Arguments, 'Arguments', jsonataEnv(visit, rawInput));
  }
  const flow = visit.flow;
  exec.emit(flow, 'ParallelStateStarted');
  const group = newScope(visit.scope);
  const scopes: Scope[] = [];
  const flows: Flow[] = [];
  let firstFailure: { failure: Failure; source: number; index: number } | undefined;
  const resume = takeRedrive(visit);
  const results = await runGroup(
    exec.scheduler,
    state.Branches.length,
    0,
    async (i) => {
      const redriven: BranchRedrive = resume === undefined ? undefined : branchRedrive(resume, i);
      // A redrive keeps a branch that succeeded in the earlier attempt: its output, no events.
      if (redriven?.kind === 'kept') return { ok: true, output: redriven.output, outputText: undefined } satisfies BranchResult;
      const scope = newScope(group);
      scopes[i] = scope;
      if (exec.debugBranches !== undefined) setDebugBranch(exec, scope, visit, `branch ${i}`, state.Branches.length);
      const branchFlow: Flow = { source: flow.source };
      flows[i] = branchFlow;
      const r =
        redriven === undefined
          ? await exec.driver.runBranch(exec, state.Branches[i], effective, branchFlow, scope, undefined)
          : await exec.driver.runBranch(exec, state.Branches[i], resumeInScope(exec, scope, redriven.flow), branchFlow, scope, undefined, undefined, redriven.flow.state);
      // The branch's scope is discarded: its variables no longer count (engine/variables).
      if (scope.sizes !== undefined) releaseScopeVariables(scope, exec.variableBudget);
      if (!r.ok && 'failure' in r && !firstFailure) {
        firstFailure = { failure: r.failure, source: r.source, index: i };
        abortScope(group);
      }
      return r;
    },
    () => !firstFailure,
  );
  removeChild(visit.scope, group);
  if (firstFailure) {
    const failFlow: Flow = { source: firstFailure.source };
    emitAborts(exec, failFlow, scopes, firstFailure.index);
    flow.source = failFlow.source;
    throw new StateFailure(firstFailure.failure, false, () => exec.emit(flow, 'ParallelStateFailed'));
  }
  for (const f of flows) if (f && f.source > flow.source) flow.source = f.source;
  const outputs = results.map((r) => (r && r.ok ? r.output : null));
  exec.emit(flow, 'ParallelStateSucceeded', undefined, undefined, false);
  return finishResult(visit, state, rawInput, outputs);
}
