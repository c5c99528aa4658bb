import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ExecutionId, GeneratedResponseRecord } from '@common/contract/api';
import { getClient } from '../../api';
import type { ExecutionStore } from './executionStore';

/**
 * Which Task invocations of the execution were answered by responses generated from the
 * services' models (no mock): `executions.generatedResponses`, read again as the run goes on.
 */
export function GeneratedResponsesNote({ store, executionId }: { store: ExecutionStore; executionId: ExecutionId }) {
  const snapshot = useSyncExternalStore(store.subscribe, () => store.get(executionId));
  const status = snapshot.summary?.status ?? 'RUNNING';
  const count = snapshot.events.length;
  const [answered, setAnswered] = useState<GeneratedResponseRecord[]>([]);
  useEffect(() => {
    let live = true;
    getClient()
      ['executions.generatedResponses']({ executionId })
      .then((list) => live && setAnswered(list))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [executionId, status, count]);
  if (answered.length === 0) return null;
  return (
    <details className="generated-responses" aria-label="Generated responses">
      <summary>
        {answered.length} Task invocation{answered.length === 1 ? '' : 's'} answered by generated responses (no mock)
      </summary>
      <ul>
        {answered.map((a) => (
          <li key={`${a.stateName}#${a.invocationIndex}`} title={a.resource}>
            {a.stateName} (invocation {a.invocationIndex}): <span className="muted">{a.source}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
