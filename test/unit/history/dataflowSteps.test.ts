import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import { dataflowSteps, findStateDefinition } from '../../../src-main/common/history/dataflowSteps';
import { visitsFromEvents } from '../../../src-main/common/history/visits';
import { corpusCase, corpusCaseIds, exampleDefinition, runExample } from './runExample';

function report(definition: Parameters<typeof dataflowSteps>[0], events: HistoryEvent[], state: string, nth = 0) {
  const p = visitsFromEvents(events);
  const visit = p.visits.filter((v) => v.state === state)[nth];
  return dataflowSteps(definition, events, p, visit.index);
}

describe('dataflowSteps with the definition (order-pipeline)', () => {
  it('shows ChargeCard\'s steps in AWS order with each expression and value', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const r = report(exampleDefinition('order-pipeline').definition, events, 'ChargeCard');
    expect(r.steps.map((s) => s.field)).toEqual(['State input', 'InputPath', 'Parameters', 'Task result', 'ResultPath', 'OutputPath', 'State output']);
    const byField = Object.fromEntries(r.steps.map((s) => [s.field, s]));
    expect(byField.InputPath.defaulted).toBe('$: the whole input');
    expect(byField.Parameters.value).toEqual({ orderId: 'A-1001', amount: 42.5, idempotencyKey: 'A-1001-charge' });
    expect(byField.Parameters.source).toBe('event');
    expect(byField['Task result'].explanation).toContain('after 2 retries');
    expect(byField.ResultPath.expression).toBe('$.payment');
    expect(byField.ResultPath.value).toMatchObject({ orderId: 'A-1001', payment: { chargeId: 'ch_123', status: 'captured' } });
    expect(byField.ResultPath.source).toBe('computed');
    expect(r.notes).toEqual([]);
  });

  it('recomputes ResultSelector between the task result and ResultPath', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const r = report(exampleDefinition('order-pipeline').definition, events, 'ValidateOrder');
    const selector = r.steps.find((s) => s.field === 'ResultSelector');
    expect(selector?.value).toEqual({ valid: true, total: 42.5 });
  });

  it('shows a Map\'s items, each iteration\'s input and the iteration results', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const r = report(exampleDefinition('order-pipeline').definition, events, 'ShipItems');
    const byField = Object.fromEntries(r.steps.map((s) => [s.field, s]));
    expect(byField.ItemsPath.value).toEqual([{ sku: 'mug' }, { sku: 'tee' }, { sku: 'cap' }]);
    expect(byField.ItemSelector.value).toEqual([{ sku: 'mug', orderId: 'A-1001' }, { sku: 'tee', orderId: 'A-1001' }, { sku: 'cap', orderId: 'A-1001' }]);
    expect(byField['Iteration results'].value).toHaveLength(3);
  });

  it('shows the error and the Catcher\'s ResultPath of a caught failure', async () => {
    const events = await runExample('order-pipeline', 'CardDeclined');
    const r = report(exampleDefinition('order-pipeline').definition, events, 'ChargeCard');
    expect(r.steps.map((s) => s.field)).toEqual(['State input', 'InputPath', 'Parameters', 'Error', 'Catch ResultPath', 'State output']);
    expect(r.steps[4].value).toMatchObject({ error: { Error: 'Payments.Declined', Cause: 'Insufficient funds' } });
    const fail = report(exampleDefinition('order-pipeline').definition, events, 'PaymentDeclined');
    expect(fail.steps.find((s) => s.field === 'Cause')?.value).toBe('Payment for order A-1001 was declined');
  });

  it('says what is not known yet while the visit is open', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const upTo = events.findIndex((e) => e.type === 'LambdaFunctionFailed');
    const r = report(exampleDefinition('order-pipeline').definition, events.slice(0, upTo), 'ChargeCard');
    expect(r.steps.find((s) => s.field === 'Task result')?.unknown).toBe('The task has not returned yet.');
    expect(r.notes).toContain('The visit has not finished: later steps appear as the execution goes on.');
  });
});

describe('dataflowSteps with JSONata (jsonata-orders)', () => {
  it('shows Arguments, the task result, Output and Assign from the events', async () => {
    const events = await runExample('jsonata-orders', 'HappyPath');
    const r = report(exampleDefinition('jsonata-orders').definition, events, 'GetDiscount');
    expect(r.queryLanguage).toBe('JSONata');
    expect(r.steps.map((s) => s.field)).toEqual(['State input', 'Arguments', 'Task result', 'Output', 'Assign', 'State output']);
    expect(r.steps[4].value).toEqual({ discountPercent: 10 });
  });
});

describe('dataflowSteps on imported histories', () => {
  it('without a definition, shows the recorded values and says the expressions are unknown', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const r = report(null, events, 'ChargeCard');
    expect(r.notes[0]).toMatch(/No definition came with this execution/);
    expect(r.steps.map((s) => s.field)).toEqual(['State input', 'Parameters', 'Task result', 'State output']);
    expect(r.steps[2].value).toEqual({ chargeId: 'ch_123', status: 'captured' });
    expect(r.steps.every((s) => s.expression === undefined)).toBe(true);
  });

  it('without payloads (exported without execution data), says the payload is not in the history', async () => {
    const events = (await runExample('order-pipeline', 'HappyPath')).map((e) => JSON.parse(JSON.stringify(e, (k, v) => (k === 'input' || k === 'output' || k === 'parameters' ? undefined : v))) as HistoryEvent);
    const r = report(exampleDefinition('order-pipeline').definition, events, 'ChargeCard');
    expect(r.steps[0].unknown).toMatch(/does not carry this payload/);
    expect(r.steps.find((s) => s.field === 'ResultPath')?.unknown).toBe('The state input is unknown.');
  });

  it('reports a definition that does not match the history', async () => {
    const events = await runExample('order-pipeline', 'HappyPath');
    const definition = structuredClone(exampleDefinition('order-pipeline').definition);
    (definition.States.ChargeCard as { ResultPath?: string }).ResultPath = '$.other';
    expect(report(definition, events, 'ChargeCard').notes.join(' ')).toMatch(/differs from the output the history recorded/);
  });

  it('never throws on any recorded AWS history, and agrees with the recorded output of every exited JSONPath visit it can recompute', () => {
    let agreed = 0;
    for (const id of corpusCaseIds()) {
      if (id.startsWith('validation/') || id.startsWith('choice_operators/')) continue;
      const { definition, history } = corpusCase(id);
      if (history.length === 0) continue;
      const p = visitsFromEvents(history);
      for (const v of p.visits) {
        const r = dataflowSteps(definition, history, p, v.index);
        expect(r.steps.length, id).toBeGreaterThan(0);
        if (r.notes.some((n) => n.includes('differs'))) continue;
        if (r.steps.some((s) => s.source === 'computed')) agreed++;
      }
    }
    expect(agreed).toBeGreaterThan(500);
  });

  it('finds states nested in Parallel branches and Map item processors', () => {
    const { definition } = exampleDefinition('order-pipeline');
    expect(findStateDefinition(definition, 'Ship')?.state.Type).toBe('Task');
    expect(findStateDefinition(definition, 'SendEmail')?.state.Type).toBe('Task');
    expect(findStateDefinition(definition, 'Nope')).toBeUndefined();
    expect(findStateDefinition(null, 'Ship')).toBeUndefined();
  });
});
