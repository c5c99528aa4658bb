import { describe, expect, it } from 'vitest';
import { runExecution } from '../../../../src-main/common/engine/interpreter';
import type { TaskInvoker } from '../../../../src-main/common/engine/ports';
import type { StateMachineDefinition } from '../../../../src-main/common/asl/types';

/**
 * Developer Guide, "Avoid reaching the history quota": a hard quota of 25,000 entries. When an
 * execution reaches 24,999 events it waits for the next one: if event 25,000 is ExecutionSucceeded
 * the execution succeeds, otherwise ExecutionFailed is logged and the execution fails.
 */

const none: TaskInvoker = {
  invoke: () => Promise.reject(new Error('no Task here')),
} as unknown as TaskInvoker;

describe('history quota (Developer Guide: bp-history-limit)', () => {
  it('at AWS quota, a looping execution ends with ExecutionFailed as event 25,000, ids contiguous, after event 24,999', async () => {
    const definition: StateMachineDefinition = { StartAt: 'Loop', States: { Loop: { Type: 'Pass', Next: 'Loop' } } };
    const r = await runExecution({ definition, input: {}, invoker: none });
    expect(r.status).toBe('FAILED');
    expect(r.events).toHaveLength(25_000);
    expect(r.events.every((e, i) => e.id === i + 1)).toBe(true);
    expect(r.events.at(-1)).toMatchObject({
      id: 25_000,
      previousEventId: 24_999,
      type: 'ExecutionFailed',
      executionFailedEventDetails: {
        error: 'States.Runtime',
        cause: 'The execution reached the maximum number of history events (25000).',
      },
    });
  });

  it('an execution whose event 25,000 is ExecutionSucceeded succeeds', async () => {
    // ExecutionStarted, then 12,498 Pass visits (entered + exited), then a last Pass: 1 + 24,996 + 2 = 24,999 events.
    const n = 12_499;
    const states: StateMachineDefinition['States'] = {};
    for (let i = 0; i < n; i++) states[`P${String(i)}`] = i === n - 1 ? { Type: 'Pass', End: true } : { Type: 'Pass', Next: `P${String(i + 1)}` };
    const definition: StateMachineDefinition = { StartAt: 'P0', States: states };
    const ok = await runExecution({ definition, input: {}, invoker: none });
    expect(ok.status).toBe('SUCCEEDED');
    expect(ok.events).toHaveLength(25_000);
    expect(ok.events.at(-1)).toMatchObject({ id: 25_000, type: 'ExecutionSucceeded' });

    // One state more: event 25,000 would be a PassStateExited, so the quota ends the execution there.
    const longer = { ...states, [`P${String(n - 1)}`]: { Type: 'Pass', Next: 'Last' }, Last: { Type: 'Pass', End: true } } as StateMachineDefinition['States'];
    const failed = await runExecution({ definition: { StartAt: 'P0', States: longer }, input: {}, invoker: none });
    expect(failed.status).toBe('FAILED');
    expect(failed.events).toHaveLength(25_000);
    expect(failed.events.at(-1)).toMatchObject({ id: 25_000, type: 'ExecutionFailed' });
  });
});
