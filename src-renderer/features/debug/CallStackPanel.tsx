import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ExecutionId } from '@common/contract/api';
import { errorMessage, getClient } from '../../api';
import { requestInspectorSelection } from '../inspector';
import { callStackOf, type CallFrame } from './callStack';
import { DebugStore } from './debugStore';
import './debug.css';

/**
 * The Call stack panel (registered in registerCallStack.tsx): where each branch of a debugged run
 * is, as an IDE shows threads — the execution, each Map iteration (`Map "Fan" · iteration #1 of
 * 3`), Parallel branch and child execution, and the state it is at. Clicking a frame selects that
 * state (in that iteration) in the graph and the data-flow view; clicking a stopped one also makes
 * it the stop the next step starts from.
 */
export function CallStackPanel({ executionId }: { executionId: ExecutionId | undefined }) {
  // Its own mirror of the service's run control (the pushes reach every mirror).
  const store = useMemo(() => new DebugStore(getClient()), []);
  useEffect(() => store.connect(), [store]);
  const [debugged, setDebugged] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    setDebugged(false);
    if (executionId === undefined) return;
    let current = true;
    void store.find(executionId).then((found) => {
      if (current) setDebugged(found);
    });
    return () => {
      current = false;
    };
  }, [store, executionId]);
  const snapshot = useSyncExternalStore(store.subscribe, () => store.get(executionId));
  const frames = useMemo(() => callStackOf(snapshot), [snapshot]);

  if (executionId === undefined || !debugged || snapshot === undefined) {
    return <p className="muted small call-stack-empty">Debug a run (F5) to see where each Map iteration and Parallel branch is while it is stopped.</p>;
  }
  const choose = async (frame: CallFrame) => {
    setProblem(undefined);
    if (frame.stateName !== undefined) requestInspectorSelection({ executionId, state: frame.stateName, branch: frame.branch });
    if (frame.stop !== undefined && snapshot.state === 'paused' && snapshot.context.focus !== frame.stop.id) {
      try {
        store.set(await getClient()['debug.focus']({ executionId, stopId: frame.stop.id }));
      } catch (e) {
        setProblem(errorMessage(e));
      }
    }
  };
  return (
    <nav className="call-stack" aria-label="Call stack">
      {problem !== undefined && <p role="alert">{problem}</p>}
      <ol>
        {frames.map((frame) => (
          <li key={frame.key} className={`frame frame-${frame.kind}${frame.focused ? ' focused' : ''}${frame.status ? ` frame-${frame.status}` : ''}`} style={{ paddingLeft: `${frame.depth * 0.8}rem` }}>
            {frame.stateName !== undefined ? (
              <button type="button" className="link" aria-current={frame.focused && frame.kind === 'state' ? 'step' : undefined} onClick={() => void choose(frame)}>
                {frame.label}
              </button>
            ) : (
              <span>{frame.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
