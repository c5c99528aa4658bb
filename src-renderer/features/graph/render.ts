import { line, select, type Selection } from 'd3';
import { attachZoom, STATUS_STYLES, type StatusKey } from '../../viz';
import type { GraphEdge, GraphLayout, GraphNode } from './layout';

/**
 * Draws a positioned graph with D3: one data join per layer (containers, edges, edge labels,
 * nodes), inside a group that d3-zoom pans and scales. React owns the <svg>; this module owns
 * everything inside it. `update` restyles for a new cursor or selection without re-joining
 * geometry; `dispose` removes listeners and content.
 */

/** What changes with the cursor and the selection. */
export interface GraphStyleState {
  /** Status of each state at the cursor (absent: not run). */
  statuses: ReadonlyMap<string, StatusKey>;
  /** Edges taken up to the cursor, by `from→to` key, with how often. */
  taken: ReadonlyMap<string, { count: number }>;
  /** The selected state. */
  selected: string | null;
  /** The state of the event at the cursor. */
  current: string | null;
  /** Visits of each state up to the cursor (shown as ×n when more than one). */
  visitCounts: ReadonlyMap<string, number>;
  /** States with an enabled "before" breakpoint (a red dot in the node's corner). */
  breakpoints: ReadonlySet<string>;
}

/** A drawn graph. */
export interface GraphRenderer {
  update(state: GraphStyleState): void;
  /** Fits the whole graph into view. */
  fit(animate?: boolean): void;
  zoomBy(factor: number): void;
  dispose(): void;
}

let instances = 0;

const path = line<{ x: number; y: number }>()
  .x((p) => p.x)
  .y((p) => p.y);

function keyOf(edge: GraphEdge): string {
  return `${edge.from}→${edge.to}`;
}

function statusOf(state: GraphStyleState, node: GraphNode): StatusKey {
  return (node.state !== undefined ? state.statuses.get(node.state) : undefined) ?? 'notRun';
}

/**
 * Draws `layout` into `svg`; `onSelect` is called with a state name when a state is clicked (or
 * Enter/Space on it). With `onToggleBreakpoint`, each state gets a breakpoint toggle in its
 * top-left corner (a button "Breakpoint before <State>"), and Shift+click on a state toggles it too.
 */
export function createGraphRenderer(
  svg: SVGSVGElement,
  layout: GraphLayout,
  onSelect: (state: string) => void,
  onToggleBreakpoint?: (state: string) => void,
): GraphRenderer {
  const id = `g${++instances}`;
  const root = select(svg);
  root.selectAll('*').remove();
  const defs = root.append('defs');
  for (const [name, colour] of [['arrow', 'var(--edge, #8a93a3)'], ['arrow-taken', 'var(--accent, #2f5bd3)'], ['arrow-catch', 'var(--catch, #c05200)']] as const) {
    defs
      .append('marker')
      .attr('id', `${id}-${name}`)
      .attr('viewBox', '0 0 10 10')
      .attr('refX', 9)
      .attr('refY', 5)
      .attr('markerWidth', 7)
      .attr('markerHeight', 7)
      .attr('orient', 'auto-start-reverse')
      .append('path')
      .attr('d', 'M0,0 L10,5 L0,10 z')
      .style('fill', colour);
  }
  const viewport = root.append('g').attr('class', 'viewport');
  const containerLayer = viewport.append('g').attr('class', 'layer-containers');
  const edgeLayer = viewport.append('g').attr('class', 'layer-edges');
  const labelLayer = viewport.append('g').attr('class', 'layer-edge-labels');
  const nodeLayer = viewport.append('g').attr('class', 'layer-nodes');
  const breakpointLayer = viewport.append('g').attr('class', 'layer-breakpoints');

  const containers = layout.nodes.filter((n) => n.kind === 'parallel' || n.kind === 'map' || n.kind === 'branch');
  const leaves = layout.nodes.filter((n) => !(n.kind === 'parallel' || n.kind === 'map' || n.kind === 'branch'));

  const select_ = (node: GraphNode) => {
    if (node.state !== undefined) onSelect(node.state);
  };
  /** A click on a state: Shift+click toggles its breakpoint, any other click selects it. */
  const click = (event: MouseEvent, node: GraphNode) => {
    event.stopPropagation();
    if (event.shiftKey && onToggleBreakpoint && node.state !== undefined) onToggleBreakpoint(node.state);
    else select_(node);
  };
  const keyboard = (event: KeyboardEvent, node: GraphNode) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      event.stopPropagation();
      select_(node);
    }
  };

  // Layer 1: compound nodes (Parallel, its branches, Map).
  const containerSel = containerLayer
    .selectAll<SVGGElement, GraphNode>('g.container')
    .data(containers, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', (d) => `container container-${d.kind}`);
      g.append('rect').attr('rx', (d) => (d.kind === 'branch' ? 4 : 8));
      g.append('text').attr('class', 'container-title');
      return g;
    })
    .attr('transform', (d) => `translate(${d.x},${d.y})`);
  containerSel
    .select('rect')
    .attr('width', (d) => d.width)
    .attr('height', (d) => d.height);
  containerSel
    .select('text')
    .attr('x', 10)
    .attr('y', (d) => (d.kind === 'branch' ? 15 : 19))
    .text((d) => (d.kind === 'branch' ? d.label : `${d.label}  ·  ${d.stateType === 'Map' ? 'Map' : 'Parallel'}`));
  containerSel
    .filter((d) => d.state !== undefined)
    .attr('role', 'button')
    .attr('tabindex', 0)
    .on('click', click)
    .on('keydown', (event: KeyboardEvent, d) => keyboard(event, d));

  // Layer 2: edges.
  const edgeSel = edgeLayer
    .selectAll<SVGPathElement, GraphEdge>('path.edge')
    .data(layout.edges, (d) => d.id)
    .join('path')
    .attr('class', (d) => `edge edge-${d.kind}`)
    .attr('d', (d) => path(d.points) ?? '')
    .attr('fill', 'none');

  // Layer 3: edge labels (Choice rules, Default, Catch).
  const labelled = layout.edges.filter((e) => e.label !== undefined && e.labelBox !== undefined);
  const labelSel = labelLayer
    .selectAll<SVGGElement, GraphEdge>('g.edge-label')
    .data(labelled, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', (d) => `edge-label edge-label-${d.kind}`);
      g.append('rect').attr('rx', 3);
      g.append('text');
      return g;
    })
    .attr('transform', (d) => `translate(${d.labelBox!.x},${d.labelBox!.y})`);
  labelSel
    .select('rect')
    .attr('width', (d) => d.labelBox!.width)
    .attr('height', (d) => d.labelBox!.height);
  labelSel
    .select('text')
    .attr('x', 4)
    .attr('y', (d) => d.labelBox!.height - 4)
    .text((d) => d.label ?? '');

  // Layer 4: states, start and end.
  const nodeSel = nodeLayer
    .selectAll<SVGGElement, GraphNode>('g.node')
    .data(leaves, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', (d) => `node node-${d.kind}`);
      g.append('rect');
      g.append('text').attr('class', 'node-label');
      g.append('text').attr('class', 'node-badge');
      g.append('title');
      return g;
    })
    .attr('transform', (d) => `translate(${d.x},${d.y})`);
  nodeSel
    .select('rect')
    .attr('width', (d) => d.width)
    .attr('height', (d) => d.height)
    .attr('rx', (d) => (d.kind === 'start' || d.kind === 'end' ? d.height / 2 : 6));
  nodeSel
    .select('text.node-label')
    .attr('x', (d) => d.width / 2)
    .attr('y', (d) => d.height / 2 + 4.5)
    .attr('text-anchor', 'middle')
    .text((d) => d.label);
  nodeSel.select('title').text((d) => (d.retry ? `${d.label} (${d.stateType}) — Retry: ${d.retry}` : d.stateType ? `${d.label} (${d.stateType})` : d.label));
  nodeSel
    .filter((d) => d.state !== undefined)
    .attr('role', 'button')
    .attr('tabindex', 0)
    .on('click', click)
    .on('keydown', (event: KeyboardEvent, d) => keyboard(event, d));

  // Layer 5: breakpoint toggles, one per state, in its top-left corner (drawn on top of nested states).
  const toggled = onToggleBreakpoint ? layout.nodes.filter((n) => n.state !== undefined) : [];
  const breakpointSel = breakpointLayer
    .selectAll<SVGGElement, GraphNode>('g.bp-toggle')
    .data(toggled, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'bp-toggle').attr('role', 'button').attr('tabindex', 0);
      g.append('circle').attr('class', 'bp-hit').attr('r', 8);
      g.append('circle').attr('class', 'bp-dot').attr('r', 5);
      g.append('title');
      return g;
    })
    .attr('transform', (d) => `translate(${d.x + 1},${d.y + 1})`)
    .attr('aria-label', (d) => `Breakpoint before ${d.state!}`);
  breakpointSel.select('title').text((d) => `Breakpoint before ${d.state!} (Shift+click the state, or F9 when it is selected)`);
  breakpointSel
    .on('mousedown', (event: MouseEvent) => event.stopPropagation())
    .on('click', (event: MouseEvent, d) => {
      event.stopPropagation();
      onToggleBreakpoint?.(d.state!);
    })
    .on('keydown', (event: KeyboardEvent, d) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        event.stopPropagation();
        onToggleBreakpoint?.(d.state!);
      }
    });

  const zoomHandle = attachZoom(svg, viewport.node()!);

  const update = (state: GraphStyleState) => {
    const styleNode = (sel: Selection<SVGGElement, GraphNode, SVGGElement, unknown>, container: boolean) => {
      sel
        .classed('selected', (d) => d.state !== undefined && d.state === state.selected)
        .classed('current', (d) => d.state !== undefined && d.state === state.current)
        .attr('data-status', (d) => (d.state !== undefined ? statusOf(state, d) : null))
        .attr('aria-pressed', (d) => (d.state !== undefined ? String(d.state === state.selected) : null))
        .attr('aria-label', (d) => (d.state !== undefined ? `State ${d.state}, ${STATUS_STYLES[statusOf(state, d)].label}` : null));
      // Fill and stroke come from graph.css by data-status, in the theme's colours.
      sel.select('rect').attr('fill-opacity', container ? 0.45 : 1);
    };
    styleNode(nodeSel, false);
    styleNode(containerSel, true);
    breakpointSel
      .classed('on', (d) => state.breakpoints.has(d.state!))
      .attr('aria-pressed', (d) => String(state.breakpoints.has(d.state!)));

    nodeSel
      .select('text.node-badge')
      .attr('x', (d) => d.width + 4)
      .attr('y', 11)
      .attr('text-anchor', 'start')
      .text((d) => {
        if (d.state === undefined) return '';
        const n = state.visitCounts.get(d.state) ?? 0;
        const parts: string[] = [];
        if (d.retry) parts.push('↻ Retry');
        if (n > 1) parts.push(`×${n}`);
        return parts.join(' ');
      });
    const isTaken = (d: GraphEdge): boolean => {
      if (d.kind === 'start') return (state.statuses.get(d.to) ?? 'notRun') !== 'notRun';
      if (d.kind === 'end') {
        const s = state.statuses.get(d.from);
        return s === 'succeeded' || (s === 'failed' && leaves.some((n) => n.state === d.from && n.stateType === 'Fail'));
      }
      return state.taken.has(keyOf(d));
    };
    edgeSel
      .classed('taken', isTaken)
      .attr('marker-end', (d) => `url(#${id}-${isTaken(d) ? 'arrow-taken' : d.kind === 'catch' ? 'arrow-catch' : 'arrow'})`);
    labelSel.classed('taken', isTaken);
  };

  return {
    update,
    fit: (animate = false) => zoomHandle.fit({ x: 0, y: 0, width: layout.width, height: layout.height }, animate),
    zoomBy: (factor) => zoomHandle.zoomBy(factor),
    dispose() {
      zoomHandle.dispose();
      root.selectAll('*').remove();
    },
  };
}
