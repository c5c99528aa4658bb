import { describe, expect, it } from 'vitest';
import { runExecution, DEFAULT_START_TIME, errorMatches, retryDelayMs, parseAwsTimestamp } from '../../../src-main/common/engine/interpreter';
import type { TaskInvoker, TaskOutcome, TaskRequest } from '../../../src-main/common/engine/ports';
import { createSeededRandom } from '../../../src-main/common/engine/ports';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import type { Json } from '../../../src-main/common/json';
import { LOCAL_PAYLOAD_CEILING_BYTES, PAYLOAD_CEILING_ERROR } from '../../../src-main/common/engine/run';

/** An invoker answering from a per-state list of outcomes (the last one repeats). */
function scripted(byState: Record<string, TaskOutcome[]>, log: TaskRequest[] = []): TaskInvoker {
  return {
    invoke(req) {
      log.push(req);
      const list = byState[req.stateName];
      if (!list) return { kind: 'failure', failure: { error: 'NoScript', cause: req.stateName } };
      return list[Math.min(req.invocationIndex, list.length - 1)];
    },
  };
}

const none: TaskInvoker = scripted({});

function shape(events: HistoryEvent[]): string[] {
  return events.map((e) => `${e.id}<${e.previousEventId} ${e.type}`);
}

function seconds(events: HistoryEvent[], id: number): number {
  const e = events.find((x) => x.id === id)!;
  return (Date.parse(e.timestamp) - DEFAULT_START_TIME) / 1000;
}

describe('runExecution: Pass and data flow', () => {
  it('records the whole history of a Pass chain with ResultPath merging into the input', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Result: { x: 1 }, ResultPath: '$.a', Next: 'B' },
        B: { Type: 'Pass', Parameters: { 'sum.$': 'States.MathAdd($.a.x, 2)' }, ResultPath: '$.b', OutputPath: '$.b', End: true },
      },
    };
    const r = await runExecution({ definition, input: { keep: true }, invoker: none });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ sum: 3 });
    expect(shape(r.events)).toEqual([
      '1<0 ExecutionStarted',
      '2<0 PassStateEntered',
      '3<2 PassStateExited',
      '4<3 PassStateEntered',
      '5<4 PassStateExited',
      '6<5 ExecutionSucceeded',
    ]);
    expect(r.events[2].stateExitedEventDetails).toEqual({
      name: 'A',
      output: '{"keep":true,"a":{"x":1}}',
      outputDetails: { truncated: false },
    });
  });

  it('fails with States.Runtime and AWS wording when InputPath finds nothing', async () => {
    const definition: StateMachineDefinition = { StartAt: 'P', States: { P: { Type: 'Pass', InputPath: '$.missing', End: true } } };
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toBe(
      "An error occurred while executing the state 'P' (entered at the event id #2). Invalid path '$.missing' : No results for path: $['missing']",
    );
    expect(shape(r.events)).toEqual(['1<0 ExecutionStarted', '2<0 PassStateEntered', '3<2 ExecutionFailed']);
  });
});

describe('runExecution: virtual clock and Wait', () => {
  it('finishes a one-hour Wait at once with timestamps as if it had waited', async () => {
    const definition: StateMachineDefinition = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } };
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(r.status).toBe('SUCCEEDED');
    expect(seconds(r.events, 2)).toBe(0);
    expect(seconds(r.events, 3)).toBe(3600);
    expect(r.stopDate - r.startDate).toBe(3_600_000);
  });

  it('orders events across Parallel branches by virtual time', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'Slow', States: { Slow: { Type: 'Wait', Seconds: 10, Next: 'SlowDone' }, SlowDone: { Type: 'Pass', End: true } } },
            { StartAt: 'Fast', States: { Fast: { Type: 'Wait', Seconds: 2, Next: 'FastDone' }, FastDone: { Type: 'Pass', End: true } } },
          ],
        },
      },
    };
    const r = await runExecution({ definition, input: {}, invoker: none });
    const names = r.events
      .filter((e) => e.type === 'PassStateEntered')
      .map((e) => (e.stateEnteredEventDetails as { name: string }).name);
    expect(names).toEqual(['FastDone', 'SlowDone']);
    const stamps = r.events.map((e) => Date.parse(e.timestamp));
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
  });

  it('times the execution out after TimeoutSeconds', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'W',
      TimeoutSeconds: 5,
      States: { W: { Type: 'Wait', Seconds: 60, End: true } },
    };
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(r.status).toBe('TIMED_OUT');
    expect(r.events.at(-1)?.type).toBe('ExecutionTimedOut');
    expect(seconds(r.events, r.events.at(-1)!.id)).toBe(5);
  });

  it('rejects TimestampPath values that are not ISO-8601 with an offset', async () => {
    const definition: StateMachineDefinition = { StartAt: 'W', States: { W: { Type: 'Wait', TimestampPath: '$.t', End: true } } };
    const r = await runExecution({ definition, input: { t: '2016-12-05T21:29:29' }, invoker: none });
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toContain('The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.t == 2016-12-05T21:29:29');
  });
});

describe('runExecution: Task, Retry and Catch', () => {
  const lambda = 'arn:aws:lambda:us-east-1:111111111111:function:f';

  it('retries with BackoffRate 2, capped by MaxDelaySeconds, then catches into ResultPath', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: lambda,
          Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, MaxDelaySeconds: 3 }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.err', Next: 'Handled' }],
          End: true,
        },
        Handled: { Type: 'Pass', End: true },
      },
    };
    const log: TaskRequest[] = [];
    const r = await runExecution({
      definition,
      input: { a: 1 },
      invoker: scripted({ T: [{ kind: 'failure', failure: { error: 'Boom', cause: 'bad' } }] }, log),
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ a: 1, err: { Error: 'Boom', Cause: 'bad' } });
    expect(log.map((x) => x.invocationIndex)).toEqual([0, 1, 2, 3]);
    const scheduled = r.events.filter((e) => e.type === 'LambdaFunctionScheduled').map((e) => seconds(r.events, e.id));
    // delays 1, 2, then 4 capped at 3
    expect(scheduled).toEqual([0, 1, 3, 6]);
    expect(shape(r.events).slice(-4)).toEqual(['15<14 TaskStateExited', '16<15 PassStateEntered', '17<16 PassStateExited', '18<17 ExecutionSucceeded']);
  });

  it('uses the Payload of a Lambda Invoke response as the result of a function-ARN Task', async () => {
    const definition: StateMachineDefinition = { StartAt: 'T', States: { T: { Type: 'Task', Resource: lambda, End: true } } };
    const r = await runExecution({
      definition,
      input: {},
      invoker: scripted({ T: [{ kind: 'success', output: { StatusCode: 200, Payload: { ok: true } } }] }),
    });
    expect(r.output).toEqual({ ok: true });
    expect(shape(r.events)).toEqual([
      '1<0 ExecutionStarted',
      '2<0 TaskStateEntered',
      '3<2 LambdaFunctionScheduled',
      '4<3 LambdaFunctionStarted',
      '5<4 LambdaFunctionSucceeded',
      '6<5 TaskStateExited',
      '7<6 ExecutionSucceeded',
    ]);
  });

  it('records Task* events with resourceType and resource for optimized integrations', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { 'MessageBody.$': '$$.Task.Token' },
          TimeoutSeconds: 60,
          End: true,
        },
      },
    };
    const log: TaskRequest[] = [];
    const r = await runExecution({
      definition,
      input: {},
      invoker: scripted({ T: [{ kind: 'success', output: { done: 1 }, submitted: { MessageId: 'm' } }] }, log),
    });
    expect(r.events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    const scheduled = r.events[2].taskScheduledEventDetails as Record<string, Json>;
    expect(scheduled.resource).toBe('sendMessage.waitForTaskToken');
    expect(scheduled.resourceType).toBe('sqs');
    expect(scheduled.timeoutInSeconds).toBe(60);
    expect(JSON.parse(scheduled.parameters as string)).toEqual({ MessageBody: log[0].taskToken });
  });

  it('never catches States.Runtime, even when named in Catch', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: lambda,
          OutputPath: '$.no.such',
          Catch: [{ ErrorEquals: ['States.Runtime'], Next: 'C' }],
          End: true,
        },
        C: { Type: 'Pass', End: true },
      },
    };
    const r = await runExecution({ definition, input: {}, invoker: scripted({ T: [{ kind: 'success', output: { Payload: {} } }] }) });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Runtime');
  });

  it('turns an invoker that throws into a task failure named after the exception', async () => {
    const definition: StateMachineDefinition = { StartAt: 'T', States: { T: { Type: 'Task', Resource: lambda, End: true } } };
    const throwing: TaskInvoker = {
      invoke() {
        throw new TypeError('handler blew up');
      },
    };
    const r = await runExecution({ definition, input: {}, invoker: throwing });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('TypeError');
    expect(r.cause).toBe('handler blew up');
    expect(r.events.at(-2)?.type).toBe('LambdaFunctionFailed');
    const rejecting: TaskInvoker = { invoke: () => Promise.reject(new Error('async boom')) };
    const r2 = await runExecution({ definition, input: {}, invoker: rejecting });
    expect([r2.status, r2.error, r2.cause]).toEqual(['FAILED', 'Error', 'async boom']);
  });

  it('caps retry back-off at 99999999 seconds so the virtual clock stays a valid date', async () => {
    const retrier = { ErrorEquals: ['States.ALL'], IntervalSeconds: 1, BackoffRate: 1e308, MaxAttempts: 3 };
    expect([0, 1, 2].map((attempt) => retryDelayMs(retrier, attempt, createSeededRandom(0)))).toEqual([1000, 99_999_999_000, 99_999_999_000]);
    // A back-off that long passes a Standard execution's one-year maximum: it times out a year
    // after it started (Developer Guide, "Quotas"; issue #18 item 2).
    const definition: StateMachineDefinition = { StartAt: 'T', States: { T: { Type: 'Task', Resource: lambda, Retry: [retrier], End: true } } };
    const r = await runExecution({ definition, input: {}, invoker: scripted({ T: [{ kind: 'failure', failure: { error: 'X' } }] }) });
    expect(r.status).toBe('TIMED_OUT');
    const scheduled = r.events.filter((e) => e.type === 'LambdaFunctionScheduled').map((e) => seconds(r.events, e.id));
    expect(scheduled).toEqual([0, 1]);
    expect(r.events.at(-1)?.type).toBe('ExecutionTimedOut');
    expect(seconds(r.events, r.events.at(-1)!.id)).toBe(365 * 24 * 3600);
  });

  it('stops a Standard Wait loop one year after its start with States.Timeout, timestamps valid ISO dates (issue #18 item 2)', async () => {
    const definition: StateMachineDefinition = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 86_400 * 30, Next: 'W' } } };
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect([r.status, r.error]).toEqual(['TIMED_OUT', 'States.Timeout']);
    expect(seconds(r.events, r.events.at(-1)!.id)).toBe(365 * 24 * 3600);
    for (const e of r.events) expect(e.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('stops an Express run that never waits after Stepscope\'s event bound, with Stepscope\'s own error, children included (issue #18 item 2)', async () => {
    const spin: StateMachineDefinition = {
      StartAt: 'Spin',
      States: { Spin: { Type: 'Choice', Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'Done' }], Default: 'Spin' }, Done: { Type: 'Succeed' } },
    };
    const r = await runExecution({ definition: spin, input: {}, invoker: none, type: 'EXPRESS', quotas: { historyEvents: 2_000 } });
    expect([r.status, r.error]).toEqual(['FAILED', 'Stepscope.EventLimitExceeded']);
    expect(r.events.map((e) => e.id)).toEqual(Array.from({ length: 2_000 }, (_, i) => i + 1));
    expect(r.cause).toMatch(/^Stepscope stopped this Express execution after 2000 events/);
    // Without a quota given, the bound is EXPRESS_LOCAL_EVENT_LIMIT.
    const unbounded = await runExecution({ definition: spin, input: {}, invoker: none, type: 'EXPRESS' });
    expect([unbounded.status, unbounded.events.length]).toEqual(['FAILED', 100_000]);
  });

  it('matches error names as AWS does', () => {
    expect(errorMatches(['States.ALL'], 'Anything')).toBe(true);
    expect(errorMatches(['States.ALL'], 'States.Runtime')).toBe(false);
    expect(errorMatches(['States.TaskFailed'], 'Lambda.Unknown')).toBe(true);
    expect(errorMatches(['States.TaskFailed'], 'States.Timeout')).toBe(false);
    expect(errorMatches(['A', 'B'], 'B')).toBe(true);
  });

  it('computes retry delays with full jitter from the seeded random source', () => {
    const r1 = createSeededRandom(7);
    const r2 = createSeededRandom(7);
    const retrier = { ErrorEquals: ['X'], IntervalSeconds: 4, JitterStrategy: 'FULL' as const };
    const a = retryDelayMs(retrier, 1, r1);
    expect(a).toBe(retryDelayMs(retrier, 1, r2));
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThanOrEqual(8000);
  });
});

describe('runExecution: Map and Parallel', () => {
  it('runs a Map with MaxConcurrency 1 and records iteration events as AWS links them', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          MaxConcurrency: 1,
          ItemSelector: { 'v.$': '$$.Map.Item.Value', 'i.$': '$$.Map.Item.Index' },
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    };
    const r = await runExecution({ definition, input: ['a', 'b'], invoker: none });
    expect(r.output).toEqual([
      { v: 'a', i: 0 },
      { v: 'b', i: 1 },
    ]);
    expect(shape(r.events)).toEqual([
      '1<0 ExecutionStarted',
      '2<0 MapStateEntered',
      '3<2 MapStateStarted',
      '4<3 MapIterationStarted',
      '5<4 PassStateEntered',
      '6<5 PassStateExited',
      '7<6 MapIterationSucceeded',
      '8<6 MapIterationStarted',
      '9<8 PassStateEntered',
      '10<9 PassStateExited',
      '11<10 MapIterationSucceeded',
      '12<11 MapStateSucceeded',
      '13<11 MapStateExited',
      '14<13 ExecutionSucceeded',
    ]);
  });

  it('fails a Parallel with the branch error and aborts the sibling that is waiting', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 100, End: true } } },
            { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Oops', Cause: 'why' } } },
          ],
        },
      },
    };
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('Oops');
    expect(r.cause).toBe('why');
    const types = r.events.map((e) => e.type);
    expect(types).toContain('WaitStateAborted');
    expect(types.slice(-2)).toEqual(['ParallelStateFailed', 'ExecutionFailed']);
    // The aborted Wait never waited its 100 seconds.
    expect(r.stopDate - r.startDate).toBe(0);
  });
});

describe('runExecution: quotas and determinism', () => {
  it('fails with States.DataLimitExceeded when a state output passes 256 KiB', async () => {
    const definition: StateMachineDefinition = { StartAt: 'P', States: { P: { Type: 'Pass', Result: 'x'.repeat(300_000), End: true } } };
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.DataLimitExceeded');
    const off = await runExecution({ definition, input: {}, invoker: none, quotas: { payloadBytes: false } });
    expect(off.status).toBe('SUCCEEDED');
  });

  it("with AWS's payload quota off, a payload that doubles each pass stops at Stepscope's ceiling, not out of memory", async () => {
    // Fuzz run 59286 (seed 20261208): a Catch fed the error's Cause, which quotes the input, back
    // into the state; escaping doubled the payload each pass until the worker ran out of heap.
    const definition: StateMachineDefinition = {
      StartAt: 'Grow',
      States: {
        Grow: { Type: 'Pass', Parameters: { 'a.$': '$', 'b.$': '$' }, Next: 'Grow' },
      },
    };
    const r = await runExecution({ definition, input: { s: 'x'.repeat(1000) }, invoker: none, quotas: { payloadBytes: false, historyEvents: false } });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe(PAYLOAD_CEILING_ERROR);
    expect(r.cause).toContain(`more than ${LOCAL_PAYLOAD_CEILING_BYTES} bytes`);
    // 1 KB doubling: the ceiling (16 MiB) is passed on the 15th pass, long before the heap fills.
    expect(r.events.length).toBeLessThan(60);
  });

  it('fails when the history passes the event quota', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Loop',
      States: { Loop: { Type: 'Pass', Next: 'Loop' } },
    };
    const r = await runExecution({ definition, input: {}, invoker: none, quotas: { historyEvents: 100 } });
    expect(r.status).toBe('FAILED');
    // Developer Guide, "Avoid reaching the history quota": never more entries than the quota.
    expect(r.events.length).toBe(100);
    expect(r.events.at(-1)?.type).toBe('ExecutionFailed');
  });

  it('ends a history stopped by the event quota with ExecutionFailed at the next id: no gap, alone or in a concurrent Map (issue #18 item 4)', async () => {
    const loop: StateMachineDefinition = { StartAt: 'Loop', States: { Loop: { Type: 'Pass', Next: 'Loop' } } };
    const map: StateMachineDefinition = {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Map',
          ItemsPath: '$.items',
          MaxConcurrency: 40,
          ItemProcessor: { StartAt: 'Spin', States: { Spin: { Type: 'Pass', Next: 'Spin' } } },
          End: true,
        },
      },
    };
    for (const [definition, input] of [
      [loop, {}],
      [map, { items: Array.from({ length: 40 }, (_, i) => i) }],
    ] as const) {
      const r = await runExecution({ definition, input, invoker: none, quotas: { historyEvents: 1000 } });
      expect(r.status).toBe('FAILED');
      expect(r.events.map((e) => e.id)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
      expect(r.events.at(-1)?.type).toBe('ExecutionFailed');
      expect(r.events.at(-1)?.previousEventId).toBe(999);
    }
  });

  it('ends a history stopped by the quota in the middle of a retried Task with ExecutionFailed after the last event, not at previousEventId 0 (fuzz: previous-zero)', async () => {
    const definition: StateMachineDefinition = {
      QueryLanguage: 'JSONata',
      StartAt: 'S0',
      States: { S0: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { a: '{% $states.input.big * 1e308 %}' }, Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 10 }], End: true } },
    } as StateMachineDefinition;
    const r = await runExecution({ definition, input: { big: 10 }, invoker: none, quotas: { historyEvents: 10 } });
    expect(r.status).toBe('FAILED');
    expect(r.events.map((e) => e.id)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(r.events.at(-1)).toMatchObject({ type: 'ExecutionFailed', previousEventId: 9 });
  });

  it('gives the same history for the same definition, input and seed', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'R',
      States: {
        R: { Type: 'Pass', Parameters: { 'r.$': 'States.MathRandom(1, 1000)', 'u.$': 'States.UUID()' }, End: true },
      },
    };
    const a = await runExecution({ definition, input: {}, invoker: none, seed: 42 });
    const b = await runExecution({ definition, input: {}, invoker: none, seed: 42 });
    const c = await runExecution({ definition, input: {}, invoker: none, seed: 43 });
    expect(a.events).toEqual(b.events);
    expect(a.output).not.toEqual(c.output);
  });

  it('parses AWS timestamps strictly', () => {
    expect(parseAwsTimestamp('2016-03-14T01:59:00Z')).toBe(Date.UTC(2016, 2, 14, 1, 59));
    expect(parseAwsTimestamp('2016-12-05T25:29:29Z')).toBeUndefined();
    expect(parseAwsTimestamp('2016-02-30T00:00:00Z')).toBeUndefined();
    expect(parseAwsTimestamp('2016-12-05T21:29:29')).toBeUndefined();
  });
});

describe('runExecution: children handed over as they end (onChildFinished)', () => {
  it('hands every child over with its depth, keeps none, and leaves the histories unchanged', async () => {
    const definition = {
      StartAt: 'Outer',
      States: {
        Outer: {
          Type: 'Map',
          ItemsPath: '$.groups',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Inner',
            States: { Inner: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'E', States: { E: { Type: 'Pass', End: true } } }, End: true } },
          },
          End: true,
        },
      },
    } as unknown as StateMachineDefinition;
    const input = { groups: [{ items: [1, 2] }, { items: [3] }] };
    const kept = await runExecution({ definition, input, invoker: none, seed: 3 });
    const handed: { arn: string; depth: number; parent: string; events: number; children: number }[] = [];
    const streamed = await runExecution({
      definition,
      input,
      invoker: none,
      seed: 3,
      onChildFinished: (child, depth) => handed.push({ arn: child.executionArn, depth, parent: child.parentExecutionArn, events: child.events.length, children: child.children?.length ?? 0 }),
    });
    expect(streamed.events).toEqual(kept.events);
    expect(streamed.children).toBeUndefined();
    // The kept tree, flattened children-first (the order they ended in): the same executions.
    const flat: { arn: string; depth: number; events: number }[] = [];
    const walk = (list: typeof kept.children, depth: number): void => {
      for (const c of list ?? []) {
        walk(c.children, depth + 1);
        flat.push({ arn: c.executionArn, depth, events: c.events.length });
      }
    };
    walk(kept.children, 1);
    expect(handed.map((h) => ({ arn: h.arn, depth: h.depth, events: h.events })).sort((a, b) => a.arn.localeCompare(b.arn))).toEqual(flat.sort((a, b) => a.arn.localeCompare(b.arn)));
    expect(handed.filter((h) => h.depth === 1)).toHaveLength(2);
    expect(handed.filter((h) => h.depth === 2)).toHaveLength(3);
    expect(handed.every((h) => h.children === 0)).toBe(true);
    // A grandchild ends before the child that started it.
    for (const h of handed.filter((x) => x.depth === 2)) {
      expect(handed.findIndex((x) => x.arn === h.parent)).toBeGreaterThan(handed.indexOf(h));
    }
  });
});
