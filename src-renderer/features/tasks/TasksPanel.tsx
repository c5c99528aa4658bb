import { useMemo, useState, useSyncExternalStore } from 'react';
import type { ExecutionId, WaitingTask } from '@common/contract/api';
import type { Json } from '@common/json';
import { errorMessage, getClient } from '../../api';
import type { WaitingTasks } from './waitingTasks';

/** Props of `TasksPanel`. */
export interface TasksPanelProps {
  tasks: WaitingTasks;
  /** Show only this execution's waiting tasks. */
  executionId?: ExecutionId;
}

/**
 * The Tasks waiting for their task token (`.waitForTaskToken`, activities), each with its token
 * and what it sent, and a way to answer it as SendTaskSuccess (output JSON), SendTaskFailure
 * (error and cause) or SendTaskHeartbeat would. Shows nothing when no task waits.
 */
export function TasksPanel({ tasks, executionId }: TasksPanelProps) {
  const all = useSyncExternalStore(tasks.subscribe, tasks.all);
  const shown = useMemo(() => (executionId === undefined ? all : all.filter((t) => t.executionId === executionId)), [all, executionId]);
  if (shown.length === 0) return null;
  return (
    <section className="tasks" aria-labelledby="tasks-title">
      <h3 id="tasks-title">Waiting for a task token</h3>
      <p className="muted">The execution's clock stands still until the task is answered.</p>
      {shown.map((task) => (
        <WaitingTaskCard key={`${task.executionId}/${task.taskToken}`} task={task} />
      ))}
    </section>
  );
}

function WaitingTaskCard({ task }: { task: WaitingTask }) {
  const [outputText, setOutputText] = useState('{}');
  const [error, setError] = useState('');
  const [cause, setCause] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const [heartbeats, setHeartbeats] = useState(0);
  const label = `Task ${task.stateName}`;
  const idBase = `task-${task.executionId}-${task.taskToken}`.replace(/[^A-Za-z0-9_-]/g, '_');

  const send = async (call: () => Promise<unknown>) => {
    setProblem(undefined);
    setSending(true);
    try {
      await call();
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setSending(false);
    }
  };
  const sendSuccess = () => {
    let output: Json;
    try {
      output = JSON.parse(outputText) as Json;
    } catch (e) {
      setProblem(`The output is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    void send(() => getClient()['tasks.sendSuccess']({ taskToken: task.taskToken, output, executionId: task.executionId }));
  };
  const sendFailure = () =>
    void send(() =>
      getClient()['tasks.sendFailure']({
        taskToken: task.taskToken,
        executionId: task.executionId,
        ...(error !== '' ? { error } : {}),
        ...(cause !== '' ? { cause } : {}),
      }),
    );
  const sendHeartbeat = () =>
    void send(async () => {
      await getClient()['tasks.sendHeartbeat']({ taskToken: task.taskToken, executionId: task.executionId });
      setHeartbeats((n) => n + 1);
    });

  return (
    <article className="task" aria-label={label}>
      <h4>
        {task.stateName} <span className="muted">({task.kind === 'activity' ? 'activity' : 'callback'})</span>
      </h4>
      <dl className="facts">
        <dt>Task token</dt>
        <dd>
          <code aria-label="Task token">{task.taskToken}</code>
        </dd>
        <dt>Resource</dt>
        <dd>
          <code>{task.resource}</code>
        </dd>
        <dt>Waiting since</dt>
        <dd>{task.startedAt}</dd>
      </dl>
      <details>
        <summary>What the task sent</summary>
        <pre aria-label="Task input">{JSON.stringify(task.input, null, 2)}</pre>
      </details>
      <div className="answer">
        <label className="block" htmlFor={`${idBase}-output`}>
          Output (JSON)
        </label>
        <textarea id={`${idBase}-output`} aria-label="Task output" className="code" rows={3} spellCheck={false} value={outputText} onChange={(e) => setOutputText(e.target.value)} />
        <button type="button" className="primary" onClick={sendSuccess} disabled={sending}>
          Send success
        </button>
      </div>
      <div className="answer">
        <label>
          Error <input type="text" aria-label="Task error" value={error} onChange={(e) => setError(e.target.value)} placeholder="e.g. Expense.Rejected" />
        </label>{' '}
        <label>
          Cause <input type="text" aria-label="Task cause" value={cause} onChange={(e) => setCause(e.target.value)} />
        </label>{' '}
        <button type="button" onClick={sendFailure} disabled={sending}>
          Send failure
        </button>{' '}
        <button type="button" onClick={sendHeartbeat} disabled={sending}>
          Send heartbeat
        </button>
        {heartbeats > 0 && <span className="muted"> {heartbeats} heartbeat{heartbeats === 1 ? '' : 's'} sent</span>}
      </div>
      {problem !== undefined && <p role="alert">{problem}</p>}
    </article>
  );
}
