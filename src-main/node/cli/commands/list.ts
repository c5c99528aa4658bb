import { STORED_STATUSES, type StoredStatus } from '../../store';
import { parseVerbArgs } from '../args';
import { EXIT, UsageError } from '../errors';
import { VERB_HELP } from '../help';
import type { CliIo } from '../io';
import { attemptsUpTo } from '../../service/redriveAttempts';
import { columns, formatDate, formatDuration, openCliStore } from './storeAccess';

/** `stepscope list [--status S] [--state-machine N] [--limit n] [--children] [--json]`: the stored executions, newest first. */
export async function listCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseVerbArgs('list', argv, {
    db: { type: 'string' },
    status: { type: 'string' },
    'state-machine': { type: 'string' },
    limit: { type: 'string' },
    children: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (args.flags.help) {
    io.stdout(VERB_HELP.list);
    return EXIT.ok;
  }
  if (args.positionals.length > 0) throw new UsageError(`Unexpected argument "${args.positionals[0]}"`, 'list');
  const status = args.strings.status?.toUpperCase();
  if (status !== undefined && !STORED_STATUSES.includes(status as StoredStatus)) {
    throw new UsageError(`--status must be one of ${STORED_STATUSES.join(', ')}, not "${args.strings.status}"`, 'list');
  }
  let limit: number | undefined;
  if (args.strings.limit !== undefined) {
    if (!/^\d+$/.test(args.strings.limit)) throw new UsageError(`--limit must be a whole number, not "${args.strings.limit}"`, 'list');
    limit = Number(args.strings.limit);
  }
  const store = openCliStore(io, args.strings.db, { reading: true });
  try {
    const executions = store.listExecutions({
      ...(status !== undefined ? { status: status as StoredStatus } : {}),
      ...(args.strings['state-machine'] !== undefined ? { stateMachine: args.strings['state-machine'] } : {}),
      ...(limit !== undefined ? { limit } : {}),
      // Child executions (Map Run iterations, startExecution children) would flood the list: they
      // are counted on their parent's row unless --children asks for them.
      // A redriven execution is one execution (AWS's redriveCount): its latest attempt stands for it.
      ...(args.flags.children ? {} : { withoutChildren: true, latestAttempts: true }),
      countChildren: true,
    });
    if (args.flags.json) {
      io.stdout(`${JSON.stringify(executions.map(({ input: _i, output: _o, ...rest }) => rest), null, 2)}\n`);
      return EXIT.ok;
    }
    if (executions.length === 0) {
      io.stdout('No executions.\n');
      return EXIT.ok;
    }
    const attempts = (e: (typeof executions)[number]): string => {
      if (e.parentKind !== 'redrive') return '';
      const n = attemptsUpTo(store, e).length;
      return ` · attempt ${n} of ${n}`;
    };
    const rows = executions.map((e) => [
      String(e.id),
      e.status,
      e.stateMachineName,
      e.name,
      formatDate(e.startDate),
      formatDuration(e.startDate !== null && e.stopDate !== null ? e.stopDate - e.startDate : null),
      String(e.eventCount),
      `${e.origin}${attempts(e)}${e.childCount ? ` · ${e.childCount} child${e.childCount === 1 ? '' : 'ren'}` : ''}`,
    ]);
    io.stdout(`${columns(['ID', 'STATUS', 'STATE MACHINE', 'NAME', 'STARTED', 'DURATION', 'EVENTS', 'ORIGIN'], rows)}\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
