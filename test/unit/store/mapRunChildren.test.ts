import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type ExecutionRecord, type ExecutionStore, type FinishUpdate, type MapRunAttempt, type StartRecordingOptions } from '../../../src-main/node/store';

/**
 * A Map Run's children at scale (issue #16): 3,000 children written through the store as a run
 * writes them (as each ends, so out of item order), counted by status in one query and paged in
 * item order along the index, whatever order they were stored in.
 */

const CHILDREN = 3000;
/** The parent's MapRunStarted event id the children link to. */
const MAP_RUN_EVENT = 4;

let dir: string;
let store: ExecutionStore;
let parentId: number;
/** The children by item index, as stored. */
const stored: { id: number; item: number; status: FinishUpdate['status']; batch?: { first: number; count: number } }[] = [];

function statusOf(item: number): FinishUpdate['status'] {
  if (item % 97 === 0) return 'FAILED';
  if (item % 250 === 1) return 'TIMED_OUT';
  if (item === 2999) return 'ABORTED';
  return 'SUCCEEDED';
}

function options(name: string, extra: Partial<StartRecordingOptions> = {}): StartRecordingOptions {
  return {
    stateMachine: { name: extra.parentId === undefined ? 'Fan' : 'Fan/Map', arn: `arn:aws:states:us-east-1:111111111111:stateMachine:${extra.parentId === undefined ? 'Fan' : 'Fan/Map'}` },
    definition: { text: '{}', format: 'json' },
    name,
    arn: `arn:aws:states:us-east-1:111111111111:execution:Fan:${name}`,
    input: '{}',
    startDate: Date.UTC(2024, 0, 1),
    ...extra,
  };
}

async function storeChild(parent: number, eventId: number, item: number | undefined, status: FinishUpdate['status'], batch?: { first: number; count: number }, kind: 'mapRun' | 'fork' = 'mapRun'): Promise<number> {
  const recording = store.startRecording(
    options(`child-${parent}-${eventId}-${item ?? 'x'}-${kind}`, {
      parentId: parent,
      parentEventId: eventId,
      parentKind: kind,
      ...(item !== undefined ? { itemIndex: item } : {}),
      ...(batch !== undefined ? { batch } : {}),
    }),
  );
  await recording.finish({ status, output: status === 'SUCCEEDED' ? '{}' : null, error: status === 'SUCCEEDED' ? null : 'E', cause: null, stopDate: Date.UTC(2024, 0, 1, 0, 0, 1) });
  return recording.executionId;
}

/** The Map Run's children in item order, as the store reads them for one attempt. */
const one = (): MapRunAttempt[] => [{ parentId, parentEventId: MAP_RUN_EVENT }];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stepscope-maprun-'));
  store = openStore({ path: join(dir, 's.db'), writerWorker: false });
  const parent = store.startRecording(options('parent'));
  parentId = parent.executionId;
  // Children end out of item order (a concurrency of 40 finishes in any order): store them shuffled.
  const order = Array.from({ length: CHILDREN }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  for (const item of order) {
    // Every tenth child is a batch of 3 items (the counts add its items).
    const batch = item % 10 === 0 ? { first: item * 3, count: 3 } : undefined;
    const status = statusOf(item);
    stored.push({ id: await storeChild(parentId, MAP_RUN_EVENT, item, status, batch), item, status, ...(batch ? { batch } : {}) });
  }
  stored.sort((a, b) => a.item - b.item);
  // Not the Map Run's: a fork of the parent at the MapRunStarted event, and another Map Run's child.
  await storeChild(parentId, MAP_RUN_EVENT, undefined, 'SUCCEEDED', undefined, 'fork');
  await storeChild(parentId, 9, 0, 'FAILED');
  await parent.finish({ status: 'SUCCEEDED', output: '[]', error: null, cause: null, stopDate: Date.UTC(2024, 0, 1, 0, 1) });
}, 120_000);

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a Map Run of 3,000 children in the store', () => {
  it('counts the children by status, and the items they processed, in one query', () => {
    const expected: Record<string, number> = {};
    for (const c of stored) expected[c.status] = (expected[c.status] ?? 0) + 1;
    const counts = store.countMapRunChildren(one());
    expect(counts.total).toBe(CHILDREN);
    expect(counts.byStatus).toEqual(expected);
    expect(counts.byStatus).toEqual({ SUCCEEDED: 2956, FAILED: 31, TIMED_OUT: 12, ABORTED: 1 });
    // Statuses in their usual order, whatever order SQLite grouped them in.
    expect(Object.keys(counts.byStatus)).toEqual(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);
    expect(counts.items).toBe(CHILDREN + 2 * (CHILDREN / 10));
  });

  it('counts nothing for an event no child links to', () => {
    expect(store.countMapRunChildren([{ parentId, parentEventId: 5 }])).toEqual({ total: 0, byStatus: {}, items: 0 });
  });

  it('pages through every child in item order, whatever order they were stored in', () => {
    const read: ExecutionRecord[] = [];
    for (let offset = 0; ; offset += 400) {
      const page = store.listMapRunChildren(one(), { offset, limit: 400 });
      read.push(...page);
      if (page.length < 400) break;
    }
    expect(read.map((c) => c.id)).toEqual(stored.map((c) => c.id));
    expect(read.map((c) => c.itemIndex)).toEqual(stored.map((c) => c.item));
    expect(read[10].batch).toEqual({ first: 30, count: 3 });
    expect(store.listMapRunChildren(one(), { offset: CHILDREN - 2, limit: 10 }).map((c) => c.itemIndex)).toEqual([2998, 2999]);
    expect(store.listMapRunChildren(one(), { offset: CHILDREN, limit: 10 })).toEqual([]);
    expect(store.listMapRunChildren(one())).toHaveLength(CHILDREN);
  });

  it('filters the pages by status', () => {
    const failed = stored.filter((c) => c.status === 'FAILED');
    expect(store.listMapRunChildren(one(), { status: 'FAILED', limit: 1000 }).map((c) => c.itemIndex)).toEqual(failed.map((c) => c.item));
    expect(store.listMapRunChildren(one(), { status: 'FAILED', offset: 30, limit: 10 }).map((c) => c.itemIndex)).toEqual([failed[30].item]);
    expect(store.listMapRunChildren(one(), { status: 'TIMED_OUT', limit: 3 }).map((c) => [c.itemIndex, c.status])).toEqual([
      [1, 'TIMED_OUT'],
      [251, 'TIMED_OUT'],
      [501, 'TIMED_OUT'],
    ]);
    expect(store.listMapRunChildren(one(), { status: 'RUNNING', limit: 10 })).toEqual([]);
  });

  it('reads a page along the item index, without sorting the Map Run', () => {
    const plan = (sql: string) =>
      (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(parentId, MAP_RUN_EVENT) as { detail: string }[]).map((r) => r.detail).join(' | ');
    // The statement mapRunChildPage runs for one attempt.
    const page = plan("SELECT e.* FROM executions e WHERE e.parent_id = ? AND e.parent_event_id = ? AND e.parent_kind = 'mapRun' AND e.item_index IS NOT NULL ORDER BY e.item_index, e.id LIMIT 50 OFFSET 2900");
    expect(page).toContain('executions_by_parent_item');
    expect(page).not.toContain('TEMP B-TREE');
  });

  it('lists children stored without an item index (before schema version 5) after the others, oldest first', async () => {
    const a = await storeChild(parentId, 11, undefined, 'SUCCEEDED');
    const b = await storeChild(parentId, 11, 1, 'FAILED');
    const c = await storeChild(parentId, 11, undefined, 'FAILED');
    const d = await storeChild(parentId, 11, 0, 'SUCCEEDED');
    const attempts = [{ parentId, parentEventId: 11 }];
    expect(store.listMapRunChildren(attempts).map((r) => r.id)).toEqual([d, b, a, c]);
    // Pages across the boundary between the two parts.
    expect(store.listMapRunChildren(attempts, { offset: 1, limit: 2 }).map((r) => r.id)).toEqual([b, a]);
    expect(store.listMapRunChildren(attempts, { offset: 2, limit: 5 }).map((r) => r.id)).toEqual([a, c]);
    expect(store.listMapRunChildren(attempts, { offset: 3, limit: 5 }).map((r) => r.id)).toEqual([c]);
    expect(store.listMapRunChildren(attempts, { status: 'FAILED', offset: 1 }).map((r) => r.id)).toEqual([c]);
    expect(store.countMapRunChildren(attempts)).toEqual({ total: 4, byStatus: { SUCCEEDED: 2, FAILED: 2 }, items: 4 });
  });

  it('counts a redriven Map Run once per item: the redrive\'s child where it ran the item again, else the earlier one', async () => {
    // The redrive runs the failed and timed-out items again: all but item 0 succeed this time.
    const redrive = store.startRecording(options('redrive', { parentId, parentEventId: 20, parentKind: 'redrive' }));
    const again = stored.filter((c) => c.status === 'FAILED' || c.status === 'TIMED_OUT');
    for (const c of again) await storeChild(redrive.executionId, 7, c.item, c.item === 0 ? 'FAILED' : 'SUCCEEDED', c.batch);
    await redrive.finish({ status: 'FAILED', output: null, error: 'States.ExceedToleratedFailureThreshold', cause: null, stopDate: 0 });
    const attempts: MapRunAttempt[] = [
      { parentId: redrive.executionId, parentEventId: 7 },
      { parentId, parentEventId: MAP_RUN_EVENT },
    ];
    expect(store.countMapRunChildren(attempts)).toEqual({ total: CHILDREN, byStatus: { SUCCEEDED: 2998, FAILED: 1, ABORTED: 1 }, items: CHILDREN + 2 * (CHILDREN / 10) });
    const all = store.listMapRunChildren(attempts);
    expect(all.map((c) => c.itemIndex)).toEqual(stored.map((c) => c.item));
    expect(all.filter((c) => c.parentId === redrive.executionId).map((c) => c.itemIndex)).toEqual(again.map((c) => c.item));
    expect(store.listMapRunChildren(attempts, { status: 'FAILED' }).map((c) => [c.itemIndex, c.parentId])).toEqual([[0, redrive.executionId]]);
    expect(store.listMapRunChildren(attempts, { offset: 2990, limit: 20 }).map((c) => c.itemIndex)).toEqual(stored.slice(2990).map((c) => c.item));
    // The redrive's own attempt alone: only the items it ran.
    expect(store.countMapRunChildren(attempts.slice(0, 1)).total).toBe(again.length);
  });
});
