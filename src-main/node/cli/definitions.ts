import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULT_ARN_SCOPE, type ArnScope } from '../../common/arn';
import type { StateMachineDefinition } from '../../common/asl/types';
import { formatDiagnostic, isValid, validateDefinitionText, type Diagnostic } from '../../common/asl/validate';
import { openDefinition, type OpenedDefinition } from '../../common/documents/loadDocument';
import type { WorkflowType } from '../../common/engine/run';
import { noSuchFileMessage } from '../service/missingFile';
import { createS3FolderSource, s3RootProblem } from '../service/s3Folder';
import { CliError, UsageError } from './errors';
import { decodeText, readTextFile } from './files';
import { DEFINITION_LIMIT } from './inputs';

/** A definition file that parsed and validated. */
export interface LoadedDefinition {
  path: string;
  definition: StateMachineDefinition;
  /** The definition's text as run and stored: the file's own, or the one taken from a template. */
  definitionText: string;
  /** How the file was opened (template, state machine, made-up values). */
  opened: OpenedDefinition;
  /** Warnings, each formatted as `file:line:column: warning CODE: message (at /pointer)`. */
  warnings: string[];
}

/** How a definition file is opened: the template's state machine, the user's values, the S3 folder. */
export interface DefinitionFileOptions {
  /** `--state-machine`: a template's state machine (logical id or name). */
  stateMachine?: string;
  /** `--sub Name=value`, repeatable. */
  substitutions?: Record<string, string>;
  /** `--s3-root`: where a template's DefinitionS3Location is read. */
  s3Root?: string;
  /** Region and account of made-up ARNs. */
  scope?: ArnScope;
}

/** `--sub Name=value` options into a map; a malformed one is a usage error. */
export function parseSubstitutions(values: readonly string[], verb: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new UsageError(`--sub must be Name=value, not "${value}"`, verb);
    out[value.slice(0, eq).trim()] = value.slice(eq + 1);
  }
  return out;
}

/** `--type STANDARD|EXPRESS` (any case), or undefined when not given. */
export function parseType(text: string | undefined, verb: string): WorkflowType | undefined {
  if (text === undefined) return undefined;
  const type = text.toUpperCase();
  if (type !== 'STANDARD' && type !== 'EXPRESS') throw new UsageError(`--type must be STANDARD or EXPRESS, not "${text}"`, verb);
  return type;
}

/** `--region`/`--account` into the scope of made-up ARNs (default us-east-1, 111111111111). */
export function parseArnScope(region: string | undefined, account: string | undefined, verb: string): ArnScope {
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new UsageError(`--region must be a region such as us-east-1, not "${region}"`, verb);
  if (account !== undefined && !/^\d{12}$/.test(account)) throw new UsageError(`--account must be 12 digits, not "${account}"`, verb);
  return { region: region ?? DEFAULT_ARN_SCOPE.region, account: account ?? DEFAULT_ARN_SCOPE.account };
}

/** `--s3-root`: an existing folder, or a usage error naming it. */
export function checkS3Root(root: string | undefined, cwd: string, verb: string): string | undefined {
  if (root === undefined) return undefined;
  const problem = s3RootProblem(resolve(cwd, root));
  if (problem !== undefined) throw new UsageError(`--s3-root "${root}": ${problem}`, verb);
  return resolve(cwd, root);
}

/**
 * Opens a definition file as the user has it (ASL, SAM/CloudFormation/CDK template; the one loader,
 * common/documents/loadDocument): a file a template names is read from the template's folder. An
 * unreadable file, an ambiguous or missing state machine and a template problem are CliErrors (exit 2).
 */
export function openDefinitionFile(cwd: string, path: string, options: DefinitionFileOptions = {}): OpenedDefinition {
  return ensureOpened(path, openFile(cwd, path, options).opened);
}

/** The opened definition, or the CliError saying why the file gives none. */
function ensureOpened(path: string, opened: ReturnType<typeof openDefinition>): OpenedDefinition {
  if (!opened.ok) {
    if (opened.problem === 'ambiguous') {
      const list = opened.stateMachines.map((m) => `  ${m.logicalId}  ${m.resourceType}, ${m.type}${m.name !== undefined ? `, named ${m.name}` : ''}`);
      throw new CliError(`${path} has ${opened.stateMachines.length} state machines; choose one with --state-machine <LogicalId>:\n${list.join('\n')}`);
    }
    if (opened.problem === 'unreadable' && opened.diagnostics !== undefined) {
      throw new CliError(`Invalid definition ${path}:\n${opened.diagnostics.map((d) => formatDiagnostic({ ...d, file: d.file ?? path })).join('\n')}`);
    }
    throw new CliError(opened.message);
  }
  return opened;
}

/** The file's text and what the one loader makes of it (not thrown: see openDefinitionFile). */
function openFile(cwd: string, path: string, options: DefinitionFileOptions): { text: string; opened: ReturnType<typeof openDefinition> } {
  const text = readTextFile(cwd, path, 'definition', TEMPLATE_LIMIT);
  const folder = dirname(resolve(cwd, path));
  const s3 = options.s3Root !== undefined ? createS3FolderSource(options.s3Root) : undefined;
  const opened = openDefinition(text, path, {
    ...(options.stateMachine !== undefined ? { stateMachine: options.stateMachine } : {}),
    ...(options.substitutions !== undefined ? { substitutions: options.substitutions } : {}),
    ...(options.scope !== undefined ? { scope: options.scope } : {}),
    readRelative: (file) => {
      const full = resolve(folder, file);
      try {
        return decodeText(readFileSync(full), `"${file}"`);
      } catch (error) {
        if (error instanceof CliError) throw new Error(error.message);
        const code = (error as { code?: string }).code;
        throw new Error(code === 'ENOENT' ? noSuchFileMessage(full) : code === 'EISDIR' ? `it is a folder (${full})` : (code ?? String(error)));
      }
    },
    ...(s3 !== undefined ? { readS3Object: (bucket: string, key: string) => s3.get(bucket, key)?.body } : {}),
  });
  // A file that is the definition itself is held to AWS's 1 MB (refused, as before, with the limit's message).
  if ((!opened.ok && opened.problem === 'unreadable') || (opened.ok && opened.source === 'asl')) readTextFile(cwd, path, 'definition', DEFINITION_LIMIT);
  return { text, opened };
}

/**
 * A template may be larger than a definition (it holds other resources); the definition taken
 * from it is held to AWS's 1 MB when validated.
 */
const TEMPLATE_LIMIT = { bytes: 8 * 1_048_576, why: 'Stepscope reads definition and template files of at most 8 MB' };

/** The name diagnostics give the definition: the file, and the template's state machine when it came from one. */
export function definitionLabel(path: string, opened: OpenedDefinition): string {
  if (opened.asWritten) return path;
  return opened.chosen !== undefined ? `${path}#${opened.chosen.logicalId}` : `${path}#substituted`;
}

/** The stderr note listing the values the files did not give (made up), or '' when there are none. */
export function madeUpNote(path: string, opened: OpenedDefinition): string {
  const unused = opened.unusedSubstitutions.map((n) => `note: ${path}: --sub ${n} was not used: nothing in the files is named ${n}\n`).join('');
  if (opened.madeUp.length === 0) return unused;
  const lines = opened.madeUp.map((m) => `  ${m.name} = ${m.value}  (${m.what})`);
  return `${unused}note: ${path}: ${opened.madeUp.length} value${opened.madeUp.length === 1 ? '' : 's'} the files do not give ${opened.madeUp.length === 1 ? 'was' : 'were'} made up; give ${opened.madeUp.length === 1 ? 'it' : 'them'} with --sub Name=value:\n${lines.join('\n')}\n`;
}

/** Reads, parses (JSON or YAML, templates too) and validates a definition file; returns every diagnostic located. */
export function checkDefinitionFile(
  cwd: string,
  path: string,
  stateMachineType?: WorkflowType,
  options: DefinitionFileOptions = {},
): { diagnostics: Diagnostic[]; value?: unknown; opened?: OpenedDefinition; type: WorkflowType } {
  const file = openFile(cwd, path, options);
  if (!file.opened.ok && file.opened.problem === 'unreadable') {
    // Not JSON/YAML: every syntax error, located in the file, as the validator reports them.
    const type = stateMachineType ?? 'STANDARD';
    const result = validateDefinitionText(file.text, { fileName: path, stateMachineType: type });
    return { diagnostics: result.diagnostics, value: result.value, type };
  }
  const opened = ensureOpened(path, file.opened);
  const type = stateMachineType ?? opened.type ?? 'STANDARD';
  const result = validateDefinitionText(opened.definitionText, { fileName: definitionLabel(path, opened), stateMachineType: type });
  return { diagnostics: result.diagnostics, value: result.value, opened, type };
}

/**
 * Loads a definition for running. Throws a CliError listing every error (with file, line and
 * column) when it does not parse or validate.
 */
export function loadDefinition(cwd: string, path: string, options: DefinitionFileOptions & { type?: WorkflowType } = {}): LoadedDefinition & { type: WorkflowType } {
  const { diagnostics, value, opened, type } = checkDefinitionFile(cwd, path, options.type, options);
  if (!isValid(diagnostics) || value === undefined || opened === undefined) {
    const errors = diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    throw new CliError(`Invalid definition ${opened !== undefined ? definitionLabel(path, opened) : path}:\n${errors.join('\n')}`);
  }
  return {
    path,
    definition: value as StateMachineDefinition,
    definitionText: opened.definitionText,
    opened,
    type,
    warnings: diagnostics.filter((d) => d.severity !== 'error').map(formatDiagnostic),
  };
}
