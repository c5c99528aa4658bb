import { describe, expect, it } from 'vitest';
import { normaliseParallelBranches } from '../../../src-main/common/conformance/normaliseParallel';
import { compareRun } from '../../../src-main/common/conformance/compareRun';
import { loadCase, type ExecutionCase } from '../../../src-main/common/conformance/conformanceCase';
import type { Json, JsonObject } from '../../../src-main/common/json';

type Ev = { id: number; previousEventId: number; type: string; [k: string]: Json };

function ev(id: number, previousEventId: number, type: string, details: JsonObject = {}): Ev {
  return { id, previousEventId, type, timestamp: '2024-01-01T00:00:00.000Z', ...details };
}

function summary(events: readonly { id: unknown; previousEventId: unknown; type: string }[]): string[] {
  return events.map((e) => `${JSON.stringify(e.id)} ${String(e.previousEventId)} ${e.type}`);
}

describe('normaliseParallelBranches', () => {
  it('rewrites branch events to id [0] and drops ParallelStateSucceeded before ParallelStateExited (assign/test_base_parallel_cases__BASE_SCOPE_PARALLEL)', () => {
    const raw = [
      ev(1, 0, 'ExecutionStarted'),
      ev(2, 0, 'PassStateEntered'),
      ev(3, 2, 'PassStateExited'),
      ev(4, 3, 'ParallelStateEntered'),
      ev(5, 4, 'ParallelStateStarted'),
      ev(6, 5, 'PassStateEntered'),
      ev(7, 5, 'PassStateEntered'),
      ev(8, 6, 'PassStateExited'),
      ev(9, 5, 'PassStateEntered'),
      ev(10, 7, 'PassStateExited'),
      ev(11, 9, 'PassStateExited'),
      ev(12, 11, 'ParallelStateSucceeded'),
      ev(13, 11, 'ParallelStateExited'),
      ev(14, 13, 'ExecutionSucceeded'),
    ];
    expect(summary(normaliseParallelBranches(raw))).toEqual([
      '1 0 ExecutionStarted',
      '2 0 PassStateEntered',
      '3 2 PassStateExited',
      '4 3 ParallelStateEntered',
      '5 4 ParallelStateStarted',
      '[0] 0 PassStateEntered',
      '[0] 0 PassStateEntered',
      '[0] 0 PassStateExited',
      '[0] 0 PassStateEntered',
      '[0] 0 PassStateExited',
      '[0] 0 PassStateExited',
      '13 11 ParallelStateExited',
      '14 13 ExecutionSucceeded',
    ]);
    // The input list and its events are left alone.
    expect(raw[5].id).toBe(6);
    expect(raw).toHaveLength(14);
  });

  it('reproduces the recording quirks around nested Parallel states (scenarios/test_parallel_state_nested)', () => {
    const raw = [
      ev(1, 0, 'ExecutionStarted'),
      ev(2, 0, 'ParallelStateEntered'),
      ev(3, 2, 'ParallelStateStarted'),
      ev(4, 3, 'ParallelStateEntered'),
      ev(5, 4, 'ParallelStateStarted'),
      ev(6, 5, 'PassStateEntered'),
      ev(7, 6, 'PassStateExited'),
      ev(8, 7, 'ParallelStateSucceeded'),
      ev(9, 8, 'ParallelStateExited'),
      ev(10, 9, 'ParallelStateSucceeded'),
      ev(11, 9, 'ParallelStateExited'),
      ev(12, 11, 'ExecutionSucceeded'),
    ];
    // As recorded: the inner ParallelStateStarted keeps its id, both Succeeded events and the
    // inner Exited are dropped.
    expect(summary(normaliseParallelBranches(raw))).toEqual([
      '1 0 ExecutionStarted',
      '2 0 ParallelStateEntered',
      '3 2 ParallelStateStarted',
      '[0] 0 ParallelStateEntered',
      '5 4 ParallelStateStarted',
      '[0] 0 PassStateEntered',
      '[0] 0 PassStateExited',
      '11 9 ParallelStateExited',
      '12 11 ExecutionSucceeded',
    ]);
  });
});

/** A parallel case with two branches of one Pass state each. */
function parallelCase(): ExecutionCase {
  const entered = (name: string): JsonObject => ({ stateEnteredEventDetails: { input: { v: name }, inputDetails: { truncated: false }, name } });
  const exited = (name: string): JsonObject => ({ stateExitedEventDetails: { name, output: { v: name }, outputDetails: { truncated: false } } });
  const json: Json = {
    id: 'scenarios/hand_made_parallel',
    definition: {},
    input: {},
    mockConfig: null,
    expected: {
      status: 'SUCCEEDED',
      output: [{ v: 'A' }, { v: 'B' }],
      historyNormalisation: 'parallel-branches',
      history: [
        { id: 1, previousEventId: 0, type: 'ExecutionStarted' },
        { id: 2, previousEventId: 0, type: 'ParallelStateEntered' },
        { id: 3, previousEventId: 2, type: 'ParallelStateStarted' },
        { id: [0], previousEventId: 0, type: 'PassStateEntered', ...entered('A') },
        { id: [0], previousEventId: 0, type: 'PassStateEntered', ...entered('B') },
        { id: [0], previousEventId: 0, type: 'PassStateExited', ...exited('A') },
        { id: [0], previousEventId: 0, type: 'PassStateExited', ...exited('B') },
        { id: 9, previousEventId: 7, type: 'ParallelStateExited' },
        { id: 10, previousEventId: 9, type: 'ExecutionSucceeded' },
      ],
    },
  };
  return loadCase(json) as ExecutionCase;
}

function parallelRun(order: ('A' | 'B')[], changeB = false) {
  const entered = (name: string): JsonObject => ({ stateEnteredEventDetails: { input: JSON.stringify({ v: name }), inputDetails: { truncated: false }, name } });
  const exited = (name: string): JsonObject => ({
    stateExitedEventDetails: { name, output: JSON.stringify({ v: changeB && name === 'B' ? 'changed' : name }), outputDetails: { truncated: false } },
  });
  const branch: Ev[] = [];
  let id = 4;
  for (const name of order) branch.push(ev(id++, 3, 'PassStateEntered', entered(name)));
  for (const name of order) branch.push(ev(id++, id - 3, 'PassStateExited', exited(name)));
  return {
    status: 'SUCCEEDED',
    output: [{ v: 'A' }, { v: 'B' }],
    events: [
      ev(1, 0, 'ExecutionStarted'),
      ev(2, 0, 'ParallelStateEntered'),
      ev(3, 2, 'ParallelStateStarted'),
      ...branch,
      ev(8, 7, 'ParallelStateSucceeded'),
      ev(9, 7, 'ParallelStateExited'),
      ev(10, 9, 'ExecutionSucceeded'),
    ],
  };
}

describe('compareRun with parallel-branches normalisation', () => {
  it('matches branch events in any order', () => {
    expect(compareRun(parallelCase(), parallelRun(['A', 'B']))).toEqual({ ok: true });
    expect(compareRun(parallelCase(), parallelRun(['B', 'A']))).toEqual({ ok: true });
  });

  it('finds a changed branch event inside a block and shows the closest candidate', () => {
    expect(compareRun(parallelCase(), parallelRun(['B', 'A'], true))).toEqual({
      ok: false,
      firstMismatch: {
        where: 'history[3..6] (parallel block) expected PassStateExited #3 of the block.stateExitedEventDetails.output.v',
        expected: 'B',
        actual: 'changed',
        message: 'no matching PassStateExited event in the actual block; closest: expected "B", got "changed"',
      },
    });
  });

  it('reports a block of a different size', () => {
    const run = parallelRun(['A', 'B']);
    run.events.splice(4, 1);
    const result = compareRun(parallelCase(), run);
    expect(result).toMatchObject({ ok: false, firstMismatch: { where: 'history[3..6] (parallel block)' } });
    if (!result.ok) expect(result.firstMismatch.message).toMatch(/parallel block has 3 events, expected 4/);
  });
});
