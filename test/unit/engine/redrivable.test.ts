import { describe, expect, it } from 'vitest';
import { redriveRefusal } from '../../../src-main/common/engine/redrive/redrivable';
import type { HistoryEvent } from '../../../src-main/common/history/events';

const event = (id: number, type: string, more: Record<string, unknown> = {}) => ({ id, previousEventId: id - 1, timestamp: '2025-06-01T12:00:00.000Z', type, ...more }) as unknown as HistoryEvent;
const started = event(1, 'ExecutionStarted', { executionStartedEventDetails: { input: '{}' } });
const entered = event(2, 'TaskStateEntered', { stateEnteredEventDetails: { name: 'Call', input: '{}' } });

describe('redriveRefusal: which executions can be redriven', () => {
  it('redrives a failed, timed-out or aborted execution that entered a state', () => {
    for (const end of ['ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']) expect(redriveRefusal([started, entered, event(3, end)])).toBeUndefined();
  });

  it('refuses a running or succeeded one, in DescribeExecution’s words', () => {
    expect(redriveRefusal([started, entered])).toBe('Execution is RUNNING and cannot be redriven');
    expect(redriveRefusal([started, entered, event(3, 'ExecutionSucceeded')])).toBe('Execution is SUCCEEDED and cannot be redriven');
    expect(redriveRefusal([])).toBe('Execution is RUNNING and cannot be redriven');
  });

  it('refuses one stopped (or failed) before it entered any state: there is no step to continue from', () => {
    expect(redriveRefusal([started, event(2, 'ExecutionAborted')])).toMatch(/before it entered any state/);
    expect(redriveRefusal([started, event(2, 'ExecutionFailed', { executionFailedEventDetails: { error: 'States.Runtime' } })])).toMatch(/before it entered any state/);
  });
});
