/**
 * CloudFormation's intrinsic functions and pseudo parameters, evaluated as far as a template on
 * disk allows (CloudFormation User Guide, "Intrinsic function reference" and "Pseudo parameters
 * reference"): `Ref`, `Fn::GetAtt`, `Fn::Sub` (both forms), `Fn::Join`, `Fn::If` with the
 * template's `Conditions`, `Fn::Select`, `Fn::Split`, `Fn::FindInMap`, `Fn::GetAZs`,
 * `Fn::ImportValue`, `Fn::Base64`, `Fn::ToJsonString`, `Fn::Length`. What only a deployment
 * knows (a generated name, a function's ARN, an export) is made up in AWS's shape
 * (plausibleValues.ts) and reported through {@link IntrinsicContext.madeUp}, so the user sees it and
 * can give the real value.
 */
import type { ArnScope } from '../arn';
import { utf8Encode } from '../engine/intrinsics/bytes';
import { isJsonObject, type Json, type JsonObject } from '../json';
import { getAttValue, nameProperty, refValue, valueForName, type TemplateResourceRef } from './plausibleValues';

/** A problem in a template, with the property (`Resources.Flow.Properties.DefinitionString`) it is in. */
export class TemplateError extends Error {
  constructor(
    readonly property: string,
    message: string,
    /** The file (as the template names it) that could not be read because no files were given: the caller may ask the user for it. */
    readonly needsFile?: string,
  ) {
    super(message);
  }
}

/** Stands for `{"Ref": "AWS::NoValue"}`: the property or list item is left out. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** Where intrinsic functions are evaluated. */
export interface IntrinsicContext {
  /** The whole template (Parameters, Resources, Mappings, Conditions). */
  template: JsonObject;
  scope: ArnScope;
  /** The stack's name (AWS::StackName). */
  stackName: string;
  /**
   * Values the user gave (`--sub Name=value`): a parameter's or resource's logical id answers its
   * `Ref`, `LogicalId.Attribute` its `Fn::GetAtt`.
   */
  given: Readonly<Record<string, string>>;
  /** Called for each value that was made up: the name the user can set, the value, what it stands for. */
  madeUp(name: string, value: string, what: string): void;
}

const PSEUDO: Record<string, (ctx: IntrinsicContext) => Json> = {
  'AWS::Region': (ctx) => ctx.scope.region,
  'AWS::AccountId': (ctx) => ctx.scope.account,
  'AWS::Partition': () => 'aws',
  'AWS::URLSuffix': () => 'amazonaws.com',
  'AWS::StackName': (ctx) => ctx.stackName,
  'AWS::StackId': (ctx) => `arn:aws:cloudformation:${ctx.scope.region}:${ctx.scope.account}:stack/${ctx.stackName}/00000000-0000-4000-8000-000000000000`,
  'AWS::NotificationARNs': () => [],
};

function section(ctx: IntrinsicContext, name: string): JsonObject {
  const value = ctx.template[name];
  return isJsonObject(value) ? value : {};
}

/** The resource `logicalId` as Ref/GetAtt see it, or undefined when the template has none of that id. */
export function templateResource(ctx: IntrinsicContext, logicalId: string): TemplateResourceRef | undefined {
  const resource = section(ctx, 'Resources')[logicalId];
  if (!isJsonObject(resource) || typeof resource.Type !== 'string') return undefined;
  const properties = isJsonObject(resource.Properties) ? resource.Properties : {};
  const prop = nameProperty(resource.Type);
  let given = prop !== undefined ? properties[prop] : undefined;
  if (given !== undefined && typeof given !== 'string' && !resolvingNames.has(logicalId)) {
    // A name the template computes (`!Sub 'orders-${Stage}'`): its value, when nothing in it is made up.
    resolvingNames.add(logicalId);
    let madeUp = false;
    try {
      const value = resolveIntrinsics(given, { ...ctx, madeUp: () => (madeUp = true) }, `Resources.${logicalId}.Properties.${prop}`);
      given = !madeUp && typeof value === 'string' ? value : undefined;
    } catch {
      given = undefined;
    } finally {
      resolvingNames.delete(logicalId);
    }
  }
  return { logicalId, type: resource.Type, ...(typeof given === 'string' ? { givenName: given } : {}) };
}

/** Resources whose name is being computed (a name that refers to itself is not computed twice). */
const resolvingNames = new Set<string>();

function asText(value: Json | typeof NO_VALUE, where: string, fn: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new TemplateError(where, `${fn} needs a string here, not ${value === NO_VALUE ? 'AWS::NoValue' : JSON.stringify(value)}`);
}

function ref(name: string, ctx: IntrinsicContext, where: string): Json | typeof NO_VALUE {
  if (name === 'AWS::NoValue') return NO_VALUE;
  const given = ctx.given[name];
  if (given !== undefined) return given;
  const pseudo = PSEUDO[name];
  if (pseudo) return pseudo(ctx);
  const parameter = section(ctx, 'Parameters')[name];
  if (isJsonObject(parameter)) {
    const fallback = parameter.Default;
    if (fallback !== undefined && fallback !== null) {
      if ((typeof parameter.Type === 'string' && parameter.Type.startsWith('List<')) || parameter.Type === 'CommaDelimitedList') {
        return Array.isArray(fallback) ? fallback : String(fallback).split(',');
      }
      return typeof fallback === 'string' ? fallback : String(fallback);
    }
    const value = valueForName(name, ctx.scope);
    ctx.madeUp(name, value, 'a parameter with no default');
    return value;
  }
  const resource = templateResource(ctx, name);
  if (resource) {
    const value = refValue(resource, ctx.scope);
    if (resource.givenName === undefined || value !== resource.givenName) ctx.madeUp(name, value, `Ref of ${resource.type} ${name}`);
    return value;
  }
  if (name.startsWith('AWS::')) throw new TemplateError(where, `Ref names an unknown pseudo parameter "${name}"`);
  const value = valueForName(name, ctx.scope);
  ctx.madeUp(name, value, 'a Ref to nothing the template declares');
  return value;
}

function getAtt(args: Json, ctx: IntrinsicContext, where: string): Json {
  let parts: string[];
  if (typeof args === 'string') parts = [args.slice(0, args.indexOf('.')), args.slice(args.indexOf('.') + 1)];
  else if (Array.isArray(args) && args.length === 2) parts = args.map((a) => asText(resolveIntrinsics(a, ctx, where), where, 'Fn::GetAtt'));
  else throw new TemplateError(where, 'Fn::GetAtt needs [LogicalId, Attribute]');
  const [logicalId, attribute] = parts;
  const key = `${logicalId}.${attribute}`;
  const given = ctx.given[key];
  if (given !== undefined) return given;
  const resource = templateResource(ctx, logicalId);
  if (!resource) {
    const value = valueForName(`${logicalId}${attribute}`, ctx.scope);
    ctx.madeUp(key, value, 'Fn::GetAtt of a resource the template does not declare');
    return value;
  }
  const value = getAttValue(resource, attribute, ctx.scope);
  ctx.madeUp(key, value, `Fn::GetAtt of ${resource.type} ${logicalId}`);
  return value;
}

/** `Fn::Sub`: `${Name}`, `${Resource.Attribute}` and `${!Literal}` in a string, with an optional map of variables. */
function sub(args: Json, ctx: IntrinsicContext, where: string): string {
  let text: string;
  let vars: JsonObject = {};
  if (typeof args === 'string') text = args;
  else if (Array.isArray(args) && args.length === 2 && typeof args[0] === 'string' && isJsonObject(args[1])) [text, vars] = [args[0], args[1]];
  else throw new TemplateError(where, 'Fn::Sub needs a string, or [string, {variables}]');
  return text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    const name = inner.trim();
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (Object.prototype.hasOwnProperty.call(vars, name)) return asText(resolveIntrinsics(vars[name], ctx, `${where}.${name}`), where, 'Fn::Sub');
    if (name.includes('.') && !name.startsWith('AWS::')) return asText(getAtt(name, ctx, where), where, 'Fn::Sub');
    return asText(ref(name, ctx, where), where, 'Fn::Sub');
  });
}

/** Evaluates a condition of the template's `Conditions` (or an inline condition function). */
function condition(value: Json, ctx: IntrinsicContext, where: string, depth = 0): boolean {
  if (depth > 50) throw new TemplateError(where, 'the Conditions refer to each other in a loop');
  if (typeof value === 'string') {
    const named = section(ctx, 'Conditions')[value];
    if (named === undefined) throw new TemplateError(where, `Fn::If names a condition "${value}" that the template's Conditions do not declare`);
    return condition(named, ctx, `Conditions.${value}`, depth + 1);
  }
  if (typeof value === 'boolean') return value;
  if (!isJsonObject(value)) throw new TemplateError(where, `a condition must be a condition function, not ${JSON.stringify(value)}`);
  const [fn] = Object.keys(value);
  const args = value[fn];
  const list = Array.isArray(args) ? args : [args];
  switch (fn) {
    case 'Condition':
      return condition(args, ctx, where, depth + 1);
    case 'Fn::Equals': {
      const [a, b] = list.map((x) => JSON.stringify(resolveIntrinsics(x, ctx, where)));
      return a === b;
    }
    case 'Fn::Not':
      return !condition(list[0], ctx, where, depth + 1);
    case 'Fn::And':
      return list.every((c) => condition(c, ctx, where, depth + 1));
    case 'Fn::Or':
      return list.some((c) => condition(c, ctx, where, depth + 1));
    default:
      throw new TemplateError(where, `${fn} is not a condition function`);
  }
}

function base64(text: string): string {
  const bytes = utf8Encode(text);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += alphabet[(n >> 18) & 63] + alphabet[(n >> 12) & 63];
    out += i + 1 < bytes.length ? alphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? alphabet[n & 63] : '=';
  }
  return out;
}

function intrinsic(fn: string, args: Json, ctx: IntrinsicContext, where: string): Json | typeof NO_VALUE {
  const at = `${where} (${fn})`;
  const list = (count?: number): Json[] => {
    if (!Array.isArray(args) || (count !== undefined && args.length !== count)) throw new TemplateError(where, `${fn} needs a list${count !== undefined ? ` of ${count}` : ''}`);
    return args;
  };
  switch (fn) {
    case 'Ref':
      return ref(asText(args, at, 'Ref'), ctx, at);
    case 'Fn::GetAtt':
      return getAtt(args, ctx, at);
    case 'Fn::Sub':
      return sub(args, ctx, at);
    case 'Fn::Join': {
      const [delimiter, items] = list(2);
      const values = resolveIntrinsics(items, ctx, at);
      if (!Array.isArray(values)) throw new TemplateError(at, 'Fn::Join needs [delimiter, [values]]');
      return values.map((v) => asText(v, at, 'Fn::Join')).join(asText(delimiter, at, 'Fn::Join'));
    }
    case 'Fn::If': {
      const [name, whenTrue, whenFalse] = list(3);
      return resolveIntrinsics(condition(asText(name, at, 'Fn::If'), ctx, at) ? whenTrue : whenFalse, ctx, at);
    }
    case 'Fn::Select': {
      const [index, items] = list(2);
      const values = resolveIntrinsics(items, ctx, at);
      const i = Number(asText(resolveIntrinsics(index, ctx, at), at, 'Fn::Select'));
      if (!Array.isArray(values) || !Number.isInteger(i) || i < 0 || i >= values.length) throw new TemplateError(at, `Fn::Select index ${i} is outside the list`);
      return values[i];
    }
    case 'Fn::Split': {
      const [delimiter, source] = list(2);
      return asText(resolveIntrinsics(source, ctx, at), at, 'Fn::Split').split(asText(delimiter, at, 'Fn::Split'));
    }
    case 'Fn::FindInMap': {
      const [map, top, second] = list().map((a) => asText(resolveIntrinsics(a, ctx, at), at, 'Fn::FindInMap'));
      const found = (section(ctx, 'Mappings')[map] as JsonObject | undefined)?.[top];
      const value = isJsonObject(found) ? found[second] : undefined;
      if (value === undefined) throw new TemplateError(at, `Fn::FindInMap: the Mappings have no ${map}.${top}.${second}`);
      return value;
    }
    case 'Fn::GetAZs': {
      const region = asText(resolveIntrinsics(args, ctx, at), at, 'Fn::GetAZs') || ctx.scope.region;
      return ['a', 'b', 'c'].map((z) => `${region}${z}`);
    }
    case 'Fn::ImportValue': {
      const name = asText(resolveIntrinsics(args, ctx, at), at, 'Fn::ImportValue');
      const given = ctx.given[name];
      if (given !== undefined) return given;
      const value = valueForName(name.replace(/^.*[:-]/, '') || name, ctx.scope);
      ctx.madeUp(name, value, 'an export of another stack (Fn::ImportValue)');
      return value;
    }
    case 'Fn::Base64':
      return base64(asText(resolveIntrinsics(args, ctx, at), at, 'Fn::Base64'));
    case 'Fn::ToJsonString':
      return JSON.stringify(resolveIntrinsics(args, ctx, at));
    case 'Fn::Length': {
      const values = resolveIntrinsics(args, ctx, at);
      if (!Array.isArray(values)) throw new TemplateError(at, 'Fn::Length needs a list');
      return values.length;
    }
    default:
      throw new TemplateError(at, `Stepscope cannot evaluate ${fn} in a state machine's definition`);
  }
}

/** True when `value` is one intrinsic function call (`{"Ref": ...}` or `{"Fn::...": ...}`). */
function intrinsicName(value: JsonObject): string | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const [key] = keys;
  // `{"Condition": name}` is read only inside condition functions (see condition above).
  return key === 'Ref' || key.startsWith('Fn::') ? key : undefined;
}

/**
 * Evaluates every intrinsic function in `value` (deeply); `where` names the property in errors.
 * `{"Ref": "AWS::NoValue"}` removes the member or item it is; at the top it gives NO_VALUE.
 */
export function resolveIntrinsics(value: Json, ctx: IntrinsicContext, where: string): Json | typeof NO_VALUE {
  if (Array.isArray(value)) {
    const out: Json[] = [];
    for (let i = 0; i < value.length; i++) {
      const item = resolveIntrinsics(value[i], ctx, `${where}[${i}]`);
      if (item !== NO_VALUE) out.push(item);
    }
    return out;
  }
  if (!isJsonObject(value)) return value;
  const fn = intrinsicName(value);
  if (fn !== undefined) return intrinsic(fn, value[fn], ctx, where);
  const out: JsonObject = {};
  for (const [key, member] of Object.entries(value)) {
    const resolved = resolveIntrinsics(member, ctx, `${where}.${key}`);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}
