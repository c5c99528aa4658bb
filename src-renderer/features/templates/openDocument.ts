import type { MadeUpValue, OpenedDefinition, OpenedDocument } from '@common/contract/api';
import type { StepscopeClient } from '../../api';

/** A file to open as a definition: its name and text, and its path when the desktop app knows it. */
export interface PendingDocument {
  name: string;
  text: string;
  path?: string;
  /** Files the template names (DefinitionUri) that the user chose with it, by the path the template names them with. */
  files?: Record<string, string>;
}

/** What the workspace needs from an opened definition (see Workspace's source). */
export interface OpenedForWorkspace {
  title: string;
  definitionText: string;
  /** The state machine's name for ARNs (a template's name or logical id). */
  stateMachine?: string;
  /** The template's workflow type. */
  type?: 'STANDARD' | 'EXPRESS';
  /** Values the file does not give, made up (listed to the user, who may change them). */
  madeUp: MadeUpValue[];
}

/** Asks the service to open a file (`documents.open`, the one loader), with a state machine and values when chosen. */
export function openDocument(client: StepscopeClient, file: PendingDocument, choice: { stateMachine?: string; substitutions?: Record<string, string> } = {}): Promise<OpenedDocument> {
  return client['documents.open']({
    name: file.name,
    text: file.text,
    ...(file.path !== undefined ? { path: file.path } : {}),
    ...(file.files !== undefined ? { files: file.files } : {}),
    ...(choice.stateMachine !== undefined ? { stateMachine: choice.stateMachine } : {}),
    ...(choice.substitutions !== undefined && Object.keys(choice.substitutions).length > 0 ? { substitutions: choice.substitutions } : {}),
  });
}

/** The workspace's view of an opened definition: a template's state machine is titled `file — LogicalId`. */
export function forWorkspace(file: PendingDocument, opened: OpenedDefinition): OpenedForWorkspace {
  return {
    title: opened.chosen !== undefined ? `${file.name} — ${opened.chosen.logicalId}` : file.name,
    definitionText: opened.definitionText,
    ...(opened.stateMachineName !== undefined ? { stateMachine: opened.stateMachineName } : {}),
    ...(opened.type !== undefined ? { type: opened.type } : {}),
    madeUp: opened.madeUp,
  };
}
