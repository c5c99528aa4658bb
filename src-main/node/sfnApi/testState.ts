import { validateDefinition, isValid, toCreateStateMachineError } from '../../common/asl/validate';
import type { StateMachineDefinition } from '../../common/asl/types';
import { dataflowSteps } from '../../common/debug/dataflowSteps';
import { errorMatches } from '../../common/engine/errorMatching';
import { runExecution } from '../../common/engine/interpreter';
import type { TaskInvoker, TaskOutcome } from '../../common/engine/ports';
import type { RunResult } from '../../common/engine/run';
import { visitsFromEvents } from '../../common/history/visits';
import type { Json, JsonObject } from '../../common/json';
import type { Body, SfnContext } from './context';
import { sfnError } from './errors';
import { optionalBoolean, optionalEnum, optionalString, parseJson, requiredString } from './params';
import { contextObjectOf, httpTrace, isHttpTask, retryDelaySeconds, stateConfigurationOf } from './testStateInputs';

/**
 * TestState: one state run on its own, as AWS's TestState API runs it, on Stepscope's engine. The
 * state becomes a one-state machine whose transition targets are Succeed states of the same names
 * (so the engine applies the state's whole data flow, its Catch included, and the state it would
 * go to is the one entered next). Retry is not performed: an error a retrier matches answers
 * RETRIABLE, as AWS does. Task states (and Tasks inside a Map or Parallel) are answered by `mock`;
 * Stepscope never calls AWS services. Nothing is stored: a TestState is not an execution.
 */

const MAX_DEFINITION = 1_048_576;
const SUPPORTED = new Set(['Pass', 'Wait', 'Choice', 'Succeed', 'Fail', 'Task', 'Map', 'Parallel']);

type StateJson = JsonObject & { Type?: Json; Next?: Json; Default?: Json; Choices?: Json; Catch?: Json; Retry?: Json };

/** The targets a state may transition to (Next, Default, each Choice rule's and each Catcher's Next). */
function targetsOf(state: StateJson): string[] {
  const out: string[] = [];
  const add = (v: Json | undefined) => {
    if (typeof v === 'string' && !out.includes(v)) out.push(v);
  };
  add(state.Next);
  add(state.Default);
  for (const list of [state.Choices, state.Catch]) if (Array.isArray(list)) for (const r of list) if (r !== null && typeof r === 'object' && !Array.isArray(r)) add(r.Next);
  return out;
}

/** The test machine: the state (without Retry) and a Succeed state per target; `rename` maps a target named as the state itself. */
function testMachine(name: string, state: StateJson, queryLanguage: Json | undefined): { machine: JsonObject; original: Map<string, string> } {
  const original = new Map<string, string>();
  const renamed = (target: string) => {
    if (target !== name) {
      original.set(target, target);
      return target;
    }
    const alias = `${name}~next`;
    original.set(alias, target);
    return alias;
  };
  const copy = JSON.parse(JSON.stringify(state)) as StateJson;
  delete copy.Retry;
  if (typeof copy.Next === 'string') copy.Next = renamed(copy.Next);
  if (typeof copy.Default === 'string') copy.Default = renamed(copy.Default);
  for (const list of [copy.Choices, copy.Catch]) {
    if (!Array.isArray(list)) continue;
    for (const r of list) if (r !== null && typeof r === 'object' && !Array.isArray(r) && typeof r.Next === 'string') r.Next = renamed(r.Next);
  }
  const states: JsonObject = { [name]: copy };
  for (const t of targetsOf(state)) states[renamed(t)] = { Type: 'Succeed' };
  const machine: JsonObject = { StartAt: name, States: states };
  if (queryLanguage !== undefined) machine.QueryLanguage = queryLanguage;
  return { machine, original };
}

/** An invoker answering every Task with the mock (`result` or `errorOutput`). */
function mockInvoker(mock: JsonObject | undefined): TaskInvoker {
  return {
    invoke(request): TaskOutcome {
      if (mock === undefined) {
        return { kind: 'failure', failure: { error: 'Stepscope.MockNotFound', cause: `TestState: no mock for Task state "${request.stateName}" (Stepscope does not call AWS services: give mock.result or mock.errorOutput)` } };
      }
      if (typeof mock.result === 'string') {
        const parsed = parseJson(mock.result);
        return parsed.ok ? { kind: 'success', output: parsed.value } : { kind: 'failure', failure: { error: 'States.Runtime', cause: `mock.result is not JSON: ${parsed.message}` } };
      }
      const e = mock.errorOutput as JsonObject;
      const failure: { error?: string; cause?: string } = {};
      if (typeof e.error === 'string') failure.error = e.error;
      if (typeof e.cause === 'string') failure.cause = e.cause;
      return { kind: 'failure', failure };
    },
  };
}

/** AWS's inspectionData from the run's history (data-flow steps of the state's visit), each value as JSON text. */
function inspectionData(definition: StateMachineDefinition, result: RunResult, variables: JsonObject): JsonObject {
  const projection = visitsFromEvents(result.events);
  const visit = projection.visits[0];
  if (visit === undefined) return {};
  const report = dataflowSteps(definition, result.events, projection, 0);
  const value = (field: string) => report.steps.find((s) => s.field === field && s.value !== undefined)?.value;
  const text = (v: Json | undefined) => (v === undefined ? undefined : JSON.stringify(v));
  const out: JsonObject = {};
  const set = (key: string, v: Json | undefined) => {
    const t = text(v);
    if (t !== undefined) out[key] = t;
  };
  const input = value('State input');
  set('input', input);
  if (report.queryLanguage === 'JSONata') {
    set('afterArguments', value('Arguments'));
    set('result', value('Task result'));
  } else {
    const afterInputPath = value('InputPath') ?? input;
    set('afterInputPath', afterInputPath);
    set('afterParameters', value('Parameters') ?? afterInputPath);
    const taskResult = value('Task result') ?? value('Result');
    set('result', taskResult);
    set('afterResultSelector', value('ResultSelector') ?? taskResult);
    set('afterResultPath', value('ResultPath'));
  }
  const assigned = visit.assignedVariables;
  const after: JsonObject = { ...variables };
  if (assigned) for (const [k, v] of Object.entries(assigned)) after[k] = parseJson(v).ok ? (JSON.parse(v) as Json) : v;
  out.variables = JSON.stringify(after);
  return out;
}

/** The TestState action. */
export function testStateActions(_ctx: SfnContext): Record<string, (body: Body) => Promise<JsonObject>> {
  return {
    async TestState(body) {
      const definitionText = requiredString(body, 'definition', MAX_DEFINITION);
      optionalString(body, 'roleArn', 256, 1);
      const inputText = optionalString(body, 'input', 262_144) ?? '{}';
      const level = optionalEnum(body, 'inspectionLevel', ['INFO', 'DEBUG', 'TRACE'] as const) ?? 'INFO';
      optionalBoolean(body, 'revealSecrets');
      const variablesText = optionalString(body, 'variables', 262_144);
      const stateName = optionalString(body, 'stateName', 80, 1);
      const configuration = stateConfigurationOf(body);
      const mockValue = body.mock;
      let mock: JsonObject | undefined;
      if (mockValue !== undefined && mockValue !== null) {
        if (typeof mockValue !== 'object' || Array.isArray(mockValue)) throw sfnError('SerializationException', "Member 'mock' must be a structure");
        mock = mockValue;
        const hasResult = mock.result !== undefined && mock.result !== null;
        const hasError = mock.errorOutput !== undefined && mock.errorOutput !== null;
        if (hasResult === hasError) throw sfnError('ValidationException', 'mock must have exactly one of result or errorOutput');
        if (hasResult && typeof mock.result !== 'string') throw sfnError('SerializationException', "Member 'mock.result' must be a string");
        if (hasError && (typeof mock.errorOutput !== 'object' || Array.isArray(mock.errorOutput))) throw sfnError('SerializationException', "Member 'mock.errorOutput' must be a structure");
        optionalEnum(mock, 'fieldValidationMode', ['STRICT', 'PRESENT', 'NONE'] as const);
      }

      const parsedDefinition = parseJson(definitionText);
      if (!parsedDefinition.ok || parsedDefinition.value === null || typeof parsedDefinition.value !== 'object' || Array.isArray(parsedDefinition.value)) {
        throw sfnError('InvalidDefinition', `Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${parsedDefinition.ok ? 'the definition must be a JSON object' : parsedDefinition.message}'`);
      }
      const document = parsedDefinition.value;
      let state: StateJson;
      let name: string;
      let queryLanguage: Json | undefined;
      if (stateName !== undefined) {
        // A whole state machine, and the state of it to test.
        const problems = validateDefinition(document);
        const error = toCreateStateMachineError(problems);
        if (error) throw sfnError(error.code, error.message);
        const states = document.States as JsonObject;
        const found = states[stateName];
        if (found === undefined || found === null || typeof found !== 'object' || Array.isArray(found)) throw sfnError('ValidationException', `State '${stateName}' is not a top-level state of the definition`);
        state = found as StateJson;
        name = stateName;
        queryLanguage = (found as JsonObject).QueryLanguage ?? document.QueryLanguage;
      } else {
        state = document as StateJson;
        name = 'TestState';
        queryLanguage = state.QueryLanguage;
      }
      if (typeof state.Type !== 'string' || !SUPPORTED.has(state.Type)) {
        throw sfnError('InvalidDefinition', `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: TestState supports ${[...SUPPORTED].join(', ')} states, not ${JSON.stringify(state.Type ?? null)}'`);
      }
      if (mock !== undefined && state.Type !== 'Task' && state.Type !== 'Map' && state.Type !== 'Parallel') {
        throw sfnError('ValidationException', `State type '${state.Type}' is not supported when a mock is specified`);
      }
      const contextObject = contextObjectOf(body, mock !== undefined, state);
      if (state.Type === 'Task' && mock === undefined) {
        throw sfnError('ValidationException', 'Stepscope runs TestState on Task states with a mock (mock.result or mock.errorOutput): it does not call AWS services');
      }
      const { machine, original } = testMachine(name, state, queryLanguage);
      const diagnostics = validateDefinition(machine);
      if (!isValid(diagnostics)) {
        const error = toCreateStateMachineError(diagnostics);
        throw sfnError('InvalidDefinition', error?.message ?? 'Invalid State Machine Definition');
      }
      const input = parseJson(inputText);
      if (!input.ok) throw sfnError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${input.message}'`);
      let variables: JsonObject = {};
      if (variablesText !== undefined) {
        const parsed = parseJson(variablesText);
        if (!parsed.ok || parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) throw sfnError('ValidationException', 'variables must be a JSON object');
        variables = parsed.value;
      }
      const definition = machine as unknown as StateMachineDefinition;
      const run = (def: StateMachineDefinition) =>
        runExecution({
          definition: def,
          input: input.value,
          invoker: mockInvoker(mock),
          executionName: 'TestState',
          stateMachineName: 'TestState',
          startAt: { state: name, input: input.value, variables },
          ...(contextObject !== undefined ? { contextObject } : {}),
        });

      // Without Catch first: an error a retrier matches is RETRIABLE (AWS does not retry in TestState), whatever Catch says.
      const withoutCatch = JSON.parse(JSON.stringify(machine)) as JsonObject & { States: Record<string, StateJson> };
      delete withoutCatch.States[name].Catch;
      const first = await run(withoutCatch as unknown as StateMachineDefinition);
      let result = first;
      let status: 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR' = first.status === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED';
      const errorDetails: JsonObject = {};
      if (first.status === 'FAILED' && first.error !== undefined && state.Type !== 'Fail') {
        // The retrier that handles the error is the first that matches it; it retries while the
        // retries already made (stateConfiguration.retrierRetryCount) are fewer than its MaxAttempts.
        const matching = (rules: Json | undefined) =>
          (Array.isArray(rules) ? rules : []).findIndex(
            (r) => r !== null && typeof r === 'object' && !Array.isArray(r) && Array.isArray(r.ErrorEquals) && errorMatches(r.ErrorEquals.filter((e): e is string => typeof e === 'string'), first.error!),
          );
        const retryIndex = matching(state.Retry);
        let retriable = false;
        if (retryIndex >= 0) {
          const retrier = (state.Retry as JsonObject[])[retryIndex];
          const max = typeof retrier.MaxAttempts === 'number' ? retrier.MaxAttempts : 3;
          errorDetails.retryIndex = retryIndex;
          if (configuration.retrierRetryCount < max) {
            retriable = true;
            errorDetails.retryBackoffIntervalSeconds = retryDelaySeconds(retrier, configuration.retrierRetryCount);
          }
        }
        const catchIndex = matching(state.Catch);
        if (retriable) status = 'RETRIABLE';
        else if (catchIndex >= 0) {
          const caught = await run(definition);
          if (caught.status === 'SUCCEEDED') {
            result = caught;
            status = 'CAUGHT_ERROR';
            errorDetails.catchIndex = catchIndex;
          }
        }
      }
      const out: JsonObject = { status };
      if (status === 'SUCCEEDED' || status === 'CAUGHT_ERROR') {
        if (result.output !== undefined) out.output = JSON.stringify(result.output);
        // The state entered after the tested one: one of the Succeed states standing for its targets.
        const entered = result.events.filter((e) => e.type === 'SucceedStateEntered').map((e) => (e.stateEnteredEventDetails as { name?: Json } | undefined)?.name);
        const next = entered.find((n): n is string => typeof n === 'string' && original.has(n) && !(n === name && state.Type === 'Succeed'));
        if (next !== undefined) out.nextState = original.get(next)!;
      }
      if (status !== 'SUCCEEDED') {
        if (first.error !== undefined) out.error = first.error;
        if (first.cause !== undefined) out.cause = first.cause;
      }
      if (level !== 'INFO') {
        const data = inspectionData(status === 'CAUGHT_ERROR' ? definition : (withoutCatch as unknown as StateMachineDefinition), result, variables);
        if (Object.keys(errorDetails).length > 0) data.errorDetails = errorDetails;
        if (level === 'TRACE' && isHttpTask(state)) {
          // TRACE adds an HTTP Task's request and response (here: its arguments and its mocked result).
          const read = (key: string) => (typeof data[key] === 'string' ? (JSON.parse(data[key]) as Json) : undefined);
          Object.assign(data, httpTrace(read('afterArguments') ?? read('afterParameters'), read('result')));
        }
        out.inspectionData = data;
      }
      return out;
    },
  };
}
