import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { ExecutionId, ExecutionSummary } from '@common/contract/api';
import { visitsFromEvents } from '@common/history/visits';
import type { Json } from '@common/json';
import { errorMessage, getClient } from '../api';
import {
  BreakpointsPanel,
  DebugPanel,
  DebugStore,
  DebugToolbar,
  ParentLink,
  RerunPanel,
  pausedStatesOf,
  nextInvocationIndex,
  statesOf,
  statesWithBreakpointBefore,
  suggestedResponse,
  toggleBreakpointBefore,
  type StateEntry,
  toggleStateBreakpoint,
  useBreakpoints,
} from '../features/debug';
import { CodeEditor, DefinitionEditor } from '../features/editor';
import { GraphView } from '../features/graph';
import { ExecutionList, ExecutionPanel, GeneratedResponsesNote, type ExecutionStore } from '../features/executions';
import { ExecutionInspector, readViewDefinition } from '../features/inspector';
import { RunOptionsControl, runOptionsRequest, type RunOptionValues } from '../features/templates';
import { TasksPanel, type WaitingTasks } from '../features/tasks';
import { Slot, SlotProvider } from '../ui';
import './panels';
import { WorkspaceLayout, workspacePanels, type LayoutSection, type LayoutTab, type WorkspacePanelContext } from './layout';

/**
 * The status of the shown execution, for its section's title. It subscribes to the store itself,
 * so that events arriving re-render only it, not the whole workspace.
 */
function StatusBadge({ store, executionId }: { store: ExecutionStore; executionId: ExecutionId }) {
  const snapshot = useSyncExternalStore(store.subscribe, () => store.get(executionId));
  return <>{snapshot.summary?.status}</>;
}

/** The Debugger section: the debugger's panel, with the next Task response suggested from the run's mocks and its events so far. */
function DebugSection({ store, debugStore, executionId, states, mocks }: { store: ExecutionStore; debugStore: DebugStore; executionId: ExecutionId; states: readonly StateEntry[]; mocks: Parameters<typeof suggestedResponse>[0] }) {
  const snapshot = useSyncExternalStore(store.subscribe, () => store.get(executionId));
  const events = snapshot.events;
  const suggest = useCallback((state: string) => suggestedResponse(mocks, state, nextInvocationIndex(visitsFromEvents(events), state)), [events, mocks]);
  return <DebugPanel debugStore={debugStore} executionId={executionId} states={states} suggest={suggest} />;
}

/**
 * The sections other features registered for a side panel (see `registerWorkspacePanel`). In the
 * inspector column, those ordered below 10 come first (`first`: the Call stack), the others after
 * the built-in sections.
 */
function extraSections(area: 'left' | 'right', context: WorkspacePanelContext, first?: boolean): LayoutSection[] {
  return workspacePanels(area)
    .filter((p) => first === undefined || ((p.order ?? 100) < 10) === first)
    .map((p) => ({ id: p.id, title: p.title, defaultCollapsed: p.defaultCollapsed, content: p.render(context) }));
}

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
  /** The workflow type a template gives (runs are Express when it says so). */
  type?: 'STANDARD' | 'EXPRESS';
}

/** Props of `Workspace`. */
export interface WorkspaceProps {
  source: WorkspaceSource;
  store: ExecutionStore;
  /** Tasks waiting for a task token (answered from the run column). */
  tasks: WaitingTasks;
  /** Opens a stored execution (the side panel's list of executions); without it the list is not shown. */
  onOpenExecution?: (execution: ExecutionSummary) => void;
}

/**
 * One opened definition (or stored execution): its text with live diagnostics, the run controls
 * (test case, input, Run), the Tasks of the shown execution waiting for a task token, and that
 * execution's live event list. Before anything ran, the graph of the definition (with its
 * breakpoint toggles) is shown on its own.
 */
export function Workspace({ source, store, tasks, onOpenExecution }: WorkspaceProps) {
  const [text, setText] = useState(source.definitionText);
  const [inputText, setInputText] = useState(() => JSON.stringify(source.input, null, 2));
  const [runOptions, setRunOptions] = useState<RunOptionValues>({ type: source.type ?? 'STANDARD', s3Root: '' });
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
  // The mocks the debugged run was started with: the next-response editor starts from their answer.
  const [debugMocks, setDebugMocks] = useState<{ config: Json; stateMachine: string; testCase: string } | undefined>();

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
        ...runOptionsRequest(runOptions),
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
      setDebugMocks(mode === 'debug' && request.mocks !== undefined ? request.mocks : undefined);
      showExecution(outcome.execution);
    } catch (e) {
      setRunError(errorMessage(e));
    } finally {
      setStarting(false);
    }
  };

  const restart = async () => {
    if (debuggedId !== undefined) {
      const snapshot = debugStore.get(debuggedId);
      if (snapshot !== undefined && snapshot.state !== 'finished' && snapshot.state !== 'stopped') {
        try {
          debugStore.set(await getClient()['debug.stop']({ executionId: debuggedId }));
        } catch {
          // Already over: debug it again all the same.
        }
      }
    }
    await run('debug');
  };
  const canStart = !starting && valid;
  const testCaseEntry = source.testCases.find((t) => t.name === testCase);
  const panelContext: WorkspacePanelContext = { executionId, cursorEventId, definitionText: text, stateMachineName };
  const debugging = debuggedId !== undefined && debuggedId === executionId;

  const left: LayoutSection[] = [
    {
      id: 'run',
      title: 'Run',
      hideHeading: true,
      content: (
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
          {testCaseEntry?.description !== undefined && <p className="muted">{testCaseEntry.description}</p>}
          <label className="block">
            <input type="checkbox" checked={generateMissing} onChange={(e) => setGenerateMissing(e.target.checked)} /> Generate responses for Tasks with no mock
          </label>
          <div className="block">
            Execution input
            <CodeEditor label="Execution input" className="input-code" value={inputText} onChange={setInputText} />
          </div>
          <RunOptionsControl value={runOptions} onChange={setRunOptions} />
          {!valid && <p className="muted">Fix the definition's errors to run it.</p>}
          {runError !== undefined && <p role="alert">{runError}</p>}
        </section>
      ),
    },
    {
      id: 'execution',
      title: 'Execution',
      hidden: executionId === undefined,
      badge: executionId !== undefined && <StatusBadge store={store} executionId={executionId} />,
      content: executionId !== undefined && (
        <>
          <ExecutionPanel store={store} executionId={executionId} />
          <GeneratedResponsesNote store={store} executionId={executionId} />
          <ParentLink store={store} executionId={executionId} onOpen={showExecution} />
          <TasksPanel tasks={tasks} executionId={executionId} />
        </>
      ),
    },
    {
      id: 'rerun',
      title: 'Re-run',
      hideHeading: true,
      hidden: executionId === undefined,
      content: executionId !== undefined && <RerunPanel key={executionId} store={store} executionId={executionId} onStarted={showExecution} cursorEventId={cursorEventId} />,
    },
    { id: 'breakpoints', title: 'Breakpoints', hideHeading: true, content: <BreakpointsPanel stateMachineName={stateMachineName} states={states} breakpoints={breakpoints} /> },
    { id: 'definition', title: 'Definition', hideHeading: true, content: <DefinitionEditor text={text} onChange={setText} onValidated={onValidated} /> },
    ...(onOpenExecution !== undefined
      ? [{ id: 'executions', title: 'Executions', defaultCollapsed: true, hideHeading: true, content: <ExecutionList client={getClient()} onOpen={onOpenExecution} limit={20} /> }]
      : []),
    ...extraSections('left', panelContext),
  ];
  const right: LayoutSection[] = [
    ...extraSections('right', panelContext, true),
    {
      id: 'debugger',
      title: 'Debugger',
      hideHeading: true,
      hidden: !debugging,
      content: debugging && <DebugSection store={store} debugStore={debugStore} executionId={debuggedId} states={states} mocks={debugMocks} />,
    },
    { id: 'variables', title: 'Variables', hidden: executionId === undefined, content: <Slot name="variables" /> },
    { id: 'dataflow', title: 'Data flow', hidden: executionId === undefined, content: <Slot name="dataflow" /> },
    ...extraSections('right', panelContext, false),
  ];
  const bottomTabs: LayoutTab[] = [
    { id: 'events', title: 'Events', content: executionId === undefined ? <p className="ws-placeholder">Run or debug the definition to see its events.</p> : <Slot name="events" /> },
    { id: 'states', title: 'States', content: executionId === undefined ? <p className="ws-placeholder">Run or debug the definition to see its states.</p> : <Slot name="states" /> },
    ...workspacePanels('bottom').map((p) => ({ id: p.id, title: p.title, content: p.render(panelContext) })),
  ];

  return (
    <section className="workspace" aria-labelledby="workspace-title">
      <SlotProvider>
        <WorkspaceLayout
          leftTitle="Explorer"
          rightTitle="Debug and inspect"
          rightEmpty={
            <p>
              Run or debug the definition (F5 debugs). While it is stopped, or while you replay a run, this panel shows where each branch is, the variables in scope
              and how the selected state's input became its output.
            </p>
          }
          toolbar={
            <>
              <h2 id="workspace-title" title={source.title}>
                {source.title}
              </h2>
              <DebugToolbar
                debugStore={debugStore}
                executionId={debuggedId}
                onStart={canStart ? () => void run('debug') : undefined}
                onRestart={canStart && debuggedId !== undefined ? () => void restart() : undefined}
                onToggleBreakpoint={(state) => breakpoints.save(toggleStateBreakpoint(breakpoints.list, state, 'before'))}
                leading={
                  <span className="run-group" role="group" aria-label="Start">
                    <button type="button" className="primary" ref={runButton} onClick={() => void run()} disabled={!canStart} title="Run to the end">
                      {starting ? 'Starting…' : 'Run'}
                    </button>
                    <button type="button" ref={debugButton} onClick={() => void run('debug')} disabled={!canStart} title="Debug: stop at breakpoints (F5)">
                      Debug
                    </button>
                  </span>
                }
              />
            </>
          }
          centre={
            <>
              <Slot name="graph-banner" className="slot graph-banner" />
              {executionId === undefined ? (
                viewDefinition !== null && valid ? (
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
                ) : (
                  <p className="ws-placeholder">{valid ? 'The graph appears once the definition can be read.' : 'Fix the definition to see its graph.'}</p>
                )
              ) : (
                <Slot name="graph" />
              )}
            </>
          }
          left={left}
          right={right}
          bottomMain={executionId === undefined ? <p className="ws-placeholder">The timeline and the replay controls appear after a run.</p> : <Slot name="timeline" />}
          bottomTabs={bottomTabs}
        />
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
      </SlotProvider>
    </section>
  );
}
