import { randomUUID } from 'node:crypto';
import { DEFAULT_ARN_SCOPE, type ArnScope } from '../../common/arn';
import type { ExecutionId, ExecutionSummary, MethodName, StepscopeApi } from '../../common/contract/api';
import { ApiFailure, notFound } from '../../common/contract/errors';
import type { ExecutionRecord, ExecutionStore } from '../store';
import type { ServiceOptions } from './serviceOptions';
import { createImportGate, type ImportGate } from './importGate';
import { createLiveExecutions, type LiveExecutions } from './liveExecutions';
import { createPushBatcher, type PushBatcher } from './pushBatcher';
import { storeIdOf, summaryFromRecord } from './storeRecords';

/** Some of the contract's methods: what one module of the service contributes to the whole map. */
export type ApiMethods<M extends MethodName> = Pick<StepscopeApi, M>;

/** What every module of the service shares: the store, the pushes, the import gate and the running executions. */
export interface ServiceContext {
  readonly options: ServiceOptions;
  readonly store: ExecutionStore;
  /** Region and account of local runs' ARNs. */
  readonly arnScope: ArnScope;
  /** The suffix that makes a generated execution name unique. */
  readonly nameSuffix: () => string;
  /** Wall-clock time (epoch ms) a new execution's virtual clock starts at. */
  readonly now: () => number;
  readonly pushes: PushBatcher;
  readonly gate: ImportGate;
  readonly live: LiveExecutions;
  /** True once `close` has begun. */
  isClosed(): boolean;
  /** Marks the service as closing: nothing new starts. */
  markClosed(): void;
  /** Throws INTERNAL once the service is closing (`doing`: "no new execution can start"). */
  assertOpen(doing: string): void;
  /** The stored execution, or NOT_FOUND at /executionId. */
  recordOf(executionId: ExecutionId): ExecutionRecord;
  /** The execution a fork or redrive came from (the store's parent_id), if any. */
  parentRecordOf(record: ExecutionRecord): ExecutionRecord | undefined;
  /** The execution's summary, with its live event count while it runs. */
  summaryOf(executionId: ExecutionId): ExecutionSummary;
}

/** Builds the shared context of a service from its options (defaults filled in). */
export function createServiceContext(options: ServiceOptions): ServiceContext {
  const store = options.store;
  const pushes = createPushBatcher({ flushIntervalMs: options.flushIntervalMs ?? 50, maxBatch: options.maxBatch ?? 500 });
  const gate = createImportGate();
  const live = createLiveExecutions(gate, pushes);
  let closed = false;
  const recordOf = (executionId: ExecutionId) => {
    const id = storeIdOf(executionId);
    const record = id !== undefined ? store.getExecution(id) : undefined;
    if (!record) throw notFound(`There is no execution "${executionId}"`, '/executionId');
    return record;
  };
  const parentRecordOf = (record: ExecutionRecord) => (record.parentId !== null ? store.getExecution(record.parentId) : undefined);
  return {
    options,
    store,
    arnScope: options.arnScope ?? DEFAULT_ARN_SCOPE,
    nameSuffix: options.nameSuffix ?? (() => randomUUID().slice(0, 8)),
    now: options.now ?? Date.now,
    pushes,
    gate,
    live,
    isClosed: () => closed,
    markClosed: () => {
      closed = true;
    },
    assertOpen(doing) {
      if (closed) throw new ApiFailure({ code: 'INTERNAL', message: `Stepscope is shutting down: ${doing}` });
    },
    recordOf,
    parentRecordOf,
    summaryOf(executionId) {
      const record = recordOf(executionId);
      return summaryFromRecord(record, live.emittedCount(executionId), parentRecordOf(record));
    },
  };
}
