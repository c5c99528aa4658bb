import { RE2JS } from 're2js';

/**
 * The regular-expression engine behind JSONata regex literals (`$match(s, /(a+)+$/)`, `$replace`,
 * `$split`, `$contains` with a regex): RE2 (the pure-JavaScript port `re2js`), which matches in
 * time linear in the input. JavaScript's own RegExp backtracks, so a pattern such as `/(a+)+$/` on
 * 25 characters held the host's only thread for seconds, doubling with each character (issue #18,
 * item 6). jsonata 2.x takes the engine as its `RegexEngine` option and uses only what this class
 * provides: `new RegexEngine(regexLiteral)`, `lastIndex`, and `exec(text)` giving `[match,
 * ...groups]` with `index` (jsonata.js, evaluateRegex).
 *
 * What RE2 does not support: backreferences (`\1`), lookahead and lookbehind (`(?=`, `(?!`,
 * `(?<=`, `(?<!`), possessive and atomic groups. Such a pattern cannot be compiled; the expression
 * then fails with States.QueryEvaluationError, whose cause names the pattern and RE2's reason
 * (see RegexNotSupported). JSONata regex flags `i` and `m` map to RE2's CASE_INSENSITIVE and
 * MULTILINE.
 */

/** Thrown (inside a JSONata evaluation) for a regex RE2 cannot compile; its message is the failure's cause. */
export class RegexNotSupported extends Error {
  constructor(pattern: string, reason: string) {
    super(
      `The regular expression /${pattern}/ is not supported: Stepscope matches JSONata regular expressions with RE2 ` +
        `(linear time), which has no backreferences or lookaround (${reason})`,
    );
    this.name = 'RegexNotSupported';
  }
}

const compiled = new Map<string, RE2JS>();
const MAX_COMPILED = 1_000;

function compile(literal: RegExp): RE2JS {
  const key = `${literal.flags}/${literal.source}`;
  let re = compiled.get(key);
  if (re === undefined) {
    let flags = 0;
    if (literal.flags.includes('i')) flags |= RE2JS.CASE_INSENSITIVE;
    if (literal.flags.includes('m')) flags |= RE2JS.MULTILINE;
    try {
      re = RE2JS.compile(RE2JS.translateRegExp(literal.source), flags);
    } catch (err) {
      throw new RegexNotSupported(literal.source, err instanceof Error ? err.message : String(err));
    }
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(key, re);
  }
  return re;
}

/** One match as RegExp.exec gives it: the match and its groups, with `index`. */
type ExecResult = string[] & { index: number };

/**
 * A RegExp look-alike over RE2, the `RegexEngine` jsonata is given (see the file comment). It
 * behaves as a global (`g`) RegExp: `exec` searches from `lastIndex` and moves it past the match.
 */
export class LinearRegExp {
  /** Where the next `exec` starts searching (UTF-16 index, as RegExp). */
  lastIndex = 0;
  private readonly re: RE2JS;

  constructor(literal: RegExp) {
    this.re = compile(literal);
  }

  /** The next match at or after `lastIndex`, or null (and `lastIndex` back to 0) when there is none. */
  exec(text: string): ExecResult | null {
    if (this.lastIndex > text.length) {
      this.lastIndex = 0;
      return null;
    }
    const m = this.re.matcher(text);
    if (!m.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const groups = m.groupCount();
    const out = new Array<string>(groups + 1) as ExecResult;
    for (let g = 0; g <= groups; g++) out[g] = m.group(g) ?? (undefined as unknown as string);
    out.index = m.start(0);
    this.lastIndex = m.end(0);
    return out;
  }
}
