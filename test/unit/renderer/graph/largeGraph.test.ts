import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../../../src-main/common/json';
import { isValid, validateDefinition, formatDiagnostic } from '../../../../src-main/common/asl/validate';
import { layoutDefinition, MAX_NODE_WIDTH, type GraphLayout, type GraphNode } from '../../../../src-renderer/features/graph/layout';
import { allStateNames, largeDefinition } from './largeDefinition';

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
const isLeaf = (n: GraphNode) => n.kind === 'state' || n.kind === 'start' || n.kind === 'end';

describe('a 200-state machine in the graph (issue #6)', () => {
  const definition = largeDefinition(200);
  let layout: GraphLayout;

  it('is a valid definition of exactly 200 states, with Choice, Parallel, Map, Retry and Catch', () => {
    const diagnostics = validateDefinition(definition as unknown as Json);
    expect(isValid(diagnostics), diagnostics.map(formatDiagnostic).join('\n')).toBe(true);
    const names = allStateNames(definition);
    expect(names).toHaveLength(200);
    expect(new Set(names).size).toBe(200);
    const text = JSON.stringify(definition);
    for (const word of ['"Choice"', '"Parallel"', '"Map"', '"Retry"', '"Catch"']) expect(text).toContain(word);
  });

  // The layout's time is measured by `npm run bench` (test/bench/viewBench.ts); the test checks the work:
  // the whole definition goes to ELK as one graph, laid out once.
  it('is laid out by ELK in one call, with a node for every state', async () => {
    const elk = new ELK();
    let calls = 0;
    layout = await layoutDefinition(definition, { layout: (graph) => (calls++, elk.layout(graph)) });
    expect(calls).toBe(1);
    const states = new Set(layout.nodes.filter((n) => n.state !== undefined).map((n) => n.state));
    expect(states.size).toBe(200);
  });

  it('keeps state boxes apart and no wider than MAX_NODE_WIDTH; long names are shortened, the full name kept', () => {
    const leaves = layout.nodes.filter(isLeaf);
    for (let i = 0; i < leaves.length; i++) {
      expect(leaves[i].width, leaves[i].id).toBeLessThanOrEqual(MAX_NODE_WIDTH);
      for (let j = i + 1; j < leaves.length; j++) expect(overlaps(leaves[i], leaves[j]), `${leaves[i].id} / ${leaves[j].id}`).toBe(false);
    }
    const long = layout.nodes.find((n) => n.state === 'ValidateCustomerShippingAddressAgainstCarrierRules0')!;
    expect(long.label).toBe('ValidateCustomerShippingAddressAgainstCarrierRules0');
    expect(long.display.endsWith('Rules0')).toBe(true);
    expect(long.display).toContain('…');
    expect(long.display.length * 7.2 + 24).toBeLessThanOrEqual(long.width);
  });

  it('places edge labels (Choice rules, Catch, Retry loops) where they overlap no state and no other label', () => {
    const leaves = layout.nodes.filter(isLeaf);
    const labels = layout.edges.filter((e) => e.labelBox !== undefined).map((e) => ({ id: e.id, box: e.labelBox! }));
    expect(labels.length).toBeGreaterThan(100);
    for (const l of labels) for (const n of leaves) expect(overlaps(l.box, n), `${l.id} / ${n.id}`).toBe(false);
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) expect(overlaps(labels[i].box, labels[j].box), `${labels[i].id} / ${labels[j].id}`).toBe(false);
    }
  });

  it('draws a Retry loop on every state with Retry, labelled with its errors and MaxAttempts', () => {
    const loops = layout.edges.filter((e) => e.kind === 'retry');
    const withRetry = layout.nodes.filter((n) => n.retry !== undefined);
    expect(loops.map((e) => e.from).sort()).toEqual(withRetry.map((n) => n.state).sort());
    for (const e of loops) {
      expect(e.from).toBe(e.to);
      expect(e.label).toBe('↻ Lambda.ServiceException +1 ×3 · States.ALL ×1');
      expect(e.points.length).toBeGreaterThanOrEqual(2);
    }
  });
});
