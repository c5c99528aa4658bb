import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import type { TaskInvoker } from '../../../src-main/common/engine/ports';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import { dataflowSteps, explainJsonataChoiceVisit, findStateDefinition, readableCause } from '../../../src-main/common/debug/dataflowSteps';
import { visitsFromEvents } from '../../../src-main/common/history/visits';
import { corpusCase, corpusCaseIds, exampleDefinition, runExample } from '../history/runExample';

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

describe('dataflowSteps: which Choice rule matched', () => {
  it('explains each CheckReport visit of the polling loop and agrees with the history', async () => {
    const events = await runExample('choice-loop', 'HappyPath');
    const { definition } = exampleDefinition('choice-loop');
    const first = report(definition, events, 'IsReportReady', 0);
    expect(first.choice?.kind).toBe('explained');
    if (first.choice?.kind !== 'explained') return;
    expect(first.choice.explanation.rules.map((r) => r.explanation.outcome)).toEqual(['false', 'false', 'false']);
    expect(first.choice.explanation.rules[0].explanation.text).toBe('$.check.status reads "RUNNING": "RUNNING" = "SUCCEEDED" is false.');
    expect(first.choice.explanation.result).toEqual({ kind: 'default', next: 'WaitBeforeCheck' });
    expect(first.choice.taken).toEqual({ kind: 'next', next: 'WaitBeforeCheck' });
    expect(first.choice.disagreement).toBeUndefined();
    const last = report(definition, events, 'IsReportReady', 2);
    expect(last.choice?.kind === 'explained' && last.choice.explanation.result).toEqual({ kind: 'matched', index: 0, next: 'ReportReady' });
  });

  it('says plainly when the definition no longer picks what the history took', async () => {
    const events = await runExample('choice-loop', 'HappyPath');
    const definition = structuredClone(exampleDefinition('choice-loop').definition);
    const rules = (definition.States.IsReportReady as { Choices: { StringEquals?: string }[] }).Choices;
    rules[0].StringEquals = 'RUNNING';
    const r = report(definition, events, 'IsReportReady', 0);
    expect(r.choice?.kind === 'explained' && r.choice.disagreement).toBe(
      'Evaluated now, rule 1 matches (Next: ReportReady), but the history went to WaitBeforeCheck: the definition (or the input or variables) is not what this execution ran with.',
    );
  });

  it('says the rules cannot be evaluated without the state input', async () => {
    const events = (await runExample('choice-loop', 'HappyPath')).map((e) => JSON.parse(JSON.stringify(e, (k, v) => (k === 'input' || k === 'output' ? undefined : v))) as HistoryEvent);
    const r = report(exampleDefinition('choice-loop').definition, events, 'IsReportReady', 0);
    expect(r.choice).toEqual({ kind: 'unknown', reason: expect.stringMatching(/does not carry the state input/), taken: { kind: 'next', next: 'WaitBeforeCheck' } });
  });

  it('is pending while the visit has not decided, at a cursor inside it', async () => {
    const events = await runExample('choice-loop', 'HappyPath');
    const entered = events.findIndex((e) => e.type === 'ChoiceStateEntered');
    const r = report(exampleDefinition('choice-loop').definition, events.slice(0, entered + 1), 'IsReportReady', 0);
    expect(r.choice?.kind === 'explained' && r.choice.taken).toEqual({ kind: 'pending' });
  });

  it('evaluates a JSONata Choice\'s Conditions with the variables the history shows', async () => {
    const events = await runExample('jsonata-orders', 'HappyPath');
    const r = report(exampleDefinition('jsonata-orders').definition, events, 'CheckTotal');
    expect(r.choice?.kind).toBe('pending');
    if (r.choice?.kind !== 'pending') return;
    expect(r.choice.request.variables).toMatchObject({ subtotal: expect.any(Number), discountPercent: 10 });
    const done = await explainJsonataChoiceVisit(r.choice);
    expect(done.kind).toBe('explained');
    if (done.kind !== 'explained') return;
    expect(done.explanation.rules[0].explanation).toMatchObject({ kind: 'condition', outcome: 'false' });
    expect(done.explanation.result).toEqual({ kind: 'default', next: 'Confirm' });
    expect(done.disagreement).toBeUndefined();
    expect(done.caveats).toEqual([]);
  });

  it('shows the matched rule\'s Assign and Output, not the state\'s', async () => {
    const definition = {
      QueryLanguage: 'JSONata' as const,
      StartAt: 'Pick',
      States: {
        Pick: {
          Type: 'Choice' as const,
          Choices: [{ Condition: '{% $states.input.n > 1 %}', Assign: { picked: 'big' }, Output: { size: 'big' }, Next: 'Done' }],
          Default: 'Done',
          Assign: { picked: 'small' },
        },
        Done: { Type: 'Succeed' as const },
      },
    };
    const { runExecution } = await import('../../../src-main/common/engine/interpreter');
    const run = await runExecution({ definition: definition as never, input: { n: 2 }, invoker: { invoke: async () => ({ kind: 'success', output: null }) } as never });
    const r = report(definition as never, run.events, 'Pick');
    // Both the rule and Default lead to Done: the owner comes from evaluating the Conditions, which is asynchronous.
    const pending = r.choice?.kind === 'pending' ? await explainJsonataChoiceVisit(r.choice) : undefined;
    expect(pending?.kind === 'explained' && pending.explanation.result).toEqual({ kind: 'matched', index: 0, next: 'Done' });
    expect(r.steps.find((s) => s.field === 'Assign')).toMatchObject({ value: { picked: 'big' } });
    expect(r.steps.find((s) => s.field === 'Assign')?.expression).toBeUndefined();
    expect(r.notes).toContain('Which rule matched cannot be told from the history alone, so the Output and Assign shown are not attributed to a rule.');
    const p = visitsFromEvents(run.events);
    const resolved = dataflowSteps(definition as never, run.events, p, p.visits.find((v) => v.state === 'Pick')!.index, pending);
    expect(resolved.steps.find((s) => s.field === 'Assign')).toMatchObject({ expression: { picked: 'big' }, value: { picked: 'big' } });
    expect(resolved.steps.find((s) => s.field === 'Output')).toMatchObject({ expression: { size: 'big' }, value: { size: 'big' } });
  });

  it('agrees with AWS on every Choice visit of the recorded corpus it can evaluate', () => {
    let explained = 0;
    for (const id of corpusCaseIds()) {
      if (id.startsWith('validation/') || id.startsWith('choice_operators/')) continue;
      const { definition, history } = corpusCase(id);
      if (history.length === 0) continue;
      const p = visitsFromEvents(history);
      for (const v of p.visits) {
        if (v.stateType !== 'Choice') continue;
        const r = dataflowSteps(definition, history, p, v.index);
        if (r.choice?.kind !== 'explained') continue;
        expect(r.choice.disagreement, `${id} visit ${v.index}`).toBeUndefined();
        if (r.choice.explanation.result.kind !== 'unknown') explained++;
      }
    }
    expect(explained).toBeGreaterThan(10);
  });
});

describe('dataflowSteps: JSONata steps read from events', () => {
  it('shows a JSONata Fail state\'s Error and Cause expressions with the values the execution failed with', async () => {
    const events = await runExample('jsonata-orders', 'NoDiscount');
    const { definition } = exampleDefinition('jsonata-orders');
    const check = report(definition, events, 'CheckTotal');
    const done = check.choice?.kind === 'pending' ? await explainJsonataChoiceVisit(check.choice) : undefined;
    expect(done?.kind === 'explained' && done.explanation.result).toEqual({ kind: 'matched', index: 0, next: 'NeedsReview' });
    const r = report(definition, events, 'NeedsReview');
    expect(r.steps.map((s) => s.field)).toEqual(['State input', 'Error', 'Cause']);
    expect(r.steps[1]).toMatchObject({ expression: 'Order.NeedsReview', value: 'Order.NeedsReview', source: 'event' });
    expect(r.steps[2].expression).toMatch(/^\{% 'Order ' & \$orderId/);
    expect(r.steps[2].value).toMatch(/^Order ORD-9001 totals .*, over the 500 limit$/);
  });
});

describe('dataflowSteps: a Distributed Map\'s Map Run', () => {
  it('summarises the Map Run an AWS history records (items, outcome, duration), without its children', () => {
    const { definition, history } = corpusCase('assign/test_reference_in_map_state__MAP_STATE_REFERENCE_IN_ITEM_SELECTOR');
    const r = report(definition, history, 'MapState');
    const started = history.findIndex((e) => e.type === 'MapRunStarted');
    expect(r.mapRun).toEqual({
      mapRunArn: expect.stringContaining(':mapRun:'),
      startedEventId: history[started].id,
      startedAt: started,
      itemCount: 3,
      status: 'succeeded',
      error: null,
      cause: null,
      // The corpus replaces timestamps with a placeholder: no duration can be told.
      durationMs: null,
    });
  });

  it('is running until the Map Run has an outcome, and absent for an inline Map', async () => {
    const { definition, history } = corpusCase('assign/test_reference_in_map_state__MAP_STATE_REFERENCE_IN_ITEM_SELECTOR');
    const upTo = history.findIndex((e) => e.type === 'MapRunStarted');
    expect(report(definition, history.slice(0, upTo + 1), 'MapState').mapRun).toMatchObject({ status: 'running', durationMs: null });
    const events = await runExample('order-pipeline', 'HappyPath');
    expect(report(exampleDefinition('order-pipeline').definition, events, 'ShipItems').mapRun).toBeUndefined();
  });
});

describe('readableCause', () => {
  it('shows a JSON-text cause (a Lambda error) as the JSON it holds and any other cause as it is', () => {
    expect(readableCause('{"errorMessage":"boom","stackTrace":["at x"]}')).toEqual({ errorMessage: 'boom', stackTrace: ['at x'] });
    expect(readableCause('Insufficient funds')).toBe('Insufficient funds');
    expect(readableCause('{not json')).toBe('{not json');
    expect(readableCause(null)).toBeNull();
  });
});

describe('dataflowSteps picks the Catcher the engine picks (issue #15: one error-matching rule)', () => {
  it('sends a Task failing with States.Permissions under Catch [States.TaskFailed → A, States.ALL → B] to B', async () => {
    const definition = {
      StartAt: 'Work',
      States: {
        Work: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:111111111111:function:work',
          Catch: [
            { ErrorEquals: ['States.TaskFailed'], Next: 'A' },
            { ErrorEquals: ['States.ALL'], Next: 'B' },
          ],
          End: true,
        },
        A: { Type: 'Pass', End: true },
        B: { Type: 'Pass', End: true },
      },
    } as unknown as StateMachineDefinition;
    const invoker: TaskInvoker = { invoke: () => ({ kind: 'failure', failure: { error: 'States.Permissions', cause: 'not allowed' } }) };
    const run = await runExecution({ definition, input: {}, invoker, seed: 0, startTime: Date.UTC(2024, 0, 1) });
    const entered = run.events.filter((e) => e.type === 'PassStateEntered').map((e) => (e.stateEnteredEventDetails as { name: string }).name);
    expect(entered).toEqual(['B']);
    const r = report(definition, run.events, 'Work');
    const catchStep = r.steps.find((s) => s.field === 'Catch ResultPath');
    expect(catchStep?.explanation).toBe('The Catcher for States.ALL places the error output into the state input, then goes to B.');
    expect(r.notes).toEqual([]);
  });
});
