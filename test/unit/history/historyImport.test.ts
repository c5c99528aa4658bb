import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import {
  assembleHistory,
  assembleImport,
  checkDefinitionMatchesHistory,
  classifyImportDocument,
  executionFromDocument,
  type ImportDocument,
} from '../../../src-main/common/history/historyImport';
import { definitionFromReconstruction, reconstructFromHistory } from '../../../src-main/common/history/reconstruct';
import { createStateAttributor } from '../../../src-main/common/history/placement';
import type { Json, JsonObject } from '../../../src-main/common/json';
import { validateDefinition } from '../../../src-main/common/asl/validate';

const CORPUS = join(__dirname, '../../../test/fixtures/conformance/aws-recorded');

function ev(id: number, previousEventId: number, type: string, details?: Record<string, Json>): HistoryEvent {
  return { timestamp: `2024-01-01T00:00:00.${String(id).padStart(3, '0')}Z`, type, id, previousEventId, ...(details ?? {}) } as HistoryEvent;
}

const HISTORY: HistoryEvent[] = [
  ev(1, 0, 'ExecutionStarted', { executionStartedEventDetails: { input: '{"a":1}', inputDetails: { truncated: false }, roleArn: 'arn:role' } }),
  ev(2, 0, 'PassStateEntered', { stateEnteredEventDetails: { name: 'First', input: '{"a":1}' } }),
  ev(3, 2, 'PassStateExited', { stateExitedEventDetails: { name: 'First', output: '{"a":1}' } }),
  ev(4, 3, 'TaskStateEntered', { stateEnteredEventDetails: { name: 'Call', input: '{"a":1}' } }),
  ev(5, 4, 'TaskScheduled', { taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke', region: 'us-east-1', parameters: '{}' } }),
  ev(6, 5, 'TaskStarted', { taskStartedEventDetails: { resourceType: 'lambda', resource: 'invoke' } }),
  ev(7, 6, 'TaskSucceeded', { taskSucceededEventDetails: { resourceType: 'lambda', resource: 'invoke', output: '{"b":2}' } }),
  ev(8, 7, 'TaskStateExited', { stateExitedEventDetails: { name: 'Call', output: '{"b":2}' } }),
  ev(9, 8, 'ExecutionSucceeded', { executionSucceededEventDetails: { output: '{"b":2}' } }),
];

const DEFINITION = {
  StartAt: 'First',
  States: { First: { Type: 'Pass', Next: 'Call' }, Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
};

function page(source: string, events: HistoryEvent[], nextToken?: string): ImportDocument {
  const r = classifyImportDocument({ events: events as unknown as Json[], ...(nextToken ? { nextToken } : {}) }, source);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

describe('classifyImportDocument', () => {
  it('recognises history pages, describe-execution, describe-state-machine, definitions and bare event lists', () => {
    expect(classifyImportDocument({ events: [] }, 'h.json')).toMatchObject({ ok: true, value: { kind: 'historyPage' } });
    expect(classifyImportDocument(HISTORY as unknown as Json, 'h.json')).toMatchObject({ ok: true, value: { kind: 'historyPage' } });
    expect(classifyImportDocument({ executionArn: 'arn:aws:states:us-east-1:1:execution:M:e1', status: 'SUCCEEDED', startDate: '2024-01-01T00:00:00.000000+00:00' }, 'd.json')).toMatchObject({
      ok: true,
      value: { kind: 'describeExecution', execution: { startDate: Date.UTC(2024, 0, 1) } },
    });
    expect(classifyImportDocument({ stateMachineArn: 'arn:x', definition: JSON.stringify(DEFINITION), name: 'M' }, 'sm.json')).toMatchObject({ ok: true, value: { kind: 'describeStateMachine', name: 'M' } });
    expect(classifyImportDocument(DEFINITION, 'def.json')).toMatchObject({ ok: true, value: { kind: 'definition' } });
  });

  it('rejects a foreign JSON file naming the file', () => {
    const r = classifyImportDocument({ hello: 'world' }, 'foreign.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ source: 'foreign.json', message: expect.stringContaining('not something Stepscope can import') });
  });

  it('converts epoch-second timestamps (the raw API shape) to ISO text', () => {
    const r = classifyImportDocument({ events: [{ id: 1, previousEventId: 0, type: 'ExecutionStarted', timestamp: 1704067200.5 }] }, 'raw.json');
    expect(r.ok && r.value.kind === 'historyPage' && r.value.events[0].timestamp).toBe('2024-01-01T00:00:00.500Z');
  });

  it('reports an event without an id', () => {
    const r = classifyImportDocument({ events: [{ previousEventId: 0, type: 'ExecutionStarted', timestamp: 't' }] }, 'bad.json');
    expect(r).toMatchObject({ ok: false, problems: [{ source: 'bad.json', message: expect.stringContaining('no valid "id"') }] });
  });
});

describe('assembleHistory', () => {
  it('joins pages given in any order, with events in reverse order', () => {
    const p1 = { source: 'p1.json', events: HISTORY.slice(0, 4).reverse() };
    const p2 = { source: 'p2.json', events: HISTORY.slice(4).reverse() };
    const r = assembleHistory([p2, p1]);
    expect(r.ok && r.value.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reports missing events when a middle page is left out', () => {
    const r = assembleHistory([{ source: 'p1.json', events: HISTORY.slice(0, 3) }, { source: 'p3.json', events: HISTORY.slice(6) }]);
    expect(r).toMatchObject({ ok: false, problems: [{ source: 'p3.json', message: 'events 4 to 6 are missing: the event ids do not chain (a page of the history was not given?)' }] });
  });

  it('reports a missing last page when a page has a nextToken', () => {
    const r = assembleHistory([{ source: 'p1.json', events: HISTORY.slice(0, 5), nextToken: 'abc' }]);
    expect(r).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining('a later page is missing') }] });
  });

  it('reports a previousEventId that points forward', () => {
    const broken = HISTORY.map((e) => (e.id === 5 ? { ...e, previousEventId: 7 } : e));
    expect(assembleHistory([{ source: 'h.json', events: broken }])).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining('event 5 has previousEventId 7') }] });
  });

  it('reports a history that does not start with ExecutionStarted, or holds two executions', () => {
    expect(assembleHistory([{ source: 'h.json', events: HISTORY.slice(1) }])).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining('starts at event 2') }] });
    const two = [...HISTORY, ev(10, 0, 'ExecutionStarted')];
    expect(assembleHistory([{ source: 'h.json', events: two }])).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining('more than one execution') }] });
  });

  it('reports an event id given twice with different contents', () => {
    const dup = [...HISTORY, { ...HISTORY[3], type: 'PassStateEntered' } as HistoryEvent];
    expect(assembleHistory([{ source: 'h.json', events: dup }])).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining('event 4 appears twice') }] });
  });
});

describe('assembleImport', () => {
  it('builds an execution from a history, a describe-execution output and a definition', () => {
    const describe = classifyImportDocument(
      { executionArn: 'arn:aws:states:us-east-1:111111111111:execution:Machine:run-1', stateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:Machine', name: 'run-1', status: 'SUCCEEDED', startDate: 1704067200, stopDate: 1704067201 },
      'describe.json',
    );
    const def = classifyImportDocument(DEFINITION, 'def.json', JSON.stringify(DEFINITION));
    if (!describe.ok || !def.ok) throw new Error('classify');
    const r = assembleImport([page('h.json', HISTORY), describe.value, def.value]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      name: 'run-1',
      stateMachineName: 'Machine',
      status: 'SUCCEEDED',
      input: '{"a":1}',
      output: '{"b":2}',
      startDate: 1704067200000,
      stopDate: 1704067201000,
      definition: { reconstructed: false },
    });
  });

  it('rejects a definition that does not match the history, naming the event', () => {
    const def = classifyImportDocument({ StartAt: 'First', States: { First: { Type: 'Pass', End: true } } }, 'other.json');
    if (!def.ok) throw new Error('classify');
    const r = assembleImport([page('h.json', HISTORY), def.value]);
    expect(r).toMatchObject({ ok: false, problems: [{ source: 'other.json', message: 'the definition does not match the history: event 4 (TaskStateEntered) enters state "Call", which the definition does not have' }] });
  });

  it('rejects a describe-execution output of another execution', () => {
    const describe = classifyImportDocument({ executionArn: 'arn:aws:states:us-east-1:1:execution:M:x', status: 'FAILED' }, 'describe.json');
    if (!describe.ok) throw new Error('classify');
    expect(assembleImport([page('h.json', HISTORY), describe.value])).toMatchObject({ ok: false, problems: [{ source: 'describe.json', message: expect.stringContaining('not the same execution') }] });
  });

  it('reconstructs the definition when none is given', () => {
    const r = assembleImport([page('h.json', HISTORY)]);
    expect(r.ok && r.value.definition.reconstructed).toBe(true);
    if (!r.ok) return;
    expect(r.value.definition.value).toMatchObject({
      StartAt: 'First',
      States: { First: { Type: 'Pass', Next: 'Call' }, Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
    });
  });
});

describe('reconstructFromHistory', () => {
  it('nests Map iterations and Parallel branches and marks caught transitions', () => {
    const events: HistoryEvent[] = [
      ev(1, 0, 'ExecutionStarted'),
      ev(2, 0, 'MapStateEntered', { stateEnteredEventDetails: { name: 'Loop' } }),
      ev(3, 2, 'MapStateStarted', { mapStateStartedEventDetails: { length: 1 } }),
      ev(4, 3, 'MapIterationStarted', { mapIterationStartedEventDetails: { name: 'Loop', index: 0 } }),
      ev(5, 4, 'PassStateEntered', { stateEnteredEventDetails: { name: 'Inner' } }),
      ev(6, 5, 'PassStateExited', { stateExitedEventDetails: { name: 'Inner' } }),
      ev(7, 6, 'MapIterationSucceeded', { mapIterationSucceededEventDetails: { name: 'Loop', index: 0 } }),
      ev(8, 7, 'MapStateSucceeded'),
      ev(9, 7, 'MapStateExited', { stateExitedEventDetails: { name: 'Loop' } }),
      ev(10, 9, 'ParallelStateEntered', { stateEnteredEventDetails: { name: 'Fan' } }),
      ev(11, 10, 'ParallelStateStarted'),
      ev(12, 11, 'PassStateEntered', { stateEnteredEventDetails: { name: 'A' } }),
      ev(13, 11, 'FailStateEntered', { stateEnteredEventDetails: { name: 'B' } }),
      ev(14, 12, 'PassStateExited', { stateExitedEventDetails: { name: 'A' } }),
      ev(15, 13, 'ParallelStateFailed'),
      ev(16, 15, 'ParallelStateExited', { stateExitedEventDetails: { name: 'Fan' } }),
      ev(17, 16, 'SucceedStateEntered', { stateEnteredEventDetails: { name: 'Caught' } }),
      ev(18, 17, 'SucceedStateExited', { stateExitedEventDetails: { name: 'Caught' } }),
      ev(19, 18, 'ExecutionSucceeded'),
    ];
    const definition = definitionFromReconstruction(reconstructFromHistory(events));
    expect(definition).toMatchObject({
      StartAt: 'Loop',
      States: {
        Loop: { Type: 'Map', Next: 'Fan', ItemProcessor: { StartAt: 'Inner', States: { Inner: { Type: 'Pass', End: true } } } },
        Fan: {
          Type: 'Parallel',
          End: true,
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Fail' } } },
          ],
        },
        Caught: { Type: 'Succeed' },
      },
    });
    expect(checkDefinitionMatchesHistory(definition, events)).toEqual([]);
  });

  it('attributes every event to its state', () => {
    const attributor = createStateAttributor();
    expect(HISTORY.map((e) => attributor.stateOf(e))).toEqual([null, 'First', 'First', 'Call', 'Call', 'Call', 'Call', 'Call', null]);
  });
});

function* caseFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* caseFiles(full);
    else if (name.endsWith('.json')) yield full;
  }
}

describe('every AWS-recorded history in test/fixtures/conformance', () => {
  it('imports with its definition, or is refused with a reason when its ids were rewritten', () => {
    let imported = 0;
    let refused = 0;
    for (const file of caseFiles(CORPUS)) {
      const value = JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
      if (!Array.isArray((value.expected as JsonObject | undefined)?.history)) continue;
      const doc = classifyImportDocument(value, file);
      expect(doc.ok && doc.value.kind).toBe('conformanceCase');
      if (!doc.ok || doc.value.kind !== 'conformanceCase') continue;
      const r = executionFromDocument(doc.value);
      if ((value.expected as JsonObject).historyNormalisation) {
        expect(r).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining('historyNormalisation') }] });
        refused++;
        continue;
      }
      expect(r.ok ? [] : r.problems).toEqual([]);
      if (!r.ok) continue;
      imported++;
      // Without its definition, the history still yields a definition it matches.
      const rebuilt = definitionFromReconstruction(reconstructFromHistory(r.value.events));
      expect({ file, problems: checkDefinitionMatchesHistory(rebuilt, r.value.events) }).toEqual({ file, problems: [] });
      // ... and is valid ASL, so that it can be opened like any definition.
      const errors = validateDefinition(rebuilt).filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`);
      expect({ file, errors }).toEqual({ file, errors: [] });
    }
    expect(imported).toBeGreaterThan(500);
    expect(refused).toBe(7);
  });
});
