import type { ExecutionSummary, InputOf } from '../../common/contract/api';
import type { ImportedExecution } from '../../common/history/historyImport';
import { invalidInput } from '../../common/contract/errors';
import type { ImportLink } from '../store';
import { executionsFromFiles } from './importFiles';
import type { ApiMethods, ServiceContext } from './serviceContext';
import { toExecutionId } from './storeRecords';

/**
 * `executions.import`: histories recorded elsewhere, read with the one loader (importFiles.ts),
 * stored one import at a time through the import gate. Everything recorded so far reaches the
 * store before the import takes the write lock; events emitted while it holds it wait in memory
 * (LiveExecutions) and are handed over when it lets go.
 */
export function createImportMethods(ctx: ServiceContext): ApiMethods<'executions.import'> {
  const importHistories = async (input: InputOf<'executions.import'>) => {
    ctx.assertOpen('nothing can be imported');
    const parsed = executionsFromFiles(input.files, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.stateMachineName !== undefined ? { stateMachineName: input.stateMachineName } : {}),
    });
    if (!parsed.ok) {
      const lines = parsed.problems.map((p) => `${p.source}: ${p.message}`);
      throw invalidInput(`Nothing was imported: ${lines.join('; ')}`, '/files');
    }
    return { executions: await storeImported(ctx, parsed.value, input.importId) };
  };
  return { 'executions.import': importHistories };
}

/**
 * Stores executions read elsewhere (files, AWS) through the import gate, pushing their progress
 * (with `importId`) and each stored execution; answers their summaries.
 */
export async function storeImported(ctx: ServiceContext, executions: readonly ImportedExecution[], importId?: string, links?: readonly (ImportLink | undefined)[]): Promise<ExecutionSummary[]> {
  const { store, live, pushes } = ctx;
  const ids = await ctx.gate.run(async () => {
    for (const entry of live.all()) if (!entry.finished) entry.recording.flush();
    await store.idle();
    return store.importExecutions(executions, {
      ...(importId !== undefined ? { onProgress: (done: number, total: number) => pushes.push({ type: 'import.progressed', payload: { importId, done, total } }) } : {}),
      ...(links !== undefined ? { links } : {}),
    });
  }, live.releaseHeld);
  const summaries = ids.map((id) => ctx.summaryOf(toExecutionId(id)));
  for (const execution of summaries) pushes.push({ type: 'execution.statusChanged', payload: { execution } });
  return summaries;
}
