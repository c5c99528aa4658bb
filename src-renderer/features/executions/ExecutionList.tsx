import { useEffect, useState } from 'react';
import type { ExecutionSummary } from '@common/contract/api';
import type { StepscopeClient } from '@common/contract/client';
import { errorMessage } from '../../api';
import { formatDuration, formatStart } from './executionListFormat';

/** Props of `ExecutionList`. */
export interface ExecutionListProps {
  client: StepscopeClient;
  onOpen(execution: ExecutionSummary): void;
  /** Most executions shown. Default 50. */
  limit?: number;
}

/**
 * The stored executions, newest first (local runs and imports): status, name, start and duration.
 * Re-read whenever an execution starts or stops (`execution.statusChanged`).
 */
export function ExecutionList({ client, onOpen, limit = 50 }: ExecutionListProps) {
  const [executions, setExecutions] = useState<ExecutionSummary[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      client['executions.list']({ limit })
        .then((list) => {
          if (!live) return;
          setExecutions(list);
          setError(undefined);
        })
        .catch((e: unknown) => live && setError(errorMessage(e)));
    };
    load();
    // Several executions may start or stop at once (an import of many): read the list once for them.
    const off = client.onPush('execution.statusChanged', () => {
      if (timer === undefined) timer = setTimeout(() => ((timer = undefined), load()), 100);
    });
    return () => {
      live = false;
      off();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [client, limit]);

  return (
    <section className="execution-list" aria-labelledby="execution-list-title">
      <h2 id="execution-list-title">Executions</h2>
      {error !== undefined && <p role="alert">Cannot list the executions: {error}</p>}
      {executions === undefined && error === undefined && <p role="status">Loading executions…</p>}
      {executions !== undefined && executions.length === 0 && (
        <p className="muted">No executions yet. Run an example, or import a history recorded in AWS with “Import history…”.</p>
      )}
      {executions !== undefined && executions.length > 0 && (
        <div className="table-scroll">
          <table aria-label="Executions">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Name</th>
                <th scope="col">Started</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {executions.map((e) => (
                <tr key={e.executionId}>
                  <td>
                    <span className={`status status-${e.status}`}>{e.status}</span>
                  </td>
                  <td className="name-cell">
                    <button type="button" className="link" onClick={() => onOpen(e)} aria-label={`Open execution ${e.name}`} title={`${e.stateMachineName} / ${e.name}`}>
                      {e.name}
                    </button>
                    <span className="muted">
                      {' '}
                      {e.stateMachineName}
                      {e.origin === 'import' ? ' · imported' : ''}
                    </span>
                  </td>
                  <td className="when">{formatStart(e.startDate)}</td>
                  <td className="num">{formatDuration(e.startDate, e.stopDate, e.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
