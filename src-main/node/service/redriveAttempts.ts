import type { ExecutionAttempt, ExecutionSummary } from '../../common/contract/api';
import type { ExecutionRecord, ExecutionStore } from '../store';
import { toExecutionId } from './storeRecords';

/**
 * A redriven execution's attempts. Each redrive is stored as an execution of its own, linked to
 * the attempt it redrove (`parent_kind` "redrive"), with the same name and ARN: together they are
 * one execution, as AWS counts it (redriveCount), and the list shows it once, as its latest attempt.
 */

/** More redrives than this are not a chain a person made: the walk stops there. */
const MAX_ATTEMPTS = 1000;

/** The attempts `record` is the last of, first run first (just `[record]` when it is no redrive). */
export function attemptsUpTo(store: ExecutionStore, record: ExecutionRecord): ExecutionRecord[] {
  const chain = [record];
  let current = record;
  while (current.parentKind === 'redrive' && current.parentId !== null && chain.length < MAX_ATTEMPTS) {
    const parent = store.getExecution(current.parentId);
    if (parent === undefined) break;
    chain.unshift(parent);
    current = parent;
  }
  return chain;
}

/** The latest attempt of the execution `record` is an attempt of: its newest redrive, followed to the end. */
export function latestAttemptOf(store: ExecutionStore, record: ExecutionRecord): ExecutionRecord {
  let current = record;
  for (let n = 0; n < MAX_ATTEMPTS; n++) {
    const redrives = store.listExecutions({ parentId: current.id }).filter((r) => r.parentKind === 'redrive');
    if (redrives.length === 0) break;
    current = redrives[0]; // newest first
  }
  return current;
}

/** Adds `redriveCount` and `attempts` to the summary of `record` when it is a redrive. */
export function withAttempts<T extends ExecutionSummary>(store: ExecutionStore, record: ExecutionRecord, summary: T): T {
  if (record.parentKind !== 'redrive') return summary;
  const chain = attemptsUpTo(store, record);
  if (chain.length < 2) return summary;
  const attempts: ExecutionAttempt[] = chain.map((r, i) => {
    const a: ExecutionAttempt = { executionId: toExecutionId(r.id), status: r.status, startDate: new Date(r.startDate ?? r.createdAt).toISOString(), redriveCount: i };
    if (r.stopDate !== null) a.stopDate = new Date(r.stopDate).toISOString();
    return a;
  });
  // The latest attempt's own status may be newer than the store's (a live run): keep the summary's.
  attempts[attempts.length - 1].status = summary.status;
  return { ...summary, redriveCount: chain.length - 1, attempts };
}
