import { isJsonObject, type Json, type JsonObject } from '../json';

/**
 * Typed view of the AWS-recorded conformance cases (test/fixtures/conformance/README.md, "Case
 * format" and "Validation cases"). `loadCase` checks the shape and throws `CaseFormatError`
 * naming the offending field when a file is not a case.
 */

/** Final statuses a recorded execution can have. */
export type ExpectedStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';

/** One recorded history event: `id` is a number, or `[0]` inside a rewritten Parallel block. */
export interface ExpectedEvent extends JsonObject {
  id: number | [0];
  previousEventId: number;
  type: string;
}

/** What AWS did with an execution case. */
export interface ExpectedExecution {
  status: ExpectedStatus;
  /** Present (possibly `null`) when the execution succeeded. */
  output?: Json;
  error?: string;
  /** A string, or the parsed object when the recorded cause was JSON text. */
  cause?: Json;
  /** Absent for `choice_operators` cases, for which AWS recorded only input and output. */
  history?: ExpectedEvent[];
  historyNormalisation?: 'parallel-branches';
}

/** An object the test uploaded to S3 before the run (read by a Distributed Map `ItemReader`). */
export interface S3ObjectSeed {
  Bucket: string;
  Key: string;
  Body: Json;
}

/** A recorded execution: run `definition` on `input` with the mocks and compare with `expected`. */
export interface ExecutionCase {
  kind: 'execution';
  /** "<category>/<case>". */
  id: string;
  /** The id's first segment (the case's folder name). */
  category: string;
  source?: string;
  recordedDate?: string;
  features: string[];
  definition: Json;
  input: Json;
  /** A Step Functions Local MockConfigFile (state machine "Case", test case "Recorded"), or null. */
  mockConfig: Json | null;
  /** Raw `mockExtras`; check it with `parseMockExtras`. */
  mockExtras?: Json;
  s3Objects?: S3ObjectSeed[];
  expected: ExpectedExecution;
  notes?: string[];
}

/** One diagnostic of ValidateStateMachineDefinition, as AWS returned it. */
export interface AwsValidationDiagnostic {
  code: string;
  location?: string;
  message: string;
  severity: string;
}

/** A recorded CreateStateMachine rejection or ValidateStateMachineDefinition answer. */
export interface ValidationCase {
  kind: 'validation';
  id: string;
  category: string;
  source?: string;
  recordedDate?: string;
  /** The definition object, or the raw text when what was sent is not a JSON object. */
  definition: Json;
  stateMachineType: 'STANDARD' | 'EXPRESS';
  /** CreateStateMachine's rejection. */
  expectedError?: { code: string; message: string };
  /** ValidateStateMachineDefinition's answer. */
  expectedValidation?: { result: 'OK' | 'FAIL'; diagnostics: AwsValidationDiagnostic[]; truncated: boolean };
  notes?: string[];
}

/** Any conformance case. */
export type ConformanceCase = ExecutionCase | ValidationCase;

/** Thrown by `loadCase` when a JSON value is not a conformance case; the message names the field. */
export class CaseFormatError extends Error {
  /** JSON pointer of the offending field ("" for the whole case). */
  readonly pointer: string;
  constructor(pointer: string, message: string) {
    super(pointer ? `${message} (at ${pointer})` : message);
    this.name = 'CaseFormatError';
    this.pointer = pointer;
  }
}

function requireString(obj: JsonObject, key: string, pointer: string): string {
  const value = obj[key];
  if (typeof value !== 'string') throw new CaseFormatError(`${pointer}/${key}`, `"${key}" must be a string`);
  return value;
}

function optionalString(obj: JsonObject, key: string, pointer: string): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(obj, key)) return undefined;
  return requireString(obj, key, pointer);
}

function optionalStringArray(obj: JsonObject, key: string, pointer: string): string[] | undefined {
  if (!Object.prototype.hasOwnProperty.call(obj, key)) return undefined;
  const value = obj[key];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new CaseFormatError(`${pointer}/${key}`, `"${key}" must be an array of strings`);
  }
  return value as string[];
}

function categoryOf(id: string): string {
  const slash = id.indexOf('/');
  return slash > 0 ? id.slice(0, slash) : '';
}

function loadEvent(raw: Json, index: number): ExpectedEvent {
  const pointer = `/expected/history/${index}`;
  if (!isJsonObject(raw)) throw new CaseFormatError(pointer, 'a history event must be an object');
  const id = raw.id;
  const isBlockId = Array.isArray(id) && id.length === 1 && id[0] === 0;
  if (typeof id !== 'number' && !isBlockId) throw new CaseFormatError(`${pointer}/id`, '"id" must be a number or [0]');
  if (typeof raw.previousEventId !== 'number') throw new CaseFormatError(`${pointer}/previousEventId`, '"previousEventId" must be a number');
  if (typeof raw.type !== 'string') throw new CaseFormatError(`${pointer}/type`, '"type" must be a string');
  return raw as ExpectedEvent;
}

function loadExpected(raw: Json): ExpectedExecution {
  if (!isJsonObject(raw)) throw new CaseFormatError('/expected', '"expected" must be an object');
  const status = raw.status;
  if (status !== 'SUCCEEDED' && status !== 'FAILED' && status !== 'TIMED_OUT') {
    throw new CaseFormatError('/expected/status', '"status" must be SUCCEEDED, FAILED or TIMED_OUT');
  }
  const expected: ExpectedExecution = { status };
  if (Object.prototype.hasOwnProperty.call(raw, 'output')) expected.output = raw.output;
  const error = optionalString(raw, 'error', '/expected');
  if (error !== undefined) expected.error = error;
  if (Object.prototype.hasOwnProperty.call(raw, 'cause')) expected.cause = raw.cause;
  if (Object.prototype.hasOwnProperty.call(raw, 'history')) {
    if (!Array.isArray(raw.history)) throw new CaseFormatError('/expected/history', '"history" must be an array');
    expected.history = raw.history.map(loadEvent);
  }
  if (Object.prototype.hasOwnProperty.call(raw, 'historyNormalisation')) {
    if (raw.historyNormalisation !== 'parallel-branches') {
      throw new CaseFormatError('/expected/historyNormalisation', '"historyNormalisation" must be "parallel-branches"');
    }
    expected.historyNormalisation = 'parallel-branches';
  }
  return expected;
}

function loadS3Objects(raw: Json): S3ObjectSeed[] {
  if (!Array.isArray(raw)) throw new CaseFormatError('/s3Objects', '"s3Objects" must be an array');
  return raw.map((item, i) => {
    const pointer = `/s3Objects/${i}`;
    if (!isJsonObject(item)) throw new CaseFormatError(pointer, 'an S3 object must be an object with Bucket, Key and Body');
    return { Bucket: requireString(item, 'Bucket', pointer), Key: requireString(item, 'Key', pointer), Body: item.Body ?? null };
  });
}

function loadValidationCase(raw: JsonObject, id: string): ValidationCase {
  const type = raw.stateMachineType;
  if (type !== 'STANDARD' && type !== 'EXPRESS') {
    throw new CaseFormatError('/stateMachineType', '"stateMachineType" must be STANDARD or EXPRESS');
  }
  const result: ValidationCase = { kind: 'validation', id, category: categoryOf(id), definition: raw.definition ?? null, stateMachineType: type };
  const source = optionalString(raw, 'source', '');
  if (source !== undefined) result.source = source;
  const recordedDate = optionalString(raw, 'recordedDate', '');
  if (recordedDate !== undefined) result.recordedDate = recordedDate;
  const notes = optionalStringArray(raw, 'notes', '');
  if (notes) result.notes = notes;
  if (Object.prototype.hasOwnProperty.call(raw, 'expectedError')) {
    const e = raw.expectedError;
    if (!isJsonObject(e)) throw new CaseFormatError('/expectedError', '"expectedError" must be an object');
    result.expectedError = { code: requireString(e, 'code', '/expectedError'), message: requireString(e, 'message', '/expectedError') };
  }
  if (Object.prototype.hasOwnProperty.call(raw, 'expectedValidation')) {
    const v = raw.expectedValidation;
    if (!isJsonObject(v)) throw new CaseFormatError('/expectedValidation', '"expectedValidation" must be an object');
    if (v.result !== 'OK' && v.result !== 'FAIL') throw new CaseFormatError('/expectedValidation/result', '"result" must be OK or FAIL');
    if (!Array.isArray(v.diagnostics)) throw new CaseFormatError('/expectedValidation/diagnostics', '"diagnostics" must be an array');
    const diagnostics = v.diagnostics.map((d, i): AwsValidationDiagnostic => {
      const pointer = `/expectedValidation/diagnostics/${i}`;
      if (!isJsonObject(d)) throw new CaseFormatError(pointer, 'a diagnostic must be an object');
      const out: AwsValidationDiagnostic = {
        code: requireString(d, 'code', pointer),
        message: requireString(d, 'message', pointer),
        severity: requireString(d, 'severity', pointer),
      };
      const location = optionalString(d, 'location', pointer);
      if (location !== undefined) out.location = location;
      return out;
    });
    result.expectedValidation = { result: v.result, diagnostics, truncated: v.truncated === true };
  }
  if (!result.expectedError && !result.expectedValidation) {
    throw new CaseFormatError('', 'a validation case needs "expectedError" or "expectedValidation"');
  }
  return result;
}

/**
 * Checks and types one conformance case file's JSON. A case with `expectedError` or
 * `expectedValidation` is a validation case; anything else must be an execution case with
 * `definition`, `input` and `expected`. Throws `CaseFormatError` otherwise.
 */
export function loadCase(json: Json): ConformanceCase {
  if (!isJsonObject(json)) throw new CaseFormatError('', 'a conformance case must be a JSON object');
  const id = requireString(json, 'id', '');
  if (
    Object.prototype.hasOwnProperty.call(json, 'expectedError') ||
    Object.prototype.hasOwnProperty.call(json, 'expectedValidation')
  ) {
    return loadValidationCase(json, id);
  }
  for (const key of ['definition', 'input', 'expected']) {
    if (!Object.prototype.hasOwnProperty.call(json, key)) throw new CaseFormatError('', `missing field "${key}"`);
  }
  const mockConfig = json.mockConfig ?? null;
  if (mockConfig !== null && !isJsonObject(mockConfig)) throw new CaseFormatError('/mockConfig', '"mockConfig" must be an object or null');
  const result: ExecutionCase = {
    kind: 'execution',
    id,
    category: categoryOf(id),
    features: optionalStringArray(json, 'features', '') ?? [],
    definition: json.definition,
    input: json.input,
    mockConfig,
    expected: loadExpected(json.expected),
  };
  const source = optionalString(json, 'source', '');
  if (source !== undefined) result.source = source;
  const recordedDate = optionalString(json, 'recordedDate', '');
  if (recordedDate !== undefined) result.recordedDate = recordedDate;
  if (Object.prototype.hasOwnProperty.call(json, 'mockExtras')) result.mockExtras = json.mockExtras;
  if (Object.prototype.hasOwnProperty.call(json, 's3Objects')) result.s3Objects = loadS3Objects(json.s3Objects);
  const notes = optionalStringArray(json, 'notes', '');
  if (notes) result.notes = notes;
  return result;
}

/** State machine name the corpus's mock configs use. */
export const CASE_STATE_MACHINE = 'Case';
/** Test case name the corpus's mock configs use. */
export const CASE_TEST_CASE = 'Recorded';
