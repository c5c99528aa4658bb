import { describe, expect, it } from 'vitest';
import { runExecution, DEFAULT_START_TIME } from '../../../../src-main/common/engine/interpreter';
import { createTaskTokenBroker, TaskTokenError, type TaskTokenBroker } from '../../../../src-main/common/engine/callbacks/taskTokenBroker';
import { createHandlerInvoker } from '../../../../src-main/common/mocks/handlerInvoker';
import type { StateMachineDefinition, TaskState } from '../../../../src-main/common/asl/types';
import type { HistoryEvent } from '../../../../src-main/common/history/events';

const CALLBACK = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';

function callbackTask(extra: Partial<TaskState> = {}): TaskState {
  return { Type: 'Task', Resource: CALLBACK, Parameters: { QueueUrl: 'q', 'MessageBody.$': '$$.Task.Token' }, End: true, ...extra };
}

function single(extra: Partial<TaskState> = {}): StateMachineDefinition {
  return { StartAt: 'Wait for it', States: { 'Wait for it': callbackTask(extra) } };
}

const seconds = (e: HistoryEvent) => (Date.parse(e.timestamp) - DEFAULT_START_TIME) / 1000;
const types = (events: HistoryEvent[]) => events.map((e) => e.type);

/** Answers each new wait from a later macrotask, as an outside caller would. */
function answerLater(broker: TaskTokenBroker, answer: (token: string) => void): void {
  broker.subscribe((wait) => {
    setTimeout(() => answer(wait.token), 0);
  });
}

describe('task tokens answered from outside', () => {
  it('waits, with the virtual clock held, until sendTaskSuccess answers the token', async () => {
    const broker = createTaskTokenBroker();
    const seen: string[] = [];
    answerLater(broker, (token) => {
      seen.push(token);
      broker.sendTaskSuccess(token, { ok: true });
    });
    const run = await runExecution({ definition: single({ TimeoutSeconds: 30 }), input: {}, invoker: createHandlerInvoker({}), taskTokens: broker });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ ok: true });
    expect(types(run.events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(JSON.parse((run.events[2].taskScheduledEventDetails as { parameters: string }).parameters).MessageBody).toBe(seen[0]);
    // Held: no virtual time passed while the outside decided.
    expect(run.events.every((e) => seconds(e) === 0)).toBe(true);
    expect(broker.pending()).toEqual([]);
  });

  it('fails the Task with the error and cause of sendTaskFailure', async () => {
    const broker = createTaskTokenBroker();
    answerLater(broker, (token) => broker.sendTaskFailure(token, 'Nope', 'worker said no'));
    const run = await runExecution({ definition: single(), input: {}, invoker: createHandlerInvoker({}), taskTokens: broker });
    expect(run.status).toBe('FAILED');
    expect([run.error, run.cause]).toEqual(['Nope', 'worker said no']);
    expect(run.events.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails).toEqual({
      error: 'Nope',
      cause: 'worker said no',
      resource: 'sendMessage.waitForTaskToken',
      resourceType: 'sqs',
    });
  });

  it('times out with States.HeartbeatTimeout at the heartbeat deadline in virtual time when nothing answers', async () => {
    const broker = createTaskTokenBroker({ whenIdle: 'time-out' });
    const run = await runExecution({
      definition: single({ HeartbeatSeconds: 10, TimeoutSeconds: 100 }),
      input: {},
      invoker: createHandlerInvoker({}),
      taskTokens: broker,
    });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('States.HeartbeatTimeout');
    const timedOut = run.events.find((e) => e.type === 'TaskTimedOut')!;
    expect(timedOut.taskTimedOutEventDetails).toEqual({ error: 'States.HeartbeatTimeout', resource: 'sendMessage.waitForTaskToken', resourceType: 'sqs' });
    expect(seconds(timedOut)).toBe(10);
  });

  it('lets heartbeats extend the wait, and reaches the deadline only when nothing else can run', async () => {
    const broker = createTaskTokenBroker({ whenIdle: 'time-out' });
    const token = () => broker.pending()[0].token;
    const invoker = createHandlerInvoker({
      byState: {
        Beat: () => {
          broker.sendTaskHeartbeat(token());
          return {};
        },
        Answer: () => {
          broker.sendTaskSuccess(token(), 'done');
          return {};
        },
      },
    });
    const definition: StateMachineDefinition = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'Callback', States: { Callback: callbackTask({ HeartbeatSeconds: 10, TimeoutSeconds: 100 }) } },
            {
              StartAt: 'W1',
              States: {
                W1: { Type: 'Wait', Seconds: 8, Next: 'Beat' },
                Beat: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:111111111111:function:beat', Next: 'W2' },
                W2: { Type: 'Wait', Seconds: 8, Next: 'Answer' },
                Answer: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:111111111111:function:answer', End: true },
              },
            },
          ],
        },
      },
    };
    const run = await runExecution({ definition, input: {}, invoker, taskTokens: broker });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual(['done', {}]);
    // Without the heartbeat at 8 s the wait would have timed out at 10 s.
    expect(seconds(run.events.find((e) => e.type === 'TaskSucceeded')!)).toBe(16);
  });

  it('holds a wait until it is released, then times out at its own deadline', async () => {
    const broker = createTaskTokenBroker();
    broker.subscribe((wait) => setTimeout(() => broker.release(wait.token), 0));
    const run = await runExecution({ definition: single({ TimeoutSeconds: 30 }), input: {}, invoker: createHandlerInvoker({}), taskTokens: broker });
    expect(run.error).toBe('States.Timeout');
    expect(seconds(run.events.find((e) => e.type === 'TaskTimedOut')!)).toBe(30);
  });

  it('refuses answers for unknown, answered and timed-out tokens with AWS error codes', async () => {
    const broker = createTaskTokenBroker({ whenIdle: 'time-out' });
    expect(() => broker.sendTaskSuccess('nope', {})).toThrow(TaskTokenError);
    let token = '';
    broker.subscribe((w) => {
      token = w.token;
    });
    await runExecution({ definition: single({ TimeoutSeconds: 5 }), input: {}, invoker: createHandlerInvoker({}), taskTokens: broker });
    try {
      broker.sendTaskSuccess(token, {});
      expect.unreachable();
    } catch (err) {
      expect((err as TaskTokenError).code).toBe('TaskTimedOut');
    }
  });

  it('hands an activity to a worker that asks for it, and records the worker', async () => {
    const broker = createTaskTokenBroker();
    const activity = 'arn:aws:states:us-east-1:111111111111:activity:work';
    broker.subscribe(() =>
      setTimeout(() => {
        const task = broker.getActivityTask(activity, 'worker-1')!;
        broker.sendTaskSuccess(task.taskToken, { got: task.input });
      }, 0),
    );
    const run = await runExecution({
      definition: { StartAt: 'A', States: { A: { Type: 'Task', Resource: activity, End: true } } },
      input: { x: 1 },
      invoker: createHandlerInvoker({}),
      taskTokens: broker,
    });
    expect(run.output).toEqual({ got: { x: 1 } });
    expect(run.events.find((e) => e.type === 'ActivityStarted')?.activityStartedEventDetails).toEqual({ workerName: 'worker-1' });
  });

  it('keeps failing an unanswered callback Task with the invoker failure when no broker is given', async () => {
    const run = await runExecution({ definition: single(), input: {}, invoker: createHandlerInvoker({}) });
    expect(run.error).toBe('Stepscope.NoHandler');
  });
});

describe('states:startExecution of a registered state machine', () => {
  const target = 'arn:aws:states:us-east-1:111111111111:stateMachine:Target';
  const stateMachines = {
    [target]: { definition: { StartAt: 'P', States: { P: { Type: 'Pass', Result: { Arg1: 'argument1' }, End: true } } } as StateMachineDefinition },
  };
  const starter = (resource: string): StateMachineDefinition => ({
    StartAt: 'Start',
    States: { Start: { Type: 'Task', Resource: resource, Parameters: { StateMachineArn: target, Input: { a: 1 }, Name: 'Child' }, End: true } },
  });

  it('.sync runs the child here and returns its description, Input and Output as JSON text', async () => {
    const run = await runExecution({ definition: starter('arn:aws:states:::states:startExecution.sync'), input: {}, invoker: createHandlerInvoker({}), stateMachines });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toMatchObject({
      ExecutionArn: 'arn:aws:states:us-east-1:111111111111:execution:Target:Child',
      Input: '{"a":1}',
      Output: '{"Arg1":"argument1"}',
      Status: 'SUCCEEDED',
      StateMachineArn: target,
    });
    expect(types(run.events)).toContain('TaskSubmitted');
    expect(run.children?.map((c) => [c.startedBy, c.status, c.parentExecutionArn])).toEqual([['startExecution', 'SUCCEEDED', run.executionArn]]);
    expect(types(run.children![0].events)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
  });

  it('.sync:2 returns the child input and output as JSON', async () => {
    const run = await runExecution({ definition: starter('arn:aws:states:::states:startExecution.sync:2'), input: {}, invoker: createHandlerInvoker({}), stateMachines });
    expect(run.output).toMatchObject({ Input: { a: 1 }, Output: { Arg1: 'argument1' } });
  });

  it('request-response returns at once, and the child still runs to its end', async () => {
    const run = await runExecution({ definition: starter('arn:aws:states:::states:startExecution'), input: {}, invoker: createHandlerInvoker({}), stateMachines });
    expect(run.output).toEqual({ ExecutionArn: 'arn:aws:states:us-east-1:111111111111:execution:Target:Child', StartDate: DEFAULT_START_TIME });
    expect(run.children?.[0].status).toBe('SUCCEEDED');
  });

  it('lets a mock answer the Task when one is configured', async () => {
    const invoker = createHandlerInvoker({ byState: { Start: () => ({ mocked: true }) } });
    const run = await runExecution({ definition: starter('arn:aws:states:::states:startExecution.sync'), input: {}, invoker, stateMachines });
    expect(run.output).toEqual({ mocked: true });
    expect(run.children).toBeUndefined();
  });

  it('.waitForTaskToken waits until the child answers with an aws-sdk:sfn:sendTaskSuccess Task', async () => {
    const replier = 'arn:aws:states:us-east-1:111111111111:stateMachine:Replier';
    const machines = {
      [replier]: {
        definition: {
          StartAt: 'Reply',
          States: {
            Reply: {
              Type: 'Task',
              Resource: 'arn:aws:states:::aws-sdk:sfn:sendTaskSuccess',
              Parameters: { 'TaskToken.$': '$.token', Output: '{"answer":42}' },
              End: true,
            },
          },
        } as StateMachineDefinition,
      },
    };
    const definition: StateMachineDefinition = {
      StartAt: 'Start',
      States: {
        Start: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.waitForTaskToken',
          Parameters: { StateMachineArn: replier, Input: { 'token.$': '$$.Task.Token' } },
          End: true,
        },
      },
    };
    const run = await runExecution({ definition, input: {}, invoker: createHandlerInvoker({}), stateMachines: machines });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ answer: 42 });
    expect(run.children?.[0].status).toBe('SUCCEEDED');
  });
});

describe('Express workflows', () => {
  it('marks the run EXPRESS and times it out after five minutes', async () => {
    const run = await runExecution({
      definition: { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 600, End: true } } },
      input: {},
      invoker: createHandlerInvoker({}),
      type: 'EXPRESS',
      stateMachineName: 'Fast',
    });
    expect(run.type).toBe('EXPRESS');
    expect(run.status).toBe('TIMED_OUT');
    expect(run.executionArn).toMatch(/:express:Fast:/);
    expect(seconds(run.events[run.events.length - 1])).toBe(300);
  });
});
