import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '@common/history/events';
import { visitsFromEvents } from '@common/history/visits';
import { errorPositions, filterEvents, formatElapsedMs, rowAtOrBefore, toEventColumns, visibleRange } from '../../../../src-renderer/features/events/eventTable';
import { runExample } from '../../history/runExample';
import { bigHistory } from './bigHistory';

async function orderColumns() {
  const events = await runExample('order-pipeline', 'HappyPath');
  return { events, columns: toEventColumns(events, visitsFromEvents(events)) };
}

const searchOf = (events: HistoryEvent[]) => (i: number) => JSON.stringify(events[i]).toLowerCase();

describe('event table columns', () => {
  it('lists id, type, state, resource, elapsed time and timestamp for each event', async () => {
    const { columns } = await orderColumns();
    const at = columns.types.indexOf('LambdaFunctionScheduled');
    expect([columns.ids[at], columns.types[at], columns.states[at], columns.resources[at], formatElapsedMs(columns.elapsed[at])]).toEqual(['10', 'LambdaFunctionScheduled', 'ChargeCard', 'charge-card', '0.000 s']);
    expect(columns.resources[columns.types.indexOf('TaskScheduled')]).toBe('lambda:invoke');
    expect(columns.states[0]).toBe('');
    expect(formatElapsedMs(columns.elapsed[columns.length - 1])).toBe('1:00:06.000');
  });

  it('marks the events that record errors', async () => {
    const { columns } = await orderColumns();
    expect(errorPositions(columns).map((p) => columns.types[p])).toEqual(['LambdaFunctionFailed', 'LambdaFunctionFailed']);
  });

  it('filters by type, state, errors and searched text (details included)', async () => {
    const { events, columns } = await orderColumns();
    const rows = (f: Parameters<typeof filterEvents>[1]) => [...filterEvents(columns, f, searchOf(events))].map((p) => columns.ids[p]);
    expect(rows({ type: 'TaskStateExited', state: 'Ship' })).toEqual(['35', '36', '44']);
    expect(rows({ errorsOnly: true })).toEqual(['12', '15']);
    expect(rows({ search: 'THROTTLED' })).toEqual(['12', '15']);
    expect(rows({ search: 'ship-item' })).toHaveLength(3);
    expect(rows({})).toHaveLength(columns.length);
  });

  // Speed on 25,000+ events is measured by `npm run bench` (test/bench/viewBench.ts); the test checks the
  // work instead: the columns answer a type filter, and a search builds each event's text at most once.
  it('filters 25,000+ events from the columns, building no event text for a type filter and each at most once for a search', () => {
    const events = bigHistory(6500);
    expect(events.length).toBeGreaterThan(25_000);
    const columns = toEventColumns(events, visitsFromEvents(events));
    const built: number[] = [];
    const counted = (i: number) => (built.push(i), searchOf(events)(i));
    const rows = filterEvents(columns, { type: 'PassStateExited' }, counted);
    expect(rows.length).toBe(6500);
    expect(built).toEqual([]);
    expect(columns.states[rows[0]]).toBe('Item');
    const found = filterEvents(columns, { search: String.raw`{\"i\":6499}` }, counted);
    expect([...found].map((p) => columns.types[p])).toEqual(['PassStateEntered', 'PassStateExited']);
    expect(built.length).toBeLessThanOrEqual(events.length);
    expect(new Set(built).size).toBe(built.length);
  });
});

describe('virtualisation helpers', () => {
  it('renders only the rows in view, with overscan', () => {
    expect(visibleRange(0, 312, 26, 25_000)).toEqual({ first: 0, last: 20 });
    expect(visibleRange(26 * 1000, 312, 26, 25_000)).toEqual({ first: 992, last: 1020 });
    expect(visibleRange(26 * 24_990, 312, 26, 25_000)).toEqual({ first: 24_982, last: 25_000 });
  });

  it('finds the row at or before the cursor among filtered rows', () => {
    const rows = Int32Array.from([2, 5, 9]);
    expect(rowAtOrBefore(rows, 1)).toBe(-1);
    expect(rowAtOrBefore(rows, 5)).toBe(1);
    expect(rowAtOrBefore(rows, 8)).toBe(1);
    expect(rowAtOrBefore(rows, 100)).toBe(2);
  });
});
