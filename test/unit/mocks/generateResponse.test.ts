import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createGeneratedResponder, generateTaskResponse } from '../../../src-main/common/mocks/generateResponse';
import { taskShape } from '../../../src-main/common/mocks/serviceShapes';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import { createMockInvoker } from '../../../src-main/common/mocks/mockInvoker';
import { parseMockConfig } from '../../../src-main/common/mocks/mockConfig';
import type { TaskRequest } from '../../../src-main/common/engine/ports';
import { distributedMapFan } from '../../fixtures/distributedMapFan';
import type { Json, JsonObject } from '../../../src-main/common/json';

const CONTEXT = {
  Execution: { Id: 'arn:aws:states:eu-west-1:222222222222:execution:M:run', StartTime: '2024-01-01T00:00:00.000Z' },
  State: { EnteredTime: '2024-01-01T00:00:05.000Z', Name: 'S', RetryCount: 0 },
};

function request(resource: string, parameters: Json = {}, stateName = 'S', invocationIndex = 0): TaskRequest {
  return { stateName, resource, parameters, invocationIndex, attempt: 0, context: CONTEXT };
}

function obj(value: Json): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`not an object: ${JSON.stringify(value)}`);
  return value;
}

/** Keys of the responses AWS recorded for each integration (test/fixtures/conformance/aws-recorded). */
function recordedKeys(file: string, responseName: string): string[] {
  const raw = JSON.parse(readFileSync(`test/fixtures/conformance/aws-recorded/${file}`, 'utf8')) as { mockConfig: { MockedResponses: Record<string, Record<string, { Return: JsonObject }>> } };
  return Object.keys(raw.mockConfig.MockedResponses[responseName]['0'].Return);
}

describe('generated Task responses', () => {
  it('lambda:invoke answers as AWS records it, echoing the Payload', () => {
    const made = generateTaskResponse(request('arn:aws:states:::lambda:invoke', { FunctionName: 'f', Payload: { a: 1 } }));
    const out = obj(made.output);
    expect(Object.keys(out)).toEqual(['ExecutedVersion', 'Payload', 'SdkHttpMetadata', 'SdkResponseMetadata', 'StatusCode']);
    expect(out.ExecutedVersion).toBe('$LATEST');
    expect(out.Payload).toEqual({ a: 1 });
    expect(out.StatusCode).toBe(200);
    expect(obj(out.SdkHttpMetadata).HttpStatusCode).toBe(200);
    expect(Object.keys(obj(out.SdkResponseMetadata))).toEqual(['RequestId']);
    expect(made.source).toMatch(/@aws-sdk\/client-lambda/);
  });

  it('a Lambda function ARN Task echoes the effective input it sends (its payload), so the state gets its input back', async () => {
    const made = generateTaskResponse(request('arn:aws:lambda:us-east-1:111111111111:function:Sample', { bucket: 'b', keys: [1] }));
    expect(obj(made.output).Payload).toEqual({ bucket: 'b', keys: [1] });
    const responder = createGeneratedResponder();
    const result = await runExecution({
      definition: { StartAt: 'Sample', States: { Sample: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:111111111111:function:Sample', Next: 'Use' }, Use: { Type: 'Pass', Parameters: { 'bucket.$': '$.bucket' }, End: true } } } as never,
      input: { bucket: 'b', keys: [1] },
      invoker: { invoke: () => ({ kind: 'failure', failure: { error: 'Stepscope.MockNotFound' } }) },
      unansweredTasks: responder,
    });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({ bucket: 'b' });
  });

  it('matches the recorded keys of dynamodb, sqs, sns, events and states integrations', () => {
    const cases: [string, string, string, string[]?][] = [
      ['arn:aws:states:::dynamodb:getItem', 'services/test_base_integrations__DYNAMODB_PUT_GET_ITEM.json', 'GetItem'],
      ['arn:aws:states:::dynamodb:putItem', 'services/test_base_integrations__DYNAMODB_PUT_GET_ITEM.json', 'PutItem'],
    ];
    for (const [resource, file, name] of cases) {
      const out = obj(generateTaskResponse(request(resource)).output);
      for (const key of recordedKeys(file, name)) expect(Object.keys(out), `${resource} has ${key}`).toContain(key);
    }
    const sqs = obj(generateTaskResponse(request('arn:aws:states:::sqs:sendMessage')).output);
    for (const key of ['MD5OfMessageBody', 'MessageId', 'SdkHttpMetadata', 'SdkResponseMetadata']) expect(sqs).toHaveProperty(key);
    expect(obj(obj(sqs.SdkHttpMetadata).HttpHeaders)['Content-Type']).toBe('application/x-amz-json-1.0');
    const sns = obj(generateTaskResponse(request('arn:aws:states:::sns:publish')).output);
    expect(sns).toHaveProperty('MessageId');
    expect(obj(obj(sns.SdkHttpMetadata).HttpHeaders)['Content-Type']).toBe('text/xml');
    const events = obj(generateTaskResponse(request('arn:aws:states:::events:putEvents')).output);
    expect(events).toHaveProperty('Entries');
    expect(events).toHaveProperty('FailedEntryCount');
    expect(events).not.toHaveProperty('SdkHttpMetadata');
    const start = obj(generateTaskResponse(request('arn:aws:states:::states:startExecution', { StateMachineArn: 'arn:aws:states:eu-west-1:222222222222:stateMachine:Child' })).output);
    expect(start.StartDate).toBe(Date.parse('2024-01-01T00:00:05.000Z'));
    expect(typeof start.ExecutionArn).toBe('string');
  });

  it('gives .sync its described result and aws-sdk tasks the SDK output shape', () => {
    const sync = obj(generateTaskResponse(request('arn:aws:states:::states:startExecution.sync', { StateMachineArn: 'arn:aws:states:eu-west-1:222222222222:stateMachine:Child', Input: { x: 1 } })).output);
    expect(sync.Status).toBe('SUCCEEDED');
    expect(sync.Input).toBe('{"x":1}');
    expect(sync.Output).toBe('{}');
    const sync2 = obj(generateTaskResponse(request('arn:aws:states:::states:startExecution.sync:2', { StateMachineArn: 'arn:aws:states:eu-west-1:222222222222:stateMachine:Child', Input: { x: 1 } })).output);
    expect(sync2.Input).toEqual({ x: 1 });
    expect(taskShape('arn:aws:states:::glue:startJobRun.sync')?.operation).toBe('GetJobRun');
    expect(taskShape('arn:aws:states:::ecs:runTask.sync')?.operation).toBe('RunTask');
    const query = obj(generateTaskResponse(request('arn:aws:states:::aws-sdk:dynamodb:query')).output);
    expect(Object.keys(query)).toEqual(expect.arrayContaining(['Count', 'Items', 'ScannedCount']));
    expect(Array.isArray(query.Items) && query.Items.length).toBe(1);
    const batch = obj(generateTaskResponse(request('arn:aws:states:::batch:submitJob')).output);
    expect(Object.keys(batch)).toEqual(expect.arrayContaining(['JobArn', 'JobId', 'JobName'])); // PascalCase, as Step Functions gives them
    const secrets = obj(generateTaskResponse(request('arn:aws:states:::aws-sdk:secretsmanager:createSecret')).output);
    expect(secrets.ARN).toMatch(/^arn:aws:secretsmanager:eu-west-1:222222222222:/);
    const unknown = generateTaskResponse(request('arn:aws:states:::aws-sdk:nosuchservice:doIt'));
    expect(unknown).toMatchObject({ output: {}, modelled: false });
  });

  it('.waitForTaskToken answers {} with the service answer as TaskSubmitted', async () => {
    const responder = createGeneratedResponder();
    const outcome = await responder.invoke(request('arn:aws:states:::sqs:sendMessage.waitForTaskToken'));
    expect(outcome).toMatchObject({ kind: 'success', output: {} });
    expect(outcome.submitted).toHaveProperty('MessageId');
  });

  it('answers a paginated listing with its last page (no NextToken, LastEvaluatedKey...), so a loop over pages ends', async () => {
    const scan = obj(generateTaskResponse(request('arn:aws:states:::aws-sdk:dynamodb:scan', { TableName: 't' })).output);
    expect(scan.Items).toBeDefined();
    expect(scan).not.toHaveProperty('LastEvaluatedKey');
    const executions = obj(generateTaskResponse(request('arn:aws:states:::aws-sdk:sfn:listExecutions', { StateMachineArn: 'arn:aws:states:us-east-1:1:stateMachine:M' })).output);
    expect(executions.Executions).toBeDefined();
    expect(executions).not.toHaveProperty('NextToken');
    const objects = obj(generateTaskResponse(request('arn:aws:states:::aws-sdk:s3:listObjectsV2', { Bucket: 'b' })).output);
    expect(objects).not.toHaveProperty('NextContinuationToken');
    // A workflow that pages while a token is present (the shape of public samples) ends.
    const definition = {
      StartAt: 'List',
      States: {
        List: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:sfn:listExecutions', Parameters: { 'StateMachineArn.$': '$$.StateMachine.Id' }, ResultPath: '$.page', Next: 'More?' },
        'More?': { Type: 'Choice', Choices: [{ Variable: '$.page.NextToken', IsPresent: true, Next: 'List' }], Default: 'Done' },
        Done: { Type: 'Succeed' },
      },
    };
    const responder = createGeneratedResponder();
    const result = await runExecution({
      definition: definition as never,
      input: {},
      invoker: { invoke: () => ({ kind: 'failure', failure: { error: 'Stepscope.MockNotFound' } }) },
      unansweredTasks: responder,
    });
    expect(result.status).toBe('SUCCEEDED');
    expect(responder.answered).toHaveLength(1);
  });

  it('is deterministic: same seed, state and invocation give the same values; another seed others', () => {
    const a = generateTaskResponse(request('arn:aws:states:::sqs:sendMessage'), { seed: 7 });
    const b = generateTaskResponse(request('arn:aws:states:::sqs:sendMessage'), { seed: 7 });
    const c = generateTaskResponse(request('arn:aws:states:::sqs:sendMessage'), { seed: 8 });
    expect(a).toEqual(b);
    expect(a.output).not.toEqual(c.output);
  });

  it('answers unmocked Tasks in a run (RunOptions.unansweredTasks), and a mock still wins', async () => {
    const definition = {
      StartAt: 'Mocked',
      States: {
        Mocked: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f', 'Payload.$': '$' }, Next: 'Call' },
        Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f', 'Payload.$': '$.Payload' }, OutputPath: '$.Payload', End: true },
      },
    };
    const parsed = parseMockConfig({ StateMachines: { M: { TestCases: { T: { Mocked: 'R' } } } }, MockedResponses: { R: { '0': { Return: { Payload: { from: 'mock' } } } } } });
    if (!parsed.ok) throw new Error('bad config');
    const responder = createGeneratedResponder({ seed: 1 });
    const result = await runExecution({
      definition: definition as never,
      input: { in: 1 },
      invoker: createMockInvoker(parsed.config, { stateMachine: 'M', testCase: 'T' }),
      unansweredTasks: responder,
    });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({ from: 'mock' });
    expect(responder.answered.map((a) => a.stateName)).toEqual(['Call']);
  });

  it('answers the unmocked Tasks of a Distributed Map\'s child executions too', async () => {
    const responder = createGeneratedResponder();
    const result = await runExecution({
      definition: distributedMapFan,
      input: { items: [{ n: 1 }, { n: 2 }] },
      invoker: { invoke: () => ({ kind: 'failure', failure: { error: 'Stepscope.MockNotFound' } }) },
      unansweredTasks: responder,
    });
    expect(result.status).toBe('SUCCEEDED');
    expect(responder.answered.map((a) => a.stateName)).toEqual(['Work', 'Work']);
  });

  it('the shapes file is current with the installed client packages', () => {
    expect(() => execFileSync(process.execPath, ['scripts/generate-service-shapes.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
