import type { Json, JsonObject } from '../../json';
import { isJsonObject } from '../../json';
import type { PathSegment } from './pointer';

/**
 * How deeply a definition may nest objects and arrays. AWS reads definitions with Jackson, whose
 * default `StreamReadConstraints` reject a document nested more than 1000 levels deep; the
 * validator and the engine walk values recursively, so a deeper value is rejected up front rather
 * than overflowing the stack.
 */
export const MAX_NESTING_DEPTH = 1000;

/** The message for a value nested deeper than `MAX_NESTING_DEPTH` (our wording; AWS's is Jackson's). */
export const NESTING_TOO_DEEP_MESSAGE = `Document nesting depth exceeds the maximum allowed (${MAX_NESTING_DEPTH})`;

/**
 * The path of the first value (in document order) nested deeper than `limit` containers, or
 * undefined when there is none. The root object is at depth 1. Iterative, so it cannot overflow
 * the stack itself.
 */
export function findTooDeep(value: Json, limit: number = MAX_NESTING_DEPTH): PathSegment[] | undefined {
  const isContainer = (v: Json): boolean => Array.isArray(v) || isJsonObject(v);
  if (!isContainer(value)) return undefined;
  const stack: { value: Json; path: PathSegment[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop() as { value: Json; path: PathSegment[] };
    if (path.length + 1 > limit) return path;
    const children: [PathSegment, Json][] = Array.isArray(v) ? v.map((c, i): [PathSegment, Json] => [i, c]) : Object.entries(v as JsonObject);
    // Pushed in reverse so that the first child is visited first.
    for (let i = children.length - 1; i >= 0; i--) {
      const [key, child] = children[i];
      if (isContainer(child)) stack.push({ value: child, path: [...path, key] });
    }
  }
  return undefined;
}
