import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../../src-main/common/asl/types';
import { coverageFile, coverageModel, type CoverageHits } from '../../../../src-main/common/usertests/coverage';
import { definitionToElk } from '../../../../src-renderer/features/graph/layout';
import { edgeCoverage, heat, parseCoverageFile, stateHits } from '../../../../src-renderer/features/coverage/coverageMap';

// Issue #17: a coverage file drawn on the graph — every transition edge of the layout finds its coverage item.

const ROOT = join(__dirname, '../../../..');

describe('coverage on the graph', () => {
  it('matches every Next, Choice rule, Default, Catch and Retry edge of a layout to its item', () => {
    const definition = JSON.parse(readFileSync(join(ROOT, 'resources/examples/order-pipeline/definition.json'), 'utf8')) as StateMachineDefinition;
    const items = coverageModel(definition);
    const hits: CoverageHits = new Map(items.filter((i) => i.kind !== 'catch').map((i, n) => [i.id, n + 1]));
    const file = coverageFile([{ definitionRef: 'd.json', stateMachineName: 'OrderPipeline', definition, items, hits, cases: ['a'] }]);
    expect(parseCoverageFile(JSON.parse(JSON.stringify(file)))).toEqual(file);
    expect(parseCoverageFile({ stepscopeCoverage: 2, stateMachines: [] })).toBeUndefined();

    const { meta } = definitionToElk(definition);
    const edges = [...meta.edges.values()];
    const covered = edgeCoverage(edges, file.stateMachines[0]);
    const transitionItems = items.filter((i) => ['next', 'choice', 'default', 'catch'].includes(i.kind)).map((i) => i.id).sort();
    const drawn = [...covered.values()].flatMap((c) => c.items.map((i) => i.id));
    // Every transition item is on exactly one edge; each Retry loop carries its retried and exhausted items.
    expect(drawn.filter((id) => !id.startsWith('retry:') && !id.startsWith('exhausted:')).sort()).toEqual(transitionItems);
    expect(drawn.filter((id) => id.startsWith('retry:') || id.startsWith('exhausted:')).sort()).toEqual(items.filter((i) => i.kind === 'retry' || i.kind === 'exhausted').map((i) => i.id).sort());
    for (const e of edges) {
      const c = covered.get(e.id);
      if (e.kind === 'catch') expect(c).toMatchObject({ hits: 0, covered: false });
      if (e.kind === 'choice' || e.kind === 'next') expect(c?.covered).toBe(true);
      if (e.kind === 'start' || e.kind === 'end') expect(c).toBeUndefined();
    }
    const { hits: perState, max } = stateHits(file.stateMachines[0]);
    expect(perState.size).toBe(items.filter((i) => i.kind === 'state').length);
    expect(perState.get('ChargeCard')).toBeGreaterThan(0);
    expect(heat(0, max)).toBe(0);
    expect(heat(max, max)).toBe(1);
    expect(heat(1, max)).toBeGreaterThan(0);
  });
});
