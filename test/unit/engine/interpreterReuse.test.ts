/**
 * The interpreter reuses work across visits (compiled state plans, JSON texts, one Context object
 * per visit) and runs unbounded groups without worker coroutines. These tests pin down that the
 * reuse is invisible: the histories are those the engine recorded before it reused anything.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_START_TIME, runExecution } from '../../../src-main/common/engine/interpreter';
import type { TaskInvoker, TaskRequest } from '../../../src-main/common/engine/ports';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import type { HistoryEvent } from '../../../src-main/common/history/events';

const LAMBDA = 'arn:aws:lambda:us-east-1:111111111111:function:work';

/** Lines `id<previous Type +seconds`, seconds counted from the start of the virtual clock. */
function timeline(events: HistoryEvent[]): string[] {
  return events.map((e) => `${e.id}<${e.previousEventId} ${e.type} +${(Date.parse(e.timestamp) - DEFAULT_START_TIME) / 1000}`);
}

describe('interpreter reuse across visits', () => {
  it('rebuilds $$.State.RetryCount for each retry of a Task', async () => {
    const log: TaskRequest[] = [];
    const invoker: TaskInvoker = {
      invoke(req) {
        log.push(req);
        return req.attempt < 2
          ? { kind: 'failure', failure: { error: 'Flaky', cause: 'again' } }
          : { kind: 'success', output: { ok: true } };
      },
    };
    const definition: StateMachineDefinition = {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: LAMBDA,
          Parameters: { 'retry.$': '$$.State.RetryCount', 'entered.$': '$$.State.EnteredTime' },
          Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1, MaxAttempts: 3 }],
          End: true,
        },
      },
    };
    const r = await runExecution({ definition, input: {}, invoker });
    expect(r.status).toBe('SUCCEEDED');
    // One visit (one EnteredTime), three attempts.
    expect(log.map((req) => req.parameters)).toEqual([0, 1, 2].map((retry) => ({ retry, entered: '2024-01-01T00:00:00.000Z' })));
  });

  it('gives each visit of a state in a loop its own $$.State', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Stamp',
      States: {
        Stamp: {
          Type: 'Pass',
          Parameters: { 'n.$': 'States.MathAdd($.n, 1)', 'at.$': '$$.State.EnteredTime', 'name.$': '$$.State.Name' },
          Next: 'Again',
        },
        Again: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericLessThan: 3, Next: 'Sleep' }], Default: 'Done' },
        Sleep: { Type: 'Wait', Seconds: 1, Next: 'Stamp' },
        Done: { Type: 'Succeed' },
      },
    };
    const r = await runExecution({ definition, input: { n: 0 }, invoker: { invoke: () => ({ kind: 'success', output: null }) } });
    const stamps = r.events.filter((e) => e.type === 'PassStateExited').map((e) => JSON.parse((e.stateExitedEventDetails as { output: string }).output));
    expect(stamps).toEqual([
      { n: 1, at: '2024-01-01T00:00:00.000Z', name: 'Stamp' },
      { n: 2, at: '2024-01-01T00:00:01.000Z', name: 'Stamp' },
      { n: 3, at: '2024-01-01T00:00:02.000Z', name: 'Stamp' },
    ]);
  });

  it('records the same JSON text wherever one payload appears (entered, exited, execution events)', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Check',
      States: {
        Check: { Type: 'Choice', Choices: [{ Variable: '$.b', IsPresent: true, Next: 'Keep' }], Default: 'Keep' },
        Keep: { Type: 'Pass', End: true },
      },
    };
    const input = { b: [1, 'é', { c: null }], a: 1.5 };
    const r = await runExecution({ definition, input, invoker: { invoke: () => ({ kind: 'success', output: null }) } });
    const text = JSON.stringify(input);
    const texts = r.events.map((e) => {
      const d = Object.entries(e).find(([k]) => k.endsWith('EventDetails'))?.[1] as Record<string, unknown>;
      return d.input ?? d.output;
    });
    expect(texts).toEqual([text, text, text, text, text, text]);
  });

  it('refuses an execution input over the payload quota before it starts, as StartExecution does (issue #18, item 5)', async () => {
    // StartExecution's `input` has a maximum length of 262144 UTF-8 bytes (API reference), so AWS
    // records no history for such an input: it used to start and fail with States.DataLimitExceeded.
    const definition: StateMachineDefinition = { StartAt: 'First', States: { First: { Type: 'Pass', End: true } } };
    const events: unknown[] = [];
    await expect(
      runExecution({
        definition,
        input: { s: 'x'.repeat(300_000) },
        invoker: { invoke: () => ({ kind: 'success', output: null }) },
        sink: { emit: (e) => events.push(e) },
      }),
    ).rejects.toMatchObject({ code: 'InvalidExecutionInput', message: 'The execution input is 300008 bytes (UTF-8), over the maximum of 262144 bytes.' });
    expect(events).toEqual([]);
  });

  it('interleaves unbounded Map iterations and Parallel branches as before', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'M',
              States: {
                M: {
                  Type: 'Map',
                  ItemsPath: '$.items',
                  ItemProcessor: {
                    StartAt: 'A',
                    States: {
                      A: { Type: 'Pass', Next: 'W' },
                      W: { Type: 'Wait', SecondsPath: '$.w', Next: 'B' },
                      B: { Type: 'Pass', End: true },
                    },
                  },
                  End: true,
                },
              },
            },
            { StartAt: 'W2', States: { W2: { Type: 'Wait', Seconds: 1, End: true } } },
          ],
          End: true,
        },
      },
    };
    const r = await runExecution({
      definition,
      input: { items: [{ w: 2 }, { w: 0 }, { w: 1 }] },
      invoker: { invoke: () => ({ kind: 'success', output: null }) },
    });
    expect(timeline(r.events)).toEqual([
      '1<0 ExecutionStarted +0',
      '2<0 ParallelStateEntered +0',
      '3<2 ParallelStateStarted +0',
      '4<3 MapStateEntered +0',
      '5<4 MapStateStarted +0',
      '6<5 MapIterationStarted +0',
      '7<5 MapIterationStarted +0',
      '8<5 MapIterationStarted +0',
      '9<3 WaitStateEntered +0',
      '10<6 PassStateEntered +0',
      '11<10 PassStateExited +0',
      '12<11 WaitStateEntered +0',
      '13<7 PassStateEntered +0',
      '14<13 PassStateExited +0',
      '15<14 WaitStateEntered +0',
      '16<8 PassStateEntered +0',
      '17<16 PassStateExited +0',
      '18<17 WaitStateEntered +0',
      '19<15 WaitStateExited +0',
      '20<19 PassStateEntered +0',
      '21<20 PassStateExited +0',
      '22<21 MapIterationSucceeded +0',
      '23<9 WaitStateExited +1',
      '24<18 WaitStateExited +1',
      '25<24 PassStateEntered +1',
      '26<25 PassStateExited +1',
      '27<26 MapIterationSucceeded +1',
      '28<12 WaitStateExited +2',
      '29<28 PassStateEntered +2',
      '30<29 PassStateExited +2',
      '31<30 MapIterationSucceeded +2',
      '32<31 MapStateSucceeded +2',
      '33<31 MapStateExited +2',
      '34<33 ParallelStateSucceeded +2',
      '35<33 ParallelStateExited +2',
      '36<35 ExecutionSucceeded +2',
    ]);
  });
});
