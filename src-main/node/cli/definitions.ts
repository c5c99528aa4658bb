import type { StateMachineDefinition } from '../../common/asl/types';
import { formatDiagnostic, isValid, validateDefinitionText, type Diagnostic } from '../../common/asl/validate';
import { CliError } from './errors';
import { readTextFile } from './files';
import { DEFINITION_LIMIT } from './inputs';

/** A definition file that parsed and validated. */
export interface LoadedDefinition {
  path: string;
  definition: StateMachineDefinition;
  /** Warnings, each formatted as `file:line:column: warning CODE: message (at /pointer)`. */
  warnings: string[];
}

/** Reads, parses (JSON or YAML) and validates a definition file; returns every diagnostic located. */
export function checkDefinitionFile(
  cwd: string,
  path: string,
  stateMachineType: 'STANDARD' | 'EXPRESS' = 'STANDARD',
): { diagnostics: Diagnostic[]; value?: unknown } {
  const text = readTextFile(cwd, path, 'definition', DEFINITION_LIMIT);
  const result = validateDefinitionText(text, { fileName: path, stateMachineType });
  return { diagnostics: result.diagnostics, value: result.value };
}

/**
 * Loads a definition for running. Throws a CliError listing every error (with file, line and
 * column) when it does not parse or validate.
 */
export function loadDefinition(cwd: string, path: string): LoadedDefinition {
  const { diagnostics, value } = checkDefinitionFile(cwd, path);
  if (!isValid(diagnostics) || value === undefined) {
    const errors = diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    throw new CliError(`Invalid definition ${path}:\n${errors.join('\n')}`);
  }
  return {
    path,
    definition: value as StateMachineDefinition,
    warnings: diagnostics.filter((d) => d.severity !== 'error').map(formatDiagnostic),
  };
}
