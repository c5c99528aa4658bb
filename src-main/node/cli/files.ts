import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SourcePosition } from '../../common/asl/parseDefinition';
import { readDocument, syntaxName, type DocumentFormat } from '../../common/documents/loadDocument';
import type { Json } from '../../common/json';
import { CliError } from './errors';

/**
 * Reading and writing the CLI's files with one clear message per problem: a missing file, a
 * directory, a permission problem, or malformed JSON/YAML with its line and column.
 */

/** A JSON or YAML file read into a value, with a way to find where a JSON pointer sits in it. */
export interface DataFile {
  /** The path as the user wrote it (used in messages). */
  path: string;
  value: Json;
  /** How the file is written (see common/documents/loadDocument). */
  format: DocumentFormat;
  locate(pointer: string): SourcePosition | undefined;
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}

/** Reads a UTF-8 text file; `what` names it in the message ("definition", "mock config"). */
export function readTextFile(cwd: string, path: string, what: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${what} "${path}": ${describeFsError(error)}`);
  }
}

/** `file:line:column: message` (line and column when known). */
export function located(path: string, position: SourcePosition | undefined, message: string): string {
  return position ? `${path}:${position.line}:${position.column}: ${message}` : `${path}: ${message}`;
}

/** Parses JSON or YAML text with the one loader (common/documents), reporting syntax errors with their position. */
export function parseDataText(text: string, path: string, what: string): DataFile {
  if (text.trim() === '') throw new CliError(`Invalid ${what}: ${path} is empty`);
  const parsed = readDocument(text, path);
  if (!parsed.ok) {
    const lines = parsed.diagnostics.map((d) =>
      located(path, d.line !== undefined && d.column !== undefined ? { line: d.line, column: d.column } : undefined, d.message),
    );
    throw new CliError(`Invalid ${what}: ${path} is not valid ${syntaxName(path)}\n${lines.join('\n')}`);
  }
  return { path, value: parsed.value, format: parsed.format, locate: parsed.locate };
}

/** Reads and parses a JSON or YAML file. */
export function readDataFile(cwd: string, path: string, what: string): DataFile {
  return parseDataText(readTextFile(cwd, path, what), path, what);
}

/** Writes a value as pretty JSON, creating the parent folder. */
export function writeJsonFile(cwd: string, path: string, value: unknown, what: string): void {
  const full = resolve(cwd, path);
  try {
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, `${JSON.stringify(value, null, 2)}\n`);
  } catch (error) {
    throw new CliError(`Cannot write ${what} "${path}": ${describeFsError(error)}`);
  }
}
