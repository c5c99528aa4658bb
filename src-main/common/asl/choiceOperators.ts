/**
 * The operator vocabulary of JSONPath Choice rules (Developer Guide, "Choice Rules (JSONPath)"):
 * comparisons against a literal (`StringEquals`, `NumericLessThan`, ...), their `...Path` forms
 * (every one except `StringMatches`), and the type tests (`IsNull`, `IsPresent`, ...), each with
 * the JSON type it compares. Definition validation (`validation/choiceRules.ts`) and the engine's
 * Choice evaluation (`engine/choice/`) share this one table, so it sits in asl/, below both.
 */

/** Comparison operators that take a literal, with the type their literal and variable must have. */
export const LITERAL_OPERATORS = {
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

/** The type tests; their operand is the boolean the test must produce (shared by validation, evaluateChoice.ts and explainChoice.ts). */
export const TYPE_TESTS = ['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'] as const;

/** A comparison operator that takes a literal operand (`NumericEquals`, `StringMatches`, ...). */
export type LiteralOperator = keyof typeof LITERAL_OPERATORS;
/** A type test operator (`IsNull`, `IsPresent`, ...). */
export type TypeTest = (typeof TYPE_TESTS)[number];

/** True when `name` is a comparison operator taking a literal (shared by validation, evaluateChoice.ts and explainChoice.ts). */
export function isLiteralOperator(name: string): name is LiteralOperator {
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
