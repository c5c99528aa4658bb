import { useEffect, useMemo, useState } from 'react';
import type { StateMachineDefinition } from '@common/asl/types';
import type { CoverageFile } from '@common/usertests';
import { layoutDefinition, type GraphLayout } from '../graph';
import { edgeCoverage, heat, stateHits, type CoverageMachine, type EdgeCoverage } from './coverageMap';
import './coverage.css';

type Elk = InstanceType<typeof import('elkjs/lib/elk.bundled.js').default>;
let elkLoading: Promise<Elk> | undefined;
function loadElk(): Promise<Elk> {
  elkLoading ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
  return elkLoading;
}

/** Props of `CoverageView`. */
export interface CoverageViewProps {
  /** A coverage file written by `stepscope test --coverage-file`. */
  file: CoverageFile;
  /** Its name, for the heading. */
  name: string;
}

function pct(covered: number, total: number): string {
  return total === 0 ? '–' : `${Math.round((covered / total) * 1000) / 10}%`;
}

function pathOf(points: readonly { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
}

/**
 * A test suite's coverage drawn on the state machine graph (region "Coverage"): states shaded by
 * how often the suite entered them (never-entered states outlined in red), transitions drawn
 * thicker the more they were taken, and every transition, Catcher or Retrier no case took dashed
 * in red with "not covered". Above it the totals; below it the list of what is not covered.
 */
export function CoverageView({ file, name }: CoverageViewProps) {
  const [index, setIndex] = useState(0);
  const machine: CoverageMachine | undefined = file.stateMachines[index];
  const [layout, setLayout] = useState<GraphLayout | null>(null);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    if (machine === undefined) return;
    let cancelled = false;
    setLayout(null);
    setError(undefined);
    loadElk()
      .then((elk) => layoutDefinition(machine.definition as unknown as StateMachineDefinition, elk))
      .then(
        (l) => !cancelled && setLayout(l),
        (e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)),
      );
    return () => {
      cancelled = true;
    };
  }, [machine]);

  const edges = useMemo(() => (layout && machine ? edgeCoverage(layout.edges, machine) : new Map<string, EdgeCoverage>()), [layout, machine]);
  const states = useMemo(() => (machine ? stateHits(machine) : { hits: new Map<string, number>(), max: 0 }), [machine]);
  const maxEdge = useMemo(() => Math.max(1, ...[...edges.values()].map((e) => e.hits)), [edges]);

  if (machine === undefined) return <p role="alert">{name} holds no state machine.</p>;
  const t = machine.totals;
  const missing = machine.items.filter((i) => i.hits === 0);

  return (
    <section className="coverage-view panel" aria-label="Coverage">
      <div className="panel-head">
        <h2>Coverage: {machine.stateMachineName}</h2>
        <span className="muted small">
          {name} · {machine.definitionRef} · {machine.cases.length} case{machine.cases.length === 1 ? '' : 's'}
        </span>
        {file.stateMachines.length > 1 && (
          <label className="small">
            State machine{' '}
            <select value={index} onChange={(e) => setIndex(Number(e.target.value))}>
              {file.stateMachines.map((m, i) => (
                <option key={m.definitionRef} value={i}>
                  {m.stateMachineName} ({m.definitionRef})
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <dl className="coverage-totals" aria-label="Coverage totals">
        <div>
          <dt>States</dt>
          <dd>
            {t.states.covered}/{t.states.total} · {pct(t.states.covered, t.states.total)}
          </dd>
        </div>
        <div>
          <dt>Transitions</dt>
          <dd>
            {t.transitions.covered}/{t.transitions.total} · {pct(t.transitions.covered, t.transitions.total)}
          </dd>
        </div>
        {t.retries.total > 0 && (
          <div>
            <dt>Retriers</dt>
            <dd>
              {t.retries.covered}/{t.retries.total} · {pct(t.retries.covered, t.retries.total)}
            </dd>
          </div>
        )}
        {t.branches.total > 0 && (
          <div>
            <dt>Branches</dt>
            <dd>
              {t.branches.covered}/{t.branches.total} · {pct(t.branches.covered, t.branches.total)}
            </dd>
          </div>
        )}
      </dl>
      {error !== undefined && <p role="alert">Cannot lay the graph out: {error}</p>}
      {layout === null && error === undefined && (
        <p className="muted" role="status">
          Laying out the graph…
        </p>
      )}
      {layout !== null && (
        <div className="coverage-stage">
          <svg className="coverage-svg" role="group" aria-label="Coverage graph" viewBox={`0 0 ${Math.max(1, layout.width)} ${Math.max(1, layout.height)}`} width={layout.width} height={layout.height}>
            <defs>
              <marker id="cov-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
                <path d="M0,0 L10,5 L0,10 z" className="cov-arrowhead" />
              </marker>
            </defs>
            {layout.nodes
              .filter((n) => n.kind === 'parallel' || n.kind === 'map' || n.kind === 'branch')
              .map((n) => {
                const hits = n.state !== undefined ? (states.hits.get(n.state) ?? 0) : undefined;
                return (
                  <g key={n.id} className={`cov-container ${hits === 0 ? 'uncovered' : ''}`}>
                    <rect x={n.x} y={n.y} width={n.width} height={n.height} rx={6} />
                    <text x={n.x + 8} y={n.y + 16}>
                      {n.display}
                      {n.stateType !== undefined ? `  ·  ${n.stateType}` : ''}
                      {hits !== undefined ? `  ·  ${hits === 0 ? 'never entered' : `×${hits}`}` : ''}
                    </text>
                  </g>
                );
              })}
            {layout.edges.map((e) => {
              const c = edges.get(e.id);
              const cls = c === undefined ? 'plain' : c.hits > 0 ? (c.covered ? 'covered' : 'partial') : 'uncovered';
              const width = c !== undefined && c.hits > 0 ? 1.5 + 3 * heat(c.hits, maxEdge) : 1.5;
              // The label keeps the size ELK made room for; the coverage goes in a short mark after it and in the tooltip.
              const mark = c === undefined ? undefined : e.kind === 'retry' ? c.items.map((i) => `${i.kind === 'retry' ? '↻' : '⇥'}${i.hits}`).join(' ') : c.hits > 0 ? `×${c.hits}` : '✗';
              const title =
                c === undefined
                  ? undefined
                  : e.kind === 'retry'
                    ? `${e.from}: ${c.items.map((i) => `${i.label}: ${i.hits === 0 ? 'not covered' : `${i.hits} times`}`).join('; ')}`
                    : `${c.items[0].label}: ${c.hits > 0 ? `taken ${c.hits} times` : 'not covered'}`;
              const end = e.points[e.points.length - 1];
              return (
                <g key={e.id} className={`cov-edge ${cls} kind-${e.kind}`} aria-label={title}>
                  {title !== undefined && <title>{title}</title>}
                  <path d={pathOf(e.points)} strokeWidth={width} markerEnd="url(#cov-arrow)" />
                  {e.label !== undefined && e.labelBox !== undefined && (
                    <text x={e.labelBox.x + 2} y={e.labelBox.y + 12}>
                      {e.label}
                    </text>
                  )}
                  {mark !== undefined && (e.labelBox !== undefined || end !== undefined) && (
                    <text className="cov-mark" x={e.labelBox !== undefined ? e.labelBox.x + 2 : end!.x + 6} y={e.labelBox !== undefined ? e.labelBox.y + 25 : end!.y - 8}>
                      {mark}
                    </text>
                  )}
                </g>
              );
            })}
            {layout.nodes
              .filter((n) => n.kind === 'state' || n.kind === 'start' || n.kind === 'end')
              .map((n) => {
                const hits = n.state !== undefined ? (states.hits.get(n.state) ?? 0) : undefined;
                const h = hits === undefined ? 0 : heat(hits, states.max);
                const fill = hits === undefined ? undefined : hits === 0 ? 'var(--bad-bg-soft)' : `color-mix(in srgb, var(--ok) ${Math.round(h * 55)}%, var(--panel))`;
                return (
                  <g key={n.id} className={`cov-node kind-${n.kind} ${hits === 0 ? 'uncovered' : ''}`} role={n.state !== undefined ? 'img' : undefined} aria-label={n.state !== undefined ? `State ${n.state}, ${hits === 0 ? 'never entered' : `entered ${hits} times`}` : undefined}>
                    <rect x={n.x} y={n.y} width={n.width} height={n.height} rx={n.kind === 'state' ? 6 : 12} style={fill !== undefined ? { fill } : undefined} />
                    <text x={n.x + n.width / 2} y={n.y + n.height / 2 + 4} textAnchor="middle" className={h > 0.7 ? 'hot' : undefined}>
                      {n.display}
                      {hits !== undefined ? ` ×${hits}` : ''}
                    </text>
                  </g>
                );
              })}
          </svg>
        </div>
      )}
      <ul className="legend" aria-label="Coverage legend">
        <li>
          <span className="swatch cov-hot" /> entered often
        </li>
        <li>
          <span className="swatch cov-cold" /> entered once
        </li>
        <li>
          <span className="swatch cov-never" /> never entered
        </li>
        <li>
          <span className="swatch-line cov-taken" /> taken
        </li>
        <li>
          <span className="swatch-line cov-missed" /> not covered (✗)
        </li>
        <li>↻ n: retried n times, ⇥ n: retries exhausted n times</li>
      </ul>
      <h3>Not covered ({missing.length})</h3>
      {missing.length === 0 ? (
        <p className="muted">Every state, transition, retrier and branch was exercised.</p>
      ) : (
        <ul className="coverage-missing" aria-label="Not covered">
          {missing.map((i) => (
            <li key={i.id}>{i.label}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
