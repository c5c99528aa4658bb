import type { Json, JsonObject } from '../json';
import { detailsOf, type ExecutionStatus, type HistoryEvent } from './events';

/** What an execution's history says about the execution as a whole (DescribeExecution's fields). */
export interface HistorySummary {
  /** From the last Execution* outcome event; RUNNING when the history has none. */
  status: ExecutionStatus;
  /** JSON text of the execution input (null when the history was exported without execution data). */
  input: string | null;
  output: string | null;
  error: string | null;
  cause: string | null;
  /** Epoch ms of the ExecutionStarted event (null when its timestamp is not a date). */
  startDate: number | null;
  /** Epoch ms of the outcome event (null while running or when not a date). */
  stopDate: number | null;
}

/** Execution outcome event types and the status each one means. */
export const TERMINAL_EVENT_STATUS: Readonly<Record<string, ExecutionStatus>> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionTimedOut: 'TIMED_OUT',
  ExecutionAborted: 'ABORTED',
};

/**
 * A payload as JSON text. AWS writes payloads as JSON text; some recordings (the conformance
 * corpus) hold them parsed, so anything else is serialised compactly.
 */
export function payloadText(value: Json | undefined): string | null {
  if (value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** An event timestamp in epoch ms, or null when it is not a date (a recording's placeholder). */
export function timestampMs(timestamp: unknown): number | null {
  if (typeof timestamp === 'number') return Number.isFinite(timestamp) ? Math.round(timestamp * 1000) : null;
  if (typeof timestamp !== 'string') return null;
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? null : ms;
}

/** The `*EventDetails` member of an event, if any (events.ts `detailsOf`). */
export const eventDetails: (event: HistoryEvent) => JsonObject | undefined = detailsOf;

function stringOrNull(value: Json | undefined): string | null {
  return typeof value === 'string' ? value : value === undefined || value === null ? null : JSON.stringify(value);
}

/** Derives status, input, output, error, cause and dates from a history in id order. */
export function summariseHistory(events: readonly HistoryEvent[]): HistorySummary {
  const summary: HistorySummary = { status: 'RUNNING', input: null, output: null, error: null, cause: null, startDate: null, stopDate: null };
  for (const event of events) {
    if (event.type === 'ExecutionStarted') {
      summary.input = payloadText(eventDetails(event)?.input);
      summary.startDate = timestampMs(event.timestamp);
      continue;
    }
    const status = TERMINAL_EVENT_STATUS[event.type];
    if (status === undefined) {
      if (event.type === 'ExecutionRedriven') {
        summary.status = 'RUNNING';
        summary.stopDate = null;
      }
      continue;
    }
    const details = eventDetails(event);
    summary.status = status;
    summary.stopDate = timestampMs(event.timestamp);
    summary.output = status === 'SUCCEEDED' ? payloadText(details?.output) : null;
    summary.error = status === 'SUCCEEDED' ? null : stringOrNull(details?.error);
    summary.cause = status === 'SUCCEEDED' ? null : stringOrNull(details?.cause);
  }
  return summary;
}
