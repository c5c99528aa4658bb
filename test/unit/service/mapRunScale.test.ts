import { describe, expect, it } from 'vitest';
import type { ExecutionId } from '../../../src-main/common/contract/api';
import { dispatch } from '../../../src-main/node/service/dispatch';
import type { Json } from '../../../src-main/common/json';
import { distributedMapFan } from '../../fixtures/distributedMapFan';
import { mapRunLarge } from '../../fixtures/mapRunLarge';
import { openTestService } from './serviceFixture';

/**
 * The Map Run view's service side at scale (issue #16): `executions.childCounts` and
 * `executions.list` with `status`/`offset` over a Distributed Map of 2,000 children, read while
 * the parent still runs (children are stored as each ends) and once it has stopped.
 */

const ITEMS = 2000;

async function mapRunEventId(service: ReturnType<typeof openTestService>['service'], executionId: ExecutionId, type = 'MapRunStarted'): Promise<number> {
  const { events } = await service['executions.events']({ executionId, limit: 5000 });
  return events.find((e) => e.type === type)!.id;
}

describe('service: a Map Run of 2,000 children', () => {
  it('counts and pages the children while the parent runs, and again once it has stopped', async () => {
    const { service } = openTestService({ prefix: 'stepscope-maprun-' });
    const started = await service['executions.start']({ definitionText: JSON.stringify(mapRunLarge(ITEMS, true)) });
    if (started.kind !== 'started') throw new Error(`not started: ${JSON.stringify(started)}`);
    const executionId = started.execution.executionId;
    await service.whenIdle();

    // Item 0's child waits for its task token: the parent runs, the 1,999 others are stored.
    expect((await service['executions.get']({ executionId })).status).toBe('RUNNING');
    const parentEventId = await mapRunEventId(service, executionId);
    const failed = Array.from({ length: ITEMS }, (_, i) => i).filter((i) => i % 97 === 0);
    expect(await service['executions.childCounts']({ parentExecutionId: executionId, parentEventId })).toEqual({
      total: ITEMS - 1,
      byStatus: { SUCCEEDED: ITEMS - failed.length, FAILED: failed.length - 1 },
      items: ITEMS - 1,
    });
    const failedChildren = await service['executions.list']({ parentExecutionId: executionId, parentEventId, status: 'FAILED', limit: 1000 });
    expect(failedChildren.map((c) => c.parent?.itemIndex)).toEqual(failed.slice(1));
    expect(failedChildren.every((c) => c.status === 'FAILED' && c.parent?.kind === 'mapRun')).toBe(true);
    // The last page, in item order (item 0 is not stored yet).
    const last = await service['executions.list']({ parentExecutionId: executionId, parentEventId, offset: 1990, limit: 100 });
    expect(last.map((c) => c.parent?.itemIndex)).toEqual([1991, 1992, 1993, 1994, 1995, 1996, 1997, 1998, 1999]);

    // Answer the token: item 0's child succeeds, the parent ends.
    const [task] = await service['tasks.list']({});
    await service['tasks.sendSuccess']({ taskToken: task.taskToken, output: { ok: true } });
    await service.whenIdle();
    expect((await service['executions.get']({ executionId })).status).toBe('SUCCEEDED');
    expect(await service['executions.childCounts']({ parentExecutionId: executionId, parentEventId })).toEqual({
      total: ITEMS,
      byStatus: { SUCCEEDED: ITEMS - failed.length + 1, FAILED: failed.length - 1 },
      items: ITEMS,
    });
    // Every child, page by page, in item order.
    const all = [];
    for (let offset = 0; offset < ITEMS + 1000; offset += 1000) all.push(...(await service['executions.list']({ parentExecutionId: executionId, parentEventId, offset, limit: 1000 })));
    expect(all.map((c) => c.parent?.itemIndex)).toEqual(Array.from({ length: ITEMS }, (_, i) => i));
    expect(all[0].status).toBe('SUCCEEDED');
  }, 120_000);

  it('counts a redriven Map Run once per item, with each item\'s latest child', async () => {
    const { service } = openTestService({ prefix: 'stepscope-maprun-' });
    const mocks = {
      StateMachines: { Fan: { TestCases: { Flaky: { Work: 'Work' } } } },
      MockedResponses: { Work: { '0-1': { Return: 'first' }, '2': { Throw: { Error: 'Work.Failed', Cause: 'item 2 failed' } }, '3-5': { Return: 'second' } } },
    } as Json;
    const started = await service['executions.start']({
      definitionText: JSON.stringify(distributedMapFan),
      input: { items: [{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }] },
      mocks: { config: mocks, stateMachine: 'Fan', testCase: 'Flaky' },
    });
    if (started.kind !== 'started') throw new Error('not started');
    await service.whenIdle();
    const original = started.execution.executionId;
    const originalRun = await mapRunEventId(service, original);
    expect(await service['executions.childCounts']({ parentExecutionId: original, parentEventId: originalRun })).toEqual({ total: 3, byStatus: { SUCCEEDED: 2, FAILED: 1 }, items: 3 });

    const redrive = await service['executions.redrive']({ executionId: original });
    if (redrive.kind !== 'started') throw new Error('not redriven');
    await service.whenIdle();
    const redriven = redrive.execution.executionId;
    const redrivenRun = await mapRunEventId(service, redriven, 'MapRunRedriven');
    expect(await service['executions.childCounts']({ parentExecutionId: redriven, parentEventId: redrivenRun })).toEqual({ total: 5, byStatus: { SUCCEEDED: 5 }, items: 5 });
    const page = await service['executions.list']({ parentExecutionId: redriven, parentEventId: redrivenRun, offset: 1, limit: 2 });
    expect(page.map((c) => [c.parent?.itemIndex, c.parent?.executionId])).toEqual([
      [1, original],
      [2, redriven],
    ]);
  });

  it('checks what it is asked: NOT_FOUND for an unknown parent, INVALID_INPUT for an unknown status', async () => {
    const { service } = openTestService({ prefix: 'stepscope-maprun-' });
    const unknown = await dispatch(service, 'executions.childCounts', { parentExecutionId: '999', parentEventId: 4 });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const badStatus = await dispatch(service, 'executions.list', { parentExecutionId: '1', parentEventId: 4, status: 'DONE' });
    expect(badStatus).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: '/status' } });
    const noEvent = await dispatch(service, 'executions.childCounts', { parentExecutionId: '1' });
    expect(noEvent).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: '/parentEventId' } });
  });
});
