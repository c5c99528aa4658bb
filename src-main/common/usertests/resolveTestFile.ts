import type { StateMachineDefinition } from '../asl/types';
import { formatDiagnostic, isValid, validateDefinition } from '../asl/validate';
import { openDefinition, readDocument } from '../documents/loadDocument';
import type { RegisteredStateMachine } from '../engine/run';
import type { S3ObjectInput } from '../engine/itemReader/objectStore';
import { isJsonObject, type Json, type JsonObject } from '../json';
import { parseMockConfig, type MockConfig } from '../mocks/mockConfig';
import type { UserTestCase, UserTestFile } from './testFile';

/**
 * Turns a checked test file into what runs need: the definition (validated), the mock config,
 * the default input, S3 objects and child state machines, every file read through the host's
 * reader (paths relative to the test file) and parsed by the one loader (documents/loadDocument).
 */

/** Reads a file named relative to the test file (the host's port: Node reads the disk, tests a map). */
export interface TestFileReader {
  read(path: string, what: string): { ok: true; text: string } | { ok: false; message: string };
}

/** A test file ready to run. */
export interface ResolvedTestFile {
  file: UserTestFile;
  definition: StateMachineDefinition;
  /** How the definition is named in reports and coverage (its path as the test file gives it, or template#logicalId). */
  definitionRef: string;
  stateMachineName: string;
  /** The MockConfigFile as written, and parsed. */
  mockJson?: JsonObject;
  mockConfig?: MockConfig;
  /** The state machine of the mock config the cases use. */
  mockStateMachine?: string;
  defaultInput: Json;
  s3Objects: S3ObjectInput[];
  stateMachines: Record<string, RegisteredStateMachine>;
}

/** Bad input: what and where, in one message per problem. */
export class TestFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestFileError';
  }
}

function readData(reader: TestFileReader, path: string, what: string): Json {
  const r = reader.read(path, what);
  if (!r.ok) throw new TestFileError(r.message);
  const doc = readDocument(r.text, path);
  if (!doc.ok) throw new TestFileError(`${what} "${path}" ${doc.message}`);
  return doc.value;
}

function loadDefinitionValue(value: Json, where: string): StateMachineDefinition {
  const diagnostics = validateDefinition(value);
  if (!isValid(diagnostics)) {
    const errors = diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    throw new TestFileError(`Invalid definition ${where}:\n${errors.join('\n')}`);
  }
  return value as unknown as StateMachineDefinition;
}

/**
 * The state machine `logicalId` of a SAM/CloudFormation/CDK template, read with the one loader
 * (documents/loadDocument) as `stepscope run` reads it: a DefinitionUri is read beside the template.
 */
function readTemplate(reader: TestFileReader, template: string, logicalId: string | undefined): { definition: StateMachineDefinition; ref: string; stateMachineName?: string } {
  const r = reader.read(template, 'template');
  if (!r.ok) throw new TestFileError(r.message);
  const folder = template.includes('/') ? template.slice(0, template.lastIndexOf('/') + 1) : '';
  const opened = openDefinition(r.text, template, {
    ...(logicalId !== undefined ? { stateMachine: logicalId } : {}),
    readRelative: (path) => {
      const linked = reader.read(`${folder}${path}`, 'definition');
      if (!linked.ok) throw new Error(linked.message);
      return linked.text;
    },
  });
  if (!opened.ok) throw new TestFileError(opened.message);
  const ref = `${template}#${opened.chosen?.logicalId ?? logicalId ?? ''}`;
  const definition = loadDefinitionValue(JSON.parse(opened.definitionText) as Json, ref);
  return { definition, ref, ...(opened.stateMachineName !== undefined ? { stateMachineName: opened.stateMachineName } : {}) };
}

/** A file's base name without folders or extensions, as a state machine name AWS accepts. */
function nameFromPath(path: string): string {
  const base = (path.split(/[\\/]/).pop() ?? '').replace(/\..*$/, '').replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
  return base === '' ? 'StateMachine' : base;
}

/** Resolves a test file; throws TestFileError naming the file and the problem. */
export function resolveTestFile(file: UserTestFile, reader: TestFileReader): ResolvedTestFile {
  const fromTemplate = file.template !== undefined ? readTemplate(reader, file.template, file.stateMachine) : undefined;
  const definitionPath = fromTemplate?.ref ?? (file.definition as string);
  const definition = fromTemplate?.definition ?? loadDefinitionValue(readData(reader, definitionPath, 'definition'), definitionPath);

  let mockJson: JsonObject | undefined;
  let mockConfig: MockConfig | undefined;
  let mockStateMachine: string | undefined;
  if (file.mocks !== undefined) {
    const where = typeof file.mocks === 'string' ? `mock config "${file.mocks}"` : 'the inline mock config ("mocks")';
    const value = typeof file.mocks === 'string' ? readData(reader, file.mocks, 'mock config') : file.mocks;
    if (!isJsonObject(value)) throw new TestFileError(`Invalid ${where}: a MockConfigFile is an object`);
    const parsed = parseMockConfig(value);
    if (!parsed.ok) throw new TestFileError(`Invalid ${where}:\n${parsed.diagnostics.map((d) => `${d.message} (at ${d.pointer || '/'})`).join('\n')}`);
    mockJson = value;
    mockConfig = parsed.config;
    const names = [...parsed.config.stateMachines.keys()];
    if (file.mockStateMachine !== undefined) {
      if (!parsed.config.stateMachines.has(file.mockStateMachine)) {
        throw new TestFileError(`${where} has no state machine "${file.mockStateMachine}" (it has: ${names.join(', ') || 'none'})`);
      }
      mockStateMachine = file.mockStateMachine;
    } else if (file.stateMachineName !== undefined && parsed.config.stateMachines.has(file.stateMachineName)) {
      mockStateMachine = file.stateMachineName;
    } else if (names.length === 1) mockStateMachine = names[0];
    else if (names.length > 1) throw new TestFileError(`${where} has several state machines (${names.join(', ')}): choose one with "mockStateMachine"`);
  }

  const defaultInput = file.inputFile !== undefined ? readData(reader, file.inputFile, 'input') : (file.input ?? {});
  const s3Objects: S3ObjectInput[] = file.s3Objects.map((o) => {
    const r = reader.read(o.file, 'S3 object file');
    if (!r.ok) throw new TestFileError(r.message);
    return { Bucket: o.Bucket, Key: o.Key, Body: r.text };
  });
  const stateMachines: Record<string, RegisteredStateMachine> = {};
  for (const [arn, child] of Object.entries(file.childStateMachines)) {
    stateMachines[arn] = { definition: loadDefinitionValue(readData(reader, child.definition, 'child definition'), child.definition), type: child.type };
  }
  return {
    file,
    definition,
    definitionRef: definitionPath,
    stateMachineName: file.stateMachineName ?? mockStateMachine ?? fromTemplate?.stateMachineName ?? nameFromPath(definitionPath),
    ...(mockJson !== undefined ? { mockJson, mockConfig, mockStateMachine } : {}),
    defaultInput,
    s3Objects,
    stateMachines,
  };
}

/** The input a case starts with: its own, its input file's, else the file's default. */
export function caseInput(resolved: ResolvedTestFile, c: UserTestCase, reader: TestFileReader): Json {
  if (c.input !== undefined) return c.input;
  if (c.inputFile !== undefined) return readData(reader, c.inputFile, 'input');
  return resolved.defaultInput;
}

/** The name a case's own mocked response gets in the merged config. */
const CASE_PREFIX = 'stepscope.case';

/**
 * The mock config and test case a case runs on: the file's config, with the case's own `mocks`
 * added as a test case of their own (the named or same-named test case's states, overridden).
 * Undefined when the case has no mocks at all (every Task then fails with Stepscope.MockNotFound).
 */
export function caseMocks(resolved: ResolvedTestFile, c: UserTestCase): { config: MockConfig; stateMachine: string; testCase: string } | undefined {
  const sm = resolved.mockStateMachine;
  const cases = sm !== undefined ? resolved.mockConfig?.stateMachines.get(sm) : undefined;
  if (c.testCase !== undefined && cases?.has(c.testCase) !== true) {
    throw new TestFileError(
      resolved.mockConfig === undefined
        ? `case "${c.name}" names the mock test case "${c.testCase}", but the file gives no "mocks"`
        : `case "${c.name}": the mock config has no test case "${c.testCase}" for state machine "${sm}" (test cases: ${[...(cases?.keys() ?? [])].join(', ') || 'none'})`,
    );
  }
  const testCase = c.testCase ?? (cases?.has(c.name) ? c.name : undefined);
  if (c.mocks === undefined || Object.keys(c.mocks).length === 0) {
    return testCase !== undefined && resolved.mockConfig !== undefined && sm !== undefined ? { config: resolved.mockConfig, stateMachine: sm, testCase } : undefined;
  }
  const base: JsonObject = resolved.mockJson ?? { StateMachines: {}, MockedResponses: {} };
  const machine = sm ?? resolved.stateMachineName;
  const responses: JsonObject = { ...(isJsonObject(base.MockedResponses) ? base.MockedResponses : {}) };
  const baseCases = isJsonObject(base.StateMachines) && isJsonObject(base.StateMachines[machine]) ? (base.StateMachines[machine] as JsonObject).TestCases : undefined;
  const states: JsonObject = { ...(testCase !== undefined && isJsonObject(baseCases) && isJsonObject(baseCases[testCase]) ? baseCases[testCase] : {}) };
  for (const [state, response] of Object.entries(c.mocks)) {
    const name = `${CASE_PREFIX}:${c.name}:${state}`;
    responses[name] = response;
    states[state] = name;
  }
  const merged: JsonObject = { StateMachines: { [machine]: { TestCases: { [CASE_PREFIX]: states } } }, MockedResponses: responses };
  const parsed = parseMockConfig(merged);
  if (!parsed.ok) {
    const problems = parsed.diagnostics.map((d) => `${d.message} (at ${d.pointer.replace(`/MockedResponses/${CASE_PREFIX}:${c.name}:`, `${c.pointer}/mocks/`)})`);
    throw new TestFileError(`case "${c.name}": invalid "mocks":\n${problems.join('\n')}`);
  }
  return { config: parsed.config, stateMachine: machine, testCase: CASE_PREFIX };
}
