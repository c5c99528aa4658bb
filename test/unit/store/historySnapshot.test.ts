import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import { decodeHistorySnapshot, encodeHistorySnapshot } from '../../../src-main/node/store/historySnapshot';

const long = (s: string) => JSON.stringify({ value: s.repeat(10) });

const EVENTS: HistoryEvent[] = [
  { timestamp: '2024-01-01T00:00:00.000Z', type: 'ExecutionStarted', id: 1, previousEventId: 0, executionStartedEventDetails: { input: long('a'), inputDetails: { truncated: false }, roleArn: 'arn:aws:iam::111111111111:role/R' } },
  { timestamp: '2024-01-01T00:00:00.001Z', type: 'TaskStateEntered', id: 2, previousEventId: 0, stateEnteredEventDetails: { name: 'Call', input: long('ü€😀'), inputDetails: { truncated: false } } },
  { timestamp: '2024-01-01T00:00:00.002Z', type: 'TaskFailed', id: 3, previousEventId: 2, taskFailedEventDetails: { resourceType: 'lambda', resource: 'invoke', error: 'E', cause: long('c') } },
  { timestamp: 'timestamp', type: 'TaskStateAborted', id: 4, previousEventId: 3 },
  // Payloads left parsed, as the conformance recordings hold them.
  { timestamp: '2024-01-01T00:00:00.004Z', type: 'ExecutionFailed', id: 5, previousEventId: 4, executionFailedEventDetails: { error: 'E', cause: { nested: [1, 'two', { three: null }] } } },
];

describe('history snapshots', () => {
  it('decode to events equal to the encoded ones, member order included', () => {
    const snapshot = encodeHistorySnapshot(EVENTS);
    expect(snapshot).toBeDefined();
    const decoded = decodeHistorySnapshot(snapshot!);
    expect(decoded).toEqual(EVENTS);
    expect(decoded.map((e) => Object.keys(e))).toEqual(EVENTS.map((e) => Object.keys(e)));
    expect(Object.keys(decoded[1].stateEnteredEventDetails as object)).toEqual(['name', 'input', 'inputDetails']);
  });

  it('keep the long strings out of the skeleton, and give each event its own details object', () => {
    const snapshot = encodeHistorySnapshot([EVENTS[1], { ...EVENTS[1], id: 3, previousEventId: 2 }])!;
    expect(snapshot.skeleton).not.toContain('ü€');
    expect(snapshot.payloads).toContain('ü€😀');
    const [a, b] = decodeHistorySnapshot(snapshot);
    expect(a.stateEnteredEventDetails).not.toBe(b.stateEnteredEventDetails);
  });

  it('are not made for a history holding a lone surrogate, which UTF-8 storage would alter', () => {
    const bad: HistoryEvent = { ...EVENTS[1], stateEnteredEventDetails: { name: 'Call', input: `"${'x'.repeat(30)}\ud800"` } };
    expect(encodeHistorySnapshot([bad])).toBeUndefined();
  });

  it('handle an empty history', () => {
    expect(decodeHistorySnapshot(encodeHistorySnapshot([])!)).toEqual([]);
  });
});
