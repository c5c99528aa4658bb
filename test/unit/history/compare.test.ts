import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCase, type ExecutionCase } from '../../../src-main/common/conformance/conformanceCase';
import { matchValue } from '../../../src-main/common/conformance/matchValue';
import { runCase } from '../../../src-main/common/conformance/runCase';
import { alignHistories, compareHistories } from '../../../src-main/common/history/compare';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import { flowsFromEvents } from '../../../src-main/common/history/flows';
import type { Json } from '../../../src-main/common/json';
import { runExample } from './runExample';

const CORPUS = join(__dirname, '../../../test/fixtures/conformance/aws-recorded');

const started = (input: string): HistoryEvent => ({ id: 1, previousEventId: 0, timestamp: '2024-01-01T00:00:00.000Z', type: 'ExecutionStarted', executionStartedEventDetails: { input, roleArn: 'arn:aws:iam::1:role/a' } });
const entered = (id: number, name: string, input: string): HistoryEvent => ({ id, previousEventId: id - 1, timestamp: '2024-01-01T00:00:00.000Z', type: 'PassStateEntered', stateEnteredEventDetails: { name, input } });

describe('compareHistories', () => {
  it('finds where two runs of order-pipeline with different test cases diverge: the ChargeCard failure', async () => {
    const happy = await runExample('order-pipeline', 'HappyPath');
    const declined = await runExample('order-pipeline', 'CardDeclined');
    const c = compareHistories(happy, declined);
    expect(c.divergence).not.toBeNull();
    const d = c.divergence!;
    expect(c.commonEvents).toBe(d.position);
    expect({ kind: d.kind, position: d.position, leftState: d.leftState, rightState: d.rightState, fields: d.fields, left: d.left?.type, right: d.right?.type }).toEqual({
      kind: 'payload',
      position: 11,
      leftState: 'ChargeCard',
      rightState: 'ChargeCard',
      fields: ['cause', 'error'],
      left: 'LambdaFunctionFailed',
      right: 'LambdaFunctionFailed',
    });
    expect(d.description).toBe('At event 12 (LambdaFunctionFailed in ChargeCard), the payloads differ: cause, error.');
  });

  it('says two runs of the same test case are the same, although their names, ids and clocks differ', async () => {
    const a = await runExample('order-pipeline', 'HappyPath');
    const b = (await runExample('order-pipeline', 'HappyPath')).map((e) => ({ ...e, timestamp: '2030-01-01T00:00:00.000Z' }));
    const c = compareHistories(a, b);
    expect({ ...c, rows: undefined }).toEqual({ commonEvents: a.length, divergence: null, reordered: false, rows: undefined, leftLength: a.length, rightLength: a.length });
    expect(c.rows).toEqual(a.map((_, i) => ({ left: i, right: i, same: true })));
  });

  it('compares JSON-text payloads as JSON and leaves ARNs out', () => {
    const a = [started('{"a": 1, "b": [1, 2]}')];
    const b = [{ ...started('{"b":[1,2],"a":1}'), executionStartedEventDetails: { input: '{"b":[1,2],"a":1}', roleArn: 'arn:aws:iam::2:role/b' } }];
    expect(compareHistories(a, b).divergence).toBeNull();
  });

  it('reports a different state before a different payload, and a shorter history as a length divergence', () => {
    const a = [started('{}'), entered(2, 'A', '{}')];
    const b = [started('{}'), entered(2, 'B', '{}')];
    expect(compareHistories(a, b).divergence).toMatchObject({ kind: 'state', position: 1, leftState: 'A', rightState: 'B', description: 'At event 2 (PassStateEntered), the left execution is in A and the right one in B.' });
    const shorter = compareHistories(a, a.slice(0, 1));
    expect(shorter.divergence).toMatchObject({ kind: 'length', position: 1, leftPosition: 1, leftState: 'A', rightState: '', flow: 'the execution' });
    expect(shorter.divergence?.rightPosition).toBeUndefined();
    expect(shorter.divergence?.description).toBe('The right history ends after 1 events; the left one goes on with PassStateEntered in A.');
  });

  it('reports a different event type, naming both states', () => {
    const a = [started('{}'), entered(2, 'A', '{}')];
    const b: HistoryEvent[] = [started('{}'), { id: 2, previousEventId: 1, timestamp: 't', type: 'ExecutionFailed', executionFailedEventDetails: { error: 'E' } }];
    expect(compareHistories(a, b).divergence?.description).toBe('At event 2, the left execution recorded PassStateEntered in A and the right one ExecutionFailed in the execution.');
  });
});

/**
 * The same history with the events between positions `from` and `to` (exclusive) listed flow by
 * flow in reverse order of their flows' first events (so later branches or iterations run first),
 * each flow's own order kept; ids renumbered in the new order and `previousEventId` links
 * remapped, as AWS would have numbered that run.
 */
function interleaveDifferently(events: readonly HistoryEvent[], from: number, to: number): HistoryEvent[] {
  const { eventFlow } = flowsFromEvents(events);
  const block = events.slice(from, to).map((event, i) => ({ event, flow: eventFlow[from + i], i }));
  block.sort((x, y) => y.flow - x.flow || x.i - y.i);
  const order = [...events.slice(0, from), ...block.map((b) => b.event), ...events.slice(to)];
  const newId = new Map<number, number>(order.map((e, i) => [e.id as number, i + 1]));
  return order.map((e, i) => ({ ...e, id: i + 1, previousEventId: e.previousEventId === 0 ? 0 : newId.get(e.previousEventId as number)! }));
}

const positionOf = (events: readonly HistoryEvent[], type: string) => events.findIndex((e) => e.type === type);
const exited = (id: number, name: string): HistoryEvent => ({ id, previousEventId: id - 1, timestamp: '2024-01-01T00:00:00.000Z', type: 'PassStateExited', stateExitedEventDetails: { name, output: '{}' } });

describe('compareHistories, flow by flow (issue #6)', () => {
  it('finds no divergence between two Parallel runs whose branches interleave differently, and says they are reordered', async () => {
    const a = await runExample('parallel-fan-out', 'HappyPath');
    const b = interleaveDifferently(a, positionOf(a, 'ParallelStateStarted') + 1, positionOf(a, 'ParallelStateSucceeded'));
    expect(b.slice(3, 6).map((e) => (e.type === 'TaskStateEntered' ? (e.stateEnteredEventDetails as { name: string }).name : e.type))).toEqual(['BookCar', 'TaskScheduled', 'TaskStarted']);

    const c = compareHistories(a, b);
    expect(c.divergence).toBeNull();
    expect(c.reordered).toBe(true);
    expect(c.commonEvents).toBe(a.length);
    // Rows follow the left history and pair each event with its counterpart in the same branch.
    expect(c.rows.map((r) => r.left)).toEqual(a.map((_, i) => i));
    for (const row of c.rows) expect(b[row.right!].type).toBe(a[row.left!].type);
    const enteredHotel = (h: HistoryEvent[]) => h.findIndex((e) => e.type === 'TaskStateEntered' && (e.stateEnteredEventDetails as { name: string }).name === 'BookHotel');
    expect(c.rows[enteredHotel(a)]).toEqual({ left: enteredHotel(a), right: enteredHotel(b), same: true });
    expect(enteredHotel(a)).not.toBe(enteredHotel(b));
  });

  it('finds a real difference inside the second branch despite the different interleaving, with its state path and flow', async () => {
    const happy = await runExample('parallel-fan-out', 'HappyPath');
    const soldOut = await runExample('parallel-fan-out', 'HotelSoldOut');
    const b = interleaveDifferently(soldOut, positionOf(soldOut, 'ParallelStateStarted') + 1, positionOf(soldOut, 'ParallelStateFailed'));
    const c = compareHistories(happy, b);
    const d = c.divergence!;
    const leftAt = happy.findIndex((e, i) => e.type === 'TaskSucceeded' && flowsFromEvents(happy).flows[flowsFromEvents(happy).eventFlow[i]].label === 'BookTrip › branch BookHotel');
    expect({ kind: d.kind, leftState: d.leftState, rightState: d.rightState, flow: d.flow, left: d.left?.type, right: d.right?.type, leftPosition: d.leftPosition }).toEqual({
      kind: 'type',
      leftState: 'BookTrip › BookHotel',
      rightState: 'BookTrip › BookHotel',
      flow: 'BookTrip › branch BookHotel',
      left: 'TaskSucceeded',
      right: 'TaskFailed',
      leftPosition: leftAt,
    });
    expect(b[d.rightPosition!]).toBe(d.right);
    expect(d.rightPosition).not.toBe(d.leftPosition);
    expect(d.description).toBe(`At event ${leftAt + 1} (event ${d.rightPosition! + 1} on the right), the left execution recorded TaskSucceeded in BookTrip › BookHotel and the right one TaskFailed in BookTrip › BookHotel.`);
    expect(c.commonEvents).toBe(d.row);
    expect(c.rows.slice(0, d.row).every((r) => r.same)).toBe(true);
  });

  it('finds no divergence between two Map runs whose iterations start and finish in a different order', async () => {
    const a = await runExample('map-items', 'HappyPath');
    // Iterations 0 and 1 run together (MaxConcurrency 2): let iteration 1 run and finish first.
    const thirdStarts = a.findIndex((e) => e.type === 'MapIterationStarted' && (e.mapIterationStartedEventDetails as { index: number }).index === 2);
    const b = interleaveDifferently(a, positionOf(a, 'MapStateStarted') + 1, thirdStarts);
    expect((b[3].mapIterationStartedEventDetails as { index: number }).index).toBe(1);
    const c = compareHistories(a, b);
    expect(c.divergence).toBeNull();
    expect(c.reordered).toBe(true);
    expect(flowsFromEvents(b).flows.map((f) => f.label)).toEqual(['the execution', 'ReserveLines[1]', 'ReserveLines[0]', 'ReserveLines[2]']);
  });

  it('reports a Map iteration only one side ran as a flow divergence, after the different item count', async () => {
    const a = await runExample('map-items', 'HappyPath');
    const thirdStarts = a.findIndex((e) => e.type === 'MapIterationStarted' && (e.mapIterationStartedEventDetails as { index: number }).index === 2);
    const thirdEnds = a.findIndex((e, i) => i > thirdStarts && e.type === 'MapIterationSucceeded');
    // The right run had two items: no third iteration (its events taken out).
    const b = a.filter((_, i) => i < thirdStarts || i > thirdEnds);
    const rows = alignHistories(a, b);
    expect(rows.filter((r) => r.right === undefined).map((r) => r.kind)).toEqual(Array(thirdEnds - thirdStarts + 1).fill('flow'));
    expect(rows[thirdStarts]).toEqual({ left: thirdStarts, same: false, kind: 'flow' });
    const c = compareHistories(a, b);
    expect(c.divergence).toMatchObject({ kind: 'flow', leftPosition: thirdStarts, flow: 'ReserveLines[2]' });
    expect(c.divergence?.description).toBe(`The left execution ran ReserveLines[2] and the right one did not: at event ${thirdStarts + 1} on the left, MapIterationStarted in ReserveLines.`);
  });

  it('places an event only the right side has right after the row of its right predecessor', () => {
    const a = [started('{}'), entered(2, 'A', '{}'), exited(3, 'A')];
    const b = [started('{}'), entered(2, 'A', '{}'), exited(3, 'A'), entered(4, 'B', '{}')];
    expect(alignHistories(a, b)).toEqual([
      { left: 0, right: 0, same: true },
      { left: 1, right: 1, same: true },
      { left: 2, right: 2, same: true },
      { right: 3, same: false, kind: 'length' },
    ]);
    expect(compareHistories(a, b).divergence?.description).toBe('The left history ends after 3 events; the right one goes on with PassStateEntered in B.');
  });

  it('says an AWS recording and a local run of the same case did the same work although AWS ordered the Map iterations differently (timeouts/test_service_lambda_map_timeout)', async () => {
    // AWS recorded the four TaskTimedOut events in the order of iterations 0, 2, 1, 3; Stepscope
    // orders them 0, 1, 2, 3, which the position-by-position conformance check rejects.
    const testCase = loadCase(JSON.parse(readFileSync(join(CORPUS, 'timeouts/test_service_lambda_map_timeout.json'), 'utf8')) as Json) as ExecutionCase;
    const { run } = await runCase(testCase);
    const recorded = testCase.expected.history as unknown as HistoryEvent[];
    const local = run!.events;
    // The recording's run-time values are placeholders (`<region>`, `<uuid:1>`): match them as the corpus does.
    const valuesMatch = (l: Json, r: Json, field: string) => matchValue(l, r, { jsonText: true, key: field }) === undefined;
    const c = compareHistories(recorded, local, { valuesMatch });
    expect(c.divergence).toBeNull();
    expect(c.reordered).toBe(true);
    expect(c.rows.filter((r) => r.left !== r.right).map((r) => recorded[r.left!].type)).toEqual(['TaskTimedOut', 'TaskTimedOut']);
    // Position by position, the same two histories differ at the second TaskTimedOut.
    const byPosition = recorded.findIndex((e, i) => e.type === 'TaskTimedOut' && e.previousEventId !== local[i].previousEventId);
    expect(byPosition).toBeGreaterThan(0);
  });
});

