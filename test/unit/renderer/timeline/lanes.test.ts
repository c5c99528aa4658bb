import { describe, expect, it } from 'vitest';
import { visitsFromEvents } from '@common/history/visits';
import { positionAtX, toTimelineLanes } from '../../../../src-renderer/features/timeline/lanes';
import { corpusCase, runExample } from '../../history/runExample';

describe('timeline lanes', () => {
  it('gives each state one lane in order of first visit, and each visit a bar on the event axis', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const p = visitsFromEvents(events);
    const lanes = toTimelineLanes(events, p, 'events');
    expect(lanes.lanes).toEqual(['ValidateOrder', 'IsValid', 'ChargeCard', 'Fulfil', 'ShipItems', 'WaitForWarehouse', 'Ship', 'SendEmail', 'Done']);
    const ships = p.visits.filter((v) => v.state === 'Ship').map((v) => v.index);
    expect(ships.map((i) => lanes.lane[i])).toEqual([6, 6, 6]);
    const charge = p.visits.find((v) => v.state === 'ChargeCard')!;
    expect([lanes.start[charge.index], lanes.end[charge.index]]).toEqual([8, 18]);
  });

  it('measures elapsed time on the time axis (the one-hour wait)', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const p = visitsFromEvents(events);
    const lanes = toTimelineLanes(events, p, 'time');
    const wait = p.visits.find((v) => v.state === 'WaitForWarehouse')!;
    expect(lanes.end[wait.index] - lanes.start[wait.index]).toBe(3_600_000);
    expect(positionAtX(lanes, 3_600_000 + 6_000)).toBeGreaterThan(wait.enteredAt);
  });

  it('falls back to the event axis when timestamps are not dates (a normalised recording)', () => {
    const { history } = corpusCase('assign/test_base_parallel_cases__BASE_SCOPE_PARALLEL');
    expect(toTimelineLanes(history, visitsFromEvents(history), 'time').scale).toBe('events');
  });

  it('leaves an open visit without an end', async () => {
    const events = (await runExample('order-pipeline', 'HappyPath')).slice(0, 12);
    const p = visitsFromEvents(events);
    expect(Number.isNaN(toTimelineLanes(events, p, 'events').end[p.visits.length - 1])).toBe(true);
  });
});
