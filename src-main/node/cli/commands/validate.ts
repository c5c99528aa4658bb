import { formatDiagnostic, isValid } from '../../../common/asl/validate';
import { parseVerbArgs } from '../args';
import { checkDefinitionFile, checkS3Root, loadDefinition, madeUpNote, parseArnScope, parseSubstitutions, parseType, type DefinitionFileOptions } from '../definitions';
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
    sub: { type: 'string', multiple: true },
    's3-root': { type: 'string' },
    region: { type: 'string' },
    account: { type: 'string' },
  });
  if (args.flags.help) {
    io.stdout(VERB_HELP.validate);
    return EXIT.ok;
  }
  if (args.positionals.length !== 1) {
    throw new UsageError(args.positionals.length === 0 ? 'Missing the definition file to validate' : `Expected one definition file, got ${args.positionals.length}`, 'validate');
  }
  // Default: the type a template gives its state machine, else STANDARD.
  const type = parseType(args.strings.type, 'validate');
  const s3Root = checkS3Root(args.strings['s3-root'], io.cwd, 'validate');
  const path = args.positionals[0];
  const openOptions: DefinitionFileOptions = {
    ...(args.strings['state-machine'] !== undefined ? { stateMachine: args.strings['state-machine'] } : {}),
    substitutions: parseSubstitutions(args.lists.sub, 'validate'),
    scope: parseArnScope(args.strings.region, args.strings.account, 'validate'),
    ...(s3Root !== undefined ? { s3Root } : {}),
  };
  const { diagnostics, opened } = checkDefinitionFile(io.cwd, path, type, openOptions);
  if (opened !== undefined) io.stderr(madeUpNote(path, opened));
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
    const { definition } = loadDefinition(io.cwd, path, { ...openOptions, ...(type !== undefined ? { type } : {}) });
    const only: { stateMachine?: string; testCase?: string } = {};
    // For a template, --state-machine names its state machine: the mock config's is keyed by that, its name or its logical id.
    const mockMachine =
      opened?.chosen !== undefined
        ? [args.strings['state-machine'], opened.stateMachineName, opened.chosen.logicalId].find((n) => n !== undefined && config.stateMachines.has(n))
        : args.strings['state-machine'];
    if (mockMachine !== undefined) only.stateMachine = mockMachine;
    if (args.strings['test-case'] !== undefined) only.testCase = args.strings['test-case'];
    checkMockFileShapes(mockPath, file, config, definition, fieldValidationOption(args.strings['field-validation'], 'validate'), only);
    io.stdout(`${mockPath}: valid mock config\n`);
  }
  io.stdout(`${path}: valid${diagnostics.length > 0 ? ` (${diagnostics.length} warning${diagnostics.length === 1 ? '' : 's'})` : ''}\n`);
  return EXIT.ok;
}
