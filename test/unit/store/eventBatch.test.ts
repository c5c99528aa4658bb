import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import { createStateAttributor } from '../../../src-main/common/history/placement';
import type { JsonObject } from '../../../src-main/common/json';
import { encodeEventBatch, eventDetailsText, forEachEventRow, parseEventBatches, type EventRow } from '../../../src-main/node/store/eventBatch';

const CORPUS = join(__dirname, '../../../test/fixtures/conformance/aws-recorded');

/** The rows the writer stored before batches were text: one event object at a time. */
function rowsOfObjects(events: readonly HistoryEvent[]): EventRow[] {
  const attributor = createStateAttributor();
  return events.map((e) => ({
    id: e.id,
    previousEventId: e.previousEventId,
    type: e.type,
    timestamp: e.timestamp,
    stateName: attributor.stateOf(e),
    details: eventDetailsText(e),
  }));
}

/** Encodes in batches of `size` with one attributor, as a recording does, and decodes every row. */
function rowsOfBatches(events: readonly HistoryEvent[], size: number): { rows: EventRow[]; texts: string[] } {
  const attributor = createStateAttributor();
  const rows: EventRow[] = [];
  const texts: string[] = [];
  for (let i = 0; i < events.length; i += size) {
    const text = encodeEventBatch(events.slice(i, i + size), attributor);
    texts.push(text);
    const n = forEachEventRow(text, (r) => rows.push({ ...r }));
    expect(n).toBe(Math.min(size, events.length - i));
  }
  return { rows, texts };
}

function* corpusHistories(dir: string): Generator<HistoryEvent[]> {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* corpusHistories(full);
    else if (name.endsWith('.json')) {
      const history = ((JSON.parse(readFileSync(full, 'utf8')) as JsonObject).expected as JsonObject | undefined)?.history;
      if (Array.isArray(history) && history.length > 0) yield history as unknown as HistoryEvent[];
    }
  }
}

const LOOP = {
  StartAt: 'Loop',
  States: {
    Loop: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)', 'text.$': '$.text' }, Next: 'Fan' },
    Fan: {
      Type: 'Parallel',
      Branches: [{ StartAt: 'A "quoted" \\ name', States: { 'A "quoted" \\ name': { Type: 'Pass', End: true } } }, { StartAt: 'Bé😀', States: { 'Bé😀': { Type: 'Pass', End: true } } }],
      ResultPath: null,
      Next: 'More',
    },
    More: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericLessThan: 20, Next: 'Loop' }], Default: 'Done' },
    Done: { Type: 'Succeed' },
  },
} as unknown as StateMachineDefinition;

describe('event batch texts', () => {
  it('decode to the same rows as the events written one object at a time, in batches of any size', async () => {
    const text = 'tab\there, line\nfeed, \u2028, quote " and backslash \\, ü€😀, lone \ud800';
    const { events } = await runExecution({ definition: LOOP, input: { n: 0, text }, invoker: { invoke: () => ({ kind: 'success', output: {} }) } });
    const expected = rowsOfObjects(events);
    expect(expected.some((r) => r.stateName === 'A "quoted" \\ name')).toBe(true);
    for (const size of [1, 7, 1024]) expect(rowsOfBatches(events, size).rows).toEqual(expected);
  });

  it('decode to the same rows for every AWS-recorded history of the conformance corpus', () => {
    let histories = 0;
    for (const events of corpusHistories(CORPUS)) {
      histories++;
      expect(rowsOfBatches(events, 16).rows).toEqual(rowsOfObjects(events));
    }
    expect(histories).toBeGreaterThan(500);
  });

  it('carry an event whose core members do not fit the tab-separated form as JSON', () => {
    const events = [
      { timestamp: '2024-01-01T00:00:00.000Z', type: 'ExecutionStarted', id: 1, previousEventId: 0 },
      { timestamp: 'a\ttab', type: 'PassStateEntered', id: 2, previousEventId: 1, stateEnteredEventDetails: { name: 'P', input: '{}' } },
      { timestamp: 'x', type: 'PassStateExited', id: 2.5, previousEventId: 2, stateExitedEventDetails: { name: 'P', output: '{}' } },
      { timestamp: 'y', type: 'ExecutionSucceeded', id: 4, previousEventId: 3 },
    ] as unknown as HistoryEvent[];
    const { rows, texts } = rowsOfBatches(events, 10);
    expect(texts[0].split('\n')[1]).toMatch(/^"P"\t\t\{/);
    expect(rows).toEqual(rowsOfObjects(events));
  });

  it('parse back to events equal to the encoded ones (for the snapshot)', async () => {
    const { events } = await runExecution({ definition: LOOP, input: { n: 0, text: 'a\tb\nc' }, invoker: { invoke: () => ({ kind: 'success', output: {} }) } });
    expect(parseEventBatches(rowsOfBatches(events, 5).texts)).toEqual(events);
  });
});
