/**
 * Parser for intrinsic function calls (Developer Guide, "Intrinsic functions for JSONPath states"):
 * `States.Format('Hello {}', $.name)`. Arguments are string literals in single quotes, numbers,
 * `true`/`false`/`null`, paths (`$.x`, `$$.Execution.Id`) and nested calls.
 *
 * Reserved characters in string literals are escaped with a backslash: `\'` → `'`, `\{` → `{`,
 * `\}` → `}`, `\\` → `\`; any other backslash is an error (guide, "Reserved characters in
 * intrinsic functions"). An escaped brace is a literal brace: it never forms a `{}` placeholder of
 * States.Format, so a string literal keeps its placeholder positions.
 */

/** One argument of an intrinsic call. */
export type IntrinsicArg =
  | { readonly kind: 'call'; readonly call: IntrinsicCall }
  | {
      readonly kind: 'string';
      readonly value: string;
      /** The literal split at its unescaped `{}` placeholders (for States.Format). */
      readonly formatParts: readonly string[];
    }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'path'; readonly path: string };

/** A parsed call: `States.<name>(<args>)`. */
export interface IntrinsicCall {
  /** Full function name as written, e.g. `States.Format`. */
  readonly name: string;
  readonly args: readonly IntrinsicArg[];
  /** The call's text as written. */
  readonly text: string;
}

/** Thrown for text that is not a well-formed intrinsic call. */
export class IntrinsicSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntrinsicSyntaxError';
  }
}

const FUNCTION_NAME = /^States\.[A-Za-z0-9]+/;

/** True when `text` looks like an intrinsic function call (`States.Name(...)`). */
export function isIntrinsicCall(text: string): boolean {
  const m = FUNCTION_NAME.exec(text.trimStart());
  if (m === null) return false;
  const rest = text.trimStart().slice(m[0].length).trimStart();
  return rest.startsWith('(') && text.trimEnd().endsWith(')');
}

/** Parses one whole intrinsic call. Throws IntrinsicSyntaxError when it is malformed. */
export function parseIntrinsic(text: string): IntrinsicCall {
  const p = new Parser(text);
  p.skipSpaces();
  const call = p.parseCall();
  p.skipSpaces();
  if (p.pos !== text.length) p.fail(`unexpected text after the call at position ${p.pos}`);
  return call;
}

class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(message: string): never {
    throw new IntrinsicSyntaxError(`Invalid intrinsic function call '${this.text}': ${message}`);
  }

  skipSpaces(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  parseCall(): IntrinsicCall {
    const start = this.pos;
    const m = FUNCTION_NAME.exec(this.text.slice(this.pos));
    if (m === null) this.fail(`expected a function name at position ${this.pos}`);
    const name = m[0];
    this.pos += name.length;
    this.skipSpaces();
    if (this.text[this.pos] !== '(') this.fail(`expected '(' after ${name}`);
    this.pos++;
    const args: IntrinsicArg[] = [];
    this.skipSpaces();
    if (this.text[this.pos] === ')') {
      this.pos++;
      return { name, args, text: this.text.slice(start, this.pos) };
    }
    for (;;) {
      this.skipSpaces();
      args.push(this.parseArg());
      this.skipSpaces();
      const ch = this.text[this.pos];
      if (ch === ',') {
        this.pos++;
        continue;
      }
      if (ch === ')') {
        this.pos++;
        return { name, args, text: this.text.slice(start, this.pos) };
      }
      this.fail(ch === undefined ? `missing ')' for ${name}` : `unexpected '${ch}' at position ${this.pos}`);
    }
  }

  parseArg(): IntrinsicArg {
    const t = this.text;
    const ch = t[this.pos];
    if (ch === "'") return this.parseString();
    if (ch === '$') return { kind: 'path', path: this.readPathText() };
    if (t.startsWith('States.', this.pos)) return { kind: 'call', call: this.parseCall() };
    const num = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(t.slice(this.pos));
    if (num !== null) {
      this.pos += num[0].length;
      return { kind: 'number', value: Number(num[0]) };
    }
    for (const word of ['true', 'false', 'null'] as const) {
      if (t.startsWith(word, this.pos) && !/[A-Za-z0-9_]/.test(t[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return word === 'null' ? { kind: 'null' } : { kind: 'boolean', value: word === 'true' };
      }
    }
    this.fail(ch === undefined ? 'missing argument' : `unexpected '${ch}' at position ${this.pos}`);
  }

  parseString(): IntrinsicArg {
    const t = this.text;
    this.pos++; // opening quote
    let value = '';
    const parts: string[] = [];
    let part = '';
    for (;;) {
      const ch = t[this.pos];
      if (ch === undefined) this.fail('unterminated string literal');
      if (ch === '\\') {
        const next = t[this.pos + 1];
        if (next === "'" || next === '{' || next === '}' || next === '\\') {
          value += next;
          part += next;
          this.pos += 2;
          continue;
        }
        this.fail(`invalid escape sequence '\\${next ?? ''}' at position ${this.pos}`);
      }
      if (ch === "'") {
        this.pos++;
        parts.push(part);
        return { kind: 'string', value, formatParts: parts };
      }
      if (ch === '{' && t[this.pos + 1] === '}') {
        value += '{}';
        parts.push(part);
        part = '';
        this.pos += 2;
        continue;
      }
      value += ch;
      part += ch;
      this.pos++;
    }
  }

  /** A path argument ends at a top-level `,` or `)`; brackets, parentheses and quotes nest. */
  readPathText(): string {
    const t = this.text;
    const start = this.pos;
    let depth = 0;
    while (this.pos < t.length) {
      const ch = t[this.pos];
      if (ch === "'" || ch === '"') {
        const quote = ch;
        this.pos++;
        while (this.pos < t.length && t[this.pos] !== quote) {
          if (t[this.pos] === '\\') this.pos++;
          this.pos++;
        }
        this.pos++;
        continue;
      }
      if (ch === '[' || ch === '(') depth++;
      else if (ch === ']' || ch === ')') {
        if (depth === 0) break;
        depth--;
      } else if (ch === ',' && depth === 0) break;
      this.pos++;
    }
    return t.slice(start, this.pos).trimEnd();
  }
}
