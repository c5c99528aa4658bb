import { useEffect, useMemo, useRef, useState, type ChangeEvent, type DragEvent } from 'react';
import { parseDefinitionText } from '@common/asl/parseDefinition';
import type { Example, ExecutionDetail, ExecutionSummary } from '@common/contract/api';
import type { OpenedFileKind, PushPayloads } from '@common/contract/events';
import { isJsonObject } from '@common/json';
import { errorMessage, getClient } from '../api';
import { CompareView } from '../features/compare';
import { CoverageView, parseCoverageFile } from '../features/coverage';
import type { CoverageFile } from '@common/usertests';
import { ExamplesGallery } from '../features/examples';
import { SfnApiSetting } from '../features/sfnApi';
import { ExecutionList, ExecutionStore } from '../features/executions';
import { ImportControl, ImportStatus, importHistoryFiles, isImportableFile, PullFromAws, type ImportState } from '../features/import';
import { WaitingTasks } from '../features/tasks';
import { TemplateOpener, type PendingDocument } from '../features/templates';
import { ThemeToggle } from '../ui';
import { Workspace, type WorkspaceSource } from './Workspace';

/** Which screen the shell shows. */
type Screen =
  | { kind: 'start' }
  | { kind: 'workspace'; source: WorkspaceSource; key: number }
  | { kind: 'compare'; left: ExecutionSummary; right: ExecutionSummary }
  | { kind: 'coverage'; file: CoverageFile; name: string; key: number };

/** A coverage file (`stepscope test --coverage-file`), when the text is one. */
function coverageOf(text: string): CoverageFile | undefined {
  const parsed = parseDefinitionText(text);
  return parsed.ok ? parseCoverageFile(parsed.value) : undefined;
}

function sourceFromExample(example: Example): WorkspaceSource {
  const source: WorkspaceSource = {
    title: example.title,
    definitionText: example.definitionText,
    input: example.input,
    testCases: example.testCases,
    exampleId: example.id,
  };
  if (example.mockConfig !== undefined) source.mockConfig = example.mockConfig;
  if (example.stateMachine !== undefined) source.stateMachine = example.stateMachine;
  return source;
}

/** A stored execution opened in the workspace: its definition, its input, and its events. */
function sourceFromExecution(detail: ExecutionDetail): WorkspaceSource {
  return {
    title: `${detail.stateMachineName} / ${detail.name}`,
    definitionText: detail.definitionText,
    input: detail.input,
    testCases: [],
    executionId: detail.executionId,
  };
}

/**
 * A workspace source with a mock config applied: its state machine is the config's first one
 * (or the source's, when the config has it), and its test cases are that state machine's.
 * Undefined when the text is not a mock config.
 */
function withMockConfig(source: WorkspaceSource, text: string): WorkspaceSource | undefined {
  const parsed = parseDefinitionText(text);
  if (!parsed.ok || !isJsonObject(parsed.value) || !isJsonObject(parsed.value.StateMachines)) return undefined;
  const machines = parsed.value.StateMachines;
  const names = Object.keys(machines);
  const stateMachine = source.stateMachine !== undefined && names.includes(source.stateMachine) ? source.stateMachine : names[0];
  if (stateMachine === undefined) return undefined;
  const machine = machines[stateMachine];
  const testCases = isJsonObject(machine) && isJsonObject(machine.TestCases) ? Object.keys(machine.TestCases).map((name) => ({ name })) : [];
  return { ...source, mockConfig: parsed.value, stateMachine, testCases, exampleId: undefined, executionId: undefined };
}

/**
 * What a dropped file holds, judged from its content in the renderer: a definition (StartAt and
 * States), a mock config (StateMachines and MockedResponses), else something to import (histories,
 * bundles, describe-execution output; the service reports what it cannot read).
 */
function kindOfDroppedText(text: string): OpenedFileKind {
  const parsed = parseDefinitionText(text);
  if (!parsed.ok || !isJsonObject(parsed.value)) return 'history';
  const value = parsed.value;
  if ('StateMachines' in value && 'MockedResponses' in value) return 'mocks';
  if (typeof value.StartAt === 'string' && isJsonObject(value.States)) return 'definition';
  return 'history';
}

/** True when a drag carries files (not text or a link dragged inside the page). */
function carriesFiles(e: DragEvent): boolean {
  return [...e.dataTransfer.types].includes('Files');
}

/**
 * The application shell: a header with navigation, "Open definition…" and "Import history…",
 * then either the start screen (the examples gallery next to the stored executions) or the
 * workspace of an opened definition or execution. History files dropped anywhere on the window
 * are imported.
 */
export function App() {
  const client = getClient();
  const store = useMemo(() => new ExecutionStore(client), [client]);
  const tasks = useMemo(() => new WaitingTasks(client), [client]);
  useEffect(() => store.connect(), [store]);
  useEffect(() => tasks.connect(), [tasks]);
  const [screen, setScreen] = useState<Screen>({ kind: 'start' });
  const openCount = useRef(0);
  const [importState, setImportState] = useState<ImportState>({ kind: 'idle' });
  const [openError, setOpenError] = useState<string | undefined>();
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);

  // A new screen starts at its top, and when the control that opened it went away with the old
  // screen (an example's "Open", "Compare"), the focus goes to the new screen's heading instead of
  // the page, so that Tab and the screen reader carry on from there. Not on the first screen.
  const mainRef = useRef<HTMLElement>(null);
  const firstScreen = useRef(true);
  useEffect(() => {
    if (firstScreen.current) {
      firstScreen.current = false;
      return;
    }
    window.scrollTo(0, 0);
    const active = document.activeElement;
    if (active !== null && active !== document.body && active.isConnected) return;
    const heading = mainRef.current?.querySelector<HTMLElement>('h2');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }, [screen]);

  const open = (source: WorkspaceSource) => {
    openCount.current += 1;
    setOpenError(undefined);
    setScreen({ kind: 'workspace', source, key: openCount.current });
  };

  const openExecution = async (execution: ExecutionSummary) => {
    try {
      const detail = await client['executions.get']({ executionId: execution.executionId });
      store.track(detail);
      open(sourceFromExecution(detail));
    } catch (e) {
      setOpenError(`Cannot open execution ${execution.name}: ${errorMessage(e)}`);
    }
  };

  // A definition file goes through the service's one loader (templates, placeholders): TemplateOpener.
  const [pendingDocument, setPendingDocument] = useState<PendingDocument | undefined>();

  const openFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const text = await file.text();
    if (openCoverage(file.name, text)) return;
    setPendingDocument({ name: file.name, text });
  };

  /** Shows a coverage file on the graph; false when the text is not one. */
  const openCoverage = (name: string, text: string): boolean => {
    const coverage = coverageOf(text);
    if (coverage === undefined) return false;
    openCount.current += 1;
    setOpenError(undefined);
    setScreen({ kind: 'coverage', file: coverage, name, key: openCount.current });
    return true;
  };

  /** A file the desktop app opened (File → Open, Open Recent, command line) or one dropped alone. */
  const openRequested = (request: PushPayloads['app.openRequested']) => {
    switch (request.kind) {
      case 'definition':
        if (openCoverage(request.name, request.text)) return;
        setPendingDocument({ name: request.name, text: request.text, ...(request.path !== undefined ? { path: request.path } : {}) });
        return;
      case 'history':
      case 'bundle':
        void importFiles([new File([request.text], request.name)], true);
        return;
      case 'mocks': {
        if (screen.kind !== 'workspace') {
          setOpenError(`${request.name} is a mock config: open a definition first, then open its mock config`);
          return;
        }
        const source = withMockConfig(screen.source, request.text);
        if (source === undefined) setOpenError(`${request.name} is not a mock config with a state machine in "StateMachines"`);
        else open(source);
        return;
      }
    }
  };
  const openRequestedRef = useRef(openRequested);
  openRequestedRef.current = openRequested;
  useEffect(() => {
    const unsubscribe = client.onPush('app.openRequested', (request) => openRequestedRef.current(request));
    // Subscribed: the desktop app may now push the files it was asked to open (command line, Finder).
    client['app.ready']({}).catch(() => undefined);
    return unsubscribe;
  }, [client]);

  const importFiles = async (files: File[], anyName = false) => {
    if (importState.kind === 'importing') return;
    const usable = anyName ? files : files.filter(isImportableFile);
    if (usable.length === 0) {
      setImportState({ kind: 'failed', message: 'only .json, .yaml and .yml files can be imported' });
      return;
    }
    setImportState({ kind: 'importing', fileCount: usable.length });
    try {
      const executions = await importHistoryFiles(client, usable, (progress) => setImportState({ kind: 'importing', fileCount: usable.length, progress }));
      setImportState({ kind: 'idle' });
      if (executions.length > 0) await openExecution(executions[0]);
    } catch (e) {
      setImportState({ kind: 'failed', message: errorMessage(e) });
    }
  };

  const onDragEnter = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    dragDepth.current += 1;
    setDragging(true);
  };
  const onDragOver = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  };
  const onDrop = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    const files = [...e.dataTransfer.files];
    if (files.length !== 1) {
      void importFiles(files);
      return;
    }
    // One file: a definition opens, a mock config applies to the open workspace, anything else is imported.
    const [file] = files;
    void file.text().then(
      (text) => {
        if (openCoverage(file.name, text)) return;
        const kind = kindOfDroppedText(text);
        if (kind === 'history') void importFiles(files);
        else openRequested({ kind, name: file.name, text });
      },
      () => void importFiles(files),
    );
  };

  return (
    <div className="shell" onDragEnter={onDragEnter} onDragOver={onDragOver} onDragLeave={onDragLeave} onDrop={onDrop}>
      <header className="topbar">
        <h1>Stepscope</h1>
        <nav aria-label="Main">
          <button type="button" onClick={() => setScreen({ kind: 'start' })} aria-current={screen.kind === 'start' ? 'page' : undefined}>
            Start
          </button>
          <label className="button">
            Open definition…
            <input type="file" accept=".json,.yaml,.yml,.template" aria-label="Open definition file" className="visually-hidden" onChange={(e) => void openFile(e)} />
          </label>
          <ImportControl onFiles={(files) => void importFiles(files)} disabled={importState.kind === 'importing'} />
          <PullFromAws client={client} onOpen={(execution) => void openExecution(execution)} />
        </nav>
        <SfnApiSetting client={client} />
        <ThemeToggle />
      </header>
      <ImportStatus state={importState} onDismiss={() => setImportState({ kind: 'idle' })} />
      {openError !== undefined && (
        <p className="import-status bad" role="alert">
          {openError}
        </p>
      )}
      <TemplateOpener
        client={client}
        pending={pendingDocument}
        onOpened={(d) => open({ title: d.title, definitionText: d.definitionText, input: {}, testCases: [], ...(d.stateMachine !== undefined ? { stateMachine: d.stateMachine } : {}), ...(d.type !== undefined ? { type: d.type } : {}) })}
        onError={setOpenError}
      />
      <main aria-label="Stepscope" ref={mainRef} className={screen.kind === 'workspace' ? 'main-workspace' : 'main-page'}>
        {screen.kind === 'start' ? (
          <div className="start">
            <ExamplesGallery onOpen={(example) => open(sourceFromExample(example))} />
            <ExecutionList client={client} onOpen={(execution) => void openExecution(execution)} onCompare={(left, right) => setScreen({ kind: 'compare', left, right })} />
          </div>
        ) : screen.kind === 'coverage' ? (
          <CoverageView key={screen.key} file={screen.file} name={screen.name} />
        ) : screen.kind === 'compare' ? (
          <CompareView store={store} left={screen.left} right={screen.right} onOpen={(execution) => void openExecution(execution)} />
        ) : (
          <Workspace key={screen.key} source={screen.source} store={store} tasks={tasks} onOpenExecution={(execution) => void openExecution(execution)} />
        )}
      </main>
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p>Drop a definition, a mock config, or history files</p>
        </div>
      )}
    </div>
  );
}
