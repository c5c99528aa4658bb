import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import { eventDetailsName } from '../../../src-main/common/history/events';
import { createStateAttributor } from '../../../src-main/common/history/placement';
import { stateStatusesAt, takenTransitionsAt, visitAtCursor, visitStatusAt, visitsFromEvents } from '../../../src-main/common/history/visits';
import { corpusCase, corpusCaseIds, runExample } from './runExample';

function statusesOf(events: HistoryEvent[], cursor: number): Record<string, string> {
  return Object.fromEntries(stateStatusesAt(visitsFromEvents(events), cursor));
}

describe('visitsFromEvents on a local run (order-pipeline HappyPath)', () => {
  it('finds one visit per state entry, nested in the Parallel branch and Map iteration it ran in', async () => {
    const p = visitsFromEvents(await runExample('order-pipeline', 'HappyPath'));
    expect(p.visits.map((v) => [v.path, v.status, v.retries])).toEqual([
      ['ValidateOrder', 'succeeded', 0],
      ['IsValid', 'succeeded', 0],
      ['ChargeCard', 'succeeded', 2],
      ['Fulfil', 'succeeded', 0],
      ['Fulfil › ShipItems', 'succeeded', 0],
      ['Fulfil › WaitForWarehouse', 'succeeded', 0],
      ['Fulfil › ShipItems[0] › Ship', 'succeeded', 0],
      ['Fulfil › ShipItems[1] › Ship', 'succeeded', 0],
      ['Fulfil › ShipItems[2] › Ship', 'succeeded', 0],
      ['Fulfil › SendEmail', 'succeeded', 0],
      ['Done', 'succeeded', 0],
    ]);
    const byPath = new Map(p.visits.map((v) => [v.path, v]));
    expect(byPath.get('Fulfil › SendEmail')?.branch).toBe('WaitForWarehouse');
    expect(byPath.get('Fulfil › ShipItems')?.branch).toBe('ShipItems');
    expect(byPath.get('Fulfil › ShipItems[2] › Ship')?.iteration).toBe(2);
  });

  it('gives interleaved Map iterations their own events by following previousEventId', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const p = visitsFromEvents(events);
    for (const v of p.visits.filter((x) => x.state === 'Ship')) {
      const outputs = v.events.map((pos) => events[pos].type);
      expect(outputs).toEqual(['TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'TaskStateExited']);
      expect(JSON.parse(v.input ?? 'null').sku).toBe(['mug', 'tee', 'cap'][v.iteration ?? -1]);
    }
    expect(p.eventVisit[0]).toBe(-1);
    expect(p.eventVisit[events.length - 1]).toBe(-1);
  });

  it('records the retried charge: failed, then retried, twice, then succeeded', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const charge = visitsFromEvents(events).visits.find((v) => v.state === 'ChargeCard')!;
    expect(charge.changes.map((c) => [events[c.at].type, c.status])).toEqual([
      ['TaskStateEntered', 'running'],
      ['LambdaFunctionFailed', 'failed'],
      ['LambdaFunctionScheduled', 'retried'],
      ['LambdaFunctionFailed', 'failed'],
      ['LambdaFunctionScheduled', 'retried'],
      ['TaskStateExited', 'succeeded'],
    ]);
    expect(charge.attempts.map((a) => a.failure?.error ?? null)).toEqual(['Payments.Throttled', 'Payments.Throttled', null]);
  });

  it('shows each state status at a cursor: running, waiting, not run', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const waitEntered = events.findIndex((e) => e.type === 'WaitStateEntered');
    const s = statusesOf(events, waitEntered);
    expect(s).toEqual({ ValidateOrder: 'succeeded', IsValid: 'succeeded', ChargeCard: 'succeeded', Fulfil: 'running', ShipItems: 'running', WaitForWarehouse: 'waiting' });
    expect(statusesOf(events, 0)).toEqual({});
  });

  it('lists the transitions taken up to the cursor', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const p = visitsFromEvents(events);
    expect([...takenTransitionsAt(p, events.length - 1).keys()]).toEqual([
      'ValidateOrder→IsValid', 'IsValid→ChargeCard', 'ChargeCard→Fulfil', 'WaitForWarehouse→SendEmail', 'Fulfil→Done',
    ]);
    expect([...takenTransitionsAt(p, 7).keys()]).toEqual(['ValidateOrder→IsValid']);
  });

  it('picks the visit to show for a state at a cursor', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const p = visitsFromEvents(events);
    const secondShip = p.visits.filter((v) => v.state === 'Ship')[1];
    expect(visitAtCursor(p, 'Ship', secondShip.enteredAt)?.index).toBe(secondShip.index);
    expect(visitAtCursor(p, 'Ship', 0)?.iteration).toBe(0);
    expect(visitAtCursor(p, 'Nowhere', 10)).toBeUndefined();
  });
});

describe('visitsFromEvents on failures', () => {
  it('marks a caught failure as caught, and the Fail state and its transition', async () => {
    const events = await runExample('order-pipeline', 'CardDeclined');
    const p = visitsFromEvents(events);
    expect(p.visits.map((v) => [v.state, v.status])).toEqual([
      ['ValidateOrder', 'succeeded'], ['IsValid', 'succeeded'], ['ChargeCard', 'caught'], ['PaymentDeclined', 'failed'],
    ]);
    expect(p.transitions.find((t) => t.to === 'PaymentDeclined')?.kind).toBe('catch');
    const failedAt = events.findIndex((e) => e.type === 'LambdaFunctionFailed');
    expect(visitStatusAt(p.visits[2], failedAt)).toBe('failed');
    expect(visitStatusAt(p.visits[2], failedAt + 1)).toBe('caught');
    expect(p.visits[2].error).toEqual({ error: 'Payments.Declined', cause: 'Insufficient funds' });
    expect(p.endedAt).toBe(events.length - 1);
  });
});

describe('visitsFromEvents on AWS recordings (conformance corpus)', () => {
  const ids = corpusCaseIds().filter((id) => !id.startsWith('validation/') && !id.startsWith('choice_operators/'));

  it('gives every entered event a visit and every exited event the visit of the same state, in every recorded history', () => {
    let checked = 0;
    for (const id of ids) {
      const { history } = corpusCase(id);
      if (history.length === 0) continue;
      const p = visitsFromEvents(history);
      history.forEach((event, pos) => {
        if (event.type.endsWith('StateEntered') || event.type.endsWith('StateExited')) {
          const v = p.visits[p.eventVisit[pos]];
          expect(v?.state, `${id} event ${pos} ${event.type}`).toBe(eventDetailsName(event));
        }
      });
      for (const v of p.visits) expect(v.changes.length, id).toBeGreaterThan(0);
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('agrees with the store\'s state attribution on the state of every event of histories with real ids', () => {
    for (const id of ids) {
      const { history } = corpusCase(id);
      if (history.length === 0 || history.some((e) => typeof e.id !== 'number')) continue;
      const p = visitsFromEvents(history);
      const attributor = createStateAttributor();
      history.forEach((event, pos) => {
        const expected = attributor.stateOf(event);
        // Both come from event placement now (placement.test.ts checks every event of every history).
        if (expected === null || p.eventVisit[pos] === -1) return;
        if (event.type.endsWith('StateEntered') || event.type.endsWith('StateExited') || /^(Task|Lambda|Activity)/.test(event.type)) {
          expect(p.visits[p.eventVisit[pos]].state, `${id} event ${event.id} ${event.type}`).toBe(expected);
        }
      });
    }
  });

  it('nests the branches of a recorded Parallel under it, even with normalised branch ids', () => {
    const { history } = corpusCase('assign/test_base_parallel_cases__BASE_SCOPE_PARALLEL');
    const p = visitsFromEvents(history);
    expect(p.visits.map((v) => v.path)).toEqual(['State0', 'State1', 'State1 › Branch1', 'State1 › Branch21', 'State1 › Branch31']);
    expect(p.visits.every((v) => v.status === 'succeeded')).toBe(true);
  });

  it('marks a recorded uncaught Task failure failed at the end of the execution', () => {
    const { history } = corpusCase('error_handling/test_task_lambda__test_raise_exception');
    const p = visitsFromEvents(history);
    const last = p.visits[p.visits.length - 1];
    expect(last.status).toBe('failed');
    expect(last.error?.error).toBeTruthy();
  });
});
