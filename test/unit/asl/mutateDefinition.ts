import type { Json, JsonObject } from '../../../src-main/common/json';
import { isJsonObject } from '../../../src-main/common/json';

/**
 * Deterministic mutations of state machine definitions and of their JSON/YAML text, for the
 * robustness tests: every mutation is drawn from a small hand-written PRNG seeded from the case id,
 * so a failing mutation is reproduced by its id alone.
 */

/** A seeded PRNG (mulberry32). */
export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T;
}

/** Creates a mulberry32 PRNG for a 32-bit seed. */
export function createPrng(seed: number): Prng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)] };
}

/** FNV-1a hash of a string: a stable seed for a case id. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A path into a JSON value. */
export type Segment = string | number;

/** A value in the document and how to replace or delete it. */
interface Slot {
  path: Segment[];
  value: Json;
  set(v: Json): void;
  remove(): void;
}

/** Every value in the document except the root, in document order. */
function slots(root: Json): Slot[] {
  const out: Slot[] = [];
  const visit = (value: Json, path: Segment[]): void => {
    if (Array.isArray(value)) {
      value.forEach((child, i) => {
        out.push({ path: [...path, i], value: child, set: (v) => (value[i] = v), remove: () => value.splice(i, 1) });
        visit(child, [...path, i]);
      });
    } else if (isJsonObject(value)) {
      for (const key of Object.keys(value)) {
        const child = value[key];
        out.push({ path: [...path, key], value: child, set: (v) => (value[key] = v), remove: () => delete value[key] });
        visit(child, [...path, key]);
      }
    }
  };
  visit(root, []);
  return out;
}

/** A container of states (the top level, a Parallel branch, a Map processor). */
interface ContainerRef {
  owner: JsonObject;
  states: JsonObject;
}

/** A state with the container it sits in. */
interface StateRef {
  name: string;
  state: JsonObject;
  container: ContainerRef;
}

function containers(def: Json): ContainerRef[] {
  const out: ContainerRef[] = [];
  const visit = (owner: Json): void => {
    if (!isJsonObject(owner) || !isJsonObject(owner.States)) return;
    const states = owner.States;
    out.push({ owner, states });
    for (const s of Object.values(states)) {
      if (!isJsonObject(s)) continue;
      if (Array.isArray(s.Branches)) s.Branches.forEach(visit);
      visit(s.ItemProcessor ?? null);
      visit(s.Iterator ?? null);
    }
  };
  visit(def);
  return out;
}

function stateRefs(def: Json): StateRef[] {
  const out: StateRef[] = [];
  for (const c of containers(def)) {
    for (const [name, state] of Object.entries(c.states)) if (isJsonObject(state)) out.push({ name, state, container: c });
  }
  return out;
}

const REQUIRED_KEYS = [
  'Type', 'Next', 'End', 'StartAt', 'States', 'Resource', 'Choices', 'Branches', 'ItemProcessor', 'Iterator',
  'ErrorEquals', 'Variable', 'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath', 'Default', 'Error', 'Cause',
];

const TYPE_SAMPLES: readonly Json[] = ['x', 7, 2.5, -3, 0, {}, [], null, true, false, { a: [1] }, [{}], '$', '$.x'];

const GARBAGE_PATHS = [
  '$.[', '$..', '$$.', 'foo', '', '$[', '$.a[', '$.a.', 'States.Format(', '$$', '$.a[?(@.b)]', '$.a[*]', '$["x"]',
  '$.a[-1]', ' $ ', '$.\u0000', '$[\'a', '$.a[1:', '$..*', '$.a[?(@.x > )]', '$.a.length()', '$$$', '$.😀', '$[99999999999999999999]',
];

const RUNTIME_PATHS = [
  '$.nope', '$.nope.deeper[3]', '$[5]', '$$.Execution.Nope', '$$.Map.Item.Value', '$$.Task.Token', '$..nope', '$.*',
  '$[0]', '$', '$$', '$.a[*].b', '$[?(@.x)]', '$$.Execution.Input', '$$.State.EnteredTime', '$.a[-1:]', '$..*',
];

/** Intrinsic calls that are well-formed text but fail (or do odd things) at run time. */
const RUNTIME_INTRINSICS = [
  "States.Format('{} {}', $.nope)", "States.Format('{}', $)", "States.MathAdd($, 'a')", 'States.ArrayRange(1, 1000000, 1)',
  'States.ArrayRange(1, 3, 0)', "States.StringSplit($, ',')", "States.Hash('a', 'MD9')", 'States.JsonMerge($, $, false)',
  "States.Base64Decode('%%%')", 'States.ArrayPartition($, 0)', 'States.UUID()', 'States.MathRandom(5, 1)',
  'States.ArrayGetItem($, 99)', "States.StringToJson('{')", 'States.JsonToString($$)', 'States.ArrayLength($)',
  'States.ArrayUnique($$.Execution)', "States.Array(States.Format('{}', $$.Execution.Id), $)", 'States.MathAdd(1e308, 1e308)',
  "States.ArrayContains($, 'x')", 'States.Hash($, \'SHA-256\')', "States.Base64Encode($)", 'States.StringToJson($)',
];

const PAYLOAD_GARBAGE: readonly Json[] = [
  { 'x.$': 12 },
  { 'x.$': 'States.Format(' },
  { a: { b: [{ 'x.$': null }, { 'y.$': 'States.Format(' }], 'c.$': {} } },
  { 'x.$': '$.[' , 'y.$': 'foo' },
  { '.$': '$', '$': '$.x', 'x.$.$': '$' },
  { 'x.$': "States.Format('{}', States.Format('{}', States.Format('{}', $.a)))" },
  { 'x.$': "States.Nope('a')" },
  { 'x.$': ['$'] },
  'not an object',
  [{ 'x.$': '$' }],
];

function deepGarbage(depth: number): Json {
  let v: Json = { 'leaf.$': '$.nope' };
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? { [`k${i}`]: v, 'p.$': '$' } : [v, 'x'];
  return v;
}

const NUMERIC_FIELDS = [
  'Seconds', 'MaxAttempts', 'IntervalSeconds', 'BackoffRate', 'TimeoutSeconds', 'HeartbeatSeconds', 'MaxConcurrency',
  'ToleratedFailurePercentage', 'ToleratedFailureCount', 'MaxDelaySeconds',
];
const NUMERIC_EXTREMES = [0, -1, 1e308, 99999999, 0.5, 2 ** 53, 1.0000001, -0];

const PATH_KEYS = /(^InputPath$|^OutputPath$|^ResultPath$|^ItemsPath$|Path$|^Variable$|\.\$$)/;

const INPUT_SAMPLES: readonly Json[] = [null, 0, 'str', [], [1, 2], { a: { b: [] } }, deepGarbage(40) as Json, { Payload: [null] }, true];

/** The kinds of mutation `mutate` applies. */
export const MUTATION_KINDS = [
  'delete-field',
  'retype-field',
  'next-missing',
  'garbage-path',
  'unknown-field',
  'state-to-number',
  'empty-states',
  'wrong-type',
  'payload-garbage',
  'runtime-path',
  'runtime-intrinsic',
  'redirect-next',
  'numeric-extreme',
  'mutate-input',
  'swap-type',
  'deep-value',
  'deep-intrinsic',
] as const;

/** One kind of mutation. */
export type MutationKind = (typeof MUTATION_KINDS)[number];

/** A mutated definition (and possibly input), with what was done to it. */
export interface Mutation {
  definition: Json;
  input: Json;
  /** Human-readable list of the edits, e.g. `garbage-path /States/A/InputPath = "$.["`. */
  edits: string[];
}

function show(path: readonly Segment[]): string {
  return path.length === 0 ? '/' : path.map((s) => `/${s}`).join('');
}

function pathOf(root: Json, target: Json): Segment[] {
  for (const s of slots(root)) if (s.value === target) return s.path;
  return [];
}

/** Applies one edit of `kind` in place; returns its description, or undefined when it does not apply. */
function applyKind(kind: MutationKind, doc: { definition: Json; input: Json }, rng: Prng): string | undefined {
  const def = doc.definition;
  const all = slots(def);
  const states = stateRefs(def);
  switch (kind) {
    case 'delete-field': {
      const required = all.filter((s) => typeof s.path[s.path.length - 1] === 'string' && REQUIRED_KEYS.includes(s.path[s.path.length - 1] as string));
      const list = required.length > 0 && rng.next() < 0.8 ? required : all;
      if (list.length === 0) return undefined;
      const s = rng.pick(list);
      s.remove();
      return `${kind} ${show(s.path)}`;
    }
    case 'retype-field': {
      if (all.length === 0) return undefined;
      const s = rng.pick(all);
      const v = rng.pick(TYPE_SAMPLES.filter((t) => JSON.stringify(t) !== JSON.stringify(s.value)));
      s.set(structuredClone(v));
      return `${kind} ${show(s.path)} = ${JSON.stringify(v)}`;
    }
    case 'next-missing':
    case 'redirect-next': {
      const targets: { path: Segment[]; set(v: string): void; container: ContainerRef }[] = [];
      for (const c of containers(def)) {
        const ownerPath = pathOf(def, c.owner);
        targets.push({ path: [...ownerPath, 'StartAt'], set: (v) => (c.owner.StartAt = v), container: c });
        for (const [name, st] of Object.entries(c.states)) {
          if (!isJsonObject(st)) continue;
          const at = [...ownerPath, 'States', name];
          if (st.Next !== undefined || st.End !== undefined) {
            targets.push({ path: [...at, 'Next'], set: (v) => { st.Next = v; delete st.End; }, container: c });
          }
          if (st.Default !== undefined) targets.push({ path: [...at, 'Default'], set: (v) => (st.Default = v), container: c });
          for (const f of ['Choices', 'Catch']) {
            const list = st[f];
            if (Array.isArray(list)) {
              list.forEach((rule, i) => {
                if (isJsonObject(rule)) targets.push({ path: [...at, f, i, 'Next'], set: (v) => (rule.Next = v), container: c });
              });
            }
          }
        }
      }
      if (targets.length === 0) return undefined;
      const t = rng.pick(targets);
      const names = Object.keys(t.container.states);
      const name = kind === 'next-missing' || names.length === 0 ? rng.pick(['NoSuchState', '', ' ', 'States']) : rng.pick(names);
      t.set(name);
      return `${kind} ${show(t.path)} = ${JSON.stringify(name)}`;
    }
    case 'garbage-path':
    case 'runtime-path': {
      const paths = all.filter((s) => typeof s.value === 'string' && typeof s.path[s.path.length - 1] === 'string' && PATH_KEYS.test(s.path[s.path.length - 1] as string));
      let s: Slot | undefined = paths.length > 0 ? rng.pick(paths) : undefined;
      const v = rng.pick(kind === 'garbage-path' ? GARBAGE_PATHS : RUNTIME_PATHS);
      if (s === undefined || rng.next() < 0.2) {
        // Add a path field to a state that has none.
        if (states.length === 0) return undefined;
        const st = rng.pick(states);
        const field = rng.pick(['InputPath', 'OutputPath', 'ResultPath', 'ItemsPath', 'SecondsPath']);
        st.state[field] = v;
        return `${kind} ${show([...pathOf(def, st.state), field])} = ${JSON.stringify(v)}`;
      }
      s.set(v);
      return `${kind} ${show(s.path)} = ${JSON.stringify(v)}`;
    }
    case 'unknown-field': {
      const objects = [{ path: [] as Segment[], value: def }, ...all].filter((s) => isJsonObject(s.value));
      if (objects.length === 0) return undefined;
      const s = rng.pick(objects);
      const key = rng.pick(['Bogus', 'next', 'type', '__proto__', 'constructor', '', 'Parameters.$']);
      const obj = s.value as JsonObject;
      Object.defineProperty(obj, key, { value: rng.pick(TYPE_SAMPLES), enumerable: true, writable: true, configurable: true });
      return `${kind} ${show([...s.path, key])}`;
    }
    case 'state-to-number': {
      if (states.length === 0) return undefined;
      const st = rng.pick(states);
      const at = pathOf(def, st.state);
      const v = rng.pick([42, null, 'Pass', [], true] as Json[]);
      st.container.states[st.name] = v;
      return `${kind} ${show(at)} = ${JSON.stringify(v)}`;
    }
    case 'empty-states': {
      const cs = containers(def);
      if (cs.length === 0) return undefined;
      const c = rng.pick(cs);
      const at = pathOf(def, c.owner);
      c.owner.States = {};
      return `${kind} ${show([...at, 'States'])}`;
    }
    case 'wrong-type': {
      if (states.length === 0) return undefined;
      const st = rng.pick(states);
      const v = rng.pick(['Bogus', '', 'pass', 'TASK', ' Pass', 'Choice ', 'Map.Distributed'] as Json[]);
      st.state.Type = v;
      return `${kind} ${show([...pathOf(def, st.state), 'Type'])} = ${JSON.stringify(v)}`;
    }
    case 'swap-type': {
      // A valid Type with the old state's fields: often still valid (Pass ↔ Succeed ↔ Task...).
      if (states.length === 0) return undefined;
      const st = rng.pick(states);
      const v = rng.pick(['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'].filter((t) => t !== st.state.Type));
      st.state.Type = v;
      return `${kind} ${show([...pathOf(def, st.state), 'Type'])} = ${JSON.stringify(v)}`;
    }
    case 'payload-garbage': {
      if (states.length === 0) return undefined;
      const st = rng.pick(states);
      const existing = ['Parameters', 'ItemSelector', 'ResultSelector', 'Arguments', 'Result'].filter((f) => st.state[f] !== undefined);
      const field = existing.length > 0 && rng.next() < 0.7 ? rng.pick(existing) : rng.pick(['Parameters', 'ItemSelector', 'ResultSelector']);
      const garbage = rng.next() < 0.2 ? deepGarbage(5 + rng.int(60)) : structuredClone(rng.pick(PAYLOAD_GARBAGE));
      const target = st.state[field];
      if (isJsonObject(target) && isJsonObject(garbage) && rng.next() < 0.5) Object.assign(target, garbage);
      else st.state[field] = garbage;
      return `${kind} ${show([...pathOf(def, st.state), field])} <- ${JSON.stringify(garbage).slice(0, 120)}`;
    }
    case 'runtime-intrinsic': {
      if (states.length === 0) return undefined;
      const candidates = states.filter((s) => ['Pass', 'Task', 'Map', 'Parallel'].includes(s.state.Type as string));
      if (candidates.length === 0) return undefined;
      const st = rng.pick(candidates);
      const fields = st.state.Type === 'Map' ? ['ItemSelector', 'ResultSelector'] : st.state.Type === 'Pass' ? ['Parameters'] : ['Parameters', 'ResultSelector'];
      const field = rng.pick(fields.filter((f) => st.state.Type !== 'Map' || f !== 'ItemSelector' || st.state.Parameters === undefined));
      const call = rng.pick(RUNTIME_INTRINSICS);
      const target = st.state[field];
      if (isJsonObject(target)) target['v.$'] = call;
      else st.state[field] = { 'v.$': call };
      return `${kind} ${show([...pathOf(def, st.state), field, 'v.$'])} = ${JSON.stringify(call)}`;
    }
    case 'numeric-extreme': {
      const nums = all.filter((s) => typeof s.path[s.path.length - 1] === 'string' && NUMERIC_FIELDS.includes(s.path[s.path.length - 1] as string));
      if (nums.length === 0) return undefined;
      const s = rng.pick(nums);
      const v = rng.pick(NUMERIC_EXTREMES);
      s.set(v);
      return `${kind} ${show(s.path)} = ${v}`;
    }
    case 'deep-value': {
      // Around the 1000-level nesting limit, or far beyond it (the validator must not overflow).
      if (states.length === 0) return undefined;
      const st = rng.pick(states);
      const depth = rng.pick([990, 996, 997, 1000, 1500, 30000]);
      const field = rng.pick(['Parameters', 'Result', 'ResultSelector', 'Choices', 'Branches']);
      let v: Json = { 'leaf.$': '$' };
      for (let i = 0; i < depth; i++) v = i % 3 === 2 ? [v] : { k: v };
      const at = pathOf(def, st.state);
      st.state[field] = isJsonObject(v) ? v : { k: v };
      return `${kind} ${show([...at, field])} nested ${depth} deep`;
    }
    case 'deep-intrinsic': {
      if (states.length === 0) return undefined;
      const st = rng.pick(states);
      const depth = rng.pick([10, 200, 999, 1000, 1001, 20000]);
      const inner = rng.pick(["'x'", '$', '$$.Execution.Id', '$.' + 'a.'.repeat(depth) + 'b']);
      const call = rng.next() < 0.5 ? 'States.Array('.repeat(depth) + inner + ')'.repeat(depth) : "States.Format('{}', ".repeat(depth) + inner + ')'.repeat(depth);
      st.state.Parameters = { 'v.$': call };
      return `${kind} ${show([...pathOf(def, st.state), 'Parameters', 'v.$'])} = calls nested ${depth} deep around ${inner.slice(0, 20)}`;
    }
    case 'mutate-input': {
      const v = structuredClone(rng.pick(INPUT_SAMPLES));
      doc.input = v;
      return `${kind} input = ${JSON.stringify(v).slice(0, 60)}`;
    }
  }
}

/**
 * Applies one to three random edits to a copy of `definition`/`input` (never the originals).
 * Kinds that do not apply to this definition are redrawn; a deep-nesting edit is always the last.
 */
export function mutate(definition: Json, input: Json, rng: Prng): Mutation {
  const doc = { definition: structuredClone(definition), input: structuredClone(input) };
  const edits: string[] = [];
  const count = rng.next() < 0.7 ? 1 : rng.next() < 0.7 ? 2 : 3;
  for (let tries = 0; edits.length < count && tries < 20; tries++) {
    const kind = rng.pick(MUTATION_KINDS);
    const e = applyKind(kind, doc, rng);
    if (e === undefined) continue;
    edits.push(e);
    // The helpers here recurse: nothing is stacked on a value nested tens of thousands deep.
    if (kind === 'deep-value' || kind === 'deep-intrinsic') break;
  }
  return { definition: doc.definition, input: doc.input, edits };
}

/** Mangles definition text: a cut, flipped characters, inserted tabs or stray brackets. */
export function mangleText(text: string, rng: Prng): { text: string; edit: string } {
  const kind = rng.pick(['cut', 'flip', 'tabs', 'insert', 'cut-flip', 'delete-span'] as const);
  const at = rng.int(text.length + 1);
  switch (kind) {
    case 'cut':
      return { text: text.slice(0, at), edit: `cut at ${at}` };
    case 'flip': {
      const chars = text.split('');
      const n = 1 + rng.int(5);
      const where: number[] = [];
      for (let i = 0; i < n && chars.length > 0; i++) {
        const p = rng.int(chars.length);
        where.push(p);
        chars[p] = rng.pick(['{', '}', '[', ']', '"', ':', ',', '\\', '\t', '\n', '\r', '-', '#', '&', '*', '!', '|', '>', '%', '@', '`', '\u0000', '\ud800', 'é', ' ']);
      }
      return { text: chars.join(''), edit: `flip at ${where.join(',')}` };
    }
    case 'tabs': {
      const lines = text.split('\n');
      const n = 1 + rng.int(3);
      const where: number[] = [];
      for (let i = 0; i < n; i++) {
        const l = rng.int(lines.length);
        where.push(l);
        lines[l] = '\t' + lines[l];
      }
      return { text: lines.join('\n'), edit: `tab before lines ${where.join(',')}` };
    }
    case 'insert': {
      const junk = rng.pick(['{', '[[', '"', ': :', '- - -', '\t\t', '&a', '*a', '!!binary', '? ', '%YAML 1.2\n', '---\n', '...\n', '\ufeff', 'NaN', '1e999', '0x1F', '<<: *x']);
      return { text: text.slice(0, at) + junk + text.slice(at), edit: `insert ${JSON.stringify(junk)} at ${at}` };
    }
    case 'cut-flip': {
      const cut = text.slice(0, at);
      return { text: cut + rng.pick(['"', '\\', '{', '[', ':']), edit: `cut at ${at} and append a bracket/quote` };
    }
    case 'delete-span': {
      const len = 1 + rng.int(40);
      return { text: text.slice(0, at) + text.slice(at + len), edit: `delete ${len} chars at ${at}` };
    }
  }
}
