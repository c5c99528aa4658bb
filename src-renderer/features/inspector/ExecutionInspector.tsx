import { useState, useSyncExternalStore } from 'react';
import type { ExecutionId, ExecutionSummary } from '@common/contract/api';
import type { ExecutionStore } from '../executions';
import { Fill } from '../../ui';
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
  paused?: InspectorProps['paused'];
  onToggleBreakpoint?: InspectorProps['onToggleBreakpoint'];
  /**
   * Opens another stored execution (a Distributed Map's child) in the workspace. Without it, a
   * child opens inside this inspector, with a way back to the execution it came from.
   */
  onOpenExecution?: (execution: ExecutionSummary) => void;
}

/**
 * The inspector of one execution of the execution store: its events as they arrive, and its
 * stored definition once read (the text it was started with until then).
 */
export function ExecutionInspector({ store, executionId, definitionText = null, onOpenExecution, ...forInspector }: ExecutionInspectorProps) {
  // Child executions opened here (when the workspace does not open them), innermost last.
  const [trail, setTrail] = useState<ExecutionSummary[]>([]);
  const open = (execution: ExecutionSummary) => {
    if (onOpenExecution) {
      onOpenExecution(execution);
      return;
    }
    store.track(execution);
    setTrail((t) => [...t, execution]);
  };
  const shown = trail.length > 0 ? trail[trail.length - 1] : undefined;
  return (
    <>
      {shown !== undefined && (
        <Fill name="graph-banner">
        <p className="child-trail" role="navigation" aria-label="Child execution">
          Showing child execution <strong>{shown.name}</strong> ({shown.stateMachineName}).{' '}
          <button type="button" onClick={() => setTrail((t) => t.slice(0, -1))}>
            Back to {trail.length > 1 ? trail[trail.length - 2].name : 'the parent execution'}
          </button>
        </p>
        </Fill>
      )}
      <StoredInspector
        key={shown?.executionId ?? executionId}
        store={store}
        executionId={shown?.executionId ?? executionId}
        definitionText={shown === undefined ? definitionText : null}
        onOpenExecution={open}
        {...(shown === undefined ? forInspector : {})}
      />
    </>
  );
}

/** The Inspector over one execution of the store. */
function StoredInspector({ store, executionId, definitionText, onOpenExecution, ...forInspector }: Omit<ExecutionInspectorProps, 'onOpenExecution'> & { onOpenExecution: (execution: ExecutionSummary) => void }) {
  const snapshot = useSyncExternalStore(store.subscribe, () => store.get(executionId));
  // The text at start time: later edits in the editor do not change an execution's definition.
  const [startedWith] = useState(definitionText ?? null);
  return (
    <Inspector
      definitionText={snapshot.detail?.definitionText ?? startedWith}
      events={snapshot.events}
      executionId={executionId}
      executionStatus={snapshot.summary?.status}
      realTime={snapshot.summary?.origin === 'import'}
      onOpenExecution={onOpenExecution}
      {...forInspector}
    />
  );
}
