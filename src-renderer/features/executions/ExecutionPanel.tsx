import { useMemo, useSyncExternalStore } from 'react';
import type { ExecutionId } from '@common/contract/api';
import type { ExecutionStore } from './executionStore';
import { formatElapsed, toEventRows } from './eventRows';

/** Props of `ExecutionPanel`. */
export interface ExecutionPanelProps {
  store: ExecutionStore;
  executionId: ExecutionId;
}

/**
 * One execution: its status, and its history events as they arrive (id, type, state, elapsed
 * time on the execution's clock). When it stops, the error and cause or the output are shown.
 */
export function ExecutionPanel({ store, executionId }: ExecutionPanelProps) {
  const snapshot = useSyncExternalStore(store.subscribe, () => store.get(executionId));
  const rows = useMemo(() => toEventRows(snapshot.events), [snapshot.events]);
  const summary = snapshot.summary;
  const status = summary?.status ?? 'RUNNING';
  const detail = snapshot.detail;

  return (
    <section className="execution" aria-labelledby="execution-title">
      <h3 id="execution-title">
        Execution {summary?.name ?? executionId}
        {summary?.origin === 'import' && <span className="muted"> (imported)</span>}
      </h3>
      <p>
        Status:{' '}
        <span role="status" aria-label="Execution status" className={`status status-${status}`}>
          {status}
        </span>{' '}
        <span className="muted">
          {rows.length} event{rows.length === 1 ? '' : 's'}
        </span>
      </p>
      {snapshot.error !== undefined && <p role="alert">Cannot read the execution: {snapshot.error}</p>}
      {status !== 'RUNNING' && detail?.error !== undefined && (
        <p className="bad">
          <strong>{detail.error}</strong>
          {detail.cause !== undefined && `: ${detail.cause}`}
        </p>
      )}
      {status === 'SUCCEEDED' && detail?.output !== undefined && (
        <details className="output">
          <summary>Output</summary>
          <pre aria-label="Execution output">{JSON.stringify(detail.output, null, 2)}</pre>
        </details>
      )}
      <div className="table-scroll">
        <table aria-label="History events">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Type</th>
              <th scope="col">State</th>
              <th scope="col">Elapsed</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} className={row.type.endsWith('Failed') ? 'bad' : undefined}>
                <td className="num">{row.id}</td>
                <td>{row.type}</td>
                <td>{row.stateName}</td>
                <td className="num">{formatElapsed(row.elapsedMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
