import { describe, expect, it } from 'vitest';
import { createDebugSession, type DebugSession } from '../../../src-main/common/debug/debugSession';
import type { Breakpoint } from '../../../src-main/common/debug/breakpoints';
import type { StopLocation } from '../../../src-main/common/debug/runControlMachine';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import type { TaskInvoker } from '../../../src-main/common/engine/ports';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import type { HistoryEvent } from '../../../src-main/common/history/events';

/*
 * Stepping through Map iterations and Parallel branches one at a time (issue #14; the rules are in
 * debugSession.ts's file comment): Step into at a Map stops at the first state of iteration 0,
 * Step over stays in the iteration, Step over at its last state and Step out go to the next
 * iteration, and after the last one to the state after the Map; the other iterations never run
 * past their next state boundary while one is stepped.
 */

/** Every Task answers `{ from: <state>, item: <input> }`, synchronously, as a mock does. */
const echo: TaskInvoker = { invoke: (req) => ({ kind: 'success', output: { from: req.stateName, item: req.parameters } }) };

function mapOf(maxConcurrency: number): StateMachineDefinition {
  return {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: maxConcurrency,
        ItemProcessor: {
          StartAt: 'Prepare',
          States: {
            Prepare: { Type: 'Pass', Parameters: { 'v.$': '$' }, Next: 'Work' },
            Work: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:111111111111:function:work', Next: 'Done' },
            Done: { Type: 'Pass', End: true },
          },
        },
        Next: 'After',
      },
      After: { Type: 'Pass', End: true },
    },
  };
}

const input = { items: [1, 2, 3] };

function at(stop: StopLocation): string {
  return `${[...stop.branch, stop.stateName].join('/')} (${stop.reason})`;
}

async function step(session: DebugSession, how: 'stepOver' | 'stepInto' | 'stepOut'): Promise<string> {
  session[how]();
  return at((await session.nextStop())[0]);
}

/** Each iteration's events (following previousEventId back to its MapIterationStarted), as type, state and data. */
function perIteration(events: HistoryEvent[]): string[][] {
  const byId = new Map(events.map((e) => [e.id, e]));
  const iterationOf = (e: HistoryEvent): number | undefined => {
    for (let cur: HistoryEvent | undefined = e; cur; cur = byId.get(cur.previousEventId)) {
      // Past an iteration's end: the Map's own events.
      if (cur !== e && cur.type === 'MapIterationSucceeded') return undefined;
      const started = cur.mapIterationStartedEventDetails as { index: number } | undefined;
      if (started) return started.index;
    }
    return undefined;
  };
  const out: string[][] = [[], [], []];
  for (const e of events) {
    const i = iterationOf(e);
    const details = (e.stateEnteredEventDetails ?? e.stateExitedEventDetails) as { name: string; input?: string; output?: string } | undefined;
    if (i !== undefined) out[i].push(`${e.type}${details ? ` ${details.name} ${details.input ?? details.output}` : ''}`);
  }
  return out;
}

/** The iteration journey of the issue: into, over through iteration 0, on to iteration 1, out to 2, out after the Map. */
async function stepThrough(session: DebugSession): Promise<string[]> {
  const seen = [at((await session.nextStop())[0])];
  seen.push(await step(session, 'stepInto'));
  seen.push(await step(session, 'stepOver'));
  seen.push(await step(session, 'stepOver'));
  seen.push(await step(session, 'stepOver'));
  seen.push(await step(session, 'stepOut'));
  seen.push(await step(session, 'stepOut'));
  session.continue();
  return seen;
}

const journey = [
  'Fan (breakpoint)',
  'Fan/iteration 0/Prepare (step)',
  'Fan/iteration 0/Work (step)',
  'Fan/iteration 0/Done (step)',
  // Step over at the last state of iteration 0: the first state of iteration 1.
  'Fan/iteration 1/Prepare (step)',
  // Step out of iteration 1: iteration 2's first state; out of the last one: the state after the Map.
  'Fan/iteration 2/Prepare (step)',
  'After (step)',
];

const fanBreakpoint: Breakpoint = { id: 'fan', enabled: true, target: { kind: 'state', stateName: 'Fan', when: 'before' } };

describe('stepping through a Map iteration by iteration', () => {
  it('MaxConcurrency 1: into, over, on to the next iteration, out after the Map; the same history as a plain run', async () => {
    const definition = mapOf(1);
    const plain = await runExecution({ definition, input, invoker: echo, seed: 3 });
    const session = createDebugSession({ breakpoints: [fanBreakpoint] });
    const run = session.run({ definition, input, invoker: echo, seed: 3 });
    const seen = await stepThrough(session);
    expect(seen).toEqual(journey);
    const result = await run;
    expect(result.status).toBe('SUCCEEDED');
    expect(result.events).toEqual(plain.events);
  });

  it('MaxConcurrency 0: the other iterations are held at their next state boundary while one is stepped', async () => {
    const definition = mapOf(0);
    const session = createDebugSession({ breakpoints: [fanBreakpoint] });
    const run = session.run({ definition, input, invoker: echo, seed: 3 });
    await session.nextStop();
    expect(await step(session, 'stepInto')).toBe('Fan/iteration 0/Prepare (step)');
    expect(await step(session, 'stepOver')).toBe('Fan/iteration 0/Work (step)');
    expect(await step(session, 'stepOver')).toBe('Fan/iteration 0/Done (step)');
    // Iterations 1 and 2 stopped before their first state and stayed there.
    const stops = session.snapshot().context.stops;
    expect(stops.map(at)).toEqual(['Fan/iteration 0/Done (step)', 'Fan/iteration 1/Prepare (all-stop)', 'Fan/iteration 2/Prepare (all-stop)']);
    expect(stops.map((s) => s.branchSizes)).toEqual([[3], [3], [3]]);
    expect(await step(session, 'stepOver')).toBe('Fan/iteration 1/Prepare (step)');
    // Iteration 0 ended and waits at its last boundary; iteration 2 has not moved.
    expect(session.snapshot().context.stops.map(at)).toEqual([
      'Fan/iteration 1/Prepare (step)',
      'Fan/iteration 2/Prepare (all-stop)',
      'Fan/iteration 0/Done (all-stop)',
    ]);
    expect(await step(session, 'stepOver')).toBe('Fan/iteration 1/Work (step)');
    expect(await step(session, 'stepOut')).toBe('Fan/iteration 2/Prepare (step)');
    expect(await step(session, 'stepOut')).toBe('After (step)');
    session.continue();
    const result = await run;
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual([1, 2, 3].map((v) => ({ from: 'Work', item: { v } })));
  });

  it('MaxConcurrency 0: each iteration records the same events as in a plain run, and the result is the same', async () => {
    const definition = mapOf(0);
    const plain = await runExecution({ definition, input, invoker: echo, seed: 3 });
    const session = createDebugSession({ breakpoints: [fanBreakpoint] });
    const run = session.run({ definition, input, invoker: echo, seed: 3 });
    await stepThrough(session);
    const result = await run;
    expect(result.output).toEqual(plain.output);
    expect(result.events.length).toBe(plain.events.length);
    expect(perIteration(result.events)).toEqual(perIteration(plain.events));
  });

  // Known limitation (debugSession.ts, file comment "The history"): a stop holds its branch on a
  // promise, and holding one of several iterations that can move reorders the events of the
  // concurrent iterations. Exact identity would need the debugged run's hooks to block
  // synchronously (the run on a worker thread, as runOffThread.ts does for plain runs).
  it.fails('MaxConcurrency 0: the same history, event for event, as a plain run', async () => {
    const definition = mapOf(0);
    const plain = await runExecution({ definition, input, invoker: echo, seed: 3 });
    const session = createDebugSession({ breakpoints: [fanBreakpoint] });
    const run = session.run({ definition, input, invoker: echo, seed: 3 });
    await stepThrough(session);
    expect((await run).events).toEqual(plain.events);
  });

  it('Continue from inside an iteration lets every held iteration go on', async () => {
    const session = createDebugSession({ breakpoints: [fanBreakpoint] });
    const run = session.run({ definition: mapOf(0), input, invoker: echo });
    await session.nextStop();
    await step(session, 'stepInto');
    await step(session, 'stepOver');
    session.continue();
    const result = await run;
    expect(result.status).toBe('SUCCEEDED');
    expect(session.snapshot().state).toBe('finished');
  });

  it('a breakpoint inside the iterations stops each iteration that reaches it, saying which of how many', async () => {
    const session = createDebugSession({ breakpoints: [{ id: 'w', enabled: true, target: { kind: 'state', stateName: 'Work', when: 'before' } }] });
    const run = session.run({ definition: mapOf(1), input, invoker: echo });
    const hits: string[] = [];
    for (let i = 0; i < 3; i++) {
      const [stop] = await session.nextStop();
      hits.push(`${stop.stateName} iteration ${stop.mapIterationIndex! + 1} of ${stop.branchSizes!.at(-1)}`);
      session.continue();
    }
    await run;
    expect(hits).toEqual(['Work iteration 1 of 3', 'Work iteration 2 of 3', 'Work iteration 3 of 3']);
  });

  it('a Wait in the stepped iteration lets the held ones go on (the clock would never reach its end otherwise)', async () => {
    const definition = mapOf(0);
    const processor = (definition.States.Fan as { ItemProcessor: StateMachineDefinition }).ItemProcessor;
    processor.States.Prepare = { Type: 'Wait', Seconds: 5, Next: 'Work' };
    const plain = await runExecution({ definition, input, invoker: echo });
    const session = createDebugSession({ breakpoints: [fanBreakpoint] });
    const run = session.run({ definition, input, invoker: echo });
    await session.nextStop();
    expect(await step(session, 'stepInto')).toBe('Fan/iteration 0/Prepare (step)');
    expect(await step(session, 'stepOver')).toBe('Fan/iteration 0/Work (step)');
    session.continue();
    const result = await run;
    expect(result.output).toEqual(plain.output);
    expect(result.stopDate).toBe(plain.stopDate);
  });
});

describe('stepping out of a failing iteration', () => {
  it('goes to the Map\'s Catch target, not to the next iteration, with the history of a plain run', async () => {
    const definition = mapOf(1);
    const fan = definition.States.Fan as { Catch?: unknown; Next?: string };
    fan.Catch = [{ ErrorEquals: ['States.ALL'], Next: 'Recover' }];
    definition.States.Recover = { Type: 'Pass', End: true };
    const failing: TaskInvoker = { invoke: (req) => (req.invocationIndex === 0 ? { kind: 'failure', failure: { error: 'Boom', cause: 'first item' } } : echo.invoke(req)) };
    const plain = await runExecution({ definition, input, invoker: failing });
    const session = createDebugSession({ breakpoints: [fanBreakpoint] });
    const run = session.run({ definition, input, invoker: failing });
    await session.nextStop();
    expect(await step(session, 'stepInto')).toBe('Fan/iteration 0/Prepare (step)');
    expect(await step(session, 'stepOver')).toBe('Fan/iteration 0/Work (step)');
    expect(await step(session, 'stepOver')).toBe('Recover (step)');
    session.continue();
    const result = await run;
    expect(result.events).toEqual(plain.events);
  });
});

describe('stepping through Parallel branches inside Map iterations', () => {
  const nested: StateMachineDefinition = {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 1,
        ItemProcessor: {
          StartAt: 'Both',
          States: {
            Both: {
              Type: 'Parallel',
              Branches: [
                { StartAt: 'Left', States: { Left: { Type: 'Pass', Next: 'Left2' }, Left2: { Type: 'Pass', End: true } } },
                { StartAt: 'Right', States: { Right: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:111111111111:function:right', End: true } } },
              ],
              Next: 'Merge',
            },
            Merge: { Type: 'Pass', End: true },
          },
        },
        End: true,
      },
    },
  };

  it('into the Map, into the Parallel, out of branch 0 to branch 1, out of the Parallel, on to the next iteration', async () => {
    const session = createDebugSession({ stopOnEntry: true });
    const run = session.run({ definition: nested, input: { items: ['a', 'b'] }, invoker: echo });
    expect(at((await session.nextStop())[0])).toBe('Fan (pause)');
    expect(await step(session, 'stepInto')).toBe('Fan/iteration 0/Both (step)');
    expect(await step(session, 'stepInto')).toBe('Fan/iteration 0/Both/branch 0/Left (step)');
    // Branch 1 is held before its first state while branch 0 is stepped.
    expect(session.snapshot().context.stops.map(at)).toEqual(['Fan/iteration 0/Both/branch 0/Left (step)', 'Fan/iteration 0/Both/branch 1/Right (all-stop)']);
    expect(session.snapshot().context.stops[1].branchSizes).toEqual([2, 2]);
    expect(await step(session, 'stepOver')).toBe('Fan/iteration 0/Both/branch 0/Left2 (step)');
    expect(await step(session, 'stepOut')).toBe('Fan/iteration 0/Both/branch 1/Right (step)');
    expect(await step(session, 'stepOut')).toBe('Fan/iteration 0/Merge (step)');
    expect(await step(session, 'stepOver')).toBe('Fan/iteration 1/Both (step)');
    session.continue();
    const result = await run;
    expect(result.status).toBe('SUCCEEDED');
  });

  it('gives the same history as a plain run when the Map runs one iteration at a time', async () => {
    const plain = await runExecution({ definition: nested, input: { items: ['a', 'b'] }, invoker: echo, seed: 9 });
    const session = createDebugSession({ stopOnEntry: true });
    const run = session.run({ definition: nested, input: { items: ['a', 'b'] }, invoker: echo, seed: 9 });
    await session.nextStop();
    for (const how of ['stepInto', 'stepInto', 'stepOver', 'stepOut', 'stepOut', 'stepOver'] as const) await step(session, how);
    session.continue();
    const result = await run;
    // The Parallel's branches run concurrently: their events interleave as in the plain run only
    // where the stops fell between them; each branch's own events are the same.
    expect(result.output).toEqual(plain.output);
    expect(result.events.map((e) => e.type).sort()).toEqual(plain.events.map((e) => e.type).sort());
  });
});
