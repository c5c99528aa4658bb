import { useEffect, useState } from 'react';
import type { MadeUpValue, TemplateStateMachine } from '@common/contract/api';
import { errorMessage, type StepscopeClient } from '../../api';
import { LinkedFilePicker } from './LinkedFilePicker';
import { MadeUpValues } from './MadeUpValues';
import { forWorkspace, openDocument, type OpenedForWorkspace, type PendingDocument } from './openDocument';
import { StateMachineChooser } from './StateMachineChooser';

/** Props of `TemplateOpener`. */
export interface TemplateOpenerProps {
  client: StepscopeClient;
  /** The file to open (a new object each time a file is opened). */
  pending: PendingDocument | undefined;
  /** The definition is ready for the workspace. */
  onOpened(opened: OpenedForWorkspace): void;
  /** The file gives no definition: why (naming the file, and a template's state machine and property). */
  onError(message: string): void;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'choosing'; file: PendingDocument; stateMachines: TemplateStateMachine[] }
  | { kind: 'needs-file'; file: PendingDocument; stateMachine?: string; needsFile: string; message: string }
  | { kind: 'opened'; file: PendingDocument; stateMachine?: string; madeUp: MadeUpValue[] };

/**
 * Opens a definition file through the service's one loader (`documents.open`): an ASL file opens
 * at once (one that is not JSON/YAML too, for the editor to show its syntax errors); a template with several state machines asks which (StateMachineChooser); a
 * template whose definition is in a file beside it that the page cannot read asks for that file (LinkedFilePicker); values the
 * file does not give are listed and can be changed (MadeUpValues), which opens it again.
 */
export function TemplateOpener({ client, pending, onOpened, onError }: TemplateOpenerProps) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });

  const load = async (file: PendingDocument, stateMachine?: string, substitutions?: Record<string, string>) => {
    try {
      const opened = await openDocument(client, file, { ...(stateMachine !== undefined ? { stateMachine } : {}), ...(substitutions !== undefined ? { substitutions } : {}) });
      if (opened.ok) {
        setPhase(opened.madeUp.length > 0 ? { kind: 'opened', file, ...(stateMachine !== undefined ? { stateMachine } : {}), madeUp: opened.madeUp } : { kind: 'idle' });
        onOpened(forWorkspace(file, opened));
      } else if (opened.needsFile !== undefined && file.files?.[opened.needsFile] === undefined) {
        // The template names a file beside it that this page cannot read: ask for it.
        setPhase({ kind: 'needs-file', file, ...(stateMachine !== undefined ? { stateMachine } : {}), needsFile: opened.needsFile, message: opened.message });
      } else if (opened.problem === 'ambiguous') {
        setPhase({ kind: 'choosing', file, stateMachines: opened.stateMachines });
      } else if (opened.problem === 'unreadable') {
        // Not JSON/YAML: the file opens as it is, so that the editor shows where the syntax is wrong.
        setPhase({ kind: 'idle' });
        onOpened({ title: file.name, definitionText: file.text, madeUp: [] });
      } else {
        setPhase({ kind: 'idle' });
        onError(opened.message);
      }
    } catch (e) {
      setPhase({ kind: 'idle' });
      onError(`Cannot open ${file.name}: ${errorMessage(e)}`);
    }
  };

  useEffect(() => {
    if (pending !== undefined) void load(pending);
    // Each opened file is a new `pending` object.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pending]);

  if (phase.kind === 'choosing') {
    return (
      <StateMachineChooser
        fileName={phase.file.name}
        stateMachines={phase.stateMachines}
        onChoose={(logicalId) => void load(phase.file, logicalId)}
        onCancel={() => setPhase({ kind: 'idle' })}
      />
    );
  }
  if (phase.kind === 'needs-file') {
    const { file, stateMachine, needsFile } = phase;
    return (
      <LinkedFilePicker
        fileName={file.name}
        needsFile={needsFile}
        onFile={(chosen) => {
          chosen.text().then(
            (text) => void load({ ...file, files: { ...file.files, [needsFile]: text } }, stateMachine),
            (e: unknown) => {
              setPhase({ kind: 'idle' });
              onError(`Cannot read ${chosen.name}: ${errorMessage(e)}`);
            },
          );
        }}
        onCancel={() => {
          setPhase({ kind: 'idle' });
          onError(phase.message);
        }}
      />
    );
  }
  if (phase.kind === 'opened') {
    return (
      <MadeUpValues
        key={phase.madeUp.map((v) => `${v.name}=${v.value}`).join('\n')}
        values={phase.madeUp}
        onApply={(substitutions) => void load(phase.file, phase.stateMachine, substitutions)}
        onDismiss={() => setPhase({ kind: 'idle' })}
      />
    );
  }
  return null;
}
