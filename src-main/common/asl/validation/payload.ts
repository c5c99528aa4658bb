import type { Json } from '../../json';
import { isJsonObject } from '../../json';
import { checkDynamicValue } from './paths';
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
  const names = new Set<string>();
  for (const [key, v] of Object.entries(value)) {
    const childPath = [...path, key];
    const name = key.endsWith('.$') ? key.slice(0, -2) : key;
    if (names.has(name)) {
      // `x` and `x.$` in one template both make the field `x`. AWS documents nothing; LocalStack
      // (component/common/payload/payloadvalue/payloadtmpl/payload_tmpl.py) accepts the template
      // and evaluates the bindings in order into one object, so the later one wins, as the engine
      // does (dataflow/payloadTemplate.ts). Not an error, but a value is lost: say so.
      r.warning('DUPLICATE_KEY', `Field '${name}' is given more than once (as '${name}' and '${name}.$'): the last one is used`, {
        path: childPath,
        awsPath: null,
      });
    }
    names.add(name);
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
  return checkDynamicValue(v, 'jsonpath') === undefined;
}
