import { isJsonObject, type Json, type JsonObject } from '../../json';
import { StatesError, StatesErrors } from '../errors';
import type { Random } from '../ports';
import { evaluateIntrinsic, evaluatePreparedIntrinsic, prepareIntrinsic } from '../intrinsics/evaluateIntrinsic';
import type { IntrinsicCall } from '../intrinsics/parseIntrinsic';
import { compilePathReader, readPathInEnv, setAtReferencePath, type PathReader } from './jsonPath';

/**
 * JSONPath-language input and output processing (Developer Guide, "Processing input and output"):
 * InputPath → Parameters → (state body) → ResultSelector → ResultPath → OutputPath. Failures are
 * thrown as StatesError with AWS's error names and cause texts; causes are state-scoped (the
 * interpreter prefixes "An error occurred while executing the state ..."), unless noted.
 */

/** What data-flow code needs besides the document itself. */
export interface DataflowEnv {
  /** The Context object, read only by `$$` paths (so it may be a getter that builds it on demand). */
  readonly context: Json;
  /** Randomness for States.MathRandom (unseeded) and States.UUID. */
  random: Random;
  /** The value of workflow variable `name` (`$name` paths), or undefined when it is not set. */
  lookupVariable?(name: string): Json | undefined;
}

/**
 * Builds the value of a payload template (Parameters, ResultSelector, ItemSelector, Credentials):
 * a key ending in `.$` takes the value of a path (`$.x`, `$$.Execution.Id`) or of an intrinsic
 * function call (`States.Format(...)`) and loses its `.$` suffix; nested objects and arrays are
 * processed recursively; every other value is copied. `input` is what `$` refers to.
 * `fieldName` names the template field (`Parameters`, `ResultSelector`, ...); AWS's messages name
 * the `.$` key instead, so it is kept for diagnostics only. Throws StatesError (States.Runtime)
 * when a path finds nothing, with AWS's wording:
 * `The JSONPath '$.x' specified for the field 'x.$' could not be found in the input '{...}'`.
 */
export function applyPayloadTemplate(template: Json, input: Json, env: DataflowEnv, fieldName: string): Json {
  return applyCompiledTemplate(compilePayloadTemplate(template, fieldName), input, env);
}

/**
 * A payload template prepared once for a state that is visited many times: the `.$` suffixes are
 * split off and the paths and intrinsic calls parsed ahead, so applying it only walks the
 * template. Applying it gives exactly what applyPayloadTemplate gives, failures included.
 */
export interface CompiledTemplate {
  readonly root: TemplateNode;
}

/** One node of a compiled template. */
type TemplateNode =
  /** A string, number, boolean or null: copied as is. */
  | { readonly kind: 'constant'; readonly value: Json }
  | { readonly kind: 'array'; readonly items: readonly TemplateNode[] }
  /** An object: `keys[i]` (with any `.$` already removed) takes the value of `values[i]`. */
  | { readonly kind: 'object'; readonly keys: readonly string[]; readonly values: readonly TemplateNode[] }
  /** `"key.$": "$.path"` or `"key.$": "$$.path"`. */
  | { readonly kind: 'path'; readonly key: string; readonly expression: string; readonly read: PathReader }
  /** `"key.$": "States.Fn(...)"`; `call` is undefined when the text is not a well-formed call. */
  | { readonly kind: 'intrinsic'; readonly expression: string; readonly call: IntrinsicCall | undefined };

/**
 * Prepares `template` (the value of Parameters, ResultSelector, ItemSelector or Credentials) for
 * applyCompiledTemplate. Never throws: a malformed path or call fails when the template is applied,
 * as it would with applyPayloadTemplate. `fieldName` is kept for diagnostics only.
 */
export function compilePayloadTemplate(template: Json, fieldName: string): CompiledTemplate {
  void fieldName;
  return { root: compileNode(template) };
}

function compileNode(template: Json): TemplateNode {
  if (Array.isArray(template)) return { kind: 'array', items: template.map(compileNode) };
  if (!isJsonObject(template)) return { kind: 'constant', value: template };
  const keys: string[] = [];
  const values: TemplateNode[] = [];
  for (const key of Object.keys(template)) {
    const value = template[key];
    if (key.length > 2 && key.endsWith('.$') && typeof value === 'string') {
      keys.push(key.slice(0, -2));
      values.push(compileDynamicValue(value, key));
    } else {
      keys.push(key);
      values.push(compileNode(value));
    }
  }
  return { kind: 'object', keys, values };
}

function compileDynamicValue(expression: string, key: string): TemplateNode {
  if (expression.charCodeAt(0) === 36 /* $ */) return { kind: 'path', key, expression, read: compilePathReader(expression) };
  return { kind: 'intrinsic', expression, call: prepareIntrinsic(expression) };
}

/** Applies a compiled template to `input`: see applyPayloadTemplate. Always builds new containers. */
export function applyCompiledTemplate(template: CompiledTemplate, input: Json, env: DataflowEnv): Json {
  return buildValue(template.root, input, env);
}

function buildValue(node: TemplateNode, input: Json, env: DataflowEnv): Json {
  switch (node.kind) {
    case 'constant':
      return node.value;
    case 'array': {
      const items = node.items;
      const out: Json[] = new Array(items.length);
      for (let i = 0; i < items.length; i++) out[i] = buildValue(items[i], input, env);
      return out;
    }
    case 'object': {
      const { keys, values } = node;
      const out: JsonObject = {};
      for (let i = 0; i < keys.length; i++) out[keys[i]] = buildValue(values[i], input, env);
      return out;
    }
    case 'path': {
      const r = node.read(input, env);
      if (r.found) return r.value;
      throw pathNotFound(node.expression, node.key, input);
    }
    case 'intrinsic':
      return node.call !== undefined
        ? evaluatePreparedIntrinsic(node.call, input, env)
        : evaluateIntrinsic(node.expression, input, env);
  }
}

/**
 * The value of one `"key.$": "<expression>"` entry: a path into the input or the Context object,
 * or an intrinsic function call.
 */
export function resolveDynamicValue(expression: string, key: string, input: Json, env: DataflowEnv): Json {
  if (expression.charCodeAt(0) === 36 /* $ */) {
    const r = readPathInEnv(input, env, expression);
    if (r.found) return r.value;
    throw pathNotFound(expression, key, input);
  }
  return evaluateIntrinsic(expression, input, env);
}

function pathNotFound(expression: string, key: string, input: Json): StatesError {
  return new StatesError(
    StatesErrors.Runtime,
    `The JSONPath '${expression}' specified for the field '${key}' could not be found in the input '${JSON.stringify(input)}'`,
    true,
  );
}

/**
 * Applies InputPath: `undefined` (absent) passes the input through, `null` gives `{}`, a path
 * selects part of the input (or of the Context object, for `$$`). A path that finds nothing fails
 * with States.Runtime `Invalid path '<path>' : <Jayway's message>` (conformance case
 * scenarios/test_invalid_jsonpath__ST.INVALID_JSONPATH_IN_INPUTPATH).
 */
export function applyInputPath(input: Json, path: string | null | undefined, env: DataflowEnv): Json {
  return selectPath(input, path, env);
}

/**
 * Applies OutputPath, with the same rules as InputPath (conformance case
 * scenarios/test_catch_states_runtime: `Invalid path '$.no.such.result.path' : Missing property in
 * path $['no']`).
 */
export function applyOutputPath(output: Json, path: string | null | undefined, env: DataflowEnv): Json {
  return selectPath(output, path, env);
}

function selectPath(doc: Json, path: string | null | undefined, env: DataflowEnv): Json {
  if (path === undefined) return doc;
  if (path === null) return {};
  if (path === '$') return doc;
  const r = readPathInEnv(doc, env, path);
  if (r.found) return r.value;
  throw new StatesError(StatesErrors.Runtime, `Invalid path '${path}' : ${r.message}`, true);
}

/**
 * Applies ResultPath: `undefined` (absent, same as `$`) keeps only the result, `null` discards the
 * result and keeps the input, a reference path places the result inside a copy of the input.
 * Throws States.ResultPathMatchFailure when the path does not fit the input.
 */
export function applyResultPath(input: Json, result: Json, resultPath: string | null | undefined): Json {
  if (resultPath === undefined || resultPath === '$') return result;
  if (resultPath === null) return input;
  return setAtReferencePath(input, resultPath, result);
}
