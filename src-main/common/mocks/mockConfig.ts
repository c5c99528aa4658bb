import { isJsonObject, type Json, type JsonObject } from '../json';
import { escapePointerToken } from '../asl/validation/pointer';

/**
 * Step Functions Local's MockConfigFile (Developer Guide, "Configuration file for mocked service
 * integrations"), in three layers: the raw JSON is checked by `parseMockConfig` into a
 * `MockConfig` (every problem reported at once, each with a JSON pointer), and `findMockResponse`
 * answers "what does state S return on its n-th invocation in test case T".
 */

/** One problem found in a mock config, located by a JSON pointer into the file. */
export interface MockDiagnostic {
  /** RFC 6901 JSON pointer ("" is the whole document), e.g. "/MockedResponses/R/0-2/Throw". */
  pointer: string;
  /** What is wrong, in one sentence. */
  message: string;
}

/** What one mocked invocation does: return a result, or fail with `Error`/`Cause`. */
export type MockAnswer =
  | { kind: 'return'; value: Json }
  /** `error`/`cause` are absent when the config leaves them out (AWS recorded none). */
  | { kind: 'throw'; error?: string; cause?: string };

/** One key of a mocked response: an inclusive range of invocation indexes and its answer. */
export interface MockResponseEntry {
  /** The key as written ("0", "1-2"). */
  key: string;
  /** First invocation index (0-based) this entry answers. */
  from: number;
  /** Last invocation index this entry answers (inclusive; equals `from` for a single index). */
  to: number;
  answer: MockAnswer;
}

/** A named entry of `MockedResponses`: its entries sorted by `from`, covering 0..count-1 without gaps. */
export interface MockedResponse {
  name: string;
  entries: MockResponseEntry[];
  /** Number of invocations this response answers (last `to` + 1). */
  count: number;
}

/** A test case: Task state name → name of the mocked response it uses. */
export interface MockTestCase {
  name: string;
  states: ReadonlyMap<string, string>;
}

/** A checked mock config. Every response a test case names exists; ranges neither overlap nor leave gaps. */
export interface MockConfig {
  /** State machine name → its test cases by name. */
  stateMachines: ReadonlyMap<string, ReadonlyMap<string, MockTestCase>>;
  /** Mocked responses by name. */
  responses: ReadonlyMap<string, MockedResponse>;
}

/** Extra recorded facts about an invocation that the MockConfigFile format cannot hold (conformance `mockExtras`). */
export interface MockInvocationExtras {
  /** Output of the `TaskSubmitted` event (immediate response of a `.sync`/`.waitForTaskToken` integration). */
  submitted?: Json;
  /** `workerName` of the `ActivityStarted` event. */
  workerName?: string;
}

/** `mockExtras` of a conformance case: state name → invocation key ("0", "1-2") → extras. */
export type MockExtras = Record<string, Record<string, MockInvocationExtras>>;

/** Result of a parse: the checked value, or every problem found. */
export type MockParseResult<T> = { ok: true; value: T } | { ok: false; diagnostics: MockDiagnostic[] };

function child(pointer: string, token: string): string {
  return `${pointer}/${escapePointerToken(token)}`;
}

function describeType(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

const RANGE_PATTERN = /^(0|[1-9][0-9]*)(?:-(0|[1-9][0-9]*))?$/;

/**
 * Parses an invocation key: "3" or an inclusive range "1-2". Returns a message when the key is
 * not of that form or its range runs backwards.
 */
export function parseInvocationKey(key: string): { from: number; to: number } | { error: string } {
  const match = RANGE_PATTERN.exec(key);
  if (!match) {
    return {
      error: `Invalid invocation key "${key}": expected a non-negative integer such as "0" or an inclusive range such as "1-2"`,
    };
  }
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) {
    return { error: `Invalid invocation key "${key}": the number is too large` };
  }
  if (to < from) {
    return { error: `Invalid invocation range "${key}": the end (${to}) is before the start (${from})` };
  }
  return { from, to };
}

function checkKnownKeys(
  object: JsonObject,
  pointer: string,
  allowed: readonly string[],
  diagnostics: MockDiagnostic[],
): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      const expected = allowed.map((k) => `"${k}"`).join(' or ');
      diagnostics.push({ pointer: child(pointer, key), message: `Unknown field "${key}"; expected ${expected}` });
    }
  }
}

function parseAnswer(raw: Json, pointer: string, diagnostics: MockDiagnostic[]): MockAnswer | undefined {
  if (!isJsonObject(raw)) {
    diagnostics.push({ pointer, message: `A mocked invocation must be an object with "Return" or "Throw", not ${describeType(raw)}` });
    return undefined;
  }
  checkKnownKeys(raw, pointer, ['Return', 'Throw'], diagnostics);
  const hasReturn = Object.prototype.hasOwnProperty.call(raw, 'Return');
  const hasThrow = Object.prototype.hasOwnProperty.call(raw, 'Throw');
  if (hasReturn && hasThrow) {
    diagnostics.push({ pointer, message: 'A mocked invocation must have either "Return" or "Throw", not both' });
    return undefined;
  }
  if (!hasReturn && !hasThrow) {
    diagnostics.push({ pointer, message: 'A mocked invocation must have a "Return" or a "Throw" field' });
    return undefined;
  }
  if (hasReturn) return { kind: 'return', value: raw.Return };
  const thrown = raw.Throw;
  const throwPointer = child(pointer, 'Throw');
  if (!isJsonObject(thrown)) {
    diagnostics.push({ pointer: throwPointer, message: `"Throw" must be an object with "Error" and "Cause", not ${describeType(thrown)}` });
    return undefined;
  }
  checkKnownKeys(thrown, throwPointer, ['Error', 'Cause'], diagnostics);
  const answer: { kind: 'throw'; error?: string; cause?: string } = { kind: 'throw' };
  let ok = true;
  for (const [field, prop] of [['Error', 'error'], ['Cause', 'cause']] as const) {
    if (!Object.prototype.hasOwnProperty.call(thrown, field)) continue;
    const value = thrown[field];
    if (typeof value !== 'string') {
      diagnostics.push({ pointer: child(throwPointer, field), message: `"${field}" must be a string, not ${describeType(value)}` });
      ok = false;
    } else {
      answer[prop] = value;
    }
  }
  return ok ? answer : undefined;
}

/** Checks the keys of a response-like object ("0", "1-2", ...): form, overlaps and gaps. */
function parseRanges<T>(
  raw: JsonObject,
  pointer: string,
  diagnostics: MockDiagnostic[],
  parseValue: (value: Json, pointer: string) => T | undefined,
  requireConsecutive: boolean,
): { key: string; from: number; to: number; value: T }[] | undefined {
  const entries: { key: string; from: number; to: number; value: T }[] = [];
  let ok = true;
  for (const [key, value] of Object.entries(raw)) {
    const keyPointer = child(pointer, key);
    const range = parseInvocationKey(key);
    const parsed = parseValue(value, keyPointer);
    if ('error' in range) {
      diagnostics.push({ pointer: keyPointer, message: range.error });
      ok = false;
      continue;
    }
    if (parsed === undefined) {
      ok = false;
      continue;
    }
    entries.push({ key, from: range.from, to: range.to, value: parsed });
  }
  entries.sort((a, b) => a.from - b.from || a.to - b.to);
  for (let i = 1; i < entries.length; i++) {
    const previous = entries[i - 1];
    const current = entries[i];
    if (current.from <= previous.to) {
      const overlapStart = current.from;
      diagnostics.push({
        pointer: child(pointer, current.key),
        message: `Invocation ${overlapStart} is covered by both "${previous.key}" and "${current.key}"; ranges must not overlap`,
      });
      ok = false;
    } else if (requireConsecutive && current.from !== previous.to + 1) {
      const missing = previous.to + 1 === current.from - 1 ? `${previous.to + 1}` : `${previous.to + 1}-${current.from - 1}`;
      diagnostics.push({
        pointer: child(pointer, current.key),
        message: `Invocations must be numbered consecutively from 0: nothing answers invocation ${missing}`,
      });
      ok = false;
    }
  }
  if (requireConsecutive && entries.length > 0 && entries[0].from !== 0) {
    const missing = entries[0].from === 1 ? '0' : `0-${entries[0].from - 1}`;
    diagnostics.push({
      pointer: child(pointer, entries[0].key),
      message: `Invocations must be numbered consecutively from 0: nothing answers invocation ${missing}`,
    });
    ok = false;
  }
  return ok ? entries : undefined;
}

function parseMockedResponse(name: string, raw: Json, pointer: string, diagnostics: MockDiagnostic[]): MockedResponse | undefined {
  if (!isJsonObject(raw)) {
    diagnostics.push({ pointer, message: `Mocked response "${name}" must be an object keyed by invocation ("0", "1-2"), not ${describeType(raw)}` });
    return undefined;
  }
  if (Object.keys(raw).length === 0) {
    diagnostics.push({ pointer, message: `Mocked response "${name}" has no invocations; add at least "0"` });
    return undefined;
  }
  const entries = parseRanges(raw, pointer, diagnostics, (value, p) => parseAnswer(value, p, diagnostics), true);
  if (!entries) return undefined;
  return {
    name,
    entries: entries.map((e) => ({ key: e.key, from: e.from, to: e.to, answer: e.value })),
    count: entries[entries.length - 1].to + 1,
  };
}

/**
 * Checks a MockConfigFile. Reports every problem at once: unknown fields, values of the wrong
 * type, malformed or backwards invocation ranges, overlapping ranges, gaps in the numbering,
 * entries with both or neither of `Return`/`Throw`, and test cases naming a response that
 * `MockedResponses` does not define.
 */
export function parseMockConfig(json: Json): { ok: true; config: MockConfig } | { ok: false; diagnostics: MockDiagnostic[] } {
  const diagnostics: MockDiagnostic[] = [];
  if (!isJsonObject(json)) {
    return { ok: false, diagnostics: [{ pointer: '', message: `A mock config must be a JSON object with "StateMachines" and "MockedResponses", not ${describeType(json)}` }] };
  }
  checkKnownKeys(json, '', ['StateMachines', 'MockedResponses'], diagnostics);

  const responses = new Map<string, MockedResponse>();
  /** Names defined in MockedResponses, even when their content is invalid (avoids a second, misleading error). */
  const definedResponseNames = new Set<string>();
  if (!Object.prototype.hasOwnProperty.call(json, 'MockedResponses')) {
    diagnostics.push({ pointer: '', message: 'Missing field "MockedResponses"' });
  } else if (!isJsonObject(json.MockedResponses)) {
    diagnostics.push({ pointer: '/MockedResponses', message: `"MockedResponses" must be an object, not ${describeType(json.MockedResponses)}` });
  } else {
    for (const [name, raw] of Object.entries(json.MockedResponses)) {
      definedResponseNames.add(name);
      const response = parseMockedResponse(name, raw, child('/MockedResponses', name), diagnostics);
      if (response) responses.set(name, response);
    }
  }

  const stateMachines = new Map<string, Map<string, MockTestCase>>();
  if (!Object.prototype.hasOwnProperty.call(json, 'StateMachines')) {
    diagnostics.push({ pointer: '', message: 'Missing field "StateMachines"' });
  } else if (!isJsonObject(json.StateMachines)) {
    diagnostics.push({ pointer: '/StateMachines', message: `"StateMachines" must be an object, not ${describeType(json.StateMachines)}` });
  } else {
    for (const [machineName, rawMachine] of Object.entries(json.StateMachines)) {
      const machinePointer = child('/StateMachines', machineName);
      if (!isJsonObject(rawMachine)) {
        diagnostics.push({ pointer: machinePointer, message: `State machine "${machineName}" must be an object with "TestCases", not ${describeType(rawMachine)}` });
        continue;
      }
      checkKnownKeys(rawMachine, machinePointer, ['TestCases'], diagnostics);
      const rawCases = rawMachine.TestCases;
      const casesPointer = child(machinePointer, 'TestCases');
      if (!Object.prototype.hasOwnProperty.call(rawMachine, 'TestCases')) {
        diagnostics.push({ pointer: machinePointer, message: `State machine "${machineName}" is missing field "TestCases"` });
        continue;
      }
      if (!isJsonObject(rawCases)) {
        diagnostics.push({ pointer: casesPointer, message: `"TestCases" must be an object, not ${describeType(rawCases)}` });
        continue;
      }
      const testCases = new Map<string, MockTestCase>();
      for (const [caseName, rawCase] of Object.entries(rawCases)) {
        const casePointer = child(casesPointer, caseName);
        if (!isJsonObject(rawCase)) {
          diagnostics.push({ pointer: casePointer, message: `Test case "${caseName}" must be an object mapping state names to mocked response names, not ${describeType(rawCase)}` });
          continue;
        }
        const states = new Map<string, string>();
        for (const [stateName, responseName] of Object.entries(rawCase)) {
          const statePointer = child(casePointer, stateName);
          if (typeof responseName !== 'string') {
            diagnostics.push({ pointer: statePointer, message: `The mocked response for state "${stateName}" must be a response name (a string), not ${describeType(responseName)}` });
            continue;
          }
          if (!definedResponseNames.has(responseName) && isJsonObject(json.MockedResponses)) {
            diagnostics.push({ pointer: statePointer, message: `Mocked response "${responseName}" (used by state "${stateName}") is not defined in "MockedResponses"` });
            continue;
          }
          states.set(stateName, responseName);
        }
        testCases.set(caseName, { name: caseName, states });
      }
      stateMachines.set(machineName, testCases);
    }
  }

  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, config: { stateMachines, responses } };
}

/**
 * Checks a conformance case's `mockExtras`: state name → invocation key → `{ submitted?, workerName? }`.
 * Keys use the same form as MockedResponses ("0", "1-2") and must not overlap.
 */
export function parseMockExtras(json: Json): MockParseResult<MockExtras> {
  const diagnostics: MockDiagnostic[] = [];
  if (!isJsonObject(json)) {
    return { ok: false, diagnostics: [{ pointer: '', message: `mockExtras must be an object keyed by state name, not ${describeType(json)}` }] };
  }
  const extras: MockExtras = {};
  for (const [stateName, rawState] of Object.entries(json)) {
    const statePointer = child('', stateName);
    if (!isJsonObject(rawState)) {
      diagnostics.push({ pointer: statePointer, message: `Extras for state "${stateName}" must be an object keyed by invocation, not ${describeType(rawState)}` });
      continue;
    }
    const entries = parseRanges(
      rawState,
      statePointer,
      diagnostics,
      (value, pointer): MockInvocationExtras | undefined => {
        if (!isJsonObject(value)) {
          diagnostics.push({ pointer, message: `Invocation extras must be an object, not ${describeType(value)}` });
          return undefined;
        }
        checkKnownKeys(value, pointer, ['submitted', 'workerName'], diagnostics);
        const result: MockInvocationExtras = {};
        if (Object.prototype.hasOwnProperty.call(value, 'submitted')) result.submitted = value.submitted;
        if (Object.prototype.hasOwnProperty.call(value, 'workerName')) {
          if (typeof value.workerName !== 'string') {
            diagnostics.push({ pointer: child(pointer, 'workerName'), message: `"workerName" must be a string, not ${describeType(value.workerName)}` });
            return undefined;
          }
          result.workerName = value.workerName;
        }
        return result;
      },
      false,
    );
    if (!entries) continue;
    const byKey: Record<string, MockInvocationExtras> = {};
    for (const e of entries) byKey[e.key] = e.value;
    extras[stateName] = byKey;
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, value: extras };
}

/**
 * Finds a test case. When it is missing, the message names what exists, so a user can fix a typo.
 */
export function resolveTestCase(
  config: MockConfig,
  stateMachine: string,
  testCase: string,
): { ok: true; testCase: MockTestCase } | { ok: false; message: string } {
  const machine = config.stateMachines.get(stateMachine);
  if (!machine) {
    const known = [...config.stateMachines.keys()].map((n) => `"${n}"`).join(', ') || 'none';
    return { ok: false, message: `The mock config has no state machine "${stateMachine}" (state machines: ${known})` };
  }
  const found = machine.get(testCase);
  if (!found) {
    const known = [...machine.keys()].map((n) => `"${n}"`).join(', ') || 'none';
    return { ok: false, message: `State machine "${stateMachine}" has no test case "${testCase}" in the mock config (test cases: ${known})` };
  }
  return { ok: true, testCase: found };
}

/** What `findMockResponse` found for one invocation. */
export type MockLookup =
  /** The test case does not mock this state at all. */
  | { kind: 'not-mocked' }
  /** The state is mocked but its response has no entry for this invocation. */
  | { kind: 'exhausted'; responseName: string; count: number }
  | { kind: 'found'; responseName: string; entry: MockResponseEntry };

/**
 * Looks up the answer of `stateName`'s invocation `invocationIndex` (0-based) in a test case.
 * Past the last configured invocation there is no answer: Step Functions Local requires a mocked
 * response for every invocation and fails the execution otherwise (Developer Guide, "Configuration
 * file for mocked service integrations", MockedResponses); the last response is not repeated.
 */
export function findMockResponse(config: MockConfig, testCase: MockTestCase, stateName: string, invocationIndex: number): MockLookup {
  const responseName = testCase.states.get(stateName);
  if (responseName === undefined) return { kind: 'not-mocked' };
  const response = config.responses.get(responseName);
  // parseMockConfig guarantees the response exists; a hand-built config might not.
  if (!response) return { kind: 'exhausted', responseName, count: 0 };
  for (const entry of response.entries) {
    if (invocationIndex >= entry.from && invocationIndex <= entry.to) return { kind: 'found', responseName, entry };
  }
  return { kind: 'exhausted', responseName, count: response.count };
}
