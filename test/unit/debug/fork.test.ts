import { describe, expect, it } from 'vitest';
import { mocksFromExecution } from '../../../src-main/common/debug/mocksFromExecution';
import { forkExecution, rebuildAt, redriveExecution, ForkError } from '../../../src-main/common/debug/fork';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import { createMockInvoker, parseMockConfig } from '../../../src-main/common/mocks';
import type { TaskInvoker } from '../../../src-main/common/engine/ports';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import type { JsonObject } from '../../../src-main/common/json';

const LAMBDA = 'arn:aws:lambda:us-east-1:111111111111:function:check';

/** Check (a Lambda function ARN, retried) → Route (Choice on its result) → Approve | Reject; a Map of Task calls first. */
const definition: StateMachineDefinition = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Assign: { customer: 'c-1' }, Next: 'Each' },
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      ResultPath: '$.priced',
      ItemProcessor: { StartAt: 'Price', States: { Price: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', OutputPath: '$.Payload', End: true } } },
      Next: 'Check',
    },
    Check: {
      Type: 'Task',
      Resource: LAMBDA,
      ResultPath: '$.check',
      Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 2, MaxAttempts: 3 }],
      Next: 'Route',
    },
    Route: { Type: 'Choice', Choices: [{ Variable: '$.check.ok', BooleanEquals: true, Next: 'Approve' }], Default: 'Reject' },
    Approve: { Type: 'Pass', Parameters: { 'who.$': '$customer', result: 'approved' }, End: true },
    Reject: { Type: 'Fail', Error: 'Rejected', Cause: 'check said no' },
  },
};

const mockFile = {
  StateMachines: { Orders: { TestCases: { Happy: { Price: 'PriceResponse', Check: 'CheckResponse' } } } },
  MockedResponses: {
    PriceResponse: {
      '0': { Return: { StatusCode: 200, Payload: { price: 1 } } },
      '1': { Return: { StatusCode: 200, Payload: { price: 2 } } },
    },
    CheckResponse: {
      '0': { Throw: { Error: 'Flaky', Cause: 'try again' } },
      '1': { Return: { StatusCode: 200, Payload: { ok: false } } },
    },
  },
};

function invokerFrom(config: unknown, stateMachine: string, testCase: string): TaskInvoker {
  const parsed = parseMockConfig(config as JsonObject);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
  return createMockInvoker(parsed.config, { stateMachine, testCase });
}

const input = { items: [{ id: 'a' }, { id: 'b' }] };

function path(events: HistoryEvent[]): string[] {
  return events.map((e) => {
    const d = Object.entries(e).find(([k]) => k.endsWith('EventDetails'))?.[1] as { name?: string } | undefined;
    return d?.name !== undefined ? `${e.type} ${d.name}` : e.type;
  });
}

function runOriginal() {
  return runExecution({ definition, input, invoker: invokerFrom(mockFile, 'Orders', 'Happy'), seed: 3, stateMachineName: 'Orders', executionName: 'original' });
}

describe('mocks from an execution', () => {
  it('reproduces the same path and outputs when the execution is run again on them', async () => {
    const original = await runOriginal();
    expect(original.status).toBe('FAILED');
    const derived = mocksFromExecution(original.events, { stateMachineName: 'Orders', testCaseName: 'FromExecution' });
    expect(derived.invocations).toEqual({ Price: 2, Check: 2 });
    expect((derived.config.MockedResponses as JsonObject).Check).toEqual({
      '0': { Throw: { Error: 'Flaky', Cause: 'try again' } },
      '1': { Return: { StatusCode: 200, Payload: { ok: false } } },
    });
    const replay = await runExecution({
      definition,
      input,
      invoker: invokerFrom(derived.config, 'Orders', 'FromExecution'),
      seed: 3,
      stateMachineName: 'Orders',
      executionName: 'original',
    });
    expect(replay.events).toEqual(original.events);
  });

  it('gives the same history for the same seed and mocks (determinism)', async () => {
    const a = await runOriginal();
    const b = await runOriginal();
    expect(b.events).toEqual(a.events);
    expect(b.status).toBe(a.status);
  });
});

describe('fork from an event and redrive', () => {
  it('rebuilds the next state, its input, the variables and the retries at an event', async () => {
    const original = await runOriginal();
    const failed = original.events.find((e) => e.type === 'LambdaFunctionFailed')!;
    const rebuilt = rebuildAt(definition, original.events, failed.id);
    expect(rebuilt.startAt.state).toBe('Check');
    expect(rebuilt.startAt.variables).toEqual({ customer: 'c-1' });
    expect(rebuilt.startAt.retryAttempts).toEqual([1]);
    expect(rebuilt.startAt.input).toEqual({ items: input.items, priced: [{ price: 1 }, { price: 2 }] });
    expect(rebuilt.invocationsBefore).toEqual({ Price: 2, Check: 1 });
    // Inside a Map iteration: the enclosing top-level Map runs again.
    const inner = original.events.find((e) => e.type === 'TaskScheduled')!;
    expect(rebuildAt(definition, original.events, inner.id)).toMatchObject({ enclosing: true, startAt: { state: 'Each' } });
    expect(() => rebuildAt(definition, original.events, 9999)).toThrow(ForkError);
  });

  it('takes the other path when forked at an event with a changed mock, linked to the original', async () => {
    const original = await runOriginal();
    expect(original.error).toBe('Rejected');
    const derived = mocksFromExecution(original.events, { stateMachineName: 'Orders', testCaseName: 'FromExecution' });
    // Change the mock of Check's second invocation: the check now passes.
    const responses = derived.config.MockedResponses as Record<string, Record<string, unknown>>;
    responses.Check['1'] = { Return: { StatusCode: 200, Payload: { ok: true } } };
    const checkEntered = original.events.find((e) => e.type === 'TaskStateEntered' && (e.stateEnteredEventDetails as { name: string }).name === 'Check')!;
    const exited = original.events.find((e) => e.type === 'MapStateExited')!;
    expect(checkEntered.previousEventId).toBe(exited.id);
    const fork = await forkExecution({
      definition,
      events: original.events,
      eventId: exited.id,
      invoker: invokerFrom(derived.config, 'Orders', 'FromExecution'),
      executionArn: original.executionArn,
      runOptions: { seed: 3, stateMachineName: 'Orders', executionName: 'fork' },
    });
    expect(fork.result.status).toBe('SUCCEEDED');
    expect(fork.result.output).toEqual({ who: 'c-1', result: 'approved' });
    expect(path(fork.result.events).filter((p) => p.endsWith('Entered') || p.includes('StateEntered'))).toEqual([
      'TaskStateEntered Check',
      'ChoiceStateEntered Route',
      'PassStateEntered Approve',
    ]);
    expect(fork.link).toEqual({ kind: 'fork', executionArn: original.executionArn, eventId: exited.id, stateName: 'Check', inputChanged: false });
  });

  it('uses the input changed at the fork', async () => {
    const original = await runOriginal();
    const route = original.events.find((e) => e.type === 'ChoiceStateEntered')!;
    const fork = await forkExecution({
      definition,
      events: original.events,
      eventId: route.id,
      input: { check: { ok: true } },
      invoker: invokerFrom(mockFile, 'Orders', 'Happy'),
    });
    expect(fork.result.output).toEqual({ who: 'c-1', result: 'approved' });
    expect(fork.link.inputChanged).toBe(true);
  });

  it('redrives a failed execution from its failed state, keeping its history', async () => {
    const failing: StateMachineDefinition = {
      StartAt: 'First',
      States: {
        First: { Type: 'Pass', Result: { step: 1 }, Next: 'Call' },
        Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'redrives.$': '$$.Execution.RedriveCount' }, End: true },
      },
    };
    const answers: TaskInvoker = {
      invoke: (req) =>
        req.invocationIndex === 0
          ? { kind: 'failure', failure: { error: 'Down', cause: 'service down' } }
          : { kind: 'success', output: { fixed: true, params: req.parameters } },
    };
    const original = await runExecution({ definition: failing, input: { a: 1 }, invoker: answers });
    expect(original.status).toBe('FAILED');
    const redriven = await redriveExecution({ definition: failing, events: original.events, invoker: answers });
    expect(redriven.result.status).toBe('SUCCEEDED');
    expect(redriven.result.output).toEqual({ fixed: true, params: { redrives: 1 } });
    const events = redriven.result.events;
    expect(events.slice(0, original.events.length)).toEqual(original.events);
    const more = events.slice(original.events.length);
    expect(more[0]).toMatchObject({ id: original.events.length + 1, previousEventId: original.events.length, type: 'ExecutionRedriven', executionRedrivenEventDetails: { redriveCount: 1 } });
    expect(more[1]).toMatchObject({ type: 'TaskStateEntered', previousEventId: more[0].id, stateEnteredEventDetails: { name: 'Call', input: '{"step":1}' } });
    expect(more.at(-1)!.type).toBe('ExecutionSucceeded');
    expect(redriven.link).toMatchObject({ kind: 'redrive', stateName: 'Call' });
    await expect(redriveExecution({ definition: failing, events: redriven.result.events, invoker: answers })).rejects.toThrow(ForkError);
  });
});
