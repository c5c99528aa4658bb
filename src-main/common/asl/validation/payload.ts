import type { Json } from '../../json';
import { isJsonObject } from '../../json';
import { checkIntrinsic, checkPath, looksLikeIntrinsic } from './paths';
import type { PathSegment } from './pointer';
import type { Reporter } from './reporter';

/**
 * Payload templates of JSONPath states (Parameters, ResultSelector, ItemSelector, Assign, ...):
 * a field whose name ends in `.$` takes its value from a path or an intrinsic function call
 * (Developer Guide, "Parameters"), so its value must be a string that is one of those.
 */

/** Checks every `.$` field of a payload template, at any depth. */
export function checkPayloadTemplate(r: Reporter, value: Json, path: readonly PathSegment[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkPayloadTemplate(r, v, [...path, i]));
    return;
  }
  if (!isJsonObject(value)) return;
  for (const [key, v] of Object.entries(value)) {
    const childPath = [...path, key];
    if (key.endsWith('.$')) {
      if (!isValidDynamicValue(v)) {
        r.schema(`The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`, {
          path: childPath,
        });
      }
    } else checkPayloadTemplate(r, v, childPath);
  }
}

/** True for a string that is a JSONPath (`$`, `$$`, `$var`) or an intrinsic function call. */
export function isValidDynamicValue(v: Json): boolean {
  if (typeof v !== 'string') return false;
  if (looksLikeIntrinsic(v)) return checkIntrinsic(v.trim()) === undefined;
  return checkPath(v, 'jsonpath') === undefined;
}
