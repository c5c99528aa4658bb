import { describe, expect, it } from 'vitest';
import { redriveExecution, redrivePreview } from '../../../src-main/common/debug/fork';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import type { TaskInvoker, TaskRequest } from '../../../src-main/common/engine/ports';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import type { Json } from '../../../src-main/common/json';

/** Each event as `id<previousEventId Type {details}` (everything AWS compares but the timestamp). */
function lines(events: readonly HistoryEvent[]): string[] {
  return events.map((e) => {
    const d = Object.entries(e).find(([k]) => k.endsWith('EventDetails'))?.[1];
    return `${e.id}<${e.previousEventId} ${e.type}${d === undefined ? '' : ` ${JSON.stringify(d)}`}`;
  });
}

/** An invoker that records its calls (`State#index:n`) and fails while `failing(request)` says so. */
function recordingInvoker(failing: (req: TaskRequest, n: Json) => boolean, result: (n: Json) => Json) {
  const calls: string[] = [];
  const invoker: TaskInvoker = {
    invoke: (req) => {
      const n = (req.parameters as { n?: Json } | null)?.n ?? null;
      calls.push(`${req.stateName}#${req.invocationIndex}:${JSON.stringify(n)}`);
      return failing(req, n) ? { kind: 'failure', failure: { error: 'Down', cause: 'service down' } } : { kind: 'success', output: result(n) };
    },
  };
  return { calls, invoker };
}

const LAMBDA = 'arn:aws:states:::lambda:invoke';

/** Three branches: A and C finish at once; B waits, then calls a Task. */
const parallel: StateMachineDefinition = {
  StartAt: 'Par',
  States: {
    Par: {
      Type: 'Parallel',
      End: true,
      Branches: [
        { StartAt: 'A', States: { A: { Type: 'Pass', Result: 'a', End: true } } },
        {
          StartAt: 'WaitB',
          States: { WaitB: { Type: 'Wait', Seconds: 5, Next: 'CallB' }, CallB: { Type: 'Task', Resource: LAMBDA, Parameters: { n: 'b' }, End: true } },
        },
        { StartAt: 'C', States: { C: { Type: 'Pass', Result: 'c', End: true } } },
      ],
    },
  },
};

/** A Map whose iterations prepare their item (Pass), then call a Task with it. */
const map: StateMachineDefinition = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Map',
      ItemsPath: '$.items',
      End: true,
      ItemProcessor: {
        StartAt: 'Prep',
        States: {
          Prep: { Type: 'Pass', Parameters: { 'n.$': '$.n' }, Next: 'Work' },
          Work: { Type: 'Task', Resource: LAMBDA, Parameters: { 'n.$': '$.n' }, OutputPath: '$.Payload', End: true },
        },
      },
    },
  },
};
const mapInput = { items: [0, 1, 2, 3, 4].map((n) => ({ n })) };

describe('redrive of a Parallel state', () => {
  it('runs again only the branch that failed, keeps the others and assembles the output in branch order', async () => {
    const { calls, invoker } = recordingInvoker((req) => req.invocationIndex === 0, () => 'b');
    const original = await runExecution({ definition: parallel, input: {}, invoker });
    expect(original.status).toBe('FAILED');
    const redriven = await redriveExecution({ definition: parallel, events: original.events, invoker });
    expect(redriven.result.status).toBe('SUCCEEDED');
    expect(redriven.result.output).toEqual(['a', 'b', 'c']);
    expect(calls).toEqual(['CallB#0:"b"', 'CallB#1:"b"']);
    expect(redriven.rebuilt.preserved).toEqual({ state: 'Par', kind: 'parallel', total: 3, kept: [0, 2], redriven: [1] });
    expect(redriven.link.preserved).toEqual(redriven.rebuilt.preserved);
    // B goes on from its failed state (its Wait is not run again); A and C write no event.
    expect(lines(redriven.result.events.slice(original.events.length))).toEqual([
      '17<16 ExecutionRedriven {"redriveCount":1}',
      '18<17 ParallelStateEntered {"input":"{}","inputDetails":{"truncated":false},"name":"Par"}',
      '19<18 ParallelStateStarted',
      '20<19 TaskStateEntered {"input":"{}","inputDetails":{"truncated":false},"name":"CallB"}',
      '21<20 TaskScheduled {"parameters":"{\\"n\\":\\"b\\"}","region":"us-east-1","resource":"invoke","resourceType":"lambda"}',
      '22<21 TaskStarted {"resource":"invoke","resourceType":"lambda"}',
      '23<22 TaskSucceeded {"output":"\\"b\\"","outputDetails":{"truncated":false},"resource":"invoke","resourceType":"lambda"}',
      '24<23 TaskStateExited {"name":"CallB","output":"\\"b\\"","outputDetails":{"truncated":false}}',
      '25<24 ParallelStateSucceeded',
      '26<24 ParallelStateExited {"name":"Par","output":"[\\"a\\",\\"b\\",\\"c\\"]","outputDetails":{"truncated":false}}',
      '27<26 ExecutionSucceeded {"output":"[\\"a\\",\\"b\\",\\"c\\"]","outputDetails":{"truncated":false}}',
    ]);
  });

  it('redrives a redriven execution, keeping what every earlier attempt completed', async () => {
    const { calls, invoker } = recordingInvoker((req) => req.invocationIndex < 2, () => 'b');
    const original = await runExecution({ definition: parallel, input: {}, invoker });
    const first = await redriveExecution({ definition: parallel, events: original.events, invoker });
    expect(first.result.status).toBe('FAILED');
    const second = await redriveExecution({ definition: parallel, events: first.result.events, invoker });
    expect(second.result.status).toBe('SUCCEEDED');
    expect(second.result.output).toEqual(['a', 'b', 'c']);
    expect(calls).toEqual(['CallB#0:"b"', 'CallB#1:"b"', 'CallB#2:"b"']);
    expect(second.rebuilt.preserved).toMatchObject({ kept: [0, 2], redriven: [1] });
    const more = second.result.events.slice(first.result.events.length);
    expect(more[0]).toMatchObject({ type: 'ExecutionRedriven', executionRedrivenEventDetails: { redriveCount: 2 } });
    expect(more.filter((e) => e.type === 'PassStateEntered')).toEqual([]);
  });

  it('runs every branch when the redriven Parallel is retried by its own Retry', async () => {
    const retried: StateMachineDefinition = {
      ...parallel,
      States: { Par: { ...(parallel.States.Par as object), Retry: [{ ErrorEquals: ['Down'], IntervalSeconds: 1, MaxAttempts: 1 }] } as StateMachineDefinition['States'][string] },
    };
    const { calls, invoker } = recordingInvoker((req) => req.invocationIndex < 3, () => 'b');
    const original = await runExecution({ definition: retried, input: {}, invoker });
    expect(original.status).toBe('FAILED');
    const redriven = await redriveExecution({ definition: retried, events: original.events, invoker });
    expect(redriven.result.status).toBe('SUCCEEDED');
    expect(redriven.result.output).toEqual(['a', 'b', 'c']);
    expect(calls).toHaveLength(4);
    const more = redriven.result.events.slice(original.events.length);
    // First attempt of the redrive: branch B only; the retry: all three branches.
    expect(more.filter((e) => e.type === 'ParallelStateStarted')).toHaveLength(2);
    expect(more.filter((e) => e.type === 'PassStateEntered')).toHaveLength(2);
    expect(more.filter((e) => e.type === 'WaitStateEntered')).toHaveLength(1);
  });
});

describe('redrive of an inline Map state', () => {
  it('runs again only the iterations that failed or were aborted, from their failed state', async () => {
    const bad = new Set<Json>([1, 3]);
    const { calls, invoker } = recordingInvoker((_req, n) => bad.has(n), (n) => ({ Payload: (n as number) * 10 }));
    const original = await runExecution({ definition: map, input: mapInput, invoker });
    expect(original.status).toBe('FAILED');
    // Iteration 1 failed; iteration 3 was aborted by it; 0, 2 and 4 succeeded.
    expect(original.events.filter((e) => e.type.startsWith('MapIteration')).map((e) => `${e.type} ${JSON.stringify(Object.values(e).at(-1))}`)).toEqual([
      'MapIterationStarted {"index":0,"name":"Fan"}',
      'MapIterationStarted {"index":1,"name":"Fan"}',
      'MapIterationStarted {"index":2,"name":"Fan"}',
      'MapIterationStarted {"index":3,"name":"Fan"}',
      'MapIterationStarted {"index":4,"name":"Fan"}',
      'MapIterationSucceeded {"index":0,"name":"Fan"}',
      'MapIterationFailed {"index":1,"name":"Fan"}',
      'MapIterationSucceeded {"index":2,"name":"Fan"}',
      'MapIterationSucceeded {"index":4,"name":"Fan"}',
      'MapIterationAborted {"index":3,"name":"Fan"}',
    ]);
    bad.clear();
    const redriven = await redriveExecution({ definition: map, events: original.events, invoker });
    expect(redriven.result.status).toBe('SUCCEEDED');
    expect(redriven.result.output).toEqual([0, 10, 20, 30, 40]);
    // Invocation indexes go on after the original's five.
    expect(calls.slice(5)).toEqual(['Work#5:1', 'Work#6:3']);
    expect(redrivePreview(map, original.events)).toEqual({ state: 'Fan', kind: 'map', total: 5, kept: [0, 2, 4], redriven: [1, 3] });
    expect(lines(redriven.result.events.slice(original.events.length))).toEqual([
      '51<50 ExecutionRedriven {"redriveCount":1}',
      '52<51 MapStateEntered {"input":"{\\"items\\":[{\\"n\\":0},{\\"n\\":1},{\\"n\\":2},{\\"n\\":3},{\\"n\\":4}]}","inputDetails":{"truncated":false},"name":"Fan"}',
      '53<52 MapStateStarted {"length":5}',
      '54<53 MapIterationStarted {"index":1,"name":"Fan"}',
      '55<53 MapIterationStarted {"index":3,"name":"Fan"}',
      '56<54 TaskStateEntered {"input":"{\\"n\\":1}","inputDetails":{"truncated":false},"name":"Work"}',
      '57<56 TaskScheduled {"parameters":"{\\"n\\":1}","region":"us-east-1","resource":"invoke","resourceType":"lambda"}',
      '58<55 TaskStateEntered {"input":"{\\"n\\":3}","inputDetails":{"truncated":false},"name":"Work"}',
      '59<58 TaskScheduled {"parameters":"{\\"n\\":3}","region":"us-east-1","resource":"invoke","resourceType":"lambda"}',
      '60<57 TaskStarted {"resource":"invoke","resourceType":"lambda"}',
      '61<59 TaskStarted {"resource":"invoke","resourceType":"lambda"}',
      '62<60 TaskSucceeded {"output":"{\\"Payload\\":10}","outputDetails":{"truncated":false},"resource":"invoke","resourceType":"lambda"}',
      '63<61 TaskSucceeded {"output":"{\\"Payload\\":30}","outputDetails":{"truncated":false},"resource":"invoke","resourceType":"lambda"}',
      '64<62 TaskStateExited {"name":"Work","output":"10","outputDetails":{"truncated":false}}',
      '65<63 TaskStateExited {"name":"Work","output":"30","outputDetails":{"truncated":false}}',
      '66<64 MapIterationSucceeded {"index":1,"name":"Fan"}',
      '67<65 MapIterationSucceeded {"index":3,"name":"Fan"}',
      '68<67 MapStateSucceeded',
      '69<67 MapStateExited {"name":"Fan","output":"[0,10,20,30,40]","outputDetails":{"truncated":false}}',
      '70<69 ExecutionSucceeded {"output":"[0,10,20,30,40]","outputDetails":{"truncated":false}}',
    ]);
  });

  it('keeps iterations completed two attempts ago when redriving a redriven execution', async () => {
    // Item 1 fails in the original and the first redrive; item 3 only in the original.
    const failures = new Map<Json, number>([[1, 2], [3, 1]]);
    const { calls, invoker } = recordingInvoker(
      (_req, n) => {
        const left = failures.get(n) ?? 0;
        if (left > 0) failures.set(n, left - 1);
        return left > 0;
      },
      (n) => ({ Payload: (n as number) * 10 }),
    );
    const original = await runExecution({ definition: map, input: mapInput, invoker });
    const first = await redriveExecution({ definition: map, events: original.events, invoker });
    expect(first.result.status).toBe('FAILED');
    const second = await redriveExecution({ definition: map, events: first.result.events, invoker });
    expect(second.result.status).toBe('SUCCEEDED');
    expect(second.result.output).toEqual([0, 10, 20, 30, 40]);
    // Items 0, 2 and 4 ran once, in the original; only 1 and 3 ran after.
    expect(calls.filter((c) => c.endsWith(':0') || c.endsWith(':2') || c.endsWith(':4'))).toHaveLength(3);
    expect(calls.slice(5)).toEqual(calls.slice(5).filter((c) => c.endsWith(':1') || c.endsWith(':3')));
    const third = second.result.events.slice(first.result.events.length);
    expect(third.filter((e) => e.type === 'MapIterationStarted').map((e) => (e.mapIterationStartedEventDetails as { index: number }).index)).toEqual(
      second.rebuilt.preserved!.redriven,
    );
    expect(second.rebuilt.preserved!.kept).toEqual(expect.arrayContaining([0, 2, 4]));
  });
});

describe('redrive of nested states', () => {
  /** A Map whose iterations assign a variable, then run a Parallel: branch X passes, branch Y calls a Task with the variable. */
  const nested: StateMachineDefinition = {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 1,
        End: true,
        ItemProcessor: {
          StartAt: 'Prep',
          States: {
            Prep: { Type: 'Pass', Assign: { 'seen.$': '$.n' }, Next: 'Both' },
            Both: {
              Type: 'Parallel',
              End: true,
              Branches: [
                { StartAt: 'X', States: { X: { Type: 'Pass', Result: 'x', End: true } } },
                { StartAt: 'Y', States: { Y: { Type: 'Task', Resource: LAMBDA, Parameters: { 'n.$': '$seen' }, End: true } } },
              ],
            },
          },
        },
      },
    },
  };
  const input = { items: [0, 1, 2].map((n) => ({ n })) };

  it('runs again only the failed branch of the Parallel inside the failed Map iteration', async () => {
    let broken = true;
    const { calls, invoker } = recordingInvoker((_req, n) => broken && n === 1, (n) => (n as number) * 10);
    const original = await runExecution({ definition: nested, input, invoker });
    expect(original.status).toBe('FAILED');
    // MaxConcurrency 1: item 0 succeeded, item 1 failed (in branch Y), item 2 never started.
    expect(calls).toEqual(['Y#0:0', 'Y#1:1']);
    broken = false;
    const redriven = await redriveExecution({ definition: nested, events: original.events, invoker });
    expect(redriven.result.status).toBe('SUCCEEDED');
    expect(redriven.result.output).toEqual([['x', 0], ['x', 10], ['x', 20]]);
    // Item 1 runs only Y again (with the variable its Prep assigned); item 2 runs from its start.
    expect(calls.slice(2)).toEqual(['Y#2:1', 'Y#3:2']);
    expect(redriven.rebuilt.preserved).toEqual({ state: 'Fan', kind: 'map', total: 3, kept: [0], redriven: [1, 2] });
    const start = original.events.length;
    expect(lines(redriven.result.events.slice(start)).map((l) => l.replace(/ \{.*/, (m) => (m.includes('"name"') ? ` ${JSON.parse(m).name as string}` : '')))).toEqual([
      `${start + 1}<${start} ExecutionRedriven`,
      `${start + 2}<${start + 1} MapStateEntered Fan`,
      `${start + 3}<${start + 2} MapStateStarted`,
      `${start + 4}<${start + 3} MapIterationStarted Fan`,
      `${start + 5}<${start + 4} ParallelStateEntered Both`,
      `${start + 6}<${start + 5} ParallelStateStarted`,
      `${start + 7}<${start + 6} TaskStateEntered Y`,
      `${start + 8}<${start + 7} TaskScheduled`,
      `${start + 9}<${start + 8} TaskStarted`,
      `${start + 10}<${start + 9} TaskSucceeded`,
      `${start + 11}<${start + 10} TaskStateExited Y`,
      `${start + 12}<${start + 11} ParallelStateSucceeded`,
      `${start + 13}<${start + 11} ParallelStateExited Both`,
      `${start + 14}<${start + 13} MapIterationSucceeded Fan`,
      `${start + 15}<${start + 13} MapIterationStarted Fan`,
      `${start + 16}<${start + 15} PassStateEntered Prep`,
      `${start + 17}<${start + 16} PassStateExited Prep`,
      `${start + 18}<${start + 17} ParallelStateEntered Both`,
      `${start + 19}<${start + 18} ParallelStateStarted`,
      `${start + 20}<${start + 19} PassStateEntered X`,
      `${start + 21}<${start + 20} PassStateExited X`,
      `${start + 22}<${start + 19} TaskStateEntered Y`,
      `${start + 23}<${start + 22} TaskScheduled`,
      `${start + 24}<${start + 23} TaskStarted`,
      `${start + 25}<${start + 24} TaskSucceeded`,
      `${start + 26}<${start + 25} TaskStateExited Y`,
      `${start + 27}<${start + 26} ParallelStateSucceeded`,
      `${start + 28}<${start + 26} ParallelStateExited Both`,
      `${start + 29}<${start + 28} MapIterationSucceeded Fan`,
      `${start + 30}<${start + 29} MapStateSucceeded`,
      `${start + 31}<${start + 29} MapStateExited Fan`,
      `${start + 32}<${start + 31} ExecutionSucceeded`,
    ]);
  });
});

describe('redrive determinism', () => {
  it('gives the same history for the same seed and mocks', async () => {
    const run = async () => {
      const bad = new Set<Json>([1, 3]);
      const { invoker } = recordingInvoker((_req, n) => bad.has(n), (n) => ({ Payload: n }));
      const original = await runExecution({ definition: map, input: mapInput, invoker, seed: 7 });
      bad.clear();
      return redriveExecution({ definition: map, events: original.events, invoker, runOptions: { seed: 7 } });
    };
    const a = await run();
    const b = await run();
    expect(b.result.events).toEqual(a.result.events);
    expect(b.result.output).toEqual(a.result.output);
  });
});
