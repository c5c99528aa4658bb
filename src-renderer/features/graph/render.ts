import { line, select, zoom, zoomIdentity, zoomTransform, type Selection } from 'd3';
import { describeMapProgress, describeProgressVisit, type CompoundProgress } from '@common/history/iterationProgress';
import { attachZoom, STATUS_STYLES, type StatusKey } from '../../viz';
import { MAP_HEADER, type GraphEdge, type GraphLayout, type GraphNode } from './layout';
import { fitBox, fitName, nameFontSize, showsDetail } from './levelOfDetail';
import { branchStatus, nodeAccessibleName, progressSegments, SEGMENTS } from './nodeText';
import { isPartlyOutOfView, minimapGeometry, transformCentredOn, viewportOnMinimap, type ViewTransform } from './minimap';
import { takenRetryLabel } from './retryLoops';

/**
 * Draws a positioned graph with D3: one data join per layer (containers, edges, edge labels,
 * nodes), inside a group that d3-zoom pans and scales. React owns the <svg>; this module owns
 * everything inside it. `update` restyles for a new cursor or selection without re-joining
 * geometry; `dispose` removes listeners and content.
 *
 * Map nodes show their iterations' progress in their header (a segmented bar and a line of text),
 * Parallel branches a status marker each, and states with Retry a loop back to themselves,
 * highlighted with the count of retries once taken. Zoomed out, state names are drawn larger so
 * that they stay readable, and edge labels, badges and progress text are hidden (levelOfDetail.ts).
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
  /** Progress of the Map and Parallel states entered by the cursor (absent: none shown). */
  progress?: ReadonlyMap<string, CompoundProgress>;
  /** Retries each state had begun by the cursor (absent or 0: its Retry loop is not taken). */
  retries?: ReadonlyMap<string, number>;
  /** States a redrive kept, with the attempt (from 1) their status comes from (absent: none). */
  keptFrom?: ReadonlyMap<string, number>;
  /** Where the debugger has stopped, by state: before it is entered, after it exited, or at its error. */
  paused?: ReadonlyMap<string, PausedKind>;
}

/** How a debugger stop relates to its state (see GraphStyleState.paused). */
export type PausedKind = 'before' | 'after' | 'error';

/** The words added to a state's accessible name while the debugger is stopped there. */
export function pausedPhrase(kind: PausedKind): string {
  return kind === 'before' ? 'debugger stopped before it' : kind === 'after' ? 'debugger stopped after it' : 'debugger stopped at its error';
}

/** A drawn graph. */
export interface GraphRenderer {
  update(state: GraphStyleState): void;
  /**
   * Fits the graph into view: all of it, or its start when all of it would be too small to read.
   * The renderer fits again by itself when the view resizes while the graph is still fitted; once
   * the user zoomed or panned, a resize keeps their zoom (and the centre of the view) instead.
   */
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
 * A Retry loop as a rounded curve: ELK routes a self-loop as a small square bracket beside the
 * node (start, two bends, end); the curve leaves and returns at the same points, bulging the same way.
 */
function retryLoopPath(points: readonly { x: number; y: number }[]): string | null {
  if (points.length < 3) return path(points as { x: number; y: number }[]);
  const s = points[0];
  const e = points[points.length - 1];
  const b = points[1];
  const out = Math.hypot(b.x - s.x, b.y - s.y) || 1;
  const dx = (b.x - s.x) / out;
  const dy = (b.y - s.y) / out;
  const along = Math.hypot(e.x - s.x, e.y - s.y) || 1;
  const ux = (e.x - s.x) / along;
  const uy = (e.y - s.y) / along;
  const reach = 16;
  const spread = 5;
  const c1 = { x: s.x + dx * reach - ux * spread, y: s.y + dy * reach - uy * spread };
  const c2 = { x: e.x + dx * reach + ux * spread, y: e.y + dy * reach + uy * spread };
  return `M${s.x},${s.y} C${c1.x},${c1.y} ${c2.x},${c2.y} ${e.x},${e.y}`;
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
  for (const [name, colour] of [
    ['arrow', 'var(--edge, #8a93a3)'],
    ['arrow-taken', 'var(--accent, #2f5bd3)'],
    ['arrow-catch', 'var(--catch, #c05200)'],
    ['arrow-retry', 'var(--status-retried-stroke, #b86e00)'],
    ['arrow-retry-taken', 'var(--status-retried-stroke, #b86e00)'],
  ] as const) {
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
  // The branch boxes of each Parallel node, in order (their ids are `b:<Parallel>:<i>`).
  const branchesOf = new Map<string, GraphNode[]>();
  for (const n of containers) {
    if (n.kind !== 'branch') continue;
    const parallel = n.id.slice(2, n.id.lastIndexOf(':'));
    const list = branchesOf.get(parallel) ?? [];
    list.push(n);
    branchesOf.set(parallel, list);
  }
  const parallelOfBranch = (n: GraphNode) => n.id.slice(2, n.id.lastIndexOf(':'));

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

  const containerTitle = (d: GraphNode, name: string) => (d.kind === 'branch' ? name : `${name}  ·  ${d.stateType === 'Map' ? 'Map' : 'Parallel'}`);

  // Layer 1: compound nodes (Parallel, its branches, Map). A Map's header holds its progress bar and text.
  const containerSel = containerLayer
    .selectAll<SVGGElement, GraphNode>('g.container')
    .data(containers, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', (d) => `container container-${d.kind}`);
      g.append('rect').attr('rx', (d) => (d.kind === 'branch' ? 4 : 8));
      g.append('text').attr('class', 'container-title');
      g.append('title');
      return g;
    })
    .attr('transform', (d) => `translate(${d.x},${d.y})`);
  containerSel
    .select('rect')
    .attr('width', (d) => d.width)
    .attr('height', (d) => d.height);
  containerSel
    .select('text')
    .attr('x', (d) => (d.kind === 'branch' ? 22 : 10))
    .attr('y', (d) => (d.kind === 'branch' ? 15 : 19))
    .text((d) => containerTitle(d, d.display));
  containerSel
    .filter((d) => d.state !== undefined)
    .attr('role', 'button')
    .attr('tabindex', 0)
    .on('click', click)
    .on('keydown', (event: KeyboardEvent, d) => keyboard(event, d));
  const branchSel = containerSel.filter((d) => d.kind === 'branch');
  branchSel.append('circle').attr('class', 'branch-marker').attr('cx', 12).attr('cy', 11).attr('r', 4.5);
  const mapSel = containerSel.filter((d) => d.kind === 'map');
  const bar = mapSel.append('g').attr('class', 'progress-bar').attr('transform', `translate(10,27)`);
  bar.append('rect').attr('class', 'progress-track').attr('width', (d) => d.width - 20).attr('height', 7).attr('rx', 2);
  for (const kind of SEGMENTS) bar.append('rect').attr('class', `progress-seg progress-${kind}`).attr('height', 7).attr('width', 0);
  mapSel.append('text').attr('class', 'progress-text').attr('x', 10).attr('y', MAP_HEADER - 8);

  // Layer 2: edges. A Retry loop goes from a state back to itself.
  const edgeSel = edgeLayer
    .selectAll<SVGPathElement, GraphEdge>('path.edge')
    .data(layout.edges, (d) => d.id)
    .join('path')
    .attr('class', (d) => `edge edge-${d.kind}`)
    .attr('d', (d) => (d.kind === 'retry' ? retryLoopPath(d.points) : path(d.points)) ?? '')
    .attr('fill', 'none');

  // Layer 3: edge labels (Choice rules, Default, Catch, Retry loops).
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
  // A Retry label's box is as wide as its text (the layout keeps room after it for the count of retries).
  const labelWidth = (d: GraphEdge, text: string) => (d.kind === 'retry' ? Math.min(d.labelBox!.width, Math.ceil(text.length * 6.7) + 8) : d.labelBox!.width);
  labelSel
    .select('rect')
    .attr('width', (d) => labelWidth(d, d.label ?? ''))
    .attr('height', (d) => d.labelBox!.height);
  labelSel
    .select('text')
    .attr('x', 4)
    .attr('y', (d) => d.labelBox!.height - 4)
    .text((d) => d.label ?? '');
  const retryLabelSel = labelSel.filter((d) => d.kind === 'retry');
  retryLabelSel.append('title').text((d) => `Retry: ${leaves.find((n) => n.state === d.from)?.retry ?? containers.find((n) => n.state === d.from)?.retry ?? d.label ?? ''}`);

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
  const nodeLabels = nodeSel
    .select<SVGTextElement>('text.node-label')
    .attr('x', (d) => d.width / 2)
    .attr('y', (d) => d.height / 2)
    .attr('dominant-baseline', 'central')
    .attr('text-anchor', 'middle')
    .text((d) => d.display);
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

  // Level of detail: at every zoom, state names get the font size that keeps them readable (and are
  // shortened to their box), and details are hidden when zoomed far out. Watched like the overview
  // does, through the transform d3-zoom writes on the content group.
  const stateLabels = nodeLabels.filter((d) => d.state !== undefined);
  const titleSel = containerSel.filter((d) => d.state !== undefined).select<SVGTextElement>('text.container-title');
  let shownFont = -1;
  const applyDetail = () => {
    const k = zoomTransform(svg).k;
    root.classed('graph-overview-detail', !showsDetail(k));
    root.attr('data-zoom', k.toFixed(3));
    const font = nameFontSize(k);
    if (font === shownFont) return;
    shownFont = font;
    stateLabels.style('font-size', `${font}px`).text((d) => fitName(d.label, d.width, font));
    const titleFont = font;
    titleSel
      .style('font-size', `${titleFont}px`)
      .text((d) => containerTitle(d, fitName(d.label, d.width - 90 * (titleFont / 12), titleFont, 10)));
  };
  const detailWatch = new MutationObserver(applyDetail);
  detailWatch.observe(viewport.node()!, { attributes: true, attributeFilter: ['transform'] });
  applyDetail();

  const update = (state: GraphStyleState) => {
    const progress = state.progress;
    const styleNode = (sel: Selection<SVGGElement, GraphNode, SVGGElement, unknown>, container: boolean) => {
      sel
        .classed('selected', (d) => d.state !== undefined && d.state === state.selected)
        .classed('current', (d) => d.state !== undefined && d.state === state.current)
        .classed('paused', (d) => d.state !== undefined && state.paused?.has(d.state) === true)
        .classed('kept', (d) => d.state !== undefined && state.keptFrom?.has(d.state) === true)
        .attr('data-status', (d) => (d.state !== undefined ? statusOf(state, d) : null))
        .attr('aria-pressed', (d) => (d.state !== undefined ? String(d.state === state.selected) : null))
        .attr('aria-label', (d) => {
          if (d.state === undefined) return null;
          const name = nodeAccessibleName(d, statusOf(state, d), progress?.get(d.state), branchesOf.get(d.state) ?? [], state.keptFrom?.get(d.state));
          const paused = state.paused?.get(d.state);
          return paused === undefined ? name : `${name}; ${pausedPhrase(paused)}`;
        });
      // Fill and stroke come from graph.css by data-status, in the theme's colours.
      sel.select('rect').attr('fill-opacity', container ? 0.45 : 1);
    };
    styleNode(nodeSel, false);
    styleNode(containerSel, true);
    overview?.update(state);
    breakpointSel
      .classed('on', (d) => state.breakpoints.has(d.state!))
      .attr('aria-pressed', (d) => String(state.breakpoints.has(d.state!)));

    // Compound nodes: a Map's progress bar and text, a Parallel branch's marker, and their tooltips.
    mapSel.each(function (d) {
      const p = progress?.get(d.state!);
      const g = select(this);
      const map = p?.kind === 'map' ? p : undefined;
      const width = d.width - 20;
      const segments = map ? progressSegments(map, width) : [];
      for (const seg of segments) g.select(`rect.progress-${seg.kind}`).attr('x', seg.x).attr('width', seg.width);
      if (!map) g.selectAll('rect.progress-seg').attr('width', 0);
      // An unknown total (a Distributed Map before it ends): the track shows the Map Run's status.
      g.select('rect.progress-track').attr('data-status', map && map.mode === 'distributed' && map.counts.started === 0 ? map.mapRun : null);
      // Without the events (no progress given), the header says nothing rather than "not started".
      const text = map ? describeMapProgress(map) : progress === undefined ? '' : 'not started';
      g.select('text.progress-text').text(fitName(text, d.width, 11, 10));
    });
    containerSel.select('title').text((d) => {
      if (d.kind === 'branch') {
        const parallel = parallelOfBranch(d);
        const s = branchStatus(progress?.get(parallel), d);
        return `${parallel}: ${d.label}${d.branchStart ? ` (starts at ${d.branchStart})` : ''}, ${STATUS_STYLES[s].label}`;
      }
      const p = d.state !== undefined ? progress?.get(d.state) : undefined;
      const head = `${d.label} (${d.stateType})${d.retry ? ` — Retry: ${d.retry}` : ''}`;
      if (p === undefined) return head;
      const what = p.kind === 'map' ? describeMapProgress(p) : `${p.branches.size} branch${p.branches.size === 1 ? '' : 'es'} started`;
      return `${head}\n${what}\nCounts of ${describeProgressVisit(p)}`;
    });
    branchSel.select('circle.branch-marker').attr('data-status', (d) => branchStatus(progress?.get(parallelOfBranch(d)), d));

    nodeSel
      .select('text.node-badge')
      // Above the node's top-right corner: clear of its own breakpoint dot (top-left) and of the
      // dot of a state drawn to its right.
      .attr('x', (d) => d.width - 2)
      .attr('y', -4)
      .attr('text-anchor', 'end')
      .text((d) => {
        if (d.state === undefined) return '';
        const n = state.visitCounts.get(d.state) ?? 0;
        return n > 1 ? `×${n}` : '';
      });
    const retriesOf = (d: GraphEdge) => (d.kind === 'retry' ? (state.retries?.get(d.from) ?? 0) : 0);
    const isTaken = (d: GraphEdge): boolean => {
      if (d.kind === 'retry') return retriesOf(d) > 0;
      if (d.kind === 'start') return (state.statuses.get(d.to) ?? 'notRun') !== 'notRun';
      if (d.kind === 'end') {
        const s = state.statuses.get(d.from);
        return s === 'succeeded' || (s === 'failed' && leaves.some((n) => n.state === d.from && n.stateType === 'Fail'));
      }
      return state.taken.has(keyOf(d));
    };
    const marker = (d: GraphEdge, taken: boolean) =>
      d.kind === 'retry' ? (taken ? 'arrow-retry-taken' : 'arrow-retry') : taken ? 'arrow-taken' : d.kind === 'catch' ? 'arrow-catch' : 'arrow';
    edgeSel.classed('taken', isTaken).attr('marker-end', (d) => `url(#${id}-${marker(d, isTaken(d))})`);
    labelSel.classed('taken', isTaken);
    retryLabelSel.each(function (d) {
      const text = takenRetryLabel(d.label ?? '', retriesOf(d));
      const g = select(this);
      g.select('text').text(text);
      g.select('rect').attr('width', labelWidth(d, text));
    });
  };

  const viewSize = () => ({ width: svg.clientWidth || 600, height: svg.clientHeight || 400 });
  const start = leaves.find((n) => n.kind === 'start');
  const fit = (animate = false) => zoomHandle.fit(fitBox(layout, viewSize(), start ? start.x + start.width / 2 : layout.width / 2, start?.y ?? 0), animate);

  // The view resized (a side panel collapsed or expanded, a splitter dragged, the window resized):
  // a graph the user left fitted is fitted again; one they zoomed or panned keeps their zoom, with
  // what was at the centre still at the centre. A hidden view (size 0) has nothing to fit into.
  let shown = { width: svg.clientWidth, height: svg.clientHeight };
  const resizes =
    typeof ResizeObserver === 'undefined'
      ? undefined
      : new ResizeObserver(() => {
          const now = { width: svg.clientWidth, height: svg.clientHeight };
          if (now.width === 0 || now.height === 0 || (now.width === shown.width && now.height === shown.height)) return;
          const previous = shown;
          shown = now;
          if (previous.width === 0 || previous.height === 0 || zoomHandle.isFitted()) fit();
          else zoomHandle.keepCentre(previous);
        });
  resizes?.observe(svg);
  return {
    update,
    fit,
    zoomBy: (factor) => zoomHandle.zoomBy(factor),
    dispose() {
      resizes?.disconnect();
      detailWatch.disconnect();
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
