import { useState, useSyncExternalStore } from 'react';
import type { ExecutionId, ExecutionSummary } from '@common/contract/api';
import { errorMessage, getClient } from '../../api';
import type { ExecutionStore } from '../executions';
import { parentLinkText } from './parentLinkText';

export { itemText, parentLinkText } from './parentLinkText';

/** Props of `ParentLink`. */
export interface ParentLinkProps {
  store: ExecutionStore;
  executionId: ExecutionId;
  /** Opens the original execution. */
  onOpen: (execution: ExecutionSummary) => void;
}

/**
 * The link of a fork, redrive or child execution to its original: "Forked from <name> at event N" (or "Redriven
 * from …"), which opens the original. Nothing for an execution that has no parent.
 */
export function ParentLink({ store, executionId, onOpen }: ParentLinkProps) {
  const snapshot = useSyncExternalStore(store.subscribe, () => store.get(executionId));
  const parent = snapshot.summary?.parent ?? snapshot.detail?.parent;
  const [problem, setProblem] = useState<string | undefined>();
  if (parent === undefined) return null;
  const open = async () => {
    setProblem(undefined);
    try {
      onOpen(await getClient()['executions.get']({ executionId: parent.executionId }));
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };
  return (
    <p className="parent-link">
      <a
        href={`#execution-${parent.executionId}`}
        onClick={(e) => {
          e.preventDefault();
          void open();
        }}
      >
        {parentLinkText(parent)}
      </a>
      {problem !== undefined && <span role="alert"> Cannot open it: {problem}</span>}
    </p>
  );
}
