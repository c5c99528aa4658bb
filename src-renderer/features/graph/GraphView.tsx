import { useEffect, useMemo, useRef, useState } from 'react';
import type { StateMachineDefinition } from '@common/asl/types';
import type { HistoryEvent } from '@common/history/events';
import { compoundProgressAt, iterationProgressIndex, type CompoundProgress } from '@common/history/iterationProgress';
import { keptFromEarlierAttempts, stateStatusesAt, takenTransitionsAt, type VisitProjection } from '@common/history/visits';
import { STATUS_ORDER, STATUS_STYLES, statusColor } from '../../viz';
import { layoutDefinition, type GraphLayout } from './layout';
import { createGraphRenderer, type GraphRenderer, type GraphStyleState, type PausedKind } from './render';
import { retriesAt, retryIndexFromVisits } from './retryLoops';
import './graph.css';

type Elk = InstanceType<typeof import('elkjs/lib/elk.bundled.js').default>;
let elkLoading: Promise<Elk> | undefined;
/** ELK (~1.5 MB of JavaScript) is loaded the first time a graph is laid out, not with the app. */
function loadElk(): Promise<Elk> {
  elkLoading ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
  return elkLoading;
}

/** Props of `GraphView`. */
export interface GraphViewProps {
  definition: StateMachineDefinition;
  projection: VisitProjection;
  /**
   * The events `projection` was built from. Map nodes need them for their iterations' progress
   * (`MapIteration*` events, `MapStateStarted`'s length); without them Map and Parallel nodes show no progress.
   */
  events?: readonly HistoryEvent[];
  /** A visit picked elsewhere (event table, visit list): a Map or Parallel of that visit shows its progress, not the latest visit's. */
  selectedVisit?: number | null;
  cursor: number;
  selected: string | null;
  onSelect: (state: string) => void;
  /** Says the graph was rebuilt from the history (no definition came with it). */
  reconstructed?: boolean;
  /** States with an enabled "before" breakpoint: drawn with a red dot. */
  breakpoints?: ReadonlySet<string>;
  /** Where the debugger has stopped (outlined, and said in the state's accessible name). */
  paused?: ReadonlyMap<string, PausedKind>;
  /**
   * Toggles the "before" breakpoint of a state: from its corner toggle, Shift+click, or F9 while
   * it is selected. Absent: the graph shows no breakpoint toggles.
   */
  onToggleBreakpoint?: (state: string) => void;
}

const NO_BREAKPOINTS: ReadonlySet<string> = new Set();

/**
 * The state machine graph (region "Graph"): laid out once per definition with ELK, drawn with
 * D3, restyled at every cursor move (status colours, taken transitions, the current state) and
 * selection. Zoom with the wheel, pan by dragging, "Fit" to see everything; click a state to
 * select it. While part of a large layout is out of view, an overview ("Graph overview") in the
 * bottom-right corner shows the whole graph and the visible area; click or drag it to pan. Map
 * nodes show their iterations' progress at the cursor (with `events`), Parallel branches their
 * status, and states with Retry a loop that lights up once a retry happened. With
 * `onToggleBreakpoint`, each state has a breakpoint toggle ("Breakpoint before <State>") in its corner; Shift+click on a state, or F9 while one is selected, toggles it too.
 */
export function GraphView({ definition, projection, events, selectedVisit = null, cursor, selected, onSelect, reconstructed, breakpoints = NO_BREAKPOINTS, paused, onToggleBreakpoint }: GraphViewProps) {
  const svgRef = useRef<SVGSVGElement>(null);
  const miniRef = useRef<SVGSVGElement>(null);
  const rendererRef = useRef<GraphRenderer | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const onToggleRef = useRef(onToggleBreakpoint);
  onToggleRef.current = onToggleBreakpoint;
  const togglable = onToggleBreakpoint !== undefined;
  const [layout, setLayout] = useState<GraphLayout | null>(null);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let cancelled = false;
    setError(undefined);
    loadElk()
      .then((elk) => layoutDefinition(definition, elk, { conditionsUnknown: reconstructed === true }))
      .then(
        (l) => !cancelled && setLayout(l),
        (e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)),
      );
    return () => {
      cancelled = true;
    };
  }, [definition, reconstructed]);

  useEffect(() => {
    const svg = svgRef.current;
    if (!layout || !svg) return;
    const renderer = createGraphRenderer(svg, layout, (state) => onSelectRef.current(state), togglable ? (state) => onToggleRef.current?.(state) : undefined, miniRef.current ?? undefined);
    rendererRef.current = renderer;
    renderer.fit();
    return () => {
      renderer.dispose();
      rendererRef.current = null;
    };
  }, [layout, togglable]);

  // F9 toggles the breakpoint of the state selected in the graph. Listening on the document runs
  // before the debugger's window listener, which leaves a key already taken alone.
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  useEffect(() => {
    if (!togglable) return;
    const onKey = (e: KeyboardEvent) => {
      const state = selectedRef.current;
      if (e.key !== 'F9' || e.defaultPrevented || state === null) return;
      e.preventDefault();
      onToggleRef.current?.(state);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [togglable]);

  // Precomputed once per history; at each cursor only binary searches remain (retries, iterations).
  const retryIndex = useMemo(() => retryIndexFromVisits(projection), [projection]);
  const progressIndex = useMemo(() => (events === undefined ? undefined : iterationProgressIndex(projection, events)), [projection, events]);
  const compoundStates = useMemo(() => (layout === null ? [] : layout.nodes.filter((n) => (n.kind === 'map' || n.kind === 'parallel') && n.state !== undefined).map((n) => n.state!)), [layout]);
  const retryStates = useMemo(() => (layout === null ? [] : layout.edges.filter((e) => e.kind === 'retry').map((e) => e.from)), [layout]);

  const style = useMemo<GraphStyleState>(() => {
    const visitCounts = new Map<string, number>();
    for (const v of projection.visits) {
      if (v.enteredAt > cursor) break;
      visitCounts.set(v.state, (visitCounts.get(v.state) ?? 0) + 1);
    }
    const at = projection.eventVisit[cursor];
    const progress = new Map<string, CompoundProgress>();
    if (progressIndex !== undefined) {
      for (const state of compoundStates) {
        const p = compoundProgressAt(progressIndex, state, cursor, selectedVisit);
        if (p !== undefined) progress.set(state, p);
      }
    }
    const retries = new Map<string, number>();
    for (const state of retryStates) retries.set(state, retriesAt(retryIndex, state, cursor));
    const attempts = new Map<string, number>();
    const statuses = stateStatusesAt(projection, cursor, attempts);
    return {
      statuses,
      taken: takenTransitionsAt(projection, cursor),
      selected,
      current: at !== undefined && at >= 0 ? projection.visits[at].state : null,
      visitCounts,
      breakpoints,
      ...(progressIndex !== undefined ? { progress } : {}),
      retries,
      ...(paused !== undefined ? { paused } : {}),
      keptFrom: keptFromEarlierAttempts(projection, cursor, attempts),
    };
  }, [projection, cursor, selected, breakpoints, progressIndex, compoundStates, selectedVisit, retryStates, retryIndex, paused]);

  useEffect(() => {
    rendererRef.current?.update(style);
  }, [style, layout, togglable]);

  return (
    <section className="graph-panel panel" aria-label="Graph">
      <div className="panel-head">
        <h3>Graph</h3>
        {reconstructed && <span className="muted small">rebuilt from the history: only visited states and taken transitions</span>}
        <div className="toolbar" role="toolbar" aria-label="Graph view">
          <button type="button" onClick={() => rendererRef.current?.zoomBy(1.25)} aria-label="Zoom in">+</button>
          <button type="button" onClick={() => rendererRef.current?.zoomBy(0.8)} aria-label="Zoom out">−</button>
          <button type="button" onClick={() => rendererRef.current?.fit(true)} aria-label="Fit to view">Fit</button>
        </div>
      </div>
      {error !== undefined && <p role="alert">Cannot lay the graph out: {error}</p>}
      <div className="graph-stage">
        {/* The first layout loads ELK (~1.5 MB) and a large machine takes a moment: say so instead of an empty box. */}
        {layout === null && error === undefined && (
          <p className="graph-loading muted" role="status">
            Laying out the graph…
          </p>
        )}
        <svg ref={svgRef} className="graph-svg" role="group" aria-label="State machine graph" />
        {/* Shown by the renderer while part of the layout is out of view. */}
        <svg ref={miniRef} className="graph-minimap" role="group" aria-label="Graph overview" tabIndex={0} />
      </div>
      <ul className="legend" aria-label="Status colours">
        {STATUS_ORDER.map((s) => (
          <li key={s}>
            <span className="swatch" style={{ background: statusColor(s, 'fill'), borderColor: statusColor(s, 'stroke') }} />
            {STATUS_STYLES[s].label}
          </li>
        ))}
        <li>
          <span className="swatch-line taken" /> taken
        </li>
        <li>
          <span className="swatch-line catch" /> Catch
        </li>
        <li>
          <span className="swatch-line retry" /> Retry loop
        </li>
      </ul>
    </section>
  );
}

