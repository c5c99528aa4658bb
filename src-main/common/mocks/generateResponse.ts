import { isJsonObject, type Json, type JsonObject } from '../json';
import { createSeededRandom, type Random, type TaskInvoker, type TaskOutcome, type TaskRequest } from '../engine/ports';
import { memberName, structureOf, taskShape, type ServiceModel, type ShapeRef, type TaskShape } from './serviceShapes';

/*
 * A response for a Task that nothing else answers (no mock, no handler): shaped like the real
 * integration's, from the service's published model (serviceShapes.ts), with plausible values
 * that depend only on the seed, the state, the invocation and the injected clock.
 *
 * - Optimized integrations (arn:aws:states:::lambda:invoke …) answer with the operation's output
 *   in PascalCase, plus the `SdkHttpMetadata` / `SdkResponseMetadata` that AWS records for the
 *   integrations built on the Java SDK (Lambda, DynamoDB, SQS, SNS, Step Functions; the recorded
 *   corpus shows them and none on e.g. EventBridge's putEvents).
 * - `lambda:invoke` and Lambda function ARNs: AWS cannot know a function's result, so the
 *   generated `Payload` is the request's `Payload` echoed back (`{}` without one).
 * - `aws-sdk:*` Tasks answer with the operation's output (PascalCase members, ISO timestamps).
 * - `.sync` Tasks answer with the described result: the `Describe<X>`/`Get<X>` operation of a
 *   `create<X>`/`start<X>` action; `states:startExecution.sync(:2)` with a SUCCEEDED
 *   DescribeExecution as the engine gives for a child it runs.
 * - `.waitForTaskToken` Tasks (when no task-token broker waits for an answer, as in the CLI):
 *   the callback's result `{}`, and the service's generated answer as the TaskSubmitted output.
 * - A service or operation Stepscope has no model of answers `{}`.
 */

/** What `generateTaskResponse` made for one invocation. */
export interface GeneratedResponse {
  output: Json;
  /** For `.waitForTaskToken`: the service's immediate answer (TaskSubmitted); `output` is then the callback's result, `{}`. */
  submitted?: Json;
  /** The model the shape came from ("lambda Invoke, @aws-sdk/client-lambda 3.x"), or why there is none. */
  source: string;
  /** True when the service's model gave the shape. */
  modelled: boolean;
}

/** Options of the generator. */
export interface GenerateOptions {
  /** The run's seed: the same seed gives the same values. Default 0. */
  seed?: number;
}

/** Integrations whose recorded responses carry SdkHttpMetadata and SdkResponseMetadata. */
const WITH_SDK_METADATA = new Set(['lambda', 'dynamodb', 'sqs', 'sns', 'sfn']);

const CONTENT_TYPES: Record<string, string> = {
  awsJson1_0: 'application/x-amz-json-1.0',
  awsJson1_1: 'application/x-amz-json-1.1',
  awsQuery: 'text/xml',
  ec2Query: 'text/xml',
  restJson1: 'application/json',
  restXml: 'application/xml',
  rpcv2Cbor: 'application/cbor',
};

/** 32-bit FNV-1a of a text, to derive one invocation's random source from the seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function hex(random: Random, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += Math.floor(random.next() * 16).toString(16);
  return s;
}

function uuid(random: Random): string {
  const h = hex(random, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase() || 'resource';
}

interface Facts {
  random: Random;
  flavour: TaskShape['flavour'];
  model: ServiceModel;
  service: string;
  region: string;
  account: string;
  /** Epoch ms of the state's entry (the injected clock). */
  time: number;
}

/** Where the invocation runs and when, from its Context object. */
function contextFacts(context: Json): { region: string; account: string; time: number } {
  const ctx = isJsonObject(context) ? context : {};
  const execution = isJsonObject(ctx.Execution) ? ctx.Execution : {};
  const state = isJsonObject(ctx.State) ? ctx.State : {};
  const arn = typeof execution.Id === 'string' ? execution.Id.split(':') : [];
  const entered = typeof state.EnteredTime === 'string' ? Date.parse(state.EnteredTime) : NaN;
  const started = typeof execution.StartTime === 'string' ? Date.parse(execution.StartTime) : NaN;
  return {
    region: arn[3] || 'us-east-1',
    account: arn[4] || '123456789012',
    time: Number.isFinite(entered) ? entered : Number.isFinite(started) ? started : 0,
  };
}

const MAX_DEPTH = 6;
/** Below this depth optional members are filled too; deeper only required ones. */
const OPTIONAL_DEPTH = 2;

function value(ref: ShapeRef, name: string, facts: Facts, depth: number, seen: readonly string[]): Json | undefined {
  if (typeof ref === 'object') {
    if (depth >= MAX_DEPTH) return 'l' in ref ? [] : {};
    if ('l' in ref) {
      const item = value(ref.l, name.replace(/s$/, ''), facts, depth + 1, seen);
      return item === undefined ? [] : [item];
    }
    const item = value(ref.m, name, facts, depth + 1, seen);
    return item === undefined ? {} : { [`${kebab(name)}-1`]: item };
  }
  if (ref.startsWith('#')) {
    const shape = structureOf(facts.model, ref);
    if (!shape || seen.includes(ref) || depth >= MAX_DEPTH) return undefined;
    const out: JsonObject = {};
    const required = new Set(shape.r ?? []);
    const members = Object.keys(shape.f);
    const chosen = shape.k === 'u' ? members.slice(0, 1) : members.filter((m) => required.has(m) || depth < OPTIONAL_DEPTH);
    for (const member of chosen) {
      const v = value(shape.f[member], member, facts, depth + 1, [...seen, ref]);
      if (v !== undefined) out[memberName(member)] = v;
    }
    return sortKeys(out);
  }
  switch (ref) {
    case 's':
      return stringFor(name, facts);
    case 'n':
      return /Count$|Size$|Capacity$/.test(name) ? 1 : 1 + Math.floor(facts.random.next() * 100);
    case 'b':
      return false;
    case 't':
      return facts.flavour === 'optimized' ? facts.time : new Date(facts.time).toISOString();
    case 'B':
      return '';
    default:
      return {};
  }
}

function stringFor(name: string, facts: Facts): string {
  const { random } = facts;
  if (/(Arn|ARN)s?$/.test(name)) {
    const kind = kebab(name.replace(/(Arn|ARN)s?$/, '')) || facts.service;
    return `arn:aws:${facts.service}:${facts.region}:${facts.account}:${kind}/${hex(random, 8)}`;
  }
  if (/(Id|Ids|Token|RequestId)$/.test(name)) return uuid(random);
  if (/^MD5/i.test(name) || /ETag$/i.test(name)) return hex(random, 32);
  if (/Url$|Uri$/i.test(name)) return `https://example.com/${kebab(name)}/${hex(random, 6)}`;
  if (/Date$|Time$/.test(name)) return new Date(facts.time).toISOString();
  return `${name}-${hex(random, 6)}`;
}

function sortKeys(object: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(object).sort()) out[key] = object[key];
  return out;
}

/** SdkHttpMetadata and SdkResponseMetadata as AWS records them for Java-SDK-based integrations. */
function sdkMetadata(body: JsonObject, headers: Record<string, string>, facts: Facts): JsonObject {
  const requestId = uuid(facts.random);
  const flat: Record<string, string> = {
    Connection: 'keep-alive',
    'Content-Length': String(JSON.stringify(body).length),
    'Content-Type': CONTENT_TYPES[facts.model.protocol] ?? 'application/json',
    Date: new Date(facts.time).toUTCString(),
    'x-amzn-RequestId': requestId,
    ...headers,
  };
  const all: JsonObject = {};
  const http: JsonObject = {};
  for (const key of Object.keys(flat).sort((a, b) => a.localeCompare(b))) {
    all[key] = [flat[key]];
    http[key] = flat[key];
  }
  return {
    SdkHttpMetadata: { AllHttpHeaders: all, HttpHeaders: http, HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId: requestId },
  };
}

function lambdaInvoke(request: TaskRequest, facts: Facts, functionArn: boolean): JsonObject {
  const params = isJsonObject(request.parameters) ? request.parameters : {};
  // A function ARN Task sends the state's effective input as the payload; lambda:invoke its Payload parameter.
  const payload: Json = functionArn ? (request.parameters ?? {}) : params.Payload !== undefined ? params.Payload : {};
  const body: JsonObject = { ExecutedVersion: '$LATEST', Payload: payload, StatusCode: 200 };
  const meta = sdkMetadata({ Payload: payload }, { 'X-Amz-Executed-Version': '$LATEST' }, facts);
  return sortKeys({ ...body, ...meta });
}

function startExecutionSync(request: TaskRequest, facts: Facts, asText: boolean): JsonObject {
  const params = isJsonObject(request.parameters) ? request.parameters : {};
  const machineArn = typeof params.StateMachineArn === 'string' ? params.StateMachineArn : `arn:aws:states:${facts.region}:${facts.account}:stateMachine:StateMachine`;
  const name = typeof params.Name === 'string' ? params.Name : uuid(facts.random);
  const input: Json = params.Input === undefined ? {} : params.Input;
  const inputValue = asText ? (typeof input === 'string' ? input : JSON.stringify(input)) : typeof input === 'string' ? safeParse(input) : input;
  const parts = machineArn.split(':');
  return {
    ExecutionArn: `arn:aws:states:${parts[3] || facts.region}:${parts[4] || facts.account}:execution:${parts[6] ?? 'StateMachine'}:${name}`,
    Input: inputValue,
    InputDetails: { Included: true },
    Name: name,
    Output: asText ? '{}' : {},
    OutputDetails: { Included: true },
    RedriveCount: 0,
    RedriveStatus: 'NOT_REDRIVABLE',
    RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
    StartDate: facts.time,
    StateMachineArn: machineArn,
    Status: 'SUCCEEDED',
    StopDate: facts.time,
  };
}

function safeParse(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/**
 * The generated answer is the last page of a paginated listing: the member that would continue it
 * (NextToken, NextMarker, DynamoDB's LastEvaluatedKey…, as the service's paginator names it) is left
 * out unless the model requires it, so a workflow that loops while one is present ends.
 */
function lastPage(body: JsonObject, shape: TaskShape): JsonObject {
  const token = shape.model.pages?.[shape.operation];
  if (token === undefined || structureOf(shape.model, shape.output)?.r?.includes(token)) return body;
  const rest = { ...body };
  delete rest[memberName(token)];
  return rest;
}

/** A generated response for `request` (see the file comment). Deterministic for a seed. */
export function generateTaskResponse(request: TaskRequest, options: GenerateOptions = {}): GeneratedResponse {
  const shape = taskShape(request.resource);
  if (!shape) return { output: {}, source: `no published model for ${request.resource}`, modelled: false };
  const where = contextFacts(request.context);
  const key = `${options.seed ?? 0}\u0000${request.stateName}\u0000${request.invocationIndex}\u0000${request.mapIterationIndex ?? ''}`;
  const facts: Facts = { random: createSeededRandom(hash(key)), flavour: shape.flavour, model: shape.model, service: shape.service, ...where };
  const source = `${shape.service} ${shape.operation} (${shape.model.package} ${shape.model.version})`;
  if (shape.service === 'lambda' && shape.operation === 'Invoke') return { output: lambdaInvoke(request, facts, shape.resource.kind === 'lambda-function'), source, modelled: true };
  if (shape.flavour === 'optimized' && shape.resource.resourceType === 'states' && shape.resource.pattern !== 'request-response' && shape.resource.pattern !== 'waitForTaskToken') {
    return { output: startExecutionSync(request, facts, shape.resource.pattern === 'sync'), source, modelled: true };
  }
  if (shape.resource.pattern === 'waitForTaskToken') {
    // The callback's result is whatever the worker sends with SendTaskSuccess: nothing to know it from.
    const immediate = value(shape.output, shape.operation, facts, 0, []);
    return { output: {}, submitted: sortKeys(isJsonObject(immediate ?? null) ? (immediate as JsonObject) : {}), source, modelled: true };
  }
  const generated = value(shape.output, shape.operation, facts, 0, []);
  const body: JsonObject = lastPage(isJsonObject(generated ?? null) ? (generated as JsonObject) : {}, shape);
  const structure = structureOf(shape.model, shape.output);
  if (structure?.c !== undefined) body[memberName(structure.c)] = 200;
  if (shape.flavour === 'optimized' && WITH_SDK_METADATA.has(shape.service) && shape.resource.pattern === 'request-response') {
    return { output: sortKeys({ ...body, ...sdkMetadata(body, {}, facts) }), source, modelled: true };
  }
  return { output: sortKeys(body), source, modelled: true };
}

/** One invocation answered by a generated response (for run summaries). */
export interface GeneratedAnswer {
  stateName: string;
  invocationIndex: number;
  resource: string;
  source: string;
}

/** A TaskInvoker answering every invocation with a generated response; `answered` lists them. */
export interface GeneratedResponder extends TaskInvoker {
  readonly answered: GeneratedAnswer[];
}

/** Creates the invoker of generated responses for one run (RunOptions.unansweredTasks). */
export function createGeneratedResponder(options: GenerateOptions = {}): GeneratedResponder {
  const answered: GeneratedAnswer[] = [];
  return {
    answered,
    invoke(request: TaskRequest): TaskOutcome {
      const made = generateTaskResponse(request, options);
      answered.push({ stateName: request.stateName, invocationIndex: request.invocationIndex, resource: request.resource, source: made.source });
      return made.submitted !== undefined ? { kind: 'success', output: made.output, submitted: made.submitted } : { kind: 'success', output: made.output };
    },
  };
}
