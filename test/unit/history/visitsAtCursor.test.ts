import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import { visitsFromEvents } from '../../../src-main/common/history/visits';
import { visitsAtCursor } from '../../../src-main/common/history/visitsAtCursor';
import { corpusCase, corpusCaseIds, runExample } from './runExample';

/** Checks the promise of `visitsAtCursor` at every cursor of one history. */
function expectSameAsPrefixAtEveryCursor(events: HistoryEvent[]): void {
  const full = visitsFromEvents(events);
  for (let c = -1; c < events.length; c++) {
    const cut = visitsAtCursor(full, c);
    const prefix = visitsFromEvents(events.slice(0, c + 1));
    expect({ ...cut, eventVisit: [...cut.eventVisit] }, `cursor ${c}`).toEqual({ ...prefix, eventVisit: [...prefix.eventVisit] });
  }
}

describe('visitsAtCursor equals the projection of the events up to the cursor', () => {
  const runs: [string, string][] = [
    ['order-pipeline', 'HappyPath'],
    ['order-pipeline', 'CardDeclined'],
    ['lambda-retry-catch', 'ThrottledThenFound'],
    ['lambda-retry-catch', 'ProviderDown'],
    ['error-handling', 'GatewayTimesOut'],
    ['parallel-fan-out', 'HotelSoldOut'],
    ['map-items', 'OutOfStock'],
    ['choice-loop', 'NeverReady'],
    ['distributed-map-csv', 'OneBatchFails'],
    ['human-approval', 'ApprovedInMock'],
  ];
  it.each(runs)('at every cursor of a local run of %s / %s', async (example, testCase) => {
    expectSameAsPrefixAtEveryCursor(await runExample(example, testCase));
  });

  it('at every cursor of every recorded AWS history in the conformance corpus', () => {
    let checked = 0;
    for (const id of corpusCaseIds()) {
      let history: HistoryEvent[];
      try {
        history = corpusCase(id).history;
      } catch {
        continue; // a case that records no outcome (no `expected`)
      }
      if (history.length === 0) continue;
      expectSameAsPrefixAtEveryCursor(history);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('returns the full projection itself at the last event, and shares the visits that had ended', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const full = visitsFromEvents(events);
    expect(visitsAtCursor(full, events.length - 1)).toBe(full);
    const cut = visitsAtCursor(full, 20);
    expect(cut.visits[0]).toBe(full.visits[0]);
  });
});
