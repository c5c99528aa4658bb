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

/** The log records of a log group, fetched with the CloudWatch Logs client (node/pull/logsFromAws). */
async function fetchRecords(io: CliIo, logGroup: string, strings: Record<string, string | undefined>): Promise<Json[]> {
  const since = strings.since;
  const startTime = since !== undefined ? Date.parse(since) : undefined;
  if (since !== undefined && Number.isNaN(startTime)) throw new UsageError(`--since takes an ISO-8601 time such as 2026-12-01T00:00:00Z, not "${since}"`, 'import-logs');
  const endpointUrl = strings['endpoint-url'];
  if (endpointUrl !== undefined && !/^https?:\/\/\S+$/.test(endpointUrl)) throw new UsageError(`--endpoint-url must be an http(s) URL, not "${endpointUrl}"`, 'import-logs');
  const executionArn = strings['execution-arn'];
  const region = strings.region ?? (executionArn !== undefined ? executionArn.split(':')[3] || undefined : undefined);
  const target = {
    ...(region !== undefined ? { region } : {}),
    ...(strings.profile !== undefined ? { profile: strings.profile } : {}),
    ...(endpointUrl !== undefined ? { endpointUrl } : {}),
  };
  const { fetchLogRecords } = await import('../../pull/logsFromAws');
  const { PullError } = await import('../../pull/pullFromAws');
  try {
    return await fetchLogRecords(logGroup, target, {
      ...(executionArn !== undefined ? { executionArn } : {}),
      ...(startTime !== undefined ? { startTime } : {}),
      onProgress: (n) => {
        if (n >= 1000) io.stderr(`stepscope import-logs: ${n} log events so far\n`);
      },
    });
  } catch (error) {
    if (error instanceof PullError) throw new CliError(`stepscope import-logs: ${error.message}`);
    throw error;
  }
}

/**
 * `stepscope import-logs <files...>`: Express (or Standard) executions rebuilt from Step Functions
 * log events exported from CloudWatch Logs, one execution per execution ARN, stored as imports;
 * what the logs cannot tell is said on stderr. Logs below level ALL are refused with the events
 * they lack.
 */
export async function importLogsCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseVerbArgs('import-logs', argv, {
    db: { type: 'string' },
    json: { type: 'boolean' },
    'log-group': { type: 'string' },
    'execution-arn': { type: 'string' },
    since: { type: 'string' },
    profile: { type: 'string' },
    region: { type: 'string' },
    'endpoint-url': { type: 'string' },
  });
  if (args.flags.help) {
    io.stdout(VERB_HELP['import-logs']);
    return EXIT.ok;
  }
  const logGroup = args.strings['log-group'];
  const fetchOnly = ['execution-arn', 'since', 'profile', 'region', 'endpoint-url'].filter((o) => args.strings[o] !== undefined);
  if (logGroup === undefined && fetchOnly.length > 0) throw new UsageError(`--${fetchOnly[0]} needs --log-group`, 'import-logs');
  if (logGroup !== undefined && args.positionals.length > 0) throw new UsageError('Give exported log files or --log-group, not both', 'import-logs');
  if (logGroup === undefined && args.positionals.length === 0) throw new UsageError('Missing the exported log files to import (or --log-group to fetch them)', 'import-logs');
  const executions: LoggedExecution[] = [];
  const problems: string[] = [];
  const sources: [string, Json[]][] = [];
  if (logGroup !== undefined) sources.push([`log group ${logGroup}`, await fetchRecords(io, logGroup, args.strings)]);
  else for (const path of args.positionals) sources.push([path, recordsOf(io, path)]);
  for (const [source, records] of sources) {
    const result = executionsFromLogRecords(records, source);
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
