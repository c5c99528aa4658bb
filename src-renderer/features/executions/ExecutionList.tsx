import { Fragment, useEffect, useState } from 'react';
import type { ExecutionAttempt, ExecutionSummary } from '@common/contract/api';
import { errorMessage, type StepscopeClient } from '../../api';
import { attemptLabel, formatDuration, formatRowNotes, formatStart } from './executionListFormat';

/** Props of `ExecutionList`. */
export interface ExecutionListProps {
  client: StepscopeClient;
  onOpen(execution: ExecutionSummary): void;
  /** Two executions chosen with their checkboxes, then "Compare". Without it, no checkboxes are shown. */
  onCompare?(left: ExecutionSummary, right: ExecutionSummary): void;
  /** Most executions shown. Default 50. */
  limit?: number;
}

/**
 * The stored executions, newest first (local runs, imports and forks; child executions are not
 * listed but counted on their parent's row; a redriven execution is one row, its latest attempt,
 * whose "N attempts" button lists every attempt, each of which opens): status, name, start and duration.
 * Re-read whenever an execution starts or stops (`execution.statusChanged`), here or in another
 * process writing the same database, or another process removes some (`executions.removed`). With `onCompare`,
 * each row has a checkbox, and "Compare" compares the two checked (the older one on the left).
 */
export function ExecutionList({ client, onOpen, onCompare, limit = 50 }: ExecutionListProps) {
  const [executions, setExecutions] = useState<ExecutionSummary[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [checked, setChecked] = useState<readonly string[]>([]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggleAttempts = (id: string) =>
    setExpanded((x) => {
      const next = new Set(x);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const openAttempt = (a: ExecutionAttempt) => {
    client['executions.get']({ executionId: a.executionId })
      .then((detail) => onOpen(detail))
      .catch((e: unknown) => setError(errorMessage(e)));
  };
  const toggle = (id: string, on: boolean) => setChecked((c) => (on ? [...c.filter((x) => x !== id), id] : c.filter((x) => x !== id)));
  const chosen = (executions ?? []).filter((e) => checked.includes(e.executionId));

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
    const soon = () => {
      if (timer === undefined) timer = setTimeout(() => ((timer = undefined), load()), 100);
    };
    // Executions another process stored, ran or removed in the same database arrive as these pushes too.
    const off = client.onPush('execution.statusChanged', soon);
    const offRemoved = client.onPush('executions.removed', soon);
    return () => {
      live = false;
      off();
      offRemoved();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [client, limit]);

  return (
    <section className="execution-list" aria-labelledby="execution-list-title">
      <div className="execution-list-head">
        <h2 id="execution-list-title">Executions</h2>
        {onCompare && (
          <button
            type="button"
            disabled={chosen.length !== 2}
            title={chosen.length === 2 ? 'Compare the two checked executions' : 'Check two executions to compare them'}
            onClick={() => {
              // The list is newest first: the older execution goes on the left.
              const [newer, older] = chosen;
              onCompare(older, newer);
            }}
          >
            Compare
          </button>
        )}
      </div>
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
                {onCompare && (
                  <th scope="col">
                    <span className="visually-hidden">Compare</span>
                  </th>
                )}
                <th scope="col">Status</th>
                <th scope="col">Name</th>
                <th scope="col">Started</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {executions.map((e) => (
                <Fragment key={e.executionId}>
                <tr>
                  {onCompare && (
                    <td>
                      <input type="checkbox" aria-label={`Select execution ${e.name}`} checked={checked.includes(e.executionId)} onChange={(ev) => toggle(e.executionId, ev.target.checked)} />
                    </td>
                  )}
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
                      {formatRowNotes(e)}
                    </span>
                    {e.attempts !== undefined && e.attempts.length > 1 && (
                      <>
                        {' '}
                        <button
                          type="button"
                          className="link attempts-toggle"
                          aria-expanded={expanded.has(e.executionId)}
                          aria-label={`${e.attempts.length} attempts of ${e.name}`}
                          title={`Redriven ${e.redriveCount ?? e.attempts.length - 1} time${(e.redriveCount ?? e.attempts.length - 1) === 1 ? '' : 's'}: show every attempt`}
                          onClick={() => toggleAttempts(e.executionId)}
                        >
                          {expanded.has(e.executionId) ? '▾' : '▸'} {e.attempts.length} attempts
                        </button>
                      </>
                    )}
                  </td>
                  <td className="when">{formatStart(e.attempts?.[0]?.startDate ?? e.startDate)}</td>
                  <td className="num">{formatDuration(e.startDate, e.stopDate, e.status)}</td>
                </tr>
                {e.attempts !== undefined &&
                  expanded.has(e.executionId) &&
                  e.attempts.map((a) => (
                    <tr key={a.executionId} className="attempt-row" aria-label={`${e.name}, ${attemptLabel(a.redriveCount)}`}>
                      {onCompare && <td />}
                      <td>
                        <span className={`status status-${a.status}`}>{a.status}</span>
                      </td>
                      <td className="name-cell">
                        <button type="button" className="link" onClick={() => openAttempt(a)} aria-label={`Open ${attemptLabel(a.redriveCount)} of ${e.name}`}>
                          {attemptLabel(a.redriveCount)}
                        </button>
                      </td>
                      <td className="when">{formatStart(a.startDate)}</td>
                      <td className="num">{formatDuration(a.startDate, a.stopDate, a.status)}</td>
                    </tr>
                  ))}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
