import { describe, expect, it } from 'vitest';
import { visitsFromEvents } from '../../../../src-main/common/history/visits';
import { retriesAt, retryIndexFromVisits, retryLoopLabel, takenRetryLabel } from '../../../../src-renderer/features/graph/retryLoops';
import { runExample } from '../../history/runExample';

describe('Retry loops', () => {
  it('labels the loop with each Retrier\'s first error (+ how many more) and MaxAttempts, leaving out Retriers that never retry', () => {
    expect(retryLoopLabel([{ ErrorEquals: ['Lambda.ServiceException'], MaxAttempts: 3 }])).toBe('↻ Lambda.ServiceException ×3');
    expect(retryLoopLabel([{ ErrorEquals: ['Payments.Throttled', 'Payments.Busy'] }, { ErrorEquals: ['States.ALL'], MaxAttempts: 1 }])).toBe('↻ Payments.Throttled +1 ×3 · States.ALL ×1');
    expect(retryLoopLabel([{ ErrorEquals: ['States.ALL'], MaxAttempts: 0 }])).toBeUndefined();
    expect(retryLoopLabel(undefined)).toBeUndefined();
    expect(takenRetryLabel('↻ States.ALL ×2', 0)).toBe('↻ States.ALL ×2');
    expect(takenRetryLabel('↻ States.ALL ×2', 2)).toBe('↻ States.ALL ×2 · retried 2');
  });

  it('counts the retries a state had begun by each cursor (order-pipeline: ChargeCard fails twice, then succeeds)', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const index = retryIndexFromVisits(visitsFromEvents(events));
    const failures = events.map((e, i) => [e.type, i] as const).filter(([t]) => t === 'LambdaFunctionFailed').map(([, i]) => i);
    expect(failures).toHaveLength(2);
    expect(retriesAt(index, 'ChargeCard', failures[0])).toBe(0);
    // The retry begins with the next scheduling event after the failure.
    const secondAttempt = events.findIndex((e, i) => i > failures[0] && e.type === 'LambdaFunctionScheduled');
    expect(retriesAt(index, 'ChargeCard', secondAttempt - 1)).toBe(0);
    expect(retriesAt(index, 'ChargeCard', secondAttempt)).toBe(1);
    expect(retriesAt(index, 'ChargeCard', events.length - 1)).toBe(2);
    expect(retriesAt(index, 'ValidateOrder', events.length - 1)).toBe(0);
  });
});
