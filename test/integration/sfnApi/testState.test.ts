import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestStateCommand } from '@aws-sdk/client-sfn';
import { openEndpoint } from './endpointFixture';

/** TestState's context, stateConfiguration and TRACE, through the SDK. */
let env: Awaited<ReturnType<typeof openEndpoint>>;
beforeAll(async () => {
  env = await openEndpoint();
});
afterAll(async () => {
  await env.close();
});

const LAMBDA = {
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { 'FunctionName': 'f', 'Payload.$': '$' },
  ResultSelector: { 'LambdaOutput.$': '$.Payload', 'ContextObjectValue.$': '$$' },
  End: true,
};
const CONTEXT = {
  Execution: { Id: 'arn:aws:states:us-east-1:111111111111:execution:MyMachine:exec-1', Input: { a: 1 }, Name: 'exec-1', RoleArn: 'arn:aws:iam::111111111111:role/R', StartTime: '2026-01-02T03:04:05.000Z' },
  State: { Name: 'MyTask', EnteredTime: '2026-01-02T03:04:06.000Z', RetryCount: 0 },
  StateMachine: { Id: 'arn:aws:states:us-east-1:111111111111:stateMachine:MyMachine', Name: 'MyMachine' },
};
const test = (input: ConstructorParameters<typeof TestStateCommand>[0]) => env.client.send(new TestStateCommand(input));

describe('TestState context', () => {
  it('gives the state the Context object as given (an empty one too)', async () => {
    const out = await test({ definition: JSON.stringify(LAMBDA), input: '{"x":1}', mock: { result: '{"Payload":{"ok":true}}' }, context: JSON.stringify(CONTEXT) });
    expect(out.status).toBe('SUCCEEDED');
    expect(JSON.parse(out.output!)).toEqual({ LambdaOutput: { ok: true }, ContextObjectValue: CONTEXT });
    const empty = await test({ definition: JSON.stringify(LAMBDA), mock: { result: '{"Payload":1}' }, context: '{}' });
    expect(JSON.parse(empty.output!)).toEqual({ LambdaOutput: 1, ContextObjectValue: {} });
    // A waiting Task may be given its token.
    const waiting = { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Parameters: { 'QueueUrl': 'q', 'MessageBody': { 'TaskToken.$': '$$.Task.Token' } }, ResultPath: '$.sqs', End: true };
    const w = await test({ definition: JSON.stringify(waiting), input: '{}', mock: { result: '{"done":1}' }, context: '{"Task":{"Token":"abcd123"}}', inspectionLevel: 'DEBUG' });
    expect(JSON.parse(w.inspectionData!.afterParameters!)).toEqual({ QueueUrl: 'q', MessageBody: { TaskToken: 'abcd123' } });
  });

  it("refuses a Context object AWS refuses, with AWS's messages", async () => {
    const refused = (context: unknown, mock: boolean = true, definition: object = LAMBDA) =>
      test({ definition: JSON.stringify(definition), context: JSON.stringify(context), ...(mock ? { mock: { result: '{}' } } : {}) });
    await expect(refused({ Execution: { Id: 7 } })).rejects.toMatchObject({ name: 'ValidationException', message: 'Invalid Context object provided: Execution.Id must be a string' });
    await expect(refused({ Map: { Item: {} } })).rejects.toMatchObject({ message: "Invalid Context object provided: 'Map' field is not supported when mocking a Context object" });
    await expect(refused({ Pokedex: {} })).rejects.toMatchObject({ message: "Invalid Context object provided: Field 'Pokedex' is not allowed" });
    await expect(refused({ Execution: { pokemon: 1 } })).rejects.toMatchObject({ message: "Invalid Context object provided: Field 'pokemon' is not allowed" });
    await expect(refused({ Task: { Token: 't' } })).rejects.toMatchObject({ message: expect.stringContaining("Context object contains 'Task' when state is not a Task state") });
    await expect(refused({}, false)).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(test({ definition: '{"Type":"Pass","End":true}', mock: { result: '{}' } })).rejects.toMatchObject({
      name: 'ValidationException',
      message: "State type 'Pass' is not supported when a mock is specified",
    });
  });
});

describe('TestState stateConfiguration and errorDetails', () => {
  const retried = {
    ...LAMBDA,
    Retry: [{ ErrorEquals: ['Other'] }, { ErrorEquals: ['Boom'], IntervalSeconds: 2, MaxAttempts: 2 }],
    Catch: [{ ErrorEquals: ['Nope'], Next: 'X' }, { ErrorEquals: ['States.ALL'], ResultPath: '$.err', Next: 'Handle' }],
  };
  const boom = { errorOutput: { error: 'Boom', cause: 'bad' } };

  it('answers RETRIABLE with the retrier and its backoff until retrierRetryCount reaches MaxAttempts, then the Catch', async () => {
    const first = await test({ definition: JSON.stringify(retried), input: '{}', mock: boom, inspectionLevel: 'DEBUG' });
    expect(first).toMatchObject({ status: 'RETRIABLE', error: 'Boom', cause: 'bad' });
    expect(first.inspectionData?.errorDetails).toEqual({ retryIndex: 1, retryBackoffIntervalSeconds: 2 });
    const second = await test({ definition: JSON.stringify(retried), input: '{}', mock: boom, inspectionLevel: 'DEBUG', stateConfiguration: { retrierRetryCount: 1 } });
    expect(second).toMatchObject({ status: 'RETRIABLE' });
    expect(second.inspectionData?.errorDetails).toEqual({ retryIndex: 1, retryBackoffIntervalSeconds: 4 });
    const exhausted = await test({ definition: JSON.stringify(retried), input: '{}', mock: boom, inspectionLevel: 'DEBUG', stateConfiguration: { retrierRetryCount: 2 } });
    expect(exhausted).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'Handle', output: '{"err":{"Error":"Boom","Cause":"bad"}}' });
    expect(exhausted.inspectionData?.errorDetails).toEqual({ retryIndex: 1, catchIndex: 1 });
    // INFO carries no inspectionData.
    expect((await test({ definition: JSON.stringify(retried), input: '{}', mock: boom })).inspectionData).toBeUndefined();
    const capped = { ...LAMBDA, Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 3, BackoffRate: 3, MaxAttempts: 5, MaxDelaySeconds: 20 }] };
    const late = await test({ definition: JSON.stringify(capped), input: '{}', mock: boom, inspectionLevel: 'TRACE', stateConfiguration: { retrierRetryCount: 3 } });
    expect(late.inspectionData?.errorDetails).toEqual({ retryIndex: 0, retryBackoffIntervalSeconds: 20 });
  });

  it('refuses the Map and Parallel members it does not apply, saying so', async () => {
    await expect(test({ definition: JSON.stringify(retried), mock: boom, stateConfiguration: { errorCausedByState: 'Inner' } })).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('stateConfiguration.errorCausedByState'),
    });
  });
});

describe('TestState TRACE', () => {
  it("shows an HTTP Task's request (from its arguments) and response (from its mock)", async () => {
    const http = {
      Type: 'Task',
      Resource: 'arn:aws:states:::http:invoke',
      Parameters: {
        ApiEndpoint: 'https://api.example.com/orders',
        Method: 'POST',
        Authentication: { ConnectionArn: 'arn:aws:events:us-east-1:111111111111:connection/c/123' },
        Headers: { 'content-type': 'application/json' },
        QueryParameters: { page: '2' },
        'RequestBody.$': '$.order',
      },
      End: true,
    };
    const mock = { result: JSON.stringify({ StatusCode: 201, StatusText: 'Created', Headers: { 'x-id': 'o-1' }, ResponseBody: { id: 'o-1' } }) };
    const out = await test({ definition: JSON.stringify(http), input: '{"order":{"n":3}}', mock, inspectionLevel: 'TRACE' });
    expect(out.status).toBe('SUCCEEDED');
    expect(out.inspectionData?.request).toEqual({ protocol: 'https', method: 'POST', url: 'https://api.example.com/orders?page=2', headers: '{"content-type":"application/json"}', body: '{"n":3}' });
    expect(out.inspectionData?.response).toEqual({ protocol: 'https', statusCode: '201', statusMessage: 'Created', headers: '{"x-id":"o-1"}', body: '{"id":"o-1"}' });
    const debug = await test({ definition: JSON.stringify(http), input: '{"order":{}}', mock, inspectionLevel: 'DEBUG' });
    expect(debug.inspectionData?.request).toBeUndefined();
  });
});
