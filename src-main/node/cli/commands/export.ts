import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseVerbArgs } from '../args';
import { CliError, EXIT, UsageError } from '../errors';
import { VERB_HELP } from '../help';
import type { CliIo } from '../io';
import { findExecutionOrFail, openCliStore } from './storeAccess';

/**
 * `stepscope export <execution> [--bundle] [-o file]`: the history in GetExecutionHistory's JSON
 * shape (re-importable), or a self-contained bundle that `stepscope run` and `import` accept.
 */
export async function exportCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseVerbArgs('export', argv, { db: { type: 'string' }, bundle: { type: 'boolean' }, output: { type: 'string', short: 'o' } });
  if (args.flags.help) {
    io.stdout(VERB_HELP.export);
    return EXIT.ok;
  }
  if (args.positionals.length !== 1) {
    throw new UsageError(args.positionals.length === 0 ? 'Missing the execution to export (an id, ARN or name from "stepscope list")' : 'Export one execution at a time', 'export');
  }
  const store = openCliStore(io, args.strings.db, { reading: true, mustExist: true });
  try {
    const execution = findExecutionOrFail(store, args.positionals[0]);
    const value = args.flags.bundle ? store.exportBundle(execution.id) : store.exportHistory(execution.id);
    const text = `${JSON.stringify(value, null, 2)}\n`;
    const out = args.strings.output;
    if (out === undefined || out === '-') io.stdout(text);
    else {
      try {
        writeFileSync(resolve(io.cwd, out), text);
      } catch (error) {
        throw new CliError(`Cannot write "${out}": ${(error as { code?: string }).code ?? String(error)}`);
      }
      io.stderr(`Exported execution ${execution.id} (${execution.eventCount} events) to ${out}\n`);
    }
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
