import { describe, expect, it } from 'vitest';
import { openTestService } from './serviceFixture';
import type { ExecutionId } from '../../../src-main/common/contract/api';
import type { DebugSnapshot } from '../../../src-main/common/debug/debugSession';
import type { Json } from '../../../src-main/common/json';
import type { StepscopeService } from '../../../src-main/node/service';

/** A workflow with no mocks: a Lambda invoke whose Payload the next state reads, then an SQS message. */
const definition = {
  StartAt: 'Score',
  States: {
    Score: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'score', 'Payload.$': '$' },
      ResultSelector: { 'score.$': '$.Payload.score' },
      Next: 'Notify',
    },
    Notify: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: 'https://sqs/q', 'MessageBody.$': '$' }, ResultPath: '$.sent', End: true },
  },
};
const definitionText = JSON.stringify(definition);

function nextSnapshot(service: StepscopeService, executionId: ExecutionId, test: (s: DebugSnapshot) => boolean): Promise<DebugSnapshot> {
  return new Promise((resolve) => {
    const off = service.subscribe((push) => {
      if (push.type === 'debug.changed' && push.payload.executionId === executionId && test(push.payload.snapshot)) {
        off();
        resolve(push.payload.snapshot);
      }
    });
  });
}

async function started(outcome: Promise<{ kind: string; execution?: { executionId: ExecutionId } }>): Promise<ExecutionId> {
  const o = await outcome;
  if (o.kind !== 'started' || o.execution === undefined) throw new Error(`not started: ${JSON.stringify(o)}`);
  return o.execution.executionId;
}

describe('service: Tasks with no mock', () => {
  it('runs with generated responses and lists which invocations they answered', async () => {
    const { service } = openTestService({ prefix: 'stepscope-generated-' });
    const id = await started(service['executions.start']({ definitionText, input: { score: 7 } }));
    await service.whenIdle();
    const detail = await service['executions.get']({ executionId: id });
    expect(detail.status).toBe('SUCCEEDED');
    // lambda:invoke echoes the Payload: the ResultSelector finds $.Payload.score.
    expect(detail.output).toMatchObject({ score: 7 });
    const generated = await service['executions.generatedResponses']({ executionId: id });
    expect(generated.map((g) => [g.stateName, g.invocationIndex])).toEqual([['Score', 0], ['Notify', 0]]);
    expect(generated[0].source).toMatch(/lambda Invoke \(@aws-sdk\/client-lambda/);
  });

  it('the debugger\'s Continue at an unmocked Task takes the generated response, which is listed; an answered one is not', async () => {
    const { service } = openTestService({ prefix: 'stepscope-generated-' });
    const id = await started(service['debug.start']({ definitionText, input: { score: 7 }, stateMachineName: 'Scoring' }));
    const first = await nextSnapshot(service, id, (s) => s.state === 'paused');
    // Waiting at its stop for an answer, the Task is not yet answered by anything.
    expect(await service['executions.generatedResponses']({ executionId: id })).toEqual([]);
    const second = nextSnapshot(service, id, (s) => s.state === 'paused' && s.context.stops[0]?.stateName === 'Notify');
    await service['debug.answerTask']({ executionId: id, stopId: first.context.stops[0].id, response: { kind: 'success', output: { StatusCode: 200, Payload: { score: 42 } } } });
    await second;
    await service['debug.continue']({ executionId: id });
    await service.whenIdle();
    expect(await service['executions.get']({ executionId: id })).toMatchObject({ status: 'SUCCEEDED' });
    const generated = await service['executions.generatedResponses']({ executionId: id });
    expect(generated.map((g) => g.stateName)).toEqual(['Notify']);
  });

  it('mocks.check names the test case, state and field of a response that does not fit (STRICT by default)', async () => {
    const { service } = openTestService({ prefix: 'stepscope-generated-' });
    const config = {
      StateMachines: { M: { TestCases: { T: { Score: 'ScoreOk', Notify: 'Wrong' } } } },
      MockedResponses: { ScoreOk: { '0': { Return: { Payload: { score: 1 }, StatusCode: 200 } } }, Wrong: { '0': { Return: { MessageId: 5, Extra: true } } } },
    };
    const strict = await service['mocks.check']({ definitionText, config });
    expect(strict.problems.map((p) => [p.testCase, p.state, p.field, p.pointer])).toEqual([
      ['T', 'Notify', 'MessageId', '/MockedResponses/Wrong/0/Return/MessageId'],
      ['T', 'Notify', 'Extra', '/MockedResponses/Wrong/0/Return/Extra'],
    ]);
    expect(strict.problems[0].message).toBe('expected a string, got a number');
    expect((await service['mocks.check']({ definitionText, config, fieldValidation: 'NONE' })).problems).toEqual([]);
    // At run time only when asked: fieldValidation refuses the run, naming the field.
    const refused = await service['executions.start']({ definitionText, mocks: { config, stateMachine: 'M', testCase: 'T' }, fieldValidation: 'PRESENT' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ error: { code: 'INVALID_INPUT', where: '/mocks/config/MockedResponses/Wrong/0/Return/MessageId' } });
  });

  it('the debugger stops at an unmocked Task, runs on with the answer, and saves the answers as a test case that re-runs green', async () => {
    const { service } = openTestService({ prefix: 'stepscope-generated-' });
    const id = await started(service['debug.start']({ definitionText, input: { score: 7 }, stateMachineName: 'Scoring' }));
    const first = await nextSnapshot(service, id, (s) => s.state === 'paused');
    const stop = first.context.stops[0];
    expect(stop).toMatchObject({ kind: 'task', reason: 'unmocked-task', stateName: 'Score' });
    expect(stop.task?.request).toEqual({ FunctionName: 'score', Payload: { score: 7 } });
    expect(stop.task?.generated).toMatchObject({ ExecutedVersion: '$LATEST', StatusCode: 200, Payload: { score: 7 } });
    // Answer with an edited response; the second Task fails with the user's error.
    const second = nextSnapshot(service, id, (s) => s.state === 'paused' && s.context.stops[0]?.stateName === 'Notify');
    await service['debug.answerTask']({ executionId: id, stopId: stop.id, response: { kind: 'success', output: { StatusCode: 200, Payload: { score: 42 } } } });
    const notify = (await second).context.stops[0];
    await service['debug.answerTask']({ executionId: id, stopId: notify.id, response: { kind: 'failure', error: 'SQS.QueueDoesNotExist', cause: 'no queue' } });
    await service.whenIdle();
    expect(await service['executions.get']({ executionId: id })).toMatchObject({ status: 'FAILED', error: 'SQS.QueueDoesNotExist', cause: 'no queue' });
    // Both invocations were answered by the user, not by the generated responses.
    expect(await service['executions.generatedResponses']({ executionId: id })).toEqual([]);

    const saved = await service['debug.mocksFromAnswers']({ executionId: id });
    expect(saved).toMatchObject({ stateMachine: 'Scoring', testCase: 'FromDebugSession', states: { Score: 1, Notify: 1 } });
    expect(saved.mockConfig).toEqual({
      StateMachines: { Scoring: { TestCases: { FromDebugSession: { Score: 'ScoreAnswer', Notify: 'NotifyAnswer' } } } },
      MockedResponses: {
        ScoreAnswer: { '0': { Return: { StatusCode: 200, Payload: { score: 42 } } } },
        NotifyAnswer: { '0': { Throw: { Error: 'SQS.QueueDoesNotExist', Cause: 'no queue' } } },
      },
    });
    // Re-run from the saved mocks, with the Notify answer made a success: green, no generated response.
    const mocks = JSON.parse(JSON.stringify(saved.mockConfig)) as { MockedResponses: Record<string, Json> };
    mocks.MockedResponses.NotifyAnswer = { '0': { Return: { MessageId: 'm-1', MD5OfMessageBody: '0'.repeat(32) } } };
    expect((await service['mocks.check']({ definitionText, config: mocks as unknown as Json })).problems).toEqual([]);
    const rerun = await started(service['executions.start']({ definitionText, input: { score: 7 }, mocks: { config: mocks as unknown as Json, stateMachine: 'Scoring', testCase: 'FromDebugSession' }, fieldValidation: 'STRICT' }));
    await service.whenIdle();
    expect(await service['executions.get']({ executionId: rerun })).toMatchObject({ status: 'SUCCEEDED', output: { score: 42, sent: { MessageId: 'm-1' } } });
    expect(await service['executions.generatedResponses']({ executionId: rerun })).toEqual([]);
  });
});
