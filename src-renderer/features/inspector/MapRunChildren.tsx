import { useEffect, useState } from 'react';
import type { ExecutionId, ExecutionSummary, StoredExecutionStatus } from '@common/contract/api';
import type { MapRunSummary } from '@common/debug/dataflowSteps';
import { errorMessage, getClient } from '../../api';
import { formatDuration } from '../executions';
import { batchText, itemCell, sortByItem } from './mapRunChildRows';

/** Props of `MapRunChildren`. */
export interface MapRunChildrenProps {
  mapRun: MapRunSummary;
  /** The stored execution the Map ran in; undefined when the history is not a stored one. */
  executionId?: ExecutionId;
  /** That execution's status: its children are stored when it stops, so the list is read again then. */
  executionStatus?: StoredExecutionStatus;
  /** Opens a child execution. */
  onOpen?: (execution: ExecutionSummary) => void;
}

type Children = { kind: 'loading' } | { kind: 'loaded'; executions: ExecutionSummary[] } | { kind: 'failed'; message: string };

/** The longest list shown: a Map Run may have thousands of children. */
const MAX_CHILDREN = 1000;

function formatMs(ms: number): string {
  return formatDuration(new Date(0).toISOString(), new Date(ms).toISOString(), 'SUCCEEDED');
}

/**
 * A Distributed Map visit's Map Run (region "Map Run"): its outcome and item count from the
 * parent's history, and the child executions the store holds for it (status, name, duration),
 * each of which opens. An imported AWS history has no children stored: that is said, with what
 * the events tell.
 */
export function MapRunChildren({ mapRun, executionId, executionStatus, onOpen }: MapRunChildrenProps) {
  const [children, setChildren] = useState<Children>({ kind: 'loading' });
  useEffect(() => {
    if (executionId === undefined) return;
    let live = true;
    setChildren((c) => (c.kind === 'loaded' ? c : { kind: 'loading' }));
    getClient()
      ['executions.list']({ parentExecutionId: executionId, parentEventId: mapRun.startedEventId, limit: MAX_CHILDREN })
      .then(
        (executions) => live && setChildren({ kind: 'loaded', executions: sortByItem(executions) }),
        (e: unknown) => live && setChildren({ kind: 'failed', message: errorMessage(e) }),
      );
    return () => {
      live = false;
    };
  }, [executionId, mapRun.startedEventId, mapRun.status, executionStatus]);

  const outcome =
    mapRun.status === 'running'
      ? 'running'
      : mapRun.status === 'succeeded'
        ? 'succeeded'
        : `${mapRun.status}${mapRun.error !== null ? ` with ${mapRun.error}` : ''}`;
  return (
    <section className="map-run" aria-label="Map Run">
      <h4>Map Run</h4>
      <p className="small">
        Map Run {outcome}
        {mapRun.itemCount !== null ? ` · ${mapRun.itemCount} item${mapRun.itemCount === 1 ? '' : 's'}` : ''}
        {children.kind === 'loaded' && children.executions.length > 0 ? ` · ${children.executions.length} child execution${children.executions.length === 1 ? '' : 's'}` : ''}
        {mapRun.durationMs !== null ? ` · ${formatMs(mapRun.durationMs)}` : ''}
      </p>
      {mapRun.cause !== null && <p className="small muted">{mapRun.cause}</p>}
      {executionId === undefined ? null : children.kind === 'loading' ? (
        <p className="muted small">Reading the child executions…</p>
      ) : children.kind === 'failed' ? (
        <p role="alert">Cannot list the child executions: {children.message}</p>
      ) : children.executions.length === 0 ? (
        <p className="muted small">
          {mapRun.status === 'running' || executionStatus === 'RUNNING'
            ? 'The child executions are stored once the execution stops.'
            : 'The child executions are not in the store: an imported AWS history holds only the Map Run\'s start and outcome, not its children\'s histories.'}
        </p>
      ) : (
        <table className="map-run-children" aria-label="Child executions">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Status</th>
              <th scope="col">Execution</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {children.executions.map((c) => (
              <tr key={c.executionId}>
                <td className="num" title={itemCell(c)}>
                  {c.parent?.itemIndex ?? '-'}
                  {c.parent?.batch !== undefined && <div className="muted small">{batchText(c.parent.batch)}</div>}
                </td>
                <td>
                  <span className={`status status-${c.status}`}>{c.status}</span>
                </td>
                <td>
                  {onOpen ? (
                    <a
                      href={`#execution-${c.executionId}`}
                      aria-label={`Open child execution ${c.name}`}
                      onClick={(e) => {
                        e.preventDefault();
                        onOpen(c);
                      }}
                    >
                      {c.name}
                    </a>
                  ) : (
                    c.name
                  )}
                </td>
                <td>{formatDuration(c.startDate, c.stopDate, c.status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {children.kind === 'loaded' && children.executions.some((c) => c.parent?.itemIndex === undefined) && (
        <p className="muted small">Children stored by an older Stepscope have no item index: they are listed last, in the order they finished.</p>
      )}
    </section>
  );
}
