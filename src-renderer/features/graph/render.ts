import { line, select, zoom, zoomIdentity, zoomTransform, type Selection } from 'd3';
import { attachZoom, STATUS_STYLES, type StatusKey } from '../../viz';
import type { GraphEdge, GraphLayout, GraphNode } from './layout';
import { isPartlyOutOfView, minimapGeometry, transformCentredOn, viewportOnMinimap, type ViewTransform } from './minimap';

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
 * With `minimap`, that <svg> becomes the graph's overview (see `drawMinimap`).
 */
export function createGraphRenderer(
  svg: SVGSVGElement,
  layout: GraphLayout,
  onSelect: (state: string) => void,
  onToggleBreakpoint?: (state: string) => void,
  minimap?: SVGSVGElement,
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
  const overview = minimap ? drawMinimap(minimap, svg, viewport.node()!, layout, leaves, containers) : undefined;

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
    overview?.update(state);
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
      overview?.dispose();
      zoomHandle.dispose();
      root.selectAll('*').remove();
    },
  };
}

/** The largest the overview gets, in pixels. */
const MINIMAP_MAX = { width: 200, height: 150 };

/**
 * Draws the overview of `layout` into `mini`: every state as a small box in its status colour,
 * and the main view's visible area as a rectangle that follows every zoom and pan (watched
 * through the transform d3-zoom writes on `content`, and the view's size). A click or drag on the
 * overview centres the main view there, as do the arrow keys when it has focus. The overview hides
 * itself (graph.css hides it unless shown) while the whole layout is in view. Returns an updater and a disposer.
 */
function drawMinimap(
  mini: SVGSVGElement,
  svg: SVGSVGElement,
  content: SVGGElement,
  layout: GraphLayout,
  leaves: readonly GraphNode[],
  containers: readonly GraphNode[],
): { update(state: GraphStyleState): void; dispose(): void } {
  const geometry = minimapGeometry(layout, MINIMAP_MAX);
  const root = select(mini);
  root.selectAll('*').remove();
  root.attr('width', geometry.width).attr('height', geometry.height).attr('viewBox', `0 0 ${geometry.width} ${geometry.height}`);
  root.append('title').text('Graph overview: click or drag to move the view; the arrow keys pan it');
  root.append('rect').attr('class', 'minimap-bg').attr('width', geometry.width).attr('height', geometry.height);
  const drawing = root.append('g').attr('transform', `translate(${geometry.dx},${geometry.dy}) scale(${geometry.k})`);
  const boxes = drawing
    .selectAll<SVGRectElement, GraphNode>('rect.minimap-node')
    .data([...containers, ...leaves], (d) => d.id)
    .join('rect')
    .attr('class', (d) => `minimap-node minimap-${d.kind}`)
    .attr('x', (d) => d.x)
    .attr('y', (d) => d.y)
    .attr('width', (d) => d.width)
    .attr('height', (d) => d.height)
    .attr('rx', 4);
  const frame = root.append('rect').attr('class', 'minimap-viewport');

  const viewSize = () => ({ width: svg.clientWidth || 600, height: svg.clientHeight || 400 });
  const redraw = () => {
    const t: ViewTransform = zoomTransform(svg);
    const view = viewSize();
    const r = viewportOnMinimap(t, view, geometry);
    frame.attr('x', r.x).attr('y', r.y).attr('width', Math.max(r.width, 2)).attr('height', Math.max(r.height, 2));
    mini.style.display = isPartlyOutOfView(layout, t, view) ? 'block' : '';
  };
  // d3-zoom writes the content's transform at every zoom and pan; the view's size changes with the window.
  const mutations = new MutationObserver(redraw);
  mutations.observe(content, { attributes: true, attributeFilter: ['transform'] });
  const resizes = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(redraw);
  resizes?.observe(svg);

  // Panning from the overview sets the same state d3-zoom keeps on the <svg> (its __zoom
  // property, through a zoom behaviour's public `transform`), so the next wheel or drag on the
  // main view continues from there, and writes the content's transform as the view's own zoom does.
  const setter = zoom<SVGSVGElement, unknown>();
  const panTo = (t: ViewTransform) => {
    const next = zoomIdentity.translate(t.x, t.y).scale(t.k);
    select(svg).interrupt().call(setter.transform, next);
    content.setAttribute('transform', next.toString());
  };
  const centreOn = (event: PointerEvent) => {
    const box = mini.getBoundingClientRect();
    const scaleX = box.width > 0 ? geometry.width / box.width : 1;
    const scaleY = box.height > 0 ? geometry.height / box.height : 1;
    panTo(transformCentredOn((event.clientX - box.left) * scaleX, (event.clientY - box.top) * scaleY, geometry, viewSize(), zoomTransform(svg).k));
  };
  let dragging = false;
  root
    .on('pointerdown', (event: PointerEvent) => {
      if (event.button !== 0) return;
      event.preventDefault();
      dragging = true;
      mini.setPointerCapture?.(event.pointerId);
      centreOn(event);
    })
    .on('pointermove', (event: PointerEvent) => {
      if (dragging) centreOn(event);
    })
    .on('pointerup pointercancel', (event: PointerEvent) => {
      dragging = false;
      if (mini.hasPointerCapture?.(event.pointerId)) mini.releasePointerCapture(event.pointerId);
    })
    .on('keydown', (event: KeyboardEvent) => {
      const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[event.key];
      if (!step) return;
      event.preventDefault();
      event.stopPropagation();
      const t = zoomTransform(svg);
      const view = viewSize();
      panTo({ x: t.x - step[0] * view.width * 0.2, y: t.y - step[1] * view.height * 0.2, k: t.k });
    });
  redraw();

  return {
    update(state) {
      boxes.attr('data-status', (d) => (d.state !== undefined ? (state.statuses.get(d.state) ?? 'notRun') : null));
    },
    dispose() {
      mutations.disconnect();
      resizes?.disconnect();
      root.on('pointerdown', null).on('pointermove', null).on('pointerup', null).on('pointercancel', null).on('keydown', null);
      root.selectAll('*').remove();
      mini.style.display = '';
    },
  };
}
