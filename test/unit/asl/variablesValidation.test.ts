import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../../src-main/common/asl/validate';
import {
  isValidVariableName,
  MAX_ASSIGN_BYTES,
  statesFieldReferences,
} from '../../../src-main/common/asl/validation/variables';
import type { Json, JsonObject } from '../../../src-main/common/json';

/** Diagnostics as `severity code: message @ pointer`. */
function report(def: Json): string[] {
  return validateDefinition(def).map((d) => `${d.severity} ${d.code}: ${d.message} @ ${d.pointer}`);
}

/** The pointers of the errors. */
function errorPointers(def: Json): string[] {
  return validateDefinition(def)
    .filter((d) => d.severity === 'error')
    .map((d) => d.pointer);
}

/** A JSONata machine whose only state is `state`. */
function jsonataMachine(state: JsonObject, extra: JsonObject = {}): JsonObject {
  return { QueryLanguage: 'JSONata', StartAt: 'S', States: { S: state, ...extra } };
}

const lambda = 'arn:aws:states:::lambda:invoke';
const fn = { FunctionName: 'arn:aws:lambda:us-east-1:111111111111:function:f' };

describe('$states references', () => {
  it('finds $states fields in the parsed expression, not in string literals', () => {
    expect(statesFieldReferences('$states.result.x & "$states.nope" & $states.input')).toEqual(['result', 'input']);
    expect(statesFieldReferences('$states')).toEqual([]);
    expect(statesFieldReferences('$states.')).toBeUndefined();
  });

  it('accepts $states.result in Output and Assign of Task, Map and Parallel states', () => {
    const task = { Type: 'Task', Resource: lambda, Arguments: fn, Output: '{% $states.result %}', Assign: { r: '{% $states.result.Payload %}' }, End: true };
    expect(report(jsonataMachine(task))).toEqual([]);
    const map = {
      Type: 'Map',
      Items: [1],
      ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
      Output: { all: '{% $states.result %}' },
      End: true,
    };
    expect(report(jsonataMachine(map))).toEqual([]);
    const parallel = {
      Type: 'Parallel',
      Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', End: true } } }],
      Assign: { first: '{% $states.result[0] %}' },
      End: true,
    };
    expect(report(jsonataMachine(parallel))).toEqual([]);
  });

  it('rejects $states.result in a Pass state, which has no result', () => {
    expect(errorPointers(jsonataMachine({ Type: 'Pass', Output: { x: '{% $states.result %}' }, End: true }))).toEqual(['/States/S/Output/x']);
  });

  it('rejects $states.result in a Task state\'s Arguments, before the task has run', () => {
    const task = { Type: 'Task', Resource: lambda, Arguments: { ...fn, Payload: '{% $states.result %}' }, End: true };
    expect(errorPointers(jsonataMachine(task))).toEqual(['/States/S/Arguments/Payload']);
  });

  it('rejects $states.result in Choice conditions and Wait fields', () => {
    const choice = { Type: 'Choice', Choices: [{ Condition: '{% $states.result = 1 %}', Next: 'E' }], Default: 'E' };
    expect(errorPointers(jsonataMachine(choice, { E: { Type: 'Succeed' } }))).toEqual(['/States/S/Choices/0/Condition']);
    const wait = { Type: 'Wait', Seconds: '{% $states.result %}', End: true };
    expect(errorPointers(jsonataMachine(wait))).toEqual(['/States/S/Seconds']);
  });

  it('rejects $states.result in a Catcher, where only $states.errorOutput exists', () => {
    const task = {
      Type: 'Task',
      Resource: lambda,
      Arguments: fn,
      Catch: [{ ErrorEquals: ['States.ALL'], Output: '{% $states.result %}', Next: 'E' }],
      End: true,
    };
    expect(errorPointers(jsonataMachine(task, { E: { Type: 'Succeed' } }))).toEqual(['/States/S/Catch/0/Output']);
  });

  it('accepts $states.errorOutput in a Catcher\'s Output and Assign', () => {
    const task = {
      Type: 'Task',
      Resource: lambda,
      Arguments: fn,
      Catch: [{ ErrorEquals: ['States.ALL'], Output: '{% $states.errorOutput %}', Assign: { e: '{% $states.errorOutput.Error %}' }, Next: 'E' }],
      End: true,
    };
    expect(report(jsonataMachine(task, { E: { Type: 'Succeed' } }))).toEqual([]);
  });

  it('rejects $states.errorOutput outside a Catcher', () => {
    const task = { Type: 'Task', Resource: lambda, Arguments: fn, Output: '{% $states.errorOutput %}', End: true };
    const found = report(jsonataMachine(task));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^error SCHEMA_VALIDATION_FAILED: '\$states\.errorOutput' is not available here.* @ \/States\/S\/Output$/);
  });

  it('rejects an unknown $states field', () => {
    const found = report(jsonataMachine({ Type: 'Pass', Output: '{% $states.inputs %}', End: true }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/'\$states\.inputs' is not a field of \$states.* @ \/States\/S\/Output$/);
  });

  it('accepts $states.input and $states.context anywhere', () => {
    const pass = { Type: 'Pass', Output: { i: '{% $states.input %}', c: '{% $states.context.Execution.Id %}' }, Assign: { a: '{% $states.input.a %}' }, End: true };
    expect(report(jsonataMachine(pass))).toEqual([]);
  });

  it('checks $states in the states of a Parallel branch', () => {
    const parallel = {
      Type: 'Parallel',
      Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', Output: '{% $states.result %}', End: true } } }],
      End: true,
    };
    expect(errorPointers(jsonataMachine(parallel))).toEqual(['/States/S/Branches/0/States/B/Output']);
  });

  it('does not look at $states in JSONPath states', () => {
    const def = { StartAt: 'S', States: { S: { Type: 'Pass', Parameters: { 'x.$': '$.states.result' }, End: true } } };
    expect(report(def)).toEqual([]);
  });
});

describe('variable scopes', () => {
  const branchAssigning = (name: string, state = 'B'): JsonObject => ({
    StartAt: state,
    States: { [state]: { Type: 'Pass', Assign: { [name]: 1 }, End: true } },
  });

  it('rejects a Parallel branch assigning a variable that an earlier outer state assigns', () => {
    const def = {
      StartAt: 'First',
      States: {
        First: { Type: 'Pass', Assign: { x: 1 }, Next: 'Par' },
        Par: { Type: 'Parallel', Branches: [branchAssigning('x')], End: true },
      },
    };
    const found = report(def);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^error SCHEMA_VALIDATION_FAILED: Variable 'x' is assigned in an outer scope.* @ \/States\/Par\/Branches\/0\/States\/B\/Assign\/x$/);
  });

  it('rejects an inline Map iteration assigning an outer variable (JSONPath `.$` key)', () => {
    const def = {
      StartAt: 'First',
      States: {
        First: { Type: 'Pass', Assign: { 'items.$': '$.list' }, Next: 'M' },
        M: {
          Type: 'Map',
          ItemsPath: '$items',
          ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', Assign: { 'items.$': '$' }, End: true } } },
          End: true,
        },
      },
    };
    expect(errorPointers(def)).toEqual(['/States/M/ItemProcessor/States/I/Assign/items.$']);
  });

  it('rejects an assignment two levels down of a top-level variable', () => {
    const def = {
      StartAt: 'First',
      States: {
        First: { Type: 'Pass', Assign: { x: 1 }, Next: 'Par' },
        Par: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'Inner', States: { Inner: { Type: 'Parallel', Branches: [branchAssigning('x')], End: true } } }],
          End: true,
        },
      },
    };
    expect(errorPointers(def)).toEqual(['/States/Par/Branches/0/States/Inner/Branches/0/States/B/Assign/x']);
  });

  it('accepts a branch assigning a name that only the Parallel state itself or a later state assigns', () => {
    // Recorded: states_variables/test_parallel_catch_error__PARALLEL_CATCH_ERROR_VARIABLE_SAMPLING.
    const def = {
      StartAt: 'Par',
      States: {
        Par: {
          Type: 'Parallel',
          Branches: [branchAssigning('x')],
          Assign: { 'x.$': '$[0]' },
          Catch: [{ ErrorEquals: ['States.ALL'], Assign: { x: 0 }, Next: 'After' }],
          Next: 'After',
        },
        After: { Type: 'Pass', Assign: { x: 2 }, End: true },
      },
    };
    expect(report(def)).toEqual([]);
  });

  it('counts the Parallel state\'s own Assign when a loop runs it before the branches again', () => {
    const def = {
      StartAt: 'Par',
      States: {
        Par: { Type: 'Parallel', Branches: [branchAssigning('x')], Assign: { x: 1 }, Next: 'Again' },
        Again: { Type: 'Choice', Choices: [{ Variable: '$x', NumericEquals: 1, Next: 'Par' }], Default: 'Done' },
        Done: { Type: 'Succeed' },
      },
    };
    expect(errorPointers(def)).toEqual(['/States/Par/Branches/0/States/B/Assign/x']);
  });

  it('lets sibling branches assign the same name', () => {
    const def = {
      StartAt: 'Par',
      States: { Par: { Type: 'Parallel', Branches: [branchAssigning('y', 'B1'), branchAssigning('y', 'B2')], End: true } },
    };
    expect(report(def)).toEqual([]);
  });

  it('gives a Distributed Map iteration a scope of its own', () => {
    const def = {
      StartAt: 'First',
      States: {
        First: { Type: 'Pass', Assign: { x: 1 }, Next: 'M' },
        M: {
          Type: 'Map',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'I',
            States: { I: { Type: 'Pass', Assign: { x: 2 }, End: true } },
          },
          End: true,
        },
      },
    };
    expect(report(def)).toEqual([]);
  });

  it('does not report a reference to a variable that is never assigned (AWS fails it at run time)', () => {
    // Recorded: assign/test_undefined_reference__BASE_UNDEFINED_OUTPUT.
    expect(report(jsonataMachine({ Type: 'Pass', Output: '{% $doesNotExist %}', End: true }))).toEqual([]);
  });
});

describe('variable names', () => {
  it('accepts identifiers made of letters, digits and underscores', () => {
    expect(isValidVariableName('x')).toBe(true);
    expect(isValidVariableName('_private1')).toBe(true);
    expect(isValidVariableName('café')).toBe(true);
  });

  it('rejects names that start with a digit or contain other characters', () => {
    for (const bad of ['1x', 'a-b', 'a.b', 'a b', '', '$x']) expect(isValidVariableName(bad)).toBe(false);
  });

  it('reports an invalid name at its Assign key, in either query language', () => {
    expect(errorPointers(jsonataMachine({ Type: 'Pass', Assign: { '1st': 1 }, End: true }))).toEqual(['/States/S/Assign/1st']);
    const jsonPath = { StartAt: 'S', States: { S: { Type: 'Pass', Assign: { 'my-var.$': '$.a' }, End: true } } };
    expect(errorPointers(jsonPath)).toEqual(['/States/S/Assign/my-var.$']);
  });

  it('reports a `.$` key in a JSONata state as an invalid name', () => {
    expect(errorPointers(jsonataMachine({ Type: 'Pass', Assign: { 'x.$': '$.a' }, End: true }))).toEqual(['/States/S/Assign/x.$']);
  });

  it('reports a name longer than 80 characters', () => {
    const long = 'v'.repeat(81);
    const found = report(jsonataMachine({ Type: 'Pass', Assign: { [long]: 1, ['w'.repeat(80)]: 2 }, End: true }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/exceeds the maximum length of 80 characters @ \/States\/S\/Assign\/v+$/);
  });

  it('reports the reserved name states once', () => {
    const found = report(jsonataMachine({ Type: 'Pass', Assign: { states: 1 }, End: true }));
    expect(found).toEqual(["error RESERVED_VARIABLE_NAME: Cannot assign to reserved variable '$states'. @ /States/S/Assign/states"]);
  });

  it('checks the Assign of Choice rules and Catchers too', () => {
    const choice = { Type: 'Choice', Choices: [{ Condition: '{% true %}', Assign: { 'bad name': 1 }, Next: 'E' }], Default: 'E' };
    expect(errorPointers(jsonataMachine(choice, { E: { Type: 'Succeed' } }))).toEqual(['/States/S/Choices/0/Assign/bad name']);
  });
});

describe('Assign size', () => {
  it('warns when the constant part of an Assign exceeds 256 KiB', () => {
    const big = 'x'.repeat(MAX_ASSIGN_BYTES);
    const found = report(jsonataMachine({ Type: 'Pass', Assign: { big, dyn: '{% $states.input %}' }, End: true }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^warning ASSIGN_TOO_LARGE: .* @ \/States\/S\/Assign$/);
  });

  it('does not count evaluated values at their template size', () => {
    const longPath = `$.${'a'.repeat(MAX_ASSIGN_BYTES)}`;
    const def = { StartAt: 'S', States: { S: { Type: 'Pass', Assign: { 'v.$': longPath }, End: true } } };
    expect(report(def).filter((d) => d.includes('ASSIGN_TOO_LARGE'))).toEqual([]);
  });
});
