import Database from 'better-sqlite3';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Verbs that write while another connection holds the store's write lock (issue #18 item 7: `run`
 * and `import` exited 3 "internal error: database is locked … This is a bug" after 5 s).
 */
const ROOT = join(__dirname, '../../..');
const CLI = join(ROOT, 'dist/cli.mjs');
const FIXTURES = join(ROOT, 'test/fixtures');

let tmp: string;

function stepscope(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: FIXTURES,
    encoding: 'utf8',
    env: { ...process.env, STEPSCOPE_DEBUG: '', STEPSCOPE_BUSY_TIMEOUT_MS: '300' },
    timeout: 20_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, stdio: 'pipe' });
  tmp = mkdtempSync(join(tmpdir(), 'stepscope-busy-'));
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('a store whose write lock another process holds', () => {
  it('run, import and rm say another Stepscope process is writing to it (exit 2, not a bug), change nothing, and work once it is free', () => {
    const db = join(tmp, 'busy.db');
    expect(stepscope(['run', 'cli/hello.json', '--input', '{"name":"A"}', '--db', db]).code).toBe(0);
    const history = join(tmp, 'history.json');
    expect(stepscope(['run', 'store/loop.json', '--input', '{"n":0}', '--no-store', '--history', history]).code).toBe(0);
    writeFileSync(join(tmp, 'page.json'), JSON.stringify({ events: JSON.parse(execFileSync('cat', [history], { encoding: 'utf8' })) }));

    const other = new Database(db);
    try {
      other.exec('BEGIN IMMEDIATE');
      const expected = `Another Stepscope process is writing to ${db} `;
      for (const args of [
        ['run', 'cli/hello.json', '--input', '{"name":"B"}', '--db', db],
        ['import', join(tmp, 'page.json'), '--db', db],
        ['rm', '1', '--db', db],
      ]) {
        const r = stepscope(args);
        expect({ verb: args[0], code: r.code }).toEqual({ verb: args[0], code: 2 });
        expect(r.stderr.startsWith(expected)).toBe(true);
        expect(r.stderr).not.toMatch(/bug|internal error/i);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
      }
      // Readers are not held up by a writer.
      const list = stepscope(['list', '--json', '--db', db]);
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout)).toHaveLength(1);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(stepscope(['import', join(tmp, 'page.json'), '--db', db]).code).toBe(0);
    expect(stepscope(['rm', '1', '--db', db]).code).toBe(0);
    expect(JSON.parse(stepscope(['list', '--json', '--db', db]).stdout)).toMatchObject([{ id: 2, origin: 'import' }]);
  });
});
