import { isJsonObject, type Json } from '@common/json';
import type { CoverageFile, CoverageItem } from '@common/usertests';

/**
 * Coverage drawn on the graph: which coverage item (from a `stepscope test --coverage-file`
 * file) each node and edge of the graph layout stands for. Pure, no DOM.
 */

/** One state machine of a coverage file. */
export type CoverageMachine = CoverageFile['stateMachines'][number];

/** A coverage item with its hits. */
export type HitItem = CoverageItem & { hits: number };

/** Reads a coverage file's text; undefined when it is not one. */
export function parseCoverageFile(value: Json): CoverageFile | undefined {
  if (!isJsonObject(value) || value.stepscopeCoverage !== 1 || !Array.isArray(value.stateMachines)) return undefined;
  const ok = value.stateMachines.every((m) => isJsonObject(m) && isJsonObject(m.definition) && Array.isArray(m.items) && typeof m.definitionRef === 'string');
  return ok ? (value as unknown as CoverageFile) : undefined;
}

/** An edge of the layout, as coverage sees it. */
export interface EdgeRef {
  id: string;
  kind: string;
  from: string;
  to: string;
}

/** What an edge covers: its items (a Retry loop has two: retried and exhausted) and their hits. */
export interface EdgeCoverage {
  items: HitItem[];
  /** The hits of the edge's main item (for a Retry loop: retried). */
  hits: number;
  /** True when every item of the edge was exercised. */
  covered: boolean;
}

/**
 * Matches layout edges to coverage items: `next` → `next:<from>`, the n-th `choice` edge of a
 * state → `choice:<from>:<n>`, `default` → `default:<from>`, the n-th `catch` edge → `catch:<from>:<n>`,
 * a `retry` loop → every `retry:`/`exhausted:` item of the state. Start and end edges have no item.
 */
export function edgeCoverage(edges: readonly EdgeRef[], machine: CoverageMachine): Map<string, EdgeCoverage> {
  const byId = new Map(machine.items.map((i) => [i.id, i]));
  const seen = new Map<string, number>();
  const out = new Map<string, EdgeCoverage>();
  const put = (edgeId: string, items: (HitItem | undefined)[]) => {
    const found = items.filter((i): i is HitItem => i !== undefined);
    if (found.length === 0) return;
    out.set(edgeId, { items: found, hits: found[0].hits, covered: found.every((i) => i.hits > 0) });
  };
  for (const e of edges) {
    const nth = () => {
      const key = `${e.kind}:${e.from}`;
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      return n;
    };
    switch (e.kind) {
      case 'next':
        put(e.id, [byId.get(`next:${e.from}`)]);
        break;
      case 'choice':
        put(e.id, [byId.get(`choice:${e.from}:${nth()}`)]);
        break;
      case 'default':
        put(e.id, [byId.get(`default:${e.from}`)]);
        break;
      case 'catch':
        put(e.id, [byId.get(`catch:${e.from}:${nth()}`)]);
        break;
      case 'retry':
        put(e.id, machine.items.filter((i) => i.state === e.from && (i.kind === 'retry' || i.kind === 'exhausted')));
        break;
      default:
        break;
    }
  }
  return out;
}

/** Visits per state (its `state:` item), and the largest, for the heat scale. */
export function stateHits(machine: CoverageMachine): { hits: Map<string, number>; max: number } {
  const hits = new Map<string, number>();
  let max = 0;
  for (const i of machine.items) {
    if (i.kind !== 'state') continue;
    hits.set(i.state, i.hits);
    max = Math.max(max, i.hits);
  }
  return { hits, max };
}

/** Heat from 0 (never) to 1 (the most visited), on a log scale so that loops do not flatten the rest. */
export function heat(hits: number, max: number): number {
  if (hits <= 0 || max <= 0) return 0;
  return Math.min(1, 0.25 + (0.75 * Math.log1p(hits)) / Math.log1p(max));
}
