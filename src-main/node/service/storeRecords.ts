import type { ExecutionDetail, ExecutionId, ExecutionParent, ExecutionSummary } from '../../common/contract/api';
import type { Json } from '../../common/json';
import type { ExecutionRecord, ExecutionStore } from '../store';

/** An execution id of the contract from a store id (the store's integer, as text). */
export function toExecutionId(storeId: number): ExecutionId {
  return String(storeId) as ExecutionId;
}

/** The store id an execution id names, or undefined when it cannot name one. */
export function storeIdOf(executionId: ExecutionId): number | undefined {
  if (!/^[1-9]\d{0,15}$/.test(executionId)) return undefined;
  const id = Number(executionId);
  return Number.isSafeInteger(id) ? id : undefined;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A payload stored as JSON text, as a value (text that is not JSON stays a string). */
function payload(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/**
 * The link of a forked or redriven execution to its original (`parentRecord`, read from the
 * store's parent_id), or undefined when it has none. A redrive keeps the original's name (as on
 * AWS); a fork gets a new one, which is how the two are told apart.
 */
export function parentLinkOf(record: ExecutionRecord, parentRecord: ExecutionRecord | undefined): ExecutionParent | undefined {
  if (record.parentId === null || parentRecord === undefined || parentRecord.id !== record.parentId) return undefined;
  return {
    executionId: toExecutionId(parentRecord.id),
    name: parentRecord.name,
    eventId: record.parentEventId ?? parentRecord.eventCount,
    kind: parentRecord.name === record.name ? 'redrive' : 'fork',
  };
}

/**
 * What a list shows of a stored execution. `liveEventCount` overrides the stored count while the
 * execution is being recorded (the store counts its events when the recording finishes);
 * `parentRecord` is the execution it was forked or redriven from, if any.
 */
export function summaryFromRecord(record: ExecutionRecord, liveEventCount?: number, parentRecord?: ExecutionRecord): ExecutionSummary {
  const summary: ExecutionSummary = {
    executionId: toExecutionId(record.id),
    name: record.name,
    stateMachineName: record.stateMachineName,
    status: record.status,
    // An imported history without describe-execution output may lack a start date: use when it was stored.
    startDate: iso(record.startDate ?? record.createdAt),
    eventCount: liveEventCount ?? record.eventCount,
    origin: record.origin === 'local' ? 'run' : 'import',
  };
  if (record.stopDate !== null) summary.stopDate = iso(record.stopDate);
  const parent = parentLinkOf(record, parentRecord);
  if (parent !== undefined) summary.parent = parent;
  return summary;
}

/** A stored execution in full (without its events): its definition text, input and outcome. */
export function detailFromRecord(store: ExecutionStore, record: ExecutionRecord, liveEventCount?: number): ExecutionDetail {
  const definition = record.definitionId !== null ? store.getDefinition(record.definitionId) : undefined;
  const detail: ExecutionDetail = {
    ...summaryFromRecord(record, liveEventCount, record.parentId !== null ? store.getExecution(record.parentId) : undefined),
    executionArn: record.arn,
    definitionText: definition?.text ?? '',
    input: record.input !== null ? payload(record.input) : {},
  };
  if (record.output !== null) detail.output = payload(record.output);
  if (record.error !== null) detail.error = record.error;
  if (record.cause !== null) detail.cause = record.cause;
  return detail;
}
