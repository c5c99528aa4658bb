import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { ExecutionId, ExecutionSummary } from '@common/contract/api';
import { visitsFromEvents } from '@common/history/visits';
import type { Json } from '@common/json';
import { errorMessage, getClient } from '../api';
import {
  BreakpointsPanel,
  DebugPanel,
  DebugStore,
  ParentLink,
  RerunPanel,
  pausedStatesOf,
  statesOf,
  statesWithBreakpointBefore,
  toggleBreakpointBefore,
  toggleStateBreakpoint,
  useBreakpoints,
} from '../features/debug';
import { DefinitionEditor } from '../features/editor';
import { GraphView } from '../features/graph';
import { ExecutionPanel, GeneratedResponsesNote, type ExecutionStore } from '../features/executions';
import { ExecutionInspector, readViewDefinition } from '../features/inspector';
import { TasksPanel, type WaitingTasks } from '../features/tasks';

/** The graph's projection before anything ran: no visits, every state "not run". */
const NO_VISITS = visitsFromEvents([]);

/** What the workspace opened: an example, or a definition file of the user's. */
export interface WorkspaceSource {
  title: string;
  definitionText: string;
  input: Json;
  mockConfig?: Json;
  stateMachine?: string;
  testCases: { name: string; description?: string }[];
  /** The gallery example it came from: the service provides that example's shipped files. */
  exampleId?: string;
  /** A stored execution to show at once (an imported history, or one opened from the list). */
  executionId?: ExecutionId;
}

/** Props of `Workspace`. */
export interface WorkspaceProps {
  source: WorkspaceSource;
  store: ExecutionStore;
  /** Tasks waiting for a task token (answered from the run column). */
  tasks: WaitingTasks;
}

/**
 * One opened definition (or stored execution): its text with live diagnostics, the run controls
 * (test case, input, Run), the Tasks of the shown execution waiting for a task token, and that
 * execution's live event list. Before anything ran, the graph of the definition (with its
 * breakpoint toggles) is shown on its own.
 */
export function Workspace({ source, store, tasks }: WorkspaceProps) {
  const [text, setText] = useState(source.definitionText);
  const [inputText, setInputText] = useState(() => JSON.stringify(source.input, null, 2));
  const [testCase, setTestCase] = useState(source.testCases[0]?.name ?? '');
  /** A Task no mock answers gets a generated response (issue #12); off: it fails with Stepscope.MockNotFound. */
  const [generateMissing, setGenerateMissing] = useState(true);
  const [executionId, setExecutionId] = useState<ExecutionId | undefined>(source.executionId);
  const [runError, setRunError] = useState<string | undefined>();
  const [starting, setStarting] = useState(false);
  const [valid, setValid] = useState(true);
  const onValidated = useCallback((v: { valid: boolean }) => setValid(v.valid), []);
  // The debugger: breakpoints kept per state machine, and the mirrored run control of debugged runs.
  const stateMachineName = source.stateMachine ?? 'StateMachine';
  const debugStore = useMemo(() => new DebugStore(getClient()), []);
  useEffect(() => debugStore.connect(), [debugStore]);
  const [debuggedId, setDebuggedId] = useState<ExecutionId | undefined>();
  // Where the debugged run is stopped, outlined on the graph (the cursor sits on the event before a
  // "before" stop, so the stopped state would otherwise not stand out).
  const debugSnapshot = useSyncExternalStore(debugStore.subscribe, () => debugStore.get(debuggedId));
  const pausedStates = useMemo(() => pausedStatesOf(debugSnapshot), [debugSnapshot]);
  // An execution opened from the list (or after a reload) may be under the debugger, perhaps
  // stopped at a breakpoint: ask, and show its debugger so that it can be continued or stopped.
  useEffect(() => {
    if (executionId === undefined || executionId === debuggedId) return;
    let current = true;
    void debugStore.find(executionId).then((debugged) => {
      if (current && debugged) setDebuggedId(executionId);
    });
    return () => {
      current = false;
    };
  }, [executionId, debuggedId, debugStore]);
  const breakpoints = useBreakpoints(stateMachineName);
  const viewDefinition = useMemo(() => readViewDefinition(text).definition, [text]);
  const states = useMemo(() => statesOf(viewDefinition), [viewDefinition]);
  // Before the first run the graph is drawn without a history, so that breakpoints can be set on it.
  const [previewSelected, setPreviewSelected] = useState<string | null>(null);
  // The graph toggles "before" breakpoints in the same list the Breakpoints panel shows.
  const graphBreakpoints = useMemo(() => statesWithBreakpointBefore(breakpoints.list), [breakpoints.list]);
  const { list: breakpointList, save: saveBreakpoints } = breakpoints;
  const toggleFromGraph = useCallback((state: string) => saveBreakpoints(toggleBreakpointBefore(breakpointList, state)), [breakpointList, saveBreakpoints]);
  // The event at the inspector's cursor: where "Re-run from this event" starts.
  const [cursorEventId, setCursorEventId] = useState<number | undefined>();
  const showExecution = (execution: ExecutionSummary) => {
    store.track(execution);
    setExecutionId(execution.executionId);
  };

  // Run and Debug are disabled while a run starts, which drops the keyboard focus to the page:
  // once they are enabled again, the button that was pressed gets it back.
  const runButton = useRef<HTMLButtonElement>(null);
  const debugButton = useRef<HTMLButtonElement>(null);
  const refocus = useRef<HTMLButtonElement | null>(null);
  useEffect(() => {
    if (starting || refocus.current === null) return;
    const button = refocus.current;
    refocus.current = null;
    if (document.activeElement === null || document.activeElement === document.body) button.focus();
  }, [starting]);

  const run = async (mode: 'run' | 'debug' = 'run') => {
    setRunError(undefined);
    refocus.current = mode === 'debug' ? debugButton.current : runButton.current;
    let input: Json;
    try {
      input = JSON.parse(inputText) as Json;
    } catch (e) {
      setRunError(`The execution input is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    setStarting(true);
    try {
      const request = {
        definitionText: text,
        input,
        seed: 0,
        ...(source.exampleId !== undefined ? { exampleId: source.exampleId } : {}),
        ...(source.mockConfig !== undefined && source.stateMachine !== undefined && testCase !== ''
          ? { mocks: { config: source.mockConfig, stateMachine: source.stateMachine, testCase } }
          : {}),
        stateMachineName,
        generateMissing,
      };
      // A breakpoint set just before Debug must be stored before the run starts.
      if (mode === 'debug') await breakpoints.saved();
      // Without an enabled breakpoint, Debug stops before the first state.
      const outcome =
        mode === 'debug'
          ? await getClient()['debug.start']({ ...request, stopOnEntry: !breakpoints.list.some((b) => b.enabled) })
          : await getClient()['executions.start'](request);
      if (outcome.kind === 'invalid') {
        const n = outcome.diagnostics.length;
        setRunError(`The definition has ${n} ${n === 1 ? 'problem' : 'problems'}: fix ${n === 1 ? 'it' : 'them'} before running (see Diagnostics).`);
        return;
      }
      setDebuggedId(mode === 'debug' ? outcome.execution.executionId : undefined);
      showExecution(outcome.execution);
    } catch (e) {
      setRunError(errorMessage(e));
    } finally {
      setStarting(false);
    }
  };

  return (
    <section className="workspace" aria-labelledby="workspace-title">
      <h2 id="workspace-title">{source.title}</h2>
      <div className="columns">
        <div className="column">
          <DefinitionEditor text={text} onChange={setText} onValidated={onValidated} />
        </div>
        <div className="column">
          <section className="run" aria-labelledby="run-title">
            <h3 id="run-title">Run</h3>
            {source.testCases.length > 0 ? (
              <label>
                Test case{' '}
                <select value={testCase} onChange={(e) => setTestCase(e.target.value)} aria-label="Test case">
                  {source.testCases.map((t) => (
                    <option key={t.name} value={t.name}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <p className="muted">No mock config: a Task gets a response generated from its service's model (Debug stops to ask for it).</p>
            )}
            {source.testCases.find((t) => t.name === testCase)?.description !== undefined && (
              <p className="muted">{source.testCases.find((t) => t.name === testCase)?.description}</p>
            )}
            <label className="block">
              <input type="checkbox" checked={generateMissing} onChange={(e) => setGenerateMissing(e.target.checked)} /> Generate responses for Tasks with no mock
            </label>
            <label className="block">
              Execution input
              <textarea aria-label="Execution input" className="code" spellCheck={false} wrap="off" rows={5} value={inputText} onChange={(e) => setInputText(e.target.value)} />
            </label>
            <button type="button" className="primary" ref={runButton} onClick={() => void run()} disabled={starting || !valid}>
              {starting ? 'Starting…' : 'Run'}
            </button>{' '}
            <button type="button" ref={debugButton} onClick={() => void run('debug')} disabled={starting || !valid}>
              Debug
            </button>
            {!valid && <span className="muted"> Fix the definition's errors to run it.</span>}
            {runError !== undefined && <p role="alert">{runError}</p>}
          </section>
          {debuggedId !== undefined && debuggedId === executionId && (
            <DebugPanel
              debugStore={debugStore}
              executionId={debuggedId}
              states={states}
              onToggleBreakpoint={(state) => breakpoints.save(toggleStateBreakpoint(breakpoints.list, state, 'before'))}
            />
          )}
          {executionId !== undefined && <TasksPanel tasks={tasks} executionId={executionId} />}
          {executionId !== undefined && <ExecutionPanel store={store} executionId={executionId} />}
          {executionId !== undefined && <GeneratedResponsesNote store={store} executionId={executionId} />}
          {executionId !== undefined && <ParentLink store={store} executionId={executionId} onOpen={showExecution} />}
          {executionId !== undefined && <RerunPanel key={executionId} store={store} executionId={executionId} onStarted={showExecution} cursorEventId={cursorEventId} />}
          <BreakpointsPanel stateMachineName={stateMachineName} states={states} breakpoints={breakpoints} />
        </div>
      </div>
      {executionId === undefined && viewDefinition !== null && valid && (
        <div className="workspace-preview">
          <GraphView
            definition={viewDefinition}
            projection={NO_VISITS}
            cursor={-1}
            selected={previewSelected}
            onSelect={setPreviewSelected}
            breakpoints={graphBreakpoints}
            onToggleBreakpoint={toggleFromGraph}
          />
        </div>
      )}
      {executionId !== undefined && (
        <ExecutionInspector
          key={executionId}
          store={store}
          executionId={executionId}
          definitionText={text}
          onCursorEvent={setCursorEventId}
          breakpoints={graphBreakpoints}
          paused={pausedStates}
          onToggleBreakpoint={toggleFromGraph}
        />
      )}
    </section>
  );
}
