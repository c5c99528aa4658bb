import type { ExecutionDetail, ExecutionId, ExecutionParent, ExecutionSummary } from '../../common/contract/api';
import type { Json } from '../../common/json';
import type { RedrivePreserved } from '../../common/engine/redrive/resume';
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
 * How `record` relates to `parentRecord` by names alone: the rule of schema versions 1-4 (the
 * migration to version 5 backfilled `parent_kind` with it). Used only for a row that has a
 * parent and no stored kind, which version 5 never writes.
 */
function inferredKind(record: ExecutionRecord, parentRecord: ExecutionRecord): ExecutionParent['kind'] {
  if (record.stateMachineName !== parentRecord.stateMachineName) {
    return record.stateMachineName.startsWith(`${parentRecord.stateMachineName}/`) ? 'mapRun' : 'startExecution';
  }
  return parentRecord.name === record.name ? 'redrive' : 'fork';
}

/** A stored RedrivePreserved, when its JSON text reads as one. */
function preservedOf(text: string | null): RedrivePreserved | undefined {
  if (text === null) return undefined;
  try {
    const v = JSON.parse(text) as Partial<RedrivePreserved> | null;
    if (v === null || typeof v !== 'object' || typeof v.state !== 'string' || !Array.isArray(v.kept)) return undefined;
    return v as RedrivePreserved;
  } catch {
    return undefined;
  }
}

/**
 * The link of an execution to its original or parent (`parentRecord`, read from the store's
 * parent_id), or undefined when it has none: its stored kind (schema version 5's `parent_kind`),
 * a Map Run child's item index (and batch), and a redrive's summary of what it kept.
 */
export function parentLinkOf(record: ExecutionRecord, parentRecord: ExecutionRecord | undefined): ExecutionParent | undefined {
  if (record.parentId === null || parentRecord === undefined || parentRecord.id !== record.parentId) return undefined;
  const link: ExecutionParent = {
    executionId: toExecutionId(parentRecord.id),
    name: parentRecord.name,
    eventId: record.parentEventId ?? parentRecord.eventCount,
    kind: record.parentKind ?? inferredKind(record, parentRecord),
  };
  if (typeof record.itemIndex === 'number') link.itemIndex = record.itemIndex;
  if (record.batch !== null && record.batch !== undefined) link.batch = { ...record.batch };
  const preserved = preservedOf(record.redrivePreserved ?? null);
  if (preserved !== undefined) link.preserved = preserved;
  return link;
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
  if (record.childCount !== undefined) summary.childCount = record.childCount;
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
