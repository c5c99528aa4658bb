import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseMockConfig, type MockConfig } from '../../../src-main/common/mocks/mockConfig';
import { checkMockShapes, checkReturnedValue, formatShapeProblem, taskResources } from '../../../src-main/common/mocks/shapeCheck';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import type { Json } from '../../../src-main/common/json';

function config(json: Json): MockConfig {
  const parsed = parseMockConfig(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.config;
}

const LAMBDA = 'arn:aws:states:::lambda:invoke';

describe('mock shape checks (fieldValidationMode)', () => {
  it('STRICT refuses unknown fields, wrong types and missing required fields; PRESENT only the first two; NONE nothing', () => {
    // DescribeExecution requires ExecutionArn, StateMachineArn, Status, StartDate.
    const sync = 'arn:aws:states:::states:startExecution.sync';
    const value = { ExecutionArn: 'arn', Status: 'SUCCEEDED', Output: '{}', Bogus: 1 };
    const strict = checkReturnedValue(sync, value, 'STRICT');
    expect(strict).toEqual(
      expect.arrayContaining([
        { field: 'Bogus', message: expect.stringMatching(/^unknown field "Bogus": DescribeExecutionOutput has /) },
        { field: 'StateMachineArn', message: 'missing required field "StateMachineArn" of DescribeExecutionOutput' },
        { field: 'StartDate', message: 'missing required field "StartDate" of DescribeExecutionOutput' },
      ]),
    );
    expect(checkReturnedValue(sync, value, 'PRESENT').map((p) => p.field)).toEqual(['Bogus']);
    expect(checkReturnedValue(sync, value, 'NONE')).toEqual([]);
    expect(checkReturnedValue('arn:aws:states:::sqs:sendMessage', { MessageId: 5 }, 'PRESENT')).toEqual([{ field: 'MessageId', message: 'expected a string, got a number' }]);
  });

  it('checks nested lists, maps and unions with their paths', () => {
    const problems = checkReturnedValue('arn:aws:states:::aws-sdk:dynamodb:query', { Items: [{ id: { S: 1 } }, { id: { S: 'a', N: '1' } }], Count: '1' }, 'PRESENT');
    expect(problems).toEqual([
      { field: 'Items[0].id.S', message: 'expected a string, got a number' },
      { field: 'Items[1].id', message: 'AttributeValue is a union: set exactly one of its fields' },
      { field: 'Count', message: 'expected a number, got a string' },
    ]);
  });

  it('accepts what Step Functions gives: any JSON Payload, SDK metadata on optimized integrations, camelCase or PascalCase members', () => {
    expect(checkReturnedValue(LAMBDA, { StatusCode: 200, Payload: 'text', SdkHttpMetadata: {}, SdkResponseMetadata: {} }, 'STRICT')).toEqual([]);
    expect(checkReturnedValue('arn:aws:states:::batch:submitJob', { JobArn: 'a', JobId: 'b', JobName: 'c' }, 'STRICT')).toEqual([]);
    expect(checkReturnedValue('arn:aws:states:::aws-sdk:s3:listObjectsV2', { SdkHttpMetadata: {} }, 'PRESENT').map((p) => p.field)).toEqual(['SdkHttpMetadata']);
    // Nothing to check: activities, callbacks, services without a model, a Lambda function's own result.
    expect(checkReturnedValue('arn:aws:states:us-east-1:1:activity:a', 5, 'STRICT')).toEqual([]);
    expect(checkReturnedValue('arn:aws:states:::sqs:sendMessage.waitForTaskToken', 'anything', 'STRICT')).toEqual([]);
    expect(checkReturnedValue('arn:aws:states:::aws-sdk:nosuch:op', 5, 'STRICT')).toEqual([]);
    expect(checkReturnedValue('arn:aws:lambda:us-east-1:1:function:f', { result: 1 }, 'STRICT')).toEqual([]);
  });

  it('names the file, test case, state, response and field, with a pointer into the config', () => {
    const definition = {
      StartAt: 'P',
      States: { P: { Type: 'Parallel', Branches: [{ StartAt: 'Send', States: { Send: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', End: true } } }], End: true } },
    } as unknown as StateMachineDefinition;
    expect([...taskResources(definition)]).toEqual([['Send', 'arn:aws:states:::sns:publish']]);
    const problems = checkMockShapes(
      config({ StateMachines: { M: { TestCases: { T: { Send: 'R' } } } }, MockedResponses: { R: { '0-1': { Return: { MessageId: ['x'] } } } } }),
      definition,
      'STRICT',
    );
    expect(problems).toEqual([
      { stateMachine: 'M', testCase: 'T', state: 'Send', response: 'R', invocation: '0-1', field: 'MessageId', pointer: '/MockedResponses/R/0-1/Return/MessageId', message: 'expected a string, got an array' },
    ]);
    expect(formatShapeProblem('mocks.json', problems[0])).toBe(
      'mocks.json: test case "T" (state machine "M"), state "Send", response "R" invocation 0-1: field "MessageId": expected a string, got an array',
    );
  });

  it('every mock config of the conformance corpus (AWS-recorded responses) passes STRICT', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => {
        const p = join(dir, n);
        return statSync(p).isDirectory() ? files(p) : p.endsWith('.json') ? [p] : [];
      });
    let checked = 0;
    const failures: string[] = [];
    for (const file of files('test/fixtures/conformance')) {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as { mockConfig?: Json; definition?: Json };
      if (raw.mockConfig === undefined || raw.mockConfig === null || typeof raw.definition !== 'object') continue;
      const parsed = parseMockConfig(raw.mockConfig);
      if (!parsed.ok) continue;
      checked++;
      for (const p of checkMockShapes(parsed.config, raw.definition as unknown as StateMachineDefinition, 'STRICT')) failures.push(formatShapeProblem(file, p));
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(150);
  });
});
