import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { DebugState, ExecutionId } from '@common/contract/api';
import { errorMessage, getClient } from '../../api';
import type { DebugStore } from './debugStore';
import { branchLabel, runControlView, shortName, stopKindLabel } from './runControlView';
import type { StateEntry } from './breakpointList';
import { StopDetails } from './StopDetails';
import { SaveAnswersAsMocks } from './UnmockedTaskPanel';
import type { SuggestedResponse } from './nextTaskResponse';
import './debug.css';

/** Props of `DebugPanel`. */
export interface DebugPanelProps {
  debugStore: DebugStore;
  executionId: ExecutionId;
  /** The definition's states (for "Run to state" and the next Task response). */
  states: readonly StateEntry[];
  /** The answer the run's mocks would give a Task's next call (the next-response editor starts from it). */
  suggest?: (stateName: string) => SuggestedResponse | undefined;
}

/**
 * Where the debugged run is (region "Debugger"), as a debugger's call stack: each branch
 * (Parallel branch, Map iteration, child execution) with its state and whether it is stopped
 * (a stop can be focused from here), and at the focused stop the state's input to edit ("Apply
 * and continue") and the next response of a Task to set. The run-control buttons are in the
 * docked toolbar (`DebugToolbar`).
 */
export function DebugPanel({ debugStore, executionId, states, suggest }: DebugPanelProps) {
  const snapshot = useSyncExternalStore(debugStore.subscribe, () => debugStore.get(executionId));
  useEffect(() => {
    void debugStore.refresh(executionId);
  }, [debugStore, executionId]);
  const view = useMemo(() => runControlView(snapshot), [snapshot]);
  const [problem, setProblem] = useState<string | undefined>();
  const [target, setTarget] = useState(states[0]?.name ?? '');
  const live = snapshot !== undefined && snapshot.state !== 'finished' && snapshot.state !== 'stopped';

  const send = async (call: () => Promise<DebugState>) => {
    setProblem(undefined);
    try {
      debugStore.set(await call());
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };

  return (
    <section className="debugger" aria-labelledby="debugger-title">
      <h3 id="debugger-title">Debugger</h3>
      {problem !== undefined && <p role="alert">{problem}</p>}
      <p className="run-to">
        <select aria-label="Target state" value={target} onChange={(e) => setTarget(e.target.value)}>
          {states.map((s) => (
            <option key={s.name} value={s.name}>
              {'\u00a0'.repeat(s.depth * 2)}
              {s.name}
            </option>
          ))}
        </select>{' '}
        <button type="button" disabled={!live || target === ''} onClick={() => void send(() => getClient()['debug.runToState']({ executionId, stateName: target }))}>
          Run to state
        </button>
      </p>
      {snapshot !== undefined && snapshot.branches.length > 0 ? (
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
      ) : (
        <p className="muted small">{view.status}</p>
      )}
      {view.focused !== undefined && snapshot?.state === 'paused' && (
        <StopDetails key={view.focused.id} stop={view.focused} executionId={executionId} states={states} onAnswer={send} suggest={suggest} />
      )}
      {snapshot !== undefined && <SaveAnswersAsMocks executionId={executionId} version={snapshot.state === 'finished' ? -1 : snapshot.context.stops.length} />}
    </section>
  );
}
