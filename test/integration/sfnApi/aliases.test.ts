import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineAliasCommand,
  DeleteStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachineAliasesCommand,
  ListStateMachineVersionsCommand,
  PublishStateMachineVersionCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { aliasBucket } from '../../../src-main/node/sfnApi/registry';
import { openEndpoint, ROLE } from './endpointFixture';

/** Versions and aliases through the SDK: publishing, routing, executions started through them, AWS's errors. */
let env: Awaited<ReturnType<typeof openEndpoint>>;
const ARN = (name: string) => `arn:aws:states:us-east-1:111111111111:stateMachine:${name}`;
/** A one-state machine whose output says which definition ran. */
const says = (word: string) => JSON.stringify({ StartAt: 'Say', States: { Say: { Type: 'Pass', Result: word, End: true } } });

beforeAll(async () => {
  env = await openEndpoint();
});
afterAll(async () => {
  await env.close();
});

async function settled(arn: string) {
  for (let i = 0; i < 200; i++) {
    const d = await env.client.send(new DescribeExecutionCommand({ executionArn: arn }));
    if (d.status !== 'RUNNING') return d;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${arn} still running`);
}

describe('versions', () => {
  it('publishes on create and on update, starts and describes a version ARN, and lists versions newest first', async () => {
    const created = await env.client.send(new CreateStateMachineCommand({ name: 'Greeter', definition: says('one'), roleArn: ROLE, publish: true, versionDescription: 'first' }));
    expect(created.stateMachineVersionArn).toBe(`${ARN('Greeter')}:1`);
    // The same request again answers the same state machine and version.
    const again = await env.client.send(new CreateStateMachineCommand({ name: 'Greeter', definition: says('one'), roleArn: ROLE, publish: true, versionDescription: 'first' }));
    expect(again).toMatchObject({ stateMachineArn: ARN('Greeter'), stateMachineVersionArn: `${ARN('Greeter')}:1` });
    await expect(env.client.send(new CreateStateMachineCommand({ name: 'NoPublish', definition: says('x'), roleArn: ROLE, versionDescription: 'orphan' }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    const updated = await env.client.send(new UpdateStateMachineCommand({ stateMachineArn: ARN('Greeter'), definition: says('two'), publish: true }));
    expect(updated.stateMachineVersionArn).toBe(`${ARN('Greeter')}:2`);
    // Publishing the unchanged revision again answers the same version.
    expect((await env.client.send(new PublishStateMachineVersionCommand({ stateMachineArn: ARN('Greeter') }))).stateMachineVersionArn).toBe(`${ARN('Greeter')}:2`);
    await expect(env.client.send(new PublishStateMachineVersionCommand({ stateMachineArn: ARN('Greeter'), revisionId: 'rev-stale' }))).rejects.toMatchObject({ name: 'ConflictException' });

    const v1 = await env.client.send(new DescribeStateMachineCommand({ stateMachineArn: `${ARN('Greeter')}:1` }));
    expect(v1).toMatchObject({ stateMachineArn: `${ARN('Greeter')}:1`, definition: says('one'), description: 'first' });
    await expect(env.client.send(new DescribeStateMachineCommand({ stateMachineArn: `${ARN('Greeter')}:9` }))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(env.client.send(new UpdateStateMachineCommand({ stateMachineArn: `${ARN('Greeter')}:1`, definition: says('z') }))).rejects.toMatchObject({ name: 'ValidationException' });

    const listed = await env.client.send(new ListStateMachineVersionsCommand({ stateMachineArn: ARN('Greeter') }));
    expect(listed.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([`${ARN('Greeter')}:2`, `${ARN('Greeter')}:1`]);

    // An execution of version 1 runs version 1's definition, and says so.
    const started = await env.client.send(new StartExecutionCommand({ stateMachineArn: `${ARN('Greeter')}:1`, name: 'by-version' }));
    expect(started.executionArn).toBe('arn:aws:states:us-east-1:111111111111:execution:Greeter:by-version');
    const d = await settled(started.executionArn!);
    expect(d).toMatchObject({ status: 'SUCCEEDED', output: '"one"', stateMachineArn: ARN('Greeter'), stateMachineVersionArn: `${ARN('Greeter')}:1` });
    expect(d.stateMachineAliasArn).toBeUndefined();
    const history = await env.client.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn }));
    expect(history.events?.[0].executionStartedEventDetails).toMatchObject({ roleArn: ROLE, stateMachineVersionArn: `${ARN('Greeter')}:1` });
    // The unqualified ARN runs the latest definition.
    const latest = await env.client.send(new StartExecutionCommand({ stateMachineArn: ARN('Greeter'), name: 'latest' }));
    const l = await settled(latest.executionArn!);
    expect(l.output).toBe('"two"');
    expect(l.stateMachineVersionArn).toBeUndefined();
    // ListExecutions on a version ARN lists that version's executions only.
    const ofVersion = await env.client.send(new ListExecutionsCommand({ stateMachineArn: `${ARN('Greeter')}:1` }));
    expect(ofVersion.executions?.map((e) => [e.name, e.stateMachineVersionArn])).toEqual([['by-version', `${ARN('Greeter')}:1`]]);
  });
});

describe('aliases', () => {
  it('creates (idempotently), describes, lists, updates and deletes an alias, with AWS error names and messages', async () => {
    const v1 = `${ARN('Greeter')}:1`;
    const v2 = `${ARN('Greeter')}:2`;
    const created = await env.client.send(new CreateStateMachineAliasCommand({ name: 'prod', description: 'live', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] }));
    expect(created.stateMachineAliasArn).toBe(`${ARN('Greeter')}:prod`);
    const again = await env.client.send(new CreateStateMachineAliasCommand({ name: 'prod', description: 'live', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] }));
    expect(again.stateMachineAliasArn).toBe(created.stateMachineAliasArn);
    await expect(env.client.send(new CreateStateMachineAliasCommand({ name: 'prod', routingConfiguration: [{ stateMachineVersionArn: v2, weight: 100 }] }))).rejects.toMatchObject({
      name: 'ConflictException',
      message: 'Failed to create alias because an alias with the same name and a different routing configuration already exists.',
    });

    const bad = (routingConfiguration: { stateMachineVersionArn: string; weight: number }[], name = 'x') =>
      env.client.send(new CreateStateMachineAliasCommand({ name, routingConfiguration }));
    await expect(bad([{ stateMachineVersionArn: v1, weight: 100 }], '123')).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining("Value '123' at 'name' failed to satisfy constraint") });
    await expect(bad([{ stateMachineVersionArn: v1, weight: 70 }, { stateMachineVersionArn: v2, weight: 29 }])).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Sum of routing configuration weights must equal 100. Received: [70, 29]',
    });
    await expect(bad([{ stateMachineVersionArn: v1, weight: 50 }, { stateMachineVersionArn: v1, weight: 50 }])).rejects.toMatchObject({
      name: 'ValidationException',
      message: `Routing configuration must contain distinct state machine version ARNs. Received: [${v1}, ${v1}]`,
    });
    await expect(bad([{ stateMachineVersionArn: ARN('Greeter'), weight: 100 }])).rejects.toMatchObject({
      name: 'ValidationException',
      message: `Routing configuration must contain state machine version ARNs. Received: [${ARN('Greeter')}]`,
    });
    await expect(bad([{ stateMachineVersionArn: v1, weight: 101 }])).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining("at 'routingConfiguration.1.member.weight'") });
    await expect(
      bad([
        { stateMachineVersionArn: v1, weight: 50 },
        { stateMachineVersionArn: v2, weight: 30 },
        { stateMachineVersionArn: `${ARN('Greeter')}:3`, weight: 20 },
      ]),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('Member must have length less than or equal to 2') });
    await expect(bad([{ stateMachineVersionArn: `${ARN('Greeter')}:7`, weight: 100 }])).rejects.toMatchObject({ name: 'ResourceNotFound' });

    const described = await env.client.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: created.stateMachineAliasArn }));
    expect(described).toMatchObject({ name: 'prod', description: 'live', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }], stateMachineAliasArn: created.stateMachineAliasArn });
    expect(described.updateDate).toBeUndefined();
    await expect(env.client.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${ARN('Greeter')}:nope` }))).rejects.toMatchObject({ name: 'ResourceNotFound' });
    // DescribeStateMachine on an alias ARN describes the version it routes to.
    expect(await env.client.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineAliasArn }))).toMatchObject({ stateMachineArn: v1, definition: says('one') });

    await env.client.send(new CreateStateMachineAliasCommand({ name: 'beta', routingConfiguration: [{ stateMachineVersionArn: v2, weight: 100 }] }));
    const listed = await env.client.send(new ListStateMachineAliasesCommand({ stateMachineArn: ARN('Greeter'), maxResults: 1 }));
    const next = await env.client.send(new ListStateMachineAliasesCommand({ stateMachineArn: ARN('Greeter'), maxResults: 1, nextToken: listed.nextToken }));
    expect([...(listed.stateMachineAliases ?? []), ...(next.stateMachineAliases ?? [])].map((a) => a.stateMachineAliasArn)).toEqual([`${ARN('Greeter')}:prod`, `${ARN('Greeter')}:beta`]);
    expect((await env.client.send(new ListStateMachineAliasesCommand({ stateMachineArn: v2 }))).stateMachineAliases?.map((a) => a.stateMachineAliasArn)).toEqual([`${ARN('Greeter')}:beta`]);
    await expect(env.client.send(new ListStateMachineAliasesCommand({ stateMachineArn: ARN('Missing') }))).rejects.toMatchObject({ name: 'ResourceNotFound' });

    // A version an alias routes to cannot be deleted.
    await expect(env.client.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v2 }))).rejects.toMatchObject({
      name: 'ConflictException',
      message: 'Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [beta]',
    });
    await expect(env.client.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: `${ARN('Greeter')}:beta` }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(env.client.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: `${ARN('Greeter')}:gone`, description: 'd' }))).rejects.toMatchObject({
      name: 'ResourceNotFound',
      message: 'Request references a resource that does not exist.',
    });
    const upd = await env.client.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: `${ARN('Greeter')}:beta`, description: 'moved', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] }));
    expect(upd.updateDate).toBeInstanceOf(Date);
    expect(await env.client.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${ARN('Greeter')}:beta` }))).toMatchObject({ description: 'moved', updateDate: expect.any(Date) });
    await env.client.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn: `${ARN('Greeter')}:beta` }));
    await env.client.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn: `${ARN('Greeter')}:beta` }));
    await env.client.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v2 }));
    expect((await env.client.send(new ListStateMachineAliasesCommand({ stateMachineArn: ARN('Greeter') }))).stateMachineAliases?.map((a) => a.stateMachineAliasArn)).toEqual([`${ARN('Greeter')}:prod`]);
  });

  it('starts executions through an alias: the version its weights pick by the documented rule, recorded in the execution', async () => {
    await env.client.send(new CreateStateMachineCommand({ name: 'Split', definition: says('old'), roleArn: ROLE, publish: true }));
    await env.client.send(new UpdateStateMachineCommand({ stateMachineArn: ARN('Split'), definition: says('new'), publish: true }));
    const alias = (await env.client.send(new CreateStateMachineAliasCommand({
      name: 'canary',
      routingConfiguration: [{ stateMachineVersionArn: `${ARN('Split')}:1`, weight: 70 }, { stateMachineVersionArn: `${ARN('Split')}:2`, weight: 30 }],
    }))).stateMachineAliasArn!;
    const names = Array.from({ length: 12 }, (_, i) => `run-${i}`);
    for (const name of names) {
      const started = await env.client.send(new StartExecutionCommand({ stateMachineArn: alias, name }));
      const d = await settled(started.executionArn!);
      // The rule: bucket = FNV-1a(aliasArn + '/' + name) % 100; below the first weight → the first version.
      const expected = aliasBucket(alias, name) < 70 ? 1 : 2;
      expect(d).toMatchObject({ stateMachineAliasArn: alias, stateMachineVersionArn: `${ARN('Split')}:${expected}`, output: expected === 1 ? '"old"' : '"new"' });
    }
    const picked = names.map((n) => (aliasBucket(alias, n) < 70 ? 1 : 2));
    expect(new Set(picked)).toEqual(new Set([1, 2])); // both versions run among these names
    const throughAlias = await env.client.send(new ListExecutionsCommand({ stateMachineArn: alias }));
    expect(throughAlias.executions).toHaveLength(12);
    expect(throughAlias.executions?.every((e) => e.stateMachineAliasArn === alias)).toBe(true);
    await expect(env.client.send(new StartExecutionCommand({ stateMachineArn: `${ARN('Split')}:missing` }))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    // Deleting the state machine deletes its aliases and versions.
    await env.client.send(new DeleteStateMachineCommand({ stateMachineArn: ARN('Split') }));
    await expect(env.client.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: alias }))).rejects.toMatchObject({ name: 'ResourceNotFound' });
  });

  it('runs StartSyncExecution through an Express alias', async () => {
    await env.client.send(new CreateStateMachineCommand({ name: 'QuickV', type: 'EXPRESS', definition: says('fast'), roleArn: ROLE, publish: true }));
    const alias = (await env.client.send(new CreateStateMachineAliasCommand({ name: 'live', routingConfiguration: [{ stateMachineVersionArn: `${ARN('QuickV')}:1`, weight: 100 }] }))).stateMachineAliasArn!;
    const out = await env.client.send(new StartSyncExecutionCommand({ stateMachineArn: alias }));
    expect(out).toMatchObject({ status: 'SUCCEEDED', output: '"fast"', stateMachineArn: ARN('QuickV') });
    const d = await env.client.send(new DescribeExecutionCommand({ executionArn: out.executionArn }));
    expect(d).toMatchObject({ stateMachineAliasArn: alias, stateMachineVersionArn: `${ARN('QuickV')}:1` });
  });
});
