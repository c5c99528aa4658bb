import type { HistoryEvent } from '../history/events';
import type { DebugState, ExecutionId, ExecutionSummary, StoredExecutionStatus, WaitingTask } from './api';

/**
 * Pushes: messages the service sends to the UI without being asked, named `noun.pastTense`.
 * Live history events are batched, so a push carries an array of them.
 */

/** Each push's payload, by name. */
export interface PushPayloads {
  /**
   * History events appended to a running execution, in id order, with no gaps between
   * consecutive pushes of the same execution (the first push starts at event id 1).
   */
  'execution.eventsAppended': {
    executionId: ExecutionId;
    events: HistoryEvent[];
    /** Status after these events. */
    status: StoredExecutionStatus;
  };
  /**
   * An execution started or stopped. A stop is pushed after the last `execution.eventsAppended`
   * of that execution, so a client that has seen it has seen every event.
   */
  'execution.statusChanged': { execution: ExecutionSummary };
  /**
   * Stored executions were removed by another process (`stepscope rm` on the same database): how
   * many. Executions another process stores or records arrive as the pushes above.
   */
  'executions.removed': { count: number };
  /** Progress of an `executions.import` that passed an `importId`: events stored so far out of `total`. */
  'import.progressed': { importId: string; done: number; total: number };
  /** The Tasks waiting for a task token changed (one started waiting, was answered or ended): all of them, oldest first. */
  'tasks.changed': { waiting: WaitingTask[] };
  /**
   * The run control of a debugged execution changed (a branch stopped, the run went on, a step
   * began, it ended): its whole snapshot. At a stop, every event emitted before it has been pushed first.
   */
  'debug.changed': DebugState;
  /**
   * The desktop app opened a file for the UI (File → Open, Open Recent, a file on the command
   * line): its kind as detected from its content, its file name and its text. A definition opens
   * in the workspace; a history or bundle is imported; a mock config applies to the open workspace.
   * `path` (the file's absolute path) lets a template's DefinitionUri be read beside it (`documents.open`).
   */
  'app.openRequested': { kind: OpenedFileKind; name: string; text: string; path?: string };
}

/** What an opened file holds, detected from its content. */
export type OpenedFileKind = 'definition' | 'history' | 'bundle' | 'mocks';

/** A push name. */
export type PushName = keyof PushPayloads;

/** One push as it travels: its name and payload, discriminated on `type`. */
export type Push = { [K in PushName]: { type: K; payload: PushPayloads[K] } }[PushName];

/** Every push name (for bridges that forward pushes). */
export const PUSH_NAMES: readonly PushName[] = ['execution.eventsAppended', 'execution.statusChanged', 'executions.removed', 'import.progressed', 'tasks.changed', 'debug.changed', 'app.openRequested'];

/** True when `name` is a push of the contract. */
export function isPushName(name: string): name is PushName {
  return (PUSH_NAMES as readonly string[]).includes(name);
}

/** Receives pushes; returned disposers stop the subscription. */
export type PushListener = (push: Push) => void;
