import type { Json } from '../../json';
import { StatesError, StatesErrors } from '../errors';
import type { PathRead } from '../dataflow/jsonPath';

/*
 * Integer fields given by a path (MaxConcurrencyPath, ToleratedFailureCountPath,
 * ReaderConfig.MaxItemsPath): one rule for inline and distributed Maps.
 *
 * - The value is a JSON integer, or a string holding one (LocalStack's MaxConcurrencyPath,
 *   state_map/max_concurrency.py, converts with int(), which takes "5"); anything else — a
 *   fraction (recorded: scenarios/test_map_item_reader_csv_max_items_paths__1.5), a boolean, an
 *   object, a word (recorded: scenarios/test_max_concurrency_path__NoNumber) — fails the state
 *   with States.Runtime: `The <Field> field refers to value "<value>" which is not a valid
 *   integer: <path>`.
 * - MaxConcurrency cannot be negative. AWS's wording is not recorded; LocalStack's (same file) is
 *   `Expected non-negative integer for MaxConcurrency, got '<n>' instead.`
 */

function shown(v: Json): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** An integer from a JSON integer or a string holding one; undefined when it is neither. */
export function asInteger(v: Json): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return Number(v);
  return undefined;
}

/** The value read from `path` for `field` as an integer; throws States.Runtime when it is none. */
export function integerFromPath(read: PathRead, field: string, path: string): number {
  if (!read.found) throw new StatesError(StatesErrors.Runtime, `Invalid path '${path}' : ${read.message}`);
  const n = asInteger(read.value);
  if (n === undefined) {
    throw new StatesError(StatesErrors.Runtime, `The ${field} field refers to value "${shown(read.value)}" which is not a valid integer: ${path}`);
  }
  return n;
}

/** MaxConcurrency read from MaxConcurrencyPath: an integer, not negative. */
export function maxConcurrencyFromPath(read: PathRead, path: string): number {
  const n = integerFromPath(read, 'MaxConcurrencyPath', path);
  if (n < 0) throw new StatesError(StatesErrors.Runtime, `Expected non-negative integer for MaxConcurrency, got '${String(n)}' instead.`);
  return n;
}
