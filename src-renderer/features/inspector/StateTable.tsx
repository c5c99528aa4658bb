import { useDeferredValue, useMemo } from 'react';
import type { HistoryEvent } from '@common/history/events';
import type { VisitProjection } from '@common/history/visits';
import { statusColor, STATUS_STYLES } from '../../viz';
import { formatElapsedMs } from '../events';
import { stateTableRows } from './stateTableRows';

/** Props of `StateTable`. */
export interface StateTableProps {
  projection: VisitProjection;
  events: readonly HistoryEvent[];
  cursor: number;
  selected: string | null;
  /** A row was chosen: select its visit and move the cursor to its end. */
  onPick: (visit: number) => void;
}

/**
 * The state table (region "State table"), as the AWS console's "Table view": each state entered
 * up to the cursor, with its type, status, duration, start (from the execution's start) and a
 * bar placing it in the execution's span. A row selects its visit.
 */
export function StateTable({ projection, events, cursor, selected, onPick }: StateTableProps) {
  // Deferred: while events stream in, the table follows at low priority, after the views that must keep up.
  const shown = useDeferredValue(useMemo(() => ({ projection, events, cursor }), [projection, events, cursor]));
  const table = useMemo(() => stateTableRows(shown.projection, shown.events, shown.cursor), [shown]);
  return (
    <section className="state-table panel" aria-label="State table">
      {table.rows.length === 0 ? (
        <p className="muted">No state has been entered at the cursor.</p>
      ) : (
        <table aria-label="States">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Duration
              </th>
              <th scope="col" className="num">
                Started after
              </th>
              <th scope="col" className="bar-col">
                Timeline
              </th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.visit} className={r.name === selected ? 'selected' : undefined} onClick={() => onPick(r.visit)}>
                <td title={r.path}>
                  <button type="button" className="link" onClick={() => onPick(r.visit)}>
                    {r.path}
                  </button>
                </td>
                <td>{r.type}</td>
                <td>
                  <span className="state-status" style={{ background: statusColor(r.status, 'fill'), color: statusColor(r.status, 'text'), borderColor: statusColor(r.status, 'stroke') }}>
                    {STATUS_STYLES[r.status].label}
                  </span>
                </td>
                <td className="num">
                  {formatElapsedMs(r.durationMs)}
                  {r.open ? '+' : ''}
                </td>
                <td className="num">{formatElapsedMs(r.startMs)}</td>
                <td className="bar-col" aria-hidden="true">
                  <span className="duration-track">
                    <span className="duration-bar" style={{ left: `${r.barLeft * 100}%`, width: `max(2px, ${r.barWidth * 100}%)`, background: statusColor(r.status, 'stroke') }} />
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {table.hidden > 0 && <p className="muted small">{table.hidden} more visits are not listed (the table shows the first 500).</p>}
    </section>
  );
}
