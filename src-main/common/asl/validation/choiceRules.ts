import { CHOICE_COMPARISON_OPERATORS, operatorValueType } from '../choiceOperators';
import { isTimestamp } from '../timestamp';
import type { Json, JsonObject } from '../../json';
import { checkJsonataValue, isJsonataExpression } from './jsonata';
import { checkPath } from './paths';
import type { PathSegment } from './pointer';
import { expectRequired, expectType, type Reporter } from './reporter';
import { checkPayloadTemplate } from './payload';

/**
 * Validation of a Choice state's `Choices` (Developer Guide, "Choice workflow state"). A JSONPath
 * rule is a comparison (`Variable` + one operator), a type test, or `And`/`Or`/`Not` of nested
 * rules; only the top-level rule carries `Next` (and `Assign`). A JSONata rule is a `Condition`.
 */

const OPERATORS: ReadonlySet<string> = new Set(CHOICE_COMPARISON_OPERATORS);
const SELECTORS = ['And', 'Or', 'Not', 'Variable', 'Condition'];

/** Validates the `Choices` array of a Choice state. */
export function checkChoices(r: Reporter, state: JsonObject, statePath: readonly PathSegment[], jsonata: boolean): void {
  const choices = state.Choices;
  if (choices === undefined) return; // reported by the required-field check
  const path = [...statePath, 'Choices'];
  if (!expectType(r, choices, 'ARRAY', path)) return;
  const list = choices as Json[];
  if (list.length === 0) {
    r.schema('Value cannot be empty', { path });
    return;
  }
  list.forEach((rule, i) => checkRule(r, rule, [...path, i], jsonata, true));
}

function checkRule(r: Reporter, rule: Json, path: readonly PathSegment[], jsonata: boolean, topLevel: boolean): void {
  if (!expectType(r, rule, 'OBJECT', path)) return;
  const obj = rule as JsonObject;
  const language = jsonata ? 'JSONata' : 'JSONPath';

  for (const key of Object.keys(obj)) {
    const keyPath = [...path, key];
    if (key === 'Next' || key === 'Assign') {
      if (!topLevel) r.schema(`Field '${key}' is not supported`, { path: keyPath, awsPath: path });
      continue;
    }
    if (key === 'Comment' || key === 'And' || key === 'Or' || key === 'Not') {
      if (jsonata && key !== 'Comment') r.schema(otherLanguage(language, key), { path: keyPath, awsPath: path });
      continue;
    }
    if (key === 'Output' || key === 'Condition') {
      if (!jsonata) r.schema(otherLanguage(language, key), { path: keyPath, awsPath: path });
      else if (key === 'Output' && !topLevel) r.schema(`Field '${key}' is not supported`, { path: keyPath, awsPath: path });
      continue;
    }
    if (key === 'Variable' || OPERATORS.has(key)) {
      if (jsonata) r.schema(otherLanguage(language, key), { path: keyPath, awsPath: path });
      continue;
    }
    r.schema(`Field '${key}' is not supported`, { path: keyPath, awsPath: path });
  }

  if (topLevel) {
    expectRequired(r, obj, ['Next'], path);
    if (obj.Next !== undefined) expectType(r, obj.Next, 'STRING', [...path, 'Next']);
    if (obj.Assign !== undefined && expectType(r, obj.Assign, 'OBJECT', [...path, 'Assign'])) {
      if (jsonata) checkJsonataValue(r, obj.Assign, [...path, 'Assign']);
      else checkPayloadTemplate(r, obj.Assign, [...path, 'Assign']);
    }
    if (jsonata && obj.Output !== undefined) checkJsonataValue(r, obj.Output, [...path, 'Output']);
  }
  if (obj.Comment !== undefined) expectType(r, obj.Comment, 'STRING', [...path, 'Comment']);

  if (jsonata) {
    if (obj.Condition === undefined) {
      r.schema('These fields are required: [Condition]', { path });
      return;
    }
    const c = obj.Condition;
    if (typeof c === 'boolean') return;
    if (!isJsonataExpression(c)) {
      r.schema('The value of the field \'Condition\' must be a JSONata expression ({% ... %}) or a boolean', {
        path: [...path, 'Condition'],
      });
      return;
    }
    checkJsonataValue(r, c, [...path, 'Condition']);
    return;
  }

  const operators = Object.keys(obj).filter((k) => OPERATORS.has(k));
  const selectors = SELECTORS.filter((s) => obj[s] !== undefined && s !== 'Condition');
  if (selectors.length === 0 && operators.length > 0) {
    r.schema('These fields are required: [Variable]', { path });
  } else if (selectors.length !== 1) {
    // AWS's wording for a rule with none or several of these.
    r.schema('The object must have only one of the following fields, [And, Or, Not, Variable, Condition]', { path });
    if (selectors.length === 0) return;
  }
  if (obj.And !== undefined) checkRuleList(r, obj.And, [...path, 'And'], jsonata);
  if (obj.Or !== undefined) checkRuleList(r, obj.Or, [...path, 'Or'], jsonata);
  if (obj.Not !== undefined) checkRule(r, obj.Not, [...path, 'Not'], jsonata, false);

  if (obj.Variable !== undefined) {
    const vPath = [...path, 'Variable'];
    if (expectType(r, obj.Variable, 'STRING', vPath)) {
      const reason = checkPath(obj.Variable as string, 'reference-read');
      if (reason !== undefined) r.schema(`Value is not a Reference Path: ${reason}`, { path: vPath });
    }
    if (operators.length === 0) {
      r.schema('A Choice Rule with \'Variable\' must have a comparison operator', { path });
    } else if (operators.length > 1) {
      r.schema(`There should only be one of the following fields: [${operators.join(', ')}]`, { path });
    }
  }
  for (const op of operators) checkOperand(r, op, obj[op], [...path, op]);
}

function checkRuleList(r: Reporter, value: Json, path: readonly PathSegment[], jsonata: boolean): void {
  if (!expectType(r, value, 'ARRAY', path)) return;
  const list = value as Json[];
  if (list.length === 0) {
    r.schema('Value cannot be empty', { path });
    return;
  }
  list.forEach((sub, i) => checkRule(r, sub, [...path, i], jsonata, false));
}

function checkOperand(r: Reporter, op: string, value: Json, path: readonly PathSegment[]): void {
  if (op.startsWith('Is')) {
    expectType(r, value, 'BOOLEAN', path);
    return;
  }
  if (op.endsWith('Path')) {
    if (!expectType(r, value, 'STRING', path)) return;
    const reason = checkPath(value as string, 'reference-read');
    if (reason !== undefined) r.schema(`Value is not a Reference Path: ${reason}`, { path });
    return;
  }
  switch (operatorValueType(op)) {
    case 'string':
      expectType(r, value, 'STRING', path);
      return;
    case 'number':
      expectType(r, value, 'NUMBER', path);
      return;
    case 'boolean':
      expectType(r, value, 'BOOLEAN', path);
      return;
    case 'timestamp':
      if (expectType(r, value, 'STRING', path) && !isTimestamp(value as string)) {
        r.schema('String does not match RFC3339 timestamp', { path });
      }
      return;
  }
}

function otherLanguage(language: string, field: string): string {
  const other = language === 'JSONata' ? 'JSONPath' : 'JSONata';
  return `The QueryLanguage is set to '${language}', but field '${field}' is only supported for the '${other}' QueryLanguage`;
}

