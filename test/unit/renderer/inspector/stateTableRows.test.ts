import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '@common/history/events';
import { visitsFromEvents } from '@common/history/visits';
import { stateTableRows } from '../../../../src-renderer/features/inspector/stateTableRows';

const at = (s: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, s)).toISOString();
const events: HistoryEvent[] = [
  { id: 1, previousEventId: 0, timestamp: at(0), type: 'ExecutionStarted', executionStartedEventDetails: { input: '{}', roleArn: 'arn:aws:iam::123456789012:role/x' } },
  { id: 2, previousEventId: 1, timestamp: at(1), type: 'PassStateEntered', stateEnteredEventDetails: { name: 'First', input: '{}' } },
  { id: 3, previousEventId: 2, timestamp: at(3), type: 'PassStateExited', stateExitedEventDetails: { name: 'First', output: '{}' } },
  { id: 4, previousEventId: 3, timestamp: at(4), type: 'WaitStateEntered', stateEnteredEventDetails: { name: 'Pause', input: '{}' } },
  { id: 5, previousEventId: 4, timestamp: at(10), type: 'WaitStateExited', stateExitedEventDetails: { name: 'Pause', output: '{}' } },
  { id: 6, previousEventId: 5, timestamp: at(10), type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: '{}' } },
] as HistoryEvent[];

describe('stateTableRows (the console\'s Table view)', () => {
  it('lists each visit with its type, status, start, duration and bar', () => {
    const table = stateTableRows(visitsFromEvents(events), events, events.length - 1);
    expect(table.rows.map((r) => [r.name, r.type, r.status, r.startMs, r.durationMs, r.open])).toEqual([
      ['First', 'Pass', 'succeeded', 1000, 2000, false],
      ['Pause', 'Wait', 'succeeded', 4000, 6000, false],
    ]);
    expect(table.spanMs).toBe(10_000);
    expect(table.rows[1].barLeft).toBeCloseTo(0.4);
    expect(table.rows[1].barWidth).toBeCloseTo(0.6);
  });
  it('shows the table as at the cursor: later visits left out, an open visit timed to the cursor', () => {
    const table = stateTableRows(visitsFromEvents(events), events, 3);
    expect(table.rows.map((r) => [r.name, r.status, r.durationMs, r.open])).toEqual([
      ['First', 'succeeded', 2000, false],
      ['Pause', 'waiting', 0, true],
    ]);
  });
  it('lists at most `limit` visits and counts the rest', () => {
    const table = stateTableRows(visitsFromEvents(events), events, events.length - 1, 1);
    expect(table.rows).toHaveLength(1);
    expect(table.hidden).toBe(1);
  });
});
