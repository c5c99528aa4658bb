import { MAX_NESTING_DEPTH } from './depth';
import { parsePath, type CompiledPath } from '../jsonPathSyntax';

/**
 * Static checks of the path strings in a definition (Developer Guide, "Paths"):
 * - a JSONPath (InputPath, OutputPath, the values of `.$` fields) may use the whole Jayway syntax,
 *   the Context object (`$$`) and workflow variables (`$name`);
 * - a Reference Path can identify only a single node: `.name`, `['name']` and `[n]` steps only.
 *   ResultPath is a reference path into the state's input and so cannot start with `$$` or a
 *   variable; paths that read a value (Choice `Variable`, `SecondsPath`, ...) may.
 */

/** How a path field is read. */
export type PathKind =
  /** Any JSONPath, Context object and variables allowed (InputPath, `.$` values). */
  | 'jsonpath'
  /** A reference path that reads a value: `$`, `$$` or a variable root. */
  | 'reference-read'
  /** A reference path that writes into the input: `$` root only (ResultPath). */
  | 'reference-write';

const VARIABLE_ROOT = /^\$([A-Za-z_][A-Za-z0-9_]*)/;

/** The root of a path and its compiled form, or the reason it does not parse. */
type Compiled = { ok: true; root: '$' | '$$' | 'variable'; path: CompiledPath } | { ok: false; reason: string };

function compile(text: string): Compiled {
  if (!text.startsWith('$')) return { ok: false, reason: "Reference path didn't start with '$'" };
  let root: '$' | '$$' | 'variable' = '$';
  let source = text;
  if (text.startsWith('$$')) root = '$$';
  else {
    const v = VARIABLE_ROOT.exec(text);
    if (v !== null) {
      root = 'variable';
      source = '$' + text.slice(v[0].length);
    }
  }
  try {
    return { ok: true, root, path: parsePath(source) };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Checks a path of the given kind. Returns undefined when valid, or a short reason (used after
 * AWS's message, as in `Value is not a Reference Path: <reason>`).
 */
export function checkPath(text: string, kind: PathKind): string | undefined {
  const c = compile(text);
  if (!c.ok) return c.reason;
  if (kind === 'jsonpath') return undefined;
  if (kind === 'reference-write' && c.root !== '$') return "Reference path didn't start with '$'";
  if (!c.path.simple) return 'A reference path can only address a single node';
  return undefined;
}

/** Intrinsic functions (Developer Guide, "Intrinsic functions for JSONPath states"). */
export const INTRINSIC_FUNCTIONS: ReadonlySet<string> = new Set([
  'States.Format',
  'States.StringToJson',
  'States.JsonToString',
  'States.Array',
  'States.ArrayPartition',
  'States.ArrayContains',
  'States.ArrayRange',
  'States.ArrayGetItem',
  'States.ArrayLength',
  'States.ArrayUnique',
  'States.Base64Encode',
  'States.Base64Decode',
  'States.Hash',
  'States.JsonMerge',
  'States.MathRandom',
  'States.MathAdd',
  'States.StringSplit',
  'States.UUID',
]);

/** True when `text` looks like an intrinsic function call (`States.Name(`). */
export function looksLikeIntrinsic(text: string): boolean {
  return /^States\.[A-Za-z0-9]+\s*\(/.test(text);
}

/**
 * Checks a dynamic value (a `.$` field, ErrorPath, CausePath): an intrinsic function call or a path
 * of the given kind. Returns undefined when valid, or the reason.
 *
 * Whitespace around the value is not trimmed, for calls and paths alike: `" $.x"` is no path and
 * `" States.Array(1)"` no call. AWS documents no trimming; LocalStack's lexer (antlr/ASLLexer.g4:
 * STRINGPATH starts `"$`, STRINGINTRINSICFUNC starts `"States.` and ends `)"`) accepts neither,
 * so both are reported the same way.
 */
export function checkDynamicValue(text: string, kind: PathKind): string | undefined {
  if (looksLikeIntrinsic(text)) {
    if (/\s$/.test(text)) return 'Unexpected text after the function call';
    return checkIntrinsic(text);
  }
  return checkPath(text, kind);
}

/**
 * Checks the syntax of an intrinsic function call: a known `States.*` name, parenthesised
 * arguments separated by commas, each a `'string'` (with `\` escapes), a number, `true`, `false`,
 * `null`, a path, or a nested call. Returns undefined when valid, or the reason.
 */
export function checkIntrinsic(text: string): string | undefined {
  const p = new IntrinsicChecker(text);
  try {
    p.skipSpaces();
    p.call();
    p.skipSpaces();
    if (p.pos < text.length) return `Unexpected text after the function call at position ${p.pos}`;
    return undefined;
  } catch (e) {
    if (e instanceof IntrinsicSyntaxError) return e.message;
    // A path argument's own parser can still overflow on pathological text: that is a bad call too.
    if (e instanceof RangeError) return 'The function call is nested too deeply';
    throw e;
  }
}

class IntrinsicSyntaxError extends Error {}

class IntrinsicChecker {
  pos = 0;
  /** Calls currently open: the checker recurses per nested call. */
  private depth = 0;
  constructor(readonly text: string) {}

  fail(message: string): never {
    throw new IntrinsicSyntaxError(message);
  }

  skipSpaces(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  call(): void {
    if (++this.depth > MAX_NESTING_DEPTH) this.fail(`Function calls are nested more than ${MAX_NESTING_DEPTH} deep`);
    this.call1();
    this.depth--;
  }

  private call1(): void {
    const m = /^States\.[A-Za-z0-9]+/.exec(this.text.slice(this.pos));
    if (!m) this.fail(`Expected an intrinsic function name at position ${this.pos}`);
    if (!INTRINSIC_FUNCTIONS.has(m[0])) this.fail(`Unknown intrinsic function '${m[0]}'`);
    this.pos += m[0].length;
    this.skipSpaces();
    if (this.text[this.pos] !== '(') this.fail(`Expected '(' after ${m[0]}`);
    this.pos++;
    this.skipSpaces();
    if (this.text[this.pos] === ')') {
      this.pos++;
      return;
    }
    const kinds: ArgumentKind[] = [];
    for (;;) {
      this.skipSpaces();
      kinds.push(this.argument());
      this.skipSpaces();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ')') {
        this.pos++;
        const wrong = literalTypeMismatch(m[0], kinds);
        if (wrong !== undefined) this.fail(wrong);
        return;
      }
      this.fail(`Expected ',' or ')' at position ${this.pos}`);
    }
  }

  argument(): ArgumentKind {
    const t = this.text;
    const c = t[this.pos];
    if (c === "'") {
      this.pos++;
      for (;;) {
        if (this.pos >= t.length) this.fail('Unterminated string argument');
        if (t[this.pos] === '\\') this.pos += 2;
        else if (t[this.pos] === "'") {
          this.pos++;
          return 'string';
        } else this.pos++;
      }
    }
    if (c === '$') {
      const start = this.pos;
      let depth = 0;
      let quote: string | null = null;
      while (this.pos < t.length) {
        const ch = t[this.pos];
        if (quote !== null) {
          if (ch === '\\') this.pos++;
          else if (ch === quote) quote = null;
        } else if (ch === "'" || ch === '"') quote = ch;
        else if (ch === '[' || ch === '(') depth++;
        else if (ch === ']' || ch === ')') {
          if (depth === 0) break;
          depth--;
        } else if (ch === ',' && depth === 0) break;
        this.pos++;
      }
      const path = t.slice(start, this.pos).trimEnd();
      const reason = checkPath(path, 'jsonpath');
      if (reason !== undefined) this.fail(`Invalid path argument '${path}': ${reason}`);
      return 'dynamic';
    }
    if (t.startsWith('States.', this.pos)) {
      this.call();
      return 'dynamic';
    }
    const literal = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(t.slice(this.pos));
    if (literal) {
      this.pos += literal[0].length;
      if (literal[0] === 'null') return 'null';
      return literal[0] === 'true' || literal[0] === 'false' ? 'boolean' : 'number';
    }
    this.fail(`Unexpected argument at position ${this.pos}`);
  }
}

/** What an intrinsic argument is, as far as the text tells: a literal's type, or `dynamic` (a path or a call). */
type ArgumentKind = 'string' | 'number' | 'boolean' | 'null' | 'dynamic';

/**
 * The type each argument of an intrinsic function takes where the Developer Guide ("Intrinsic
 * functions") names one: `number`, `string`, or `container` (an array or object, which no literal
 * can be). Arguments not listed take any value.
 */
const ARGUMENT_TYPES: Readonly<Record<string, readonly ('number' | 'string' | 'container' | 'any')[]>> = {
  'States.MathAdd': ['number', 'number'],
  'States.MathRandom': ['number', 'number', 'number'],
  'States.ArrayRange': ['number', 'number', 'number'],
  'States.ArrayPartition': ['container', 'number'],
  'States.ArrayGetItem': ['container', 'number'],
  'States.ArrayContains': ['container', 'any'],
  'States.ArrayLength': ['container'],
  'States.ArrayUnique': ['container'],
  'States.JsonMerge': ['container', 'container', 'any'],
  'States.StringSplit': ['string', 'string'],
  'States.StringToJson': ['string'],
  'States.Base64Encode': ['string'],
  'States.Base64Decode': ['string'],
  'States.Hash': ['any', 'string'],
  'States.Format': ['string'],
};

/**
 * A literal argument of the wrong type (`States.MathAdd(1, '-1')`) fails at run time whatever the
 * input, so it is reported with the definition, as a malformed call. Paths and nested calls are
 * only known at run time and are not checked here.
 */
function literalTypeMismatch(fn: string, kinds: readonly ArgumentKind[]): string | undefined {
  const types = ARGUMENT_TYPES[fn];
  if (types === undefined) return undefined;
  for (let i = 0; i < kinds.length && i < types.length; i++) {
    const kind = kinds[i];
    const want = types[i];
    if (kind === 'dynamic' || want === 'any') continue;
    if (want === 'container' || kind !== want) {
      return `Argument ${String(i + 1)} of ${fn} must be ${want === 'container' ? 'an array or object' : `a ${want}`}, not a ${kind} literal`;
    }
  }
  return undefined;
}
