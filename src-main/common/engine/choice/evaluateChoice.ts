import type { ChoiceRule } from '../../asl/types';
import type { Json } from '../../json';
import { readPath, readPathWithContext, type PathRead } from '../dataflow/jsonPath';
import { runtimeError, type StatesError } from '../errors';
import { compareTimestamps, parseTimestamp } from './timestamp';
import { matchesStringPattern } from './stringMatches';

/**
 * JSONPath Choice rules (Developer Guide, "Choice workflow state", "Choice Rules (JSONPath)"):
 * comparisons of a `Variable` against a literal or against another path (`...Path`), type tests
 * (`Is...`), and the boolean combinations `And`, `Or`, `Not`. JSONata rules (`Condition`) are
 * evaluated elsewhere.
 *
 * AWS semantics kept here:
 * - A comparison whose operands are not both of the operator's type is false, not an error
 *   (choice_operators/*: `NumericEquals` on a string, `BooleanEquals` on `0`, ...).
 * - A `Variable` (or a `...Path` operand) that names nothing fails the execution with
 *   States.Runtime, `Invalid path '<path>': The choice state's condition path references an invalid
 *   value.`, for every operator except `IsPresent`, which exists to test exactly that.
 * - `And`/`Or` evaluate left to right and stop at the first deciding rule, so a later rule's
 *   missing path is not reached.
 */

/** What a Choice rule can read besides the state input. */
export interface ChoiceEnv {
  /** The Context object (`$$`). */
  context: Json;
  /** Workflow variables (`$name`), when the state machine uses them. */
  variables?: Readonly<Record<string, Json>>;
}

/** The rule that matched: its index in `Choices` and its `Next`. */
export interface ChoiceMatch {
  matchedIndex: number;
  next: string;
}

/** Comparison operators that take a literal, with the type their literal and variable must have. */
const LITERAL_OPERATORS = {
  StringEquals: 'string',
  StringLessThan: 'string',
  StringGreaterThan: 'string',
  StringLessThanEquals: 'string',
  StringGreaterThanEquals: 'string',
  StringMatches: 'string',
  NumericEquals: 'number',
  NumericLessThan: 'number',
  NumericGreaterThan: 'number',
  NumericLessThanEquals: 'number',
  NumericGreaterThanEquals: 'number',
  BooleanEquals: 'boolean',
  TimestampEquals: 'timestamp',
  TimestampLessThan: 'timestamp',
  TimestampGreaterThan: 'timestamp',
  TimestampLessThanEquals: 'timestamp',
  TimestampGreaterThanEquals: 'timestamp',
} as const;

/** The type tests; their operand is the boolean the test must produce. */
const TYPE_TESTS = ['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'] as const;

type LiteralOperator = keyof typeof LITERAL_OPERATORS;
type TypeTest = (typeof TYPE_TESTS)[number];

function isLiteralOperator(name: string): name is LiteralOperator {
  return Object.prototype.hasOwnProperty.call(LITERAL_OPERATORS, name);
}

/** Every comparison operator name (literal, `...Path` and `Is...`), for validation. */
export const CHOICE_COMPARISON_OPERATORS: readonly string[] = [
  ...Object.keys(LITERAL_OPERATORS),
  ...Object.keys(LITERAL_OPERATORS)
    .filter((k) => k !== 'StringMatches')
    .map((k) => `${k}Path`),
  ...TYPE_TESTS,
];

/** The JSON type a comparison operator (literal or `...Path`) compares, or undefined for others. */
export function operatorValueType(operator: string): 'string' | 'number' | 'boolean' | 'timestamp' | undefined {
  const base = operator.endsWith('Path') ? operator.slice(0, -4) : operator;
  if (!isLiteralOperator(base) || (base === 'StringMatches' && base !== operator)) return undefined;
  return LITERAL_OPERATORS[base];
}

/**
 * Evaluates `Choices` in order and returns the first rule that matches, or null when none does (the
 * caller then takes `Default` or fails with States.NoChoiceMatched). Throws StatesError
 * (States.Runtime) when a rule reads a path that does not exist.
 */
export function evaluateChoiceRules(rules: readonly ChoiceRule[], input: Json, env: ChoiceEnv): ChoiceMatch | null {
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (evaluateRule(rule, input, env)) return { matchedIndex: i, next: String(rule.Next) };
  }
  return null;
}

/** Evaluates one rule (a comparison, a type test or an And/Or/Not combination) against `input`. */
export function evaluateRule(rule: ChoiceRule, input: Json, env: ChoiceEnv): boolean {
  if (rule.And !== undefined) {
    for (const sub of rule.And) if (!evaluateRule(sub, input, env)) return false;
    return true;
  }
  if (rule.Or !== undefined) {
    for (const sub of rule.Or) if (evaluateRule(sub, input, env)) return true;
    return false;
  }
  if (rule.Not !== undefined) return !evaluateRule(rule.Not, input, env);
  if (rule.Condition !== undefined) {
    // A bug in the caller: JSONata rules are evaluated by the JSONata evaluator.
    throw new Error('evaluateRule: a JSONata Condition rule cannot be evaluated as a JSONPath rule');
  }

  const variablePath = String(rule.Variable);
  const variable = readChoicePath(input, env, variablePath);

  for (const test of TYPE_TESTS) {
    if (rule[test] !== undefined) return evaluateTypeTest(test, rule[test] === true, variable, variablePath);
  }
  if (!variable.found) throw invalidPath(variablePath);
  const value = variable.value;

  for (const key of Object.keys(rule)) {
    if (isLiteralOperator(key)) return compare(key, value, rule[key] as Json);
    if (key.endsWith('Path')) {
      const base = key.slice(0, -4);
      if (!isLiteralOperator(base) || base === 'StringMatches') continue;
      const operandPath = String(rule[key]);
      const operand = readChoicePath(input, env, operandPath);
      if (!operand.found) throw invalidPath(operandPath);
      return compare(base, value, operand.value);
    }
  }
  // Validation guarantees an operator; a rule without one matches nothing.
  return false;
}

function invalidPath(path: string): StatesError {
  return runtimeError(`Invalid path '${path}': The choice state's condition path references an invalid value.`);
}

const VARIABLE_REFERENCE = /^\$([A-Za-z_][A-Za-z0-9_]*)/;

/**
 * Reads a path of a Choice rule: `$...` from the input, `$$...` from the Context object, and
 * `$name...` from the workflow variable `name`.
 */
function readChoicePath(input: Json, env: ChoiceEnv, path: string): PathRead {
  const variable = VARIABLE_REFERENCE.exec(path);
  if (variable !== null) {
    const name = variable[1];
    const vars = env.variables;
    if (vars === undefined || !Object.prototype.hasOwnProperty.call(vars, name)) {
      return { found: false, message: `Variable '${name}' is not defined` };
    }
    return readPath(vars[name], '$' + path.slice(variable[0].length));
  }
  return readPathWithContext(input, env.context, path);
}

function evaluateTypeTest(test: TypeTest, expected: boolean, variable: PathRead, path: string): boolean {
  if (test === 'IsPresent') return variable.found === expected;
  if (!variable.found) throw invalidPath(path);
  const v = variable.value;
  let actual: boolean;
  switch (test) {
    case 'IsNull':
      actual = v === null;
      break;
    case 'IsNumeric':
      actual = typeof v === 'number';
      break;
    case 'IsString':
      actual = typeof v === 'string';
      break;
    case 'IsBoolean':
      actual = typeof v === 'boolean';
      break;
    case 'IsTimestamp':
      actual = typeof v === 'string' && parseTimestamp(v) !== undefined;
      break;
  }
  return actual === expected;
}

function compare(op: LiteralOperator, value: Json, operand: Json): boolean {
  switch (LITERAL_OPERATORS[op]) {
    case 'string': {
      if (typeof value !== 'string' || typeof operand !== 'string') return false;
      if (op === 'StringMatches') return matchesStringPattern(value, operand);
      // Java's String.compareTo: UTF-16 code units, as JavaScript's relational operators.
      return ordered(op, value < operand ? -1 : value > operand ? 1 : 0);
    }
    case 'number': {
      if (typeof value !== 'number' || typeof operand !== 'number') return false;
      return ordered(op, value < operand ? -1 : value > operand ? 1 : 0);
    }
    case 'boolean':
      return typeof value === 'boolean' && typeof operand === 'boolean' && value === operand;
    case 'timestamp': {
      if (typeof value !== 'string' || typeof operand !== 'string') return false;
      const a = parseTimestamp(value);
      const b = parseTimestamp(operand);
      if (a === undefined || b === undefined) return false;
      return ordered(op, compareTimestamps(a, b));
    }
  }
}

function ordered(op: LiteralOperator, cmp: number): boolean {
  if (op.endsWith('GreaterThanEquals')) return cmp >= 0;
  if (op.endsWith('LessThanEquals')) return cmp <= 0;
  if (op.endsWith('GreaterThan')) return cmp > 0;
  if (op.endsWith('LessThan')) return cmp < 0;
  return cmp === 0;
}
