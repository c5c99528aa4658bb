import { describe, expect, it } from 'vitest';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import { evaluateWatch, scopeAt, variablesInScope } from '../../../src-main/common/debug/variablesInScope';
import { visitsFromEvents } from '../../../src-main/common/history/visits';

const invoker = { invoke: async () => ({ kind: 'success', output: null }) } as never;

/** A JSONata machine: Init assigns; a Parallel's branches each assign their own; a Map's iterations see the outer variables. */
const definition = {
  QueryLanguage: 'JSONata',
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Assign: { subtotal: 40, discountPercent: 10 }, Next: 'Both' },
    Both: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Left', States: { Left: { Type: 'Pass', Assign: { side: 'left' }, Next: 'LeftDone' }, LeftDone: { Type: 'Pass', End: true } } },
        { StartAt: 'Right', States: { Right: { Type: 'Pass', Assign: { side: 'right', other: 1 }, End: true } } },
      ],
      Next: 'Each',
    },
    Each: {
      Type: 'Map',
      Items: '{% [1, 2, 3] %}',
      ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', Output: '{% $states.input * $subtotal %}', End: true } } },
      Assign: { done: true },
      End: true,
    },
  },
};

describe('variablesInScope (the Variables view)', async () => {
  const run = await runExecution({ definition: definition as never, input: { n: 1 }, invoker, seed: 0, startTime: Date.UTC(2024, 0, 1) });
  const p = visitsFromEvents(run.events);
  const visit = (state: string, nth = 0) => p.visits.filter((v) => v.state === state)[nth];
  const last = run.events.length - 1;

  it('gives the variables assigned before, with the state that assigned them', () => {
    const vars = variablesInScope(p, visit('Both'), visit('Both').enteredAt);
    expect(vars.map((v) => [v.name, v.value, v.assignedBy.state])).toEqual([
      ['subtotal', 40, 'Init'],
      ['discountPercent', 10, 'Init'],
    ]);
    expect(run.events[vars[0].assignedBy.position].type).toBe('PassStateExited');
  });

  it('keeps a Parallel branch\'s variables to that branch: the sibling and the outer scope do not see them', () => {
    const inLeft = variablesInScope(p, visit('LeftDone'), last).map((v) => [v.name, v.value]);
    expect(inLeft).toEqual([
      ['subtotal', 40],
      ['discountPercent', 10],
      ['side', 'left'],
    ]);
    const outside = variablesInScope(p, visit('Each'), last).map((v) => v.name);
    expect(outside).toEqual(['subtotal', 'discountPercent', 'done']);
  });

  it('is as at the position: a later assignment is not there yet', () => {
    expect(variablesInScope(p, visit('Init'), visit('Init').enteredAt)).toEqual([]);
  });

  it('gives $states and the Map item inside an iteration', () => {
    const scope = scopeAt(run.events, p, visit('Item', 1), last);
    expect(scope.mapItem?.index).toBe(visit('Item', 1).iteration);
    expect(scope.states.input).toBe(scope.mapItem?.input);
    expect(scope.states.context).toMatchObject({ State: { Name: 'Item' }, Map: { Item: { Index: scope.mapItem?.index } } });
  });

  it('evaluates watch expressions with the engine\'s JSONata and JSONPath evaluators', async () => {
    const scope = scopeAt(run.events, p, visit('Item', 1), last);
    expect(await evaluateWatch('$subtotal * (1 - $discountPercent / 100)', 'JSONata', scope)).toEqual({ ok: true, value: 36 });
    expect(await evaluateWatch('{% $states.input * 2 %}', 'JSONata', scope)).toEqual({ ok: true, value: (scope.states.input as number) * 2 });
    expect(await evaluateWatch('$subtotal', 'JSONPath', scope)).toEqual({ ok: true, value: 40 });
    expect(await evaluateWatch('$$.State.Name', 'JSONPath', scope)).toEqual({ ok: true, value: 'Item' });
    const bad = await evaluateWatch('$subtotal +', 'JSONata', scope);
    expect(bad.ok).toBe(false);
    const missing = await evaluateWatch('$.nothing', 'JSONPath', scope);
    expect(missing.ok).toBe(false);
  });
});
