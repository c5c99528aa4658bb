import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, openTestService, START } from './serviceFixture';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import type { ExecutionId } from '../../../src-main/common/contract/api';
import { ApiFailure } from '../../../src-main/common/contract/errors';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import type { Json } from '../../../src-main/common/json';
import { createMockInvoker, parseMockConfig } from '../../../src-main/common/mocks';
import type { StepscopeService } from '../../../src-main/node/service';
import { detectFileKind } from '../../../src-main/electron/openFile';

const ORDER = join(EXAMPLES, 'order-pipeline');
const definitionText = readFileSync(join(ORDER, 'definition.json'), 'utf8');
const input = JSON.parse(readFileSync(join(ORDER, 'input.json'), 'utf8')) as Json;
const mockConfig = JSON.parse(readFileSync(join(ORDER, 'mocks.json'), 'utf8')) as Json;


/** A service over a fresh store in a temporary folder (the store is the real SQLite one). */
function setup(options: { maxBatch?: number; dir?: string } = {}) {
  return openTestService(options);
}

const happyPath = { definitionText, input, mocks: { config: mockConfig, stateMachine: 'OrderPipeline', testCase: 'HappyPath' }, seed: 7 };

/** The same run, straight through the engine. */
async function engineRun(testCase: string) {
  const parsed = parseMockConfig(mockConfig);
  if (!parsed.ok) throw new Error('bad mocks');
  return runExecution({
    definition: JSON.parse(definitionText) as StateMachineDefinition,
    input,
    invoker: createMockInvoker(parsed.config, { stateMachine: 'OrderPipeline', testCase }),
    startTime: START,
    seed: 7,
    executionName: 'HappyPath-exec-1',
    stateMachineName: 'OrderPipeline',
  });
}

describe('service: examples.list', () => {
  it('lists the order-pipeline example with its manifest title, test cases and outcomes, input and mocks', async () => {
    const { service } = setup();
    const example = (await service['examples.list']({})).find((e) => e.id === 'order-pipeline');
    expect(example).toMatchObject({
      id: 'order-pipeline',
      title: 'Order pipeline',
      definitionText,
      input,
      mockConfig,
      stateMachine: 'OrderPipeline',
      teaches: expect.arrayContaining(['A Map inside a Parallel']),
    });
    expect(example?.testCases.map((t) => [t.name, t.expectedStatus])).toEqual([
      ['HappyPath', 'SUCCEEDED'],
      ['CardDeclined', 'FAILED'],
      ['InvalidOrder', 'FAILED'],
    ]);
    expect(example?.testCases[0].description).toMatch(/throttled twice/);
    expect(example?.summary).toMatch(/^Validates an order, charges the card/);
  });

  it('loads every shipped example, in folder order, each with a title and a valid definition', async () => {
    const { service } = setup();
    const examples = await service['examples.list']({});
    expect(examples.map((e) => e.id)).toEqual([...examples.map((e) => e.id)].sort());
    for (const example of examples) {
      expect(example.title, example.id).not.toBe('');
      const validation = await service['definitions.validate']({ text: example.definitionText });
      expect(validation.diagnostics.filter((d) => d.severity === 'error'), example.id).toEqual([]);
    }
  });
});

describe('service: definitions.validate', () => {
  it('reports a missing transition target with line and column', async () => {
    const { service } = setup();
    const text = '{\n  "StartAt": "A",\n  "States": { "A": { "Type": "Pass", "Next": "Nowhere" } }\n}';
    const r = await service['definitions.validate']({ text });
    expect(r.valid).toBe(false);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'MISSING_TRANSITION_TARGET', pointer: '/States/A/Next', line: 3, severity: 'error' }));
  });

  it('accepts a valid definition with no diagnostics', async () => {
    const { service } = setup();
    expect(await service['definitions.validate']({ text: definitionText })).toEqual({ valid: true, diagnostics: [] });
  });
});

describe('service: executions', () => {
  it('runs the example and pushes exactly the engine history in batches, then the final status', async () => {
    const { service, pushes } = setup({ maxBatch: 10 });
    const started = await service['executions.start'](happyPath);
    expect(started).toEqual({
      kind: 'started',
      execution: {
        executionId: '1',
        name: 'HappyPath-exec-1',
        stateMachineName: 'OrderPipeline',
        status: 'RUNNING',
        startDate: '2025-06-01T12:00:00.000Z',
        eventCount: 0,
        origin: 'run',
      },
    });
    await service.whenIdle();
    const expected = await engineRun('HappyPath');

    expect(pushes[0]).toEqual({ type: 'execution.statusChanged', payload: { execution: expect.objectContaining({ status: 'RUNNING' }) } });
    const batches = pushes.filter((p) => p.type === 'execution.eventsAppended');
    expect(batches.every((b) => b.payload.events.length <= 10)).toBe(true);
    expect(batches.flatMap((b) => b.payload.events)).toEqual(expected.events);
    const last = pushes[pushes.length - 1];
    expect(last).toEqual({
      type: 'execution.statusChanged',
      payload: {
        execution: {
          executionId: '1',
          name: 'HappyPath-exec-1',
          stateMachineName: 'OrderPipeline',
          status: 'SUCCEEDED',
          startDate: '2025-06-01T12:00:00.000Z',
          stopDate: new Date(expected.stopDate).toISOString(),
          eventCount: expected.events.length,
          origin: 'run',
        },
      },
    });
    expect(pushes.filter((p) => p.type === 'execution.statusChanged')).toHaveLength(2);

    const detail = await service['executions.get']({ executionId: '1' as ExecutionId });
    expect(detail).toMatchObject({ status: 'SUCCEEDED', output: expected.output, executionArn: expected.executionArn, definitionText, input });
  });

  it('pages events with after/limit and says where the next page starts', async () => {
    const { service } = setup();
    await service['executions.start'](happyPath);
    await service.whenIdle();
    const executionId = '1' as ExecutionId;
    const all = (await service['executions.events']({ executionId })).events;
    const first = await service['executions.events']({ executionId, limit: 5 });
    expect(first.events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    expect(first.nextAfter).toBe(5);
    const rest = await service['executions.events']({ executionId, after: 5, limit: 5000 });
    expect(rest.nextAfter).toBeUndefined();
    expect([...first.events, ...rest.events]).toEqual(all);
    expect(rest.status).toBe('SUCCEEDED');
  });

  it('records a failing test case as FAILED with the error and cause', async () => {
    const { service } = setup();
    await service['executions.start']({ ...happyPath, mocks: { ...happyPath.mocks, testCase: 'CardDeclined' } });
    await service.whenIdle();
    expect(await service['executions.get']({ executionId: '1' as ExecutionId })).toMatchObject({
      status: 'FAILED',
      error: 'Payments.Declined',
      cause: 'Payment for order A-1001 was declined',
    });
  });

  it('lists executions newest first', async () => {
    const { service } = setup();
    await service['executions.start'](happyPath);
    await service['executions.start']({ ...happyPath, mocks: { ...happyPath.mocks, testCase: 'InvalidOrder' } });
    await service.whenIdle();
    const list = await service['executions.list']({});
    expect(list.map((e) => [e.executionId, e.status])).toEqual([
      ['2', 'FAILED'],
      ['1', 'SUCCEEDED'],
    ]);
    expect(await service['executions.list']({ limit: 1 })).toHaveLength(1);
  });

  it('starts nothing for an invalid definition and answers its diagnostics', async () => {
    const { service, pushes } = setup();
    const r = await service['executions.start']({ definitionText: '{ "StartAt": "A", "States": {} }' });
    expect(r.kind).toBe('invalid');
    if (r.kind === 'invalid') expect(r.diagnostics.map((d) => d.code)).toContain('MISSING_TRANSITION_TARGET');
    expect(pushes).toEqual([]);
    expect(await service['executions.list']({})).toEqual([]);
  });

  it('refuses an unknown test case as INVALID_INPUT naming the ones that exist', async () => {
    const { service } = setup();
    const failure = await service['executions.start']({ ...happyPath, mocks: { ...happyPath.mocks, testCase: 'Nope' } }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiFailure);
    expect((failure as ApiFailure).error).toEqual({
      code: 'INVALID_INPUT',
      message: 'State machine "OrderPipeline" has no test case "Nope" in the mock config (test cases: "HappyPath", "CardDeclined", "InvalidOrder")',
      where: '/mocks/testCase',
    });
  });

  it('refuses a malformed mock config with a pointer into it', async () => {
    const { service } = setup();
    const config = { StateMachines: { X: { TestCases: { T: { A: 'R' } } } }, MockedResponses: { R: { '0': { Return: 1, Throw: {} } } } };
    const failure = await service['executions.start']({ definitionText, mocks: { config, stateMachine: 'X', testCase: 'T' } }).catch((e: unknown) => e);
    expect((failure as ApiFailure).error).toEqual({
      code: 'INVALID_INPUT',
      message: 'The mock config is invalid: A mocked invocation must have either "Return" or "Throw", not both',
      where: '/mocks/config/MockedResponses/R/0',
    });
  });

  it('fails every Task with Stepscope.MockNotFound when started without mocks and generateMissing false', async () => {
    const { service } = setup();
    await service['executions.start']({ definitionText, input, generateMissing: false });
    await service.whenIdle();
    expect(await service['executions.get']({ executionId: '1' as ExecutionId })).toMatchObject({ status: 'FAILED', error: 'Stepscope.MockNotFound' });
  });

  it('answers NOT_FOUND for an unknown execution id', async () => {
    const { service } = setup();
    for (const id of ['x', '99']) {
      for (const call of [() => service['executions.get']({ executionId: id as ExecutionId }), () => service['executions.events']({ executionId: id as ExecutionId })]) {
        const failure = await call().catch((e: unknown) => e);
        expect((failure as ApiFailure).error).toEqual({ code: 'NOT_FOUND', message: `There is no execution "${id}"`, where: '/executionId' });
      }
    }
  });
});

describe('service: examples with shipped files', () => {
  it.each([
    ['distributed-map-csv', 'HappyPath', 'SUCCEEDED'],
    ['parent-child', 'HappyPath', 'SUCCEEDED'],
    ['parent-child', 'ChildFails', 'FAILED'],
  ])('runs %s / %s from the gallery with its S3 objects and child state machines (%s)', async (id, testCase, status) => {
    const { service } = setup();
    const example = (await service['examples.list']({})).find((e) => e.id === id)!;
    const outcome = await service['executions.start']({
      definitionText: example.definitionText,
      input: example.input,
      mocks: { config: example.mockConfig!, stateMachine: example.stateMachine!, testCase },
      exampleId: id,
    });
    if (outcome.kind !== 'started') throw new Error('not started');
    await service.whenIdle();
    const detail = await service['executions.get']({ executionId: outcome.execution.executionId });
    expect(detail.status).toBe(status);
  });
});

describe('service: the execution store', () => {
  it('keeps executions in the store: another service over the same file lists and reads them', async () => {
    const { service, dir } = setup();
    await service['executions.start'](happyPath);
    await service.whenIdle();
    const before = await service['executions.events']({ executionId: '1' as ExecutionId });
    const again = setup({ dir });
    const list = await again.service['executions.list']({});
    expect(list.map((e) => [e.executionId, e.status, e.origin])).toEqual([['1', 'SUCCEEDED', 'run']]);
    expect(list[0].eventCount).toBe(before.events.length);
    expect(await again.service['executions.events']({ executionId: '1' as ExecutionId })).toEqual(before);
    expect(await again.service['executions.get']({ executionId: '1' as ExecutionId })).toMatchObject({ definitionText, input, status: 'SUCCEEDED' });
  });

  it('records an execution still waiting for a task token as INTERRUPTED when the service closes', async () => {
    const { service, store, pushes } = setup();
    await service['executions.start'](humanApproval('Approved'));
    await service.whenIdle();
    expect((await service['tasks.list']({})).map((t) => t.stateName)).toEqual(['RequestApproval']);
    await service.close();
    expect(store.getExecution(1)).toMatchObject({ status: 'INTERRUPTED', error: 'Stepscope.Interrupted' });
    const last = pushes[pushes.length - 1];
    expect(last.type === 'execution.statusChanged' && last.payload.execution.status).toBe('INTERRUPTED');
    const events = store.loadEvents(1);
    expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted']);
  });
});

const CONFORMANCE = join(__dirname, '../../../test/fixtures/conformance/aws-recorded');
const mapCase = readFileSync(join(CONFORMANCE, 'scenarios/test_map_state.json'), 'utf8');

describe('service: executions.import', () => {
  it('imports a conformance case with its recorded history, status and definition, and pushes it', async () => {
    const { service, pushes } = setup();
    const recorded = JSON.parse(mapCase) as { expected: { history: { id: number; type: string }[] }; definition: Json };
    const { executions } = await service['executions.import']({ files: [{ name: 'test_map_state.json', text: mapCase }] });
    expect(executions).toHaveLength(1);
    expect(executions[0]).toMatchObject({ executionId: '1', origin: 'import', status: 'SUCCEEDED', eventCount: recorded.expected.history.length });
    const page = await service['executions.events']({ executionId: executions[0].executionId });
    expect(page.events.map((e) => [e.id, e.type])).toEqual(recorded.expected.history.map((e) => [e.id, e.type]));
    const detail = await service['executions.get']({ executionId: executions[0].executionId });
    expect(JSON.parse(detail.definitionText)).toEqual(recorded.definition);
    expect(pushes).toContainEqual({ type: 'execution.statusChanged', payload: { execution: executions[0] } });
  });

  it('pushes the progress of an import that names itself', async () => {
    const { service, pushes } = setup();
    await service['executions.import']({ files: [{ name: 'test_map_state.json', text: mapCase }], importId: 'imp-1' });
    const progress = pushes.filter((p) => p.type === 'import.progressed');
    expect(progress.length).toBeGreaterThan(0);
    const last = progress[progress.length - 1];
    expect(last.type === 'import.progressed' && [last.payload.importId, last.payload.done === last.payload.total]).toEqual(['imp-1', true]);
  });

  it('imports nothing when a file is not JSON or not a history, naming each file', async () => {
    const { service } = setup();
    const failure = await service['executions.import']({
      files: [
        { name: 'broken.json', text: '{ "events": [' },
        { name: 'other.json', text: '{ "hello": 1 }' },
      ],
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiFailure);
    const error = (failure as ApiFailure).error;
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/^Nothing was imported: broken\.json: is not valid JSON: .*; other\.json: /);
    expect(await service['executions.list']({})).toEqual([]);
  });

  it('imports a history saved with a UTF-8 byte-order mark, as the desktop app opens it (issue #15: one loader)', async () => {
    const { service } = setup();
    const events = [
      { id: 1, previousEventId: 0, timestamp: 1700000000, type: 'ExecutionStarted', executionStartedEventDetails: { input: '{}', roleArn: 'arn:aws:iam::1:role/r' } },
      { id: 2, previousEventId: 1, timestamp: 1700000001, type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: '{}' } },
    ];
    const text = `\uFEFF${JSON.stringify({ events })}`;
    expect(detectFileKind('bom-history.json', text)).toBe('history');
    const { executions } = await service['executions.import']({ files: [{ name: 'bom-history.json', text }] });
    expect(executions.map((e) => [e.name, e.status])).toEqual([['bom-history', 'SUCCEEDED']]);
  });

  it('serialises an import with a running recording: both are stored whole', async () => {
    const { service } = setup();
    const waiting = await service['executions.start'](humanApproval('Approved'));
    await service.whenIdle();
    const imported = service['executions.import']({ files: [{ name: 'test_map_state.json', text: mapCase }] });
    const [task] = await service['tasks.list']({});
    await service['tasks.sendSuccess']({ taskToken: task.taskToken, output: { approved: true, reviewer: 'dana@example.com' } });
    await imported;
    await service.whenIdle();
    if (waiting.kind !== 'started') throw new Error('not started');
    const run = await service['executions.get']({ executionId: waiting.execution.executionId });
    expect(run.status).toBe('SUCCEEDED');
    const events = await service['executions.events']({ executionId: run.executionId });
    expect(events.events.map((e) => e.id)).toEqual(events.events.map((_, i) => i + 1));
    expect(events.events).toHaveLength(run.eventCount);
    expect((await service['executions.list']({})).map((e) => [e.origin, e.status])).toEqual([
      ['import', 'SUCCEEDED'],
      ['run', 'SUCCEEDED'],
    ]);
  });
});

const APPROVAL = join(EXAMPLES, 'human-approval');
function humanApproval(testCase: string) {
  return {
    definitionText: readFileSync(join(APPROVAL, 'definition.json'), 'utf8'),
    input: JSON.parse(readFileSync(join(APPROVAL, 'input.json'), 'utf8')) as Json,
    mocks: { config: JSON.parse(readFileSync(join(APPROVAL, 'mocks.json'), 'utf8')) as Json, stateMachine: 'ExpenseApproval', testCase },
  };
}

describe('service: task tokens', () => {
  it('lists and pushes a waiting task; SendTaskSuccess lets the human-approval run succeed', async () => {
    const { service, pushes } = setup();
    const started = await service['executions.start'](humanApproval('Approved'));
    if (started.kind !== 'started') throw new Error('not started');
    await service.whenIdle();
    const waiting = await service['tasks.list']({});
    expect(waiting).toEqual([
      expect.objectContaining({ kind: 'callback', executionId: started.execution.executionId, stateName: 'RequestApproval', resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken' }),
    ]);
    expect(waiting[0].input).toMatchObject({ MessageBody: { taskToken: waiting[0].taskToken, expenseId: 'EXP-3021' } });
    expect(pushes).toContainEqual({ type: 'tasks.changed', payload: { waiting } });

    await service['tasks.sendHeartbeat']({ taskToken: waiting[0].taskToken, executionId: started.execution.executionId });
    expect(await service['tasks.sendSuccess']({ taskToken: waiting[0].taskToken, output: { approved: true, reviewer: 'dana@example.com' }, executionId: started.execution.executionId })).toBeNull();
    await service.whenIdle();
    expect(await service['executions.get']({ executionId: started.execution.executionId })).toMatchObject({
      status: 'SUCCEEDED',
      output: { expenseId: 'EXP-3021', approvedBy: 'dana@example.com', paymentId: 'pay-5520' },
    });
    expect(await service['tasks.list']({})).toEqual([]);
    expect(pushes[pushes.length - 1]).toEqual({ type: 'tasks.changed', payload: { waiting: [] } });

    // The token is spent: a second answer is a CONFLICT, an unknown token NOT_FOUND.
    const again = await service['tasks.sendSuccess']({ taskToken: waiting[0].taskToken, output: {} }).catch((e: unknown) => e);
    expect((again as ApiFailure).error).toMatchObject({ code: 'CONFLICT', where: '/taskToken' });
    expect((again as ApiFailure).error.message).toMatch(/^TaskDoesNotExist: /);
    const unknown = await service['tasks.sendFailure']({ taskToken: 'nope' }).catch((e: unknown) => e);
    expect((unknown as ApiFailure).error).toMatchObject({ code: 'NOT_FOUND', where: '/taskToken' });
  });

  it('SendTaskFailure with the reviewer\'s error and cause ends the run FAILED through its Catch', async () => {
    const { service } = setup();
    const started = await service['executions.start'](humanApproval('Rejected'));
    if (started.kind !== 'started') throw new Error('not started');
    await service.whenIdle();
    const [task] = await service['tasks.list']({});
    await service['tasks.sendFailure']({ taskToken: task.taskToken, error: 'Expense.Rejected', cause: 'The receipt is missing.' });
    await service.whenIdle();
    expect(await service['executions.get']({ executionId: started.execution.executionId })).toMatchObject({
      status: 'FAILED',
      error: 'Expense.Rejected',
      cause: 'The receipt is missing.',
    });
  });
});

describe('service: child executions', () => {
  async function runExample(service: StepscopeService, id: string, testCase: string) {
    const example = (await service['examples.list']({})).find((e) => e.id === id)!;
    const outcome = await service['executions.start']({
      definitionText: example.definitionText,
      input: example.input,
      mocks: { config: example.mockConfig!, stateMachine: example.stateMachine!, testCase },
      exampleId: id,
    });
    if (outcome.kind !== 'started') throw new Error('not started');
    await service.whenIdle();
    return outcome.execution.executionId;
  }

  it('stores a Distributed Map\'s child executions, linked to the MapRunStarted event, and lists them by parent', async () => {
    const { service } = setup();
    const parentId = await runExample(service, 'distributed-map-csv', 'OneBatchFails');
    const events = (await service['executions.events']({ executionId: parentId })).events;
    const mapRunStarted = events.find((e) => e.type === 'MapRunStarted')!;
    const children = await service['executions.list']({ parentExecutionId: parentId });
    expect(children).toHaveLength(4);
    expect(children.map((c) => c.status).sort()).toEqual(['FAILED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    for (const child of children) {
      expect(child).toMatchObject({ stateMachineName: 'ShipmentImport/ImportShipments', origin: 'run', parent: { executionId: parentId, kind: 'mapRun', eventId: mapRunStarted.id } });
      expect(child.eventCount).toBeGreaterThan(0);
    }
    expect(await service['executions.list']({ parentExecutionId: parentId, parentEventId: mapRunStarted.id })).toHaveLength(4);
    expect(await service['executions.list']({ parentExecutionId: parentId, parentEventId: mapRunStarted.id + 1 })).toEqual([]);
    // A child opens as any execution: its definition is the Map's ItemProcessor, its history its own.
    const detail = await service['executions.get']({ executionId: children[0].executionId });
    expect(JSON.parse(detail.definitionText)).toMatchObject({ StartAt: 'ImportBatch' });
    const childEvents = (await service['executions.events']({ executionId: children[0].executionId })).events;
    expect(childEvents[0].type).toBe('ExecutionStarted');
  });

  it('stores a startExecution Task\'s child with its registered definition', async () => {
    const { service } = setup();
    const parentId = await runExample(service, 'parent-child', 'HappyPath');
    const children = await service['executions.list']({ parentExecutionId: parentId });
    expect(children.length).toBeGreaterThan(0);
    expect(children[0].parent).toMatchObject({ executionId: parentId, kind: 'startExecution' });
    expect((await service['executions.get']({ executionId: children[0].executionId })).definitionText).not.toBe('');
  });

  it('lists nothing for an execution without children, NOT_FOUND for an unknown parent, and refuses parentEventId alone', async () => {
    const { service } = setup();
    const started = await service['executions.start'](happyPath);
    await service.whenIdle();
    if (started.kind !== 'started') throw new Error('not started');
    expect(await service['executions.list']({ parentExecutionId: started.execution.executionId })).toEqual([]);
    await expect(service['executions.list']({ parentExecutionId: '999' as ExecutionId })).rejects.toMatchObject({ error: { code: 'NOT_FOUND' } });
    await expect(service['executions.list']({ parentEventId: 3 })).rejects.toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });
});
