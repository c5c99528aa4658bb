import jsonata from 'jsonata';
import type { Json } from '../../json';
import { isJsonObject } from '../../json';
import type { PathSegment } from './pointer';
import type { Reporter } from './reporter';

/**
 * JSONata expressions in a definition: strings written `{% expression %}` (Developer Guide,
 * "Transforming data with JSONata"). The validator parses every such string in the fields AWS
 * evaluates as JSONata, so a syntax error is found before the state runs.
 */

/** True for a string written as a JSONata expression (`{% ... %}`). */
export function isJsonataExpression(value: Json | undefined): value is string {
  return typeof value === 'string' && value.startsWith('{%') && value.endsWith('%}');
}

/** The expression inside `{% ... %}`. */
export function jsonataBody(text: string): string {
  return text.slice(2, -2);
}

/** Parses an expression; returns undefined when it is valid, or the parser's message. */
export function checkJsonataSyntax(expression: string): string | undefined {
  if (expression.trim() === '') return 'The expression is empty';
  try {
    jsonata(expression);
    return undefined;
  } catch (e) {
    const err = e as { message?: string; position?: number };
    const where = typeof err.position === 'number' ? ` (at position ${err.position})` : '';
    return `${err.message ?? String(e)}${where}`;
  }
}

/**
 * Walks a value of a JSONata-evaluated field and reports each `{% %}` string that does not parse,
 * and each string that opens with `{%` without closing with `%}`.
 */
export function checkJsonataValue(r: Reporter, value: Json, path: readonly PathSegment[]): void {
  if (typeof value === 'string') {
    if (!value.startsWith('{%')) return;
    if (!value.endsWith('%}')) {
      r.schema('JSONata string must start with {% and end with %}', { path });
      return;
    }
    const problem = checkJsonataSyntax(jsonataBody(value));
    if (problem !== undefined) r.error('INVALID_JSONATA_EXPRESSION', `Invalid JSONata expression: ${problem}`, { path });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkJsonataValue(r, v, [...path, i]));
    return;
  }
  if (isJsonObject(value)) {
    for (const [k, v] of Object.entries(value)) checkJsonataValue(r, v, [...path, k]);
  }
}
