import type { Json, JsonObject } from '../json';
import type { State } from '../asl/types';
import type { Failure } from './errors';
import type { ChildDebugInfo, DebugVerdict } from './run';
import { visibleVariables } from './variables/variables';
import { abortScope, type ChildParent, type ChildStart, type Execution, type Scope } from './execution';
import type { Visit } from './visit';

/*
 * Debugger hooks (RunOptions.debug; the session lives in src-main/common/debug). Only called when
 * a debugger is attached: the fast path tests `exec.debug` and `exec.debugBranches` and goes on.
 */

/** How many iterations (branches) each label of a scope's branch path has, by scope (see DebugLocation.branchSizes). */
const branchSizes = new WeakMap<Scope, readonly number[]>();

/**
 * Records the branch path of a Parallel branch / Map iteration scope: the visit's branch, its
 * state, `label`; `size` is how many branches (iterations) the state runs.
 */
export function setDebugBranch(exec: Execution, scope: Scope, visit: Visit, label: string, size: number): void {
  const parent = exec.debugBranches!.get(visit.scope) ?? [];
  exec.debugBranches!.set(scope, [...parent, visit.name, label]);
  branchSizes.set(scope, [...(branchSizes.get(visit.scope) ?? []), size]);
}

/** A hook's argument: where the state runs, plus `extra`. */
export function debugInfo<T extends object>(
  exec: Execution,
  name: string,
  state: State,
  scope: Scope,
  extra: T,
): T & { stateName: string; stateType: State['Type']; branch: readonly string[]; branchSizes: readonly number[]; mapIterationIndex: number | undefined; variables(): JsonObject } {
  const branch = exec.debugBranches!.get(scope) ?? [];
  let mapIterationIndex: number | undefined;
  // The path alternates state name, label: labels sit at odd indexes.
  for (let i = branch.length - 1; i > 0 && mapIterationIndex === undefined; i -= 2) {
    if (branch[i].startsWith('iteration ')) mapIterationIndex = Number(branch[i].slice(10));
  }
  return {
    ...extra,
    stateName: name,
    stateType: state.Type,
    branch,
    branchSizes: branchSizes.get(scope) ?? [],
    mapIterationIndex,
    variables: () => visibleVariables(scope) as JsonObject,
  };
}

/** What DebugHooks.child learns about a child that `visit` starts. */
export function childDebugInfo(exec: Execution, visit: ChildParent, start: ChildStart): ChildDebugInfo {
  const { stateName, stateType, branch, branchSizes: sizes, mapIterationIndex } = debugInfo(exec, visit.name, visit.state, visit.scope, {});
  const info: ChildDebugInfo = {
    parent: { stateName, stateType, branch, branchSizes: sizes, mapIterationIndex },
    startedBy: start.startedBy,
    executionName: start.name,
    executionArn: start.executionArn,
    stateMachineName: start.stateMachineName,
    stateMachineArn: start.stateMachineArn,
  };
  if (start.index !== undefined) info.itemIndex = start.index;
  return info;
}

/** True (and the execution aborted) when a hook asked to stop. */
export function debugStopped(exec: Execution, verdict: DebugVerdict): boolean {
  if (verdict === undefined || !('stop' in verdict)) return false;
  abortScope(exec.root);
  return true;
}

/** Reports a retried or caught error to the debugger; true when it stopped the execution (a promise while paused). */
export function debugHandledError(exec: Execution, visit: Visit, rawInput: Json, failure: Failure, handling: 'retried' | 'caught'): boolean | Promise<boolean> {
  const info = debugInfo(exec, visit.name, visit.state, visit.scope, {
    input: rawInput,
    error: failure.error,
    cause: failure.cause,
    handling,
  });
  const verdict = exec.debug!.onError!(info);
  if (verdict instanceof Promise) return verdict.then((v) => debugStopped(exec, v) || visit.scope.aborted);
  return debugStopped(exec, verdict) || visit.scope.aborted;
}
