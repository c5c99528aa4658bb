import type { StepscopeApi } from '../../common/contract/api';
import type { PushListener } from '../../common/contract/events';
import { createBreakpointsApi } from './breakpointsApi';
import { createDebugMethods } from './debugApi';
import { createDebugSessions } from './debugSessions';
import { createDocumentMethods } from './documentsApi';
import { createAppMethods, createExampleMethods } from './examplesApi';
import { createExecutionMethods } from './executionsApi';
import { watchExternalWrites } from './externalWrites';
import { createImportMethods } from './importsApi';
import { createMockMethods } from './mocksApi';
import { createLauncher } from './launcher';
import { createPullMethods } from './pullsApi';
import { createRerunMethods } from './rerunsApi';
import { createServiceContext } from './serviceContext';
import type { ServiceOptions } from './serviceOptions';
import { withStoreErrors } from './storeErrors';
import { createTasksApi } from './tasksApi';

export type { ServiceOptions } from './serviceOptions';

/** The service: the whole `StepscopeApi`, plus pushes and lifecycle. */
export interface StepscopeService extends StepscopeApi {
  /** Receives every push until the returned disposer is called. */
  subscribe(listener: PushListener): () => void;
  /**
   * Resolves once no execution is running (or all that still run wait for a task token), no
   * import is in progress, everything is in the store and every push has been sent.
   */
  whenIdle(): Promise<void>;
  /**
   * Stops: executions still running (e.g. waiting for a task token) are recorded as INTERRUPTED
   * with the events they have so far; resolves once the store has them. The store stays open.
   */
  close(): Promise<void>;
}

/**
 * Builds the service over the engine and the execution store. Executions run on a virtual clock
 * in this process; their events are recorded into the store as they are emitted (through the
 * store's writer) and pushed in batches (`execution.eventsAppended`), followed by
 * `execution.statusChanged` when they stop. Imports and recordings are serialised: while an
 * import holds the store's write lock (it does between its chunks), new events are kept in
 * memory, and recordings neither start nor finish.
 *
 * Each noun of the contract is its own module, contributing its methods to the one map below
 * (which the compiler checks against `StepscopeApi`): executions (executionsApi), fork and
 * redrive (rerunsApi), imports (importsApi), debugging (debugSessions, debugApi), breakpoints,
 * tasks, examples; launching goes through launcher.ts and localRun.ts, pushes through
 * pushBatcher.ts, and the import gate is importGate.ts.
 */
export function createService(options: ServiceOptions): StepscopeService {
  const ctx = createServiceContext(options);
  const tasks = createTasksApi(ctx);
  const sessions = createDebugSessions(ctx);
  const breakpoints = createBreakpointsApi(ctx, sessions);
  const launcher = createLauncher(ctx, { tasks, sessions, breakpoints });
  const stopWatching = options.externalWritesPollMs !== undefined && options.store.path !== ':memory:' ? watchExternalWrites(ctx, options.externalWritesPollMs) : () => undefined;

  const api: StepscopeApi = {
    ...createAppMethods(ctx),
    ...createExampleMethods(ctx),
    ...createDocumentMethods(ctx),
    ...createExecutionMethods(ctx, launcher),
    ...createRerunMethods(ctx, launcher, breakpoints),
    ...createImportMethods(ctx),
    ...createPullMethods(ctx),
    ...createDebugMethods(sessions, launcher, breakpoints),
    ...createMockMethods(launcher),
    ...breakpoints.methods,
    ...tasks.methods,
  };

  return {
    // A store kept busy by another process answers CONFLICT, not INTERNAL (issue #18 item 7).
    ...withStoreErrors(api, ctx.store.path),
    subscribe: (listener) => ctx.pushes.subscribe(listener),
    async whenIdle() {
      for (;;) {
        await ctx.gate.idle();
        if (!ctx.live.busy()) break;
        await Promise.race([Promise.all(launcher.running()), new Promise((resolve) => setTimeout(resolve, 5))]);
      }
      await ctx.store.idle();
      ctx.pushes.flush();
      // Let a scheduled `tasks.changed` push go out.
      await new Promise((resolve) => setTimeout(resolve, 1));
    },
    async close() {
      ctx.markClosed();
      stopWatching();
      await ctx.gate.idle();
      const interrupted = ctx.live.all().filter((e) => !e.finished);
      await Promise.all(
        interrupted.map((entry) =>
          ctx.live.finish(entry, {
            status: 'INTERRUPTED',
            output: null,
            error: 'Stepscope.Interrupted',
            cause: 'Stepscope stopped while the execution was running',
            stopDate: null,
          }),
        ),
      );
      for (const entry of interrupted) {
        // A debugged run stopped at a breakpoint would wait for ever: abort it (its events are no longer recorded).
        entry.debug?.stop();
        ctx.live.remove(entry.executionId);
        ctx.pushes.flush(entry.executionId, 'INTERRUPTED');
        ctx.pushes.push({ type: 'execution.statusChanged', payload: { execution: ctx.summaryOf(entry.executionId) } });
      }
      ctx.pushes.dispose();
      sessions.dispose();
      launcher.close();
      await ctx.store.idle();
    },
  };
}
