import type { Visit } from '@common/history/visits';

/**
 * Asking the inspector to select a state from outside it (the debugger's Call stack panel): the
 * state, and the branch path it runs in (`["Fan", "iteration 1"]`, as the debugger names
 * branches), so that the graph and the data-flow view show that iteration's visit.
 */
export interface SelectionRequest {
  executionId: string;
  state: string;
  branch: readonly string[];
}

const listeners = new Set<(request: SelectionRequest) => void>();

/** Selects `state` (in `branch`) in the inspector of `executionId`, if one is shown. */
export function requestInspectorSelection(request: SelectionRequest): void {
  for (const listener of [...listeners]) listener(request);
}

/** Listens to selection requests (the inspector does); returns the disposer. */
export function onInspectorSelection(listener: (request: SelectionRequest) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The latest visit of `state` inside `branch`: each Map iteration of the path must match the
 * visit's iteration index, each Parallel and Map the state the visit ran in. Undefined when there
 * is none yet (a stop before the state is entered) or when the path leaves this execution (a
 * child execution's states are in the child's own history).
 */
export function visitInBranch(visits: readonly Visit[], state: string, branch: readonly string[]): number | undefined {
  if (branch.length % 2 !== 0 || branch.some((label, i) => i % 2 === 1 && label.startsWith('execution '))) return undefined;
  for (let v = visits.length - 1; v >= 0; v--) {
    if (visits[v].state !== state) continue;
    let cur: Visit | undefined = visits[v];
    for (let k = branch.length - 2; k >= 0 && cur !== undefined; k -= 2) {
      const parent: Visit | undefined = cur.parent === null ? undefined : visits[cur.parent];
      const label = branch[k + 1];
      if (parent === undefined || parent.state !== branch[k]) cur = undefined;
      else if (label.startsWith('iteration ') && cur.iteration !== Number(label.slice(10))) cur = undefined;
      else cur = parent;
    }
    if (cur !== undefined && cur.parent === null) return v;
  }
  return undefined;
}
