import { basename, extname } from 'node:path';
import { runExecution } from '../../../common/engine/interpreter';
import type { Json } from '../../../common/json';
import { parseVerbArgs } from '../args';
import { loadDefinition } from '../definitions';
import { EXIT, UsageError } from '../errors';
import { parseDataText, readDataFile, writeJsonFile } from '../files';
import { VERB_HELP } from '../help';
import type { CliIo } from '../io';
import { createRunInvoker, loadMockConfig, NO_MOCKS_INVOKER, selectTestCase } from '../mocks';

/** True when an `--input` value is inline JSON rather than a file name. */
function looksLikeInlineJson(value: string): boolean {
  const trimmed = value.trim();
  return /^[{["\-0-9]/.test(trimmed) || trimmed === 'true' || trimmed === 'false' || trimmed === 'null';
}

function readInput(io: CliIo, value: string | undefined): Json {
  if (value === undefined) return {};
  if (looksLikeInlineJson(value)) {
    try {
      return JSON.parse(value) as Json;
    } catch {
      // Report it with a position through the JSON reader.
      return parseDataText(value, '--input', 'input').value;
    }
  }
  return readDataFile(io.cwd, value, 'input').value;
}

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
    'mock-config': { type: 'string' },
    'test-case': { type: 'string' },
    'state-machine': { type: 'string' },
    seed: { type: 'string' },
    history: { type: 'string' },
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
  const seed = parseSeed(args.strings.seed);
  const definitionPath = args.positionals[0];
  const loaded = loadDefinition(io.cwd, definitionPath);
  for (const warning of loaded.warnings) io.stderr(`${warning}\n`);
  const input = readInput(io, args.strings.input);

  let invoker = NO_MOCKS_INVOKER;
  let stateMachineName = args.strings['state-machine'] ?? nameFromPath(definitionPath);
  let executionName: string | undefined;
  if (mockPath !== undefined) {
    const config = loadMockConfig(io.cwd, mockPath);
    const chosen = selectTestCase(config, mockPath, args.strings['state-machine'], args.strings['test-case']);
    invoker = createRunInvoker(config, chosen.stateMachine, chosen.testCase);
    stateMachineName = chosen.stateMachine;
    executionName = chosen.testCase.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80) || undefined;
  }

  const result = await runExecution({
    definition: loaded.definition,
    input,
    invoker,
    seed,
    stateMachineName,
    ...(executionName !== undefined ? { executionName } : {}),
  });

  if (args.strings.history !== undefined) writeJsonFile(io.cwd, args.strings.history, result.events, 'history file');

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
