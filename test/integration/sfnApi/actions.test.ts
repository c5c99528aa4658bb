import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  ListStateMachinesCommand,
  ListStateMachineVersionsCommand,
  ListTagsForResourceCommand,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  TagResourceCommand,
  TestStateCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import { openEndpoint, ORDERS_DEFINITION, ROLE } from './endpointFixture';

/** Each action's answers, pagination and AWS error names, through the SDK. */
let env: Awaited<ReturnType<typeof openEndpoint>>;
const ARN = (name: string) => `arn:aws:states:us-east-1:111111111111:stateMachine:${name}`;
const EXEC = (machine: string, name: string) => `arn:aws:states:us-east-1:111111111111:execution:${machine}:${name}`;
const PASS2 = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } } });
const CALLBACK = JSON.stringify({
  StartAt: 'Wait',
  States: { Wait: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Parameters: { 'QueueUrl': 'q', 'MessageBody': { 'token.$': '$$.Task.Token' } }, End: true } },
});

beforeAll(async () => {
  env = await openEndpoint();
  await env.client.send(new CreateStateMachineCommand({ name: 'Orders', definition: ORDERS_DEFINITION, roleArn: ROLE, tags: [{ key: 'team', value: 'a' }] }));
  await env.client.send(new CreateStateMachineCommand({ name: 'Pass2', definition: PASS2, roleArn: ROLE }));
});
afterAll(async () => {
  await env.close();
});

/** Waits until the stored execution has stopped. */
async function settled(arn: string) {
  for (let i = 0; i < 200; i++) {
    const d = await env.client.send(new DescribeExecutionCommand({ executionArn: arn }));
    if (d.status !== 'RUNNING') return d;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${arn} still running`);
}

/** Waits until a task token is waiting, and answers it. */
async function waitingToken(): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const waiting = await env.service['tasks.list']({});
    if (waiting.length > 0) return waiting[0].taskToken;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no task waits');
}

describe('state machines', () => {
  it('creates idempotently, refuses a different definition under the same name, describes, updates and lists with pages', async () => {
    const again = await env.client.send(new CreateStateMachineCommand({ name: 'Pass2', definition: PASS2, roleArn: ROLE }));
    expect(again.stateMachineArn).toBe(ARN('Pass2'));
    await expect(env.client.send(new CreateStateMachineCommand({ name: 'Pass2', definition: ORDERS_DEFINITION, roleArn: ROLE }))).rejects.toMatchObject({ name: 'StateMachineAlreadyExists' });
    await expect(env.client.send(new CreateStateMachineCommand({ name: 'bad name', definition: PASS2, roleArn: ROLE }))).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(env.client.send(new CreateStateMachineCommand({ name: 'X', definition: PASS2, roleArn: 'not-a-role' }))).rejects.toMatchObject({ name: 'InvalidArn' });
    const described = await env.client.send(new DescribeStateMachineCommand({ stateMachineArn: ARN('Pass2') }));
    expect(described).toMatchObject({ name: 'Pass2', status: 'ACTIVE', type: 'STANDARD', definition: PASS2, roleArn: ROLE });
    await expect(env.client.send(new DescribeStateMachineCommand({ stateMachineArn: ARN('Nope') }))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(env.client.send(new DescribeStateMachineCommand({ stateMachineArn: EXEC('Pass2', 'x') }))).rejects.toMatchObject({ name: 'InvalidArn' });
    await expect(env.client.send(new UpdateStateMachineCommand({ stateMachineArn: ARN('Pass2') }))).rejects.toMatchObject({ name: 'MissingRequiredParameter' });

    const updated = await env.client.send(new UpdateStateMachineCommand({ stateMachineArn: ARN('Pass2'), definition: PASS2.replace('"B"', '"B"'), publish: true, versionDescription: 'v1' }));
    expect(updated.stateMachineVersionArn).toBe(`${ARN('Pass2')}:1`);
    const versions = await env.client.send(new ListStateMachineVersionsCommand({ stateMachineArn: ARN('Pass2') }));
    expect(versions.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([`${ARN('Pass2')}:1`]);
    expect((await env.client.send(new DescribeStateMachineCommand({ stateMachineArn: `${ARN('Pass2')}:1` }))).description).toBe('v1');

    for (const name of ['M1', 'M2', 'M3']) await env.client.send(new CreateStateMachineCommand({ name, definition: PASS2, roleArn: ROLE }));
    const first = await env.client.send(new ListStateMachinesCommand({ maxResults: 2 }));
    expect(first.stateMachines?.map((m) => m.name)).toEqual(['M1', 'M2']);
    const second = await env.client.send(new ListStateMachinesCommand({ maxResults: 2, nextToken: first.nextToken }));
    expect(second.stateMachines?.map((m) => m.name)).toEqual(['M3', 'Orders']);
    await expect(env.client.send(new ListStateMachinesCommand({ nextToken: 'garbage' }))).rejects.toMatchObject({ name: 'InvalidToken' });
    await env.client.send(new DeleteStateMachineCommand({ stateMachineArn: ARN('M3') }));
    await env.client.send(new DeleteStateMachineCommand({ stateMachineArn: ARN('M3') }));
    await expect(env.client.send(new DescribeStateMachineCommand({ stateMachineArn: ARN('M3') }))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  });

  it('validates definitions as ValidateStateMachineDefinition does', async () => {
    const ok = await env.client.send(new ValidateStateMachineDefinitionCommand({ definition: PASS2 }));
    expect(ok).toMatchObject({ result: 'OK', diagnostics: [], truncated: false });
    const bad = await env.client.send(new ValidateStateMachineDefinitionCommand({ definition: '{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Z"}}}' }));
    expect(bad.result).toBe('FAIL');
    expect(bad.diagnostics?.[0]).toMatchObject({ severity: 'ERROR', code: 'MISSING_TRANSITION_TARGET' });
  });

  it('tags state machines and activities', async () => {
    expect((await env.client.send(new ListTagsForResourceCommand({ resourceArn: ARN('Orders') }))).tags).toEqual([{ key: 'team', value: 'a' }]);
    await env.client.send(new TagResourceCommand({ resourceArn: ARN('Orders'), tags: [{ key: 'env', value: 'dev' }] }));
    await env.client.send(new UntagResourceCommand({ resourceArn: ARN('Orders'), tagKeys: ['team'] }));
    expect((await env.client.send(new ListTagsForResourceCommand({ resourceArn: ARN('Orders') }))).tags).toEqual([{ key: 'env', value: 'dev' }]);
    await expect(env.client.send(new ListTagsForResourceCommand({ resourceArn: ARN('Missing') }))).rejects.toMatchObject({ name: 'ResourceNotFound' });
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    await expect(env.client.send(new TagResourceCommand({ resourceArn: ARN('Orders'), tags: tooMany }))).rejects.toMatchObject({ name: 'TooManyTags' });
  });
});

describe('executions', () => {
  it('says NOT_REDRIVABLE, with the reason, for an execution aborted before it entered any state (the one redrive rule)', async () => {
    const arn = EXEC('Pass2', 'aborted-at-once');
    const recording = env.store.startRecording({
      stateMachine: { name: 'Pass2', arn: ARN('Pass2') },
      definition: { text: PASS2, format: 'json' },
      name: 'aborted-at-once',
      arn,
      input: '{}',
      startDate: Date.UTC(2024, 0, 1),
    });
    const at = '2024-01-01T00:00:00.000Z';
    recording.sink.emit({ id: 1, previousEventId: 0, timestamp: at, type: 'ExecutionStarted', executionStartedEventDetails: { input: '{}', inputDetails: { truncated: false }, roleArn: ROLE } } as never);
    recording.sink.emit({ id: 2, previousEventId: 0, timestamp: at, type: 'ExecutionAborted', executionAbortedEventDetails: {} } as never);
    await recording.finish({ status: 'ABORTED', output: null, error: null, cause: null, stopDate: Date.UTC(2024, 0, 1) });
    const d = await env.client.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(d).toMatchObject({ status: 'ABORTED', redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution stopped before it entered any state: there is nothing to redrive' });
    await expect(env.client.send(new RedriveExecutionCommand({ executionArn: arn }))).rejects.toMatchObject({ name: 'ExecutionNotRedrivable' });
  });

  it('starts with the mock test case of stateMachineArn#TestCase, refuses a reused name, lists with a status filter and pages', async () => {
    const failed = await env.client.send(new StartExecutionCommand({ stateMachineArn: `${ARN('Orders')}#ChargeFails`, name: 'declined' }));
    const d = await settled(failed.executionArn!);
    expect(d).toMatchObject({ status: 'FAILED', error: 'Payment.Declined', cause: 'card declined', redriveStatus: 'REDRIVABLE' });
    await expect(env.client.send(new StartExecutionCommand({ stateMachineArn: `${ARN('Orders')}#HappyPath`, name: 'declined' }))).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await expect(env.client.send(new StartExecutionCommand({ stateMachineArn: `${ARN('Orders')}#NoSuchCase` }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(env.client.send(new StartExecutionCommand({ stateMachineArn: ARN('Orders'), input: '{not json' }))).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
    await expect(env.client.send(new StartExecutionCommand({ stateMachineArn: ARN('Nope') }))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    for (const name of ['ok-1', 'ok-2', 'ok-3']) {
      const s = await env.client.send(new StartExecutionCommand({ stateMachineArn: `${ARN('Orders')}#HappyPath`, name }));
      await settled(s.executionArn!);
    }
    const onlyFailed = await env.client.send(new ListExecutionsCommand({ stateMachineArn: ARN('Orders'), statusFilter: 'FAILED' }));
    expect(onlyFailed.executions?.map((e) => e.name)).toEqual(['declined']);
    const page1 = await env.client.send(new ListExecutionsCommand({ stateMachineArn: ARN('Orders'), statusFilter: 'SUCCEEDED', maxResults: 2 }));
    const page2 = await env.client.send(new ListExecutionsCommand({ stateMachineArn: ARN('Orders'), statusFilter: 'SUCCEEDED', maxResults: 2, nextToken: page1.nextToken }));
    expect([...(page1.executions ?? []), ...(page2.executions ?? [])].map((e) => e.name)).toEqual(['ok-3', 'ok-2', 'ok-1']);
    expect(page2.nextToken).toBeUndefined();
    await expect(env.client.send(new ListExecutionsCommand({ stateMachineArn: ARN('Nope') }))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  });

  it('pages history in reverse order, and without execution data', async () => {
    const arn = EXEC('Orders', 'ok-1');
    const forward = (await env.client.send(new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 1000 }))).events ?? [];
    const reversed: number[] = [];
    let token: string | undefined;
    do {
      const page = await env.client.send(new GetExecutionHistoryCommand({ executionArn: arn, reverseOrder: true, maxResults: 4, nextToken: token }));
      reversed.push(...(page.events ?? []).map((e) => e.id!));
      token = page.nextToken;
    } while (token);
    expect(reversed).toEqual(forward.map((e) => e.id!).reverse());
    const bare = (await env.client.send(new GetExecutionHistoryCommand({ executionArn: arn, includeExecutionData: false }))).events ?? [];
    expect(bare[0].executionStartedEventDetails?.input).toBeUndefined();
    expect(bare[0].executionStartedEventDetails?.roleArn).toBe(ROLE);
    await expect(env.client.send(new GetExecutionHistoryCommand({ executionArn: arn, nextToken: 'x' }))).rejects.toMatchObject({ name: 'InvalidToken' });
    await expect(env.client.send(new GetExecutionHistoryCommand({ executionArn: EXEC('Orders', 'none') }))).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
  });

  it('describes the state machine an execution ran with', async () => {
    const out = await env.client.send(new DescribeStateMachineForExecutionCommand({ executionArn: EXEC('Orders', 'ok-1') }));
    expect(out).toMatchObject({ stateMachineArn: ARN('Orders'), name: 'Orders', definition: ORDERS_DEFINITION, roleArn: ROLE });
  });

  it('redrives a failed execution', async () => {
    const arn = EXEC('Orders', 'declined');
    const out = await env.client.send(new RedriveExecutionCommand({ executionArn: arn }));
    expect(out.redriveDate).toBeInstanceOf(Date);
    await env.service.whenIdle();
    const d = await settled(arn);
    expect(d.redriveCount).toBe(1);
    const history = (await env.client.send(new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 1000 }))).events ?? [];
    expect(history.some((e) => e.type === 'ExecutionRedriven')).toBe(true);
    await expect(env.client.send(new RedriveExecutionCommand({ executionArn: EXEC('Orders', 'ok-1') }))).rejects.toMatchObject({ name: 'ExecutionNotRedrivable' });
  });

  it('answers task tokens, and stops a running execution', async () => {
    await env.client.send(new CreateStateMachineCommand({ name: 'Callback', definition: CALLBACK, roleArn: ROLE }));
    const a = await env.client.send(new StartExecutionCommand({ stateMachineArn: ARN('Callback'), name: 'cb-1', input: '{"n":1}' }));
    const token = await waitingToken();
    await expect(env.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{bad' }))).rejects.toMatchObject({ name: 'InvalidOutput' });
    await env.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"done":true}' }));
    expect(await settled(a.executionArn!)).toMatchObject({ status: 'SUCCEEDED', output: '{"done":true}' });
    await expect(env.client.send(new SendTaskSuccessCommand({ taskToken: 'never-issued', output: '{}' }))).rejects.toMatchObject({ name: 'InvalidToken' });

    const b = await env.client.send(new StartExecutionCommand({ stateMachineArn: ARN('Callback'), name: 'cb-2' }));
    const token2 = await waitingToken();
    await env.client.send(new SendTaskFailureCommand({ taskToken: token2, error: 'Nope', cause: 'said no' }));
    expect(await settled(b.executionArn!)).toMatchObject({ status: 'FAILED', error: 'Nope', cause: 'said no' });

    const c = await env.client.send(new StartExecutionCommand({ stateMachineArn: ARN('Callback'), name: 'cb-3' }));
    await waitingToken();
    const stopped = await env.client.send(new StopExecutionCommand({ executionArn: c.executionArn }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect((await env.client.send(new DescribeExecutionCommand({ executionArn: c.executionArn }))).status).toBe('ABORTED');
  });

  it('stops at a breakpoint set for the state machine, and goes on when continued', async () => {
    await env.service['breakpoints.set']({ stateMachineName: 'Pass2', breakpoints: [{ id: 'bp1', enabled: true, target: { kind: 'state', stateName: 'B', when: 'before' } }] });
    const started = await env.client.send(new StartExecutionCommand({ stateMachineArn: ARN('Pass2'), name: 'debugged' }));
    const id = String(env.store.findExecution(started.executionArn!)!.id) as never;
    let state = '';
    for (let i = 0; i < 200 && state !== 'paused'; i++) {
      state = (await env.service['debug.get']({ executionId: id })).snapshot.state;
      if (state !== 'paused') await new Promise((r) => setTimeout(r, 10));
    }
    expect(state).toBe('paused');
    expect((await env.client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }))).status).toBe('RUNNING');
    await env.service['debug.continue']({ executionId: id });
    expect(await settled(started.executionArn!)).toMatchObject({ status: 'SUCCEEDED' });
    await env.service['breakpoints.set']({ stateMachineName: 'Pass2', breakpoints: [] });
  });

  it('runs an Express state machine synchronously, and refuses StartSyncExecution on a Standard one', async () => {
    await env.client.send(new CreateStateMachineCommand({ name: 'Quick', type: 'EXPRESS', definition: PASS2, roleArn: ROLE }));
    const out = await env.client.send(new StartSyncExecutionCommand({ stateMachineArn: ARN('Quick'), input: '{"q":1}' }));
    expect(out).toMatchObject({ status: 'SUCCEEDED', output: '{"q":1}', name: expect.any(String) });
    expect(out.executionArn).toMatch(/^arn:aws:states:us-east-1:111111111111:express:Quick:/);
    await expect(env.client.send(new StartSyncExecutionCommand({ stateMachineArn: ARN('Pass2') }))).rejects.toMatchObject({ name: 'StateMachineTypeNotSupported' });
  });

  it('hands activity tasks to workers', async () => {
    const activity = await env.client.send(new CreateActivityCommand({ name: 'Approve' }));
    const def = JSON.stringify({ StartAt: 'Ask', States: { Ask: { Type: 'Task', Resource: activity.activityArn, End: true } } });
    await env.client.send(new CreateStateMachineCommand({ name: 'Approvals', definition: def, roleArn: ROLE }));
    const started = await env.client.send(new StartExecutionCommand({ stateMachineArn: ARN('Approvals'), input: '{"who":"me"}' }));
    const task = await env.client.send(new GetActivityTaskCommand({ activityArn: activity.activityArn, workerName: 'w1' }));
    expect(JSON.parse(task.input ?? 'null')).toEqual({ who: 'me' });
    await env.client.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '"approved"' }));
    expect(await settled(started.executionArn!)).toMatchObject({ status: 'SUCCEEDED', output: '"approved"' });
    const none = await env.client.send(new GetActivityTaskCommand({ activityArn: activity.activityArn }));
    expect(none.taskToken).toBeUndefined();
  });

  it('lists and describes a Distributed Map run', async () => {
    const def = JSON.stringify({
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          MaxConcurrency: 2,
          End: true,
        },
      },
    });
    await env.client.send(new CreateStateMachineCommand({ name: 'Fan', definition: def, roleArn: ROLE }));
    const started = await env.client.send(new StartExecutionCommand({ stateMachineArn: ARN('Fan'), name: 'fan-1', input: '[1,2,3]' }));
    await settled(started.executionArn!);
    await env.service.whenIdle();
    const runs = await env.client.send(new ListMapRunsCommand({ executionArn: started.executionArn }));
    expect(runs.mapRuns).toHaveLength(1);
    const run = await env.client.send(new DescribeMapRunCommand({ mapRunArn: runs.mapRuns![0].mapRunArn }));
    expect(run).toMatchObject({ status: 'SUCCEEDED', maxConcurrency: 2, executionArn: started.executionArn });
    expect(run.executionCounts).toMatchObject({ succeeded: 3, total: 3 });
    const children = await env.client.send(new ListExecutionsCommand({ mapRunArn: runs.mapRuns![0].mapRunArn }));
    expect(children.executions).toHaveLength(3);
  });
});

describe('TestState', () => {
  it('answers a Task from the mock, with Catch (CAUGHT_ERROR) and Retry (RETRIABLE)', async () => {
    const task = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', ResultSelector: { 'v.$': '$.Payload' }, ResultPath: '$.r', Next: 'Next' };
    const ok = await env.client.send(new TestStateCommand({ definition: JSON.stringify(task), input: '{"a":1}', inspectionLevel: 'TRACE', mock: { result: '{"Payload":7}' } }));
    expect(ok).toMatchObject({ status: 'SUCCEEDED', nextState: 'Next', output: '{"a":1,"r":{"v":7}}' });
    expect(ok.inspectionData).toMatchObject({ result: '{"Payload":7}', afterResultSelector: '{"v":7}' });
    const caught = { ...task, Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.err', Next: 'Handle' }] };
    const c = await env.client.send(new TestStateCommand({ definition: JSON.stringify(caught), input: '{}', mock: { errorOutput: { error: 'Boom', cause: 'bad' } } }));
    expect(c).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'Handle', error: 'Boom', cause: 'bad', output: '{"err":{"Error":"Boom","Cause":"bad"}}' });
    const retried = { ...caught, Retry: [{ ErrorEquals: ['Boom'] }] };
    const r = await env.client.send(new TestStateCommand({ definition: JSON.stringify(retried), input: '{}', mock: { errorOutput: { error: 'Boom', cause: 'bad' } } }));
    expect(r).toMatchObject({ status: 'RETRIABLE', error: 'Boom' });
    expect(r.nextState).toBeUndefined();
    await expect(env.client.send(new TestStateCommand({ definition: JSON.stringify(task), input: '{}' }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('tests a Choice and a Fail, with variables, and a state of a whole definition', async () => {
    const choice = { Type: 'Choice', Choices: [{ Variable: '$.x', NumericGreaterThan: 1, Next: 'Big' }], Default: 'Small' };
    expect((await env.client.send(new TestStateCommand({ definition: JSON.stringify(choice), input: '{"x":5}' }))).nextState).toBe('Big');
    const fail = await env.client.send(new TestStateCommand({ definition: '{"Type":"Fail","Error":"E","Cause":"C"}' }));
    expect(fail).toMatchObject({ status: 'FAILED', error: 'E', cause: 'C' });
    const jsonata = { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input.a + $limit %}', Assign: { seen: true }, End: true };
    const j = await env.client.send(new TestStateCommand({ definition: JSON.stringify(jsonata), input: '{"a":2}', variables: '{"limit":3}', inspectionLevel: 'DEBUG' }));
    expect(j).toMatchObject({ status: 'SUCCEEDED', output: '5' });
    expect(JSON.parse(j.inspectionData?.variables ?? '{}')).toEqual({ limit: 3, seen: true });
    const whole = await env.client.send(new TestStateCommand({ definition: ORDERS_DEFINITION, stateName: 'Check', input: '{"charge":{"charged":false}}' }));
    expect(whole).toMatchObject({ status: 'SUCCEEDED', nextState: 'Refuse' });
    await expect(env.client.send(new TestStateCommand({ definition: '{"Type":"Pass","Next":' }))).rejects.toMatchObject({ name: 'InvalidDefinition' });
  });
});
