import { parseVerbArgs } from '../args';
import { EXIT, UsageError } from '../errors';
import { VERB_HELP } from '../help';
import type { CliIo } from '../io';
import { findExecutionOrFail, openCliStore } from './storeAccess';

/** `stepscope rm <execution...>`: deletes executions with their events (and child executions). */
export async function rmCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseVerbArgs('rm', argv, { db: { type: 'string' } });
  if (args.flags.help) {
    io.stdout(VERB_HELP.rm);
    return EXIT.ok;
  }
  if (args.positionals.length === 0) throw new UsageError('Missing the execution to remove (an id, ARN or name from "stepscope list")', 'rm');
  const store = openCliStore(io, args.strings.db);
  try {
    // Resolve every name first, so that a typo removes nothing.
    const found = args.positionals.map((ref) => findExecutionOrFail(store, ref));
    store.deleteExecutions(found.map((e) => e.id));
    for (const e of found) io.stdout(`Removed execution ${e.id} (${e.name}, ${e.eventCount} events)\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
