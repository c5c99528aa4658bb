import { describe, expect, it } from 'vitest';
import { parseMockConfig, type MockConfig } from '../../../src-main/common/mocks/mockConfig';
import { createMockInvoker, MOCK_NOT_FOUND_ERROR } from '../../../src-main/common/mocks/mockInvoker';
import type { TaskInvoker, TaskRequest } from '../../../src-main/common/engine/ports';
import type { Json } from '../../../src-main/common/json';

function config(json: Json): MockConfig {
  const result = parseMockConfig(json);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.config;
}

function request(stateName: string, invocationIndex: number, resource = 'arn:aws:states:::lambda:invoke'): TaskRequest {
  return { stateName, resource, parameters: {}, invocationIndex, attempt: invocationIndex, context: {} };
}

const CONFIG = config({
  StateMachines: { Case: { TestCases: { Recorded: { Call: 'CallResponse', Wait: 'WaitResponse', Beat: 'BeatResponse', Bare: 'BareResponse' } } } },
  MockedResponses: {
    CallResponse: {
      '0-1': { Throw: { Error: 'Lambda.ServiceException', Cause: 'boom' } },
      '2': { Return: { StatusCode: 200, Payload: { ok: true } } },
    },
    WaitResponse: { '0': { Throw: { Error: 'States.Timeout' } } },
    BeatResponse: { '0': { Throw: { Error: 'States.HeartbeatTimeout', Cause: 'no heartbeat' } } },
    BareResponse: { '0': { Throw: {} } },
  },
});

describe('createMockInvoker', () => {
  const invoker = createMockInvoker(CONFIG, { stateMachine: 'Case', testCase: 'Recorded' });

  it('answers by invocation index: Throw for 0-1, then Return', async () => {
    expect(await invoker.invoke(request('Call', 0))).toEqual({ kind: 'failure', failure: { error: 'Lambda.ServiceException', cause: 'boom' } });
    expect(await invoker.invoke(request('Call', 1))).toEqual({ kind: 'failure', failure: { error: 'Lambda.ServiceException', cause: 'boom' } });
    expect(await invoker.invoke(request('Call', 2))).toEqual({ kind: 'success', output: { StatusCode: 200, Payload: { ok: true } } });
  });

  it('turns States.Timeout and States.HeartbeatTimeout throws into timeouts', async () => {
    expect(await invoker.invoke(request('Wait', 0))).toEqual({ kind: 'timeout', failure: { error: 'States.Timeout' } });
    expect(await invoker.invoke(request('Beat', 0))).toEqual({ kind: 'timeout', failure: { error: 'States.HeartbeatTimeout', cause: 'no heartbeat' } });
  });

  it('keeps a Throw without Error or Cause as a failure with neither', async () => {
    expect(await invoker.invoke(request('Bare', 0))).toEqual({ kind: 'failure', failure: {} });
  });

  it('returns a copy, so that changing a result cannot change the next one', async () => {
    const first = await invoker.invoke(request('Call', 2));
    if (first.kind !== 'success') throw new Error('expected success');
    (first.output as { StatusCode: number }).StatusCode = 500;
    const second = await invoker.invoke(request('Call', 2));
    expect(second).toEqual({ kind: 'success', output: { StatusCode: 200, Payload: { ok: true } } });
  });

  it('fails with Stepscope.MockNotFound past the last configured invocation, naming state, invocation and test case', async () => {
    expect(await invoker.invoke(request('Call', 3))).toEqual({
      kind: 'failure',
      failure: {
        error: MOCK_NOT_FOUND_ERROR,
        cause:
          'No mocked response for state "Call", invocation 3, in test case "Recorded" of state machine "Case": mocked response "CallResponse" answers only invocations 0-2',
      },
    });
  });

  it('fails with Stepscope.MockNotFound for a state the test case does not mock', async () => {
    expect(await invoker.invoke(request('Other', 0))).toEqual({
      kind: 'failure',
      failure: {
        error: MOCK_NOT_FOUND_ERROR,
        cause: 'No mocked response for state "Other" in test case "Recorded" of state machine "Case": the test case does not mock this state',
      },
    });
  });

  it('passes states the test case does not mock to the fallback', async () => {
    const fallback: TaskInvoker = { invoke: (r) => ({ kind: 'success', output: r.stateName }) };
    const withFallback = createMockInvoker(CONFIG, { stateMachine: 'Case', testCase: 'Recorded', fallback });
    expect(await withFallback.invoke(request('Other', 0))).toEqual({ kind: 'success', output: 'Other' });
    // A mocked state past its last invocation still fails: the fallback is only for unmocked states.
    expect((await withFallback.invoke(request('Call', 9))).kind).toBe('failure');
  });

  it('fails every invocation with a clear cause when the test case does not exist', async () => {
    const missing = createMockInvoker(CONFIG, { stateMachine: 'Case', testCase: 'Nope' });
    expect(await missing.invoke(request('Call', 0))).toEqual({
      kind: 'failure',
      failure: { error: MOCK_NOT_FOUND_ERROR, cause: 'State machine "Case" has no test case "Nope" in the mock config (test cases: "Recorded")' },
    });
  });

  it('adds the recorded submitted output and worker name from mockExtras', async () => {
    const withExtras = createMockInvoker(CONFIG, {
      stateMachine: 'Case',
      testCase: 'Recorded',
      extras: { Call: { '2': { submitted: { MessageId: 'm-1' }, workerName: 'worker' } }, Wait: { '0': { submitted: { ExecutionArn: 'x' } } } },
    });
    expect(await withExtras.invoke(request('Call', 2))).toEqual({
      kind: 'success',
      output: { StatusCode: 200, Payload: { ok: true } },
      submitted: { MessageId: 'm-1' },
      workerName: 'worker',
    });
    expect(await withExtras.invoke(request('Wait', 0))).toEqual({
      kind: 'timeout',
      failure: { error: 'States.Timeout' },
      submitted: { ExecutionArn: 'x' },
    });
    expect(await withExtras.invoke(request('Call', 0))).toEqual({ kind: 'failure', failure: { error: 'Lambda.ServiceException', cause: 'boom' } });
  });
});
