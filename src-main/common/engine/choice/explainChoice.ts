import type { ChoiceRule } from '../../asl/types';
import type { Json } from '../../json';
import { StatesError, StatesErrors } from '../errors';
import type { JsonataEnv } from '../jsonata/evaluate';
import { evaluateCondition } from '../jsonata/states';
import { comparison, compileChoicePath, evaluateTypeTest, invalidPath, type ChoiceEnv } from './evaluateChoice';
import { isLiteralOperator, operatorValueType, TYPE_TESTS, type LiteralOperator } from '../../asl/choiceOperators';
import { parseTimestamp } from '../../asl/timestamp';

/**
 * Explains a Choice state the way a teacher walks through it: each rule in order, each comparison
 * (inside And/Or/Not) with the value its Variable read and its outcome, which rule matched, and
 * where the execution goes (the rule's Next, Default, States.NoChoiceMatched, or the States.Runtime
 * failure of a path that names nothing).
 *
 * The outcomes come from the engine's own code (evaluateChoice.ts's comparisons, path readers and
 * type tests; jsonata/states.ts's evaluateCondition), read in the same order with the same
 * short-circuits, so the explanation and the interpreter cannot disagree. What they add is the
 * "unknown" outcome: a value the caller cannot know (a workflow variable a history does not show,
 * a Context object field it does not record) is reported as unknown rather than guessed.
 */

/**
 * How a rule (or one part of it) came out. `not-evaluated`: an earlier rule, or an earlier part of
 * an And/Or, already decided, so the engine never reads it (and its missing paths do not fail).
 */
export type RuleOutcome = 'true' | 'false' | 'failed' | 'unknown' | 'not-evaluated';

/** One path a rule reads, and what it read. */
export interface PathReadExplanation {
  path: string;
  /** The value read; absent when the path names nothing, or when it is unknown. */
  value?: Json;
  /** True when the path names a value. */
  found: boolean;
  /** Why the value cannot be known (the path reads something the caller does not have). */
  unknown?: string;
}

/** The explanation of one rule or one part of a rule. */
export interface RuleExplanation {
  /** A comparison (`NumericEquals`, `StringLessThanPath`, ...), a type test (`Is...`), a combination, or a JSONata `Condition`. */
  kind: 'comparison' | 'typeTest' | 'And' | 'Or' | 'Not' | 'condition' | 'invalid';
  /** The operator (`NumericGreaterThan`, `IsPresent`), for comparisons and type tests. */
  operator?: string;
  /** What the rule's `Variable` read. */
  variable?: PathReadExplanation;
  /** A comparison's literal operand, or a type test's expected boolean. */
  operand?: Json;
  /** What a `...Path` operator's operand path read. */
  operandPath?: PathReadExplanation;
  /** The parts of an And/Or (in order), or the one rule of a Not. */
  rules?: RuleExplanation[];
  /** A JSONata rule's `Condition` as written. */
  condition?: Json;
  /** The workflow variables a JSONata Condition names (`path` is `$name`), with their values. */
  reads?: PathReadExplanation[];
  outcome: RuleOutcome;
  /** One sentence on what happened, for someone learning ASL. */
  text: string;
}

/** One of `Choices`, explained. */
export interface ChoiceRuleExplanation {
  /** Index in `Choices`. */
  index: number;
  /** The rule's `Next`. */
  next: string;
  explanation: RuleExplanation;
}

/** Where the Choice sends the execution, according to the explanation. */
export type ChoiceResult =
  | { kind: 'matched'; index: number; next: string }
  | { kind: 'default'; next: string }
  /** No rule matched and there is no Default: States.NoChoiceMatched. */
  | { kind: 'noMatch'; error: string; cause: string }
  /** A rule failed (a path naming nothing, a JSONata error): the state fails with this error. */
  | { kind: 'failed'; index: number; error: string; cause: string }
  /** An unknown value decides it. */
  | { kind: 'unknown'; reason: string };

/** A Choice state's visit, explained. */
export interface ChoiceExplanation {
  rules: ChoiceRuleExplanation[];
  result: ChoiceResult;
}

/** What a JSONPath Choice explanation reads besides the input. */
export interface ExplainChoiceEnv extends ChoiceEnv {
  /**
   * False when the caller does not know every workflow variable in scope (a history that does not
   * show them): a variable it does not know is then reported unknown instead of failing the
   * execution as the engine would. Default true.
   */
  variablesKnown?: boolean;
}

/** The part of a Choice state an explanation needs. */
export interface ChoiceStateRules {
  Choices: readonly ChoiceRule[];
  Default?: string;
}

/** A read whose value the caller cannot know. */
class UnknownValue extends Error {}

const SHOWN_CHARS = 80;

/** A value as a short piece of text (`42`, `"abc"`, `{"a":1,…}`). */
export function shortJson(value: Json | undefined): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS - 1)}…` : text;
}

/**
 * Explains a JSONPath Choice state's rules against `input`. Never throws: failures (a path that
 * names nothing) and unknown values are part of the explanation.
 */
export function explainChoice(state: ChoiceStateRules, input: Json, env: ExplainChoiceEnv): ChoiceExplanation {
  const readEnv = envForReads(env);
  const rules: ChoiceRuleExplanation[] = [];
  let result: ChoiceResult | undefined;
  let unknownAt: number | undefined;
  state.Choices.forEach((rule, index) => {
    const next = String(rule.Next);
    if (result !== undefined) {
      rules.push({ index, next, explanation: notEvaluated(rule) });
      return;
    }
    const explanation = explainRule(rule, input, readEnv);
    rules.push({ index, next, explanation });
    if (explanation.outcome === 'true') {
      result = unknownAt === undefined ? { kind: 'matched', index, next } : undecided(unknownAt, `if it did not match, rule ${index + 1} matches (Next: ${next})`);
    } else if (explanation.outcome === 'failed') {
      const failure = firstFailure(rule, input, readEnv);
      result = unknownAt === undefined ? { kind: 'failed', index, error: failure.error, cause: failure.causeText } : undecided(unknownAt, `if it did not match, rule ${index + 1} fails the state with ${failure.error}`);
    } else if (explanation.outcome === 'unknown') {
      unknownAt ??= index;
    }
  });
  return { rules, result: result ?? fallThrough(state, unknownAt) };
}

/**
 * Explains a JSONata Choice state: each rule's `Condition` evaluated with the engine's
 * evaluateCondition, in order, until one is true (or fails). `env` is the JSONata environment of
 * the visit (`$states.input`, `$states.context`, the variables).
 */
export async function explainJsonataChoice(state: ChoiceStateRules, env: JsonataEnv): Promise<ChoiceExplanation> {
  const rules: ChoiceRuleExplanation[] = [];
  let result: ChoiceResult | undefined;
  for (let index = 0; index < state.Choices.length; index++) {
    const rule = state.Choices[index];
    const next = String(rule.Next);
    const condition = rule.Condition as Json | undefined;
    if (result !== undefined) {
      rules.push({ index, next, explanation: { kind: 'condition', condition, outcome: 'not-evaluated', text: 'Not evaluated: an earlier rule decided.' } });
      continue;
    }
    try {
      const holds = await evaluateCondition(rule, env, `Choices[${index}]/Condition`);
      const literal = typeof condition === 'boolean';
      const reads = variablesNamed(condition, env.variables);
      const readText = reads.length > 0 ? ` (${reads.map((r) => `${r.path} is ${r.found ? shortJson(r.value) : 'not defined'}`).join(', ')})` : '';
      rules.push({
        index,
        next,
        explanation: {
          kind: 'condition',
          condition,
          outcome: holds ? 'true' : 'false',
          ...(reads.length > 0 ? { reads } : {}),
          text: literal ? `The Condition is the literal ${String(condition)}.` : `The Condition evaluates to ${String(holds)}${readText}.`,
        },
      });
      if (holds) result = { kind: 'matched', index, next };
    } catch (e) {
      if (!(e instanceof StatesError)) throw e;
      rules.push({ index, next, explanation: { kind: 'condition', condition, outcome: 'failed', text: `Evaluating the Condition fails the state with ${e.error}: ${e.causeText}` } });
      result = { kind: 'failed', index, error: e.error, cause: e.causeText };
    }
  }
  return { rules, result: result ?? fallThrough(state, undefined) };
}

const VARIABLE_NAME = /\$([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*\()/g;

/** The workflow variables a JSONata expression names (not `$states`, not function calls), with their values. */
function variablesNamed(condition: Json | undefined, variables: Readonly<Record<string, unknown>>): PathReadExplanation[] {
  if (typeof condition !== 'string') return [];
  const names = new Set<string>();
  for (const m of condition.matchAll(VARIABLE_NAME)) if (m[1] !== 'states') names.add(m[1]);
  return [...names].map((name) =>
    Object.prototype.hasOwnProperty.call(variables, name) ? { path: `$${name}`, found: true, value: variables[name] as Json } : { path: `$${name}`, found: false },
  );
}

/** What the history shows the Choice visit did. */
export type ChoiceTaken =
  | { kind: 'next'; next: string }
  | { kind: 'failed'; error: string | null }
  /** The visit has not decided yet (the cursor is before its exit). */
  | { kind: 'pending' };

/**
 * Compares an explanation's result with what the history shows, and returns a sentence saying
 * how they disagree, or undefined when they agree (or nothing can be compared). A disagreement
 * means the definition, input or variables are not what the execution ran with.
 */
export function disagreementWithHistory(result: ChoiceResult, taken: ChoiceTaken): string | undefined {
  if (taken.kind === 'pending' || result.kind === 'unknown') return undefined;
  const explained =
    result.kind === 'matched'
      ? `rule ${result.index + 1} matches (Next: ${result.next})`
      : result.kind === 'default'
        ? `no rule matches, so Default (${result.next}) is taken`
        : result.kind === 'noMatch'
          ? 'no rule matches and there is no Default (States.NoChoiceMatched)'
          : `rule ${result.index + 1} fails the state with ${result.error}`;
  const suffix = ': the definition (or the input or variables) is not what this execution ran with.';
  if (taken.kind === 'next') {
    if ((result.kind === 'matched' || result.kind === 'default') && result.next === taken.next) return undefined;
    return `Evaluated now, ${explained}, but the history went to ${taken.next}${suffix}`;
  }
  const expectedError = result.kind === 'noMatch' || result.kind === 'failed' ? result.error : undefined;
  if (expectedError !== undefined && (taken.error === null || taken.error === expectedError)) return undefined;
  return `Evaluated now, ${explained}, but the history shows the state failing${taken.error !== null ? ` with ${taken.error}` : ''}${suffix}`;
}

function undecided(unknownAt: number, then: string): ChoiceResult {
  return { kind: 'unknown', reason: `Rule ${unknownAt + 1} reads a value that is not known, so whether it matched cannot be told; ${then}.` };
}

function fallThrough(state: ChoiceStateRules, unknownAt: number | undefined): ChoiceResult {
  const then = state.Default !== undefined ? `if no rule matched, Default (${state.Default}) is taken` : 'if no rule matched, the state fails with States.NoChoiceMatched';
  if (unknownAt !== undefined) return undecided(unknownAt, then);
  if (state.Default !== undefined) return { kind: 'default', next: state.Default };
  // The cause AWS gives (choice_operators cases; the interpreter throws the same).
  return { kind: 'noMatch', error: StatesErrors.NoChoiceMatched, cause: 'No Matches!' };
}

/** The environment the reads use: a variable the caller does not know reads as unknown when `variablesKnown` is false. */
function envForReads(env: ExplainChoiceEnv): ChoiceEnv {
  if (env.variablesKnown !== false) return env;
  const lookup = env.lookupVariable ?? ((name: string) => (env.variables !== undefined && Object.prototype.hasOwnProperty.call(env.variables, name) ? env.variables[name] : undefined));
  return {
    context: env.context,
    lookupVariable: (name) => {
      const value = lookup(name);
      if (value === undefined) throw new UnknownValue(`The history does not show a value of the variable $${name} at this point.`);
      return value;
    },
  };
}

/** Reads a path of a rule with the engine's reader; an exception other than a StatesError (the caller's "not recorded") makes it unknown. */
function readRulePath(path: string, input: Json, env: ChoiceEnv): PathReadExplanation {
  try {
    const read = compileChoicePath(path)(input, env);
    return read.found ? { path, found: true, value: read.value } : { path, found: false };
  } catch (e) {
    if (e instanceof StatesError) throw e;
    return { path, found: false, unknown: e instanceof Error ? e.message : String(e) };
  }
}

/** The error the engine fails with for `rule` (read again by the engine's own evaluation). */
function firstFailure(rule: ChoiceRule, input: Json, env: ChoiceEnv): StatesError {
  try {
    explainRule(rule, input, env, true);
  } catch (e) {
    if (e instanceof StatesError) return e;
  }
  return new StatesError(StatesErrors.Runtime, 'The choice rule failed.', true);
}

function notEvaluated(rule: ChoiceRule): RuleExplanation {
  const shape = shapeOf(rule);
  return { ...shape, outcome: 'not-evaluated', text: 'Not evaluated: an earlier rule decided.', ...(shape.rules ? { rules: shape.rules.map((r) => ({ ...r, outcome: 'not-evaluated' as const, text: 'Not evaluated.' })) } : {}) };
}

/** A rule's kind and operator without evaluating it (for parts never reached). */
function shapeOf(rule: ChoiceRule): Omit<RuleExplanation, 'outcome' | 'text'> {
  if (rule.And !== undefined) return { kind: 'And', rules: rule.And.map((r) => ({ ...shapeOf(r), outcome: 'not-evaluated', text: '' })) };
  if (rule.Or !== undefined) return { kind: 'Or', rules: rule.Or.map((r) => ({ ...shapeOf(r), outcome: 'not-evaluated', text: '' })) };
  if (rule.Not !== undefined) return { kind: 'Not', rules: [{ ...shapeOf(rule.Not), outcome: 'not-evaluated', text: '' }] };
  const path = String(rule.Variable);
  for (const test of TYPE_TESTS) if (rule[test] !== undefined) return { kind: 'typeTest', operator: test, variable: { path, found: false }, operand: rule[test] as Json };
  for (const key of Object.keys(rule)) {
    if (isLiteralOperator(key)) return { kind: 'comparison', operator: key, variable: { path, found: false }, operand: rule[key] as Json };
    if (key.endsWith('Path') && operatorValueType(key) !== undefined) return { kind: 'comparison', operator: key, variable: { path, found: false }, operandPath: { path: String(rule[key]), found: false } };
  }
  return { kind: 'invalid', variable: { path, found: false } };
}

const SYMBOLS: Record<string, string> = { Equals: '=', LessThan: '<', GreaterThan: '>', LessThanEquals: '≤', GreaterThanEquals: '≥', Matches: 'matches' };

function symbolOf(op: LiteralOperator): string {
  const suffix = /(Equals|LessThanEquals|GreaterThanEquals|LessThan|GreaterThan|Matches)$/.exec(op.replace(/^(String|Numeric|Boolean|Timestamp)/, ''));
  return suffix ? SYMBOLS[suffix[1]] : op;
}

const TYPE_WORDS = { string: 'a string', number: 'a number', boolean: 'a boolean', timestamp: 'a timestamp string' } as const;

function negate(outcome: RuleOutcome): RuleOutcome {
  return outcome === 'true' ? 'false' : outcome === 'false' ? 'true' : outcome;
}

/**
 * Explains one rule, in the engine's order. With `rethrow`, the first failure is thrown as the
 * engine throws it (firstFailure uses it to get the error itself).
 */
function explainRule(rule: ChoiceRule, input: Json, env: ChoiceEnv, rethrow = false): RuleExplanation {
  if (rule.And !== undefined || rule.Or !== undefined) {
    const isAnd = rule.And !== undefined;
    const parts = (isAnd ? rule.And : rule.Or) as ChoiceRule[];
    const deciding = isAnd ? 'false' : 'true';
    const out: RuleExplanation[] = [];
    let decided: RuleOutcome | undefined;
    let sawUnknown = false;
    for (const part of parts) {
      if (decided !== undefined) {
        out.push(notEvaluated(part));
        continue;
      }
      const e = explainRule(part, input, env, rethrow);
      out.push(e);
      if (e.outcome === deciding || e.outcome === 'failed') decided = e.outcome;
      else if (e.outcome === 'unknown') sawUnknown = true;
    }
    const outcome: RuleOutcome = sawUnknown ? 'unknown' : (decided ?? (isAnd ? 'true' : 'false'));
    const kind = isAnd ? 'And' : 'Or';
    const text =
      outcome === 'unknown'
        ? `${kind}: a part reads a value that is not known.`
        : outcome === 'failed'
          ? `${kind}: a part fails, so the state fails.`
          : isAnd
            ? outcome === 'true'
              ? 'And: every part is true.'
              : 'And: a part is false, so the And is false (the parts after it are not read).'
            : outcome === 'true'
              ? 'Or: a part is true, so the Or is true (the parts after it are not read).'
              : 'Or: no part is true.';
    return { kind, rules: out, outcome, text };
  }
  if (rule.Not !== undefined) {
    const inner = explainRule(rule.Not, input, env, rethrow);
    const outcome = negate(inner.outcome);
    const text = outcome === 'true' || outcome === 'false' ? `Not: the rule inside is ${inner.outcome}, so the Not is ${outcome}.` : inner.outcome === 'failed' ? 'Not: the rule inside fails.' : 'Not: the rule inside reads a value that is not known.';
    return { kind: 'Not', rules: [inner], outcome, text };
  }

  const path = String(rule.Variable);
  let variable: PathReadExplanation;
  try {
    variable = readRulePath(path, input, env);
  } catch (e) {
    if (rethrow) throw e;
    return { ...shapeOf(rule), outcome: 'failed', text: `Reading ${path} fails: ${e instanceof StatesError ? e.causeText : String(e)}` };
  }
  const fail = (op: string | undefined, error: StatesError, read: PathReadExplanation, extra: Partial<RuleExplanation> = {}): RuleExplanation => {
    if (rethrow) throw error;
    return { ...shapeOf(rule), ...extra, ...(op ? { operator: op } : {}), variable: read, outcome: 'failed', text: `${read.path} names nothing, so the state fails with ${error.error} (${error.causeText}).` };
  };
  const unknown = (read: PathReadExplanation, extra: Partial<RuleExplanation> = {}): RuleExplanation => ({
    ...shapeOf(rule),
    ...extra,
    variable,
    outcome: 'unknown',
    text: `${read.path} cannot be read here: ${read.unknown ?? 'its value is not known'}`,
  });

  for (const test of TYPE_TESTS) {
    if (rule[test] === undefined) continue;
    const expected = rule[test] === true;
    if (variable.unknown !== undefined) return unknown(variable);
    let holds: boolean;
    try {
      holds = evaluateTypeTest(test, expected, variable.found ? { found: true, value: variable.value as Json } : { found: false, message: '' }, path);
    } catch (e) {
      if (e instanceof StatesError) return fail(test, e, variable);
      throw e;
    }
    const what = variable.found ? `${path} reads ${shortJson(variable.value)}` : `${path} names nothing`;
    return { kind: 'typeTest', operator: test, operand: expected, variable, outcome: holds ? 'true' : 'false', text: `${what}: ${test}: ${String(expected)} is ${String(holds)}.` };
  }

  for (const key of Object.keys(rule)) {
    if (isLiteralOperator(key)) {
      const operand = rule[key] as Json;
      if (variable.unknown !== undefined) return unknown(variable, { operator: key, operand });
      if (!variable.found) return fail(key, invalidPath(path), variable, { operand });
      const holds = comparison(key)(variable.value as Json, operand);
      return { kind: 'comparison', operator: key, variable, operand, outcome: holds ? 'true' : 'false', text: comparisonText(key, variable, operand, path, holds) };
    }
    if (key.endsWith('Path') && key !== 'StringMatches') {
      const base = key.slice(0, -4);
      if (!isLiteralOperator(base) || base === 'StringMatches') continue;
      const operandPathText = String(rule[key]);
      if (variable.unknown !== undefined) return unknown(variable, { operator: key, operandPath: { path: operandPathText, found: false } });
      if (!variable.found) return fail(key, invalidPath(path), variable, { operandPath: { path: operandPathText, found: false } });
      let operandRead: PathReadExplanation;
      try {
        operandRead = readRulePath(operandPathText, input, env);
      } catch (e) {
        if (rethrow) throw e;
        return { kind: 'comparison', operator: key, variable, operandPath: { path: operandPathText, found: false }, outcome: 'failed', text: `Reading ${operandPathText} fails: ${e instanceof StatesError ? e.causeText : String(e)}` };
      }
      if (operandRead.unknown !== undefined) return { kind: 'comparison', operator: key, variable, operandPath: operandRead, outcome: 'unknown', text: `${operandPathText} cannot be read here: ${operandRead.unknown}` };
      if (!operandRead.found) {
        const error = invalidPath(operandPathText);
        if (rethrow) throw error;
        return { kind: 'comparison', operator: key, variable, operandPath: operandRead, outcome: 'failed', text: `${operandPathText} names nothing, so the state fails with ${error.error} (${error.causeText}).` };
      }
      const holds = comparison(base)(variable.value as Json, operandRead.value as Json);
      return {
        kind: 'comparison',
        operator: key,
        variable,
        operandPath: operandRead,
        outcome: holds ? 'true' : 'false',
        text: comparisonText(base, variable, operandRead.value as Json, path, holds, operandPathText),
      };
    }
  }
  // No operator (validation reports it): the engine reads the Variable, then matches nothing.
  if (variable.unknown !== undefined) return unknown(variable);
  if (!variable.found) return fail(undefined, invalidPath(path), variable);
  return { kind: 'invalid', variable, outcome: 'false', text: 'The rule has no comparison operator: it matches nothing.' };
}

function comparisonText(op: LiteralOperator, variable: PathReadExplanation, operand: Json, path: string, holds: boolean, operandPath?: string): string {
  const value = variable.value as Json;
  const type = operatorValueType(op) ?? 'string';
  const read = `${path} reads ${shortJson(value)}`;
  const operandText = operandPath !== undefined ? `${operandPath} (${shortJson(operand)})` : shortJson(operand);
  const typeName = TYPE_WORDS[type];
  const isType = (v: Json) => (type === 'timestamp' ? typeof v === 'string' : typeof v === type);
  if (!isType(value)) return `${read}, which is not ${typeName}: ${op} is false (values of another type never match).`;
  if (operandPath !== undefined && !isType(operand)) return `${read}, but ${operandPath} reads ${shortJson(operand)}, which is not ${typeName}: ${op} is false.`;
  if (type === 'timestamp' && parseTimestamp(value as string) === undefined) return `${read}, which is not a timestamp: ${op} is false.`;
  if (type === 'timestamp' && (typeof operand !== 'string' || parseTimestamp(operand) === undefined)) return `${read}, but ${operandText} is not a timestamp: ${op} is false.`;
  return `${read}: ${shortJson(value)} ${symbolOf(op)} ${operandText} is ${String(holds)}.`;
}
