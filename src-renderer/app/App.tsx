import { useEffect, useMemo, useState, type ChangeEvent } from 'react';
import type { Example } from '@common/contract/api';
import { getClient } from '../api';
import { ExamplesGallery } from '../features/examples';
import { ExecutionStore } from '../features/executions';
import { Workspace, type WorkspaceSource } from './Workspace';

/** Which screen the shell shows. */
type Screen = { kind: 'gallery' } | { kind: 'workspace'; source: WorkspaceSource; key: number };

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

/**
 * The application shell: a header with navigation and "Open definition…", then either the
 * examples gallery (the first screen) or the workspace of an opened definition.
 */
export function App() {
  const store = useMemo(() => new ExecutionStore(getClient()), []);
  useEffect(() => store.connect(), [store]);
  const [screen, setScreen] = useState<Screen>({ kind: 'gallery' });
  const [openCount, setOpenCount] = useState(0);

  const open = (source: WorkspaceSource) => {
    setOpenCount((n) => n + 1);
    setScreen({ kind: 'workspace', source, key: openCount + 1 });
  };

  const openFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    open({ title: file.name, definitionText: await file.text(), input: {}, testCases: [] });
  };

  return (
    <div className="shell">
      <header className="topbar">
        <h1>Stepscope</h1>
        <nav aria-label="Main">
          <button type="button" onClick={() => setScreen({ kind: 'gallery' })} aria-current={screen.kind === 'gallery' ? 'page' : undefined}>
            Examples
          </button>
          <label className="button">
            Open definition…
            <input type="file" accept=".json,.yaml,.yml" aria-label="Open definition file" className="visually-hidden" onChange={(e) => void openFile(e)} />
          </label>
        </nav>
      </header>
      <main aria-label="Stepscope">
        {screen.kind === 'gallery' ? (
          <ExamplesGallery onOpen={(example) => open(sourceFromExample(example))} />
        ) : (
          <Workspace key={screen.key} source={screen.source} store={store} />
        )}
      </main>
    </div>
  );
}
