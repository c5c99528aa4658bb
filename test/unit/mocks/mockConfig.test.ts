import { describe, expect, it } from 'vitest';
import { findMockResponse, parseMockConfig, parseMockExtras, resolveTestCase } from '../../../src-main/common/mocks/mockConfig';
import type { Json } from '../../../src-main/common/json';

/** The example of the Developer Guide's "Configuration file for mocked service integrations". */
const GUIDE_EXAMPLE: Json = {
  StateMachines: {
    LambdaSQSIntegration: {
      TestCases: {
        HappyPath: { LambdaState: 'MockedLambdaSuccess', SQSState: 'MockedSQSSuccess' },
        RetryPath: { LambdaState: 'MockedLambdaRetry', SQSState: 'MockedSQSSuccess' },
        HybridPath: { LambdaState: 'MockedLambdaSuccess' },
      },
    },
  },
  MockedResponses: {
    MockedLambdaSuccess: { '0': { Return: { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello from Lambda!' } } } },
    LambdaMockedResourceNotReady: {
      '0': { Throw: { Error: 'Lambda.ResourceNotReadyException', Cause: 'Lambda resource is not ready.' } },
    },
    MockedSQSSuccess: { '0': { Return: { MD5OfMessageBody: '3bcb6e8e', MessageId: '3bcb6e8e-8b51' } } },
    MockedLambdaRetry: {
      '0': { Throw: { Error: 'Lambda.ResourceNotReadyException', Cause: 'Lambda resource is not ready.' } },
      '1-2': { Throw: { Error: 'Lambda.TimeoutException', Cause: 'Lambda timed out.' } },
      '3': { Return: { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello from Lambda!' } } },
    },
  },
};

function diagnosticsOf(json: Json) {
  const result = parseMockConfig(json);
  if (result.ok) throw new Error('expected diagnostics');
  return result.diagnostics;
}

describe('parseMockConfig', () => {
  it('accepts the Developer Guide example and exposes its test cases and responses', () => {
    const result = parseMockConfig(GUIDE_EXAMPLE);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const cases = result.config.stateMachines.get('LambdaSQSIntegration');
    expect([...(cases?.keys() ?? [])]).toEqual(['HappyPath', 'RetryPath', 'HybridPath']);
    const retry = result.config.responses.get('MockedLambdaRetry');
    expect(retry?.count).toBe(4);
    expect(retry?.entries.map((e) => [e.key, e.from, e.to])).toEqual([
      ['0', 0, 0],
      ['1-2', 1, 2],
      ['3', 3, 3],
    ]);
  });

  it('reports a root that is not an object', () => {
    expect(diagnosticsOf([1, 2])).toEqual([{ pointer: '', message: expect.stringContaining('must be a JSON object') }]);
  });

  it('reports unknown and missing top-level fields', () => {
    const d = diagnosticsOf({ StateMachine: {}, MockedResponses: {} });
    expect(d).toContainEqual({ pointer: '/StateMachine', message: expect.stringContaining('Unknown field "StateMachine"') });
    expect(d).toContainEqual({ pointer: '', message: 'Missing field "StateMachines"' });
  });

  it('reports every problem at once, each with a JSON pointer', () => {
    const d = diagnosticsOf({
      StateMachines: {
        M: { TestCases: { T: { A: 'Missing', B: 7, 'C/D': 'Ok' } }, Extra: true },
      },
      MockedResponses: {
        Ok: { '0': { Return: 1 } },
        Both: { '0': { Return: 1, Throw: { Error: 'E' } } },
        Neither: { '0': {} },
        BadKey: { x: { Return: 1 }, '2-1': { Return: 1 }, '01': { Return: 1 } },
        Overlap: { '0-2': { Return: 1 }, '2': { Return: 2 } },
        Gap: { '0': { Return: 1 }, '3': { Return: 2 } },
        LateStart: { '1': { Return: 1 } },
        Empty: {},
        BadThrow: { '0': { Throw: { Error: 5, Cause: 'c', Extra: 1 } } },
      },
    });
    const byPointer = (p: string) => d.filter((x) => x.pointer === p).map((x) => x.message);
    expect(byPointer('/StateMachines/M/Extra')[0]).toMatch(/Unknown field "Extra"; expected "TestCases"/);
    expect(byPointer('/StateMachines/M/TestCases/T/A')[0]).toBe('Mocked response "Missing" (used by state "A") is not defined in "MockedResponses"');
    expect(byPointer('/StateMachines/M/TestCases/T/B')[0]).toMatch(/must be a response name \(a string\), not a number/);
    expect(byPointer('/StateMachines/M/TestCases/T/C~1D')).toEqual([]);
    expect(byPointer('/MockedResponses/Both/0')[0]).toBe('A mocked invocation must have either "Return" or "Throw", not both');
    expect(byPointer('/MockedResponses/Neither/0')[0]).toBe('A mocked invocation must have a "Return" or a "Throw" field');
    expect(byPointer('/MockedResponses/BadKey/x')[0]).toMatch(/Invalid invocation key "x"/);
    expect(byPointer('/MockedResponses/BadKey/2-1')[0]).toBe('Invalid invocation range "2-1": the end (1) is before the start (2)');
    expect(byPointer('/MockedResponses/BadKey/01')[0]).toMatch(/Invalid invocation key "01"/);
    expect(byPointer('/MockedResponses/Overlap/2')[0]).toBe('Invocation 2 is covered by both "0-2" and "2"; ranges must not overlap');
    expect(byPointer('/MockedResponses/Gap/3')[0]).toBe('Invocations must be numbered consecutively from 0: nothing answers invocation 1-2');
    expect(byPointer('/MockedResponses/LateStart/1')[0]).toBe('Invocations must be numbered consecutively from 0: nothing answers invocation 0');
    expect(byPointer('/MockedResponses/Empty')[0]).toMatch(/has no invocations/);
    expect(byPointer('/MockedResponses/BadThrow/0/Throw/Error')[0]).toBe('"Error" must be a string, not a number');
    expect(byPointer('/MockedResponses/BadThrow/0/Throw/Extra')[0]).toMatch(/Unknown field "Extra"/);
  });

  it('accepts a Throw without Error or Cause, as AWS recordings sometimes have', () => {
    const result = parseMockConfig({ StateMachines: {}, MockedResponses: { R: { '0': { Throw: {} } } } });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.config.responses.get('R')?.entries[0].answer).toEqual({ kind: 'throw' });
  });

  it('does not report a missing response twice when the response exists but is invalid', () => {
    const d = diagnosticsOf({ StateMachines: { M: { TestCases: { T: { A: 'R' } } } }, MockedResponses: { R: { '0': {} } } });
    expect(d.map((x) => x.pointer)).toEqual(['/MockedResponses/R/0']);
  });
});

describe('findMockResponse and resolveTestCase', () => {
  const parsed = parseMockConfig(GUIDE_EXAMPLE);
  if (!parsed.ok) throw new Error('guide example must parse');
  const config = parsed.config;

  it('answers each invocation index from the range that covers it', () => {
    const resolved = resolveTestCase(config, 'LambdaSQSIntegration', 'RetryPath');
    if (!resolved.ok) throw new Error(resolved.message);
    const keys = [0, 1, 2, 3].map((i) => {
      const r = findMockResponse(config, resolved.testCase, 'LambdaState', i);
      return r.kind === 'found' ? r.entry.key : r.kind;
    });
    expect(keys).toEqual(['0', '1-2', '1-2', '3']);
  });

  it('gives no answer past the last invocation instead of repeating it', () => {
    const resolved = resolveTestCase(config, 'LambdaSQSIntegration', 'RetryPath');
    if (!resolved.ok) throw new Error(resolved.message);
    expect(findMockResponse(config, resolved.testCase, 'LambdaState', 4)).toEqual({ kind: 'exhausted', responseName: 'MockedLambdaRetry', count: 4 });
  });

  it('says when a state is not mocked by the test case', () => {
    const resolved = resolveTestCase(config, 'LambdaSQSIntegration', 'HybridPath');
    if (!resolved.ok) throw new Error(resolved.message);
    expect(findMockResponse(config, resolved.testCase, 'SQSState', 0)).toEqual({ kind: 'not-mocked' });
  });

  it('names the existing state machines and test cases when one is missing', () => {
    expect(resolveTestCase(config, 'Nope', 'HappyPath')).toEqual({
      ok: false,
      message: 'The mock config has no state machine "Nope" (state machines: "LambdaSQSIntegration")',
    });
    expect(resolveTestCase(config, 'LambdaSQSIntegration', 'Sad')).toEqual({
      ok: false,
      message: 'State machine "LambdaSQSIntegration" has no test case "Sad" in the mock config (test cases: "HappyPath", "RetryPath", "HybridPath")',
    });
  });
});

describe('parseMockExtras', () => {
  it('accepts submitted and workerName per state and invocation', () => {
    const json = { A: { '0': { submitted: { MessageId: 'm' } }, '1-2': { workerName: 'w' } } };
    expect(parseMockExtras(json)).toEqual({ ok: true, value: json });
  });

  it('reports unknown fields, bad keys and a non-string workerName with pointers', () => {
    const result = parseMockExtras({ A: { '0': { other: 1 }, z: {}, '1': { workerName: 3 } } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => d.pointer).sort()).toEqual(['/A/0/other', '/A/1/workerName', '/A/z']);
  });
});
