import type { RedrivePreserved } from '@common/engine/redrive/resume';

/**
 * Indexes as a short list (at most ten, then "…"): Parallel branches as the graph numbers them
 * ("branches 1, 3", from 1), Map iterations by their index in AWS's events ("index 0, 2").
 */
function indexList(kind: RedrivePreserved['kind'], indexes: readonly number[]): string {
  const shown = kind === 'parallel' ? indexes.map((i) => i + 1) : indexes;
  const text = shown.length > 10 ? `${shown.slice(0, 10).join(', ')}, …` : shown.join(', ');
  if (kind === 'map' || kind === 'mapRun') return `index ${text}`;
  return `${indexes.length === 1 ? 'branch' : 'branches'} ${text}`;
}

/**
 * What "Redrive" will do, in words: for a failed Parallel or inline Map, how many branches
 * (iterations) run again and which are kept; for a failed Distributed Map (`distributedMap`, its
 * name; its children are in the store, not in the history), that only its unsuccessful child
 * executions run again; otherwise that the failed state runs again.
 */
export function redriveSummary(preview: RedrivePreserved | undefined, distributedMap?: string): string {
  if (preview === undefined && distributedMap !== undefined) {
    return `Redrive redrives the Map Run of "${distributedMap}": only its child executions that did not succeed run again; those that succeeded keep their results.`;
  }
  if (preview === undefined) return 'Redrive runs the failed state again with its original input; the states before it are not run again.';
  const { kind } = preview;
  const [one, many] = kind === 'map' ? ['iteration', 'iterations'] : kind === 'mapRun' ? ['child execution', 'child executions'] : ['branch', 'branches'];
  const kept = preview.kept.length === 0 ? 'keeps none' : `keeps ${preview.kept.length} that succeeded (${indexList(kind, preview.kept)})`;
  if (preview.total !== undefined && preview.redriven !== undefined) {
    const again = preview.redriven.length;
    return `Redrive runs ${again} of ${preview.total} ${preview.total === 1 ? one : many} of "${preview.state}" again (${indexList(kind, preview.redriven)}) and ${kept}.`;
  }
  return `Redrive runs the unsuccessful ${many} of "${preview.state}" again and ${kept}.`;
}
