import { ExternalWriteWatcher, type ExternalWrites } from '../store';
import type { ServiceContext } from './serviceContext';
import { summaryFromRecord, toExecutionId } from './storeRecords';

/**
 * Live updates from other writers of the service's database: every `intervalMs` the service asks
 * the store's {@link ExternalWriteWatcher} (one `PRAGMA data_version` when nothing changed) and
 * turns what another process wrote into the pushes the UI already follows for its own runs:
 * `execution.statusChanged` for an execution stored or started elsewhere, `execution.eventsAppended`
 * while it runs, `execution.statusChanged` again when it stops, `executions.removed` for removals.
 * Returns the disposer that stops polling (the service's `close`). The timer does not keep the
 * process alive.
 */
export function watchExternalWrites(ctx: ServiceContext, intervalMs: number): () => void {
  let watcher: ExternalWriteWatcher | undefined;
  try {
    watcher = new ExternalWriteWatcher(ctx.store);
  } catch {
    // A store that cannot be read now (another process migrating it) simply gets no live updates.
    return () => undefined;
  }
  const look = watcher;
  const timer = setInterval(() => {
    if (ctx.isClosed()) return;
    let changes: ExternalWrites | undefined;
    try {
      changes = look.check();
    } catch {
      // Busy or briefly unreadable: the next look tries again (data_version still differs).
      return;
    }
    if (changes !== undefined) pushExternalWrites(ctx, changes);
  }, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}

/** Pushes what another process wrote (see {@link watchExternalWrites}). */
export function pushExternalWrites(ctx: ServiceContext, changes: ExternalWrites): void {
  const { pushes } = ctx;
  const maxBatch = ctx.options.maxBatch ?? 500;
  for (const record of changes.added) {
    pushes.push({ type: 'execution.statusChanged', payload: { execution: summaryFromRecord(record, undefined, ctx.parentRecordOf(record)) } });
  }
  for (const { record, events } of changes.progressed) {
    const executionId = toExecutionId(record.id);
    for (let i = 0; i < events.length; i += maxBatch) {
      const last = i + maxBatch >= events.length;
      pushes.push({ type: 'execution.eventsAppended', payload: { executionId, events: events.slice(i, i + maxBatch), status: last ? record.status : 'RUNNING' } });
    }
    if (record.status !== 'RUNNING') {
      pushes.push({ type: 'execution.statusChanged', payload: { execution: summaryFromRecord(record, undefined, ctx.parentRecordOf(record)) } });
    }
  }
  if (changes.removed > 0) pushes.push({ type: 'executions.removed', payload: { count: changes.removed } });
}
