import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { ExecutionSummary } from '@common/contract/api';
import { compareHistories, type HistoryComparison } from '@common/history/compare';
import { eventDetails } from '@common/history/historySummary';
import type { HistoryEvent } from '@common/history/events';
import { visitsFromEvents } from '@common/history/visits';
import type { ExecutionStore } from '../executions';
import { countLabel, JsonView } from '../../ui';
import { compareRows, comparisonSummary, type CompareRow } from './compareRows';
import './compare.css';

/** Props of `CompareView`. */
export interface CompareViewProps {
  store: ExecutionStore;
  left: ExecutionSummary;
  right: ExecutionSummary;
  /** Opens one of the two executions in the workspace. */
  onOpen?: (execution: ExecutionSummary) => void;
}

/**
 * Two executions side by side (region "Compare executions"): their events aligned row by row,
 * flow by flow (each Parallel branch and Map iteration with its counterpart, whatever the order
 * the runs interleaved them in; see common/history/compare.ts), the first divergent row
 * highlighted on both sides with a button that scrolls to it, and both divergent events' details
 * below. The two lists scroll together.
 */
export function CompareView({ store, left, right, onOpen }: CompareViewProps) {
  useEffect(() => {
    store.track(left);
    store.track(right);
  }, [store, left, right]);
  const a = useSyncExternalStore(store.subscribe, () => store.get(left.executionId));
  const b = useSyncExternalStore(store.subscribe, () => store.get(right.executionId));
  const loading = a.detail === undefined || b.detail === undefined;
  const comparison = useMemo(() => compareHistories(a.events, b.events), [a.events, b.events]);
  const listed = useMemo(() => compareRows(comparison), [comparison]);
  const d = comparison.divergence;

  // Both lists scroll together, so aligned rows stay side by side.
  const scrollers = useRef<[HTMLDivElement | null, HTMLDivElement | null]>([null, null]);
  const onScroll = useCallback((side: 0 | 1) => {
    const from = scrollers.current[side];
    const to = scrollers.current[side === 0 ? 1 : 0];
    // The other list's own scroll event finds both equal and stops there.
    if (from !== null && to !== null && to.scrollTop !== from.scrollTop) to.scrollTop = from.scrollTop;
  }, []);
  /** Scrolls both lists so that the divergent row sits a third of the way down, below the header. */
  const goToDivergence = useCallback(() => {
    for (const scroller of scrollers.current) {
      const row = scroller?.querySelector<HTMLElement>('tr[aria-current="true"]');
      if (scroller == null || row == null) continue;
      const head = scroller.querySelector('thead')?.getBoundingClientRect().height ?? 0;
      const offset = row.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
      scroller.scrollTop = Math.max(0, offset - head - (scroller.clientHeight - head) / 3);
    }
  }, []);
  // Once both histories are read, the first divergence is in view.
  useEffect(() => {
    if (!loading && d !== null) goToDivergence();
  }, [loading, d, goToDivergence]);

  return (
    <section className="compare" aria-labelledby="compare-title">
      <h2 id="compare-title">Compare executions</h2>
      <div className="compare-result-line">
        <p role="status" aria-label="Comparison result" className={d ? 'compare-result diverged' : comparison.reordered ? 'compare-result reordered' : 'compare-result'}>
          {loading ? 'Reading both histories…' : comparisonSummary(comparison)}
        </p>
        {!loading && d !== null && (
          <button type="button" onClick={goToDivergence}>
            Go to the first divergence
          </button>
        )}
      </div>
      {!loading && comparison.reordered && (
        <p className="muted small compare-legend">
          <span className="compare-moved-mark" aria-hidden="true" /> marks rows whose events the two histories list in a different order.
        </p>
      )}
      {(a.error ?? b.error) !== undefined && <p role="alert">Cannot read an execution: {a.error ?? b.error}</p>}
      {listed.hiddenBefore > 0 && <p className="muted small">{listed.hiddenBefore} earlier rows, alike on both sides, are not listed.</p>}
      <div className="compare-columns">
        <CompareSide execution={left} events={a.events} comparison={comparison} rows={listed.rows} side="left" onOpen={onOpen} scrollerRef={(el) => (scrollers.current[0] = el)} onScroll={() => onScroll(0)} />
        <CompareSide execution={right} events={b.events} comparison={comparison} rows={listed.rows} side="right" onOpen={onOpen} scrollerRef={(el) => (scrollers.current[1] = el)} onScroll={() => onScroll(1)} />
      </div>
      {listed.hiddenAfter > 0 && <p className="muted small">{listed.hiddenAfter} later rows are not listed.</p>}
    </section>
  );
}

interface CompareSideProps {
  execution: ExecutionSummary;
  events: readonly HistoryEvent[];
  comparison: HistoryComparison;
  rows: readonly CompareRow[];
  side: 'left' | 'right';
  onOpen?: (execution: ExecutionSummary) => void;
  scrollerRef: (element: HTMLDivElement | null) => void;
  onScroll: () => void;
}

function CompareSide({ execution, events, comparison, rows, side, onOpen, scrollerRef, onScroll }: CompareSideProps) {
  const projection = useMemo(() => visitsFromEvents(events), [events]);
  const d = comparison.divergence;
  const divergent = d === null ? undefined : side === 'left' ? d.left : d.right;
  const divergentAt = d === null ? undefined : side === 'left' ? d.leftPosition : d.rightPosition;
  const state = (p: number) => {
    const v = projection.eventVisit[p];
    return v !== undefined && v >= 0 ? projection.visits[v].path : '';
  };
  const title = side === 'left' ? 'Left' : 'Right';
  return (
    <section className="compare-side panel" aria-label={`${title}: ${execution.name}`}>
      <div className="panel-head">
        <h3 title={execution.name}>
          <span className={`status status-${execution.status}`}>{execution.status}</span> {execution.name}
        </h3>
        <span className="muted small">
          {execution.stateMachineName} · {countLabel(events.length, 'event')}
        </span>
        {onOpen && (
          <button type="button" className="link" onClick={() => onOpen(execution)} aria-label={`Open execution ${execution.name}`}>
            Open
          </button>
        )}
      </div>
      <div className="table-scroll compare-table" ref={scrollerRef} onScroll={onScroll}>
        <table aria-label={`Events of ${execution.name}`}>
          <colgroup>
            <col className="compare-col-num" />
            <col className="compare-col-type" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Type</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const p = side === 'left' ? row.left : row.right;
              const className = `compare-${row.relation}${row.moved ? ' compare-moved' : ''}${p === undefined ? ' compare-gap' : ''}`;
              const current = row.relation === 'diverged' ? 'true' : undefined;
              if (p === undefined) {
                return (
                  <tr key={row.row} className={className} aria-current={current}>
                    <td className="num" aria-label="No event">
                      –
                    </td>
                    <td colSpan={2} className="muted">
                      {row.relation === 'diverged' ? '(no such event on this side)' : ''}
                    </td>
                  </tr>
                );
              }
              const type = events[p]?.type ?? '';
              const where = state(p);
              return (
                <tr key={row.row} className={className} aria-current={current}>
                  <td className="num" title={row.moved ? 'Listed in a different order in the other history' : undefined}>
                    {p + 1}
                  </td>
                  <td title={type}>{type}</td>
                  <td title={where}>{where}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {divergent !== undefined && divergentAt !== undefined && (
        <div className="compare-details">
          <h4>
            Event {divergentAt + 1}: {divergent.type}
          </h4>
          <JsonView value={eventDetails(divergent) ?? null} label={`Divergent event of ${execution.name}`} maxLines={16} />
        </div>
      )}
    </section>
  );
}
