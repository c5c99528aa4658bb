import { describe, expect, it } from 'vitest';
import { runExecution } from '../../../../src-main/common/engine/interpreter';
import type { TaskInvoker, TaskOutcome } from '../../../../src-main/common/engine/ports';
import type { StateMachineDefinition } from '../../../../src-main/common/asl/types';
import type { HistoryEvent } from '../../../../src-main/common/history/events';

/** What Task scheduling and activity events record (issue #16: credentials, activities). */

function answering(outcome: TaskOutcome): TaskInvoker {
  return { invoke: () => outcome };
}

function one(resource: string, extra: Record<string, unknown> = {}): StateMachineDefinition {
  return { StartAt: 'T', States: { T: { Type: 'Task', Resource: resource, End: true, ...extra } } } as StateMachineDefinition;
}

function event(events: HistoryEvent[], type: string): Record<string, unknown> {
  const e = events.find((x) => x.type === type);
  if (e === undefined) throw new Error(`no ${type}`);
  return e as unknown as Record<string, unknown>;
}

describe('Task Credentials in history (API Reference: TaskScheduledEventDetails, LambdaFunctionScheduledEventDetails)', () => {
  const role = 'arn:aws:iam::222222222222:role/Trusted';

  it('a Lambda function ARN Task records taskCredentials on LambdaFunctionScheduled', async () => {
    const r = await runExecution({
      definition: one('arn:aws:lambda:us-east-1:111111111111:function:f', { Credentials: { 'RoleArn.$': '$.role' } }),
      input: { role },
      invoker: answering({ kind: 'success', output: {} }),
    });
    expect(event(r.events, 'LambdaFunctionScheduled').lambdaFunctionScheduledEventDetails).toEqual({
      input: JSON.stringify({ role }),
      inputDetails: { truncated: false },
      resource: 'arn:aws:lambda:us-east-1:111111111111:function:f',
      taskCredentials: { roleArn: role },
    });
  });

  it('a service integration records it on TaskScheduled (recorded: credentials/test_cross_account_service_lambda_invoke)', async () => {
    const r = await runExecution({
      definition: one('arn:aws:states:::lambda:invoke', { Credentials: { RoleArn: role }, Parameters: { FunctionName: 'f' } }),
      input: {},
      invoker: answering({ kind: 'success', output: {} }),
    });
    expect((event(r.events, 'TaskScheduled').taskScheduledEventDetails as Record<string, unknown>).taskCredentials).toEqual({ roleArn: role });
  });

  it('ActivityScheduled has no taskCredentials field (API Reference: ActivityScheduledEventDetails)', async () => {
    const r = await runExecution({
      definition: one('arn:aws:states:us-east-1:111111111111:activity:a', { Credentials: { RoleArn: role } }),
      input: {},
      invoker: answering({ kind: 'success', output: {}, workerName: 'w1' }),
    });
    expect(event(r.events, 'ActivityScheduled').activityScheduledEventDetails).not.toHaveProperty('taskCredentials');
  });
});

describe('ActivityStarted workerName (API Reference: ActivityStartedEventDetails; LocalStack state_task_activitiy.py)', () => {
  it('records the name the worker gave', async () => {
    const r = await runExecution({
      definition: one('arn:aws:states:us-east-1:111111111111:activity:a'),
      input: {},
      invoker: answering({ kind: 'success', output: {}, workerName: 'BASE_ID_ACTIVITY_CONSUMER' }),
    });
    expect(event(r.events, 'ActivityStarted').activityStartedEventDetails).toEqual({ workerName: 'BASE_ID_ACTIVITY_CONSUMER' });
  });

  it('records empty details when the worker gave no name (no name is made up)', async () => {
    const r = await runExecution({
      definition: one('arn:aws:states:us-east-1:111111111111:activity:a'),
      input: {},
      invoker: answering({ kind: 'success', output: {} }),
    });
    expect(event(r.events, 'ActivityStarted').activityStartedEventDetails).toEqual({});
  });
});

describe('the Context object of a .sync Task (LocalStack state_task_service_callback.py: a token where the service offers callbacks)', () => {
  const withToken = (resource: string): StateMachineDefinition =>
    one(resource, { Parameters: { Input: { 'token.$': '$$.Task.Token' }, StateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:Child', JobName: 'j' } });

  it('states:startExecution.sync sees $$.Task.Token', async () => {
    const r = await runExecution({
      definition: withToken('arn:aws:states:::states:startExecution.sync:2'),
      input: {},
      invoker: answering({ kind: 'success', output: {}, submitted: {} }),
    });
    const params = JSON.parse((event(r.events, 'TaskScheduled').taskScheduledEventDetails as { parameters: string }).parameters) as { Input: { token: string } };
    expect(params.Input.token).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('batch:submitJob.sync (no callback pattern) has no Task.Token: the path fails the state', async () => {
    const r = await runExecution({
      definition: withToken('arn:aws:states:::batch:submitJob.sync'),
      input: {},
      invoker: answering({ kind: 'success', output: {}, submitted: {} }),
    });
    expect(r.status).toBe('FAILED');
    expect(r.cause).toContain('$$.Task.Token');
  });
});
