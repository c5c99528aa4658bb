import { describe, expect, it } from 'vitest';
import { validateDefinition, type ValidateOptions } from '../../../src-main/common/asl/validate';
import { classifyTaskResource } from '../../../src-main/common/asl/validation/resources';
import type { JsonObject } from '../../../src-main/common/json';

/**
 * Task `Resource` rules (issue #12 item 5). Each test names the Developer Guide page (or the
 * LocalStack file, where AWS is silent) the rule comes from.
 */

function errors(def: JsonObject, options?: ValidateOptions): string[] {
  return validateDefinition(def, options)
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code}: ${d.message} @ ${d.awsLocation ?? 'null'}`);
}

function task(resource: string): JsonObject {
  return { StartAt: 'T', States: { T: { Type: 'Task', Resource: resource, End: true } } };
}

function notRecognized(resource: string): string {
  return `SCHEMA_VALIDATION_FAILED: The resource provided ${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. @ /States/T/Resource`;
}

describe('optimized integrations (Developer Guide: connect-supported-services, connect-to-resource)', () => {
  it.each([
    'arn:aws:states:::lambda:invoke',
    'arn:aws:states:::lambda:invoke.waitForTaskToken',
    'arn:aws:states:::sqs:sendMessage',
    'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
    'arn:aws:states:::sns:publish',
    'arn:aws:states:::sns:publish.waitForTaskToken',
    'arn:aws:states:::events:putEvents.waitForTaskToken',
    'arn:aws:states:::apigateway:invoke',
    'arn:aws:states:::states:startExecution',
    'arn:aws:states:::states:startExecution.sync',
    'arn:aws:states:::states:startExecution.sync:2',
    'arn:aws:states:::states:startExecution.waitForTaskToken',
    'arn:aws:states:::batch:submitJob.sync',
    'arn:aws:states:::ecs:runTask.sync',
    'arn:aws:states:::ecs:runTask.waitForTaskToken',
    'arn:aws:states:::glue:startJobRun.sync',
    'arn:aws:states:::athena:startQueryExecution.sync',
    'arn:aws:states:::athena:getQueryResults',
    'arn:aws:states:::codebuild:startBuild.sync',
    'arn:aws:states:::codebuild:retryBuildBatch.sync',
    'arn:aws:states:::http:invoke',
    'arn:aws:states:::sagemaker:createTrainingJob.sync',
    'arn:aws:states:::eks:runJob.sync',
    'arn:aws:states:::bedrock:invokeModel',
    'arn:aws-us-gov:states:::lambda:invoke',
  ])('accepts %s', (resource) => {
    expect(errors(task(resource))).toEqual([]);
  });

  it('connect-ddb: DynamoDB optimized APIs are GetItem, PutItem, UpdateItem and DeleteItem only', () => {
    for (const api of ['getItem', 'putItem', 'updateItem', 'deleteItem']) {
      expect(errors(task(`arn:aws:states:::dynamodb:${api}`))).toEqual([]);
    }
    // Issue #12: AWS answers "not recognized" for dynamodb:query; Query goes through aws-sdk:dynamodb.
    expect(errors(task('arn:aws:states:::dynamodb:query'))).toEqual([notRecognized('arn:aws:states:::dynamodb:query')]);
    expect(errors(task('arn:aws:states:::aws-sdk:dynamodb:query'))).toEqual([]);
  });

  it('connect-supported-services table: a pattern the service does not support is not recognized', () => {
    for (const r of [
      'arn:aws:states:::lambda:invoke.sync', // Lambda: Request Response, Wait for Callback
      'arn:aws:states:::dynamodb:putItem.waitForTaskToken', // DynamoDB: Request Response only
      'arn:aws:states:::sqs:sendMessage.sync',
      'arn:aws:states:::glue:startJobRun.waitForTaskToken', // Glue: Request Response, .sync
      'arn:aws:states:::batch:submitJob.waitForTaskToken',
      'arn:aws:states:::sagemaker:createTrainingJob.waitForTaskToken',
      'arn:aws:states:::ecs:runTask.sync:2', // .sync:2 is Step Functions' StartExecution only
      'arn:aws:states:::sns:publish.waitForCallback', // not a pattern
    ]) {
      expect(errors(task(r))).toEqual([notRecognized(r)]);
    }
  });

  it('connect-athena / connect-codebuild: per-API .sync support', () => {
    for (const r of ['arn:aws:states:::athena:getQueryResults.sync', 'arn:aws:states:::codebuild:stopBuild.sync']) {
      expect(errors(task(r))).toEqual([notRecognized(r)]);
    }
  });

  it('an unknown optimized service or API is not recognized', () => {
    for (const r of ['arn:aws:states:::s3:getObject', 'arn:aws:states:::lambda:invokeAsync', 'arn:aws:states:::foo:bar', 'arn:aws:states:::lambda']) {
      expect(errors(task(r))).toEqual([notRecognized(r)]);
    }
  });
});

describe('AWS SDK integrations (Developer Guide: supported-services-awssdk, integrate-optimized)', () => {
  it('accepts aws-sdk:<service>:<apiAction> and .waitForTaskToken', () => {
    expect(errors(task('arn:aws:states:::aws-sdk:s3:listObjectsV2'))).toEqual([]);
    expect(errors(task('arn:aws:states:::aws-sdk:s3:listBuckets.waitForTaskToken'))).toEqual([]);
    expect(errors(task('arn:aws:states:::aws-sdk:secretsmanager:createSecret'))).toEqual([]);
  });

  it('rejects .sync (AWS SDK integrations: Run a Job not supported) and malformed shapes', () => {
    for (const r of [
      'arn:aws:states:::aws-sdk:s3:listObjectsV2.sync',
      'arn:aws:states:::aws-sdk:s3',
      'arn:aws:states:::aws-sdk:s3:',
      'arn:aws:states:::aws-sdk:s3:GetObject', // the action is camelCase
      'arn:aws:states:::aws-sdk:S3:getObject', // the service is lower case
      'arn:aws:states:::aws-sdk:s3:get:object',
    ]) {
      expect(errors(task(r))).toEqual([notRecognized(r)]);
    }
  });
});

describe('Lambda function and activity ARNs (Developer Guide: connect-to-resource, concepts-activities)', () => {
  it('accepts function ARNs with and without a qualifier', () => {
    for (const r of [
      'arn:aws:lambda:us-east-1:123456789012:function:my-function',
      'arn:aws:lambda:us-east-1:123456789012:function:my_function:$LATEST',
      'arn:aws:lambda:eu-west-2:123456789012:function:fn:7',
      'arn:aws:lambda:us-east-1:123456789012:function:fn:prod',
    ]) {
      expect(errors(task(r))).toEqual([]);
    }
  });

  it('rejects malformed function ARNs', () => {
    for (const r of [
      'arn:aws:lambda:us-east-1:123456789012:function:',
      'arn:aws:lambda:us-east-1:123456789012:function',
      'arn:aws:lambda:us-east-1:12345:function:fn', // account is 12 digits
      'arn:aws:lambda::123456789012:function:fn', // region missing
      'arn:aws:lambda:us-east-1:123456789012:layer:fn',
      'arn:aws:lambda:us-east-1:123456789012:function:fn:1:2',
      'arn:aws:lambda:us-east-1:123456789012:function:my.function',
      'arn:aws:sqs:us-east-1:123456789012:queue', // not a Task resource at all
    ]) {
      expect(errors(task(r))).toEqual([notRecognized(r)]);
    }
  });

  it('accepts activity ARNs and rejects malformed ones', () => {
    expect(errors(task('arn:aws:states:us-east-1:123456789012:activity:get-greeting'))).toEqual([]);
    for (const r of [
      'arn:aws:states:us-east-1:123456789012:activity:',
      'arn:aws:states::123456789012:activity:x',
      'arn:aws:states:us-east-1:123456789012:activity:a:b',
      'arn:aws:states:us-east-1:123456789012:stateMachine:Child',
    ]) {
      expect(errors(task(r))).toEqual([notRecognized(r)]);
    }
  });

  it('keeps the older message for a Resource that is no ARN at all', () => {
    expect(errors(task('my-function'))).toEqual(['SCHEMA_VALIDATION_FAILED: Value is not a valid resource ARN @ /States/T/Resource']);
  });
});

describe('Express workflows (Developer Guide: integrate-optimized, choosing-workflow-type)', () => {
  const express: ValidateOptions = { stateMachineType: 'EXPRESS' };

  it('recorded wording for .waitForTaskToken and .sync (validation/..._ILLEGAL_WFTT)', () => {
    expect(errors(task('arn:aws:states:::sqs:sendMessage.waitForTaskToken'), express)).toEqual([
      "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration  @ /States/T/Resource",
    ]);
    expect(errors(task('arn:aws:states:::states:startExecution.sync:2'), express)).toEqual([
      "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.sync' service integration  @ /States/T/Resource",
    ]);
    expect(errors(task('arn:aws:states:::lambda:invoke'), express)).toEqual([]);
  });

  it('activities are not supported (wording from LocalStack static_analyser/express_static_analyser.py)', () => {
    expect(errors(task('arn:aws:states:us-east-1:123456789012:activity:a'), express)).toEqual([
      'SCHEMA_VALIDATION_FAILED: Express state machine does not support Activity ARN @ /States/T/Resource',
    ]);
  });

  it('an EXPRESS Distributed Map runs its children as Express workflows: their Tasks get the Express rules', () => {
    const def = (executionType: string): JsonObject => ({
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: executionType },
            StartAt: 'T',
            States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', End: true } },
          },
          End: true,
        },
      },
    });
    expect(errors(def('STANDARD'))).toEqual([]);
    expect(errors(def('EXPRESS'))).toEqual([
      "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration  @ /States/M/ItemProcessor/States/T/Resource",
    ]);
  });
});

describe('classifyTaskResource', () => {
  it('tells the three families apart', () => {
    expect(classifyTaskResource('arn:aws:states:::lambda:invoke.waitForTaskToken')).toEqual({
      kind: 'service',
      service: 'lambda',
      api: 'invoke',
      pattern: 'waitForTaskToken',
    });
    expect(classifyTaskResource('arn:aws:lambda:us-east-1:123456789012:function:f')).toEqual({ kind: 'lambda-function' });
    expect(classifyTaskResource('arn:aws:states:us-east-1:123456789012:activity:a')).toEqual({ kind: 'activity' });
  });
});
