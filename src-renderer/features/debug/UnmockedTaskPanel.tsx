import { useEffect, useMemo, useState } from 'react';
import type { DebugState, ExecutionId } from '@common/contract/api';
import type { Json } from '@common/json';
import type { StopLocation } from '@common/debug/runControlMachine';
import { errorMessage, getClient } from '../../api';
import { CodeEditor } from '../editor';

/** Props of `UnmockedTaskPanel`. */
export interface UnmockedTaskPanelProps {
  /** A stop of kind `task` (reason `unmocked-task`). */
  stop: StopLocation;
  executionId: ExecutionId;
  onAnswer: (call: () => Promise<DebugState>) => Promise<void>;
}

/**
 * At a Task no mock answers: the request the Task would send, the response generated from the
 * service's model to edit, and "Answer and continue" with that result or with an error and cause.
 */
export function UnmockedTaskPanel({ stop, executionId, onAnswer }: UnmockedTaskPanelProps) {
  const task = stop.task;
  const [kind, setKind] = useState<'success' | 'failure'>('success');
  const [text, setText] = useState(() => JSON.stringify(task?.generated ?? {}, null, 2));
  const [error, setError] = useState('');
  const [cause, setCause] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  if (task === undefined) return null;

  const answer = async () => {
    setProblem(undefined);
    let response: { kind: 'success' | 'failure'; output?: Json; error?: string; cause?: string };
    if (kind === 'success') {
      try {
        response = { kind, output: JSON.parse(text) as Json };
      } catch (e) {
        setProblem(`The response is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
    } else {
      response = { kind };
      if (error !== '') response.error = error;
      if (cause !== '') response.cause = cause;
    }
    await onAnswer(() => getClient()['debug.answerTask']({ executionId, stopId: stop.id, response }));
  };

  return (
    <div className="unmocked-task" role="group" aria-label="Unmocked Task">
      <p className="muted">
        No mock answers <strong>{stop.stateName}</strong> (invocation {task.invocationIndex}, <code>{task.resource}</code>). Answer it, or
        Continue with the generated response.
      </p>
      <label className="block">
        Request
        <pre aria-label="Task request">{JSON.stringify(task.request, null, 2)}</pre>
      </label>
      <label>
        <input type="radio" name={`unmocked-${stop.id}`} checked={kind === 'success'} onChange={() => setKind('success')} /> Succeeds
      </label>{' '}
      <label>
        <input type="radio" name={`unmocked-${stop.id}`} checked={kind === 'failure'} onChange={() => setKind('failure')} /> Fails
      </label>
      {kind === 'success' ? (
        <div className="block">
          Response (generated from the service&apos;s model; edit it)
          <CodeEditor label="Task response" className="response-code" value={text} onChange={setText} />
        </div>
      ) : (
        <div>
          <input type="text" aria-label="Answer error" placeholder="Error" value={error} onChange={(e) => setError(e.target.value)} />{' '}
          <input type="text" aria-label="Answer cause" placeholder="Cause" value={cause} onChange={(e) => setCause(e.target.value)} />
        </div>
      )}
      <button type="button" className="primary" onClick={() => void answer()}>
        Answer and continue
      </button>
      {problem !== undefined && <p role="alert">{problem}</p>}
    </div>
  );
}

/**
 * "Save answers as mocks": the answers this debug session gave Tasks with no mock, as a
 * MockConfigFile test case to download (debug.mocksFromAnswers). Shown once some were given.
 */
export function SaveAnswersAsMocks({ executionId, version }: { executionId: ExecutionId; version: number | undefined }) {
  const [made, setMade] = useState<{ text: string; name: string; count: number } | undefined>();
  useEffect(() => {
    let live = true;
    getClient()
      ['debug.mocksFromAnswers']({ executionId })
      .then((r) => {
        if (!live) return;
        const count = Object.keys(r.states).length;
        setMade(count === 0 ? undefined : { text: `${JSON.stringify(r.mockConfig, null, 2)}\n`, name: `${r.stateMachine}-${r.testCase}.mocks.json`, count });
      })
      // A session the service no longer keeps has nothing to save.
      .catch(() => live && setMade(undefined));
    return () => {
      live = false;
    };
  }, [executionId, version]);
  const href = useMemo(() => (made ? URL.createObjectURL(new Blob([made.text], { type: 'application/json' })) : undefined), [made]);
  useEffect(() => () => (href !== undefined ? URL.revokeObjectURL(href) : undefined), [href]);
  if (made === undefined || href === undefined) return null;
  return (
    <p className="save-answers">
      <a href={href} download={made.name}>
        Save answers as mocks
      </a>{' '}
      <span className="muted">
        ({made.count} Task state{made.count === 1 ? '' : 's'} answered without a mock)
      </span>
    </p>
  );
}
