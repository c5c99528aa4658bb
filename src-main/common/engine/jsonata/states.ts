import type { Json, JsonObject } from '../../json';
import type { ChoiceRule } from '../../asl/types';
import type { Assignment } from '../variables/variables';
import {
  evaluateJsonata,
  evaluateJsonataTemplate,
  isJsonataString,
  jsonataBody,
  QueryEvaluationError,
  type JsonataEnv,
} from './evaluate';

/**
 * The JSONata-language pieces of each state type (Developer Guide, "Transforming data with
 * JSONata"): `Assign` and `Output` (evaluated together, both seeing the variables from before the
 * state), a Choice rule's `Condition`, Map `Items`, number fields (`Seconds`, `TimeoutSeconds`,
 * `MaxConcurrency`, ...) and Fail's `Error` / `Cause`. The interpreter builds the JsonataEnv
 * (`$states.input`, `$states.result`, `$states.errorOutput`, `$states.context`, variables).
 */

/** What `Output` and `Assign` gave: the state's output and the variables it assigns (if any). */
export interface JsonataOutcome {
  output: Json;
  assignment: Assignment | undefined;
}

/** Fields that carry `Assign` and `Output`: a state, a Choice rule, a Catch clause. */
export interface OutputFields {
  Assign?: JsonObject;
  Output?: Json;
}

/**
 * Evaluates `Assign` then `Output` of `fields`. `defaultOutput` is the output when there is no
 * `Output` field (the state input, or `$states.result`, or `$states.errorOutput`). `prefix` names
 * an enclosing rule or clause in error locations (`Catch[0]/`).
 */
export async function evaluateAssignAndOutput(
  fields: OutputFields,
  env: JsonataEnv,
  defaultOutput: Json,
  prefix = '',
): Promise<JsonataOutcome> {
  const assignment = fields.Assign !== undefined ? await evaluateJsonataAssign(fields.Assign, env, prefix) : undefined;
  const output = fields.Output !== undefined ? await evaluateJsonataTemplate(fields.Output, `${prefix}Output`, env) : defaultOutput;
  return { output, assignment };
}

/** Evaluates a JSONata-state `Assign`: each key is a variable name, each value a template. */
export async function evaluateJsonataAssign(assign: JsonObject, env: JsonataEnv, prefix = ''): Promise<Assignment> {
  const names: string[] = [];
  const values: Json[] = [];
  for (const name of Object.keys(assign)) {
    names.push(name);
    values.push(await evaluateJsonataTemplate(assign[name], `${prefix}Assign/${name}`, env));
  }
  return { names, values };
}

/** The JSON type name AWS uses in "unexpected result type" messages. */
export function jsonataTypeName(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

function unexpectedType(text: string, field: string, expected: string, value: Json): QueryEvaluationError {
  return new QueryEvaluationError(
    `The JSONata expression '${jsonataBody(text)}' specified for the field '${field}' returned an unexpected result type. ` +
      `Expected '${expected}', but was '${jsonataTypeName(value)}' for value: ${JSON.stringify(value)}`,
    field,
  );
}

/**
 * A Choice rule's `Condition`: `true`/`false`, or an expression that must give a boolean.
 * `location` is the field's name in errors.
 */
export async function evaluateCondition(rule: ChoiceRule, env: JsonataEnv, location: string): Promise<boolean> {
  const condition = rule.Condition;
  if (typeof condition === 'boolean') return condition;
  if (!isJsonataString(condition)) return false;
  const value = await evaluateJsonata(condition, location, env);
  if (typeof value !== 'boolean') throw unexpectedType(condition, location, 'boolean', value);
  return value;
}

/**
 * The items of a JSONata Map: `Items` (an array, or an expression giving one), or the state input,
 * which must then be an array (scenarios/test_map_state_items_eval_jsonata_fail__*,
 * scenarios/test_map_state_items_input_types__*).
 */
export async function evaluateMapItems(items: Json | undefined, input: Json, env: JsonataEnv): Promise<Json[]> {
  if (items === undefined) {
    if (Array.isArray(input)) return input;
    throw new QueryEvaluationError(`Map state input must be an array but was: ${JSON.stringify(input)}`, undefined);
  }
  if (isJsonataString(items)) {
    const value = await evaluateJsonata(items, 'Items', env);
    if (!Array.isArray(value)) throw unexpectedType(items, 'Items', 'array', value);
    return value;
  }
  const value = await evaluateJsonataTemplate(items, 'Items', env);
  if (!Array.isArray(value)) {
    throw new QueryEvaluationError(`Map state input must be an array but was: ${JSON.stringify(value)}`, undefined);
  }
  return value;
}

/**
 * A number field that JSONata states may write as an expression (`Seconds`, `TimeoutSeconds`,
 * `HeartbeatSeconds`, `MaxConcurrency`, `ToleratedFailureCount`, ...): undefined when absent.
 * An expression must give a number (`integer` true: a whole number of at least 0).
 */
export async function evaluateNumberField(
  value: Json | undefined,
  field: string,
  env: JsonataEnv,
  integer = true,
): Promise<number | undefined> {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  if (!isJsonataString(value)) return undefined;
  const v = await evaluateJsonata(value, field, env);
  if (typeof v !== 'number' || (integer && (!Number.isInteger(v) || v < 0))) {
    throw unexpectedType(value, field, integer ? 'integer' : 'number', v);
  }
  return v;
}

/**
 * A string field of a JSONata state (Fail `Error` / `Cause`, Wait `Timestamp`): its literal text,
 * or an expression's value, which must be a string.
 */
export async function evaluateStringField(value: string | undefined, field: string, env: JsonataEnv): Promise<string | undefined> {
  if (value === undefined) return undefined;
  if (!isJsonataString(value)) return value;
  const v = await evaluateJsonata(value, field, env);
  if (typeof v !== 'string') throw unexpectedType(value, field, 'string', v);
  return v;
}

/**
 * A JSONata Wait's `Timestamp` text in the strict form the JSONPath parser reads: AWS accepts
 * lower-case `t`/`z` and a time without seconds there (`2016-12-05T21:29Z`), and still refuses a
 * space for `T`, a missing offset and impossible dates.
 */
export function normaliseWaitTimestamp(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$/.exec(text);
  if (m === null) return text;
  const zone = m[4] === 'z' ? 'Z' : m[4];
  return `${m[1]}T${m[2]}${m[3] ?? ':00'}${zone}`;
}
