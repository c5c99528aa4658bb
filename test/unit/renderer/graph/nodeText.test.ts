import { describe, expect, it } from 'vitest';
import { compoundProgressAt, iterationProgressIndex, type MapProgress } from '../../../../src-main/common/history/iterationProgress';
import { visitsFromEvents } from '../../../../src-main/common/history/visits';
import type { GraphNode } from '../../../../src-renderer/features/graph/layout';
import { nodeAccessibleName, progressSegments } from '../../../../src-renderer/features/graph/nodeText';
import { runExample } from '../../history/runExample';

const node = (over: Partial<GraphNode>): GraphNode => ({ id: 's:X', kind: 'state', label: 'X', display: 'X', x: 0, y: 0, width: 100, height: 30, depth: 0, ...over });

describe('graph node text and progress bar', () => {
  it('names a Map node with its iterations\' progress, and splits its bar by outcome (map-items OutOfStock)', async () => {
    const events = await runExample('map-items', 'OutOfStock');
    const p = compoundProgressAt(iterationProgressIndex(visitsFromEvents(events), events), 'ReserveLines', events.length - 1) as MapProgress;
    const map = node({ id: 's:ReserveLines', kind: 'map', label: 'ReserveLines', state: 'ReserveLines', stateType: 'Map' });
    expect(nodeAccessibleName(map, 'failed', p, [])).toBe('State ReserveLines, failed: 2 of 3 iterations done, 1 failed');
    const segments = progressSegments(p, 300);
    expect(segments.map((s) => [s.kind, s.x, s.width])).toEqual([
      ['succeeded', 0, 100],
      ['failed', 100, 100],
      ['aborted', 200, 0],
      ['running', 200, 0],
    ]);
  });

  it('names a Parallel node with each branch\'s status, and a plain state with its status only', () => {
    const parallel = node({ id: 's:P', kind: 'parallel', label: 'P', state: 'P', stateType: 'Parallel' });
    const branches = [node({ id: 'b:P:0', kind: 'branch', branchStart: 'A' }), node({ id: 'b:P:1', kind: 'branch', branchStart: 'B' })];
    const progress = { kind: 'parallel' as const, state: 'P', visit: 0, ordinal: 1, visitsSoFar: 1, chosen: 'latest' as const, path: 'P', status: 'running' as const, branches: new Map([['A', 'succeeded' as const]]) };
    expect(nodeAccessibleName(parallel, 'running', progress, branches)).toBe('State P, running: branch 1 succeeded, branch 2 not run');
    expect(nodeAccessibleName(node({ state: 'X' }), 'notRun', undefined, [])).toBe('State X, not run');
    expect(nodeAccessibleName(node({ state: 'X' }), 'succeeded', undefined, [], 1)).toBe('State X, succeeded in attempt 1');
  });
});
