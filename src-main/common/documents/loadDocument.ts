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
import { DEFAULT_ARN_SCOPE } from '../arn';
import type { WorkflowType } from '../engine/run';
import { hasCfnShortTags, parseCfnYaml } from './cfnYaml';
import { TemplateError } from './intrinsics';
import {
  extractDefinition,
  isSamTemplate,
  isTemplate,
  listStateMachines,
  pickStateMachine,
  placeholderLookup,
  substitutePlaceholders,
  substituteText,
  type MadeUpValue,
  type TemplateOptions,
  type TemplateStateMachine,
} from './templates';

export type { MadeUpValue, TemplateOptions, TemplateStateMachine } from './templates';

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

/** A definition opened from a file as the user has it ({@link openDefinition}). */
export interface OpenedDefinition {
  ok: true;
  /** An ASL file, or a SAM or CloudFormation template (CDK output is CloudFormation). */
  source: 'asl' | 'sam' | 'cloudformation';
  /**
   * The definition to validate and run: the file's own text for an ASL file without
   * placeholders (so diagnostics point into it), else the definition written as JSON.
   */
  definitionText: string;
  format: DocumentFormat;
  /** True when `definitionText` is the file's own text. */
  asWritten: boolean;
  /** A template's state machines (empty for an ASL file). */
  stateMachines: TemplateStateMachine[];
  /** The template's state machine that was opened. */
  chosen?: TemplateStateMachine;
  /** A name for ARNs: the template's name for the state machine, else its logical id. */
  stateMachineName?: string;
  /** The workflow type the template gives (SAM `Type`, CloudFormation `StateMachineType`). */
  type?: WorkflowType;
  /** Values the files do not give, made up; the user may give each by its name. */
  madeUp: MadeUpValue[];
  /** Names of `options.substitutions` nothing in the files asked for (a misspelt name, most likely). */
  unusedSubstitutions: string[];
}

/** A file that does not give a definition: why, and a template's state machines to choose from. */
export interface UnopenedDefinition {
  ok: false;
  /** unreadable: not JSON/YAML; ambiguous: several state machines and none chosen; notFound: the chosen one is not there; template: a problem in the template. */
  problem: 'unreadable' | 'ambiguous' | 'notFound' | 'template';
  /** The problem in one message naming the file (and the logical id and property for a template). */
  message: string;
  stateMachines: TemplateStateMachine[];
  /** A syntax error's diagnostics (unreadable). */
  diagnostics?: Diagnostic[];
  /** The file a template's DefinitionUri names, when no files could be read (give it with `files`). */
  needsFile?: string;
}

/** What {@link openDefinition} reads a file with. */
export type OpenDefinitionOptions = TemplateOptions;

/** A state machine as a list line: `Flow (AWS::Serverless::StateMachine, EXPRESS)`. */
export function describeStateMachine(machine: TemplateStateMachine): string {
  const named = machine.name !== undefined && machine.name !== machine.logicalId ? `, named ${machine.name}` : '';
  return `${machine.logicalId} (${machine.resourceType}, ${machine.type}${named})`;
}

/** A state machine name AWS accepts (1-80 of letters, digits, - and _), from a template's name or logical id. */
function safeMachineName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80) || 'StateMachine';
}

/** Reads a definition file (JSON/YAML), its `${Placeholders}` filled in; a string says what is wrong. */
function readDefinitionValue(text: string, name: string, lookup: (name: string) => string): Json | string {
  const read = readDocument(text, name);
  if (read.ok) return read.value;
  if (text.includes('${')) {
    // Placeholders outside strings (`"Seconds": ${Wait}`): the text is JSON once they are in.
    const again = readDocument(substituteText(text, lookup), name);
    if (again.ok) return again.value;
  }
  return read.message;
}

/**
 * Opens a state machine definition from a file as users have it — the one entry the CLI, the
 * service and the desktop app use for definitions: ASL JSON/YAML (with `${Placeholders}`), SAM
 * and CloudFormation templates in JSON or YAML (short tags such as `!Sub` included), CDK output.
 * A template with several state machines needs `options.stateMachine`; values the files do not
 * give are made up and listed in `madeUp`. Never throws for bad input.
 */
export function openDefinition(text: string, name: string, options: OpenDefinitionOptions = {}): OpenedDefinition | UnopenedDefinition {
  const used = new Set<string>();
  const given = trackedSubstitutions(options.substitutions ?? {}, used);
  const result = openWith(text, name, { ...options, substitutions: given });
  if (!result.ok) return result;
  return { ...result, unusedSubstitutions: Object.keys(options.substitutions ?? {}).filter((n) => !used.has(n)) };
}

/** The user's values, noting each name something asks for. */
function trackedSubstitutions(values: Readonly<Record<string, string>>, used: Set<string>): Readonly<Record<string, string>> {
  const note = (key: string | symbol) => {
    if (typeof key === 'string') used.add(key);
  };
  return new Proxy(values, {
    get: (target, key, receiver) => (note(key), Reflect.get(target, key, receiver)),
    has: (target, key) => (note(key), Reflect.has(target, key)),
    getOwnPropertyDescriptor: (target, key) => (note(key), Reflect.getOwnPropertyDescriptor(target, key)),
  });
}

type OpenResult = Omit<OpenedDefinition, 'unusedSubstitutions'> | UnopenedDefinition;

function openWith(text: string, name: string, options: OpenDefinitionOptions): OpenResult {
  const scope = options.scope ?? DEFAULT_ARN_SCOPE;
  const given = options.substitutions ?? {};
  const format = documentFormat(text, name);
  let value: Json;
  if (format === 'yaml' && hasCfnShortTags(withoutBom(text))) {
    const parsed = parseCfnYaml(withoutBom(text));
    if (!parsed.ok) {
      const where = parsed.line !== undefined ? ` (line ${parsed.line}, column ${parsed.column ?? 1})` : '';
      return { ok: false, problem: 'unreadable', message: `${name} is not valid YAML: ${parsed.message}${where}`, stateMachines: [] };
    }
    value = parsed.value;
  } else {
    const madeUp: MadeUpValue[] = [];
    const read = readDocument(text, name);
    if (!read.ok) {
      const value = text.includes('${') ? readDefinitionValue(text, name, placeholderLookup({}, given, scope, madeUp)) : read.message;
      if (typeof value === 'string') return { ok: false, problem: 'unreadable', message: `${name} ${read.message}`, stateMachines: [], diagnostics: read.diagnostics };
      return { ok: true, source: 'asl', definitionText: `${JSON.stringify(value, null, 2)}\n`, format: 'json', asWritten: false, stateMachines: [], madeUp };
    }
    value = read.value;
    if (!isTemplate(value)) {
      let replaced = false;
      const lookup = placeholderLookup({}, given, scope, madeUp);
      const substituted = substitutePlaceholders(value, (placeholder) => {
        replaced = true;
        return lookup(placeholder);
      });
      if (!replaced) return { ok: true, source: 'asl', definitionText: text, format: read.format, asWritten: true, stateMachines: [], madeUp };
      return { ok: true, source: 'asl', definitionText: `${JSON.stringify(substituted, null, 2)}\n`, format: 'json', asWritten: false, stateMachines: [], madeUp };
    }
  }
  if (!isTemplate(value)) {
    return { ok: false, problem: 'unreadable', message: `${name} is YAML with CloudFormation tags but not a template (it has no Resources)`, stateMachines: [] };
  }
  const stateMachines = listStateMachines(value);
  const picked = pickStateMachine(stateMachines, options.stateMachine);
  if ('problem' in picked) {
    const listing = stateMachines.map(describeStateMachine).join(', ');
    if (picked.problem === 'none') {
      return { ok: false, problem: 'template', message: `${name} is a template with no state machine (no AWS::Serverless::StateMachine or AWS::StepFunctions::StateMachine resource)`, stateMachines };
    }
    if (picked.problem === 'ambiguous') {
      return { ok: false, problem: 'ambiguous', message: `${name} has ${stateMachines.length} state machines; choose one by its logical id: ${listing}`, stateMachines };
    }
    return { ok: false, problem: 'notFound', message: `${name} has no state machine "${options.stateMachine ?? ''}"; it has ${listing}`, stateMachines };
  }
  let extracted;
  try {
    extracted = extractDefinition(value, picked, options, readDefinitionValue);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    const property = error.property.replace(`Resources.${picked.logicalId}.Properties.`, '').replace(`Resources.${picked.logicalId}.Properties`, '(its properties)');
    return { ok: false, problem: 'template', message: `${name}: state machine ${picked.logicalId} (${picked.resourceType}), ${property}: ${error.message}`, stateMachines, ...(error.needsFile !== undefined ? { needsFile: error.needsFile } : {}) };
  }
  return {
    ok: true,
    source: isSamTemplate(value) ? 'sam' : 'cloudformation',
    definitionText: `${JSON.stringify(extracted.definition, null, 2)}\n`,
    format: 'json',
    asWritten: false,
    stateMachines,
    chosen: picked,
    stateMachineName: safeMachineName(picked.name ?? extracted.computedName ?? picked.logicalId),
    type: picked.type,
    madeUp: extracted.madeUp,
  };
}
