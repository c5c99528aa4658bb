import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
  TestStateCommand,
  type HistoryEvent as SdkEvent,
} from '@aws-sdk/client-sfn';
import { openEndpoint, ORDERS_DEFINITION, ROLE } from './endpointFixture';

/** The journey with the AWS SDK for JavaScript v3 against the local endpoint. */
let env: Awaited<ReturnType<typeof openEndpoint>>;
beforeAll(async () => {
  env = await openEndpoint();
});
afterAll(async () => {
  await env.close();
});

/** An SDK event back in GetExecutionHistory's JSON shape (Dates as ISO text, undefined members dropped). */
function plain(event: SdkEvent): unknown {
  return JSON.parse(JSON.stringify(event, (key, value: unknown) => (key === 'timestamp' && typeof value === 'string' ? new Date(value).toISOString() : value)));
}

describe('the AWS SDK v3 against the Step Functions API endpoint', () => {
  it('creates a state machine, starts an execution and pages its history 7 events at a time', async () => {
    const created = await env.client.send(new CreateStateMachineCommand({ name: 'Orders', definition: ORDERS_DEFINITION, roleArn: ROLE }));
    expect(created.stateMachineArn).toBe('arn:aws:states:us-east-1:111111111111:stateMachine:Orders');
    expect(created.creationDate).toBeInstanceOf(Date);

    const started = await env.client.send(new StartExecutionCommand({ stateMachineArn: `${created.stateMachineArn}#HappyPath`, name: 'order-1', input: '{"id":7}' }));
    expect(started.executionArn).toBe('arn:aws:states:us-east-1:111111111111:execution:Orders:order-1');
    await env.service.whenIdle();

    const described = await env.client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? 'null')).toMatchObject({ id: 7, charge: { charged: true, amount: 42 } });

    const pages: SdkEvent[][] = [];
    let nextToken: string | undefined;
    do {
      const page = await env.client.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn, maxResults: 7, nextToken }));
      pages.push(page.events ?? []);
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    const events = pages.flat();
    const stored = env.store.loadEvents(env.store.findExecution(started.executionArn!)!.id);
    expect(stored.length).toBeGreaterThan(14);
    expect(pages.length).toBe(Math.ceil(stored.length / 7));
    expect(pages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
    expect(events.map(plain)).toEqual(stored);
  });

  it('answers AWS error names: ExecutionDoesNotExist, InvalidDefinition', async () => {
    await expect(
      env.client.send(new DescribeExecutionCommand({ executionArn: 'arn:aws:states:us-east-1:111111111111:execution:Orders:missing' })),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist', $metadata: { httpStatusCode: 400 } });
    await expect(
      env.client.send(new CreateStateMachineCommand({ name: 'Broken', definition: '{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nowhere"}}}', roleArn: ROLE })),
    ).rejects.toMatchObject({ name: 'InvalidDefinition', message: expect.stringContaining('MISSING_TRANSITION_TARGET') });
  });

  it('runs TestState at DEBUG with the data flow of the state', async () => {
    const state = { Type: 'Pass', InputPath: '$.order', Parameters: { 'total.$': '$.amount' }, ResultPath: '$.result', Next: 'After' };
    const out = await env.client.send(new TestStateCommand({ definition: JSON.stringify(state), roleArn: ROLE, input: '{"order":{"amount":5}}', inspectionLevel: 'DEBUG' }));
    expect(out.status).toBe('SUCCEEDED');
    expect(out.nextState).toBe('After');
    expect(JSON.parse(out.output ?? 'null')).toEqual({ order: { amount: 5 }, result: { total: 5 } });
    expect(JSON.parse(out.inspectionData?.afterInputPath ?? 'null')).toEqual({ amount: 5 });
    expect(JSON.parse(out.inspectionData?.afterParameters ?? 'null')).toEqual({ total: 5 });
    expect(JSON.parse(out.inspectionData?.afterResultPath ?? 'null')).toEqual({ order: { amount: 5 }, result: { total: 5 } });
  });
});
