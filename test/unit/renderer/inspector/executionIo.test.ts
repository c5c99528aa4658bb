import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '@common/history/events';
import { executionIoAt } from '../../../../src-renderer/features/inspector/executionIo';

const ts = '2024-01-01T00:00:00.000Z';
const started = { id: 1, previousEventId: 0, timestamp: ts, type: 'ExecutionStarted', executionStartedEventDetails: { input: '{"a":1}' } } as unknown as HistoryEvent;
const pass = { id: 2, previousEventId: 1, timestamp: ts, type: 'PassStateEntered', stateEnteredEventDetails: { name: 'P', input: '{}' } } as unknown as HistoryEvent;

describe('executionIoAt', () => {
  it('gives the input, and the output once the execution succeeded at the cursor', () => {
    const events = [started, pass, { id: 3, previousEventId: 2, timestamp: ts, type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: '{"b":2}' } } as unknown as HistoryEvent];
    expect(executionIoAt(events, 0)).toEqual({ input: { a: 1 } });
    expect(executionIoAt(events, 2)).toEqual({ input: { a: 1 }, ended: 'ExecutionSucceeded', output: { b: 2 } });
  });
  it('gives the error and cause of a failed execution', () => {
    const events = [started, { id: 2, previousEventId: 1, timestamp: ts, type: 'ExecutionFailed', executionFailedEventDetails: { error: 'Boom', cause: 'because' } } as unknown as HistoryEvent];
    expect(executionIoAt(events, 1)).toEqual({ input: { a: 1 }, ended: 'ExecutionFailed', error: 'Boom', cause: 'because' });
  });
});
