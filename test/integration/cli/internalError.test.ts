import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// Make the engine crash, as a bug in Stepscope would.
vi.mock('../../../src-main/common/engine/interpreter', () => ({
  runExecution: () => Promise.reject(new TypeError('cannot read properties of undefined')),
}));

const { runCli } = await import('../../../src-main/node/cli/cli');
const { openStore } = await import('../../../src-main/node/store');

const FIXTURES = join(__dirname, '../../fixtures/cli');

async function run(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: FIXTURES, env });
  return { code, stdout, stderr };
}

describe('internal errors in the CLI', () => {
  it('prints "internal error" with a hint to report it, exit 3, and no stack trace', async () => {
    const r = await run(['run', 'hello.json', '--no-store']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      'stepscope: internal error: cannot read properties of undefined\n' +
        'This is a bug in Stepscope. Please report it with the command you ran and its input files (set STEPSCOPE_DEBUG=1 to see the stack trace).\n',
    );
  });

  it('prints the stack trace when STEPSCOPE_DEBUG=1', async () => {
    const r = await run(['run', 'hello.json', '--no-store'], { STEPSCOPE_DEBUG: '1' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/TypeError: cannot read properties of undefined\n\s+at /);
  });

  it('marks a case whose run crashes as failed and carries on with the others (test verb)', async () => {
    const r = await run(['test', 'cases/mini']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL mini/pass_ok');
    expect(r.stdout).toContain('internal error while running the case: cannot read properties of undefined');
  });

  it('records the crashed run as INTERRUPTED (Stepscope.InternalError), as the service does (issue #15: one launch path)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepscope-cli-crash-'));
    try {
      const db = join(dir, 'runs.db');
      const r = await run(['run', 'hello.json', '--db', db]);
      expect(r.code).toBe(3);
      const store = openStore({ path: db, writerWorker: false });
      try {
        expect(store.getExecution(1)).toMatchObject({ status: 'INTERRUPTED', error: 'Stepscope.InternalError', cause: 'cannot read properties of undefined', stopDate: null });
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
