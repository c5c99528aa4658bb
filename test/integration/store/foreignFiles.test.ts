import Database from 'better-sqlite3';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, STEPSCOPE_APPLICATION_ID } from '../../../src-main/node/store';

/**
 * Files that are not (usable) execution stores, given to every verb that opens the store (issue
 * #18 item 8): each is identified before anything in it changes, and refused with one line naming
 * the path and what it is (exit 2), or opened read-only when only reading.
 */
const ROOT = join(__dirname, '../../..');
const CLI = join(ROOT, 'dist/cli.mjs');
const FIXTURES = join(ROOT, 'test/fixtures');
const STACK_LINE = /^\s+at .+\(.*:\d+:\d+\)$/m;

let tmp: string;
let history: string;

function stepscope(args: string[], user?: { uid: number; gid: number }) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: FIXTURES,
    encoding: 'utf8',
    env: { ...process.env, STEPSCOPE_DEBUG: '' },
    timeout: 20_000,
    ...(user ?? {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every verb that opens the store, as it would be typed against `db`. */
const verbs = (db: string) => [
  ['list', '--db', db],
  ['show', '1', '--db', db],
  ['export', '1', '--db', db],
  ['rm', '1', '--db', db],
  ['run', 'cli/hello.json', '--input', '{"name":"A"}', '--db', db],
  ['import', history, '--db', db],
];

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, stdio: 'pipe' });
  tmp = mkdtempSync(join(tmpdir(), 'stepscope-foreign-'));
  history = join(tmp, 'history.json');
  const events = join(tmp, 'events.json');
  expect(stepscope(['run', 'store/loop.json', '--input', '{"n":0}', '--no-store', '--history', events]).code).toBe(0);
  writeFileSync(history, JSON.stringify({ events: JSON.parse(readFileSync(events, 'utf8')) }));
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Runs every verb on `db` and expects exit 2 with `message` as the only line. */
function expectRefused(db: string, message: string) {
  for (const args of verbs(db)) {
    const r = stepscope(args);
    expect({ verb: args[0], code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ verb: args[0], code: 2, stderr: `${message}\n`, stdout: '' });
  }
}

describe('files that are not execution stores', () => {
  it('refuses a directory', () => {
    const db = join(tmp, 'folder.db');
    mkdirSync(db);
    expectRefused(db, `${db} is a directory, not a Stepscope execution store`);
  });

  it('refuses a FIFO without blocking', () => {
    const db = join(tmp, 'fifo.db');
    execFileSync('mkfifo', [db]);
    expectRefused(db, `${db} is a FIFO, not a Stepscope execution store`);
  });

  it('refuses a file that is not SQLite, untouched', () => {
    const db = join(tmp, 'notes.db');
    writeFileSync(db, 'these are my notes, not a database\n'.repeat(10));
    expectRefused(db, `${db} is not a Stepscope execution store: it is not an SQLite database`);
    expect(readFileSync(db, 'utf8')).toBe('these are my notes, not a database\n'.repeat(10));
  });

  it("refuses another application's SQLite database without switching it to WAL or changing a byte", () => {
    const db = join(tmp, 'other-app.db');
    const other = new Database(db);
    other.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada')");
    other.close();
    const before = readFileSync(db);
    expectRefused(db, `${db} is not a Stepscope execution store: it is an SQLite database of another application`);
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(existsSync(`${db}-wal`) || existsSync(`${db}-shm`)).toBe(false);
    const check = new Database(db, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('refuses an SQLite database marked by another application (application_id)', () => {
    const db = join(tmp, 'marked.db');
    const other = new Database(db);
    other.pragma('application_id = 1196444237');
    other.exec('CREATE TABLE executions (x)');
    other.close();
    expectRefused(db, `${db} is not a Stepscope execution store: it is the SQLite database of another application (application_id 0x47504a4d)`);
  });

  it('refuses a store written by a newer Stepscope, for reading verbs too', () => {
    const db = join(tmp, 'newer.db');
    expect(stepscope(['run', 'cli/hello.json', '--input', '{"name":"A"}', '--db', db]).code).toBe(0);
    const raw = new Database(db);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expectRefused(db, `${db} was written by a newer Stepscope (schema version ${SCHEMA_VERSION + 1}; this one reads up to ${SCHEMA_VERSION}): use that version`);
  });
});

describe('an empty file', () => {
  it('is a new store: reading verbs find nothing in it, writing verbs initialise it', () => {
    const db = join(tmp, 'empty.db');
    writeFileSync(db, '');
    const show = stepscope(['show', '1', '--db', db]);
    expect(show).toMatchObject({ code: 2, stderr: `No execution "1" in ${db} (see "stepscope list")\n` });
    expect(stepscope(['list', '--db', db])).toMatchObject({ code: 0, stdout: 'No executions.\n' });
    expect(stepscope(['run', 'cli/hello.json', '--input', '{"name":"A"}', '--db', db]).code).toBe(0);
    const raw = new Database(db, { readonly: true });
    expect(raw.pragma('application_id', { simple: true })).toBe(STEPSCOPE_APPLICATION_ID);
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    raw.close();
  });
});

describe('a read-only store', () => {
  // As root every file is writable: run the verbs as "nobody" then.
  const root = process.getuid?.() === 0;
  const user = root ? { uid: 65534, gid: 65534 } : undefined;

  it('opens read-only for list, show and export, and writing verbs say it is read-only (exit 2), changing nothing', () => {
    const dir = join(tmp, 'ro');
    mkdirSync(dir);
    const db = join(dir, 'store.db');
    expect(stepscope(['run', 'cli/hello.json', '--input', '{"name":"A"}', '--db', db]).code).toBe(0);
    chmodSync(db, 0o444);
    // The folder stays writable (SQLite keeps its WAL index there); only the file is read-only.
    chmodSync(dir, 0o777);
    chmodSync(tmp, 0o755);
    const before = readFileSync(db);
    for (const args of verbs(db)) {
      const r = stepscope(args, user);
      expect(r.stderr).not.toMatch(STACK_LINE);
      if (['list', 'show', 'export'].includes(args[0])) expect({ verb: args[0], code: r.code, stderr: r.stderr }).toEqual({ verb: args[0], code: 0, stderr: '' });
      else {
        expect({ verb: args[0], code: r.code, stderr: r.stderr }).toEqual({
          verb: args[0],
          code: 2,
          stderr: `The execution store ${db} is read-only (the file is not writable): nothing can be recorded or changed in it\n`,
        });
      }
    }
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(JSON.parse(stepscope(['list', '--json', '--db', db], user).stdout)).toHaveLength(1);
  });
});
