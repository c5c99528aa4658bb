import type { HistoryEvent } from '../../../common/history/events';
import { eventDetails, timestampMs } from '../../../common/history/historySummary';
import { createStateAttributor } from '../../../common/history/placement';
import { parseVerbArgs } from '../args';
import { EXIT, UsageError } from '../errors';
import { VERB_HELP } from '../help';
import type { CliIo } from '../io';
import { columns, formatDate, formatDuration, findExecutionOrFail, openCliStore } from './storeAccess';

const DETAIL_WIDTH = 60;

function shorten(text: string, width = DETAIL_WIDTH): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A one-line summary of an event's details: error and cause, or its payload. */
export function eventSummary(event: HistoryEvent): string {
  const d = eventDetails(event);
  if (!d) return '';
  if (d.error !== undefined || d.cause !== undefined) return shorten([d.error, d.cause].filter((x) => x !== undefined).map(asText).join(': '));
  for (const key of ['output', 'input', 'parameters'] as const) {
    if (d[key] !== undefined) return `${key} ${shorten(asText(d[key]), DETAIL_WIDTH - key.length - 1)}`;
  }
  if (typeof d.index === 'number') return `index ${d.index}`;
  if (typeof d.length === 'number') return `length ${d.length}`;
  if (typeof d.resource === 'string') return shorten(`${typeof d.resourceType === 'string' ? `${d.resourceType}:` : ''}${d.resource}`);
  return '';
}

function elapsed(startMs: number | null, timestamp: string): string {
  const at = timestampMs(timestamp);
  if (startMs === null || at === null) return '-';
  return `+${((at - startMs) / 1000).toFixed(3)}s`;
}

/** `stepscope show <execution> [--json]`: the execution and its events as a table. */
export async function showCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseVerbArgs('show', argv, { db: { type: 'string' }, json: { type: 'boolean' } });
  if (args.flags.help) {
    io.stdout(VERB_HELP.show);
    return EXIT.ok;
  }
  if (args.positionals.length !== 1) {
    throw new UsageError(args.positionals.length === 0 ? 'Missing the execution to show (an id, ARN or name from "stepscope list")' : 'Show one execution at a time', 'show');
  }
  const store = openCliStore(io, args.strings.db, { reading: true, mustExist: true });
  try {
    const execution = findExecutionOrFail(store, args.positionals[0]);
    const events = store.loadEvents(execution.id);
    if (args.flags.json) {
      io.stdout(`${JSON.stringify({ execution, events }, null, 2)}\n`);
      return EXIT.ok;
    }
    const lines = [
      `Execution ${execution.id}: ${execution.name}`,
      `  ARN:            ${execution.arn}`,
      `  State machine:  ${execution.stateMachineName}`,
      `  Status:         ${execution.status}`,
      `  Started:        ${formatDate(execution.startDate)}`,
      `  Duration:       ${formatDuration(execution.startDate !== null && execution.stopDate !== null ? execution.stopDate - execution.startDate : null)}`,
      `  Origin:         ${execution.origin}${execution.source ? ` (${execution.source})` : ''}`,
    ];
    if (execution.seed !== null) lines.push(`  Seed:           ${execution.seed}`);
    if (execution.testCase !== null) lines.push(`  Test case:      ${execution.testCase}`);
    if (execution.parentId !== null) lines.push(`  Parent:         ${execution.parentId}`);
    if (execution.input !== null) lines.push(`  Input:          ${shorten(execution.input, 100)}`);
    if (execution.output !== null) lines.push(`  Output:         ${shorten(execution.output, 100)}`);
    if (execution.error !== null) lines.push(`  Error:          ${execution.error}`);
    if (execution.cause !== null) lines.push(`  Cause:          ${shorten(execution.cause, 100)}`);
    const start = execution.startDate ?? (events.length > 0 ? timestampMs(events[0].timestamp) : null);
    const attributor = createStateAttributor();
    const rows = events.map((e) => [String(e.id), e.type, attributor.stateOf(e) ?? '', elapsed(start, e.timestamp), eventSummary(e)]);
    io.stdout(`${lines.join('\n')}\n\n${columns(['ID', 'TYPE', 'STATE', 'ELAPSED', 'DETAILS'], rows)}\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
