import { useSyncExternalStore } from 'react';
import type { ExecutionId } from '@common/contract/api';
import type { ExecutionStore } from './executionStore';

/** Props of `ExecutionPanel`. */
export interface ExecutionPanelProps {
  store: ExecutionStore;
  executionId: ExecutionId;
}

/**
 * One execution's outcome: its status and event count as they change, and when it stops, the
 * error and cause or the output. Its events are shown by the inspector (region "Events").
 */
export function ExecutionPanel({ store, executionId }: ExecutionPanelProps) {
  const snapshot = useSyncExternalStore(store.subscribe, () => store.get(executionId));
  const count = snapshot.events.length;
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
          {count} event{count === 1 ? '' : 's'}
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
    </section>
  );
}
