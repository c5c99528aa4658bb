import type { Json, JsonObject } from '../../json';
import { isJsonObject } from '../../json';
import type { Diagnostic } from '../parseDefinition';
import { toAwsLocation, toPointer, type PathSegment } from './pointer';

/**
 * Collects diagnostics while the validator walks a definition, and holds the small typed checks
 * (`Expected value of type [STRING]`, `Minimum value is 0`, ...) that every part of it uses.
 */

/** Where a diagnostic is reported: our pointer, and AWS's location (`null`: AWS gives none). */
export interface ReportAt {
  /** Path of the offending value (becomes the RFC 6901 pointer). */
  path: readonly PathSegment[];
  /** Path AWS reports as `location`, when different from `path`; `null` when AWS reports none. */
  awsPath?: readonly PathSegment[] | null;
}

/** Accumulates diagnostics in the order they are found. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  /** Records an error. */
  error(code: string, message: string, at: ReportAt): void {
    this.add('error', code, message, at);
  }

  /** Records a warning. */
  warning(code: string, message: string, at: ReportAt): void {
    this.add('warning', code, message, at);
  }

  /** Records a SCHEMA_VALIDATION_FAILED error, AWS's code for a definition that breaks the schema. */
  schema(message: string, at: ReportAt): void {
    this.add('error', 'SCHEMA_VALIDATION_FAILED', message, at);
  }

  private add(severity: 'error' | 'warning', code: string, message: string, at: ReportAt): void {
    const d: Diagnostic = { severity, code, message, pointer: toPointer(at.path) };
    if (at.awsPath !== null) d.awsLocation = toAwsLocation(at.awsPath ?? at.path);
    this.diagnostics.push(d);
  }

  /** True when at least one error has been recorded since `mark` (a previous diagnostics length). */
  errorsSince(mark: number): boolean {
    for (let i = mark; i < this.diagnostics.length; i++) if (this.diagnostics[i].severity === 'error') return true;
    return false;
  }
}

/** `[STRING]`, `[INTEGER]`, ...: the JSON type names AWS uses in `Expected value of type [...]`. */
export type AwsType = 'STRING' | 'INTEGER' | 'NUMBER' | 'BOOLEAN' | 'OBJECT' | 'ARRAY';

/** Checks a value's JSON type; reports `Expected value of type [T]` at the value when it differs. */
export function expectType(r: Reporter, value: Json | undefined, type: AwsType, path: readonly PathSegment[]): boolean {
  if (value === undefined) return false;
  let ok: boolean;
  switch (type) {
    case 'STRING':
      ok = typeof value === 'string';
      break;
    case 'INTEGER':
      ok = typeof value === 'number' && Number.isInteger(value);
      break;
    case 'NUMBER':
      ok = typeof value === 'number';
      break;
    case 'BOOLEAN':
      ok = typeof value === 'boolean';
      break;
    case 'OBJECT':
      ok = isJsonObject(value);
      break;
    case 'ARRAY':
      ok = Array.isArray(value);
      break;
  }
  if (!ok) r.schema(`Expected value of type [${type}]`, { path });
  return ok;
}

/** Checks a number against inclusive bounds with AWS's `Minimum value is N` / `Maximum value is N`. */
export function expectRange(
  r: Reporter,
  value: number,
  path: readonly PathSegment[],
  min: number | undefined,
  max: number | undefined,
  decimal = false,
): boolean {
  const show = (n: number): string => (decimal && Number.isInteger(n) ? n.toFixed(1) : String(n));
  if (min !== undefined && value < min) {
    r.schema(`Minimum value is ${show(min)}`, { path });
    return false;
  }
  if (max !== undefined && value > max) {
    r.schema(`Maximum value is ${show(max)}`, { path });
    return false;
  }
  return true;
}

/** Reports every required field that is missing, in one `These fields are required: [...]`. */
export function expectRequired(r: Reporter, obj: JsonObject, fields: readonly string[], path: readonly PathSegment[]): boolean {
  const missing = fields.filter((f) => obj[f] === undefined);
  if (missing.length > 0) r.schema(`These fields are required: [${missing.join(', ')}]`, { path });
  return missing.length === 0;
}

/** Reports `Field '<name>' is not supported` (located at the object) for every field not in `allowed`. */
export function expectKnownFields(
  r: Reporter,
  obj: JsonObject,
  allowed: ReadonlySet<string>,
  path: readonly PathSegment[],
): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.has(key)) r.schema(`Field '${key}' is not supported`, { path: [...path, key], awsPath: path });
  }
}

/**
 * Reports when more than one of `fields` is present (`There should only be one of the following
 * fields: [...]`), or, when `required`, none is (`This object should have only one of the
 * following fields: [...]`). Returns the one present field, if exactly one is.
 */
export function expectOneOf(
  r: Reporter,
  obj: JsonObject,
  fields: readonly string[],
  path: readonly PathSegment[],
  required: boolean,
): string | undefined {
  const present = fields.filter((f) => obj[f] !== undefined);
  if (present.length > 1) {
    r.schema(`There should only be one of the following fields: [${fields.join(', ')}]`, { path });
    return undefined;
  }
  if (present.length === 0) {
    if (required) r.schema(`This object should have only one of the following fields: [${fields.join(', ')}]`, { path });
    return undefined;
  }
  return present[0];
}
