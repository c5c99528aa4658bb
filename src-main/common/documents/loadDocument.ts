/**
 * The one loader of the files a user hands Stepscope (definitions, histories, bundles, mock
 * configs), used by the CLI, the service and the desktop app alike, so that a file one of them
 * accepts, the others accept too. One policy:
 *  - a UTF-8 byte-order mark is not part of the text (editors on Windows write one);
 *  - a file named `.yaml`/`.yml` is YAML; a `.json` file (or inline JSON) is JSON only; any other
 *    is read as JSON first (fast, for large histories), and when that fails by the definition
 *    reader, which takes JSON when the text starts with `{` or `[` and YAML otherwise, and says
 *    where a syntax error is;
 *  - what a file holds is told from its content, never from its name (see {@link documentKind}).
 */
import { parseDefinitionText, type Diagnostic, type SourcePosition } from '../asl/parseDefinition';
import { classifyImportDocument, type ImportDocument, type ImportResult } from '../history/historyImport';
import { isJsonObject, type Json } from '../json';
import { parseMockConfig } from '../mocks/mockConfig';

/** How a document is written. */
export type DocumentFormat = 'json' | 'yaml';

/** What a file holds, as the desktop app opens it. */
export type DocumentKind = 'definition' | 'history' | 'bundle' | 'mocks';

/** A document read into a value. */
export interface LoadedDocument {
  ok: true;
  value: Json;
  format: DocumentFormat;
  /** Where the value at an RFC 6901 pointer starts in the text (found on first use). */
  locate(pointer: string): SourcePosition | undefined;
}

/** A document that is not valid JSON or YAML: every syntax error, with its line and column. */
export interface UnreadableDocument {
  ok: false;
  diagnostics: Diagnostic[];
  /** "is not valid JSON: <first problem> (line L, column C)", to follow the file's name. */
  message: string;
}

/** True when a file's name says it is YAML. */
export function isYamlName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/** The text without a leading UTF-8 byte-order mark. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** How a document is written: YAML when its name says so, else JSON when it starts with `{` or `[`, else YAML. */
export function documentFormat(text: string, name?: string): DocumentFormat {
  if (name !== undefined && isYamlName(name)) return 'yaml';
  return /^\s*[{[]/.test(withoutBom(text)) ? 'json' : 'yaml';
}

/** The syntax a file of this name is expected in, for messages ("is not valid JSON"). */
export function syntaxName(name: string): 'JSON' | 'YAML' | 'JSON or YAML' {
  if (/\.json$/i.test(name) || name.startsWith('--')) return 'JSON';
  if (isYamlName(name)) return 'YAML';
  return 'JSON or YAML';
}

/**
 * JSON-only text that is not JSON, with its problem located: text that starts as an object or
 * array goes to the locating reader (under a .json name, so it never falls back to YAML); other
 * text (a scalar, or not JSON at all) is read as JSON alone, in AWS's wording.
 */
function parseJsonOnly(text: string, name: string): ReturnType<typeof parseDefinitionText> {
  if (/^\uFEFF?\s*[{[]/.test(text)) return parseDefinitionText(text, /\.json$/i.test(name) ? name : `${name}.json`);
  return parseDefinitionText(text, name, { format: 'json' });
}

/**
 * Reads a document's text (see the policy above); never throws for bad input. A `.json` file, or
 * any text when `options.json` is set (inline JSON on a command line), is JSON only: text that is
 * not JSON is an error with its position, never read as a YAML string (issue #18 item 9: random
 * or NUL bytes in a .json file became a string input).
 */
export function readDocument(text: string, name: string, options: { json?: boolean } = {}): LoadedDocument | UnreadableDocument {
  const yamlNamed = isYamlName(name);
  const jsonOnly = options.json === true || /\.json$/i.test(name);
  if (!yamlNamed) {
    let value: Json | undefined;
    try {
      value = JSON.parse(withoutBom(text)) as Json;
    } catch {
      // Not JSON: the reader below tries YAML and says where the problem is.
    }
    if (value !== undefined) {
      let located: ((pointer: string) => SourcePosition | undefined) | undefined;
      return {
        ok: true,
        value,
        format: 'json',
        locate: (pointer) => {
          if (located === undefined) {
            const parsed = parseDefinitionText(text, name);
            located = parsed.ok ? parsed.locate : () => undefined;
          }
          return located(pointer);
        },
      };
    }
  }
  const parsed = jsonOnly ? parseJsonOnly(text, name) : parseDefinitionText(text, name);
  if (parsed.ok) return { ok: true, value: parsed.value, format: yamlNamed ? 'yaml' : parsed.format, locate: parsed.locate };
  const [first] = parsed.diagnostics;
  const where = first?.line !== undefined && first.column !== undefined ? ` (line ${first.line}, column ${first.column})` : '';
  return { ok: false, diagnostics: parsed.diagnostics, message: `is not valid ${syntaxName(name)}: ${first?.message ?? 'it is empty'}${where}` };
}

/**
 * Reads a file handed to an import (`executions.import`, `stepscope import`) and says what it is
 * (history page, describe-execution output, definition, bundle, conformance case), or every
 * problem with it.
 */
export function readImportDocument(text: string, name: string): ImportResult<ImportDocument> {
  const read = readDocument(text, name);
  if (!read.ok) return { ok: false, problems: [{ source: name, message: read.message }] };
  return classifyImportDocument(read.value, name, text, read.format);
}

/**
 * What a document holds: a Stepscope bundle, a history (get-execution-history or
 * describe-execution output, a bare event list, a conformance case), a mock config (a valid
 * MockConfigFile, or an object with both of its top-level fields), else a definition.
 */
export function documentKind(value: Json, name: string, text: string): DocumentKind {
  if (parseMockConfig(value).ok) return 'mocks';
  if (isJsonObject(value) && 'StateMachines' in value && 'MockedResponses' in value) return 'mocks';
  const classified = classifyImportDocument(value, name, text);
  if (!classified.ok) return 'definition';
  switch (classified.value.kind) {
    case 'bundle':
      return 'bundle';
    case 'historyPage':
    case 'describeExecution':
    case 'conformanceCase':
      return 'history';
    case 'definition':
    case 'describeStateMachine':
      return 'definition';
  }
}

/**
 * What a file holds, from its name and text ({@link documentKind}); a file that does not parse is
 * a definition, so that the editor shows its diagnostics.
 */
export function sniffDocument(name: string, text: string): DocumentKind {
  const read = readDocument(text, name);
  return read.ok ? documentKind(read.value, name, text) : 'definition';
}
