/**
 * How many leading items of `items` are at or before `cursor`: the items must be ascending by
 * `at` (by their own value without it). A binary search, for the projections that are asked
 * "how much of this had happened at the cursor?" at every cursor move.
 */
export function countAtOrBefore(items: ArrayLike<number>, cursor: number): number;
export function countAtOrBefore<T>(items: ArrayLike<T>, cursor: number, at: (item: T) => number): number;
export function countAtOrBefore<T>(items: ArrayLike<T>, cursor: number, at?: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const value = at === undefined ? (items[mid] as unknown as number) : at(items[mid]);
    if (value <= cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
