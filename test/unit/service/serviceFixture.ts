import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Push } from '../../../src-main/common/contract/events';
import { createService, type ServiceOptions, type StepscopeService } from '../../../src-main/node/service';
import { openStore, type ExecutionStore } from '../../../src-main/node/store';

/** The bundled examples (the gallery the service serves). */
export const EXAMPLES = join(__dirname, '../../../resources/examples');
/** The service's clock in these tests: every run starts at this instant. */
export const START = Date.UTC(2025, 5, 1, 12, 0, 0);

const opened: { dir: string; store: ExecutionStore; service: StepscopeService }[] = [];

afterEach(async () => {
  for (const { dir, store, service } of opened.splice(0)) {
    await service.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A service over a fresh real SQLite store in a temporary folder (or `dir`), with a fixed clock
 * and numbered execution names, recording its pushes; closed and removed after each test.
 */
export function openTestService(options: { prefix?: string; dir?: string } & Partial<Pick<ServiceOptions, 'maxBatch' | 'syncJsonataWorker' | 'runWorker'>> = {}) {
  const { prefix = 'stepscope-service-', dir: given, ...tuning } = options;
  const dir = given ?? mkdtempSync(join(tmpdir(), prefix));
  const store = openStore({ path: join(dir, 'service.db'), writerWorker: false });
  let n = 0;
  const service = createService({ examplesDir: EXAMPLES, store, nameSuffix: () => `exec-${++n}`, now: () => START, flushIntervalMs: 5, ...tuning });
  opened.push({ dir, store, service });
  const pushes: Push[] = [];
  service.subscribe((p) => pushes.push(p));
  return { service, pushes, store, dir };
}
