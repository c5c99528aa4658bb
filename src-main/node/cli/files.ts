import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

/** A size limit of {@link readTextFile}: at most `bytes`, because of `why` (AWS's quota). */
export interface SizeLimit {
  bytes: number;
  /** Ends the message: "AWS accepts definitions of at most 1 MB". */
  why: string;
}

/**
 * Checks that `path` is a regular file (not a directory, FIFO, socket or device: reading a FIFO
 * would wait for a writer for ever) and, when `limit` is given, not larger than it, before anything
 * is read. Returns the file's size.
 */
export function checkRegularFile(cwd: string, path: string, what: string, limit?: SizeLimit): number {
  let stat;
  try {
    stat = statSync(resolve(cwd, path));
  } catch (error) {
    throw new CliError(`Cannot read ${what} "${path}": ${describeFsError(error)}`);
  }
  if (stat.isDirectory()) throw new CliError(`Cannot read ${what} "${path}": it is a directory`);
  if (!stat.isFile()) {
    const kind = stat.isFIFO() ? 'a FIFO (named pipe)' : stat.isSocket() ? 'a socket' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : 'not a regular file';
    throw new CliError(`Cannot read ${what} "${path}": it is ${kind}; only regular files are read`);
  }
  if (limit !== undefined && stat.size > limit.bytes) {
    throw new CliError(`${capitalised(what)} "${path}" is too large: ${formatBytes(stat.size)}, and ${limit.why} (${formatBytes(limit.bytes)})`);
  }
  return stat.size;
}

/**
 * Reads a text file strictly as UTF-8 (a byte-order mark is dropped); `what` names it in messages
 * ("definition", "mock config"). Only regular files are read, `limit` is checked before reading,
 * and a byte sequence that is not UTF-8, or a NUL byte, is reported with its byte offset: such a
 * file is not text, and is never turned into a string in silence.
 */
export function readTextFile(cwd: string, path: string, what: string, limit?: SizeLimit): string {
  checkRegularFile(cwd, path, what, limit);
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(cwd, path));
  } catch (error) {
    throw new CliError(`Cannot read ${what} "${path}": ${describeFsError(error)}`);
  }
  return decodeText(bytes, `${what} "${path}"`);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 strictly; `subject` names the bytes in the message ('input "a.json"'). */
export function decodeText(bytes: Uint8Array, subject: string): string {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new CliError(`Cannot read ${subject}: it is not UTF-8 text (byte 0x${bytes[at].toString(16).padStart(2, '0')} at byte offset ${at})`);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new CliError(`Cannot read ${subject}: it is not a text file (a NUL byte at byte offset ${nul})`);
  return text;
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return Math.max(0, bytes.length - 1);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A size as "1,048,576 bytes". */
export function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} bytes`;
}

/** `file:line:column: message` (line and column when known). */
export function located(path: string, position: SourcePosition | undefined, message: string): string {
  return position ? `${path}:${position.line}:${position.column}: ${message}` : `${path}: ${message}`;
}

/**
 * Parses JSON or YAML text with the one loader (common/documents), reporting syntax errors with
 * their position. A `.json` file, or `json: true` (inline JSON), is JSON only: text that is not
 * JSON is an error, never a YAML string.
 */
export function parseDataText(text: string, path: string, what: string, options: { json?: boolean } = {}): DataFile {
  if (text.trim() === '') throw new CliError(`Invalid ${what}: ${path} is empty`);
  const parsed = readDocument(text, path, options);
  if (!parsed.ok) {
    const lines = parsed.diagnostics.map((d) =>
      located(path, d.line !== undefined && d.column !== undefined ? { line: d.line, column: d.column } : undefined, d.message),
    );
    throw new CliError(`Invalid ${what}: ${path} is not valid ${syntaxName(path)}\n${lines.join('\n')}`);
  }
  return { path, value: parsed.value, format: parsed.format, locate: parsed.locate };
}

/** Reads and parses a JSON or YAML file (see {@link readTextFile} and {@link parseDataText}). */
export function readDataFile(cwd: string, path: string, what: string, limit?: SizeLimit): DataFile {
  return parseDataText(readTextFile(cwd, path, what, limit), path, what);
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

/** Writes text, creating the parent folder. */
export function writeTextFile(cwd: string, path: string, text: string, what: string): void {
  const full = resolve(cwd, path);
  try {
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  } catch (error) {
    throw new CliError(`Cannot write ${what} "${path}": ${describeFsError(error)}`);
  }
}

/** A path given on the command line, resolved: whether it is a folder. Throws CliError when it does not exist. */
export function statGivenPath(cwd: string, path: string): { full: string; isDir: boolean } {
  const full = resolve(cwd, path);
  try {
    return { full, isDir: statSync(full).isDirectory() };
  } catch {
    throw new CliError(`Cannot read "${path}": no such file or folder`);
  }
}

/**
 * The files under a folder given on the command line (`path`, resolved as `full`), searched
 * recursively in name order, that `accept` takes; folders `skipDir` names are not entered.
 * Throws CliError naming the folder when it cannot be read.
 */
export function filesUnder(full: string, path: string, accept: (name: string) => boolean, skipDir: (name: string) => boolean = () => false): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = resolve(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skipDir(entry.name)) walk(child);
      } else if (entry.isFile() && accept(entry.name)) found.push(child);
    }
  };
  try {
    walk(full);
  } catch (error) {
    throw new CliError(`Cannot read folder "${path}": ${(error as { code?: string }).code ?? String(error)}`);
  }
  return found;
}
