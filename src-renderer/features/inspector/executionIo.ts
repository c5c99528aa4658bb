import type { HistoryEvent } from '@common/history/events';
import type { Json } from '@common/json';

/** The execution's own input and, once it ended (at or before the cursor), its output or error. */
export interface ExecutionIo {
  input: Json | undefined;
  /** The terminal event's type (`ExecutionSucceeded`, `ExecutionFailed`…), when reached. */
  ended?: string;
  output?: Json;
  error?: string;
  cause?: string;
}

const parse = (text: unknown): Json | undefined => {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
};

const details = (e: HistoryEvent): Record<string, unknown> => {
  for (const [k, v] of Object.entries(e)) if (k.endsWith('EventDetails') && v !== null && typeof v === 'object') return v as Record<string, unknown>;
  return {};
};

/**
 * What the data-flow view shows at an event that belongs to no state (the execution's start or
 * end): the execution's input (ExecutionStarted), and its output, or its error and cause, when
 * its terminal event is at or before the cursor.
 */
export function executionIoAt(events: readonly HistoryEvent[], cursor: number): ExecutionIo {
  const started = events.find((e) => e.type === 'ExecutionStarted');
  const io: ExecutionIo = { input: started ? parse(details(started).input) : undefined };
  for (let i = Math.min(cursor, events.length - 1); i >= 0; i--) {
    const e = events[i];
    if (!/^Execution(Succeeded|Failed|Aborted|TimedOut)$/.test(e.type)) continue;
    const d = details(e);
    io.ended = e.type;
    if (e.type === 'ExecutionSucceeded') io.output = parse(d.output);
    if (typeof d.error === 'string') io.error = d.error;
    if (typeof d.cause === 'string') io.cause = d.cause;
    break;
  }
  return io;
}
