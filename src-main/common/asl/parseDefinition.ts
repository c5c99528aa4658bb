import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { Json, JsonObject } from '../json';
import { MAX_NESTING_DEPTH, NESTING_TOO_DEEP_MESSAGE } from './validation/depth';
import { toPointer, type PathSegment } from './validation/pointer';

/**
 * Reading a state machine definition from text (JSON or YAML) while remembering where every value
 * sits, so that validation diagnostics — which carry JSON pointers — can be shown at a line and
 * column of the file the user wrote.
 */

/**
 * One problem found in a definition. `pointer` is an RFC 6901 JSON pointer to the offending value
 * (`""` is the whole document); `line`/`column` (1-based) are filled in when the text is known.
 * `code` is AWS's diagnostic code where AWS has one (`SCHEMA_VALIDATION_FAILED`,
 * `MISSING_TRANSITION_TARGET`, ...) and the `message` is AWS's wording where known.
 */
export interface Diagnostic {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  pointer: string;
  line?: number;
  column?: number;
  file?: string;
  /**
   * The `location` AWS's ValidateStateMachineDefinition reports for this problem, in AWS's notation
   * (`/States/A/Choices[0]/Next`). Absent when AWS reports the problem without a location
   * (`MISSING_END_STATE`) or when the problem is one AWS does not report.
   */
  awsLocation?: string;
}

/** A 1-based line and column in the source text. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** The outcome of `parseDefinitionText`. */
export type ParseResult =
  | {
      ok: true;
      value: Json;
      /** Which syntax the text was read as. */
      format: 'json' | 'yaml';
      /** Where the value at an RFC 6901 pointer starts in the text, or undefined if there is none. */
      locate(pointer: string): SourcePosition | undefined;
      /** Non-fatal findings (duplicate keys, trailing content) as warnings. */
      warnings: Diagnostic[];
    }
  | { ok: false; diagnostics: Diagnostic[] };

/** Options of `parseDefinitionText`. */
export interface ParseOptions {
  /**
   * `auto` (default): JSON when the text starts with `{` or `[`, YAML otherwise. `json`: JSON only,
   * as AWS reads a definition; syntax errors are then worded as AWS (Jackson) words them.
   */
  format?: 'auto' | 'json';
}

/** The message AWS gives for a definition that is empty or not a JSON object. */
export const NOT_AN_OBJECT_MESSAGE = 'Definition must be a valid JSON object';

/**
 * Parses a definition written as JSON or YAML (detected from the first character) and returns the
 * value with a `locate` function mapping JSON pointers to source positions, or syntax-error
 * diagnostics with a line and column. Never throws for bad input.
 */
export function parseDefinitionText(text: string, fileName?: string, options: ParseOptions = {}): ParseResult {
  const withFile = (d: Diagnostic): Diagnostic => (fileName === undefined ? d : { ...d, file: fileName });
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Positions are counted in the text after a byte-order mark, as editors show them.
  const offsetShift = 0;
  if (body.trim() === '') {
    return {
      ok: false,
      diagnostics: [withFile({ severity: 'error', code: 'SCHEMA_VALIDATION_FAILED', message: NOT_AN_OBJECT_MESSAGE, pointer: '' })],
    };
  }
  const lines = new LineIndex(body);
  const first = body.trimStart()[0];
  const looksJson = first === '{' || first === '[';
  if (options.format === 'json' || looksJson) {
    const scanner = new JsonScanner(body);
    const outcome = scanner.run();
    if (outcome.ok) {
      const offsets = scanner.offsets;
      const warnings = scanner.warnings.map((w) =>
        withFile({ severity: 'warning', code: w.code, message: w.message, pointer: w.pointer, ...lines.position(w.offset + offsetShift) }),
      );
      return {
        ok: true,
        value: outcome.value,
        format: 'json',
        warnings,
        locate: (pointer) => {
          const at = offsets.get(pointer);
          return at === undefined ? undefined : lines.position(at + offsetShift);
        },
      };
    }
    // A YAML flow mapping (`{StartAt: A, ...}`) also starts with a brace: try YAML before giving up.
    if (options.format !== 'json' && !(fileName ?? '').toLowerCase().endsWith('.json')) {
      const yaml = parseYaml(body, offsetShift, lines, withFile);
      if (yaml.ok) return yaml;
    }
    const err = outcome.error;
    const pos = lines.position(err.offset + offsetShift);
    if (options.format === 'json') {
      // AWS reports Jackson's wording, and Jackson's location text as the diagnostic location.
      const message = jacksonMessage(err, body, pos);
      const awsLocation = jacksonLocation(body, pos);
      return {
        ok: false,
        diagnostics: [withFile({ severity: 'error', code: 'INVALID_JSON_DESCRIPTION', message, pointer: '', ...pos, awsLocation })],
      };
    }
    return {
      ok: false,
      diagnostics: [withFile({ severity: 'error', code: 'INVALID_JSON_DESCRIPTION', message: err.message, pointer: '', ...pos })],
    };
  }
  return parseYaml(body, offsetShift, lines, withFile);
}

// ---------------------------------------------------------------------------------------------
// Positions

/** Maps character offsets to 1-based line/column. */
class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }
  position(offset: number): SourcePosition {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

// ---------------------------------------------------------------------------------------------
// YAML

function parseYaml(
  body: string,
  offsetShift: number,
  lines: LineIndex,
  withFile: (d: Diagnostic) => Diagnostic,
): ParseResult {
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(body, { lineCounter: new LineCounter(), uniqueKeys: false, prettyErrors: false });
  } catch {
    // The yaml library recurses per nesting level: a pathologically deep document can overflow
    // the stack inside it.
    return {
      ok: false,
      diagnostics: [withFile({ severity: 'error', code: 'INVALID_YAML_DESCRIPTION', message: NESTING_TOO_DEEP_MESSAGE, pointer: '', ...lines.position(0) })],
    };
  }
  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: doc.errors.map((e) =>
        withFile({
          severity: 'error',
          code: 'INVALID_YAML_DESCRIPTION',
          message: /call stack/i.test(e.message) ? NESTING_TOO_DEEP_MESSAGE : cleanYamlMessage(e.message),
          pointer: '',
          ...lines.position(e.pos[0] + offsetShift),
        }),
      ),
    };
  }
  const offsets = new Map<string, number>();
  const warnings: Diagnostic[] = [];
  let value: Json;
  try {
    value = yamlToJson(doc.contents as YamlNode | null, [], offsets, warnings, lines, offsetShift);
  } catch (e) {
    const message = e instanceof YamlShapeError ? e.message : 'The YAML document cannot be read as JSON';
    const at = e instanceof YamlShapeError ? e.offset : 0;
    return {
      ok: false,
      diagnostics: [withFile({ severity: 'error', code: 'INVALID_YAML_DESCRIPTION', message, pointer: '', ...lines.position(at + offsetShift) })],
    };
  }
  return {
    ok: true,
    value,
    format: 'yaml',
    warnings: warnings.map(withFile),
    locate: (pointer) => {
      const at = offsets.get(pointer);
      return at === undefined ? undefined : lines.position(at + offsetShift);
    },
  };
}

class YamlShapeError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** The yaml library appends " at line L, column C" and a code excerpt; keep the sentence only. */
function cleanYamlMessage(message: string): string {
  const firstLine = message.split('\n')[0];
  return firstLine.replace(/ at line \d+, column \d+:?$/, '');
}

/** Converts a YAML node to JSON, recording where each value starts. */
function yamlToJson(
  node: YamlNode | null,
  path: PathSegment[],
  offsets: Map<string, number>,
  warnings: Diagnostic[],
  lines: LineIndex,
  offsetShift: number,
): Json {
  if (node === null || node === undefined) return null;
  const start = node.range ? node.range[0] : 0;
  if (path.length >= MAX_NESTING_DEPTH && (isMap(node) || isSeq(node))) throw new YamlShapeError(NESTING_TOO_DEEP_MESSAGE, start);
  offsets.set(toPointer(path), start);
  if (isMap(node)) {
    const out: JsonObject = {};
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      let key: string;
      if (keyNode === null || keyNode === undefined) key = '';
      else if (isScalar(keyNode)) key = String(keyNode.value);
      else {
        const at = keyNode.range ? keyNode.range[0] : start;
        throw new YamlShapeError('Only string keys can be used in a state machine definition', at);
      }
      const childPath = [...path, key];
      const pointer = toPointer(childPath);
      if (Object.prototype.hasOwnProperty.call(out, key)) {
        const at = keyNode?.range ? keyNode.range[0] : start;
        warnings.push({
          severity: 'warning',
          code: 'DUPLICATE_KEY',
          message: `Duplicate key '${key}': the last value is used`,
          pointer,
          ...lines.position(at + offsetShift),
        });
      }
      const valueNode = pair.value as YamlNode | null;
      let child: Json;
      if (valueNode === null || valueNode === undefined) {
        // `Key:` with nothing after it: the value is null and sits where the key is.
        offsets.set(pointer, keyNode?.range ? keyNode.range[0] : start);
        child = null;
      } else child = yamlToJson(valueNode, childPath, offsets, warnings, lines, offsetShift);
      setMember(out, key, child);
    }
    return out;
  }
  if (isSeq(node)) {
    const out: Json[] = [];
    node.items.forEach((item, i) => {
      out.push(yamlToJson(item as YamlNode | null, [...path, i], offsets, warnings, lines, offsetShift));
    });
    return out;
  }
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new YamlShapeError('Infinity and NaN are not JSON numbers', start);
      return v;
    }
    if (typeof v === 'bigint') return Number(v);
    return String(v);
  }
  // Aliases and anything else: resolve through the library.
  throw new YamlShapeError('YAML aliases and tags are not supported in a state machine definition', start);
}

function setMember(obj: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

// ---------------------------------------------------------------------------------------------
// JSON

/** A JSON syntax error, with enough structure to word it as Jackson (AWS's parser) would. */
interface JsonSyntaxError {
  kind:
    | 'unrecognized-token'
    | 'unexpected-char-value'
    | 'unexpected-char-key'
    | 'unexpected-char-colon'
    | 'unexpected-char-object-comma'
    | 'unexpected-char-array-comma'
    | 'eof'
    | 'bad-string'
    | 'bad-number'
    | 'too-deep';
  /** Offset of the error (for Jackson: just after the offending token). */
  offset: number;
  message: string;
  token?: string;
  /** For `eof`: the kind and offset of the open container. */
  container?: { kind: 'Object' | 'Array'; offset: number };
}

interface ScanWarning {
  code: string;
  message: string;
  pointer: string;
  offset: number;
}

class JsonFail {
  constructor(readonly error: JsonSyntaxError) {}
}

/** A small recursive-descent JSON reader that records where every value starts. */
class JsonScanner {
  pos = 0;
  readonly offsets = new Map<string, number>();
  readonly warnings: ScanWarning[] = [];

  constructor(readonly text: string) {}

  run(): { ok: true; value: Json } | { ok: false; error: JsonSyntaxError } {
    try {
      this.skipWs();
      const value = this.value([], null);
      this.skipWs();
      if (this.pos < this.text.length) {
        this.warnings.push({
          code: 'TRAILING_CONTENT',
          message: 'Content after the end of the JSON value is ignored',
          pointer: '',
          offset: this.pos,
        });
      }
      return { ok: true, value };
    } catch (e) {
      if (e instanceof JsonFail) return { ok: false, error: e.error };
      throw e;
    }
  }

  private fail(error: JsonSyntaxError): never {
    throw new JsonFail(error);
  }

  private skipWs(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else break;
    }
  }

  private eof(container: { kind: 'Object' | 'Array'; offset: number } | null): never {
    this.fail({
      kind: 'eof',
      offset: this.pos,
      message: container ? `Unexpected end of input: the ${container.kind === 'Object' ? 'object' : 'array'} is not closed` : 'Unexpected end of input',
      container: container ?? undefined,
    });
  }

  private value(path: PathSegment[], container: { kind: 'Object' | 'Array'; offset: number } | null): Json {
    const t = this.text;
    if (this.pos >= t.length) this.eof(container);
    this.offsets.set(toPointer(path), this.pos);
    const ch = t[this.pos];
    if (ch === '{') return this.object(path);
    if (ch === '[') return this.array(path);
    if (ch === '"') return this.string();
    if (ch === '-' || (ch >= '0' && ch <= '9')) return this.number();
    const m = /^[A-Za-z0-9_$]+/.exec(t.slice(this.pos, this.pos + 256));
    if (m) {
      const word = m[0];
      if (word === 'true' || word === 'false' || word === 'null') {
        this.pos += word.length;
        return word === 'null' ? null : word === 'true';
      }
      this.fail({
        kind: 'unrecognized-token',
        offset: this.pos + word.length,
        token: word,
        message: `Unrecognized token '${word}': expected a JSON value (string, number, object, array, true, false or null)`,
      });
    }
    this.fail({
      kind: 'unexpected-char-value',
      offset: this.pos,
      token: ch,
      message: `Unexpected character '${ch}': expected a JSON value`,
    });
  }

  /** Fails when a container opened at the current position would be nested too deeply. */
  private enter(path: PathSegment[]): void {
    if (path.length >= MAX_NESTING_DEPTH) {
      // Jackson's default limit (AWS's parser); the wording is ours.
      this.fail({ kind: 'too-deep', offset: this.pos, message: NESTING_TOO_DEEP_MESSAGE });
    }
  }

  private object(path: PathSegment[]): JsonObject {
    this.enter(path);
    const t = this.text;
    const container = { kind: 'Object' as const, offset: this.pos };
    this.pos++;
    const out: JsonObject = {};
    this.skipWs();
    if (t[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      if (this.pos >= t.length) this.eof(container);
      if (t[this.pos] !== '"') {
        this.fail({
          kind: 'unexpected-char-key',
          offset: this.pos,
          token: t[this.pos],
          message: `Unexpected character '${t[this.pos]}': expected a double-quoted property name`,
        });
      }
      const keyAt = this.pos;
      const key = this.string();
      this.skipWs();
      if (this.pos >= t.length) this.eof(container);
      if (t[this.pos] !== ':') {
        this.fail({
          kind: 'unexpected-char-colon',
          offset: this.pos,
          token: t[this.pos],
          message: `Unexpected character '${t[this.pos]}': expected ':' after the property name`,
        });
      }
      this.pos++;
      this.skipWs();
      const childPath = [...path, key];
      if (Object.prototype.hasOwnProperty.call(out, key)) {
        this.warnings.push({
          code: 'DUPLICATE_KEY',
          message: `Duplicate key '${key}': the last value is used`,
          pointer: toPointer(childPath),
          offset: keyAt,
        });
      }
      setMember(out, key, this.value(childPath, container));
      this.skipWs();
      if (this.pos >= t.length) this.eof(container);
      const c = t[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        return out;
      }
      this.fail({
        kind: 'unexpected-char-object-comma',
        offset: this.pos,
        token: c,
        message: `Unexpected character '${c}': expected ',' or '}' after the property value`,
      });
    }
  }

  private array(path: PathSegment[]): Json[] {
    this.enter(path);
    const t = this.text;
    const container = { kind: 'Array' as const, offset: this.pos };
    this.pos++;
    const out: Json[] = [];
    this.skipWs();
    if (t[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      out.push(this.value([...path, out.length], container));
      this.skipWs();
      if (this.pos >= t.length) this.eof(container);
      const c = t[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        return out;
      }
      this.fail({
        kind: 'unexpected-char-array-comma',
        offset: this.pos,
        token: c,
        message: `Unexpected character '${c}': expected ',' or ']' after the array element`,
      });
    }
  }

  private string(): string {
    const t = this.text;
    const start = this.pos;
    this.pos++;
    let out = '';
    let chunk = this.pos;
    for (;;) {
      if (this.pos >= t.length) {
        this.fail({ kind: 'eof', offset: this.pos, message: 'Unterminated string', container: undefined });
      }
      const c = t.charCodeAt(this.pos);
      if (c === 34) {
        out += t.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c === 92) {
        out += t.slice(chunk, this.pos);
        const e = t[this.pos + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          this.pos += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(this.pos + 2, this.pos + 6))) {
          out += String.fromCharCode(Number.parseInt(t.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
        } else {
          this.fail({ kind: 'bad-string', offset: this.pos, message: `Invalid escape sequence in string starting at offset ${start}` });
        }
        chunk = this.pos;
        continue;
      }
      if (c < 32) {
        this.fail({ kind: 'bad-string', offset: this.pos, message: 'Unescaped control character in string' });
      }
      this.pos++;
    }
  }

  private number(): number {
    const t = this.text;
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(t.slice(this.pos, this.pos + 400));
    if (!m) this.fail({ kind: 'bad-number', offset: this.pos, message: 'Invalid number' });
    const after = t[this.pos + m[0].length];
    if (after !== undefined && /[0-9A-Za-z.]/.test(after)) {
      this.fail({ kind: 'bad-number', offset: this.pos + m[0].length, message: `Invalid number '${m[0]}${after}'` });
    }
    this.pos += m[0].length;
    return Number(m[0]);
  }
}

/**
 * Words a JSON syntax error as Jackson (the parser behind AWS's CreateStateMachine and
 * ValidateStateMachineDefinition) does, including its `[Source: ...; line: L, column: C]` suffix.
 * Recorded case: validation/test_validate_state_machine_definition_not_a_definition__NOT_A_DEF.
 */
function jacksonMessage(err: JsonSyntaxError, text: string, pos: SourcePosition): string {
  const source = jacksonLocation(text, pos);
  const charDesc = (c: string | undefined): string => (c === undefined ? '' : `'${c}' (code ${c.charCodeAt(0)})`);
  let head: string;
  switch (err.kind) {
    case 'unrecognized-token':
      head = `Unrecognized token '${err.token}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`;
      break;
    case 'unexpected-char-value':
      head = `Unexpected character (${charDesc(err.token)}): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`;
      break;
    case 'unexpected-char-key':
      head = `Unexpected character (${charDesc(err.token)}): was expecting double-quote to start field name`;
      break;
    case 'unexpected-char-colon':
      head = `Unexpected character (${charDesc(err.token)}): was expecting a colon to separate field name and value`;
      break;
    case 'unexpected-char-object-comma':
      head = `Unexpected character (${charDesc(err.token)}): was expecting comma to separate Object entries`;
      break;
    case 'unexpected-char-array-comma':
      head = `Unexpected character (${charDesc(err.token)}): was expecting comma to separate Array entries`;
      break;
    case 'eof':
      head = err.container
        ? `Unexpected end-of-input: expected close marker for ${err.container.kind}`
        : 'Unexpected end-of-input';
      break;
    default:
      head = err.message;
  }
  return `${head}\n at ${source}`;
}

/** Jackson's `[Source: (String)"..."; line: L, column: C]` location text. */
export function jacksonLocation(text: string, pos: SourcePosition): string {
  const limit = 500;
  const shown = text.length > limit ? `"${text.slice(0, limit)}"[truncated ${text.length - limit} chars]` : `"${text}"`;
  return `[Source: (String)${shown}; line: ${pos.line}, column: ${pos.column}]`;
}
