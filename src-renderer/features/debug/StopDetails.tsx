import { useState } from 'react';
import type { DebugState, ExecutionId } from '@common/contract/api';
import type { Json } from '@common/json';
import type { StopLocation } from '@common/debug/runControlMachine';
import { getClient } from '../../api';
import { CodeEditor } from '../editor';
import { describeStop, shortName } from './runControlView';
import type { StateEntry } from './breakpointList';
import { UnmockedTaskPanel } from './UnmockedTaskPanel';
import type { SuggestedResponse } from './nextTaskResponse';

export interface StopDetailsProps {
  stop: StopLocation;
  executionId: ExecutionId;
  states: readonly StateEntry[];
  onAnswer: (call: () => Promise<DebugState>) => Promise<void>;
  /** The answer the run's mocks would give a Task's next call: the editor starts from it. */
  suggest?: (stateName: string) => SuggestedResponse | undefined;
}

/** What the focused stop shows: its input (editable before a state), output or error, and the next Task response. */
export function StopDetails({ stop, executionId, states, onAnswer, suggest }: StopDetailsProps) {
  const [inputText, setInputText] = useState(() => JSON.stringify(stop.input ?? null, null, 2));
  const [problem, setProblem] = useState<string | undefined>();
  // A child started by a startExecution Task runs another definition: its Task stops add their state.
  const tasks = states.filter((s) => s.type === 'Task');
  if (stop.stateType === 'Task' && !tasks.some((t) => t.name === stop.stateName)) tasks.push({ name: stop.stateName, type: 'Task', depth: 0 });
  const [onlyThisChild, setOnlyThisChild] = useState(stop.execution !== undefined);
  const [taskState, setTaskState] = useState(stop.stateType === 'Task' ? stop.stateName : (tasks[0]?.name ?? ''));
  // The editor starts from the truth: what the mocks would answer the Task's next call (in a child
  // execution, whose calls this run does not count, it starts empty).
  const suggestionFor = (state: string) => (stop.execution === undefined ? suggest?.(state) : undefined);
  const [suggestion, setSuggestion] = useState(() => suggestionFor(taskState));
  const [responseKind, setResponseKind] = useState<'success' | 'failure'>(suggestion?.kind ?? 'success');
  const [responseText, setResponseText] = useState(() => JSON.stringify(suggestion?.output ?? {}, null, 2));
  const [responseError, setResponseError] = useState(suggestion?.error ?? '');
  const [responseCause, setResponseCause] = useState(suggestion?.cause ?? '');
  const chooseTask = (state: string) => {
    setTaskState(state);
    const next = suggestionFor(state);
    setSuggestion(next);
    setResponseKind(next?.kind ?? 'success');
    setResponseText(JSON.stringify(next?.output ?? {}, null, 2));
    setResponseError(next?.error ?? '');
    setResponseCause(next?.cause ?? '');
  };
  const [responseSet, setResponseSet] = useState<string | undefined>();

  const parse = (text: string, what: string): Json | undefined => {
    try {
      return JSON.parse(text) as Json;
    } catch (e) {
      setProblem(`${what} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  };
  const applyAndContinue = async () => {
    setProblem(undefined);
    const input = parse(inputText, 'The input');
    if (input === undefined) return;
    await onAnswer(() => getClient()['debug.editInput']({ executionId, stopId: stop.id, input }));
    await onAnswer(() => getClient()['debug.continue']({ executionId }));
  };
  const setNextResponse = async () => {
    setProblem(undefined);
    let response: { kind: 'success' | 'failure'; output?: Json; error?: string; cause?: string };
    if (responseKind === 'success') {
      const output = parse(responseText, 'The response');
      if (output === undefined) return;
      response = { kind: 'success', output };
    } else {
      response = { kind: 'failure' };
      if (responseError !== '') response.error = responseError;
      if (responseCause !== '') response.cause = responseCause;
    }
    const child = onlyThisChild ? stop.execution : undefined;
    await onAnswer(() =>
      getClient()['debug.setNextTaskResponse']({ executionId, stateName: taskState, response, ...(child !== undefined ? { executionArn: child.executionArn } : {}) }),
    );
    const where = child !== undefined ? ` in child ${shortName(child.name)}` : '';
    setResponseSet(`The next call of ${taskState}${where} will ${responseKind === 'success' ? 'succeed with this result' : `fail with ${responseError || 'an error'}`}.`);
  };

  return (
    <div className="stop" role="group" aria-label={`Stop ${describeStop(stop)}`}>
      <h4>
        Stopped {describeStop(stop)} <span className="muted">({stop.reason === 'all-stop' ? 'another branch stopped' : stop.reason})</span>
      </h4>
      {stop.execution !== undefined && (
        <p className="muted stop-execution">
          In child execution <code title={stop.execution.executionArn}>{stop.execution.name}</code> of {stop.execution.stateMachineName}, started by{' '}
          {stop.execution.parentStateName}.
        </p>
      )}
      {stop.kind === 'before' && (
        <>
          <label className="block">
            State input {stop.inputEdited && <span className="muted">(edited)</span>}
            <textarea aria-label="State input" className="code" rows={6} spellCheck={false} value={inputText} onChange={(e) => setInputText(e.target.value)} />
          </label>
          <button type="button" className="primary" onClick={() => void applyAndContinue()}>
            Apply and continue
          </button>
        </>
      )}
      {stop.kind === 'task' && <UnmockedTaskPanel stop={stop} executionId={executionId} onAnswer={onAnswer} />}
      {stop.kind === 'after' && <pre aria-label="State output">{JSON.stringify(stop.output ?? null, null, 2)}</pre>}
      {stop.kind === 'error' && (
        <p className="bad" aria-label="Stop error">
          <strong>{stop.error?.error ?? 'Error'}</strong>
          {stop.error?.cause !== undefined && `: ${stop.error.cause}`} <span className="muted">({stop.error?.handling})</span>
        </p>
      )}
      {tasks.length > 0 && (
        <details className="next-response">
          <summary>Next Task response</summary>
          <label>
            Task{' '}
            <select aria-label="Task state" value={taskState} onChange={(e) => chooseTask(e.target.value)}>
              {tasks.map((t) => (
                <option key={t.name}>{t.name}</option>
              ))}
            </select>
          </label>{' '}
          <label>
            <input type="radio" name="response-kind" checked={responseKind === 'success'} onChange={() => setResponseKind('success')} /> Succeeds
          </label>{' '}
          <label>
            <input type="radio" name="response-kind" checked={responseKind === 'failure'} onChange={() => setResponseKind('failure')} /> Fails
          </label>
          <p className="muted small">{suggestion !== undefined ? `Starts from what the mocks would answer: ${suggestion.source}.` : 'No mocked answer known for this call: write one.'}</p>
          {stop.execution !== undefined && (
            <label className="block">
              <input type="checkbox" checked={onlyThisChild} onChange={(e) => setOnlyThisChild(e.target.checked)} /> Only in this child execution
            </label>
          )}
          {responseKind === 'success' ? (
            <CodeEditor label="Task result" className="response-code" value={responseText} onChange={setResponseText} />
          ) : (
            <div>
              <input type="text" aria-label="Task error" placeholder="Error" value={responseError} onChange={(e) => setResponseError(e.target.value)} />{' '}
              <input type="text" aria-label="Task cause" placeholder="Cause" value={responseCause} onChange={(e) => setResponseCause(e.target.value)} />
            </div>
          )}
          <button type="button" onClick={() => void setNextResponse()} disabled={taskState === ''}>
            Set next response
          </button>
          {responseSet !== undefined && <p className="muted">{responseSet}</p>}
        </details>
      )}
      {problem !== undefined && <p role="alert">{problem}</p>}
    </div>
  );
}
