import { useState, useSyncExternalStore } from 'react';
import type { ExecutionId } from '@common/contract/api';
import { errorMessage, getClient } from '../../api';
import type { ExecutionStore } from './executionStore';
import { formatDuration, formatStart } from './executionListFormat';

/** Props of `ExecutionPanel`. */
export interface ExecutionPanelProps {
  store: ExecutionStore;
  executionId: ExecutionId;
}

/** Offers a text as a file download. */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * One execution's summary, as the AWS console's execution details: its name, ARN, status, start
 * and stop, duration, redrive count and where it came from, its event count as it grows, and
 * when it stops, the error and cause or the output. Its history and mocks made from it can be
 * exported. Its events are shown by the inspector (region "Events").
 */
export function ExecutionPanel({ store, executionId }: ExecutionPanelProps) {
  const snapshot = useSyncExternalStore(store.subscribe, () => store.get(executionId));
  const count = snapshot.events.length;
  const summary = snapshot.summary;
  const status = summary?.status ?? 'RUNNING';
  const detail = snapshot.detail;
  // AWS's redriveCount: the service counts the attempts before this one (absent: never redriven).
  const redriveCount = detail?.redriveCount ?? summary?.redriveCount ?? (summary?.parent?.kind === 'redrive' && detail === undefined ? undefined : 0);
  const [problem, setProblem] = useState<string | undefined>();
  const name = summary?.name ?? executionId;

  const exportHistory = () => download(`${name}.history.json`, `${JSON.stringify({ events: snapshot.events }, null, 2)}\n`);
  const exportMocks = async () => {
    setProblem(undefined);
    try {
      const outcome = await getClient()['executions.mocksFrom']({ executionId });
      download(`${outcome.stateMachine}-${outcome.testCase}.mocks.json`, `${JSON.stringify(outcome.config, null, 2)}\n`);
    } catch (e) {
      setProblem(`Cannot make mocks from this execution: ${errorMessage(e)}`);
    }
  };

  return (
    <section className="execution" aria-labelledby="execution-title">
      <h3 id="execution-title">
        Execution {name}
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
      <dl className="facts execution-facts" aria-label="Execution summary">
        {detail?.executionArn !== undefined && (
          <>
            <dt>ARN</dt>
            <dd className="arn">{detail.executionArn}</dd>
          </>
        )}
        {summary !== undefined && (
          <>
            <dt>Started</dt>
            <dd>{formatStart(summary.startDate)}</dd>
            <dt>Stopped</dt>
            <dd>{summary.stopDate !== undefined ? formatStart(summary.stopDate) : '—'}</dd>
            <dt>Duration</dt>
            <dd>{formatDuration(summary.startDate, summary.stopDate, summary.status)}</dd>
          </>
        )}
        <dt>Redrive count</dt>
        <dd>{redriveCount ?? '…'}</dd>
        {summary?.parent !== undefined && (
          <>
            <dt>{summary.parent.kind === 'fork' ? 'Forked from' : summary.parent.kind === 'redrive' ? 'Redrive of' : 'Parent'}</dt>
            <dd>{summary.parent.name}</dd>
          </>
        )}
      </dl>
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
      <p className="export-buttons" role="group" aria-label="Export">
        <button type="button" onClick={exportHistory} disabled={count === 0} title="The history as GetExecutionHistory returns it ({ events: [...] }); Import history… reads it back">
          Export history
        </button>{' '}
        <button type="button" onClick={() => void exportMocks()} disabled={status === 'RUNNING'} title="A mock config whose test case answers every Task as this execution's history says">
          Export mocks
        </button>
      </p>
      {problem !== undefined && <p role="alert">{problem}</p>}
    </section>
  );
}
