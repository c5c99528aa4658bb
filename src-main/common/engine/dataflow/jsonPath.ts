import { isJsonObject, jsonEquals, type Json, type JsonObject } from '../../json';
import { StatesError, StatesErrors } from '../errors';
import { splitVariablePath } from '../variables/variables';
import {
  parsePath,
  pathPrefixToString,
  stepToString,
  PathSyntaxError,
  type CompiledPath,
  type FilterExpr,
  type FilterOperand,
  type PathStep,
} from '../../asl/jsonPathSyntax';

/**
 * Reading and writing JSON documents with JSONPath, the way Step Functions does it (AWS evaluates
 * paths with Jayway JsonPath; error texts below are Jayway's, as AWS shows them in causes).
 *
 * - A definite path (only properties and single indexes) reads one value or fails with Jayway's
 *   message: `No results for path: $['x']` when the last step is missing, `Missing property in
 *   path $['a']` when an intermediate property is missing.
 * - An indefinite path (wildcard, slice, index union, filter, `..`) reads the array of its matches,
 *   which may be empty: AWS never fails such a read (conformance cases
 *   base/test_json_path_array_wildcard_or_slice_with_no_input__*: `$.items[*]` on `{}` gives `[]`).
 */

/** The outcome of reading a path: the value, or Jayway's explanation of why there is none. */
export type PathRead = { found: true; value: Json } | { found: false; message: string };

export type { CompiledPath } from '../../asl/jsonPathSyntax';

/** Jayway's default JSON provider; AWS's messages name it (and Java class names of values). */
const JSON_PROVIDER = 'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider';

const MAX_CACHE = 10_000;
const cache = new Map<string, CompiledPath | PathSyntaxError>();

/**
 * Compiles `path` once and caches it. Throws PathSyntaxError for text that is not a JSONPath.
 * Exposed for callers (validation, the inspector) that want the parsed form.
 */
export function compilePath(path: string): CompiledPath {
  let entry = cache.get(path);
  if (entry === undefined) {
    try {
      entry = parsePath(path);
    } catch (e) {
      if (!(e instanceof PathSyntaxError)) throw e;
      entry = e;
    }
    if (cache.size >= MAX_CACHE) cache.clear();
    cache.set(path, entry);
  }
  if (entry instanceof PathSyntaxError) throw entry;
  return entry;
}

/** True when `path` is syntactically a JSONPath that Stepscope can evaluate. */
export function isValidPath(path: string): boolean {
  try {
    compilePath(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * True when `path` is a definite path (it can address at most one node), so reading it yields a
 * single value rather than a list of matches. Invalid paths are reported as definite.
 */
export function isDefinitePath(path: string): boolean {
  try {
    return compilePath(path).definite;
  } catch {
    return true;
  }
}

/**
 * Reads `path` from `doc`. `$` is the document itself. A path starting with `$$` is read from `doc`
 * too (the caller passes the Context object); use `readPathWithContext` to dispatch automatically.
 */
export function readPath(doc: Json, path: string): PathRead {
  let compiled: CompiledPath;
  try {
    compiled = compilePath(path);
  } catch (e) {
    return { found: false, message: (e as Error).message };
  }
  return readCompiled(doc, compiled, doc);
}

/**
 * Reads `path` from the state input, or from the Context object when the path starts with `$$`
 * (Developer Guide, "Accessing the Context object": `$$.Execution.Id`).
 */
export function readPathWithContext(input: Json, context: Json, path: string): PathRead {
  return readPath(isContextPath(path) ? context : input, path);
}

/** Where a path is read: the state input (`$`), and the Context object (`$$`) if a path needs it. */
export interface PathEnv {
  /** The Context object; read only for `$$` paths, so it may be built lazily (a getter). */
  readonly context: Json;
  /**
   * The value of workflow variable `name` (`$name` paths), or undefined when it is not set.
   * Absent where no variables exist.
   */
  lookupVariable?(name: string): Json | undefined;
}

/**
 * Reads `path` like readPathWithContext, but touches `env.context` only for a `$$` path: the
 * interpreter builds the Context object lazily, and most paths never need it. A `$name...` path
 * reads the workflow variable `name` (Developer Guide, "Passing data between states with variables").
 */
export function readPathInEnv(input: Json, env: PathEnv, path: string): PathRead {
  if (isContextPath(path)) return readPath(env.context, path);
  if (isVariablePath(path)) return readVariablePath(env, path);
  return readPath(input, path);
}

/** True when `path` reads a workflow variable: `$name`, `$name.field`, `$name[0]`. */
export function isVariablePath(path: string): boolean {
  return splitVariablePath(path) !== undefined;
}

function readVariablePath(env: PathEnv, path: string): PathRead {
  const split = splitVariablePath(path)!;
  const value = env.lookupVariable?.(split.name);
  if (value === undefined) return { found: false, message: `The variable '$${split.name}' is not defined` };
  return readPath(value, split.rest);
}

/** A path prepared once for many reads: `$` from `input`, `$$` from `env.context`. */
export type PathReader = (input: Json, env: PathEnv) => PathRead;

/**
 * Compiles `path` once into a reader with the same results as `readPathInEnv(input, env, path)`
 * (a path that does not parse reads as not found, with the parser's message). For code that reads
 * the same path on every visit of a state.
 */
export function compilePathReader(path: string): PathReader {
  let reader = readers.get(path);
  if (reader === undefined) {
    reader = createPathReader(path);
    if (readers.size >= MAX_CACHE) readers.clear();
    readers.set(path, reader);
  }
  return reader;
}

/** Readers by path text: the same path is usually read by many states (`$.items`, `$.id`). */
const readers = new Map<string, PathReader>();

function createPathReader(path: string): PathReader {
  if (isVariablePath(path)) return createVariableReader(path);
  let compiled: CompiledPath;
  try {
    compiled = compilePath(path);
  } catch (e) {
    const failed: PathRead = { found: false, message: (e as Error).message };
    return () => failed;
  }
  if (isContextPath(path)) return (_input, env) => readCompiled(env.context, compiled);
  return (input) => readCompiled(input, compiled);
}

function createVariableReader(path: string): PathReader {
  const split = splitVariablePath(path)!;
  const name = split.name;
  let compiled: CompiledPath;
  try {
    compiled = compilePath(split.rest);
  } catch (e) {
    const failed: PathRead = { found: false, message: (e as Error).message };
    return () => failed;
  }
  return (_input, env) => {
    const value = env.lookupVariable?.(name);
    if (value === undefined) return { found: false, message: `The variable '$${name}' is not defined` };
    return readCompiled(value, compiled);
  };
}

/** True when `path` addresses the Context object (`$$...`). */
export function isContextPath(path: string): boolean {
  return path.charCodeAt(0) === 36 && path.charCodeAt(1) === 36;
}

/** Reads a compiled path. `root` is what `$` means inside filter expressions. */
export function readCompiled(doc: Json, path: CompiledPath, root: Json = doc): PathRead {
  if (path.definite) return readDefinite(doc, path);
  const out: Json[] = [];
  try {
    collect(doc, path.steps, 0, root, out);
  } catch (e) {
    if (e instanceof PathSyntaxError) return { found: false, message: e.message };
    throw e;
  }
  return { found: true, value: out };
}

/**
 * Definite paths: single properties and indexes (the fast path: no allocation on success), plus a
 * leaf union of properties (`$['a','b']`, which Jayway merges into one object) and functions.
 */
function readDefinite(doc: Json, path: CompiledPath): PathRead {
  const steps = path.steps;
  let cur: Json = doc;
  const last = steps.length - 1;
  for (let i = 0; i <= last; i++) {
    const step = steps[i];
    switch (step.kind) {
      case 'property': {
        if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) {
          return notFound(expectedObjectMessage(path, i, cur));
        }
        const next: Json | undefined = (cur as JsonObject)[step.name];
        if (next === undefined || !Object.prototype.hasOwnProperty.call(cur, step.name)) {
          return notFound(
            i === last
              ? `No results for path: ${pathPrefixToString(path, steps.length)}`
              : `Missing property in path ${pathPrefixToString(path, i + 1)}`,
          );
        }
        cur = next;
        break;
      }
      case 'index': {
        if (!Array.isArray(cur)) return notFound(notArrayMessage(path, i, cur));
        const idx = step.index < 0 ? cur.length + step.index : step.index;
        if (idx < 0 || idx >= cur.length) return notFound(`No results for path: ${pathPrefixToString(path, steps.length)}`);
        cur = cur[idx];
        break;
      }
      case 'properties': {
        if (!isJsonObject(cur)) return notFound(expectedObjectMessage(path, i, cur));
        if (i !== last) {
          return notFound(`Multi properties can only be used as path leafs: ${pathPrefixToString(path, i + 1)}`);
        }
        const merged: JsonObject = {};
        for (const name of step.names) {
          if (Object.prototype.hasOwnProperty.call(cur, name)) merged[name] = cur[name];
        }
        cur = merged;
        break;
      }
      case 'function':
        // Developer Guide, "Paths": functions such as length() are not supported; AWS reports the
        // path as not found.
        return notFound(`Function ${step.name}() is not supported in path ${path.text}`);
      default:
        return notFound(`Unsupported step ${stepToString(step)} in definite path ${path.text}`);
    }
  }
  return { found: true, value: cur };
}

function notFound(message: string): PathRead {
  return { found: false, message };
}

function expectedObjectMessage(path: CompiledPath, stepIndex: number, model: Json): string {
  return (
    `Expected to find an object with property ${stepToString(path.steps[stepIndex])} in path ` +
    `${pathPrefixToString(path, stepIndex)} but found '${javaClassName(model)}'. ` +
    `This is not a json object according to the JsonProvider: '${JSON_PROVIDER}'.`
  );
}

function notArrayMessage(path: CompiledPath, stepIndex: number, model: Json): string {
  if (model === null) return `The path ${pathPrefixToString(path, stepIndex)} is null`;
  return `Filter: ${stepToString(path.steps[stepIndex])} can only be applied to arrays. Current context is: ${javaToString(model)}`;
}

/** The Java class json-smart would use for a value (appears in Jayway's messages). */
function javaClassName(value: Json): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'java.lang.String';
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'java.lang.Double';
    if (value >= -2147483648 && value <= 2147483647) return 'java.lang.Integer';
    if (Math.abs(value) <= Number.MAX_SAFE_INTEGER) return 'java.lang.Long';
    return 'java.math.BigInteger';
  }
  if (Array.isArray(value)) return 'net.minidev.json.JSONArray';
  return 'net.minidev.json.JSONObject';
}

function javaToString(value: Json): string {
  if (value === null || typeof value !== 'object') return String(value);
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// Indefinite evaluation: collect every match, silently skipping branches that do not apply.

function collect(node: Json, steps: readonly PathStep[], i: number, root: Json, out: Json[]): void {
  if (i === steps.length) {
    out.push(node);
    return;
  }
  const step = steps[i];
  switch (step.kind) {
    case 'scan':
      scan(node, step.step, steps, i + 1, root, out);
      return;
    default:
      applyStep(node, step, i === steps.length - 1, root, (child) => collect(child, steps, i + 1, root, out));
  }
}

/** Jayway's deep scan: pre-order walk over containers, applying `inner` at every node. */
function scan(node: Json, inner: PathStep, steps: readonly PathStep[], next: number, root: Json, out: Json[]): void {
  if (node === null || typeof node !== 'object') return;
  applyStep(node, inner, next === steps.length, root, (child) => collect(child, steps, next, root, out));
  if (Array.isArray(node)) {
    for (const child of node) scan(child, inner, steps, next, root, out);
  } else {
    for (const key of Object.keys(node)) scan(node[key], inner, steps, next, root, out);
  }
}

function applyStep(node: Json, step: PathStep, isLeaf: boolean, root: Json, emit: (child: Json) => void): void {
  switch (step.kind) {
    case 'property':
      if (isJsonObject(node) && Object.prototype.hasOwnProperty.call(node, step.name)) emit(node[step.name]);
      return;
    case 'properties': {
      if (!isJsonObject(node)) return;
      if (!isLeaf) {
        throw new PathSyntaxError(`Multi properties can only be used as path leafs: [${step.names.map((n) => `'${n}'`).join(', ')}]`);
      }
      const merged: JsonObject = {};
      for (const name of step.names) if (Object.prototype.hasOwnProperty.call(node, name)) merged[name] = node[name];
      emit(merged);
      return;
    }
    case 'index':
      if (Array.isArray(node)) {
        const idx = step.index < 0 ? node.length + step.index : step.index;
        if (idx >= 0 && idx < node.length) emit(node[idx]);
      }
      return;
    case 'indexes':
      if (Array.isArray(node)) {
        for (const index of step.indexes) {
          const idx = index < 0 ? node.length + index : index;
          if (idx >= 0 && idx < node.length) emit(node[idx]);
        }
      }
      return;
    case 'slice':
      if (Array.isArray(node)) sliceIndexes(node.length, step.from, step.to, (idx) => emit(node[idx]));
      return;
    case 'wildcard':
      if (Array.isArray(node)) for (const child of node) emit(child);
      else if (isJsonObject(node)) for (const key of Object.keys(node)) emit(node[key]);
      return;
    case 'filter':
      // Jayway applies a filter to each element of an array, and to an object as a whole.
      if (Array.isArray(node)) {
        for (const child of node) if (testFilter(step.predicate, child, root)) emit(child);
      } else if (isJsonObject(node)) {
        if (testFilter(step.predicate, node, root)) emit(node);
      }
      return;
    case 'function':
    case 'scan':
      return;
  }
}

/**
 * Jayway's slice semantics (ArraySliceOperation): `[from:]`, `[:to]` and `[from:to]`. Negative
 * bounds count from the end in the one-sided forms; in `[from:to]` only `to` is clamped, and a
 * negative `from` walks indexes from the end (a Jayway quirk kept on purpose).
 */
function sliceIndexes(length: number, from: number | null, to: number | null, emit: (idx: number) => void): void {
  if (length === 0) return;
  if (to === null) {
    let start = from ?? 0;
    if (start < 0) start = length + start;
    start = Math.max(0, start);
    for (let i = start; i < length; i++) emit(i);
    return;
  }
  if (from === null) {
    let end = to;
    if (end < 0) end = length + end;
    end = Math.min(length, end);
    for (let i = 0; i < end; i++) emit(i);
    return;
  }
  const end = Math.min(length, to);
  if (from >= end) return;
  for (let i = from; i < end; i++) {
    const idx = i < 0 ? length + i : i;
    if (idx >= 0 && idx < length) emit(idx);
  }
}

// ---------------------------------------------------------------------------------------------
// Filter expressions.

/** A filter operand's value: `undefined` when a path found nothing. */
type OperandValue = Json | undefined | RegExp;

function testFilter(expr: FilterExpr, item: Json, root: Json): boolean {
  switch (expr.kind) {
    case 'or':
      return testFilter(expr.left, item, root) || testFilter(expr.right, item, root);
    case 'and':
      return testFilter(expr.left, item, root) && testFilter(expr.right, item, root);
    case 'not':
      return !testFilter(expr.operand, item, root);
    case 'constant':
      return expr.value;
    case 'exists': {
      const base = expr.path.root === '@' ? item : root;
      if (expr.path.definite) return readCompiled(base, expr.path, root).found;
      const r = readCompiled(base, expr.path, root);
      return r.found && Array.isArray(r.value) && r.value.length > 0;
    }
    case 'compare':
      return compare(expr.op, operandValue(expr.left, item, root), operandValue(expr.right, item, root));
  }
}

function operandValue(op: FilterOperand, item: Json, root: Json): OperandValue {
  switch (op.kind) {
    case 'value':
      return op.value;
    case 'regex':
      return op.regex;
    case 'path': {
      const base = op.path.root === '@' ? item : root;
      const r = readCompiled(base, op.path, root);
      return r.found ? r.value : undefined;
    }
  }
}

function compare(op: string, l: OperandValue, r: OperandValue): boolean {
  switch (op) {
    case '==':
      return valueEquals(l, r);
    case '!=':
      return !valueEquals(l, r);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      let c: number;
      if (typeof l === 'number' && typeof r === 'number') c = l - r;
      else if (typeof l === 'string' && typeof r === 'string') c = l < r ? -1 : l > r ? 1 : 0;
      else return false;
      return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
    }
    case '=~': {
      const [regex, other] = r instanceof RegExp ? [r, l] : l instanceof RegExp ? [l, r] : [null, null];
      if (regex === null || other === undefined || other instanceof RegExp) return false;
      const input = typeof other === 'string' ? other : other === null || typeof other !== 'object' ? String(other) : null;
      return input !== null && regex.test(input);
    }
    case 'in':
      return Array.isArray(r) && r.some((e) => valueEquals(l, e));
    case 'nin':
      return !(Array.isArray(r) && r.some((e) => valueEquals(l, e)));
    case 'subsetof':
      return Array.isArray(l) && Array.isArray(r) && l.every((e) => r.some((x) => valueEquals(e, x)));
    case 'anyof':
      return Array.isArray(l) && Array.isArray(r) && l.some((e) => r.some((x) => valueEquals(e, x)));
    case 'noneof':
      return Array.isArray(l) && Array.isArray(r) && !l.some((e) => r.some((x) => valueEquals(e, x)));
    case 'size': {
      if (typeof r !== 'number') return false;
      if (typeof l === 'string' || Array.isArray(l)) return l.length === r;
      if (isJsonObject(l)) return Object.keys(l).length === r;
      return false;
    }
    case 'empty': {
      if (typeof r !== 'boolean') return false;
      if (typeof l === 'string' || Array.isArray(l)) return (l.length === 0) === r;
      if (isJsonObject(l)) return (Object.keys(l).length === 0) === r;
      return false;
    }
    case 'contains':
      if (typeof l === 'string' && typeof r === 'string') return l.includes(r);
      if (Array.isArray(l)) return l.some((e) => valueEquals(e, r));
      return false;
    default:
      return false;
  }
}

/**
 * Jayway's ValueNode equality: numbers compare by value, a number equals a string holding the same
 * number, containers compare structurally; a missing path equals nothing.
 */
function valueEquals(l: OperandValue, r: OperandValue): boolean {
  if (l === undefined || r === undefined || l instanceof RegExp || r instanceof RegExp) return false;
  if (typeof l === 'number' && typeof r === 'string') return r.trim() !== '' && Number(r) === l;
  if (typeof l === 'string' && typeof r === 'number') return l === String(r);
  return jsonEquals(l, r);
}

// ---------------------------------------------------------------------------------------------
// Writing at a reference path (ResultPath).

/**
 * Returns a copy of `doc` with `value` placed at the reference path `path` (ResultPath semantics):
 * `$` replaces the whole document; missing intermediate objects are created; only the containers
 * along the path are copied, `doc` itself is never mutated. A reference path may only hold
 * properties and single indexes (Developer Guide, "Reference Paths").
 *
 * Throws StatesError `States.ResultPathMatchFailure` when the path cannot be applied (it goes
 * through a value that is not an object, or an array index that does not exist).
 */
export function setAtReferencePath(doc: Json, path: string, value: Json): Json {
  let compiled: CompiledPath;
  try {
    compiled = compilePath(path);
  } catch (e) {
    throw new StatesError(StatesErrors.Runtime, `Invalid path '${path}' : ${(e as Error).message}`, true);
  }
  if (compiled.root !== '$' || !compiled.simple) {
    throw new StatesError(StatesErrors.Runtime, `Invalid path '${path}' : not a reference path`, true);
  }
  if (compiled.steps.length === 0) return value;
  const result = setAt(doc, compiled.steps, 0, value);
  if (result === MATCH_FAILURE) {
    // Wording as AWS reports a ResultPath that does not fit the input ("Unable to apply
    // ReferencePath ... to input ..."); not prefixed with the state's name.
    throw new StatesError(
      StatesErrors.ResultPathMatchFailure,
      `Unable to apply ReferencePath ${path} to input ${JSON.stringify(doc)}`,
      false,
    );
  }
  return result;
}

const MATCH_FAILURE: unique symbol = Symbol('match failure');

function setAt(node: Json | undefined, steps: readonly PathStep[], i: number, value: Json): Json | typeof MATCH_FAILURE {
  const step = steps[i];
  const last = i === steps.length - 1;
  if (step.kind === 'property') {
    let obj: JsonObject;
    if (node === undefined) obj = {};
    else if (isJsonObject(node)) obj = { ...node };
    else return MATCH_FAILURE;
    if (last) {
      obj[step.name] = value;
    } else {
      const child = Object.prototype.hasOwnProperty.call(obj, step.name) ? obj[step.name] : undefined;
      const updated = setAt(child, steps, i + 1, value);
      if (updated === MATCH_FAILURE) return MATCH_FAILURE;
      obj[step.name] = updated;
    }
    return obj;
  }
  if (step.kind === 'index') {
    if (!Array.isArray(node)) return MATCH_FAILURE;
    const idx = step.index < 0 ? node.length + step.index : step.index;
    if (idx < 0 || idx >= node.length) return MATCH_FAILURE;
    const arr = node.slice();
    if (last) arr[idx] = value;
    else {
      const updated = setAt(arr[idx], steps, i + 1, value);
      if (updated === MATCH_FAILURE) return MATCH_FAILURE;
      arr[idx] = updated;
    }
    return arr;
  }
  return MATCH_FAILURE;
}
