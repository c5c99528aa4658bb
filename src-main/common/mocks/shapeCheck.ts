import { isJsonObject, type Json } from '../json';
import type { StateMachineDefinition } from '../asl/types';
import { escapePointerToken } from '../asl/validation/pointer';
import type { MockConfig } from './mockConfig';
import { memberName, structureOf, taskShape, type ServiceModel, type ShapeRef, type TaskShape } from './serviceShapes';

/*
 * Mocked responses checked against the service's output shape, as TestState's
 * `fieldValidationMode` does (API reference, MockInput): STRICT — every required field present
 * and every present field of the model's type; PRESENT — only the fields present are checked;
 * NONE — no check. In both checking modes a field the model does not have is refused. The shape
 * is the one a generated response has (serviceShapes.ts): member names in PascalCase, blobs
 * (Lambda's Payload) and documents any JSON, timestamps a number or a string; optimized
 * integrations may carry SdkHttpMetadata and SdkResponseMetadata.
 */

/** TestState's fieldValidationMode. AWS's default is STRICT. */
export type FieldValidationMode = 'STRICT' | 'PRESENT' | 'NONE';
export const FIELD_VALIDATION_MODES: readonly FieldValidationMode[] = ['STRICT', 'PRESENT', 'NONE'];
export const DEFAULT_FIELD_VALIDATION: FieldValidationMode = 'STRICT';

/** One mocked response that does not fit its service's shape. */
export interface ShapeProblem {
  stateMachine: string;
  testCase: string;
  state: string;
  /** The mocked response's name and invocation key. */
  response: string;
  invocation: string;
  /** Path of the field in the returned value ("Payload", "Entries[0].EventId"); "" for the value itself. */
  field: string;
  /** JSON pointer into the MockConfigFile. */
  pointer: string;
  message: string;
}

function describeType(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

interface CheckContext {
  model: ServiceModel;
  mode: Exclude<FieldValidationMode, 'NONE'>;
  /** `.sync:2` gives JSON where the model says string (Input/Output of DescribeExecution). */
  lenientStrings: boolean;
  problems: { field: string; message: string }[];
}

const EXPECTED: Record<string, string> = { s: 'a string', n: 'a number', b: 'a boolean', t: 'a timestamp (number or string)' };

function join(field: string, member: string): string {
  return field === '' ? member : `${field}.${member}`;
}

function check(ref: ShapeRef, value: Json, field: string, ctx: CheckContext, topLevel = false, optimized = false): void {
  if (typeof ref === 'object') {
    if ('l' in ref) {
      if (!Array.isArray(value)) return void ctx.problems.push({ field, message: `expected a list, got ${describeType(value)}` });
      value.forEach((item, i) => check(ref.l, item, `${field}[${i}]`, ctx));
      return;
    }
    if (!isJsonObject(value)) return void ctx.problems.push({ field, message: `expected a map (an object), got ${describeType(value)}` });
    for (const [key, item] of Object.entries(value)) check(ref.m, item, join(field, key), ctx);
    return;
  }
  if (ref.startsWith('#')) {
    const shape = structureOf(ctx.model, ref);
    if (!shape) return;
    if (!isJsonObject(value)) return void ctx.problems.push({ field, message: `expected an object (${ref.slice(1)}), got ${describeType(value)}` });
    const byName = new Map<string, string>();
    for (const member of Object.keys(shape.f)) {
      byName.set(member, member);
      byName.set(memberName(member), member);
    }
    for (const [key, item] of Object.entries(value)) {
      const member = byName.get(key);
      if (member === undefined) {
        if (topLevel && optimized && (key === 'SdkHttpMetadata' || key === 'SdkResponseMetadata')) continue;
        ctx.problems.push({ field: join(field, key), message: `unknown field "${key}": ${ref.slice(1)} has ${Object.keys(shape.f).map(memberName).join(', ') || 'no fields'}` });
        continue;
      }
      check(shape.f[member], item, join(field, key), ctx);
    }
    if (shape.k === 'u' && Object.keys(value).length > 1) ctx.problems.push({ field, message: `${ref.slice(1)} is a union: set exactly one of its fields` });
    if (ctx.mode === 'STRICT') {
      for (const required of shape.r ?? []) {
        if (!Object.prototype.hasOwnProperty.call(value, required) && !Object.prototype.hasOwnProperty.call(value, memberName(required))) {
          ctx.problems.push({ field: join(field, memberName(required)), message: `missing required field "${memberName(required)}" of ${ref.slice(1)}` });
        }
      }
    }
    return;
  }
  switch (ref) {
    case 's':
      if (typeof value !== 'string' && !ctx.lenientStrings) ctx.problems.push({ field, message: `expected ${EXPECTED.s}, got ${describeType(value)}` });
      return;
    case 'n':
      if (typeof value !== 'number') ctx.problems.push({ field, message: `expected ${EXPECTED.n}, got ${describeType(value)}` });
      return;
    case 'b':
      if (typeof value !== 'boolean') ctx.problems.push({ field, message: `expected ${EXPECTED.b}, got ${describeType(value)}` });
      return;
    case 't':
      if (typeof value !== 'number' && typeof value !== 'string') ctx.problems.push({ field, message: `expected ${EXPECTED.t}, got ${describeType(value)}` });
      return;
    default:
      // Blobs (Lambda's Payload) and documents take any JSON.
      return;
  }
}

/**
 * Checks one returned value against what `resource` answers with. Undefined shape (an activity,
 * a `.waitForTaskToken` callback result, a service Stepscope has no model of): nothing to check.
 */
export function checkReturnedValue(resource: string, value: Json, mode: FieldValidationMode): { field: string; message: string }[] {
  if (mode === 'NONE') return [];
  const shape = shapeToCheck(resource, value);
  if (!shape) return [];
  const ctx: CheckContext = { model: shape.model, mode, lenientStrings: shape.resource.pattern === 'sync2', problems: [] };
  check(shape.output, value, '', ctx, true, shape.flavour === 'optimized');
  return ctx.problems;
}

function shapeToCheck(resource: string, value: Json): TaskShape | undefined {
  const shape = taskShape(resource);
  if (!shape || shape.resource.pattern === 'waitForTaskToken') return undefined;
  // A Lambda function ARN's mock may be the Invoke response or the function's result itself (the engine takes either).
  if (shape.resource.kind === 'lambda-function' && !(isJsonObject(value) && ('Payload' in value || 'StatusCode' in value))) return undefined;
  return shape;
}

/** Task states of a definition by name (nested Parallel branches and Map processors included). */
export function taskResources(definition: StateMachineDefinition): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (machine: unknown): void => {
    if (!isJsonObject(machine as Json)) return;
    const states = (machine as { States?: unknown }).States;
    if (!isJsonObject(states as Json)) return;
    for (const [name, state] of Object.entries(states as Record<string, Json>)) {
      if (!isJsonObject(state)) continue;
      if (state.Type === 'Task' && typeof state.Resource === 'string' && !out.has(name)) out.set(name, state.Resource);
      if (Array.isArray(state.Branches)) state.Branches.forEach(walk);
      if (state.Iterator !== undefined) walk(state.Iterator);
      if (state.ItemProcessor !== undefined) walk(state.ItemProcessor);
    }
  };
  walk(definition);
  return out;
}

/**
 * Checks every `Return` of the responses a config's test cases give the definition's Task states.
 * `only` limits it to one state machine / test case of the config.
 */
export function checkMockShapes(
  config: MockConfig,
  definition: StateMachineDefinition,
  mode: FieldValidationMode,
  only?: { stateMachine?: string; testCase?: string },
): ShapeProblem[] {
  if (mode === 'NONE') return [];
  const resources = taskResources(definition);
  const problems: ShapeProblem[] = [];
  const checked = new Set<string>();
  for (const [machine, cases] of config.stateMachines) {
    if (only?.stateMachine !== undefined && machine !== only.stateMachine) continue;
    for (const [caseName, testCase] of cases) {
      if (only?.testCase !== undefined && caseName !== only.testCase) continue;
      for (const [state, responseName] of testCase.states) {
        const resource = resources.get(state);
        const response = config.responses.get(responseName);
        if (resource === undefined || !response) continue;
        for (const entry of response.entries) {
          if (entry.answer.kind !== 'return') continue;
          const key = `${resource}\u0000${responseName}\u0000${entry.key}`;
          const pointer = `/MockedResponses/${escapePointerToken(responseName)}/${escapePointerToken(entry.key)}/Return`;
          for (const p of checkReturnedValue(resource, entry.answer.value, mode)) {
            if (checked.has(`${key}\u0000${p.field}\u0000${p.message}`)) continue;
            checked.add(`${key}\u0000${p.field}\u0000${p.message}`);
            problems.push({
              stateMachine: machine,
              testCase: caseName,
              state,
              response: responseName,
              invocation: entry.key,
              field: p.field,
              pointer: p.field === '' ? pointer : `${pointer}/${p.field.split(/\.|\[(\d+)\]/).filter((t) => t !== undefined && t !== '').map(escapePointerToken).join('/')}`,
              message: p.message,
            });
          }
        }
      }
    }
  }
  return problems;
}

/** One line per problem: file, test case, state, field. */
export function formatShapeProblem(file: string, p: ShapeProblem): string {
  const field = p.field === '' ? 'the returned value' : `field "${p.field}"`;
  return `${file}: test case "${p.testCase}" (state machine "${p.stateMachine}"), state "${p.state}", response "${p.response}" invocation ${p.invocation}: ${field}: ${p.message}`;
}

/** Reads a --field-validation value. */
export function parseFieldValidationMode(text: string): FieldValidationMode | undefined {
  const upper = text.toUpperCase();
  return (FIELD_VALIDATION_MODES as readonly string[]).includes(upper) ? (upper as FieldValidationMode) : undefined;
}
