import { describe, expect, it } from 'vitest';
import { compareRun, type RunToCompare } from '../../../src-main/common/conformance/compareRun';
import { loadCase, type ExecutionCase } from '../../../src-main/common/conformance/conformanceCase';
import type { Json, JsonObject } from '../../../src-main/common/json';

/** A hand-made recorded case: Pass → Task (lambda:invoke) → end, as AWS records it. */
function passTaskCase(): ExecutionCase {
  const json: Json = {
    id: 'base/hand_made',
    features: ['lambda'],
    definition: { StartAt: 'P', States: { P: { Type: 'Pass', Next: 'T' }, T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } },
    input: { x: 1 },
    mockConfig: null,
    expected: {
      status: 'SUCCEEDED',
      output: { Payload: { ok: true }, StatusCode: 200 },
      history: [
        { id: 1, previousEventId: 0, timestamp: 'timestamp', type: 'ExecutionStarted', executionStartedEventDetails: { input: { x: 1 }, inputDetails: { truncated: false }, roleArn: '<snf_role_arn>' } },
        { id: 2, previousEventId: 0, timestamp: 'timestamp', type: 'PassStateEntered', stateEnteredEventDetails: { input: { x: 1 }, inputDetails: { truncated: false }, name: 'P' } },
        { id: 3, previousEventId: 2, timestamp: 'timestamp', type: 'PassStateExited', stateExitedEventDetails: { name: 'P', output: { x: 1 }, outputDetails: { truncated: false } } },
        { id: 4, previousEventId: 3, timestamp: 'timestamp', type: 'TaskStateEntered', stateEnteredEventDetails: { input: { x: 1 }, inputDetails: { truncated: false }, name: 'T' } },
        {
          id: 5, previousEventId: 4, timestamp: 'timestamp', type: 'TaskScheduled',
          taskScheduledEventDetails: { parameters: { FunctionName: 'arn:<partition>:lambda:<region>:111111111111:function:<fn>' }, region: '<region>', resource: 'invoke', resourceType: 'lambda' },
        },
        { id: 6, previousEventId: 5, timestamp: 'timestamp', type: 'TaskStarted', taskStartedEventDetails: { resource: 'invoke', resourceType: 'lambda' } },
        { id: 7, previousEventId: 6, timestamp: 'timestamp', type: 'TaskSucceeded', taskSucceededEventDetails: { output: { Payload: { ok: true }, StatusCode: 200 }, outputDetails: { truncated: false }, resource: 'invoke', resourceType: 'lambda' } },
        { id: 8, previousEventId: 7, timestamp: 'timestamp', type: 'TaskStateExited', stateExitedEventDetails: { name: 'T', output: { Payload: { ok: true }, StatusCode: 200 }, outputDetails: { truncated: false } } },
        { id: 9, previousEventId: 8, timestamp: 'timestamp', type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: { Payload: { ok: true }, StatusCode: 200 }, outputDetails: { truncated: false } } },
      ],
    },
  };
  const loaded = loadCase(json);
  if (loaded.kind !== 'execution') throw new Error('expected an execution case');
  return loaded;
}

const JSON_TEXT_KEYS = new Set(['input', 'output', 'parameters', 'cause']);

/** What our engine would emit for a recorded event: concrete values, payloads as JSON text, a real timestamp. */
function asEmitted(event: JsonObject, replacements: Record<string, string> = {}): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(event)) {
    if (key === 'timestamp') out[key] = '2024-01-01T00:00:00.000Z';
    else if (key.endsWith('EventDetails') && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const details: JsonObject = {};
      for (const [k, v] of Object.entries(value)) {
        let concrete: Json = v;
        if (typeof v === 'string') for (const [from, to] of Object.entries(replacements)) concrete = (concrete as string).split(from).join(to);
        details[k] = JSON_TEXT_KEYS.has(k) && typeof concrete !== 'string' ? JSON.stringify(substitute(concrete, replacements)) : concrete;
      }
      out[key] = details;
    } else out[key] = value;
  }
  return out;
}

function substitute(value: Json, replacements: Record<string, string>): Json {
  if (typeof value === 'string') {
    let s = value;
    for (const [from, to] of Object.entries(replacements)) s = s.split(from).join(to);
    return s;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, replacements));
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = substitute(v, replacements);
    return out;
  }
  return value;
}

const CONCRETE = { '<snf_role_arn>': 'arn:aws:iam::111111111111:role/StepscopeRole', '<partition>': 'aws', '<region>': 'us-east-1', '<fn>': 'my-fn' };

function goodRun(testCase: ExecutionCase): RunToCompare & { events: JsonObject[] } {
  return {
    status: 'SUCCEEDED',
    output: { StatusCode: 200, Payload: { ok: true } },
    events: (testCase.expected.history ?? []).map((e) => asEmitted(e, CONCRETE)),
  };
}

describe('compareRun', () => {
  it('accepts a run that matches, with placeholders, JSON text and real timestamps', () => {
    const testCase = passTaskCase();
    expect(compareRun(testCase, goodRun(testCase))).toEqual({ ok: true });
  });

  it('reports a different status first, with the error and cause of the run', () => {
    const testCase = passTaskCase();
    const result = compareRun(testCase, { ...goodRun(testCase), status: 'FAILED', error: 'States.Runtime', cause: 'oops' });
    expect(result).toEqual({
      ok: false,
      firstMismatch: { where: 'status', expected: 'SUCCEEDED', actual: 'FAILED', message: 'expected status SUCCEEDED, got FAILED (error "States.Runtime", cause "oops")' },
    });
  });

  it('reports a different output with its path', () => {
    const testCase = passTaskCase();
    const result = compareRun(testCase, { ...goodRun(testCase), output: { StatusCode: 500, Payload: { ok: true } } });
    expect(result).toMatchObject({ ok: false, firstMismatch: { where: 'output.StatusCode', expected: 200, actual: 500 } });
  });

  it('finds a changed event type and names the event', () => {
    const testCase = passTaskCase();
    const run = goodRun(testCase);
    run.events[2] = { ...run.events[2], type: 'PassStateEntered' };
    expect(compareRun(testCase, run)).toMatchObject({
      ok: false,
      firstMismatch: { where: 'history[2] (id 3, PassStateExited).type', expected: 'PassStateExited', actual: 'PassStateEntered' },
    });
  });

  it('finds a wrong id or previousEventId', () => {
    const testCase = passTaskCase();
    const run = goodRun(testCase);
    run.events[5] = { ...run.events[5], previousEventId: 4 };
    expect(compareRun(testCase, run)).toMatchObject({
      ok: false,
      firstMismatch: { where: 'history[5] (id 6, TaskStarted).previousEventId', expected: 5, actual: 4 },
    });
    const run2 = goodRun(testCase);
    run2.events[3] = { ...run2.events[3], id: 40 };
    expect(compareRun(testCase, run2)).toMatchObject({ ok: false, firstMismatch: { where: 'history[3] (id 4, TaskStateEntered).id' } });
  });

  it('finds a difference inside a payload that is JSON text', () => {
    const testCase = passTaskCase();
    const run = goodRun(testCase);
    run.events[3] = { ...run.events[3], stateEnteredEventDetails: { input: '{"x":2}', inputDetails: { truncated: false }, name: 'T' } };
    expect(compareRun(testCase, run)).toMatchObject({
      ok: false,
      firstMismatch: { where: 'history[3] (id 4, TaskStateEntered).stateEnteredEventDetails.input.x', expected: 1, actual: 2 },
    });
  });

  it('finds a value that breaks the literal part of a placeholder template', () => {
    const testCase = passTaskCase();
    const run = goodRun(testCase);
    const details = run.events[4].taskScheduledEventDetails as JsonObject;
    run.events[4] = { ...run.events[4], taskScheduledEventDetails: { ...details, parameters: '{"FunctionName":"arn:aws:lambda:us-east-1:222222222222:function:my-fn"}' } };
    expect(compareRun(testCase, run)).toMatchObject({
      ok: false,
      firstMismatch: { where: 'history[4] (id 5, TaskScheduled).taskScheduledEventDetails.parameters.FunctionName' },
    });
  });

  it('finds missing and unexpected details objects and members', () => {
    const testCase = passTaskCase();
    const run = goodRun(testCase);
    const { taskStartedEventDetails: _dropped, ...withoutDetails } = run.events[5];
    run.events[5] = withoutDetails;
    expect(compareRun(testCase, run)).toMatchObject({ ok: false, firstMismatch: { where: 'history[5] (id 6, TaskStarted).taskStartedEventDetails', message: 'missing taskStartedEventDetails' } });

    const run2 = goodRun(testCase);
    run2.events[5] = { ...run2.events[5], taskStartedEventDetails: { resource: 'invoke', resourceType: 'lambda', extra: 1 } };
    expect(compareRun(testCase, run2)).toMatchObject({ ok: false, firstMismatch: { where: 'history[5] (id 6, TaskStarted).taskStartedEventDetails.extra' } });

    const run3 = goodRun(testCase);
    run3.events[5] = { ...run3.events[5], bonusEventDetails: {} };
    expect(compareRun(testCase, run3)).toMatchObject({ ok: false, firstMismatch: { where: 'history[5] (id 6, TaskStarted).bonusEventDetails' } });
  });

  it('does not compare the top-level timestamp', () => {
    const testCase = passTaskCase();
    const run = goodRun(testCase);
    run.events[1] = { ...run.events[1], timestamp: 'whenever' };
    expect(compareRun(testCase, run)).toEqual({ ok: true });
  });

  it('reports a history that is too long or too short, with the first extra or missing event', () => {
    const testCase = passTaskCase();
    const longer = goodRun(testCase);
    longer.events.push({ id: 10, previousEventId: 9, timestamp: 't', type: 'ExecutionSucceeded' });
    expect(compareRun(testCase, longer)).toEqual({
      ok: false,
      firstMismatch: { where: 'history.length', expected: 9, actual: 10, message: 'history has 10 events, expected 9; first unexpected event: history[9] ExecutionSucceeded' },
    });
    const shorter = goodRun(testCase);
    shorter.events.pop();
    expect(compareRun(testCase, shorter)).toMatchObject({
      ok: false,
      firstMismatch: { where: 'history.length', message: 'history has 8 events, expected 9; first missing event: history[8] (id 9, ExecutionSucceeded)' },
    });
  });

  it('points at the first differing event when the lengths differ too', () => {
    const testCase = passTaskCase();
    const run = goodRun(testCase);
    run.events.splice(2, 1);
    expect(compareRun(testCase, run)).toMatchObject({
      ok: false,
      firstMismatch: { where: 'history[2] (id 3, PassStateExited).type', message: 'history has 8 events, expected 9; expected a PassStateExited event, got TaskStateEntered' },
    });
  });

  it('compares error and cause of a failed run, parsing a JSON cause', () => {
    const testCase = loadCase({
      id: 'error_handling/x',
      definition: {},
      input: {},
      mockConfig: null,
      expected: { status: 'FAILED', error: 'Exception', cause: { errorMessage: 'boom', requestId: '<uuid:1>' } },
    }) as ExecutionCase;
    expect(compareRun(testCase, { status: 'FAILED', error: 'Exception', cause: '{"requestId":"abc","errorMessage":"boom"}', events: [] })).toEqual({ ok: true });
    expect(compareRun(testCase, { status: 'FAILED', error: 'Other', cause: '{}', events: [] })).toMatchObject({ ok: false, firstMismatch: { where: 'error' } });
    expect(compareRun(testCase, { status: 'FAILED', error: 'Exception', cause: '{"errorMessage":"bang","requestId":"abc"}', events: [] })).toMatchObject({
      ok: false,
      firstMismatch: { where: 'cause.errorMessage', expected: 'boom', actual: 'bang' },
    });
  });

  it('skips the history when the case has none (choice_operators)', () => {
    const testCase = loadCase({ id: 'choice_operators/x', definition: {}, input: {}, mockConfig: null, expected: { status: 'SUCCEEDED', output: { a: 1 } } }) as ExecutionCase;
    expect(compareRun(testCase, { status: 'SUCCEEDED', output: { a: 1 }, events: [{ id: 1, previousEventId: 0, type: 'ExecutionStarted' }] })).toEqual({ ok: true });
  });

  it('compares assignedVariables values as JSON text', () => {
    const testCase = loadCase({
      id: 'assign/x',
      definition: {},
      input: {},
      mockConfig: null,
      expected: {
        status: 'SUCCEEDED',
        output: {},
        history: [
          {
            id: 1, previousEventId: 0, type: 'PassStateExited',
            stateExitedEventDetails: { name: 'A', output: '{}', outputDetails: { truncated: false }, assignedVariables: { obj: { k: 1 }, lst: '[1, 2]', s: '"x"' }, assignedVariablesDetails: { truncated: false } },
          },
        ],
      },
    }) as ExecutionCase;
    const details = { name: 'A', output: '{}', outputDetails: { truncated: false }, assignedVariables: { obj: '{"k":1}', lst: '[1,2]', s: '"x"' }, assignedVariablesDetails: { truncated: false } };
    const run = { status: 'SUCCEEDED', output: {}, events: [{ id: 1, previousEventId: 0, type: 'PassStateExited', stateExitedEventDetails: details }] };
    expect(compareRun(testCase, run)).toEqual({ ok: true });
    const wrong = { ...run, events: [{ ...run.events[0], stateExitedEventDetails: { ...details, assignedVariables: { obj: '{"k":2}', lst: '[1,2]', s: '"x"' } } }] };
    expect(compareRun(testCase, wrong)).toMatchObject({
      ok: false,
      firstMismatch: { where: 'history[0] (id 1, PassStateExited).stateExitedEventDetails.assignedVariables.obj.k' },
    });
  });
});
