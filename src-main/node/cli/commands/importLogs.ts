import type { Json } from '../../../common/json';
import { executionsFromLogRecords, logRecordsFromLines, logRecordsFromValue, type LoggedExecution } from '../../../common/history/logEvents';
import { parseVerbArgs } from '../args';
import { CliError, EXIT, UsageError } from '../errors';
import { readTextFile } from '../files';
import { VERB_HELP } from '../help';
import type { CliIo } from '../io';
import { openCliStore } from './storeAccess';

/** The log records of one file: JSON (filter-log-events / get-log-events output, a list), else one message per line. */
function recordsOf(io: CliIo, path: string): Json[] {
  const text = readTextFile(io.cwd, path, 'log file');
  let value: Json | undefined;
  try {
    value = JSON.parse(text) as Json;
  } catch {
    value = undefined;
  }
  const records = value !== undefined ? logRecordsFromValue(value) : undefined;
  return records ?? logRecordsFromLines(text);
}

/**
 * `stepscope import-logs <files...>`: Express (or Standard) executions rebuilt from Step Functions
 * log events exported from CloudWatch Logs, one execution per execution ARN, stored as imports;
 * what the logs cannot tell is said on stderr. Logs below level ALL are refused with the events
 * they lack.
 */
export async function importLogsCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseVerbArgs('import-logs', argv, { db: { type: 'string' }, json: { type: 'boolean' } });
  if (args.flags.help) {
    io.stdout(VERB_HELP['import-logs']);
    return EXIT.ok;
  }
  if (args.positionals.length === 0) throw new UsageError('Missing the exported log files to import', 'import-logs');
  const executions: LoggedExecution[] = [];
  const problems: string[] = [];
  for (const path of args.positionals) {
    const result = executionsFromLogRecords(recordsOf(io, path), path);
    if (result.ok) executions.push(...result.value);
    else problems.push(...result.problems.map((p) => `${p.source}: ${p.message}`));
  }
  if (problems.length > 0) throw new CliError(`Nothing was imported:\n${problems.join('\n')}`);
  return storeLogged(io, args.strings.db, executions, args.flags.json);
}

/** Stores executions rebuilt from logs, printing each (and its notes on stderr). */
export async function storeLogged(io: CliIo, db: string | undefined, executions: readonly LoggedExecution[], json: boolean): Promise<number> {
  const store = openCliStore(io, db);
  try {
    const ids = await store.importExecutions(executions.map((e) => e.execution));
    for (const e of executions) for (const note of e.notes) io.stderr(`stepscope import-logs: note: ${note}\n`);
    if (json) io.stdout(`${JSON.stringify(ids)}\n`);
    else executions.forEach((e, i) => io.stdout(`Imported execution ${ids[i]}: ${e.execution.name} (${e.execution.status}, ${e.execution.events.length} events) from ${e.execution.executionArn}\n`));
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
