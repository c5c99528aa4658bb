import { formatDiagnostic, isValid } from '../../../common/asl/validate';
import { parseVerbArgs } from '../args';
import { checkDefinitionFile } from '../definitions';
import { EXIT, UsageError } from '../errors';
import { VERB_HELP } from '../help';
import type { CliIo } from '../io';

/** `stepscope validate <definition> [--type STANDARD|EXPRESS]`: prints every diagnostic; exit 0 when valid, 2 otherwise. */
export function validateCommand(argv: string[], io: CliIo): number {
  const args = parseVerbArgs('validate', argv, { type: { type: 'string' } });
  if (args.flags.help) {
    io.stdout(VERB_HELP.validate);
    return EXIT.ok;
  }
  if (args.positionals.length !== 1) {
    throw new UsageError(args.positionals.length === 0 ? 'Missing the definition file to validate' : `Expected one definition file, got ${args.positionals.length}`, 'validate');
  }
  const type = (args.strings.type ?? 'STANDARD').toUpperCase();
  if (type !== 'STANDARD' && type !== 'EXPRESS') throw new UsageError(`--type must be STANDARD or EXPRESS, not "${args.strings.type}"`, 'validate');
  const path = args.positionals[0];
  const { diagnostics } = checkDefinitionFile(io.cwd, path, type);
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  if (!isValid(diagnostics)) {
    const count = diagnostics.filter((d) => d.severity === 'error').length;
    io.stderr(`${path}: invalid (${count} error${count === 1 ? '' : 's'})\n`);
    return EXIT.usage;
  }
  io.stdout(`${path}: valid${diagnostics.length > 0 ? ` (${diagnostics.length} warning${diagnostics.length === 1 ? '' : 's'})` : ''}\n`);
  return EXIT.ok;
}
