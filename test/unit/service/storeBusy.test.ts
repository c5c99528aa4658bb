import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/node/service/dispatch';
import { createService } from '../../../src-main/node/service';
import { openStore } from '../../../src-main/node/store';
import { EXAMPLES } from './serviceFixture';

const ORDER = join(EXAMPLES, 'order-pipeline');
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe('a store kept busy by another process (issue #18 item 7)', () => {
  it('answers executions.start with CONFLICT naming the store, not INTERNAL, and starts once the lock is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepscope-busy-service-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'service.db');
    const store = openStore({ path, writerWorker: false, busyTimeoutMs: 100 });
    const service = createService({ examplesDir: EXAMPLES, store, nameSuffix: () => 'x', now: () => 0 });
    cleanup.push(() => store.close());
    cleanup.push(() => service.close());
    // Another process's connection, holding the write lock (as a long import does).
    const other = new Database(path);
    cleanup.push(() => void (other.open && other.close()));
    other.exec('BEGIN IMMEDIATE');

    const input = { definitionText: readFileSync(join(ORDER, 'definition.json'), 'utf8'), input: {}, seed: 1 };
    const busy = await dispatch(service, 'executions.start', input);
    expect(busy).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(new RegExp(`^Another Stepscope process is writing to ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `)) },
    });
    expect((await dispatch(service, 'executions.list', {})).ok).toBe(true);

    other.exec('ROLLBACK');
    expect((await dispatch(service, 'executions.start', input)).ok).toBe(true);
  });
});
