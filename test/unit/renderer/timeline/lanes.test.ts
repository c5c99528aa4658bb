import { describe, expect, it } from 'vitest';
import { runExecution } from '../../../../src-main/common/engine/interpreter';
import type { StateMachineDefinition } from '../../../../src-main/common/asl/types';
import { visitsFromEvents } from '@common/history/visits';
import { CAUSE_MAX, groupTextAt, shortCause, ITERATION_LIMIT, positionAtX, scopeTextAt, toTimelineLanes, visitDetails, type TimelineRow } from '../../../../src-renderer/features/timeline/lanes';
import { corpusCase, runExample } from '../../history/runExample';
import { redriveExecution } from '../../../../src-main/common/debug/fork';

/** The rows as `depth label` lines, for whole-structure assertions. */
const outline = (rows: TimelineRow[]) => rows.map((r) => `${'  '.repeat(r.depth)}${r.kind === 'group' ? `[${r.expanded ? '-' : '+'}] ` : ''}${r.label}`);

/** A Map over `n` items whose iteration fails for the items listed in `fail` (no Catch: the Map fails). */
async function mapRun(n: number, fail: number[]) {
  const definition = {
    StartAt: 'ProcessItems',
    States: {
      ProcessItems: {
        Type: 'Map',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Check',
          States: {
            Check: { Type: 'Choice', Choices: [{ Variable: '$.bad', BooleanEquals: true, Next: 'Broken' }], Default: 'Fine' },
            Fine: { Type: 'Pass', End: true },
            Broken: { Type: 'Fail', Error: 'Item.Bad', Cause: 'bad item' },
          },
        },
        End: true,
      },
    },
  } as unknown as StateMachineDefinition;
  const input = Array.from({ length: n }, (_, i) => ({ bad: fail.includes(i) }));
  const result = await runExecution({ definition, input, invoker: { invoke: () => Promise.reject(new Error('no tasks')) } as never });
  return result.events;
}

describe('timeline lanes', () => {
  it('groups a Parallel into one group per branch and nests the Map inside it (order-pipeline)', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const p = visitsFromEvents(events);
    const lanes = toTimelineLanes(events, p, 'events');
    expect(outline(lanes.rows)).toEqual([
      'ValidateOrder',
      'IsValid',
      'ChargeCard',
      '[-] Parallel Fulfil · 2 branches',
      '  Branch ShipItems ✓',
      '    [-] Map ShipItems · 3 iterations (3 ✓)',
      '      Iteration 0 ✓',
      '        Ship',
      '      Iteration 1 ✓',
      '        Ship',
      '      Iteration 2 ✓',
      '        Ship',
      '  Branch WaitForWarehouse ✓',
      '    WaitForWarehouse',
      '    SendEmail',
      'Done',
    ]);
    expect(lanes.stateCount).toBe(9);
    // Each Ship visit sits in its own iteration's lane, in iteration order.
    const ships = p.visits.filter((v) => v.state === 'Ship');
    expect(ships.map((v) => lanes.rows[lanes.row[v.index]].key)).toEqual(ships.map((v) => `/Fulfil{ShipItems}/ShipItems[${v.iteration}]/Ship`));
    const charge = p.visits.find((v) => v.state === 'ChargeCard')!;
    expect([lanes.start[charge.index], lanes.end[charge.index]]).toEqual([8, 18]);
  });

  it('tells the iterations\' outcomes and the Map\'s counts as they stand at the cursor', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const p = visitsFromEvents(events);
    const lanes = toTimelineLanes(events, p, 'events');
    const map = lanes.rows.find((r) => r.kind === 'group' && r.stateType === 'Map');
    if (map?.kind !== 'group') throw new Error('no Map group');
    const iterations = lanes.rows.filter((r) => r.kind === 'scope' && r.name.startsWith('Iteration'));
    const ships = p.visits.filter((v) => v.state === 'Ship');
    const before = ships[0].enteredAt - 1;
    expect(groupTextAt(map, before)).toEqual({ label: 'Map ShipItems · 3 iterations (0 ✓, 3 not started)', counts: '×3 …3' });
    expect(iterations.map((r) => (r.kind === 'scope' ? scopeTextAt(r, before) : ''))).toEqual(['Iteration 0', 'Iteration 1', 'Iteration 2']);
    const firstDone = Math.min(...ships.map((v) => v.endedAt!));
    expect(groupTextAt(map, firstDone).label).toMatch(/^Map ShipItems · 3 iterations \(1 ✓, \d running(, \d not started)?\)$/);
    expect(groupTextAt(map, events.length - 1)).toEqual({ label: 'Map ShipItems · 3 iterations (3 ✓)', counts: '×3 ✓3' });
  });

  it('counts an iteration failed from its failure on', async () => {
    const events = await mapRun(3, [1]);
    const p = visitsFromEvents(events);
    const lanes = toTimelineLanes(events, p, 'events');
    const map = lanes.rows[0];
    if (map.kind !== 'group') throw new Error('no Map group');
    const fail = p.visits.find((v) => v.state === 'Broken')!;
    expect(groupTextAt(map, fail.enteredAt).label).not.toContain('✗');
    expect(groupTextAt(map, events.length - 1).label).toMatch(/1 ✗/);
  });

  it('hides the visits of a collapsed group and keeps the group row for the compound visit', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const p = visitsFromEvents(events);
    const lanes = toTimelineLanes(events, p, 'events', { expanded: new Map([['/Fulfil', false]]) });
    expect(outline(lanes.rows)).toEqual(['ValidateOrder', 'IsValid', 'ChargeCard', '[+] Parallel Fulfil · 2 branches', 'Done']);
    const fulfil = p.visits.find((v) => v.state === 'Fulfil')!;
    expect(lanes.row[fulfil.index]).toBe(3);
    expect(p.visits.filter((v) => v.parent !== null).every((v) => lanes.row[v.index] === -1)).toBe(true);
  });

  it('collapses a Map with many iterations by default and counts succeeded and failed iterations', async () => {
    const events = await mapRun(8, [3]);
    const lanes = toTimelineLanes(events, visitsFromEvents(events), 'events');
    expect(lanes.rows).toHaveLength(1);
    const group = lanes.rows[0];
    expect(group).toMatchObject({ kind: 'group', expanded: false, children: 8 });
    expect(group.label).toMatch(/^Map ProcessItems · 8 iterations \(\d+ ✓, \d+ ✗\)$/);
    if (group.kind !== 'group') throw new Error('not a group');
    expect(group.failed).toBeGreaterThanOrEqual(1);
    expect(group.succeeded + group.failed + group.running).toBe(8);
    expect(group.counts).toBe(`×8${group.succeeded > 0 ? ` ✓${group.succeeded}` : ''} ✗${group.failed}`);
  });

  it('shows at most ITERATION_LIMIT iterations of an expanded Map, then a "more" row', async () => {
    const events = await mapRun(ITERATION_LIMIT + 7, []);
    const p = visitsFromEvents(events);
    const lanes = toTimelineLanes(events, p, 'events', { expanded: new Map([['/ProcessItems', true]]) });
    const scopes = lanes.rows.filter((r) => r.kind === 'scope');
    expect(scopes).toHaveLength(ITERATION_LIMIT);
    expect(scopes[0].label).toBe('Iteration 0 ✓');
    expect(lanes.rows.at(-1)).toMatchObject({ kind: 'more', hidden: 7, label: '7 more iterations not shown', group: '/ProcessItems' });
    const late = p.visits.find((v) => v.iteration === ITERATION_LIMIT + 2)!;
    expect(lanes.row[late.index]).toBe(-1);
    const shownAll = toTimelineLanes(events, p, 'events', { expanded: new Map([['/ProcessItems', true]]), shown: new Map([['/ProcessItems', 1000]]) });
    expect(shownAll.rows.some((r) => r.kind === 'more')).toBe(false);
  });

  it('gives each retry a back-off gap from the failed attempt to the next one (ChargeCard, 2 retries)', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const p = visitsFromEvents(events);
    const charge = p.visits.find((v) => v.state === 'ChargeCard')!;
    const time = toTimelineLanes(events, p, 'time');
    expect(Array.from(time.gapVisit)).toEqual([charge.index, charge.index]);
    // IntervalSeconds 2, BackoffRate 2: 2 s, then 4 s.
    expect(Array.from(time.gapEnd).map((e, i) => e - time.gapStart[i])).toEqual([2000, 4000]);
    const byEvents = toTimelineLanes(events, p, 'events');
    expect(Array.from(byEvents.gapStart)).toEqual(charge.attempts.slice(0, 2).map((a) => a.endedAt));
  });

  it('marks Wait bars and compound bars apart from task bars', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const p = visitsFromEvents(events);
    const lanes = toTimelineLanes(events, p, 'events');
    const kindOf = (state: string) => lanes.kind[p.visits.find((v) => v.state === state)!.index];
    expect([kindOf('ChargeCard'), kindOf('WaitForWarehouse'), kindOf('Fulfil'), kindOf('ShipItems')]).toEqual([0, 1, 2, 2]);
  });

  it('describes a visit: path, status, span, attempts and their errors', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const p = visitsFromEvents(events);
    const last = events.length - 1;
    const charge = p.visits.find((v) => v.state === 'ChargeCard')!;
    expect(visitDetails(charge, toTimelineLanes(events, p, 'events'), last)).toEqual({
      title: 'ChargeCard',
      lines: [
        'Task · succeeded',
        'Events #9–#19 (11 events)',
        '3 attempts (2 retries)',
        'Attempt 1: Payments.Throttled: Too many requests',
        'Attempt 2: Payments.Throttled: Too many requests',
      ],
    });
    const ship = p.visits.find((v) => v.state === 'Ship' && v.iteration === 1)!;
    const timeLanes = toTimelineLanes(events, p, 'time');
    const details = visitDetails(ship, timeLanes, last);
    expect(details.lines[0]).toBe('In Fulfil › ShipItems[1] › Ship');
    expect(details.lines[2]).toMatch(/^Start \+\d/);
    // Before the visit's end, only what had happened is told.
    expect(visitDetails(charge, toTimelineLanes(events, p, 'events'), charge.enteredAt).lines).toEqual(['Task · running', 'Events #9– (open)']);
  });

  it('marks a caught failure apart from an uncaught one (CardDeclined)', async () => {
    const events = await runExample('order-pipeline', 'CardDeclined');
    const p = visitsFromEvents(events);
    const charge = p.visits.find((v) => v.state === 'ChargeCard')!;
    const lines = visitDetails(charge, toTimelineLanes(events, p, 'events'), events.length - 1).lines;
    expect(lines[0]).toBe('Task · failed, caught');
    expect(lines).toContain('Error: Payments.Declined: Insufficient funds');
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

describe('shortCause', () => {
  it('shows a Lambda JSON cause by its errorMessage, and cuts long causes', () => {
    expect(shortCause('{"errorMessage":"Some exception was raised.","stackTrace":["  File \\"handler.py\\""]}')).toBe('Some exception was raised.');
    expect(shortCause('insufficient funds')).toBe('insufficient funds');
    const long = shortCause('x'.repeat(500))!;
    expect(long).toHaveLength(CAUSE_MAX);
    expect(long.endsWith('…')).toBe(true);
    expect(shortCause('{broken')).toBe('{broken');
    expect(shortCause(null)).toBeNull();
  });
});

describe('timeline lanes of a redriven execution', () => {
  it('shows a branch a redrive completed as succeeded, and as failed at the cursors of the attempt that failed', async () => {
    const definition = {
      StartAt: 'Book',
      States: {
        Book: {
          Type: 'Parallel',
          End: true,
          Branches: ['Flight', 'Hotel'].map((s) => ({ StartAt: s, States: { [s]: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } })),
        },
      },
    } as unknown as StateMachineDefinition;
    const invoker = { invoke: (req: { stateName: string; invocationIndex: number }) => (req.stateName === 'Hotel' && req.invocationIndex === 0 ? { kind: 'failure', failure: { error: 'SoldOut' } } : { kind: 'success', output: {} }) } as never;
    const original = await runExecution({ definition, input: {}, invoker });
    const events = (await redriveExecution({ definition, events: original.events, invoker })).result.events;
    const rows = toTimelineLanes(events, visitsFromEvents(events), 'events').rows;
    expect(outline(rows)).toEqual(['[-] Parallel Book · 2 branches', '  Branch Flight ✓', '    Flight', '  Branch Hotel ✓', '    Hotel']);
    const hotel = rows.find((r) => r.kind === 'scope' && r.name === 'Branch Hotel') as TimelineRow & { kind: 'scope' };
    const firstEnd = events.findIndex((e) => e.type === 'ExecutionFailed');
    expect(scopeTextAt(hotel, firstEnd)).toBe('Branch Hotel ✗');
    expect(scopeTextAt(hotel, events.length - 1)).toBe('Branch Hotel ✓');
  });
});
