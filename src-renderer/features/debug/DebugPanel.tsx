import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { DebugState, ExecutionId } from '@common/contract/api';
import type { Json } from '@common/json';
import type { StopLocation } from '@common/debug/runControlMachine';
import { errorMessage, getClient } from '../../api';
import type { DebugStore } from './debugStore';
import { branchLabel, describeStop, runControlView, shortName, stopKindLabel } from './runControlView';
import type { StateEntry } from './breakpointList';
import { useDebugKeyboard } from './useDebugKeyboard';
import { SaveAnswersAsMocks, UnmockedTaskPanel } from './UnmockedTaskPanel';
import './debug.css';

/** Props of `DebugPanel`. */
export interface DebugPanelProps {
  debugStore: DebugStore;
  executionId: ExecutionId;
  /** The definition's states (for "Run to state" and the next Task response). */
  states: readonly StateEntry[];
  /** F9: toggles the breakpoint of the state the run is stopped at. */
  onToggleBreakpoint?: (stateName: string) => void;
}

type Command = 'debug.continue' | 'debug.pause' | 'debug.stepOver' | 'debug.stepInto' | 'debug.stepOut' | 'debug.stop';

/**
 * The debugger of one execution (region "Debugger"): the run-control toolbar (Continue, Pause,
 * Step over, Step into, Step out, Run to state, Stop, with F5, F10, F11, Shift+F11), where each
 * branch is, and at a stop the state's input to edit ("Apply and continue") and the next response
 * of a Task to set. The run-control machine runs in the service; this panel shows its mirrored
 * snapshots and sends it commands.
 */
export function DebugPanel({ debugStore, executionId, states, onToggleBreakpoint }: DebugPanelProps) {
  const snapshot = useSyncExternalStore(debugStore.subscribe, () => debugStore.get(executionId));
  useEffect(() => {
    void debugStore.refresh(executionId);
  }, [debugStore, executionId]);
  const view = useMemo(() => runControlView(snapshot), [snapshot]);
  const [problem, setProblem] = useState<string | undefined>();
  const [target, setTarget] = useState(states[0]?.name ?? '');

  // A command disables the buttons while the run moves (and "Apply and continue" goes away with
  // its stop), which drops the keyboard focus to the page. When the run stops or ends, focus goes
  // back to the button that was pressed if it is usable again, else to the first usable run-control button.
  const sectionRef = useRef<HTMLElement>(null);
  const restoreFocus = useRef<HTMLElement | null>(null);
  const settled = snapshot !== undefined && snapshot.state !== 'running' && snapshot.state !== 'stepping' && snapshot.state !== 'pausing';
  useEffect(() => {
    const wanted = restoreFocus.current;
    if (wanted === null || !settled) return;
    restoreFocus.current = null;
    const active = document.activeElement;
    if (active !== null && active !== document.body) return;
    const usable = (el: Element | null | undefined): el is HTMLElement => el instanceof HTMLElement && el.isConnected && !(el instanceof HTMLButtonElement && el.disabled);
    const fallback = sectionRef.current?.querySelector('[role=toolbar] button:not(:disabled)');
    if (usable(wanted)) wanted.focus();
    else if (usable(fallback)) fallback.focus();
  }, [snapshot, settled]);

  const send = async (call: () => Promise<DebugState>) => {
    setProblem(undefined);
    const active = document.activeElement;
    if (active instanceof HTMLElement && sectionRef.current?.contains(active)) restoreFocus.current = active;
    try {
      debugStore.set(await call());
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };
  const command = (name: Command) => () => void send(() => getClient()[name]({ executionId }));

  useDebugKeyboard({
    continue: view.canContinue ? command('debug.continue') : undefined,
    stepOver: view.canStep ? command('debug.stepOver') : undefined,
    stepInto: view.canStep ? command('debug.stepInto') : undefined,
    stepOut: view.canStep ? command('debug.stepOut') : undefined,
    toggleBreakpoint: view.focused && onToggleBreakpoint ? () => onToggleBreakpoint(view.focused!.stateName) : undefined,
  });

  return (
    <section className="debugger" aria-labelledby="debugger-title" ref={sectionRef}>
      <h3 id="debugger-title">Debugger</h3>
      <div role="toolbar" aria-label="Run control" className="run-control">
        <button type="button" onClick={command('debug.continue')} disabled={!view.canContinue} title="Continue (F5)">
          Continue
        </button>
        <button type="button" onClick={command('debug.pause')} disabled={!view.canPause}>
          Pause
        </button>
        <button type="button" onClick={command('debug.stepOver')} disabled={!view.canStep} title="Step over (F10)">
          Step over
        </button>
        <button type="button" onClick={command('debug.stepInto')} disabled={!view.canStep} title="Step into (F11)">
          Step into
        </button>
        <button type="button" onClick={command('debug.stepOut')} disabled={!view.canStep} title="Step out (Shift+F11)">
          Step out
        </button>
        <button type="button" onClick={command('debug.stop')} disabled={!view.canStop} className="danger">
          Stop
        </button>
        <span className="run-to">
          <select aria-label="Target state" value={target} onChange={(e) => setTarget(e.target.value)}>
            {states.map((s) => (
              <option key={s.name} value={s.name}>
                {'\u00a0'.repeat(s.depth * 2)}
                {s.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!view.canStop || target === ''}
            onClick={() => void send(() => getClient()['debug.runToState']({ executionId, stateName: target }))}
          >
            Run to state
          </button>
        </span>
      </div>
      <p>
        <span role="status" aria-label="Debugger status" className={`debug-status debug-${snapshot?.state ?? 'none'}`}>
          {view.status}
        </span>
      </p>
      {problem !== undefined && <p role="alert">{problem}</p>}
      {snapshot !== undefined && snapshot.branches.length > 0 && (
        <table aria-label="Branches" className="branches">
          <thead>
            <tr>
              <th scope="col">Branch</th>
              <th scope="col">Execution</th>
              <th scope="col">State</th>
              <th scope="col">Where</th>
            </tr>
          </thead>
          <tbody>
            {snapshot.branches.map((b) => {
              const stop = snapshot.context.stops.find((s) => JSON.stringify(s.branch) === JSON.stringify(b.branch));
              return (
                <tr key={JSON.stringify(b.branch)} className={stop && stop.id === view.focused?.id ? 'focused' : undefined}>
                  <td>{branchLabel(b.branch)}</td>
                  <td title={b.execution?.executionArn}>{b.execution !== undefined ? `${b.execution.startedBy === 'mapRun' ? 'Map Run child' : 'child'} ${shortName(b.execution.name)}` : 'this execution'}</td>
                  <td>{b.stateName}</td>
                  <td>
                    {stop ? (
                      <button type="button" className="link" onClick={() => void send(() => getClient()['debug.focus']({ executionId, stopId: stop.id }))}>
                        stopped {stopKindLabel(stop)}
                      </button>
                    ) : (
                      b.status
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {view.focused !== undefined && snapshot?.state === 'paused' && (
        <StopDetails key={view.focused.id} stop={view.focused} executionId={executionId} states={states} onAnswer={send} />
      )}
      {snapshot !== undefined && <SaveAnswersAsMocks executionId={executionId} version={snapshot.state === 'finished' ? -1 : snapshot.context.stops.length} />}
    </section>
  );
}

interface StopDetailsProps {
  stop: StopLocation;
  executionId: ExecutionId;
  states: readonly StateEntry[];
  onAnswer: (call: () => Promise<DebugState>) => Promise<void>;
}

/** What the focused stop shows: its input (editable before a state), output or error, and the next Task response. */
function StopDetails({ stop, executionId, states, onAnswer }: StopDetailsProps) {
  const [inputText, setInputText] = useState(() => JSON.stringify(stop.input ?? null, null, 2));
  const [problem, setProblem] = useState<string | undefined>();
  // A child started by a startExecution Task runs another definition: its Task stops add their state.
  const tasks = states.filter((s) => s.type === 'Task');
  if (stop.stateType === 'Task' && !tasks.some((t) => t.name === stop.stateName)) tasks.push({ name: stop.stateName, type: 'Task', depth: 0 });
  const [onlyThisChild, setOnlyThisChild] = useState(stop.execution !== undefined);
  const [taskState, setTaskState] = useState(stop.stateType === 'Task' ? stop.stateName : (tasks[0]?.name ?? ''));
  const [responseKind, setResponseKind] = useState<'success' | 'failure'>('success');
  const [responseText, setResponseText] = useState('{}');
  const [responseError, setResponseError] = useState('');
  const [responseCause, setResponseCause] = useState('');
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
            <select aria-label="Task state" value={taskState} onChange={(e) => setTaskState(e.target.value)}>
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
          {stop.execution !== undefined && (
            <label className="block">
              <input type="checkbox" checked={onlyThisChild} onChange={(e) => setOnlyThisChild(e.target.checked)} /> Only in this child execution
            </label>
          )}
          {responseKind === 'success' ? (
            <textarea aria-label="Task result" className="code" rows={3} value={responseText} onChange={(e) => setResponseText(e.target.value)} />
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
