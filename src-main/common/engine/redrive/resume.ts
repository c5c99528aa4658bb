import type { Json, JsonObject } from '../../json';

/**
 * What a redrive gives the engine so that a Parallel or inline Map state re-runs only the
 * branches or iterations that did not succeed in the earlier attempt (Developer Guide,
 * "Restarting state machine executions with redrive": "For workflows that include an Inline Map
 * or Parallel state, RedriveExecution reschedules and redrives only the iterations and branches
 * that failed or aborted"). The history reader is resumeFromHistory.ts; the interpreter takes a
 * `CompoundResume` on the first attempt of the resumed visit (RunOptions.startAt.resume, or a
 * resumed branch's `FlowResume.compound`).
 *
 * The shapes are plain JSON-able objects (records keyed by the index's decimal text), so that
 * RunOptions can cross a worker boundary.
 */

/** Where one flow (a Parallel branch or a Map iteration) goes on in a redrive. */
export interface FlowResume {
  /** The state of the flow that failed or was aborted: it runs again from its start. */
  state: string;
  /** The raw input that state was entered with. */
  input: Json;
  /** Variables the flow's own scope held when that state was entered (assigned by its earlier states). */
  variables?: JsonObject;
  /** When `state` is itself a Parallel or inline Map: what its earlier attempt left (recursively). */
  compound?: CompoundResume;
}

/** What the earlier attempt of a Parallel or inline Map visit left for its redrive. */
export interface CompoundResume {
  kind: 'parallel' | 'map';
  /**
   * Outputs of the branches (iterations) that succeeded, by index: kept, not run again, and no
   * event of theirs is written again.
   */
  preserved: Record<string, Json>;
  /**
   * Branches (iterations) that had started and did not succeed, by index: each goes on from the
   * state that failed or was aborted, with the input that state had. An index in neither record
   * (never started, or stopped before its first state) runs from its start.
   */
  resumed: Record<string, FlowResume>;
  /** How many branches (iterations) the visit has, when known (for a summary; the engine does not read it). */
  total?: number;
}

/** How one branch or iteration runs in a redriven visit. */
export type BranchRedrive = { kind: 'kept'; output: Json } | { kind: 'resumed'; flow: FlowResume } | undefined;

/** Branch (iteration) `index` of a redriven visit: kept, resumed, or undefined (runs from its start). */
export function branchRedrive(resume: CompoundResume, index: number): BranchRedrive {
  const key = String(index);
  if (Object.prototype.hasOwnProperty.call(resume.preserved, key)) return { kind: 'kept', output: resume.preserved[key] };
  if (Object.prototype.hasOwnProperty.call(resume.resumed, key)) return { kind: 'resumed', flow: resume.resumed[key] };
  return undefined;
}

/**
 * Merges the plan read from the latest attempt of a visit with the plan of the attempt before
 * it (a redrive of a redriven execution). A redriven visit writes no event for a kept branch, so
 * an index the latest attempt did not touch keeps what the earlier attempt said of it; an index
 * the latest attempt resumed again merges its nested plans the same way.
 */
export function mergeResume(latest: CompoundResume, earlier: CompoundResume | undefined): CompoundResume {
  if (earlier === undefined || earlier.kind !== latest.kind) return latest;
  const preserved: Record<string, Json> = { ...latest.preserved };
  const resumed: Record<string, FlowResume> = { ...latest.resumed };
  for (const [key, output] of Object.entries(earlier.preserved)) {
    if (!(key in preserved) && !(key in resumed)) preserved[key] = output;
  }
  for (const [key, flow] of Object.entries(earlier.resumed)) {
    if (key in preserved) continue;
    const now = resumed[key];
    if (now === undefined) resumed[key] = flow;
    else if (now.compound !== undefined && now.state === flow.state) {
      resumed[key] = { ...now, compound: mergeResume(now.compound, flow.compound) };
    }
  }
  return { kind: latest.kind, preserved, resumed };
}

/**
 * What a redrive of a failed Parallel or inline Map state keeps (its top level; nested states are
 * resumed the same way), for the UI: "redrives 2 of 5 iterations".
 */
export interface RedrivePreserved {
  state: string;
  /** `mapRun`: a Distributed Map, whose kept items are child executions of its Map Run (redrive/mapRun.ts). */
  kind: 'parallel' | 'map' | 'mapRun';
  /** Branches (iterations, Map Run items) the state has, when known. */
  total: number | undefined;
  /** Indexes of the branches (iterations) kept with their earlier outputs, ascending. */
  kept: number[];
  /** Indexes that run again (failed, aborted or never started), ascending, when `total` is known. */
  redriven: number[] | undefined;
}

/** The summary of the plan of state `state`. */
export function summariseResume(state: string, resume: CompoundResume): RedrivePreserved {
  const kept = Object.keys(resume.preserved)
    .map(Number)
    .sort((a, b) => a - b);
  const total = resume.total;
  const redriven = total === undefined ? undefined : Array.from({ length: total }, (_, i) => i).filter((i) => !kept.includes(i));
  return { state, kind: resume.kind, total, kept, redriven };
}
