import type { Json, JsonObject } from '../../src-main/common/json';
import { isJsonObject } from '../../src-main/common/json';
import type { FuzzCase } from './fuzzCase';

/**
 * Greedy shrinking of a failing FuzzCase: removes states (rewiring their predecessors to their
 * successor), object fields and array elements of the definition and the input, and simplifies
 * the run's options, keeping each step only while the same violation key still shows. It is a
 * local minimum, not the smallest case, and it stops at its attempt or time budget.
 */

/** Decides whether a candidate still shows the violation being shrunk. */
export type StillFails = (candidate: FuzzCase) => Promise<boolean>;

/** Limits of `shrinkCase`. */
export interface ShrinkBudget {
  /** Most candidates tried. */
  attempts: number;
  /** Most wall time spent, ms. */
  ms: number;
}

type Step = { parent: JsonObject | Json[]; key: string | number; depth: number };

/** Every object field and array element of `root` down to `maxDepth` (deep chains are cut off). */
function steps(root: Json, maxDepth: number): Step[] {
  const out: Step[] = [];
  const walk = (v: Json, depth: number): void => {
    if (depth > maxDepth || out.length > 4_000) return;
    if (Array.isArray(v)) v.forEach((x, i) => (out.push({ parent: v, key: i, depth }), walk(x, depth + 1)));
    else if (isJsonObject(v)) for (const k of Object.keys(v)) (out.push({ parent: v, key: k, depth }), walk(v[k], depth + 1));
  };
  walk(root, 0);
  return out;
}

/** A copy of `c` with the value at step `n` (in `steps` order of the chosen part) removed. */
function without(c: FuzzCase, part: 'definition' | 'input', n: number): FuzzCase | undefined {
  const copy = structuredClone(c);
  const s = steps(copy[part], 60)[n];
  if (s === undefined) return undefined;
  if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1);
  else delete s.parent[s.key as string];
  return copy;
}

/** Containers (objects with StartAt + States) in a definition. */
function containers(root: Json): JsonObject[] {
  const out: JsonObject[] = [];
  const walk = (v: Json, depth: number): void => {
    if (depth > 60) return;
    if (Array.isArray(v)) v.forEach((x) => walk(x, depth + 1));
    else if (isJsonObject(v)) {
      if (isJsonObject(v.States) && typeof v.StartAt === 'string') out.push(v);
      for (const x of Object.values(v)) walk(x, depth + 1);
    }
  };
  walk(root, 0);
  return out;
}

/** Removes state `name` of container `ci`, sending every transition to it on to its own Next (or ending there). */
function bypassState(c: FuzzCase, ci: number, name: string): FuzzCase | undefined {
  const copy = structuredClone(c);
  const container = containers(copy.definition)[ci];
  if (container === undefined || !isJsonObject(container.States)) return undefined;
  const states = container.States;
  const st = states[name];
  if (!isJsonObject(st)) return undefined;
  const next = typeof st.Next === 'string' ? st.Next : undefined;
  delete states[name];
  if (Object.keys(states).length === 0) return undefined;
  if (container.StartAt === name) {
    if (next === undefined) return undefined;
    container.StartAt = next;
  }
  for (const other of Object.values(states)) {
    if (!isJsonObject(other)) continue;
    if (other.Next === name) {
      if (next !== undefined) other.Next = next;
      else {
        delete other.Next;
        other.End = true;
      }
    }
    if (other.Default === name) {
      if (next !== undefined) other.Default = next;
      else delete other.Default;
    }
    for (const f of ['Choices', 'Catch']) {
      const list = other[f];
      if (Array.isArray(list)) {
        for (const rule of list) if (isJsonObject(rule) && rule.Next === name && next !== undefined) rule.Next = next;
      }
    }
  }
  return copy;
}

/** Simpler run options to try: Standard, no quota changes, an invoker that always succeeds. */
function simplerOptions(c: FuzzCase): FuzzCase[] {
  const out: FuzzCase[] = [];
  if (c.type !== 'STANDARD') out.push({ ...structuredClone(c), type: 'STANDARD' });
  if (c.s3Objects !== undefined) out.push({ ...structuredClone(c), s3Objects: undefined });
  if (c.edits.length > 0) out.push({ ...structuredClone(c), edits: [] });
  if (c.invoker.kind !== 'fuzz' || c.invoker.failureRate + c.invoker.timeoutRate > 0) {
    out.push({ ...structuredClone(c), invoker: { kind: 'fuzz', seed: 1, failureRate: 0, timeoutRate: 0 } });
  }
  for (const input of [{}, null] as Json[]) if (JSON.stringify(c.input) !== JSON.stringify(input)) out.push({ ...structuredClone(c), input });
  return out;
}

/**
 * Shrinks `original` while `stillFails` holds. Promises: the result still fails (or is the
 * original when nothing smaller did), and is never larger than the original.
 */
export async function shrinkCase(original: FuzzCase, stillFails: StillFails, budget: ShrinkBudget): Promise<{ shrunk: FuzzCase; attempts: number }> {
  const started = Date.now();
  let best = structuredClone(original);
  let attempts = 0;
  const out = (): boolean => attempts >= budget.attempts || Date.now() - started > budget.ms;
  const tryCandidate = async (candidate: FuzzCase | undefined): Promise<boolean> => {
    if (candidate === undefined || out()) return false;
    attempts++;
    if (!(await stillFails(candidate))) return false;
    best = candidate;
    return true;
  };
  let progress = true;
  while (progress && !out()) {
    progress = false;
    for (const candidate of simplerOptions(best)) if (await tryCandidate(candidate)) progress = true;
    // States first: a removed state takes its fields with it.
    const cs = containers(best.definition);
    for (let ci = cs.length - 1; ci >= 0; ci--) {
      const states = cs[ci].States;
      if (!isJsonObject(states)) continue;
      for (const name of Object.keys(states)) if (await tryCandidate(bypassState(best, ci, name))) progress = true;
    }
    for (const part of ['definition', 'input'] as const) {
      // From the end, so earlier indexes stay valid after a removal.
      for (let n = steps(best[part], 60).length - 1; n >= 0 && !out(); n--) if (await tryCandidate(without(best, part, n))) progress = true;
    }
  }
  return { shrunk: best, attempts };
}
