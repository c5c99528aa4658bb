import { useState, useSyncExternalStore } from 'react';
import type { ExecutionId } from '@common/contract/api';
import type { ExecutionStore } from '../executions';
import { Inspector, type InspectorProps } from './Inspector';

/** Props of `ExecutionInspector`. */
export interface ExecutionInspectorProps {
  store: ExecutionStore;
  executionId: ExecutionId;
  /** The definition the execution was started with, used until the stored one has been read. */
  definitionText?: string | null;
  /** See `InspectorProps`. */
  onCursorEvent?: InspectorProps['onCursorEvent'];
  breakpoints?: InspectorProps['breakpoints'];
  onToggleBreakpoint?: InspectorProps['onToggleBreakpoint'];
}

/**
 * The inspector of one execution of the execution store: its events as they arrive, and its
 * stored definition once read (the text it was started with until then).
 */
export function ExecutionInspector({ store, executionId, definitionText = null, ...forInspector }: ExecutionInspectorProps) {
  const snapshot = useSyncExternalStore(store.subscribe, () => store.get(executionId));
  // The text at start time: later edits in the editor do not change an execution's definition.
  const [startedWith] = useState(definitionText);
  return <Inspector key={executionId} definitionText={snapshot.detail?.definitionText ?? startedWith} events={snapshot.events} {...forInspector} />;
}
