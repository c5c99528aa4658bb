import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../src-main/node/store';

/**
 * Several `stepscope` processes started at once on one database file that does not exist yet
 * (issue #18 item 1: they raced in the migrations, "table state_machines already exists", and one
 * store was left where every verb exited 3). Just processes on a temporary file, no network.
 */
const ROOT = join(__dirname, '../../..');
const CLI = join(ROOT, 'dist/cli.mjs');
const FIXTURES = join(ROOT, 'test/fixtures');

let tmp: string;

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, stdio: 'pipe' });
  tmp = mkdtempSync(join(tmpdir(), 'stepscope-concurrency-'));
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function stepscope(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: FIXTURES, env: { ...process.env, STEPSCOPE_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // Bounded: a process that hangs fails the test instead of stalling the suite.
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('processes starting at once on a new store (issue #18 item 1)', () => {
  it('three runs and a list on a file that does not exist yet all succeed, and leave one intact store (5 rounds)', async () => {
    for (let round = 1; round <= 5; round++) {
      const db = join(tmp, `new-${round}.db`);
      const results = await Promise.all([
        stepscope(['run', 'cli/hello.json', '--input', '{"name":"A"}', '--db', db]),
        stepscope(['run', 'cli/hello.json', '--input', '{"name":"B"}', '--db', db]),
        stepscope(['list', '--json', '--db', db]),
        stepscope(['run', 'cli/hello.json', '--input', '{"name":"C"}', '--db', db]),
      ]);
      for (const r of results) expect({ round, ...r }).toMatchObject({ round, code: 0, stderr: '' });

      const raw = new Database(db, { readonly: true });
      try {
        expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
        expect(raw.prepare("SELECT status, count(*) AS n FROM executions GROUP BY status").all()).toEqual([{ status: 'SUCCEEDED', n: 3 }]);
      } finally {
        raw.close();
      }
      // Every verb still works on it.
      const list = await stepscope(['list', '--json', '--db', db]);
      expect(list.code).toBe(0);
      expect((JSON.parse(list.stdout) as unknown[]).length).toBe(3);
    }
  }, 60_000);
});
