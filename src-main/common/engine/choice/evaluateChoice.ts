import type { ChoiceRule } from '../../asl/types';
import type { Json } from '../../json';
import { compilePathReader, readPath, type PathRead } from '../dataflow/jsonPath';
import { runtimeError, type StatesError } from '../errors';
import { compareTimestamps, parseTimestamp } from '../../asl/timestamp';
import { isLiteralOperator, LITERAL_OPERATORS, TYPE_TESTS, type LiteralOperator, type TypeTest } from '../../asl/choiceOperators';
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
  /** Workflow variables read one by one (the interpreter's scopes); takes precedence over `variables`. */
  lookupVariable?(name: string): Json | undefined;
}

/** The rule that matched: its index in `Choices` and its `Next`. */
export interface ChoiceMatch {
  matchedIndex: number;
  next: string;
}

/**
 * Evaluates `Choices` in order and returns the first rule that matches, or null when none does (the
 * caller then takes `Default` or fails with States.NoChoiceMatched). Throws StatesError
 * (States.Runtime) when a rule reads a path that does not exist.
 */
export function evaluateChoiceRules(rules: readonly ChoiceRule[], input: Json, env: ChoiceEnv): ChoiceMatch | null {
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (compileRule(rule)(input, env)) return { matchedIndex: i, next: String(rule.Next) };
  }
  return null;
}

/**
 * A Choice state's rules prepared once, for a state visited many times (a loop): operators are
 * looked up and paths parsed ahead. Evaluating it gives exactly what evaluateChoiceRules gives.
 */
export interface CompiledChoiceRules {
  readonly rules: readonly { readonly test: RuleTest; readonly match: ChoiceMatch }[];
}

/** One rule, compiled: true when it matches `input`. */
type RuleTest = (input: Json, env: ChoiceEnv) => boolean;

/** Compiles `Choices` for evaluateCompiledChoiceRules. Never throws: failures happen on evaluation. */
export function compileChoiceRules(rules: readonly ChoiceRule[]): CompiledChoiceRules {
  return {
    rules: rules.map((rule, i) => ({ test: compileRule(rule), match: { matchedIndex: i, next: String(rule.Next) } })),
  };
}

/**
 * Evaluates compiled `Choices` in order: see evaluateChoiceRules. The returned match is shared
 * between evaluations and must not be modified.
 */
export function evaluateCompiledChoiceRules(compiled: CompiledChoiceRules, input: Json, env: ChoiceEnv): ChoiceMatch | null {
  const rules = compiled.rules;
  for (let i = 0; i < rules.length; i++) {
    if (rules[i].test(input, env)) return rules[i].match;
  }
  return null;
}

/** Evaluates one rule (a comparison, a type test or an And/Or/Not combination) against `input`. */
export function evaluateRule(rule: ChoiceRule, input: Json, env: ChoiceEnv): boolean {
  return compileRule(rule)(input, env);
}

/**
 * Compiles one rule. The order of reads and failures is the rule's meaning: the Variable is read
 * first, a type test decides on its own (`IsPresent` accepts a missing Variable), any other
 * operator needs the Variable to exist, and a `...Path` operand is read after it.
 */
function compileRule(rule: ChoiceRule): RuleTest {
  if (rule.And !== undefined) {
    const subs = rule.And.map(compileRule);
    return (input, env) => {
      for (const sub of subs) if (!sub(input, env)) return false;
      return true;
    };
  }
  if (rule.Or !== undefined) {
    const subs = rule.Or.map(compileRule);
    return (input, env) => {
      for (const sub of subs) if (sub(input, env)) return true;
      return false;
    };
  }
  if (rule.Not !== undefined) {
    const sub = compileRule(rule.Not);
    return (input, env) => !sub(input, env);
  }

  const variablePath = String(rule.Variable);
  const readVariable = compileChoicePath(variablePath);

  for (const test of TYPE_TESTS) {
    if (rule[test] !== undefined) {
      const expected = rule[test] === true;
      return (input, env) => evaluateTypeTest(test, expected, readVariable(input, env), variablePath);
    }
  }

  for (const key of Object.keys(rule)) {
    const literalOp = isLiteralOperator(key) ? key : undefined;
    if (literalOp !== undefined) {
      const operand = rule[key] as Json;
      const holds = comparison(literalOp);
      return (input, env) => holds(readExisting(readVariable, variablePath, input, env), operand);
    }
    if (key.endsWith('Path') && key !== 'StringMatches') {
      const base = key.slice(0, -4);
      // An own-property test: a key such as `constructorPath` must not find Object.prototype members.
      if (!isLiteralOperator(base) || base === 'StringMatches') continue;
      const operandPath = String(rule[key]);
      const readOperand = compileChoicePath(operandPath);
      const holds = comparison(base as LiteralOperator);
      return (input, env) => {
        const value = readExisting(readVariable, variablePath, input, env);
        return holds(value, readExisting(readOperand, operandPath, input, env));
      };
    }
  }
  // Validation guarantees an operator; a rule without one matches nothing (once its Variable exists).
  return (input, env) => {
    readExisting(readVariable, variablePath, input, env);
    return false;
  };
}

/** Reads a rule's path; a path that names nothing fails the execution. */
function readExisting(read: ChoicePathReader, path: string, input: Json, env: ChoiceEnv): Json {
  const r = read(input, env);
  if (!r.found) throw invalidPath(path);
  return r.value;
}

/** The States.Runtime error of a Choice path that names nothing (shared with explainChoice.ts). */
export function invalidPath(path: string): StatesError {
  return runtimeError(`Invalid path '${path}': The choice state's condition path references an invalid value.`);
}

const VARIABLE_REFERENCE = /^\$([A-Za-z_][A-Za-z0-9_]*)/;

/** Reads one path of a Choice rule. */
export type ChoicePathReader = (input: Json, env: ChoiceEnv) => PathRead;

/**
 * Compiles a path of a Choice rule: `$...` reads the input, `$$...` the Context object, and
 * `$name...` the workflow variable `name`.
 */
export function compileChoicePath(path: string): ChoicePathReader {
  const variable = VARIABLE_REFERENCE.exec(path);
  if (variable !== null) {
    const name = variable[1];
    const rest = '$' + path.slice(variable[0].length);
    return (_input, env) => {
      if (env.lookupVariable !== undefined) {
        const value = env.lookupVariable(name);
        if (value === undefined) return { found: false, message: `Variable '${name}' is not defined` };
        return readPath(value, rest);
      }
      const vars = env.variables;
      if (vars === undefined || !Object.prototype.hasOwnProperty.call(vars, name)) {
        return { found: false, message: `Variable '${name}' is not defined` };
      }
      return readPath(vars[name], rest);
    };
  }
  return compilePathReader(path);
}

/**
 * The outcome of a type test on the value its Variable read; throws States.Runtime when the
 * Variable names nothing and the test is not `IsPresent` (shared with explainChoice.ts).
 */
export function evaluateTypeTest(test: TypeTest, expected: boolean, variable: PathRead, path: string): boolean {
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

/** The test of a comparison operator: does `value <op> operand` hold? */
export type Comparison = (value: Json, operand: Json) => boolean;

/**
 * The comparison for `op`. Operands that are not both of the operator's type compare false.
 * Strings compare as Java's String.compareTo does (UTF-16 code units, as JavaScript's relational
 * operators). Shared with explainChoice.ts.
 */
export function comparison(op: LiteralOperator): Comparison {
  const accepts = ordering(op);
  switch (LITERAL_OPERATORS[op]) {
    case 'string':
      if (op === 'StringMatches') {
        return (value, operand) => typeof value === 'string' && typeof operand === 'string' && matchesStringPattern(value, operand);
      }
      return (value, operand) =>
        typeof value === 'string' && typeof operand === 'string' && accepts(value < operand ? -1 : value > operand ? 1 : 0);
    case 'number':
      return (value, operand) =>
        typeof value === 'number' && typeof operand === 'number' && accepts(value < operand ? -1 : value > operand ? 1 : 0);
    case 'boolean':
      return (value, operand) => typeof value === 'boolean' && typeof operand === 'boolean' && value === operand;
    case 'timestamp':
      return (value, operand) => {
        if (typeof value !== 'string' || typeof operand !== 'string') return false;
        const a = parseTimestamp(value);
        const b = parseTimestamp(operand);
        if (a === undefined || b === undefined) return false;
        return accepts(compareTimestamps(a, b));
      };
  }
}

/** Which results of a three-way comparison (-1, 0, 1) satisfy `op`. */
function ordering(op: LiteralOperator): (cmp: number) => boolean {
  if (op.endsWith('GreaterThanEquals')) return (cmp) => cmp >= 0;
  if (op.endsWith('LessThanEquals')) return (cmp) => cmp <= 0;
  if (op.endsWith('GreaterThan')) return (cmp) => cmp > 0;
  if (op.endsWith('LessThan')) return (cmp) => cmp < 0;
  return (cmp) => cmp === 0;
}
