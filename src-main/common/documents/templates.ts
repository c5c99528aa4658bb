/**
 * State machine definitions as users keep them: inside a SAM or CloudFormation template (CDK's
 * `cdk.out/*.template.json` is one too), or in an `.asl.json`/`.asl.yaml` file with SAM/CDK
 * `${Placeholders}`. What is read (AWS::Serverless::StateMachine and
 * AWS::StepFunctions::StateMachine resource references):
 *  - SAM: `Definition` (inline), `DefinitionUri` (a file beside the template, or {Bucket, Key}),
 *    `DefinitionSubstitutions`, `Type` (STANDARD/EXPRESS), `Name`;
 *  - CloudFormation: `Definition`, `DefinitionString` (usually `Fn::Sub` or `Fn::Join`),
 *    `DefinitionS3Location` (read from a local folder), `DefinitionSubstitutions`,
 *    `StateMachineType`, `StateMachineName`.
 * Intrinsic functions are evaluated by intrinsics.ts; values only a deployment knows are made up
 * and listed, and the user may give any of them.
 */
import { DEFAULT_ARN_SCOPE, type ArnScope } from '../arn';
import type { WorkflowType } from '../engine/run';
import { isJsonObject, type Json, type JsonObject } from '../json';
import { resolveIntrinsics, TemplateError, NO_VALUE, type IntrinsicContext } from './intrinsics';
import { valueForName } from './plausibleValues';

/** The resource types that are state machines. */
export const STATE_MACHINE_TYPES = ['AWS::Serverless::StateMachine', 'AWS::StepFunctions::StateMachine'] as const;
export type StateMachineResourceType = (typeof STATE_MACHINE_TYPES)[number];

/** A state machine of a template. */
export interface TemplateStateMachine {
  logicalId: string;
  resourceType: StateMachineResourceType;
  /** STANDARD unless the template says EXPRESS (SAM `Type`, CloudFormation `StateMachineType`). */
  type: WorkflowType;
  /** The name the template gives it (SAM `Name`, CloudFormation `StateMachineName`), when a plain string. */
  name?: string;
}

/** A value Stepscope made up because the files do not say it: the name to give it by, the value, what it stands for. */
export interface MadeUpValue {
  name: string;
  value: string;
  what: string;
}

/** How the files a template names are read (the host's file access; common code has none). */
export interface TemplateFiles {
  /** Reads a file named relative to the template's folder; throws an Error saying why it cannot. */
  readRelative?(path: string): string;
  /** Reads an S3 object from the user's local S3 folder; undefined when there is no such object. */
  readS3Object?(bucket: string, key: string): string | undefined;
}

/** What the definition is read with. */
export interface TemplateOptions extends TemplateFiles {
  /** The state machine to take from a template with several: its logical id (or its name). */
  stateMachine?: string;
  /** Values the user gives: placeholders, parameters, logical ids (`Ref`), `LogicalId.Attribute` (`Fn::GetAtt`). */
  substitutions?: Readonly<Record<string, string>>;
  /** Region and account of made-up ARNs; default DEFAULT_ARN_SCOPE. */
  scope?: ArnScope;
}

/** A template's state machine, read into a definition. */
export interface ExtractedDefinition {
  definition: JsonObject;
  chosen: TemplateStateMachine;
  madeUp: MadeUpValue[];
  /** The state machine's name when the template computes it (`Name: !Sub 'orders-${Stage}'`) from values it gives. */
  computedName?: string;
}

/** True when a document is a CloudFormation/SAM template (it has `Resources`, and no `States`). */
export function isTemplate(value: Json): value is JsonObject {
  return isJsonObject(value) && isJsonObject(value.Resources) && !('States' in value);
}

/** True when a template is SAM's (its Transform names AWS::Serverless, or it has a Serverless resource). */
export function isSamTemplate(template: JsonObject): boolean {
  const transform = JSON.stringify(template.Transform ?? '');
  return transform.includes('AWS::Serverless') || listStateMachines(template).some((m) => m.resourceType === 'AWS::Serverless::StateMachine');
}

/** The state machines of a template, in the order it declares them. */
export function listStateMachines(template: JsonObject): TemplateStateMachine[] {
  const resources = isJsonObject(template.Resources) ? template.Resources : {};
  const out: TemplateStateMachine[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isJsonObject(resource) || !STATE_MACHINE_TYPES.includes(resource.Type as StateMachineResourceType)) continue;
    const resourceType = resource.Type as StateMachineResourceType;
    const props = isJsonObject(resource.Properties) ? resource.Properties : {};
    const typeValue = resourceType === 'AWS::Serverless::StateMachine' ? props.Type : props.StateMachineType;
    const nameValue = resourceType === 'AWS::Serverless::StateMachine' ? props.Name : props.StateMachineName;
    out.push({
      logicalId,
      resourceType,
      type: typeof typeValue === 'string' && typeValue.toUpperCase() === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
      ...(typeof nameValue === 'string' ? { name: nameValue } : {}),
    });
  }
  return out;
}

/** Picks the state machine `wanted` names (logical id, else name), or the only one; a string says why not. */
export function pickStateMachine(machines: readonly TemplateStateMachine[], wanted: string | undefined): TemplateStateMachine | { problem: 'ambiguous' | 'notFound' | 'none' } {
  if (machines.length === 0) return { problem: 'none' };
  if (wanted === undefined) return machines.length === 1 ? machines[0] : { problem: 'ambiguous' };
  return machines.find((m) => m.logicalId === wanted) ?? machines.find((m) => m.name === wanted) ?? { problem: 'notFound' };
}

const PLACEHOLDER = /\$\{([A-Za-z0-9_.:-]+)\}/g;

/**
 * Replaces every `${Name}` in the strings (and member names) of `value` by `lookup(Name)`, as
 * Step Functions applies DefinitionSubstitutions to the definition's text.
 */
export function substitutePlaceholders(value: Json, lookup: (name: string) => string): Json {
  const inText = (text: string) => (text.includes('${') ? text.replace(PLACEHOLDER, (_, name: string) => lookup(name)) : text);
  if (typeof value === 'string') return inText(value);
  if (Array.isArray(value)) return value.map((v) => substitutePlaceholders(v, lookup));
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, member] of Object.entries(value)) out[inText(key)] = substitutePlaceholders(member, lookup);
  return out;
}

/** The `${Name}` placeholders of a text, in order of first use. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/**
 * The lookup of `${Name}` placeholders: the user's value, else the template's substitution, else
 * a made-up one (listed in `madeUp`).
 */
export function placeholderLookup(
  substitutions: Readonly<Record<string, string>>,
  given: Readonly<Record<string, string>>,
  scope: ArnScope,
  madeUp: MadeUpValue[],
): (name: string) => string {
  return (name) => {
    if (Object.prototype.hasOwnProperty.call(given, name)) return given[name];
    if (Object.prototype.hasOwnProperty.call(substitutions, name)) return substitutions[name];
    const value = valueForName(name, scope);
    if (!madeUp.some((m) => m.name === name)) madeUp.push({ name, value, what: 'a placeholder nothing gives a value to' });
    return value;
  };
}

/**
 * A definition file's text read into a value (the caller's JSON/YAML reader), `lookup` giving the
 * values of `${Placeholders}` for text that is JSON only once they are in (`"Seconds": ${Wait}`);
 * a string says what is wrong.
 */
export type DefinitionTextReader = (text: string, name: string, lookup: (name: string) => string) => Json | string;

/** The text with every `${Name}` replaced by `lookup(Name)` as it is (for placeholders outside strings). */
export function substituteText(text: string, lookup: (name: string) => string): string {
  return text.replace(PLACEHOLDER, (_, name: string) => lookup(name));
}

/**
 * Reads a template's state machine `chosen` into its definition: evaluates intrinsic functions,
 * reads `DefinitionUri`/`DefinitionS3Location` through `options`, and applies the
 * DefinitionSubstitutions and the user's values. Throws TemplateError naming the property.
 */
export function extractDefinition(template: JsonObject, chosen: TemplateStateMachine, options: TemplateOptions, readText: DefinitionTextReader): ExtractedDefinition {
  const scope = options.scope ?? DEFAULT_ARN_SCOPE;
  const given = options.substitutions ?? {};
  const madeUp: MadeUpValue[] = [];
  let sink = madeUp;
  const ctx: IntrinsicContext = {
    template,
    scope,
    stackName: 'stepscope-stack',
    given,
    madeUp: (name, value, what) => {
      if (!sink.some((m) => m.name === name)) sink.push({ name, value, what });
    },
  };
  const resource = (template.Resources as JsonObject)[chosen.logicalId] as JsonObject;
  const props = isJsonObject(resource.Properties) ? resource.Properties : {};
  const base = `Resources.${chosen.logicalId}.Properties`;
  const sam = chosen.resourceType === 'AWS::Serverless::StateMachine';
  const sources = (sam ? ['Definition', 'DefinitionUri'] : ['Definition', 'DefinitionString', 'DefinitionS3Location']).filter((p) => props[p] !== undefined);
  if (sources.length === 0) {
    throw new TemplateError(base, `it has no definition: give ${sam ? 'Definition or DefinitionUri' : 'Definition, DefinitionString or DefinitionS3Location'}`);
  }
  if (sources.length > 1) throw new TemplateError(base, `it has both ${sources.join(' and ')}; AWS takes only one`);
  const [source] = sources;
  const where = `${base}.${source}`;

  // DefinitionSubstitutions: each value evaluated; a value made of made-up parts is listed under its placeholder's name.
  const substitutions: Record<string, string> = {};
  const declared = props.DefinitionSubstitutions;
  if (declared !== undefined) {
    const subsWhere = `${base}.DefinitionSubstitutions`;
    if (!isJsonObject(declared)) throw new TemplateError(subsWhere, 'it must be a map of names to values');
    for (const [name, raw] of Object.entries(declared)) {
      if (Object.prototype.hasOwnProperty.call(given, name)) continue;
      const parts: MadeUpValue[] = [];
      sink = parts;
      const value = resolveIntrinsics(raw, ctx, `${subsWhere}.${name}`);
      sink = madeUp;
      if (value === NO_VALUE || value === null || typeof value === 'object') {
        throw new TemplateError(`${subsWhere}.${name}`, 'a substitution must be a string, number or boolean');
      }
      substitutions[name] = String(value);
      if (parts.length > 0) madeUp.push({ name, value: String(value), what: parts.map((p) => p.what).join('; ') });
    }
  }
  const lookup = placeholderLookup(substitutions, given, scope, madeUp);

  let definition: Json;
  if (source === 'Definition') {
    const resolved = resolveIntrinsics(props.Definition, ctx, where);
    if (!isJsonObject(resolved)) throw new TemplateError(where, 'it must be an object (the state machine definition)');
    definition = resolved;
  } else if (source === 'DefinitionString') {
    const resolved = resolveIntrinsics(props.DefinitionString, ctx, where);
    if (typeof resolved !== 'string') throw new TemplateError(where, 'it must be a string of JSON (or an intrinsic function giving one)');
    try {
      definition = JSON.parse(resolved) as Json;
    } catch (error) {
      throw new TemplateError(where, `its value is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else {
    const raw = resolveIntrinsics(props[source], ctx, where);
    const { text, name } = readLinkedFile(raw, where, options);
    const read = readText(text, name, lookup);
    if (typeof read === 'string') throw new TemplateError(where, `${name} ${read}`);
    definition = read;
  }

  const substituted = substitutePlaceholders(definition, lookup);
  if (!isJsonObject(substituted)) throw new TemplateError(where, 'the definition must be a JSON object');
  return { definition: substituted, chosen, madeUp, ...computedNameOf(props[sam ? 'Name' : 'StateMachineName'], ctx) };
}

/** A name property written with intrinsic functions, evaluated when nothing in it has to be made up. */
function computedNameOf(raw: Json | undefined, ctx: IntrinsicContext): { computedName?: string } {
  if (raw === undefined || typeof raw === 'string') return {};
  let madeUp = false;
  try {
    const value = resolveIntrinsics(raw, { ...ctx, madeUp: () => (madeUp = true) }, 'StateMachineName');
    return !madeUp && typeof value === 'string' ? { computedName: value } : {};
  } catch {
    return {};
  }
}

/** The file a `DefinitionUri` or `DefinitionS3Location` names, read through the host. */
function readLinkedFile(raw: Json | typeof NO_VALUE, where: string, files: TemplateFiles): { text: string; name: string } {
  if (typeof raw === 'string') {
    if (/^s3:\/\//i.test(raw)) {
      const match = /^s3:\/\/([^/]+)\/(.+)$/i.exec(raw);
      if (!match) throw new TemplateError(where, `"${raw}" is not an s3://bucket/key location`);
      return readS3(match[1], match[2], where, files);
    }
    if (!files.readRelative) throw new TemplateError(where, `the definition is in a separate file (${raw}) that Stepscope cannot read from here: choose that file too, or open the template with File → Open (the desktop app) or from the command line, which read the files beside it`, raw);
    try {
      return { text: files.readRelative(raw), name: raw };
    } catch (error) {
      throw new TemplateError(where, `cannot read ${raw}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (isJsonObject(raw) && typeof raw.Bucket === 'string' && typeof raw.Key === 'string') return readS3(raw.Bucket, raw.Key, where, files);
  throw new TemplateError(where, 'it must be a path, an s3:// location or {Bucket, Key}');
}

/**
 * An S3 object a template names: from the user's S3 folder (`<root>/<bucket>/<key>`) when there is
 * one, else beside the template by its key (CDK writes assets into cdk.out as the key, or `asset.<key>`).
 */
function readS3(bucket: string, key: string, where: string, files: TemplateFiles): { text: string; name: string } {
  const fromRoot = files.readS3Object?.(bucket, key);
  if (fromRoot !== undefined) return { text: fromRoot, name: key };
  const tried: string[] = [];
  if (files.readRelative) {
    for (const candidate of [key, `asset.${key}`]) {
      try {
        return { text: files.readRelative(candidate), name: candidate };
      } catch {
        tried.push(candidate);
      }
    }
  }
  const besides = tried.length > 0 ? ` nor beside the template (${tried.join(', ')})` : '';
  throw new TemplateError(where, `the definition is the S3 object s3://${bucket}/${key}, which is not in the local S3 folder (give one with --s3-root)${besides}`);
}
