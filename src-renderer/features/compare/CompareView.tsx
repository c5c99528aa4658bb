import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { ExecutionSummary } from '@common/contract/api';
import { compareHistories, type HistoryComparison } from '@common/history/compare';
import { eventDetails } from '@common/history/historySummary';
import type { HistoryEvent } from '@common/history/events';
import { visitsFromEvents } from '@common/history/visits';
import type { ExecutionStore } from '../executions';
import { JsonView } from '../../ui';
import { compareRows } from './compareRows';
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
 * Two executions side by side (region "Compare executions"): their events in order, the ones both
 * recorded alike, and the first divergent event highlighted on both sides (by type, state path,
 * then payload; see common/history/compare.ts), with both events' details below.
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
  const d = comparison.divergence;

  return (
    <section className="compare" aria-labelledby="compare-title">
      <h2 id="compare-title">Compare executions</h2>
      <p role="status" aria-label="Comparison result" className={d ? 'compare-result diverged' : 'compare-result'}>
        {loading
          ? 'Reading both histories…'
          : d === null
            ? `The two histories are the same: ${comparison.commonEvents} events alike (ids, timestamps and ARNs are not compared).`
            : `${comparison.commonEvents} event${comparison.commonEvents === 1 ? '' : 's'} alike, then they diverge. ${d.description}`}
      </p>
      {(a.error ?? b.error) !== undefined && <p role="alert">Cannot read an execution: {a.error ?? b.error}</p>}
      <div className="compare-columns">
        <CompareSide execution={left} events={a.events} comparison={comparison} side="left" onOpen={onOpen} />
        <CompareSide execution={right} events={b.events} comparison={comparison} side="right" onOpen={onOpen} />
      </div>
    </section>
  );
}

function CompareSide({ execution, events, comparison, side, onOpen }: { execution: ExecutionSummary; events: readonly HistoryEvent[]; comparison: HistoryComparison; side: 'left' | 'right'; onOpen?: (execution: ExecutionSummary) => void }) {
  const projection = useMemo(() => visitsFromEvents(events), [events]);
  const { rows, hiddenBefore, hiddenAfter } = useMemo(() => compareRows(comparison, events.length), [comparison, events.length]);
  const d = comparison.divergence;
  const divergent = d === null ? undefined : side === 'left' ? d.left : d.right;
  const state = (p: number) => {
    const v = projection.eventVisit[p];
    return v !== undefined && v >= 0 ? projection.visits[v].path : '';
  };
  return (
    <section className="compare-side panel" aria-label={`${side === 'left' ? 'Left' : 'Right'}: ${execution.name}`}>
      <div className="panel-head">
        <h3>
          <span className={`status status-${execution.status}`}>{execution.status}</span> {execution.name}
        </h3>
        <span className="muted small">
          {execution.stateMachineName} · {events.length} events
        </span>
        {onOpen && (
          <button type="button" className="link" onClick={() => onOpen(execution)} aria-label={`Open execution ${execution.name}`}>
            Open
          </button>
        )}
      </div>
      {hiddenBefore > 0 && <p className="muted small">{hiddenBefore} earlier events, alike on both sides, are not listed.</p>}
      <div className="table-scroll compare-table">
        <table aria-label={`Events of ${execution.name}`}>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Type</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ position, relation }) => (
              <tr key={position} className={`compare-${relation}`} aria-current={relation === 'diverged' ? 'true' : undefined}>
                <td className="num">{position + 1}</td>
                <td>{events[position]?.type}</td>
                <td>{state(position)}</td>
              </tr>
            ))}
            {d !== null && divergent === undefined && (
              <tr className="compare-diverged" aria-current="true">
                <td className="num">{d.position + 1}</td>
                <td colSpan={2}>(no event: this history ended)</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {hiddenAfter > 0 && <p className="muted small">{hiddenAfter} later events are not listed.</p>}
      {divergent !== undefined && (
        <div className="compare-details">
          <h4>
            Event {d!.position + 1}: {divergent.type}
          </h4>
          <JsonView value={eventDetails(divergent) ?? null} label={`Divergent event of ${execution.name}`} maxLines={16} />
        </div>
      )}
    </section>
  );
}
