import { describe, expect, it } from 'vitest';
import type { State, StateMachineDefinition } from '../../../src-main/common/asl/types';
import { YIELD_CHECK_EVERY } from '../../../src-main/common/engine/hostYield';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import type { TaskInvoker } from '../../../src-main/common/engine/ports';
import type { RunOptions, RunResult } from '../../../src-main/common/engine/run';
import { createClockScheduler, createVirtualScheduler } from '../../../src-main/common/engine/scheduler';

/**
 * States that count `$.i` up to `times`, then go to `next`: `<p>Init` → (`<p>Inc` → `<p>Check`)×times.
 * With `keepItems`, `$.items` goes through the loop.
 */
function countLoop(p: string, times: number, next: string | undefined, keepItems = false): Record<string, State> {
  const items = keepItems ? { 'items.$': '$.items' } : {};
  return {
    [`${p}Init`]: { Type: 'Pass', Parameters: { i: 0, ...items }, Next: `${p}Inc` },
    [`${p}Inc`]: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)', ...items }, Next: `${p}Check` },
    [`${p}Check`]: {
      Type: 'Choice',
      Choices: [{ Variable: '$.i', NumericLessThan: times, Next: `${p}Inc` }],
      ...(next !== undefined ? { Default: next } : { Default: `${p}End` }),
    },
    ...(next === undefined ? { [`${p}End`]: { Type: 'Succeed' } } : {}),
  } as Record<string, State>;
}

/** A sub-machine (Parallel branch, Map ItemProcessor) of one count loop. */
function loopMachine(p: string, times: number): StateMachineDefinition {
  return { StartAt: `${p}Init`, States: countLoop(p, times, undefined) };
}

/** Tasks answered at once, some synchronously and some through a resolved promise. */
const invoker: TaskInvoker = {
  invoke(req) {
    const outcome = { kind: 'success' as const, output: { state: req.stateName, n: req.invocationIndex } };
    return req.stateName.startsWith('Async') ? Promise.resolve(outcome) : outcome;
  },
};

const CHOICE_LOOP: StateMachineDefinition = { StartAt: 'LInit', States: countLoop('L', 3000, undefined) };

/**
 * Parallel branches and Map iterations that interleave through Waits, Tasks and Pass loops: one
 * branch loops while the others sleep, a Map with MaxConcurrency 1 loops in each iteration, an
 * unbounded Map and a bounded one run Tasks and Waits, and the top level loops between them.
 */
const FAN_OUT: StateMachineDefinition = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Parallel',
      ResultPath: '$.fan',
      Next: 'TopInit',
      Branches: [
        {
          StartAt: 'ASleep',
          States: {
            ASleep: { Type: 'Wait', Seconds: 5, Next: 'AMap' },
            AMap: {
              Type: 'Map',
              ItemsPath: '$.items',
              ItemProcessor: {
                StartAt: 'AsyncWork',
                States: {
                  AsyncWork: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:111111111111:function:work', Next: 'AWait' },
                  AWait: { Type: 'Wait', Seconds: 1, Next: 'SyncWork' },
                  SyncWork: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:111111111111:function:work', End: true },
                },
              },
              End: true,
            },
          },
        },
        { StartAt: 'BInit', States: { ...countLoop('B', 400, 'BSleep'), BSleep: { Type: 'Wait', Seconds: 2, Next: 'AsyncB' }, AsyncB: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:111111111111:function:b', End: true } } },
        {
          StartAt: 'CMap',
          States: {
            CMap: {
              Type: 'Map',
              ItemsPath: '$.items',
              MaxConcurrency: 1,
              ItemProcessor: { StartAt: 'CWait', States: { CWait: { Type: 'Wait', Seconds: 1, Next: 'CInit' }, ...countLoop('C', 150, undefined) } },
              End: true,
            },
          },
        },
        {
          StartAt: 'DMap',
          States: {
            DMap: {
              Type: 'Map',
              ItemsPath: '$.items',
              MaxConcurrency: 3,
              ItemProcessor: {
                StartAt: 'DWait',
                States: {
                  DWait: { Type: 'Wait', SecondsPath: '$', Next: 'SyncD' },
                  SyncD: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:111111111111:function:d', Next: 'DInit' },
                  ...countLoop('D', 60, undefined),
                },
              },
              End: true,
            },
          },
        },
        loopMachine('E', 300),
      ],
    },
    ...countLoop('Top', 500, 'Last', true),
    Last: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemSelector: { 'v.$': '$$.Map.Item.Value' },
      ItemProcessor: { StartAt: 'Inner', States: { Inner: { Type: 'Parallel', Branches: [loopMachine('X', 40), loopMachine('Y', 30)], End: true } } },
      End: true,
    },
  },
};

const FAN_OUT_INPUT = { items: [3, 1, 2, 1, 4, 2] };

/** A host that always takes its turn (a macrotask), counting the turns. */
function alwaysYielding(): { yieldToHost: () => Promise<void>; turns: () => number } {
  let turns = 0;
  return {
    yieldToHost: () => {
      turns++;
      return new Promise((resolve) => setImmediate(resolve));
    },
    turns: () => turns,
  };
}

function run(definition: StateMachineDefinition, input: RunOptions['input'], extra: Partial<RunOptions> = {}): Promise<RunResult> {
  return runExecution({ definition, input, invoker, quotas: { historyEvents: false }, ...extra });
}

describe('RunOptions.yieldToHost', () => {
  it('gives a Choice loop of Pass states turns to the host, with the same history as without', async () => {
    const plain = await run(CHOICE_LOOP, {});
    const host = alwaysYielding();
    const yielding = await run(CHOICE_LOOP, {}, { yieldToHost: host.yieldToHost });
    expect(plain.status).toBe('SUCCEEDED');
    expect(plain.events.length).toBe(12_006);
    expect(yielding).toEqual(plain);
    // One question every YIELD_CHECK_EVERY states of the single flow.
    expect(host.turns()).toBe(Math.floor(6002 / YIELD_CHECK_EVERY));
  });

  it('lets the host run while the loop runs: other work goes on between the turns', async () => {
    const seen: number[] = [];
    let emitted = 0;
    const result = run(CHOICE_LOOP, {}, {
      collectEvents: false,
      sink: { emit: () => void emitted++ },
      yieldToHost: () => new Promise((resolve) => setImmediate(() => (seen.push(emitted), resolve()))),
    });
    // This macrotask runs during the first turn the run gives up, not after the run.
    const during = await new Promise<number>((resolve) => setImmediate(() => resolve(emitted)));
    await result;
    expect(during).toBeGreaterThan(0);
    expect(during).toBeLessThan(emitted);
    expect(seen.length).toBeGreaterThan(10);
  });

  it('keeps the history of Parallel branches and Map iterations that interleave through Waits and Tasks', async () => {
    const plain = await run(FAN_OUT, FAN_OUT_INPUT);
    expect([plain.status, plain.error, plain.cause]).toEqual(['SUCCEEDED', undefined, undefined]);
    const host = alwaysYielding();
    const yielding = await run(FAN_OUT, FAN_OUT_INPUT, { yieldToHost: host.yieldToHost });
    expect(yielding).toEqual(plain);
    // Turns were taken inside branches (the loop of B while A sleeps, each MaxConcurrency 1
    // iteration of CMap) and at the top level, not only at the end.
    expect(host.turns()).toBeGreaterThan(10);
  });

  it('keeps the history when the host only sometimes takes its turn', async () => {
    const plain = await run(FAN_OUT, FAN_OUT_INPUT);
    let asked = 0;
    const yielding = await run(FAN_OUT, FAN_OUT_INPUT, {
      yieldToHost: () => (++asked % 3 === 0 ? new Promise((resolve) => setImmediate(resolve)) : undefined),
    });
    expect(asked).toBeGreaterThan(10);
    expect(yielding).toEqual(plain);
  });

  it('never asks while other branches of the run can move (an unbounded Map of loops)', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'M',
      States: { M: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: loopMachine('M', 200), End: true } },
    };
    const host = alwaysYielding();
    const plain = await run(definition, { items: [1, 2, 3] });
    const yielding = await run(definition, { items: [1, 2, 3] }, { yieldToHost: host.yieldToHost });
    expect(yielding).toEqual(plain);
    // Iterations 0 and 1 run while the later ones are in flight; only the last one, alone, may yield.
    expect(host.turns()).toBeLessThanOrEqual(Math.ceil(401 / YIELD_CHECK_EVERY));
  });

  it('stops at a turn when the run was aborted meanwhile', async () => {
    let abort: (() => void) | undefined;
    const result = await run(CHOICE_LOOP, {}, {
      debug: { onStart: (control) => (abort = control.abort) },
      yieldToHost: () => new Promise((resolve) => setImmediate(() => (abort?.(), resolve()))),
    });
    expect(result.status).toBe('ABORTED');
    expect(result.events.length).toBeLessThan(2 * YIELD_CHECK_EVERY + 10);
  });
});

describe('Scheduler.isSoleRunner', () => {
  it('is true for the only runnable coroutine of a virtual clock, false while another can run', async () => {
    const s = createVirtualScheduler(0);
    expect(s.isSoleRunner()).toBe(true);
    s.spawn(1);
    expect(s.isSoleRunner()).toBe(false);
    const sleeping = s.sleepCancellable(1000);
    expect(s.isSoleRunner()).toBe(true);
    sleeping.cancel();
    expect(await sleeping.promise).toBe(false);
    expect(s.isSoleRunner()).toBe(false);
  });

  it('is never true on a real clock, which does not count coroutines', () => {
    const s = createClockScheduler({ now: () => 0, sleep: () => Promise.resolve() });
    expect(s.isSoleRunner()).toBe(false);
  });
});
