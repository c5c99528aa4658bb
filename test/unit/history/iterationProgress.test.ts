import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import {
  compoundProgressAt,
  describeMapProgress,
  describeProgressVisit,
  iterationProgressIndex,
  mapProgressSentence,
  type CompoundProgress,
  type MapProgress,
  type ParallelProgress,
} from '../../../src-main/common/history/iterationProgress';
import { visitsFromEvents } from '../../../src-main/common/history/visits';
import { corpusCase, runExample } from './runExample';

function indexOf(events: HistoryEvent[]) {
  return iterationProgressIndex(visitsFromEvents(events), events);
}

function asMap(p: CompoundProgress | undefined): MapProgress {
  expect(p?.kind).toBe('map');
  return p as MapProgress;
}

function asParallel(p: CompoundProgress | undefined): ParallelProgress {
  expect(p?.kind).toBe('parallel');
  return p as ParallelProgress;
}

const position = (events: HistoryEvent[], id: number) => events.findIndex((e) => e.id === id);

describe('iteration progress of Map states', () => {
  it('counts started, running, succeeded and failed iterations at each cursor (map-items OutOfStock, MaxConcurrency 2)', async () => {
    const events = await runExample('map-items', 'OutOfStock');
    const index = indexOf(events);
    const at = (type: string, nth = 0) => events.map((e, i) => [e.type, i] as const).filter(([t]) => t === type)[nth][1];

    expect(compoundProgressAt(index, 'ReserveLines', at('MapStateEntered') - 1)).toBeUndefined();
    const entered = asMap(compoundProgressAt(index, 'ReserveLines', at('MapStateEntered')));
    expect(entered.counts).toEqual({ total: null, started: 0, succeeded: 0, failed: 0, aborted: 0, running: 0, done: 0 });

    const bothRunning = asMap(compoundProgressAt(index, 'ReserveLines', at('MapIterationStarted', 1)));
    expect(bothRunning.counts).toEqual({ total: 3, started: 2, succeeded: 0, failed: 0, aborted: 0, running: 2, done: 0 });
    expect(describeMapProgress(bothRunning)).toBe('0/3 iterations · 2 running');

    const oneDone = asMap(compoundProgressAt(index, 'ReserveLines', at('MapIterationSucceeded')));
    expect(describeMapProgress(oneDone)).toBe('1/3 iterations · 1 succeeded · 1 running');

    const end = asMap(compoundProgressAt(index, 'ReserveLines', events.length - 1));
    expect(end).toMatchObject({ mode: 'inline', mapRun: null, status: 'failed', ordinal: 1, visitsSoFar: 1, chosen: 'latest' });
    expect(end.counts).toEqual({ total: 3, started: 2, succeeded: 1, failed: 1, aborted: 0, running: 0, done: 2 });
    expect(describeMapProgress(end)).toBe('2/3 iterations · 1 succeeded · 1 failed');
    expect(mapProgressSentence(end)).toBe('2 of 3 iterations done, 1 failed');
    expect(describeProgressVisit(end)).toBe('its only visit so far: ReserveLines');
  });

  it('reports every iteration succeeded at the end of a successful Map (map-items HappyPath)', async () => {
    const events = await runExample('map-items', 'HappyPath');
    const end = asMap(compoundProgressAt(indexOf(events), 'ReserveLines', events.length - 1));
    expect(end.counts).toEqual({ total: 3, started: 3, succeeded: 3, failed: 0, aborted: 0, running: 0, done: 3 });
    expect(mapProgressSentence(end)).toBe('3 of 3 iterations done');
  });

  it('counts a nested Map\'s latest visit at the cursor, or the selected one (AWS recording scenarios/test_map_state_nested)', () => {
    const { history } = corpusCase('scenarios/test_map_state_nested');
    const index = indexOf(history);
    // Event 13: inside the first visit of MapL2 (outer iteration 0), its second item done.
    const first = asMap(compoundProgressAt(index, 'MapL2', position(history, 14)));
    expect(first).toMatchObject({ ordinal: 1, visitsSoFar: 1, path: 'MapL1[0] › MapL2' });
    expect(first.counts).toEqual({ total: 3, started: 2, succeeded: 2, failed: 0, aborted: 0, running: 0, done: 2 });
    // Event 27: inside the second visit of MapL2 (outer iteration 1).
    const cursor = position(history, 27);
    const latest = asMap(compoundProgressAt(index, 'MapL2', cursor));
    expect(latest).toMatchObject({ ordinal: 2, visitsSoFar: 2, chosen: 'latest', path: 'MapL1[1] › MapL2', status: 'running' });
    expect(describeMapProgress(latest)).toBe('0/3 iterations · 1 running');
    expect(describeProgressVisit(latest)).toBe('visit 2 of 2 (the latest at the cursor): MapL1[1] › MapL2');
    const selected = asMap(compoundProgressAt(index, 'MapL2', cursor, first.visit));
    expect(selected).toMatchObject({ ordinal: 1, chosen: 'selected', status: 'succeeded' });
    expect(describeMapProgress(selected)).toBe('3/3 iterations · 3 succeeded');
    // A selected visit not entered yet at the cursor is ignored.
    expect(compoundProgressAt(index, 'MapL2', position(history, 14), latest.visit)).toMatchObject({ ordinal: 1, chosen: 'latest' });
    const outer = asMap(compoundProgressAt(index, 'MapL1', cursor));
    expect(outer.counts).toEqual({ total: 2, started: 2, succeeded: 1, failed: 0, aborted: 0, running: 1, done: 1 });
  });

  it('gives the same Map counts from the whole history at a cursor as from the history cut at that cursor', async () => {
    for (const events of [await runExample('map-items', 'OutOfStock'), corpusCase('scenarios/test_map_state_nested').history]) {
      const full = indexOf(events);
      for (let c = 0; c < events.length; c++) {
        const cut = indexOf(events.slice(0, c + 1));
        for (const state of full.visitsOfState.keys()) {
          const a = compoundProgressAt(full, state, c);
          const b = compoundProgressAt(cut, state, c);
          expect(a?.kind === 'map' ? a.counts : a, `${state} at ${c}`).toEqual(b?.kind === 'map' ? b.counts : b);
        }
      }
    }
  });

  it('shows a Distributed Map\'s Map Run and its item count once it exits (AWS recording scenarios/test_map_item_reader_csv_max_items__2)', () => {
    const { history } = corpusCase('scenarios/test_map_item_reader_csv_max_items__2');
    const index = indexOf(history);
    const started = asMap(compoundProgressAt(index, 'MapState', position(history, 3)));
    expect(started).toMatchObject({ mode: 'distributed', mapRun: 'notRun' });
    expect(describeMapProgress(started)).toBe('Map Run not started');
    const running = asMap(compoundProgressAt(index, 'MapState', position(history, 4)));
    expect(running).toMatchObject({ mapRun: 'running', counts: { total: null } });
    expect(describeMapProgress(running)).toBe('Map Run running');
    const end = asMap(compoundProgressAt(index, 'MapState', history.length - 1));
    expect(end).toMatchObject({ mapRun: 'succeeded', counts: { total: 2, started: 0 } });
    expect(describeMapProgress(end)).toBe('Map Run succeeded · 2 items');
    expect(mapProgressSentence(end)).toBe('Map Run succeeded, 2 items');
  });

  it('shows a failed Map Run (distributed-map-csv OneBatchFails)', async () => {
    const events = await runExample('distributed-map-csv', 'OneBatchFails');
    const end = asMap(compoundProgressAt(indexOf(events), 'ImportShipments', events.length - 1));
    expect(end).toMatchObject({ mode: 'distributed', mapRun: 'failed', status: 'failed' });
    expect(describeMapProgress(end)).toBe('Map Run failed');
  });
});

describe('branch progress of Parallel states', () => {
  it('shows each branch running, then the failed branch and the ones that finished (parallel-fan-out HotelSoldOut)', async () => {
    const events = await runExample('parallel-fan-out', 'HotelSoldOut');
    const index = indexOf(events);
    const firstTask = events.findIndex((e) => e.type === 'TaskStateEntered');
    expect([...asParallel(compoundProgressAt(index, 'BookTrip', firstTask)).branches]).toEqual([['BookFlight', 'running']]);
    const failedAt = events.findIndex((e) => e.type === 'TaskFailed');
    const failing = asParallel(compoundProgressAt(index, 'BookTrip', failedAt));
    expect(failing.branches.get('BookHotel')).toBe('failed');
    expect(failing.branches.size).toBe(3);
    const end = asParallel(compoundProgressAt(index, 'BookTrip', events.length - 1));
    expect(end.status).toBe('failed');
    expect(end.branches.get('BookHotel')).toBe('failed');
    expect(end.branches.get('BookFlight')).toBe('succeeded');
  });

  it('keeps a branch running between two of its states, and fails a branch at its Fail state (AWS recordings)', () => {
    const { history } = corpusCase('scenarios/test_parallel_state_fail');
    const failing = asParallel(compoundProgressAt(indexOf(history), 'ParallelState', position(history, 4)));
    expect([...failing.branches]).toEqual([['Branch1', 'failed']]);

    const events: HistoryEvent[] = [
      { id: 1, previousEventId: 0, timestamp: 't', type: 'ExecutionStarted' },
      { id: 2, previousEventId: 0, timestamp: 't', type: 'ParallelStateEntered', stateEnteredEventDetails: { name: 'P' } },
      { id: 3, previousEventId: 2, timestamp: 't', type: 'ParallelStateStarted' },
      { id: 4, previousEventId: 3, timestamp: 't', type: 'PassStateEntered', stateEnteredEventDetails: { name: 'A1' } },
      { id: 5, previousEventId: 4, timestamp: 't', type: 'PassStateExited', stateExitedEventDetails: { name: 'A1' } },
      { id: 6, previousEventId: 3, timestamp: 't', type: 'PassStateEntered', stateEnteredEventDetails: { name: 'B1' } },
      { id: 7, previousEventId: 5, timestamp: 't', type: 'PassStateEntered', stateEnteredEventDetails: { name: 'A2' } },
    ];
    const index = indexOf(events);
    expect(asParallel(compoundProgressAt(index, 'P', 5)).branches.get('A1')).toBe('running');
    expect(asParallel(compoundProgressAt(index, 'P', 6)).branches.get('A1')).toBe('running');
  });
});
