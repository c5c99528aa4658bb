import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createSyncJsonata } from '../../../src-main/node/debug/syncJsonata';
import { createDebugSession } from '../../../src-main/common/debug/debugSession';
import type { Breakpoint } from '../../../src-main/common/debug/breakpoints';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import type { TaskInvoker } from '../../../src-main/common/engine/ports';
import type { RunOptions } from '../../../src-main/common/engine/run';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';

// Issue #7, part 3: a breakpoint's condition must not change the run it watches.

/** A Parallel whose branches interleave: a Task (asynchronous answer) then Pass states. */
/** The synchronous JSONata worker as built by `npm run build:cli` (which the test command runs first). */
const SYNC_WORKER = join(__dirname, '../../../dist/syncJsonataWorker.mjs');

const parallel: StateMachineDefinition = {
  StartAt: 'Par',
  States: {
    Par: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'A1', States: { A1: { Type: 'Pass', Next: 'A2' }, A2: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'A3' }, A3: { Type: 'Pass', End: true } } },
        { StartAt: 'B1', States: { B1: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'B2' }, B2: { Type: 'Pass', Next: 'B3' }, B3: { Type: 'Pass', End: true } } },
      ],
      End: true,
    },
  },
};

/** Answers every Task a tick later, as a real invoker would. */
const later: TaskInvoker = { invoke: (req) => Promise.resolve({ kind: 'success', output: { from: req.stateName } }) };

const options: RunOptions = { definition: parallel, input: { n: 1 }, invoker: later, executionName: 'e' };

/** A breakpoint before A1 and one before B2, each with a condition that never holds. */
function neverFiring(language: 'JSONPath' | 'JSONata'): Breakpoint[] {
  const expression = language === 'JSONPath' ? '$.missing' : '$states.input.n > 5';
  return ['A1', 'B2'].map((stateName) => ({ id: stateName, enabled: true, target: { kind: 'state', stateName, when: 'before' }, condition: { language, expression } }));
}

describe('breakpoint conditions keep the interleaving of concurrent branches', () => {
  it('a JSONPath condition that never holds: the same history as a run without the debugger', async () => {
    const plain = await runExecution(options);
    const session = createDebugSession({ breakpoints: neverFiring('JSONPath') });
    const debugged = await session.run(options);
    expect(session.snapshot().hits).toEqual({});
    expect(debugged.events).toEqual(plain.events);
  });

  it('a JSONata condition that never holds, answered synchronously (as the Node hosts do): the same history as a run without the debugger', async () => {
    const sync = createSyncJsonata(SYNC_WORKER);
    try {
      const plain = await runExecution(options);
      const session = createDebugSession({ breakpoints: neverFiring('JSONata'), evaluateJsonataSync: sync.evaluate });
      const debugged = await session.run(options);
      expect(session.snapshot().hits).toEqual({});
      expect(debugged.events).toEqual(plain.events);
    } finally {
      sync.close();
    }
  });

  it('a JSONata condition answered synchronously stops where it holds, with the engine\'s JSONata (variables, $states.input)', async () => {
    const sync = createSyncJsonata(SYNC_WORKER);
    try {
      expect(sync.evaluate('{% $states.input.n + $x %}', { input: { n: 1 }, variables: { x: 2 } })).toBe(3);
      expect(sync.evaluate('{% $partition([1,2,3,4], 2) %}', { input: {}, variables: {} })).toEqual([[1, 2], [3, 4]]);
      expect(sync.evaluate('{% $undefinedFunction() %}', { input: {}, variables: {} })).toBeUndefined();
      const firing: Breakpoint[] = [{ id: 'A1', enabled: true, target: { kind: 'state', stateName: 'A1', when: 'before' }, condition: { language: 'JSONata', expression: '$states.input.n = 1' } }];
      const session = createDebugSession({ breakpoints: firing, evaluateJsonataSync: sync.evaluate });
      const run = session.run(options);
      await vi.waitFor(() => expect(session.snapshot().hits).toEqual({ A1: 1 }));
      session.stop();
      await run.catch(() => undefined);
    } finally {
      sync.close();
    }
  });

  // Known limitation of a host that cannot block on another thread (a browser-only run), documented
  // in src-main/common/debug/breakpoints.ts ("JSONata conditions and concurrency"): the jsonata
  // evaluator only answers through a promise, so the branch waits at the hook for some promise
  // steps while its siblings go on, and their events come out in another order.
  it.fails('a JSONata condition that never holds, without a synchronous evaluator: the same history as a run without the debugger', async () => {
    const plain = await runExecution(options);
    const session = createDebugSession({ breakpoints: neverFiring('JSONata') });
    const debugged = await session.run(options);
    expect(session.snapshot().hits).toEqual({});
    expect(debugged.events).toEqual(plain.events);
  });
});
