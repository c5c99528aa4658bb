import { formatDiagnostic, isValid } from '../../../common/asl/validate';
import { parseVerbArgs } from '../args';
import { checkDefinitionFile, loadDefinition } from '../definitions';
import { readDataFile } from '../files';
import { checkMockFileShapes, loadMockConfig } from '../mocks';
import { fieldValidationOption } from './test';
import { EXIT, UsageError } from '../errors';
import { VERB_HELP } from '../help';
import type { CliIo } from '../io';

/** `stepscope validate <definition> [--type STANDARD|EXPRESS]`: prints every diagnostic; exit 0 when valid, 2 otherwise. */
export function validateCommand(argv: string[], io: CliIo): number {
  const args = parseVerbArgs('validate', argv, {
    type: { type: 'string' },
    'mock-config': { type: 'string' },
    'test-case': { type: 'string' },
    'state-machine': { type: 'string' },
    'field-validation': { type: 'string' },
  });
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
  const mockPath = args.strings['mock-config'];
  if (mockPath === undefined && (args.strings['test-case'] !== undefined || args.strings['field-validation'] !== undefined)) {
    throw new UsageError('--test-case and --field-validation need --mock-config', 'validate');
  }
  if (mockPath !== undefined) {
    // The mock config too: its form, then its responses against the services' output shapes.
    const config = loadMockConfig(io.cwd, mockPath);
    const file = readDataFile(io.cwd, mockPath, 'mock config');
    const { definition } = loadDefinition(io.cwd, path);
    const only: { stateMachine?: string; testCase?: string } = {};
    if (args.strings['state-machine'] !== undefined) only.stateMachine = args.strings['state-machine'];
    if (args.strings['test-case'] !== undefined) only.testCase = args.strings['test-case'];
    checkMockFileShapes(mockPath, file, config, definition, fieldValidationOption(args.strings['field-validation'], 'validate'), only);
    io.stdout(`${mockPath}: valid mock config\n`);
  }
  io.stdout(`${path}: valid${diagnostics.length > 0 ? ` (${diagnostics.length} warning${diagnostics.length === 1 ? '' : 's'})` : ''}\n`);
  return EXIT.ok;
}
