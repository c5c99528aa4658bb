import { describe, expect, it } from 'vitest';
import {
  formatDiagnostic,
  isValid,
  toAwsValidationResult,
  toCreateStateMachineError,
  validateDefinition,
  validateDefinitionText,
  type Diagnostic,
} from '../../../src-main/common/asl/validate';
import type { Json, JsonObject } from '../../../src-main/common/json';

/** The errors as `message @ awsLocation` lines, the shape AWS reports. */
function errors(def: Json, options?: Parameters<typeof validateDefinition>[1]): string[] {
  return validateDefinition(def, options)
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code}: ${d.message} @ ${d.awsLocation ?? 'null'}`);
}

/** A one-state machine around `state`. */
function single(state: JsonObject, extra: JsonObject = {}): JsonObject {
  return { StartAt: 'S', States: { S: state, ...extra } };
}

const pass = { Type: 'Pass', End: true };

describe('top level', () => {
  it('accepts a minimal definition', () => {
    expect(errors(single(pass))).toEqual([]);
  });

  it('requires States and StartAt (validation/..._EMPTY_DICT)', () => {
    expect(errors({})).toEqual(['SCHEMA_VALIDATION_FAILED: These fields are required: [States, StartAt] @ /']);
  });

  it('reports a definition that is not an object without a location', () => {
    expect(errors([])).toEqual(['SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object @ null']);
    expect(errors('x')).toEqual(['SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object @ null']);
  });

  it('rejects unknown fields at the root, located at /', () => {
    expect(errors({ ...single(pass), Coment: 'typo' })).toEqual(["SCHEMA_VALIDATION_FAILED: Field 'Coment' is not supported @ /"]);
  });

  it('checks Version, TimeoutSeconds and QueryLanguage', () => {
    expect(errors({ ...single(pass), Version: '2.0', TimeoutSeconds: 0, QueryLanguage: 'jsonata' })).toEqual([
      'SCHEMA_VALIDATION_FAILED: Value should be one of the following: [1.0] @ /Version',
      'SCHEMA_VALIDATION_FAILED: Minimum value is 1 @ /TimeoutSeconds',
      'SCHEMA_VALIDATION_FAILED: Value should be one of the following: [JSONPath, JSONata] @ /QueryLanguage',
    ]);
    expect(errors({ ...single(pass), QueryLanguage: 1 })).toEqual(['SCHEMA_VALIDATION_FAILED: Expected value of type [STRING] @ /QueryLanguage']);
  });

  it('reports a StartAt that names no state', () => {
    expect(errors({ StartAt: 'Nope', States: { S: pass } })).toEqual(["MISSING_TRANSITION_TARGET: Missing 'Next' target: Nope @ /StartAt"]);
  });

  it('reports every problem at once', () => {
    const def = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B', Bogus: 1 }, C: { Type: 'Wait', End: true } } };
    expect(errors(def)).toEqual([
      "SCHEMA_VALIDATION_FAILED: Field 'Bogus' is not supported @ /States/A",
      'SCHEMA_VALIDATION_FAILED: This object should have only one of the following fields: [SecondsPath, Seconds, TimestampPath, Timestamp] @ /States/C',
      "MISSING_TRANSITION_TARGET: Missing 'Next' target: B @ /States/A/Next",
      'MISSING_TRANSITION_TARGET: State "C" is not reachable. @ /States/C',
    ]);
  });
});

describe('states', () => {
  it('requires a valid Type', () => {
    expect(errors(single({ End: true }))).toEqual(['SCHEMA_VALIDATION_FAILED: These fields are required: [Type] @ /States/S']);
    expect(errors(single({ Type: 'Lambda', End: true }))).toEqual([
      'SCHEMA_VALIDATION_FAILED: Value should be one of the following: [Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map] @ /States/S/Type',
    ]);
  });

  it('requires exactly one of Next and End', () => {
    expect(errors(single({ Type: 'Pass' }))).toEqual([
      'SCHEMA_VALIDATION_FAILED: This object should have only one of the following fields: [Next, End] @ /States/S',
      'MISSING_END_STATE: Workflow has no terminal state @ null',
    ]);
    expect(errors(single({ Type: 'Pass', Next: 'S', End: true }))).toEqual([
      'SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: [Next, End] @ /States/S',
    ]);
  });

  it('rejects fields that the state type does not support, at the state', () => {
    expect(errors(single({ Type: 'Pass', End: true, Retry: [], TimeoutSeconds: 3 }))).toEqual([
      "SCHEMA_VALIDATION_FAILED: Field 'Retry' is not supported @ /States/S",
      "SCHEMA_VALIDATION_FAILED: Field 'TimeoutSeconds' is not supported @ /States/S",
    ]);
    expect(errors(single({ Type: 'Succeed', End: true }))).toEqual(["SCHEMA_VALIDATION_FAILED: Field 'End' is not supported @ /States/S"]);
    const unknown = validateDefinition(single({ Type: 'Pass', End: true, Foo: 1 }));
    expect(unknown[0].pointer).toBe('/States/S/Foo');
  });

  it('limits state names to 80 characters', () => {
    const name = 'x'.repeat(81);
    const out = errors({ StartAt: name, States: { [name]: pass } });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^INVALID_STATE_NAME: .*80-character limit/);
    expect(errors({ StartAt: 'x'.repeat(80), States: { ['x'.repeat(80)]: pass } })).toEqual([]);
  });

  it('requires state names to be unique across branches', () => {
    const def = single({ Type: 'Parallel', Branches: [{ StartAt: 'S', States: { S: pass } }], End: true });
    expect(errors(def)).toEqual(['DUPLICATE_STATE_NAME: Duplicate State name: S @ /States/S/Branches[0]/States/S']);
  });

  it('checks field types', () => {
    expect(errors(single({ Type: 'Pass', End: 'yes', Comment: 3 }))).toEqual([
      'SCHEMA_VALIDATION_FAILED: Expected value of type [STRING] @ /States/S/Comment',
      'SCHEMA_VALIDATION_FAILED: Expected value of type [BOOLEAN] @ /States/S/End',
      'MISSING_END_STATE: Workflow has no terminal state @ null',
    ]);
  });
});

describe('paths', () => {
  it('accepts JSONPath, Context object and variable paths where values are read', () => {
    const state = {
      Type: 'Pass',
      InputPath: '$.items[?(@.price > 10)]',
      OutputPath: null,
      ResultPath: "$.result['a b'][0]",
      Parameters: { 'a.$': '$..price', 'b.$': '$$.Execution.Id', 'c.$': '$myVar.x', d: { 'e.$': 'States.Format(\'{} {}\', $.a, States.UUID())' } },
      End: true,
    };
    expect(errors(single(state))).toEqual([]);
  });

  it('requires ResultPath to be a reference path into the input', () => {
    expect(errors(single({ Type: 'Pass', ResultPath: '$.a[*]', End: true }))).toEqual([
      'SCHEMA_VALIDATION_FAILED: Value is not a Reference Path: A reference path can only address a single node @ /States/S/ResultPath',
    ]);
    expect(errors(single({ Type: 'Pass', ResultPath: '$$.Execution', End: true }))).toEqual([
      "SCHEMA_VALIDATION_FAILED: Value is not a Reference Path: Reference path didn't start with '$' @ /States/S/ResultPath",
    ]);
    expect(errors(single({ Type: 'Pass', ResultPath: 'result', End: true }))).toEqual([
      "SCHEMA_VALIDATION_FAILED: Value is not a Reference Path: Reference path didn't start with '$' @ /States/S/ResultPath",
    ]);
  });

  it('requires InputPath to be a JSONPath', () => {
    expect(errors(single({ Type: 'Pass', InputPath: 'input', End: true }))).toEqual(['SCHEMA_VALIDATION_FAILED: Value must be a valid JSONPath. @ /States/S/InputPath']);
  });

  it('requires .$ values to be paths or intrinsic function calls', () => {
    const state = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { 'a.$': 'plain', list: [{ 'b.$': 'States.NoSuch(1)' }], 'c.$': 3, 'd.$': "States.Format('x', $.a" },
      ResultSelector: { 'e.$': '$.Payload' },
      End: true,
    };
    expect(errors(single(state))).toEqual([
      "SCHEMA_VALIDATION_FAILED: The value for the field 'a.$' must be a valid JSONPath or a valid intrinsic function call @ /States/S/Parameters/a.$",
      "SCHEMA_VALIDATION_FAILED: The value for the field 'b.$' must be a valid JSONPath or a valid intrinsic function call @ /States/S/Parameters/list[0]/b.$",
      "SCHEMA_VALIDATION_FAILED: The value for the field 'c.$' must be a valid JSONPath or a valid intrinsic function call @ /States/S/Parameters/c.$",
      "SCHEMA_VALIDATION_FAILED: The value for the field 'd.$' must be a valid JSONPath or a valid intrinsic function call @ /States/S/Parameters/d.$",
    ]);
  });

  it('requires ItemsPath and the Wait ...Path fields to be reference paths', () => {
    const map = { Type: 'Map', ItemsPath: '$.a[*]', ItemProcessor: { StartAt: 'P', States: { P: pass } }, End: true };
    expect(errors(single(map))).toEqual(['SCHEMA_VALIDATION_FAILED: Value is not a Reference Path: A reference path can only address a single node @ /States/S/ItemsPath']);
    expect(errors(single({ Type: 'Wait', SecondsPath: '$.w', End: true }))).toEqual([]);
    expect(errors(single({ Type: 'Wait', TimestampPath: 'when', End: true }))).toEqual([
      "SCHEMA_VALIDATION_FAILED: Value is not a Reference Path: Reference path didn't start with '$' @ /States/S/TimestampPath",
    ]);
  });
});

describe('Task', () => {
  it('requires Resource, an ARN', () => {
    expect(errors(single({ Type: 'Task', End: true }))).toEqual(['SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] @ /States/S']);
    expect(errors(single({ Type: 'Task', Resource: 'my-function', End: true }))).toEqual([
      'SCHEMA_VALIDATION_FAILED: Value is not a valid resource ARN @ /States/S/Resource',
    ]);
  });

  it('checks timeouts: positive integers, one of literal or path, heartbeat below timeout', () => {
    const base = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true };
    expect(errors(single({ ...base, TimeoutSeconds: 0, HeartbeatSeconds: 1.5 }))).toEqual([
      'SCHEMA_VALIDATION_FAILED: Minimum value is 1 @ /States/S/TimeoutSeconds',
      'SCHEMA_VALIDATION_FAILED: Expected value of type [INTEGER] @ /States/S/HeartbeatSeconds',
    ]);
    expect(errors(single({ ...base, TimeoutSeconds: 10, TimeoutSecondsPath: '$.t' }))).toEqual([
      'SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: [TimeoutSeconds, TimeoutSecondsPath] @ /States/S',
    ]);
    expect(errors(single({ ...base, TimeoutSeconds: 10, HeartbeatSeconds: 10 }))).toEqual([
      "SCHEMA_VALIDATION_FAILED: The value of 'HeartbeatSeconds' must be less than the value of 'TimeoutSeconds' @ /States/S/HeartbeatSeconds",
    ]);
    expect(errors(single({ ...base, TimeoutSeconds: 10, HeartbeatSeconds: 9 }))).toEqual([]);
  });

  it('rejects .waitForTaskToken and .sync in EXPRESS state machines (validation/..._ILLEGAL_WFTT)', () => {
    const wftt = single({ Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', End: true });
    expect(errors(wftt, { stateMachineType: 'EXPRESS' })).toEqual([
      "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration  @ /States/S/Resource",
    ]);
    expect(errors(wftt, { stateMachineType: 'STANDARD' })).toEqual([]);
    const sync = single({ Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2', End: true });
    expect(errors(sync, { stateMachineType: 'EXPRESS' })).toHaveLength(1);
  });

  it('requires RoleArn in Credentials (validation/test_invalid_credentials_field__*)', () => {
    const base = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true };
    expect(errors(single({ ...base, Credentials: { Other: 1 } }))).toEqual([
      "SCHEMA_VALIDATION_FAILED: The field 'RoleArn' is required but was missing @ /States/S/Credentials",
    ]);
    expect(errors(single({ ...base, Credentials: { 'RoleArn.$': '$.role' } }))).toEqual([]);
  });
});

describe('Retry and Catch', () => {
  const task = (extra: JsonObject): JsonObject =>
    single({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, ...extra }, { H: { Type: 'Succeed' } });

  it('accepts well-formed retriers and catchers', () => {
    const def = task({
      Retry: [
        { ErrorEquals: ['Custom'], IntervalSeconds: 1, MaxAttempts: 0, BackoffRate: 1, MaxDelaySeconds: 5, JitterStrategy: 'FULL' },
        { ErrorEquals: ['States.ALL'] },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H', ResultPath: '$.error' }],
    });
    expect(errors(def)).toEqual([]);
  });

  it('checks retrier ranges', () => {
    const def = task({
      Retry: [{ ErrorEquals: ['X'], IntervalSeconds: 0, MaxAttempts: -1, BackoffRate: 0.5, MaxDelaySeconds: 31622401, JitterStrategy: 'HALF' }],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }],
    });
    expect(errors(def)).toEqual([
      'SCHEMA_VALIDATION_FAILED: Minimum value is 1 @ /States/S/Retry[0]/IntervalSeconds',
      'SCHEMA_VALIDATION_FAILED: Minimum value is 0 @ /States/S/Retry[0]/MaxAttempts',
      'SCHEMA_VALIDATION_FAILED: Maximum value is 31622400 @ /States/S/Retry[0]/MaxDelaySeconds',
      'SCHEMA_VALIDATION_FAILED: Minimum value is 1.0 @ /States/S/Retry[0]/BackoffRate',
      'SCHEMA_VALIDATION_FAILED: Value should be one of the following: [FULL, NONE] @ /States/S/Retry[0]/JitterStrategy',
    ]);
  });

  it('requires States.ALL to be alone and last', () => {
    const def = task({
      Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['X'] }],
      Catch: [{ ErrorEquals: ['States.ALL', 'X'], Next: 'H' }],
    });
    expect(errors(def)).toEqual([
      "SCHEMA_VALIDATION_FAILED: A Retrier with 'States.ALL' must be the last Retrier @ /States/S/Retry[0]",
      "SCHEMA_VALIDATION_FAILED: 'States.ALL' must appear alone in 'ErrorEquals' @ /States/S/Catch[0]/ErrorEquals",
    ]);
  });

  it('requires ErrorEquals and a catcher Next that exists', () => {
    const def = task({ Retry: [{ MaxAttempts: 1 }], Catch: [{ ErrorEquals: [], Next: 'Nowhere' }] });
    expect(errors(def)).toEqual([
      'SCHEMA_VALIDATION_FAILED: These fields are required: [ErrorEquals] @ /States/S/Retry[0]',
      'SCHEMA_VALIDATION_FAILED: Value cannot be empty @ /States/S/Catch[0]/ErrorEquals',
      "MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere @ /States/S/Catch[0]/Next",
      'MISSING_TRANSITION_TARGET: State "H" is not reachable. @ /States/H',
    ]);
  });
});

describe('Choice', () => {
  const choice = (choices: Json, extra: JsonObject = {}): JsonObject =>
    single({ Type: 'Choice', Choices: choices, ...extra }, { A: { Type: 'Succeed' }, B: { Type: 'Succeed' } });

  it('accepts comparisons, type tests and combinations', () => {
    const def = choice(
      [
        { Variable: '$.a', StringMatches: 'x*', Next: 'A' },
        { And: [{ Variable: '$.n', NumericGreaterThanPath: '$.m' }, { Not: { Variable: '$.t', TimestampEquals: '2020-01-01T00:00:00Z' } }], Next: 'A' },
        { Or: [{ Variable: '$$.Execution.Input.x', IsPresent: true }, { Variable: '$v', BooleanEquals: true }], Next: 'B', Assign: { x: 1 } },
      ],
      { Default: 'B' },
    );
    expect(errors(def)).toEqual([]);
  });

  it('requires a non-empty Choices', () => {
    expect(errors(single({ Type: 'Choice', Default: 'A' }, { A: pass }))).toEqual([
      'SCHEMA_VALIDATION_FAILED: These fields are required: [Choices] @ /States/S',
    ]);
    expect(errors(choice([], { Default: 'A' }))).toContain('SCHEMA_VALIDATION_FAILED: Value cannot be empty @ /States/S/Choices');
  });

  it('requires Next on top-level rules and rejects it on nested rules', () => {
    const def = choice([{ Variable: '$.a', IsNull: true }, { Not: { Variable: '$.a', IsNull: true, Next: 'A' }, Next: 'A' }], { Default: 'B' });
    expect(errors(def)).toEqual([
      'SCHEMA_VALIDATION_FAILED: These fields are required: [Next] @ /States/S/Choices[0]',
      "SCHEMA_VALIDATION_FAILED: Field 'Next' is not supported @ /States/S/Choices[1]/Not",
    ]);
  });

  it('checks operand types and paths', () => {
    const def = choice(
      [
        {
          And: [
            { Variable: '$.a', NumericEquals: '1' },
            { Variable: 'a', StringEquals: 'x' },
            { Variable: '$.t', TimestampLessThan: '2020-01-01' },
            { Variable: '$.b', BooleanEqualsPath: '$.c[*]' },
            { Variable: '$.b', IsNull: 'yes' },
          ],
          Next: 'A',
        },
      ],
      { Default: 'B' },
    );
    expect(errors(def)).toEqual([
      'SCHEMA_VALIDATION_FAILED: Expected value of type [NUMBER] @ /States/S/Choices[0]/And[0]/NumericEquals',
      "SCHEMA_VALIDATION_FAILED: Value is not a Reference Path: Reference path didn't start with '$' @ /States/S/Choices[0]/And[1]/Variable",
      'SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp @ /States/S/Choices[0]/And[2]/TimestampLessThan',
      'SCHEMA_VALIDATION_FAILED: Value is not a Reference Path: A reference path can only address a single node @ /States/S/Choices[0]/And[3]/BooleanEqualsPath',
      'SCHEMA_VALIDATION_FAILED: Expected value of type [BOOLEAN] @ /States/S/Choices[0]/And[4]/IsNull',
    ]);
  });

  it('requires exactly one operator per comparison and one of And/Or/Not/Variable per rule', () => {
    const def = choice(
      [
        { Variable: '$.a', StringEquals: 'x', StringMatches: 'y', Next: 'A' },
        { Variable: '$.a', Next: 'A' },
        { StringEquals: 'x', Next: 'A' },
        { Next: 'A' },
        { Variable: '$.a', IsNull: true, Not: { Variable: '$.a', IsNull: true }, Next: 'A' },
        { Variable: '$.a', IsNull: true, Unknown: 1, Next: 'A' },
      ],
      { Default: 'B' },
    );
    expect(errors(def)).toEqual([
      'SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: [StringEquals, StringMatches] @ /States/S/Choices[0]',
      "SCHEMA_VALIDATION_FAILED: A Choice Rule with 'Variable' must have a comparison operator @ /States/S/Choices[1]",
      'SCHEMA_VALIDATION_FAILED: These fields are required: [Variable] @ /States/S/Choices[2]',
      'SCHEMA_VALIDATION_FAILED: The object must have only one of the following fields, [And, Or, Not, Variable, Condition] @ /States/S/Choices[3]',
      'SCHEMA_VALIDATION_FAILED: The object must have only one of the following fields, [And, Or, Not, Variable, Condition] @ /States/S/Choices[4]',
      "SCHEMA_VALIDATION_FAILED: Field 'Unknown' is not supported @ /States/S/Choices[5]",
    ]);
  });

  it('reports a Default or rule Next that names no state', () => {
    const def = choice([{ Variable: '$.a', IsNull: true, Next: 'Nope' }], { Default: 'Gone' });
    expect(errors(def)).toEqual([
      "MISSING_TRANSITION_TARGET: Missing 'Next' target: Nope @ /States/S/Choices[0]/Next",
      "MISSING_TRANSITION_TARGET: Missing 'Next' target: Gone @ /States/S/Default",
      'MISSING_TRANSITION_TARGET: State "A" is not reachable. @ /States/A',
      'MISSING_TRANSITION_TARGET: State "B" is not reachable. @ /States/B',
    ]);
  });
});

describe('Wait and Fail', () => {
  it('requires exactly one of Seconds, Timestamp, SecondsPath, TimestampPath', () => {
    expect(errors(single({ Type: 'Wait', Seconds: 1, SecondsPath: '$.s', End: true }))).toEqual([
      'SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: [SecondsPath, Seconds, TimestampPath, Timestamp] @ /States/S',
    ]);
  });

  it('checks Seconds and Timestamp values', () => {
    expect(errors(single({ Type: 'Wait', Seconds: -1, End: true }))).toEqual(['SCHEMA_VALIDATION_FAILED: Minimum value is 0 @ /States/S/Seconds']);
    expect(errors(single({ Type: 'Wait', Timestamp: '2030-01-01 00:00:00', End: true }))).toEqual([
      'SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp @ /States/S/Timestamp',
    ]);
    expect(errors(single({ Type: 'Wait', Timestamp: '2030-01-01T00:00:00+02:00', End: true }))).toEqual([]);
  });

  it('allows only one of Error/ErrorPath and Cause/CausePath', () => {
    expect(errors(single({ Type: 'Fail', Error: 'E', ErrorPath: '$.e', Cause: 'C', CausePath: "States.Format('{}', $.c)" }))).toEqual([
      'SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: [Error, ErrorPath] @ /States/S',
      'SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: [Cause, CausePath] @ /States/S',
    ]);
    expect(errors(single({ Type: 'Fail', ErrorPath: 'e' }))).toEqual([
      "SCHEMA_VALIDATION_FAILED: The value for the field 'ErrorPath' must be a valid JSONPath or a valid intrinsic function call @ /States/S/ErrorPath",
    ]);
  });
});

describe('Parallel and Map', () => {
  it('validates branches recursively, resolving Next within the branch', () => {
    const def = single({
      Type: 'Parallel',
      Branches: [
        { StartAt: 'B1', States: { B1: { Type: 'Pass', Next: 'S' } } },
        { StartAt: 'Missing', States: { B2: pass } },
        { States: { B3: pass } },
      ],
      End: true,
    });
    expect(errors(def)).toEqual([
      'SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] @ /States/S/Branches[2]',
      "MISSING_TRANSITION_TARGET: Missing 'Next' target: S @ /States/S/Branches[0]/States/B1/Next",
      "MISSING_TRANSITION_TARGET: Missing 'Next' target: Missing @ /States/S/Branches[1]/StartAt",
    ]);
  });

  it('rejects QueryLanguage on a branch or an item processor', () => {
    const def = single({ Type: 'Map', ItemProcessor: { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: pass } }, End: true });
    expect(errors(def)).toEqual(["SCHEMA_VALIDATION_FAILED: Field 'QueryLanguage' is not supported @ /States/S/ItemProcessor"]);
  });

  it('requires exactly one of ItemProcessor and Iterator', () => {
    expect(errors(single({ Type: 'Map', End: true }))).toEqual([
      'SCHEMA_VALIDATION_FAILED: This object should have only one of the following fields: [ItemProcessor, Iterator] @ /States/S',
    ]);
    const both = { StartAt: 'P', States: { P: pass } };
    const legacy = { StartAt: 'Q', States: { Q: pass } };
    expect(errors(single({ Type: 'Map', ItemProcessor: both, Iterator: legacy, End: true }))).toEqual([
      'SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: [ItemProcessor, Iterator] @ /States/S',
    ]);
    expect(errors(single({ Type: 'Map', Iterator: legacy, Parameters: { 'v.$': '$$.Map.Item.Value' }, End: true }))).toEqual([]);
  });

  it('checks ProcessorConfig, MaxConcurrency and tolerated failures', () => {
    const def = single({
      Type: 'Map',
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'P', States: { P: pass } },
      MaxConcurrency: -1,
      ToleratedFailurePercentage: 101,
      End: true,
    });
    expect(errors(def)).toEqual([
      'SCHEMA_VALIDATION_FAILED: These fields are required: [ExecutionType] @ /States/S/ItemProcessor/ProcessorConfig',
      'SCHEMA_VALIDATION_FAILED: Minimum value is 0 @ /States/S/MaxConcurrency',
      'SCHEMA_VALIDATION_FAILED: Maximum value is 100.0 @ /States/S/ToleratedFailurePercentage',
    ]);
  });
});

describe('graph', () => {
  it('reports unreachable states', () => {
    expect(errors({ StartAt: 'A', States: { A: pass, B: pass } })).toEqual(['MISSING_TRANSITION_TARGET: State "B" is not reachable. @ /States/B']);
  });

  it('reports a workflow with no terminal state, without a location, instead of unreachable states', () => {
    const def = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' }, C: { Type: 'Pass', Next: 'A' } } };
    expect(errors(def)).toEqual(['MISSING_END_STATE: Workflow has no terminal state @ null']);
  });

  it('follows Choice Default and Catch transitions', () => {
    const def = {
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsNull: true, Next: 'T' }], Default: 'D' },
        T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F' }], End: true },
        D: { Type: 'Succeed' },
        F: { Type: 'Fail' },
      },
    };
    expect(errors(def)).toEqual([]);
  });
});

describe('JSONata and variables', () => {
  it('accepts JSONata states and fields', () => {
    const def = {
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: 'f', Payload: '{% $states.input %}' },
          Assign: { result: '{% $states.result %}' },
          Output: '{% $states.result.Payload %}',
          TimeoutSeconds: '{% $timeout %}',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F', Output: '{% $states.errorOutput %}' }],
          Next: 'C',
        },
        C: { Type: 'Choice', Choices: [{ Condition: '{% $result > 1 %}', Next: 'W', Output: { a: 1 } }], Default: 'M' },
        W: { Type: 'Wait', Seconds: '{% 1 + 1 %}', Next: 'M' },
        M: { Type: 'Map', Items: '{% [1, 2] %}', ItemSelector: { v: '{% $states.context.Map.Item.Value %}' }, ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true },
        F: { Type: 'Fail', Error: '{% "E" %}', Cause: 'because' },
      },
    };
    expect(errors(def)).toEqual([]);
  });

  it('rejects JSONPath-only fields in a JSONata state, at the state', () => {
    const def = single({ Type: 'Pass', QueryLanguage: 'JSONata', Parameters: {}, ResultPath: '$.x', End: true });
    expect(errors(def)).toEqual([
      "SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'Parameters' is only supported for the 'JSONPath' QueryLanguage @ /States/S",
      "SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'ResultPath' is only supported for the 'JSONPath' QueryLanguage @ /States/S",
    ]);
  });

  it('rejects JSONata-only fields in a JSONPath state', () => {
    expect(errors(single({ Type: 'Pass', Output: {}, End: true }))).toEqual([
      "SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage @ /States/S",
    ]);
    const cond = single({ Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'A' }] }, { A: pass });
    expect(errors(cond)).toEqual([
      "SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field 'Condition' is only supported for the 'JSONata' QueryLanguage @ /States/S/Choices[0]",
      'SCHEMA_VALIDATION_FAILED: The object must have only one of the following fields, [And, Or, Not, Variable, Condition] @ /States/S/Choices[0]',
    ]);
  });

  it("rejects a JSONPath state in a JSONata machine (validation: INVALID_DOWNGRADE_QUERY_LANGUAGE)", () => {
    const def = { QueryLanguage: 'JSONata', StartAt: 'Pass', States: { Pass: { QueryLanguage: 'JSONPath', Type: 'Pass', End: true } } };
    expect(errors(def)).toEqual(["SCHEMA_VALIDATION_FAILED: 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine @ /States/Pass"]);
  });

  it('accepts a JSONata state in a JSONPath machine, and the reverse inside a Map (validation: VALID_QUERY_LANGUAGE_PASS)', () => {
    const def = {
      StartAt: 'Map',
      QueryLanguage: 'JSONPath',
      States: {
        Map: {
          Type: 'Map',
          QueryLanguage: 'JSONata',
          ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Pass', States: { Pass: { QueryLanguage: 'JSONPath', Type: 'Pass', End: true } } },
          End: true,
        },
      },
    };
    expect(errors(def)).toEqual([]);
  });

  it('reports JSONata syntax errors', () => {
    const def = single({ Type: 'Pass', QueryLanguage: 'JSONata', Output: { a: '{% $states.input. %}', b: '{% unclosed' }, End: true });
    const out = errors(def);
    expect(out[0]).toMatch(/^INVALID_JSONATA_EXPRESSION: Invalid JSONata expression: .* @ \/States\/S\/Output\/a$/);
    expect(out[1]).toBe('SCHEMA_VALIDATION_FAILED: JSONata string must start with {% and end with %} @ /States/S/Output/b');
  });

  it('accepts variables in JSONPath Assign and rejects the reserved name states', () => {
    expect(errors(single({ Type: 'Pass', Assign: { 'a.$': '$.x', b: 1 }, End: true }))).toEqual([]);
    expect(errors(single({ Type: 'Pass', Assign: { states: 1 }, End: true }))).toEqual([
      "RESERVED_VARIABLE_NAME: Cannot assign to reserved variable '$states'. @ /States/S/Assign/states",
    ]);
  });
});

describe('text, formatting and AWS renderings', () => {
  it('adds line and column from the source text', () => {
    const text = ['StartAt: A', 'States:', '  A:', '    Type: Pass', '    Next: B', ''].join('\n');
    const { diagnostics } = validateDefinitionText(text, { fileName: 'flow.asl.yaml' });
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "flow.asl.yaml:5:11: error MISSING_TRANSITION_TARGET: Missing 'Next' target: B (at /States/A/Next)",
      'flow.asl.yaml:3:3: error MISSING_END_STATE: Workflow has no terminal state (at /States)',
    ]);
  });

  it('locates a missing field at the closest enclosing value', () => {
    const text = '{\n  "StartAt": "A",\n  "States": {\n    "A": {"Type": "Task", "End": true}\n  }\n}';
    const { diagnostics } = validateDefinitionText(text);
    expect(diagnostics[0]).toMatchObject({ pointer: '/States/A', line: 4, column: 10 });
  });

  it('answers an empty definition as AWS does (localstack snapshot ..._not_a_definition[EMPTY_STRING])', () => {
    const { diagnostics } = validateDefinitionText('', { format: 'json' });
    expect(toAwsValidationResult(diagnostics)).toEqual({
      result: 'FAIL',
      diagnostics: [{ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: 'Definition must be a valid JSON object' }],
      truncated: false,
    });
  });

  it('formats without a file or position', () => {
    const d: Diagnostic = { severity: 'warning', code: 'X', message: 'm', pointer: '' };
    expect(formatDiagnostic(d)).toBe('warning X: m (at /)');
  });

  it('renders a ValidateStateMachineDefinition response', () => {
    expect(toAwsValidationResult(validateDefinition(single(pass)))).toEqual({ result: 'OK', diagnostics: [], truncated: false });
    const r = toAwsValidationResult(validateDefinition({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'A' } } }));
    expect(r).toEqual({
      result: 'FAIL',
      diagnostics: [{ severity: 'ERROR', code: 'MISSING_END_STATE', message: 'Workflow has no terminal state' }],
      truncated: false,
    });
    const many = toAwsValidationResult(validateDefinition({ StartAt: 'A', States: { A: pass, B: pass, C: pass } }), 1);
    expect(many.diagnostics).toHaveLength(1);
    expect(many.truncated).toBe(true);
  });

  it('renders a CreateStateMachine error joining every error', () => {
    const out = toCreateStateMachineError(validateDefinition({ StartAt: 'pass1', States: { pass1: { Type: 'Pass', Next: 'pass3' }, pass2: pass } }));
    expect(out).toEqual({
      code: 'InvalidDefinition',
      message:
        "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: pass3 at /States/pass1/Next, MISSING_TRANSITION_TARGET: State \"pass2\" is not reachable. at /States/pass2'",
    });
    expect(toCreateStateMachineError(validateDefinition(single(pass)))).toBeUndefined();
    expect(isValid(validateDefinition(single(pass)))).toBe(true);
  });
});

describe('pathological nesting', () => {
  function nested(depth: number): Json {
    let v: Json = { 'leaf.$': '$' };
    for (let i = 0; i < depth; i++) v = { k: v };
    return v;
  }

  it('rejects a definition nested deeper than 1000 levels once, at the first too-deep value', () => {
    const def: Json = { StartAt: 'A', States: { A: { Type: 'Pass', Parameters: nested(30_000), End: true } } };
    const d = validateDefinition(def);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ code: 'INVALID_JSON_DESCRIPTION', message: 'Document nesting depth exceeds the maximum allowed (1000)' });
    // Root (depth 1), States, A, Parameters (depth 4): the object 997 `k` steps below is at depth 1001.
    expect(d[0].pointer).toBe('/States/A/Parameters' + '/k'.repeat(997));
  });

  it('accepts a definition nested exactly 1000 levels deep', () => {
    // Parameters is at depth 4; its leaf object, 996 `k` steps below, at depth 1000.
    expect(validateDefinition({ StartAt: 'A', States: { A: { Type: 'Pass', Parameters: nested(996), End: true } } })).toEqual([]);
  });

  it('rejects intrinsic calls nested more than 1000 deep instead of overflowing', () => {
    const call = (n: number): string => 'States.Array('.repeat(n) + "'x'" + ')'.repeat(n);
    const def = (n: number): Json => ({ StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { 'v.$': call(n) }, End: true } } });
    expect(validateDefinition(def(1000))).toEqual([]);
    for (const n of [1001, 50_000]) {
      expect(validateDefinition(def(n)).map((x) => x.message)).toEqual([
        "The value for the field 'v.$' must be a valid JSONPath or a valid intrinsic function call",
      ]);
    }
  });
});
