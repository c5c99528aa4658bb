import type { Json, JsonObject } from '../json';

/**
 * The syntax of JSONPath as Step Functions accepts it. AWS evaluates JSONPath with Jayway JsonPath
 * (Developer Guide, "Paths": "Paths follow JsonPath syntax"), so this parser follows Jayway's
 * grammar: dot and bracket notation, wildcards, slices, unions, recursive descent and filter
 * expressions. A path is compiled once into a list of steps; evaluation lives in
 * `engine/dataflow/jsonPath.ts`. The syntax sits in asl/ because definition validation
 * (`validation/paths.ts`) parses the same paths without evaluating them.
 */

/** One step of a compiled path. */
export type PathStep =
  | { readonly kind: 'property'; readonly name: string }
  | { readonly kind: 'properties'; readonly names: readonly string[] }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'indexes'; readonly indexes: readonly number[] }
  | { readonly kind: 'slice'; readonly from: number | null; readonly to: number | null }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'scan'; readonly step: PathStep }
  | { readonly kind: 'filter'; readonly predicate: FilterExpr }
  | { readonly kind: 'function'; readonly name: string };

/** Relational operators of Jayway filter expressions. */
export type RelationalOperator =
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '=~'
  | 'in'
  | 'nin'
  | 'subsetof'
  | 'anyof'
  | 'noneof'
  | 'size'
  | 'empty'
  | 'contains';

/** An operand in a filter expression: a path (`@...` or `$...`), a literal or a regex. */
export type FilterOperand =
  | { readonly kind: 'path'; readonly path: CompiledPath }
  | { readonly kind: 'value'; readonly value: Json }
  | { readonly kind: 'regex'; readonly regex: RegExp };

/** A parsed filter expression (the inside of `[?( ... )]`). */
export type FilterExpr =
  | { readonly kind: 'or'; readonly left: FilterExpr; readonly right: FilterExpr }
  | { readonly kind: 'and'; readonly left: FilterExpr; readonly right: FilterExpr }
  | { readonly kind: 'not'; readonly operand: FilterExpr }
  | { readonly kind: 'exists'; readonly path: CompiledPath }
  | { readonly kind: 'constant'; readonly value: boolean }
  | {
      readonly kind: 'compare';
      readonly op: RelationalOperator;
      readonly left: FilterOperand;
      readonly right: FilterOperand;
    };

/** A compiled JSONPath. */
export interface CompiledPath {
  /** The path as written. */
  readonly text: string;
  /** `$` (the document), `$$` (the Context object) or `@` (the current item, inside filters). */
  readonly root: '$' | '$$' | '@';
  readonly steps: readonly PathStep[];
  /**
   * True when the path can only ever address one node (Jayway's "definite path"): no wildcard,
   * slice, union of indexes, filter or recursive descent. A definite path reads a single value;
   * an indefinite one reads the list of its matches.
   */
  readonly definite: boolean;
  /** True when every step is a single property or a single index: the fast path. */
  readonly simple: boolean;
}

/** Thrown by `parsePath` for text that is not a JSONPath. */
export class PathSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathSyntaxError';
  }
}

/**
 * Compiles a JSONPath. Throws PathSyntaxError (with Jayway-like wording) when the text is not a
 * path. Callers normally go through the cache in `jsonPath.ts` rather than calling this directly.
 */
export function parsePath(text: string): CompiledPath {
  const parser = new PathParser(text, 0, false);
  const path = parser.parsePathAt();
  parser.skipSpaces();
  if (parser.pos < text.length) {
    throw new PathSyntaxError(`Could not parse token starting at position ${parser.pos}. Expected ?, ', 0-9, * `);
  }
  return path;
}

/** Jayway's canonical text of one step, as it appears in its error messages (`['a']`, `[0]`). */
export function stepToString(step: PathStep): string {
  switch (step.kind) {
    case 'property':
      return `['${step.name}']`;
    case 'properties':
      return `[${step.names.map((n) => `'${n}'`).join(', ')}]`;
    case 'index':
      return `[${step.index}]`;
    case 'indexes':
      return `[${step.indexes.join(',')}]`;
    case 'slice':
      if (step.from === null) return `[:${step.to}]`;
      if (step.to === null) return `[${step.from}:]`;
      return `[${step.from}:${step.to}]`;
    case 'wildcard':
      return '[*]';
    case 'scan':
      return `..${stepToString(step.step)}`;
    case 'filter':
      return '[?]';
    case 'function':
      return `.${step.name}()`;
  }
}

/** Jayway's canonical text of a path's first `count` steps (`$['a'][0]`). */
export function pathPrefixToString(path: CompiledPath, count: number): string {
  let out = path.root === '@' ? '@' : '$';
  for (let i = 0; i < count && i < path.steps.length; i++) out += stepToString(path.steps[i]);
  return out;
}

const SPACE = /\s/;

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && SPACE.test(ch);
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** Characters that end an unquoted property name inside a filter expression. */
const FILTER_NAME_STOP = new Set([' ', '\t', '\n', '\r', '.', '[', '(', ')', '=', '!', '<', '>', '&', '|', ',', ']', '~']);
/** Characters that end an unquoted property name at the top level (Jayway stops at these). */
const TOP_NAME_STOP = new Set([' ', '\t', '\n', '\r', '.', '[', '(']);

class PathParser {
  constructor(
    readonly text: string,
    public pos: number,
    readonly inFilter: boolean,
  ) {}

  fail(message?: string): never {
    throw new PathSyntaxError(message ?? `Could not parse token starting at position ${this.pos}. Expected ?, ', 0-9, * `);
  }

  skipSpaces(): void {
    while (isSpace(this.text[this.pos])) this.pos++;
  }

  /** Parses a whole path starting at `pos` (root then steps). */
  parsePathAt(): CompiledPath {
    const start = this.pos;
    const t = this.text;
    let root: CompiledPath['root'];
    if (t.startsWith('$$', this.pos)) {
      root = '$$';
      this.pos += 2;
    } else if (t[this.pos] === '$') {
      root = '$';
      this.pos += 1;
    } else if (t[this.pos] === '@' && this.inFilter) {
      root = '@';
      this.pos += 1;
    } else {
      this.fail("Path must start with '$' or '@'");
    }
    const steps: PathStep[] = [];
    for (;;) {
      const ch = t[this.pos];
      if (ch === '.') {
        if (t[this.pos + 1] === '.') {
          this.pos += 2;
          const inner = this.parseAfterScan();
          steps.push({ kind: 'scan', step: inner });
        } else {
          this.pos += 1;
          steps.push(this.parseDotStep());
        }
      } else if (ch === '[') {
        steps.push(this.parseBracket());
      } else {
        break;
      }
    }
    const text = t.slice(start, this.pos);
    if (text.endsWith('.')) this.fail("Path must not end with a '.' or '..'");
    let definite = true;
    let simple = true;
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i];
      if (s.kind !== 'property' && s.kind !== 'index') simple = false;
      if (s.kind !== 'property' && s.kind !== 'index' && s.kind !== 'properties' && s.kind !== 'function') definite = false;
    }
    return { text, root, steps, definite, simple };
  }

  parseAfterScan(): PathStep {
    const ch = this.text[this.pos];
    if (ch === '[') return this.parseBracket();
    if (ch === undefined || ch === '.') this.fail("Path must not end with a '.' or '..'");
    return this.parseDotStep();
  }

  parseDotStep(): PathStep {
    const t = this.text;
    if (t[this.pos] === '*') {
      this.pos++;
      return { kind: 'wildcard' };
    }
    if (t[this.pos] === '[') return this.parseBracket();
    const stop = this.inFilter ? FILTER_NAME_STOP : TOP_NAME_STOP;
    const start = this.pos;
    while (this.pos < t.length && !stop.has(t[this.pos])) this.pos++;
    const name = t.slice(start, this.pos);
    if (name.length === 0) this.fail("Path must not end with a '.' or '..'");
    if (t[this.pos] === '(') {
      // A Jayway function such as length() or sum(). AWS does not support them in paths.
      const close = t.indexOf(')', this.pos);
      if (close < 0) this.fail(`Function of path ${name} is not closed`);
      this.pos = close + 1;
      return { kind: 'function', name };
    }
    return { kind: 'property', name };
  }

  parseBracket(): PathStep {
    const t = this.text;
    this.pos++; // '['
    this.skipSpaces();
    const ch = t[this.pos];
    let step: PathStep;
    if (ch === '*') {
      this.pos++;
      step = { kind: 'wildcard' };
    } else if (ch === '?') {
      this.pos++;
      this.skipSpaces();
      if (t[this.pos] !== '(') this.fail();
      this.pos++;
      const fp = new FilterParser(this.text, this.pos);
      const predicate = fp.parseOr();
      fp.skipSpaces();
      if (t[fp.pos] !== ')') this.fail(`Filter must end with ')' at position ${fp.pos}`);
      this.pos = fp.pos + 1;
      step = { kind: 'filter', predicate };
    } else if (ch === "'" || ch === '"') {
      const names: string[] = [];
      for (;;) {
        this.skipSpaces();
        const q = t[this.pos];
        if (q !== "'" && q !== '"') this.fail();
        // Jayway (the version AWS runs) keeps escapes in bracket names verbatim: a backslash only
        // stops the next character from closing the name (conformance case
        // scenarios/test_escape_sequence_parsing__ESCAPE_SEQUENCES_JSONPATH).
        names.push(readQuoted(this, q, true));
        this.skipSpaces();
        if (t[this.pos] === ',') {
          this.pos++;
          continue;
        }
        break;
      }
      step = names.length === 1 ? { kind: 'property', name: names[0] } : { kind: 'properties', names };
    } else if (isDigit(ch) || ch === '-' || ch === ':') {
      step = this.parseIndexOrSlice();
    } else {
      this.fail();
    }
    this.skipSpaces();
    if (t[this.pos] !== ']') this.fail();
    this.pos++;
    return step;
  }

  parseIndexOrSlice(): PathStep {
    const t = this.text;
    const readInt = (): number | null => {
      this.skipSpaces();
      const start = this.pos;
      if (t[this.pos] === '-') this.pos++;
      while (isDigit(t[this.pos])) this.pos++;
      const s = t.slice(start, this.pos);
      if (s === '' ) return null;
      if (s === '-') this.fail();
      return Number.parseInt(s, 10);
    };
    const first = readInt();
    this.skipSpaces();
    if (t[this.pos] === ':') {
      this.pos++;
      const second = readInt();
      this.skipSpaces();
      if (t[this.pos] === ':') this.fail('Slice with step is not supported');
      if (first === null && second === null) return { kind: 'wildcard' };
      return { kind: 'slice', from: first, to: second };
    }
    if (first === null) this.fail();
    const indexes = [first];
    while (t[this.pos] === ',') {
      this.pos++;
      const n = readInt();
      if (n === null) this.fail();
      indexes.push(n);
      this.skipSpaces();
    }
    return indexes.length === 1 ? { kind: 'index', index: first } : { kind: 'indexes', indexes };
  }
}

/**
 * Reads a quoted string at `p.pos` (which holds the quote). With `raw`, backslash escapes are kept
 * as written; otherwise they are decoded.
 */
function readQuoted(p: { text: string; pos: number; fail(message?: string): never }, quote: string, raw = false): string {
  const t = p.text;
  p.pos++;
  let out = '';
  for (;;) {
    const ch = t[p.pos];
    if (ch === undefined) p.fail('Property has not been closed - missing closing ' + quote);
    if (ch === '\\' && raw) {
      const next = t[p.pos + 1];
      if (next === undefined) p.fail('Property has not been closed - missing closing ' + quote);
      out += ch + next;
      p.pos += 2;
      continue;
    }
    if (ch === '\\') {
      const next = t[p.pos + 1];
      p.pos += 2;
      switch (next) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          const hex = t.slice(p.pos, p.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) p.fail('Invalid unicode escape');
          out += String.fromCharCode(Number.parseInt(hex, 16));
          p.pos += 4;
          break;
        }
        case undefined:
          p.fail('Property has not been closed - missing closing ' + quote);
          break;
        default:
          out += next;
      }
      continue;
    }
    if (ch === quote) {
      p.pos++;
      return out;
    }
    out += ch;
    p.pos++;
  }
}

const WORD_OPERATORS: readonly RelationalOperator[] = ['subsetof', 'contains', 'noneof', 'anyof', 'empty', 'size', 'nin', 'in'];

class FilterParser {
  constructor(
    readonly text: string,
    public pos: number,
  ) {}

  fail(message?: string): never {
    throw new PathSyntaxError(message ?? `Invalid filter expression at position ${this.pos}: ${this.text}`);
  }

  skipSpaces(): void {
    while (isSpace(this.text[this.pos])) this.pos++;
  }

  parseOr(): FilterExpr {
    let left = this.parseAnd();
    for (;;) {
      this.skipSpaces();
      if (this.text.startsWith('||', this.pos)) {
        this.pos += 2;
        left = { kind: 'or', left, right: this.parseAnd() };
      } else return left;
    }
  }

  parseAnd(): FilterExpr {
    let left = this.parseUnary();
    for (;;) {
      this.skipSpaces();
      if (this.text.startsWith('&&', this.pos)) {
        this.pos += 2;
        left = { kind: 'and', left, right: this.parseUnary() };
      } else return left;
    }
  }

  parseUnary(): FilterExpr {
    this.skipSpaces();
    const t = this.text;
    if (t[this.pos] === '!' && t[this.pos + 1] !== '=') {
      this.pos++;
      return { kind: 'not', operand: this.parseUnary() };
    }
    if (t[this.pos] === '(') {
      this.pos++;
      const inner = this.parseOr();
      this.skipSpaces();
      if (t[this.pos] !== ')') this.fail();
      this.pos++;
      return inner;
    }
    return this.parseRelation();
  }

  parseRelation(): FilterExpr {
    const left = this.parseOperand();
    this.skipSpaces();
    const op = this.readOperator();
    if (op === null) {
      if (left.kind === 'path') return { kind: 'exists', path: left.path };
      if (left.kind === 'value' && typeof left.value === 'boolean') return { kind: 'constant', value: left.value };
      this.fail();
    }
    const right = this.parseOperand();
    return { kind: 'compare', op, left, right };
  }

  readOperator(): RelationalOperator | null {
    const t = this.text;
    const two = t.slice(this.pos, this.pos + 3);
    if (two === '===' || two === '!==') {
      this.pos += 3;
      return two === '===' ? '==' : '!=';
    }
    const sym = t.slice(this.pos, this.pos + 2);
    if (sym === '==' || sym === '!=' || sym === '<=' || sym === '>=' || sym === '=~') {
      this.pos += 2;
      return sym;
    }
    if (t[this.pos] === '<' || t[this.pos] === '>') {
      this.pos += 1;
      return t[this.pos - 1] as '<' | '>';
    }
    for (const w of WORD_OPERATORS) {
      if (t.startsWith(w, this.pos)) {
        const after = t[this.pos + w.length];
        if (after === undefined || !/[A-Za-z0-9_]/.test(after)) {
          this.pos += w.length;
          return w;
        }
      }
    }
    return null;
  }

  parseOperand(): FilterOperand {
    this.skipSpaces();
    const t = this.text;
    const ch = t[this.pos];
    if (ch === '@' || ch === '$') {
      const pp = new PathParser(t, this.pos, true);
      const path = pp.parsePathAt();
      this.pos = pp.pos;
      return { kind: 'path', path };
    }
    if (ch === '/') {
      const end = findRegexEnd(t, this.pos + 1);
      if (end < 0) this.fail('Regex is not closed');
      const source = t.slice(this.pos + 1, end);
      this.pos = end + 1;
      let flags = '';
      while (/[a-z]/i.test(t[this.pos] ?? '')) flags += t[this.pos++];
      return { kind: 'regex', regex: compileJavaRegex(source, flags) };
    }
    const value = this.parseLiteral();
    return { kind: 'value', value };
  }

  /** A JSON-ish literal: numbers, 'single' or "double" quoted strings, true/false/null, arrays, objects. */
  parseLiteral(): Json {
    this.skipSpaces();
    const t = this.text;
    const ch = t[this.pos];
    if (ch === "'" || ch === '"') return readQuoted(this, ch);
    if (ch === '[') {
      this.pos++;
      const out: Json[] = [];
      this.skipSpaces();
      if (t[this.pos] === ']') {
        this.pos++;
        return out;
      }
      for (;;) {
        out.push(this.parseLiteral());
        this.skipSpaces();
        if (t[this.pos] === ',') {
          this.pos++;
          continue;
        }
        if (t[this.pos] === ']') {
          this.pos++;
          return out;
        }
        this.fail();
      }
    }
    if (ch === '{') {
      this.pos++;
      const out: JsonObject = {};
      this.skipSpaces();
      if (t[this.pos] === '}') {
        this.pos++;
        return out;
      }
      for (;;) {
        this.skipSpaces();
        const q = t[this.pos];
        if (q !== '"' && q !== "'") this.fail();
        const key = readQuoted(this, q);
        this.skipSpaces();
        if (t[this.pos] !== ':') this.fail();
        this.pos++;
        out[key] = this.parseLiteral();
        this.skipSpaces();
        if (t[this.pos] === ',') {
          this.pos++;
          continue;
        }
        if (t[this.pos] === '}') {
          this.pos++;
          return out;
        }
        this.fail();
      }
    }
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(t.slice(this.pos));
    if (m) {
      this.pos += m[0].length;
      return Number(m[0]);
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(t.slice(this.pos));
    if (word) {
      this.pos += word[0].length;
      if (word[0] === 'true') return true;
      if (word[0] === 'false') return false;
      if (word[0] === 'null') return null;
      // An unquoted word (`[?(@.Name==Receipt)]`) is the string it spells: AWS's own sample
      // workflows use this form and are documented as working (issue #16), and the Developer Guide
      // ("Paths") is silent on it, so it is accepted and compares as a string.
      return word[0];
    }
    this.fail();
  }
}

function findRegexEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '/') return i;
  }
  return -1;
}

/** Java's `Pattern.matches` is a whole-string match; anchor the JavaScript regex the same way. */
function compileJavaRegex(source: string, flags: string): RegExp {
  let js = '';
  for (const f of flags) if (f === 'i' || f === 'm' || f === 's') js += f;
  try {
    return new RegExp(`^(?:${source})$`, js);
  } catch {
    throw new PathSyntaxError(`Invalid regular expression: /${source}/${flags}`);
  }
}
