import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { importLogsCommand } from './commands/importLogs';
import { listCommand } from './commands/list';
import { pullCommand } from './commands/pull';
import { replayCommand } from './commands/replay';
import { rmCommand } from './commands/rm';
import { runCommand } from './commands/run';
import { showCommand } from './commands/show';
import { serveCommand } from './commands/serve';
import { testCommand } from './commands/test';
import { validateCommand } from './commands/validate';
import { StoreBusyError, StoreOpenError, StoreReadOnlyError } from '../store';
import { CliError, EXIT, UsageError } from './errors';
import { MAIN_HELP } from './help';
import type { CliIo } from './io';

const VERBS: Record<string, (argv: string[], io: CliIo) => number | Promise<number>> = {
  validate: validateCommand,
  run: runCommand,
  test: testCommand,
  replay: replayCommand,
  serve: serveCommand,
  list: listCommand,
  show: showCommand,
  import: importCommand,
  export: exportCommand,
  rm: rmCommand,
  pull: pullCommand,
  'import-logs': importLogsCommand,
};

/**
 * Runs the `stepscope` command line and returns its exit code. Never throws: a CliError prints
 * its message (exit 2, or its own code), so does a store that is busy or not usable (exit 2),
 * anything else is an internal error (exit 3) printed
 * without a stack trace unless STEPSCOPE_DEBUG=1.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [verb, ...rest] = argv;
  try {
    if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
      if (verb === 'help' && rest[0] !== undefined && VERBS[rest[0]]) return await VERBS[rest[0]](['--help'], io);
      io.stdout(MAIN_HELP);
      return verb === undefined ? EXIT.usage : EXIT.ok;
    }
    if (verb === '--version' || verb === '-V') {
      io.stdout('stepscope 0.1.0\n');
      return EXIT.ok;
    }
    const command = Object.prototype.hasOwnProperty.call(VERBS, verb) ? VERBS[verb] : undefined;
    if (!command) throw new UsageError(`Unknown command "${verb}" (commands: ${Object.keys(VERBS).join(', ')})`);
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`stepscope${error.verb ? ` ${error.verb}` : ''}: ${error.message}\nRun "stepscope ${error.verb ? `${error.verb} ` : ''}--help" for usage.\n`);
      return error.exitCode;
    }
    if (error instanceof CliError) {
      io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    // The store is busy (another process writing), read-only or not one we can use: not a bug.
    if (error instanceof StoreBusyError || error instanceof StoreOpenError || error instanceof StoreReadOnlyError) {
      io.stderr(`${error.message}\n`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(
      `stepscope: internal error: ${message}\n` +
        'This is a bug in Stepscope. Please report it with the command you ran and its input files' +
        (io.env.STEPSCOPE_DEBUG === '1' ? '.\n' : ' (set STEPSCOPE_DEBUG=1 to see the stack trace).\n'),
    );
    if (io.env.STEPSCOPE_DEBUG === '1' && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return EXIT.internal;
  }
}
