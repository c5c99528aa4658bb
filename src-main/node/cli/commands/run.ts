import { closeSync, openSync, readSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { StateMachineDefinition } from '../../../common/asl/types';
import { formatDiagnostic, isValid, validateDefinition } from '../../../common/asl/validate';
import { documentFormat, readDocument } from '../../../common/documents/loadDocument';
import { isJsonObject, type Json } from '../../../common/json';
import { parseMockConfig } from '../../../common/mocks/mockConfig';
import type { GeneratedAnswer } from '../../../common/mocks/generateResponse';
import { recordLocalRun } from '../../service/localRun';
import { parseVerbArgs } from '../args';
import { checkS3Root, loadDefinition, madeUpNote, parseArnScope, parseSubstitutions, parseType } from '../definitions';
import { createS3FolderSource } from '../../service/s3Folder';
import type { OpenedDefinition } from '../../../common/documents/loadDocument';
import type { WorkflowType } from '../../../common/engine/run';
import { CliError, EXIT, UsageError } from '../errors';
import { checkRegularFile, readDataFile, readTextFile, writeJsonFile } from '../files';
import { DEFINITION_LIMIT, readExecutionInput, refuseInvalidExecutionInput } from '../inputs';
import { VERB_HELP } from '../help';
import type { CliIo } from '../io';
import { checkMockFileShapes, createRunInvoker, loadMockConfig, NO_MOCKS, NO_MOCKS_INVOKER, selectTestCase } from '../mocks';
import type { PortableInvoker } from '../../service/runOffThread';
import { fieldValidationOption } from './test';
import type { DataFile } from '../files';
import { openCliStore } from './storeAccess';

function parseSeed(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^-?\d+$/.test(text.trim())) throw new UsageError(`--seed must be an integer, not "${text}"`, 'run');
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed is too large: ${text}`, 'run');
  return seed;
}

/** A state machine name AWS accepts (1-80 of letters, digits, - and _), from a file name. */
function nameFromPath(path: string): string {
  const base = basename(path, extname(path)).replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
  return base === '' ? 'StateMachine' : base;
}

/**
 * `stepscope run <definition> ...`: runs the state machine on a virtual clock. Prints the output
 * (SUCCEEDED, exit 0) or the error and cause (exit 1); bad usage or input exits 2.
 */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseVerbArgs('run', argv, {
    input: { type: 'string' },
    'input-json': { type: 'string' },
    'mock-config': { type: 'string' },
    'test-case': { type: 'string' },
    'state-machine': { type: 'string' },
    seed: { type: 'string' },
    history: { type: 'string' },
    db: { type: 'string' },
    'no-store': { type: 'boolean' },
    'strict-mocks': { type: 'boolean' },
    'field-validation': { type: 'string' },
    type: { type: 'string' },
    sub: { type: 'string', multiple: true },
    's3-root': { type: 'string' },
    region: { type: 'string' },
    account: { type: 'string' },
  });
  if (args.flags.help) {
    io.stdout(VERB_HELP.run);
    return EXIT.ok;
  }
  if (args.positionals.length !== 1) {
    throw new UsageError(args.positionals.length === 0 ? 'Missing the definition file to run' : `Expected one definition file, got ${args.positionals.length}`, 'run');
  }
  const mockPath = args.strings['mock-config'];
  if (mockPath === undefined && args.strings['test-case'] !== undefined) {
    throw new UsageError('--test-case needs --mock-config', 'run');
  }
  const definitionPath = args.positionals[0];
  const typeOption = parseType(args.strings.type, 'run');
  const substitutions = parseSubstitutions(args.lists.sub, 'run');
  const scope = parseArnScope(args.strings.region, args.strings.account, 'run');
  const s3Root = checkS3Root(args.strings['s3-root'], io.cwd, 'run');
  const bundle = readBundle(io, definitionPath);
  if (bundle && mockPath !== undefined) throw new UsageError('A bundle brings its own mock config: leave out --mock-config', 'run');
  const seed = args.strings.seed === undefined && bundle?.seed !== undefined ? bundle.seed : parseSeed(args.strings.seed);
  let definition: StateMachineDefinition;
  let definitionText: string;
  let opened: OpenedDefinition | undefined;
  let type: WorkflowType = typeOption ?? 'STANDARD';
  if (bundle) {
    definition = bundle.definition;
    definitionText = bundle.definitionText;
  } else {
    // The one loader: ASL, or a SAM/CloudFormation/CDK template (its state machine by --state-machine).
    const loaded = loadDefinition(io.cwd, definitionPath, {
      ...(args.strings['state-machine'] !== undefined ? { stateMachine: args.strings['state-machine'] } : {}),
      substitutions,
      scope,
      ...(s3Root !== undefined ? { s3Root } : {}),
      ...(typeOption !== undefined ? { type: typeOption } : {}),
    });
    io.stderr(madeUpNote(definitionPath, loaded.opened));
    for (const warning of loaded.warnings) io.stderr(`${warning}\n`);
    definition = loaded.definition;
    definitionText = loaded.definitionText;
    opened = loaded.opened;
    type = loaded.type;
  }
  const given = readExecutionInput(io.cwd, {
    ...(args.strings.input !== undefined ? { input: args.strings.input } : {}),
    ...(args.strings['input-json'] !== undefined ? { inputJson: args.strings['input-json'] } : {}),
  });
  const input: Json = given ?? bundle?.input ?? {};

  let invoker = NO_MOCKS_INVOKER;
  let portableInvoker: PortableInvoker = NO_MOCKS;
  // A template's state machine is named as the template names it (else its logical id).
  const fromTemplate = opened?.chosen !== undefined ? opened.stateMachineName : undefined;
  let stateMachineName = fromTemplate ?? args.strings['state-machine'] ?? bundle?.stateMachineName ?? nameFromPath(definitionPath);
  let executionName: string | undefined;
  let mockContent: Json | undefined;
  let testCase: string | undefined;
  if (mockPath !== undefined || bundle?.mockConfig) {
    let config;
    let mockFile: DataFile | undefined;
    if (bundle?.mockConfig) {
      const parsed = parseMockConfig(bundle.mockConfig);
      if (!parsed.ok) throw new CliError(`Invalid mock config in bundle ${definitionPath}:\n${parsed.diagnostics.map((d) => `${d.message} (at /mockConfig${d.pointer})`).join('\n')}`);
      config = parsed.config;
      mockContent = bundle.mockConfig;
    } else {
      config = loadMockConfig(io.cwd, mockPath as string);
      mockFile = readDataFile(io.cwd, mockPath as string, 'mock config');
      mockContent = mockFile.value;
    }
    // For a template, --state-machine names its state machine; the mock config's may be keyed by that, its name, or be the only one.
    const mockMachine =
      opened?.chosen !== undefined
        ? [args.strings['state-machine'], opened.stateMachineName, opened.chosen.logicalId].find((n) => n !== undefined && config.stateMachines.has(n))
        : args.strings['state-machine'];
    const chosen = selectTestCase(config, mockPath ?? definitionPath, mockMachine, args.strings['test-case'] ?? bundle?.testCase);
    // With --field-validation, the test case's responses must fit the services' shapes as TestState
    // checks mocks; without it none are checked, as Step Functions Local does not.
    if (args.strings['field-validation'] !== undefined) {
      checkMockFileShapes(mockPath ?? `${definitionPath}#/mockConfig`, mockFile, config, definition, fieldValidationOption(args.strings['field-validation'], 'run'), chosen);
    }
    invoker = createRunInvoker(config, chosen.stateMachine, chosen.testCase);
    portableInvoker = { kind: 'mocks', config: mockContent as Json, stateMachine: chosen.stateMachine, testCase: chosen.testCase };
    stateMachineName = bundle?.stateMachineName ?? fromTemplate ?? chosen.stateMachine;
    testCase = chosen.testCase;
    executionName = chosen.testCase.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80) || undefined;
  }
  if (bundle) executionName = args.strings['test-case'] === undefined ? bundle.executionName : executionName;

  // The one launch-and-record path of the service (service/localRun): the same ARNs, stored
  // fields, child executions and outcome whoever runs the execution.
  // StartExecution's InvalidExecutionInput (a bundle's input too): refused before anything is stored.
  refuseInvalidExecutionInput(input);
  const store = args.flags['no-store'] ? undefined : openCliStore(io, args.strings.db);
  let outcome;
  try {
    outcome = await recordLocalRun(
      store,
      {
        definition,
        definitionText,
        definitionFormat: bundle ? bundle.definitionFormat : opened?.asWritten === false ? 'json' : documentFormat(definitionText, definitionPath),
        definitionSourcePath: definitionPath,
        input,
        invoker,
        portableInvoker,
        seed,
        startTime: Date.UTC(2024, 0, 1),
        stateMachineName,
        ...(executionName !== undefined ? { name: executionName } : {}),
        ...(type === 'EXPRESS' ? { type } : {}),
        ...(s3Root !== undefined ? { s3Source: createS3FolderSource(s3Root) } : {}),
        ...(mockContent !== undefined && testCase !== undefined ? { mocks: { config: mockContent, testCase, ...(mockPath !== undefined ? { sourcePath: mockPath } : {}) } } : {}),
        // A Task nothing answers gets a response shaped like the service's, unless --strict-mocks.
        generateMissing: !args.flags['strict-mocks'],
      },
      // On the CLI's own thread, not a worker (service/runOffThread.ts, which the service uses): the
      // CLI's thread serves nothing else (its recorder flushes on the engine's own progress), and a
      // worker would load the engine a second time, ~180 ms of the command's cold start. Same history.
      { collectEvents: args.strings.history !== undefined, arnScope: scope },
    );
  } finally {
    await store?.close();
  }
  // A crash is a bug in Stepscope: recorded as INTERRUPTED (see interruptedByCrash), then reported as an internal error.
  if (outcome.kind === 'crashed') throw outcome.error;
  const result = outcome.result;

  if (args.strings.history !== undefined) writeJsonFile(io.cwd, args.strings.history, result.events, 'history file');
  if (outcome.generated !== undefined && outcome.generated.length > 0) io.stderr(describeGenerated(outcome.generated));

  if (result.status === 'SUCCEEDED') {
    io.stdout(`${JSON.stringify(result.output ?? null, null, 2)}\n`);
    return EXIT.ok;
  }
  const lines = [`Execution ${result.status}`];
  if (result.error !== undefined) lines.push(`Error: ${result.error}`);
  if (result.cause !== undefined) lines.push(`Cause: ${result.cause}`);
  io.stderr(`${lines.join('\n')}\n`);
  return EXIT.failed;
}

/** The run summary's list of the Tasks answered by generated responses (stderr: stdout stays the output). */
export function describeGenerated(answered: readonly GeneratedAnswer[]): string {
  const lines = answered.map((a) => `  ${a.stateName} (invocation ${a.invocationIndex}): ${a.source}`);
  return `Generated responses (no mock) answered ${answered.length} Task invocation${answered.length === 1 ? '' : 's'}:\n${lines.join('\n')}\n`;
}

/** What `run` takes from a bundle written by `stepscope export --bundle`. */
interface RunBundle {
  definition: StateMachineDefinition;
  definitionText: string;
  definitionFormat: 'json' | 'yaml';
  input: Json;
  seed?: number;
  mockConfig: Json | null;
  testCase?: string;
  stateMachineName: string;
  executionName?: string;
}

/** Reads `path` as a bundle when it is one (a JSON object with "stepscopeBundle"); undefined otherwise. */
function readBundle(io: CliIo, path: string): RunBundle | undefined {
  if (!/\.json$/i.test(path)) return undefined;
  const size = checkRegularFile(io.cwd, path, 'definition');
  // A bundle may be larger than a definition may (it holds a history): a file past the definition
  // limit is read whole only when it starts as a bundle does ("stepscopeBundle" first).
  if (size > DEFINITION_LIMIT.bytes && !startsAsBundle(io.cwd, path)) return undefined;
  // The one loader (common/documents): a bundle saved with a byte-order mark is still a bundle.
  const read = readDocument(readTextFile(io.cwd, path, 'definition'), path);
  if (!read.ok) return undefined;
  const value = read.value;
  if (!isJsonObject(value) || value.stepscopeBundle === undefined) return undefined;
  const definition = value.definition;
  const execution = isJsonObject(value.execution) ? value.execution : {};
  if (!isJsonObject(definition)) throw new CliError(`Invalid bundle ${path}: it has no definition`);
  const diagnostics = validateDefinition(definition);
  if (!isValid(diagnostics)) {
    throw new CliError(`Invalid definition in bundle ${path}:\n${diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n')}`);
  }
  let input: Json = {};
  if (typeof execution.input === 'string') {
    try {
      input = JSON.parse(execution.input) as Json;
    } catch {
      throw new CliError(`Invalid bundle ${path}: execution.input is not JSON text`);
    }
  }
  const text = typeof value.definitionText === 'string' ? value.definitionText : JSON.stringify(definition, null, 2);
  return {
    definition: definition as unknown as StateMachineDefinition,
    definitionText: text,
    definitionFormat: value.definitionFormat === 'yaml' && typeof value.definitionText === 'string' ? 'yaml' : 'json',
    input,
    ...(typeof execution.seed === 'number' ? { seed: execution.seed } : {}),
    mockConfig: value.mockConfig ?? null,
    ...(typeof execution.testCase === 'string' ? { testCase: execution.testCase } : {}),
    stateMachineName: typeof execution.stateMachineName === 'string' ? execution.stateMachineName : nameFromPath(path),
    ...(typeof execution.name === 'string' ? { executionName: execution.name } : {}),
  };
}

/** True when the file's first 4 KiB hold the "stepscopeBundle" key (export writes it first). */
function startsAsBundle(cwd: string, path: string): boolean {
  const head = Buffer.alloc(4096);
  let fd: number | undefined;
  try {
    fd = openSync(resolve(cwd, path), 'r');
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).toString('latin1').includes('"stepscopeBundle"');
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
