import { isJsonObject, type Json, type JsonObject } from '../json';

/**
 * The user test file (`*.sfn-test.json`, `*.sfn-test.yaml`): what a state machine's own tests
 * say, read into checked types. The format is documented in README.md ("Testing your state
 * machines") and described for editors by resources/schema/sfn-test.schema.json.
 *
 * A file names one state machine (a `definition` file, or a `template` and the `stateMachine`'s
 * logical id in it), the mocks its Tasks answer from (a MockConfigFile, by path or inline), and
 * its `cases`, each with an input and expectations (`expect`). Paths are relative to the test
 * file. Problems are reported with a JSON pointer into the file.
 */

/** How an execution may end. */
export const EXECUTION_STATUSES = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;
export type ExpectedStatus = (typeof EXECUTION_STATUSES)[number];

/**
 * An expected value. Plain JSON matches exactly (object member order ignored). These one-member
 * objects match otherwise, at any depth: `{"$partial": v}` (objects: the members listed, each
 * matched partially too; arrays: same length, items matched partially), `{"$paths": {"$.a[0]": m}}`
 * (each JSONPath selects a value that must match `m`), `{"$contains": "text"}` (a string holding
 * the text, or an array holding an item equal to the value), `{"$any": true}` (any value, present),
 * `{"$exact": v}` (`v` taken literally, for data that has such a member itself).
 */
export type Matcher = Json;

/** Expectations on one visit of a state. */
export interface StateExpectation {
  /** 1-based: the n-th time the state was entered, counting every branch and iteration in history order. Default 1. */
  visit: number;
  input?: Matcher;
  output?: Matcher;
  /** The variables visible after the visit (its Assign applied). */
  variables?: Matcher;
  pointer: string;
}

/** What a case expects of its execution. */
export interface Expectations {
  status?: ExpectedStatus;
  output?: Matcher;
  error?: Matcher;
  cause?: Matcher;
  /** The top-level states entered, in order (every visit: a loop lists a state each time). */
  path?: string[];
  states?: Record<string, StateExpectation[]>;
  /** The top-level variables when the execution ended. */
  variables?: Matcher;
  /** Task state → how many times its resource was invoked (retries included). */
  invocations?: Record<string, number>;
}

/** One case of a test file. */
export interface UserTestCase {
  name: string;
  /** JSON pointer of the case in the file. */
  pointer: string;
  description?: string;
  input?: Json;
  inputFile?: string;
  /** The MockConfigFile test case to answer Tasks from. Default: the one named as the case, if any. */
  testCase?: string;
  /** Mocked responses for this case only, by Task state (MockConfigFile `MockedResponses` entries). */
  mocks?: Record<string, JsonObject>;
  expect: Expectations;
}

/** S3 objects a Distributed Map's ItemReader may read, from files. */
export interface S3ObjectFile {
  Bucket: string;
  Key: string;
  file: string;
}

/** A child state machine a `states:startExecution` Task may start, by ARN. */
export interface ChildMachineFile {
  definition: string;
  type: 'STANDARD' | 'EXPRESS';
}

/** A user test file, checked. */
export interface UserTestFile {
  definition?: string;
  template?: string;
  /** The state machine's logical id in `template`. */
  stateMachine?: string;
  /** The name runs use in ARNs and `$$.StateMachine.Name`. */
  stateMachineName?: string;
  mocks?: string | JsonObject;
  /** The state machine in the MockConfigFile. Default: `stateMachineName` when it has it, else its only one. */
  mockStateMachine?: string;
  input?: Json;
  inputFile?: string;
  s3Objects: S3ObjectFile[];
  childStateMachines: Record<string, ChildMachineFile>;
  cases: UserTestCase[];
}

/** A problem with a test file, at a JSON pointer. */
export interface TestFileProblem {
  pointer: string;
  message: string;
}

export type ParsedTestFile = { ok: true; file: UserTestFile } | { ok: false; problems: TestFileProblem[] };

/** True when a value looks like a user test file (and not a conformance case). */
export function isUserTestFile(value: Json): boolean {
  return isJsonObject(value) && isJsonObject(value.cases) && !('expected' in value);
}

/** True when a file name is one `stepscope test` discovers in folders. */
export function isUserTestFileName(name: string): boolean {
  return /\.sfn-test\.(json|ya?ml)$/i.test(name);
}

export const TOP_KEYS: ReadonlySet<string> = new Set([
  '$schema', 'description', 'definition', 'template', 'stateMachine', 'stateMachineName', 'mocks', 'mockStateMachine', 'input', 'inputFile', 'files', 'cases',
]);
export const CASE_KEYS: ReadonlySet<string> = new Set(['description', 'input', 'inputFile', 'testCase', 'mocks', 'expect']);
export const EXPECT_KEYS: ReadonlySet<string> = new Set(['status', 'output', 'error', 'cause', 'path', 'states', 'variables', 'invocations']);
export const STATE_KEYS: ReadonlySet<string> = new Set(['visit', 'input', 'output', 'variables']);

function esc(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Reads and checks a test file's value; every problem is listed with its pointer. */
export function parseTestFile(value: Json): ParsedTestFile {
  const problems: TestFileProblem[] = [];
  const bad = (pointer: string, message: string) => problems.push({ pointer, message });
  if (!isJsonObject(value)) return { ok: false, problems: [{ pointer: '', message: 'a test file is an object' }] };
  for (const key of Object.keys(value)) if (!TOP_KEYS.has(key)) bad(`/${esc(key)}`, `unknown field "${key}" (fields: ${[...TOP_KEYS].join(', ')})`);
  const str = (obj: JsonObject, key: string, pointer: string): string | undefined => {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v === '') {
      bad(`${pointer}/${esc(key)}`, `"${key}" must be a non-empty string`);
      return undefined;
    }
    return v;
  };
  const file: UserTestFile = { s3Objects: [], childStateMachines: {}, cases: [] };
  const definition = str(value, 'definition', '');
  const template = str(value, 'template', '');
  const stateMachine = str(value, 'stateMachine', '');
  if (definition !== undefined) file.definition = definition;
  if (template !== undefined) file.template = template;
  if (stateMachine !== undefined) file.stateMachine = stateMachine;
  if (definition === undefined && template === undefined) bad('', 'the file names no state machine: give "definition" (a definition file) or "template" and "stateMachine"');
  if (definition !== undefined && template !== undefined) bad('/template', 'give "definition" or "template", not both');
  if (template !== undefined && stateMachine === undefined) bad('/template', '"template" needs "stateMachine": the logical id of the state machine in the template');
  if (template === undefined && stateMachine !== undefined) bad('/stateMachine', '"stateMachine" is the logical id in a "template"; with a definition file, name the state machine with "stateMachineName"');
  const smName = str(value, 'stateMachineName', '');
  if (smName !== undefined) {
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(smName)) bad('/stateMachineName', 'a state machine name is 1-80 letters, digits, "-" or "_"');
    else file.stateMachineName = smName;
  }
  if (value.mocks !== undefined) {
    if (typeof value.mocks === 'string' && value.mocks !== '') file.mocks = value.mocks;
    else if (isJsonObject(value.mocks)) file.mocks = value.mocks;
    else bad('/mocks', '"mocks" is the path of a MockConfigFile, or a MockConfigFile written inline');
  }
  const mockSm = str(value, 'mockStateMachine', '');
  if (mockSm !== undefined) file.mockStateMachine = mockSm;
  if (value.input !== undefined) file.input = value.input;
  const inputFile = str(value, 'inputFile', '');
  if (inputFile !== undefined) file.inputFile = inputFile;
  if (value.input !== undefined && inputFile !== undefined) bad('/inputFile', 'give "input" or "inputFile", not both');
  if (value.files !== undefined) parseFiles(value.files, file, bad);

  if (!isJsonObject(value.cases)) bad('/cases', '"cases" is an object: case name → { input, expect }');
  else {
    const names = Object.keys(value.cases);
    if (names.length === 0) bad('/cases', 'the file has no cases');
    for (const name of names) {
      const parsed = parseCase(name, value.cases[name], `/cases/${esc(name)}`, bad);
      if (parsed) file.cases.push(parsed);
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, file };
}

function parseFiles(files: Json, file: UserTestFile, bad: (p: string, m: string) => void): void {
  if (!isJsonObject(files)) return void bad('/files', '"files" is an object with "s3Objects" and/or "childStateMachines"');
  for (const key of Object.keys(files)) if (key !== 's3Objects' && key !== 'childStateMachines') bad(`/files/${esc(key)}`, `unknown field "${key}" (fields: s3Objects, childStateMachines)`);
  if (files.s3Objects !== undefined) {
    if (!Array.isArray(files.s3Objects)) bad('/files/s3Objects', '"s3Objects" is a list of { Bucket, Key, file }');
    else
      files.s3Objects.forEach((o, i) => {
        if (isJsonObject(o) && typeof o.Bucket === 'string' && typeof o.Key === 'string' && typeof o.file === 'string') {
          file.s3Objects.push({ Bucket: o.Bucket, Key: o.Key, file: o.file });
        } else bad(`/files/s3Objects/${i}`, 'an S3 object is { "Bucket", "Key", "file" } (strings; file relative to the test file)');
      });
  }
  if (files.childStateMachines !== undefined) {
    if (!isJsonObject(files.childStateMachines)) bad('/files/childStateMachines', '"childStateMachines" is an object: state machine ARN → { definition, type }');
    else
      for (const [arn, c] of Object.entries(files.childStateMachines)) {
        const type = isJsonObject(c) ? (c.type ?? 'STANDARD') : undefined;
        if (isJsonObject(c) && typeof c.definition === 'string' && (type === 'STANDARD' || type === 'EXPRESS')) {
          file.childStateMachines[arn] = { definition: c.definition, type };
        } else bad(`/files/childStateMachines/${esc(arn)}`, 'a child state machine is { "definition": file, "type": "STANDARD" | "EXPRESS" }');
      }
  }
}

function parseCase(name: string, value: Json, pointer: string, bad: (p: string, m: string) => void): UserTestCase | undefined {
  if (!isJsonObject(value)) {
    bad(pointer, 'a case is an object with "input" and "expect"');
    return undefined;
  }
  for (const key of Object.keys(value)) if (!CASE_KEYS.has(key)) bad(`${pointer}/${esc(key)}`, `unknown field "${key}" (fields: ${[...CASE_KEYS].join(', ')})`);
  const c: UserTestCase = { name, pointer, expect: {} };
  if (typeof value.description === 'string') c.description = value.description;
  if (value.input !== undefined) c.input = value.input;
  if (value.inputFile !== undefined) {
    if (typeof value.inputFile === 'string' && value.inputFile !== '') c.inputFile = value.inputFile;
    else bad(`${pointer}/inputFile`, '"inputFile" must be a non-empty string');
  }
  if (value.input !== undefined && value.inputFile !== undefined) bad(`${pointer}/inputFile`, 'give "input" or "inputFile", not both');
  if (value.testCase !== undefined) {
    if (typeof value.testCase === 'string' && value.testCase !== '') c.testCase = value.testCase;
    else bad(`${pointer}/testCase`, '"testCase" is the name of a test case of the MockConfigFile');
  }
  if (value.mocks !== undefined) {
    if (!isJsonObject(value.mocks)) bad(`${pointer}/mocks`, '"mocks" is an object: Task state → mocked response ({ "0": { "Return": ... } })');
    else {
      const mocks: Record<string, JsonObject> = {};
      for (const [state, r] of Object.entries(value.mocks)) {
        if (isJsonObject(r)) mocks[state] = r;
        else bad(`${pointer}/mocks/${esc(state)}`, 'a mocked response is an object: invocation index ("0", "1-2") → { "Return": ... } or { "Throw": { "Error", "Cause" } }');
      }
      c.mocks = mocks;
    }
  }
  if (value.expect === undefined) bad(pointer, 'the case has no "expect"');
  else if (!isJsonObject(value.expect)) bad(`${pointer}/expect`, '"expect" is an object');
  else c.expect = parseExpect(value.expect, `${pointer}/expect`, bad);
  return c;
}

function parseExpect(e: JsonObject, pointer: string, bad: (p: string, m: string) => void): Expectations {
  for (const key of Object.keys(e)) if (!EXPECT_KEYS.has(key)) bad(`${pointer}/${esc(key)}`, `unknown expectation "${key}" (expectations: ${[...EXPECT_KEYS].join(', ')})`);
  const x: Expectations = {};
  if (e.status !== undefined) {
    if (typeof e.status === 'string' && (EXECUTION_STATUSES as readonly string[]).includes(e.status)) x.status = e.status as ExpectedStatus;
    else bad(`${pointer}/status`, `"status" is one of ${EXECUTION_STATUSES.join(', ')}`);
  }
  if (e.output !== undefined) x.output = e.output;
  if (e.error !== undefined) x.error = e.error;
  if (e.cause !== undefined) x.cause = e.cause;
  if (e.variables !== undefined) x.variables = e.variables;
  for (const key of ['output', 'error', 'cause', 'variables'] as const) {
    const v = e[key];
    if (v !== undefined) checkMatcher(v, `${pointer}/${key}`, bad);
  }
  if (e.path !== undefined) {
    if (Array.isArray(e.path) && e.path.every((s) => typeof s === 'string')) x.path = e.path as string[];
    else bad(`${pointer}/path`, '"path" is the list of top-level state names entered, in order');
  }
  if (e.invocations !== undefined) {
    if (isJsonObject(e.invocations) && Object.values(e.invocations).every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)) {
      x.invocations = e.invocations as Record<string, number>;
    } else bad(`${pointer}/invocations`, '"invocations" is an object: Task state → number of invocations (an integer ≥ 0)');
  }
  if (e.states !== undefined) {
    if (!isJsonObject(e.states)) bad(`${pointer}/states`, '"states" is an object: state name → { visit, input, output, variables } (or a list of them)');
    else {
      x.states = {};
      for (const [state, v] of Object.entries(e.states)) {
        const list = Array.isArray(v) ? v : [v];
        const at = `${pointer}/states/${esc(state)}`;
        x.states[state] = [];
        list.forEach((item, i) => {
          const p = Array.isArray(v) ? `${at}/${i}` : at;
          if (!isJsonObject(item)) return void bad(p, 'a state expectation is an object: { visit, input, output, variables }');
          for (const key of Object.keys(item)) if (!STATE_KEYS.has(key)) bad(`${p}/${esc(key)}`, `unknown field "${key}" (fields: visit, input, output, variables)`);
          const visit = item.visit ?? 1;
          if (typeof visit !== 'number' || !Number.isInteger(visit) || visit < 1) bad(`${p}/visit`, '"visit" is the visit number, counting from 1');
          const s: StateExpectation = { visit: typeof visit === 'number' ? visit : 1, pointer: p };
          for (const key of ['input', 'output', 'variables'] as const) {
            if (item[key] !== undefined) {
              s[key] = item[key];
              checkMatcher(item[key], `${p}/${key}`, bad);
            }
          }
          if (s.input === undefined && s.output === undefined && s.variables === undefined) bad(p, 'the state expectation checks nothing: give "input", "output" or "variables"');
          x.states![state].push(s);
        });
      }
    }
  }
  return x;
}

/** The matcher forms (see {@link Matcher}). */
export const MATCHER_FORMS = ['$partial', '$paths', '$contains', '$any', '$exact'] as const;

/** The matcher form of a value, when it is a one-member object named after one. */
export function matcherForm(value: Json): { form: (typeof MATCHER_FORMS)[number]; arg: Json } | undefined {
  if (!isJsonObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1 || !(MATCHER_FORMS as readonly string[]).includes(keys[0])) return undefined;
  return { form: keys[0] as (typeof MATCHER_FORMS)[number], arg: value[keys[0]] };
}

function checkMatcher(value: Json, pointer: string, bad: (p: string, m: string) => void, depth = 0): void {
  if (depth > 64) return;
  const m = matcherForm(value);
  if (m) {
    if (m.form === '$paths') {
      if (!isJsonObject(m.arg)) return void bad(`${pointer}/$paths`, '"$paths" is an object: JSONPath → expected value');
      for (const [path, inner] of Object.entries(m.arg)) {
        if (!path.startsWith('$')) bad(`${pointer}/$paths/${esc(path)}`, `"${path}" is not a JSONPath (it starts with "$")`);
        checkMatcher(inner, `${pointer}/$paths/${esc(path)}`, bad, depth + 1);
      }
    } else if (m.form === '$contains' && typeof m.arg === 'object' && m.arg !== null && !Array.isArray(m.arg)) {
      checkMatcher(m.arg, `${pointer}/$contains`, bad, depth + 1);
    } else if (m.form === '$partial') checkMatcher(m.arg, `${pointer}/$partial`, bad, depth + 1);
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => checkMatcher(v, `${pointer}/${i}`, bad, depth + 1));
  else if (isJsonObject(value)) for (const [k, v] of Object.entries(value)) checkMatcher(v, `${pointer}/${esc(k)}`, bad, depth + 1);
}
