import { parseStatesArn } from '../../common/arn';
import type { Json, JsonObject } from '../../common/json';
import { decodeToken } from './wire';
import { sfnError, validationError, type SfnError } from './errors';

/**
 * Reading an action's request members with AWS's constraints and AWS's error for each broken one:
 * a missing or mistyped member is a ValidationException naming the member, an ARN of the wrong
 * kind is InvalidArn, a name AWS would refuse is InvalidName.
 */

/** A required string member. */
export function requiredString(body: JsonObject, member: string, max = 256, min = 1): string {
  const value = body[member];
  if (value === undefined || value === null) throw validationError(member, value, 'Member must not be null');
  return checkString(member, value, max, min);
}

/** An optional string member. */
export function optionalString(body: JsonObject, member: string, max = 256, min = 0): string | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  return checkString(member, value, max, min);
}

function checkString(member: string, value: Json, max: number, min: number): string {
  if (typeof value !== 'string') throw sfnError('SerializationException', `Member '${member}' must be a string`);
  if (value.length < min) throw validationError(member, value, `Member must have length greater than or equal to ${min}`);
  if (value.length > max) throw validationError(member, value.length > 100 ? `${value.slice(0, 100)}...` : value, `Member must have length less than or equal to ${max}`);
  return value;
}

/** An optional boolean member. */
export function optionalBoolean(body: JsonObject, member: string): boolean | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw sfnError('SerializationException', `Member '${member}' must be a boolean`);
  return value;
}

/** An optional integer member within [min, max]. */
export function optionalInteger(body: JsonObject, member: string, min: number, max: number): number | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw sfnError('SerializationException', `Member '${member}' must be an integer`);
  if (value < min) throw validationError(member, value, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw validationError(member, value, `Member must have value less than or equal to ${max}`);
  return value;
}

/** An optional member that must be one of `values`. */
export function optionalEnum<T extends string>(body: JsonObject, member: string, values: readonly T[]): T | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw validationError(member, value, `Member must satisfy enum value set: [${values.join(', ')}]`);
  }
  return value as T;
}

/** A page size: `maxResults` 0-1000 (0 or absent: `fallback`). */
export function pageSize(body: JsonObject, fallback = 100): number {
  const n = optionalInteger(body, 'maxResults', 0, 1000);
  return n === undefined || n === 0 ? fallback : n;
}

/** A nextToken of ours for `kind` over `subject`, or InvalidToken. */
export function pageToken(body: JsonObject, kind: string, subject: string): JsonObject | undefined {
  const token = optionalString(body, 'nextToken', 1024, 1);
  if (token === undefined) return undefined;
  const value = decodeToken(token);
  if (value === undefined || value.k !== kind || value.s !== subject) throw sfnError('InvalidToken', `Invalid Token: '${token}'`);
  return value;
}

/** The resource types of Step Functions ARNs this endpoint reads. */
export type ArnKind = 'stateMachine' | 'execution' | 'mapRun' | 'activity';

/**
 * Checks that `arn` is a Step Functions ARN of `kind` (an execution ARN may be an `express:` one),
 * else InvalidArn with AWS's wording.
 */
export function checkArn(arn: string, kind: ArnKind): void {
  const parts = parseStatesArn(arn);
  if (!/^arn:aws[a-z-]*:states:/.test(arn) || parts.resourceName === undefined || parts.resourceName === '') {
    throw sfnError('InvalidArn', `Invalid Arn: '${arn}'`);
  }
  const type = parts.resourceType === 'express' ? 'execution' : parts.resourceType;
  if (type !== kind) throw sfnError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${parts.resourceType}'`);
  if ((kind === 'execution' || kind === 'mapRun') && parts.rest === '') throw sfnError('InvalidArn', `Invalid Arn: '${arn}'`);
}

/** Characters AWS does not allow in a state machine, execution or activity name (API Reference, "name"). */
const FORBIDDEN_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

/**
 * A name as AWS accepts it (1-80 characters, none of the forbidden ones), else InvalidName. Local
 * runs are further limited to letters, digits, `-` and `_` (the service's names): a name AWS takes
 * but Stepscope does not is refused with that reason.
 */
export function checkName(name: string): string {
  if (name.length < 1 || name.length > 80 || FORBIDDEN_NAME.test(name)) throw sfnError('InvalidName', `Invalid Name: '${name}'`);
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    throw sfnError('InvalidName', `Invalid Name: '${name}' (Stepscope names state machines and executions with letters, digits, - and _ only)`);
  }
  return name;
}

/** Tags as AWS sends them: `[{ key, value }]`. */
export function tagList(body: JsonObject, member = 'tags'): { key: string; value: string }[] {
  const value = body[member];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw sfnError('SerializationException', `Member '${member}' must be a list`);
  return value.map((t, i) => {
    if (t === null || typeof t !== 'object' || Array.isArray(t)) throw sfnError('SerializationException', `Member '${member}[${i}]' must be a structure`);
    const key = requiredString(t, 'key', 128, 1);
    const v = optionalString(t, 'value', 256) ?? '';
    return { key, value: v };
  });
}

/** Re-throws `error` unless it is `type`; used where a lookup's failure becomes another error. */
export function isSfnError(error: unknown, type: string): error is SfnError {
  return error instanceof Error && 'type' in error && (error as SfnError).type === type;
}

/** JSON text as a value, or what is wrong with it (JSON.parse's message). */
export function parseJson(text: string): { ok: true; value: Json } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
