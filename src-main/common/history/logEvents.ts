import { isJsonObject, type Json, type JsonObject } from '../json';
import type { HistoryEvent, HistoryEventType } from './events';
import { assembleImport, classifyImportDocument, type ImportDocument, type ImportedExecution, type ImportProblem, type ImportResult } from './historyImport';

/**
 * Express executions rebuilt from CloudWatch Logs. AWS keeps no history for Express workflows;
 * a state machine that logs to CloudWatch Logs writes one log event per history event, a JSON
 * message with `id`, `previous_event_id`, `type`, `event_timestamp` (epoch milliseconds, as text),
 * `execution_arn` and `details` (the event's details as GetExecutionHistory would give them,
 * without execution data unless the logging configuration includes it). Only level ALL logs every
 * event: at ERROR or FATAL the history cannot be rebuilt, and this says so instead of guessing.
 */

/** One execution read from log events: ready to store, with what the logs could not tell. */
export interface LoggedExecution {
  execution: ImportedExecution;
  /** What the logs leave unknown (payloads not logged, payloads truncated). */
  notes: string[];
}

/**
 * The log messages a file holds: the output of `aws logs filter-log-events` or `get-log-events`
 * (`{"events": [{"message": "..."}]}`), a list of such log events, a list of the messages' JSON,
 * or (`lines`) the text of an export with one message per line, each maybe after a timestamp.
 */
export function logRecordsFromValue(value: Json): Json[] | undefined {
  const list = isJsonObject(value) && Array.isArray(value.events) ? value.events : Array.isArray(value) ? value : undefined;
  if (list === undefined) return undefined;
  const records: Json[] = [];
  for (const item of list) {
    if (isJsonObject(item) && typeof item.message === 'string') {
      try {
        records.push(JSON.parse(item.message) as Json);
      } catch {
        records.push(item.message);
      }
    } else records.push(item);
  }
  return records.some(isLogRecord) ? records : undefined;
}

/** The log messages of an exported text file: one JSON message per line, maybe after a timestamp. */
export function logRecordsFromLines(text: string): Json[] {
  const records: Json[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const brace = raw.indexOf('{');
    if (brace < 0) continue;
    try {
      records.push(JSON.parse(raw.slice(brace)) as Json);
    } catch {
      // Not a log message (a header line, a message cut short): left out.
    }
  }
  return records;
}

/** True for a Step Functions log message. */
export function isLogRecord(value: Json): value is JsonObject {
  return isJsonObject(value) && typeof value.execution_arn === 'string' && typeof value.type === 'string' && value.id !== undefined;
}

/** The details member of a history event type (`TaskStateEntered` → `stateEnteredEventDetails`). */
export function detailsMemberOf(type: string): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type[0].toLowerCase()}${type.slice(1)}EventDetails`;
}

function integer(value: Json | undefined): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : typeof value === 'number' ? value : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

/** The execution ARN's state machine ARN (`...:express:M:name[:id]` → `...:stateMachine:M`). */
function machineArnOf(executionArn: string): string {
  const parts = executionArn.split(':');
  return `${parts.slice(0, 5).join(':')}:stateMachine:${parts[6] ?? ''}`;
}

/**
 * Rebuilds every execution whose events the records hold (one per `execution_arn`), through the
 * import path (its checks: ids 1..n, ExecutionStarted first, ...). An execution with events
 * missing (logged below level ALL) is a problem naming them; everything else comes with its notes.
 */
export function executionsFromLogRecords(records: readonly Json[], source: string): ImportResult<LoggedExecution[]> {
  const problems: ImportProblem[] = [];
  const byArn = new Map<string, HistoryEvent[]>();
  let skipped = 0;
  for (const record of records) {
    if (!isLogRecord(record)) {
      skipped++;
      continue;
    }
    const id = integer(record.id);
    const previous = integer(record.previous_event_id) ?? 0;
    const ms = integer(record.event_timestamp);
    if (id === undefined || id < 1 || ms === undefined) {
      problems.push({ source, message: `a log event of ${String(record.execution_arn)} has no valid id or event_timestamp` });
      continue;
    }
    const event: HistoryEvent = { timestamp: new Date(ms).toISOString(), type: record.type as HistoryEventType, id, previousEventId: previous };
    if (isJsonObject(record.details) && Object.keys(record.details).length > 0) event[detailsMemberOf(record.type as string)] = record.details;
    const list = byArn.get(record.execution_arn as string) ?? [];
    list.push(event);
    byArn.set(record.execution_arn as string, list);
  }
  if (byArn.size === 0) problems.push({ source, message: `holds no Step Functions log events${skipped > 0 ? ` (${skipped} other records)` : ''}` });
  const out: LoggedExecution[] = [];
  for (const [arn, events] of byArn) {
    events.sort((a, b) => a.id - b.id);
    const unique = events.filter((e, i) => i === 0 || e.id !== events[i - 1].id);
    const last = unique[unique.length - 1].id;
    if (unique.length < last || unique[0].id !== 1) {
      const have = new Set(unique.map((e) => e.id));
      const missing: number[] = [];
      for (let id = 1; id <= last && missing.length < 20; id++) if (!have.has(id)) missing.push(id);
      problems.push({
        source,
        message:
          `${arn}: events ${missing.join(', ')}${missing.length === 20 ? ', ...' : ''} are not in the logs. The state machine logs at a level below ALL ` +
          '(ERROR or FATAL log only failures), so its history cannot be rebuilt: set its logging level to ALL',
      });
      continue;
    }
    const name = arn.split(':')[7] ?? 'imported';
    const documents: ImportDocument[] = [];
    for (const [docSource, value] of [
      [`${source} (${arn})`, { events: unique as unknown as Json[] }],
      [`${source} (${arn}, execution)`, { executionArn: arn, stateMachineArn: machineArnOf(arn), name, status: 'RUNNING' }],
    ] as [string, JsonObject][]) {
      const classified = classifyImportDocument(value, docSource);
      if (classified.ok) documents.push(classified.value);
      else problems.push(...classified.problems);
    }
    // The status comes from the history itself: the describe document only names the execution.
    const describe = documents.find((d) => d.kind === 'describeExecution');
    if (describe?.kind === 'describeExecution') delete (describe.execution as { status?: string }).status;
    const assembled = assembleImport(documents);
    if (!assembled.ok) {
      problems.push(...assembled.problems);
      continue;
    }
    const execution: ImportedExecution = { ...assembled.value, type: arn.split(':')[5] === 'express' ? 'EXPRESS' : 'STANDARD' };
    out.push({ execution, notes: notesOf(arn, unique) });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: out };
}

/** What the logs leave out: payloads not logged (includeExecutionData false), payloads truncated. */
function notesOf(arn: string, events: readonly HistoryEvent[]): string[] {
  const notes: string[] = [];
  const started = events.find((e) => e.type === 'ExecutionStarted');
  const details = started?.executionStartedEventDetails;
  if (started !== undefined && !(isJsonObject(details ?? null) && typeof (details as JsonObject).input === 'string')) {
    notes.push(`${arn}: the logs carry no execution data (the logging configuration has includeExecutionData false): inputs, outputs and task results are unknown`);
  }
  let truncated = 0;
  for (const e of events) {
    for (const [key, value] of Object.entries(e)) {
      if (!key.endsWith('EventDetails') || !isJsonObject(value ?? null)) continue;
      const d = value as JsonObject;
      for (const member of ['inputDetails', 'outputDetails', 'parametersDetails']) {
        const m = d[member];
        if (isJsonObject(m ?? null) && (m as JsonObject).truncated === true) truncated++;
      }
    }
  }
  if (truncated > 0) notes.push(`${arn}: ${truncated} payload${truncated === 1 ? ' was' : 's were'} truncated in the logs (CloudWatch Logs keeps 256 KB per log event)`);
  return notes;
}
