import { checkExecutionInput } from '../../common/engine/executionInput';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AWS_QUOTAS } from '../../common/engine/run';
import type { Json } from '../../common/json';
import { CliError, UsageError } from './errors';
import { formatBytes, parseDataText, readDataFile, type SizeLimit } from './files';

/**
 * AWS's limit on a state machine definition: "Maximum size of state machine definition: 1 MB",
 * a hard quota (Step Functions Developer Guide, Service quotas, "Quotas related to accounts").
 */
export const DEFINITION_LIMIT: SizeLimit = { bytes: 1_048_576, why: 'AWS accepts state machine definitions of at most 1 MB' };

/**
 * AWS's limit on an execution's input: 256 KiB of UTF-8 (Service quotas, "Maximum input or output
 * size for a task, state, or execution"); StartExecution refuses a larger input, so `run` does too,
 * before running.
 */
export const INPUT_LIMIT: SizeLimit = { bytes: AWS_QUOTAS.payloadBytes === false ? 262_144 : AWS_QUOTAS.payloadBytes, why: 'AWS accepts execution inputs of at most 256 KiB' };

/**
 * The execution input of `run`, by one documented rule (no guessing from the first character):
 * - `--input <value>`: when `value` names an existing file (relative to the working folder), that
 *   file, read as JSON or YAML (`.json` files as JSON only); otherwise `value` itself as inline JSON.
 *   A file always wins: `--input 1-valid.json` reads the file when there is one.
 * - `--input-json <text>`: `text` as inline JSON, never a file name.
 * The input may be at most 256 KiB (files are checked before they are read). Returns undefined when
 * neither option is given.
 */
export function readExecutionInput(cwd: string, options: { input?: string; inputJson?: string }): Json | undefined {
  const { input, inputJson } = options;
  if (input !== undefined && inputJson !== undefined) throw new UsageError('Give the input once: --input <file|json> or --input-json <json>', 'run');
  let value: Json;
  if (inputJson !== undefined) value = parseInlineJson(inputJson, '--input-json');
  else if (input === undefined) return undefined;
  else if (input !== '' && existsSync(resolve(cwd, input))) value = readDataFile(cwd, input, 'input', INPUT_LIMIT).value;
  else value = parseInlineJson(input, '--input', true);
  refuseInvalidExecutionInput(value);
  return value;
}

/**
 * Refuses, in one line (exit 2), an execution input StartExecution would refuse: over 256 KiB as
 * JSON text, or nested too deeply to be JSON text (checked without recursion, engine/executionInput).
 */
export function refuseInvalidExecutionInput(value: Json): void {
  const check = checkExecutionInput(value, INPUT_LIMIT.bytes);
  if (!check.ok) throw new CliError(`stepscope run: AWS would refuse this execution input (InvalidExecutionInput): ${check.message}`);
}

/** Inline JSON of an option; `orFile`: the value could also have been a file name (--input). */
function parseInlineJson(text: string, option: string, orFile = false): Json {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > INPUT_LIMIT.bytes) throw new CliError(`${option} is too large: ${formatBytes(size)}, and ${INPUT_LIMIT.why} (${formatBytes(INPUT_LIMIT.bytes)})`);
  try {
    return JSON.parse(text) as Json;
  } catch {
    if (orFile && !/^\s*[[{"]/.test(text)) {
      // Neither an existing file nor JSON: most likely a file name with a typo.
      throw new CliError(`Cannot read input "${text}": no such file, and it is not inline JSON either (use --input-json for inline JSON)`);
    }
    // Report it with a position through the JSON reader.
    return parseDataText(text, option, 'input', { json: true }).value;
  }
}
