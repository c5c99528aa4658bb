import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '@common/asl/types';
import { definitionToElk, describeChoiceRule, layoutDefinition, type GraphNode } from '../../../../src-renderer/features/graph/layout';
import { largeDefinition } from './largeDefinition';

const EXAMPLES = join(__dirname, '../../../../resources/examples');
const definitionOf = (example: string) => JSON.parse(readFileSync(join(EXAMPLES, example, 'definition.json'), 'utf8')) as StateMachineDefinition;

function inside(inner: GraphNode, outer: GraphNode): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

function overlaps(a: GraphNode, b: GraphNode): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('graph layout', () => {
  it('nests Parallel branches and a Map\'s item processor as compound nodes (order-pipeline)', async () => {
    const layout = await layoutDefinition(definitionOf('order-pipeline'), new ELK());
    const node = (id: string) => layout.nodes.find((n) => n.id === id)!;
    expect(node('s:Fulfil').kind).toBe('parallel');
    expect(node('s:ShipItems').kind).toBe('map');
    expect(inside(node('b:Fulfil:0'), node('s:Fulfil'))).toBe(true);
    expect(inside(node('s:ShipItems'), node('b:Fulfil:0'))).toBe(true);
    expect(inside(node('s:Ship'), node('s:ShipItems'))).toBe(true);
    expect(inside(node('s:SendEmail'), node('b:Fulfil:1'))).toBe(true);
    // Containers come before what they contain, so they are drawn beneath it.
    expect(layout.nodes.findIndex((n) => n.id === 's:Fulfil')).toBeLessThan(layout.nodes.findIndex((n) => n.id === 's:Ship'));
  });

  it('keeps the leaf states of one scope apart', async () => {
    const layout = await layoutDefinition(definitionOf('order-pipeline'), new ELK());
    const leaves = layout.nodes.filter((n) => n.kind === 'state' && n.depth === 0);
    for (const a of leaves) for (const b of leaves) if (a !== b) expect(overlaps(a, b), `${a.id} / ${b.id}`).toBe(false);
  });

  it('labels Choice edges with their rule, styles Default and Catch edges apart, and keeps Retry on the node', async () => {
    const layout = await layoutDefinition(definitionOf('order-pipeline'), new ELK());
    const byPair = new Map(layout.edges.map((e) => [`${e.from}→${e.to}`, e]));
    expect(byPair.get('IsValid→ChargeCard')).toMatchObject({ kind: 'choice', label: '$.validation.valid == true' });
    expect(byPair.get('IsValid→Rejected')).toMatchObject({ kind: 'default', label: 'Default' });
    expect(byPair.get('ChargeCard→PaymentDeclined')).toMatchObject({ kind: 'catch', label: 'Catch Payments.Declined' });
    expect(byPair.get('→ValidateOrder')?.kind).toBe('start');
    expect(layout.nodes.find((n) => n.state === 'ChargeCard')?.retry).toBe('Payments.Throttled ×3');
    for (const e of layout.edges) expect(e.points.length, e.id).toBeGreaterThanOrEqual(2);
  });

  it('keeps a Map node wide enough for its progress header, and a Retry loop on each state with Retry (order-pipeline)', async () => {
    const layout = await layoutDefinition(definitionOf('order-pipeline'), new ELK());
    const map = layout.nodes.find((n) => n.id === 's:ShipItems')!;
    expect(map.width).toBeGreaterThanOrEqual(250);
    expect(map.height).toBeLessThan(200);
    const ship = layout.nodes.find((n) => n.id === 's:Ship')!;
    expect(ship.y - map.y).toBeGreaterThanOrEqual(54);
    const loops = layout.edges.filter((e) => e.kind === 'retry');
    expect(loops.map((e) => [e.from, e.to, e.label])).toEqual([['ChargeCard', 'ChargeCard', '↻ Payments.Throttled ×3']]);
  });

  it('lays out every gallery example', async () => {
    for (const example of ['choice-loop', 'error-handling', 'jsonata-orders', 'map-items', 'parallel-fan-out', 'human-approval', 'distributed-map-csv']) {
      const definition = definitionOf(example);
      const layout = await layoutDefinition(definition, new ELK());
      expect(layout.nodes.filter((n) => n.kind !== 'branch' && n.kind !== 'start' && n.kind !== 'end').length, example).toBeGreaterThanOrEqual(Object.keys(definition.States).length);
    }
  });

  it('draws Parallel branches left to right in the definition\'s order (issue #6: Branch 3 was drawn left of Branch 1)', async () => {
    const branch = (name: string, states: number) => ({
      StartAt: `${name}1`,
      States: Object.fromEntries(Array.from({ length: states }, (_, k) => [`${name}${k + 1}`, k + 1 < states ? { Type: 'Pass', Next: `${name}${k + 2}` } : { Type: 'Pass', End: true }])),
    });
    const small = { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [branch('A', 3), branch('B', 1), branch('C', 2), branch('D', 3)], End: true } } } as unknown as StateMachineDefinition;
    const orderOf = (layout: { nodes: GraphNode[] }, parallel: string) => layout.nodes
      .filter((n) => n.kind === 'branch' && n.id.startsWith(`b:${parallel}:`))
      .sort((a, b) => a.x - b.x)
      .map((n) => n.label);
    expect(orderOf(await layoutDefinition(small, new ELK()), 'P')).toEqual(['Branch 1', 'Branch 2', 'Branch 3', 'Branch 4']);
    // The 200-state machine of issue #6, where every three-branch Parallel came out as 3, 1, 2.
    const large = await layoutDefinition(largeDefinition(200), new ELK());
    const parallels = large.nodes.filter((n) => n.kind === 'parallel').map((n) => n.state!);
    expect(parallels.length).toBeGreaterThan(0);
    for (const p of parallels) expect(orderOf(large, p), p).toEqual(['Branch 1', 'Branch 2', 'Branch 3']);
  }, 30_000);

  it('labels the Choice edges of a graph rebuilt from a history "condition unknown"', () => {
    const { meta } = definitionToElk(definitionOf('order-pipeline'), { conditionsUnknown: true });
    expect([...meta.edges.values()].find((e) => e.kind === 'choice')?.label).toBe('condition unknown');
  });

  it('builds the ELK graph without laying it out, skipping transitions to unknown states', () => {
    const { graph, meta } = definitionToElk({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Missing' } } } as unknown as StateMachineDefinition);
    expect(graph.children?.map((c) => c.id)).toEqual(['start', 's:A', 'end']);
    expect([...meta.edges.values()].map((e) => e.kind)).toEqual(['start']);
  });
});

describe('describeChoiceRule', () => {
  it('summarises comparisons, combinations and JSONata conditions', () => {
    expect(describeChoiceRule({ Variable: '$.n', NumericGreaterThan: 3, Next: 'X' })).toBe('$.n > 3');
    expect(describeChoiceRule({ Variable: '$.s', StringEqualsPath: '$.t', Next: 'X' })).toBe('$.s == $.t');
    expect(describeChoiceRule({ And: [{ Variable: '$.a', IsPresent: true }, { Not: { Variable: '$.b', BooleanEquals: false } }], Next: 'X' })).toBe('$.a IsPresent and not ($.b == false)');
    expect(describeChoiceRule({ Condition: '{% $total > 500 %}', Next: 'X' })).toBe('$total > 500');
  });
});
