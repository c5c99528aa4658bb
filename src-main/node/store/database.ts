import Database from 'better-sqlite3';
import { accessSync, closeSync, constants as fsConstants, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';

/** How to open the database file. */
export interface DatabaseOptions {
  /** The database file (created with its folder when missing, unless `readonly`). */
  path: string;
  /** better-sqlite3's `nativeBinding`: the .node file to load (an Electron-ABI build under Electron). */
  nativeBinding?: string;
  readonly?: boolean;
  /** ms to wait for another connection's write lock (SQLite retries meanwhile). Default 5000. */
  busyTimeoutMs?: number;
}

/** Thrown when the file is not a Stepscope database, or is one from a newer Stepscope. */
export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

/**
 * Thrown when another connection kept the database's write lock for longer than the busy timeout
 * (another Stepscope process writing: a run, an import): not a bug, and nothing was written.
 */
export class StoreBusyError extends Error {
  /** The database file. */
  readonly path: string;
  constructor(path: string, waitedMs: number) {
    super(`Another Stepscope process is writing to ${path} (it kept the store busy for ${formatWait(waitedMs)}); nothing was changed: try again when it has finished`);
    this.name = 'StoreBusyError';
    this.path = path;
  }
}

function formatWait(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The default of {@link DatabaseOptions.busyTimeoutMs}. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** True for SQLite's "database is locked" (SQLITE_BUSY and its extended codes). */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** Blocks the thread for `ms` (between retries of a lock that SQLite refused without waiting). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `body` in a `BEGIN IMMEDIATE` transaction (the write lock is taken first, waiting up to the
 * connection's busy timeout). SQLite sometimes answers "busy" at once rather than waiting (to
 * avoid a deadlock, or when a WAL snapshot moved): such a refusal is retried, with a short pause,
 * until the busy timeout has passed. Still busy after that: a {@link StoreBusyError}.
 */
export function writeTransaction<T>(db: Database.Database, path: string, body: () => T): T {
  return retryWhileBusy(db, path, () => db.transaction(body).immediate());
}

/** Runs `attempt` again while it fails with "busy" faster than the busy timeout; then StoreBusyError. */
export function retryWhileBusy<T>(db: Database.Database, path: string, attempt: () => T): T {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  const started = Date.now();
  for (;;) {
    try {
      return attempt();
    } catch (error) {
      if (isReadOnlyError(error)) throw new StoreReadOnlyError(path, 'SQLite cannot write it');
      if (!isBusyError(error)) throw error;
      const waited = Date.now() - started;
      if (waited >= timeout) throw new StoreBusyError(path, waited);
      pause(Math.min(20, timeout - waited));
    }
  }
}

/**
 * The default database file: STEPSCOPE_DB when set, else `stepscope.db` in the platform's
 * application-data folder (Linux: $XDG_DATA_HOME/stepscope or ~/.local/share/stepscope; macOS:
 * ~/Library/Application Support/Stepscope; Windows: %APPDATA%\Stepscope).
 */
export function defaultDatabasePath(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.STEPSCOPE_DB) return env.STEPSCOPE_DB;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Stepscope', 'stepscope.db');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Stepscope', 'stepscope.db');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'stepscope', 'stepscope.db');
}

/**
 * Marks a file as a Stepscope execution store (SQLite's `application_id` header field, set by
 * {@link migrate}): "StSc". Stores written before it was set (schema 1-5) are recognised by their
 * schema version and tables, and get it at their next migration.
 */
export const STEPSCOPE_APPLICATION_ID = 0x53745363;

/** Thrown when a writing verb opens a store this process may not write (file or folder read-only). */
export class StoreReadOnlyError extends Error {
  /** The database file. */
  readonly path: string;
  constructor(path: string, why: string) {
    super(`The execution store ${path} is read-only (${why}): nothing can be recorded or changed in it`);
    this.name = 'StoreReadOnlyError';
    this.path = path;
  }
}

/** True for SQLite's "attempt to write a readonly database" (SQLITE_READONLY and its extended codes). */
export function isReadOnlyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_READONLY');
}

/** What is at a store's path, told from the file system alone (nothing is opened for writing). */
type FileState = 'missing' | 'empty' | 'sqlite';

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Looks at the path without changing anything: missing, an empty file (ours to initialise), or an
 * SQLite file. A directory, a FIFO or device, or a file that is not SQLite is refused with a
 * StoreOpenError naming the path and what it is.
 */
function inspectPath(path: string): FileState {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'ENOTDIR') throw new StoreOpenError(`${path}: a part of the path is not a directory`);
    if (code === 'EACCES' || code === 'EPERM') throw new StoreOpenError(`Cannot open the execution store ${path}: permission denied`);
    throw error;
  }
  if (stat.isDirectory()) throw new StoreOpenError(`${path} is a directory, not a Stepscope execution store`);
  if (!stat.isFile()) {
    const what = stat.isFIFO() ? 'a FIFO' : stat.isSocket() ? 'a socket' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : 'not a regular file';
    throw new StoreOpenError(`${path} is ${what}, not a Stepscope execution store`);
  }
  if (stat.size === 0) return 'empty';
  const header = Buffer.alloc(16);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    readSync(fd, header, 0, 16, 0);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new StoreOpenError(`Cannot read the execution store ${path}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? String(error))}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (stat.size < 100 || header.toString('latin1') !== SQLITE_HEADER) throw new StoreOpenError(`${path} is not a Stepscope execution store: it is not an SQLite database`);
  return 'sqlite';
}

/** Why this process may not write the store at `path` (undefined when it may). */
function whyReadOnly(path: string, state: FileState): string | undefined {
  const folder = dirname(path);
  if (state !== 'missing') {
    try {
      accessSync(path, fsConstants.W_OK);
    } catch {
      return 'the file is not writable';
    }
  }
  try {
    // New files, and the WAL's -wal and -shm files, are made in the folder.
    accessSync(folder, fsConstants.W_OK);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT' && state === 'missing') return undefined;
    return 'its folder is not writable';
  }
  return undefined;
}

/**
 * What an open SQLite file holds, read without changing it: a new (empty) database ours to
 * initialise, or a Stepscope store at some schema version. A database of another application, or a
 * store from a newer Stepscope, is refused with a StoreOpenError.
 */
function identify(db: Database.Database, path: string): { version: number; marked: boolean } {
  let appId: number;
  let version: number;
  let tables: Set<string>;
  try {
    // One read transaction, so the three reads see one state of the file: read one by one, a store
    // another process was creating could look half made (no version yet, but tables) and be
    // refused as another application's (seen in the concurrency test, issue #18 item 1).
    ({ appId, version, tables } = db.transaction(() => ({
      appId: db.pragma('application_id', { simple: true }) as number,
      version: db.pragma('user_version', { simple: true }) as number,
      tables: new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").raw(true).all() as [string][]).map((r) => r[0])),
    }))());
  } catch (error) {
    throw new StoreOpenError(notADatabase(path, error));
  }
  const marked = appId === STEPSCOPE_APPLICATION_ID;
  if (!marked && appId !== 0) {
    throw new StoreOpenError(`${path} is not a Stepscope execution store: it is the SQLite database of another application (application_id 0x${(appId >>> 0).toString(16)})`);
  }
  const ours = marked || (version >= 1 && ['state_machines', 'executions', 'events'].every((t) => tables.has(t)));
  if (!ours) {
    if (version === 0 && tables.size === 0) return { version: 0, marked };
    throw new StoreOpenError(`${path} is not a Stepscope execution store: it is an SQLite database of another application`);
  }
  if (version > SCHEMA_VERSION) {
    throw new StoreOpenError(`${path} was written by a newer Stepscope (schema version ${version}; this one reads up to ${SCHEMA_VERSION}): use that version`);
  }
  return { version, marked };
}

/**
 * Opens a connection with the settings every Stepscope connection uses: WAL journal, NORMAL
 * synchronous (a commit survives a process crash; WAL keeps the file consistent after a power
 * loss), foreign keys on, a busy timeout.
 *
 * The file is identified before anything in it changes (issue #18 item 8): a missing or empty file
 * (or an SQLite file without tables) is ours to initialise; a directory, a FIFO or device, a file
 * that is not SQLite, another application's SQLite database and a store from a newer Stepscope are
 * refused untouched (StoreOpenError). Only then is the journal switched to WAL. A store this process
 * may not write opens only `readonly` (else StoreReadOnlyError); `readonly` refuses a missing file
 * (SQLITE_CANTOPEN), an empty one, and one from an older Stepscope (it cannot be migrated).
 */
export function openConnection(options: DatabaseOptions): Database.Database {
  const path = options.path;
  const memory = path === ':memory:';
  const state = memory ? 'missing' : inspectPath(path);
  if (options.readonly && state === 'empty') throw new StoreOpenError(`No execution store at ${path} yet: the file is empty (nothing has been recorded)`);
  if (!options.readonly && !memory) {
    const why = whyReadOnly(path, state);
    if (why !== undefined) throw new StoreReadOnlyError(path, why);
    mkdirSync(dirname(path), { recursive: true });
  }
  const db = new Database(path, {
    readonly: options.readonly === true,
    fileMustExist: options.readonly === true,
    timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
    ...(options.nativeBinding !== undefined ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    const found = identify(db, path);
    if (options.readonly && found.version < SCHEMA_VERSION) {
      throw new StoreOpenError(`${path} was written by an older Stepscope (schema version ${found.version}) and cannot be upgraded here: open it once with write access`);
    }
    // 8 KiB pages suit ~500-byte event rows (fewer splits, faster inserts); only takes effect on a new file.
    if (!options.readonly) db.pragma('page_size = 8192');
    if (!options.readonly) retryWhileBusy(db, path, () => db.pragma('journal_mode = WAL'));
    db.pragma('cache_size = -32768');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
  } catch (error) {
    db.close();
    if (error instanceof StoreOpenError || error instanceof StoreBusyError) throw error;
    throw new StoreOpenError(notADatabase(path, error));
  }
  return db;
}

function notADatabase(path: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /not a database|malformed/i.test(message) ? `${path} is not a Stepscope execution store: it is not an SQLite database (${message})` : `Cannot open the execution store ${path}: ${message}`;
}

/**
 * Brings the schema up to date, safely when several processes open the same file at once.
 *
 * The version is read first without a lock: a file that is up to date costs nothing more. Else
 * every pending migration runs in one `BEGIN IMMEDIATE` transaction (the database's write lock,
 * waited for up to the busy timeout), and the version is read again inside it: another process
 * that migrated in the meantime leaves nothing to do, so no migration ever runs twice (issue #18
 * item 1: "table state_machines already exists", "no such column: b.condition"). The same
 * transaction marks the file as ours (application_id). A file from a newer Stepscope (higher
 * version), or not ours, is refused rather than guessed at.
 */
export function migrate(db: Database.Database, path: string): void {
  const before = identify(db, path);
  if (before.version === SCHEMA_VERSION && before.marked) return;
  retryWhileBusy(db, path, () => db.exec('BEGIN IMMEDIATE'));
  try {
    const { version, marked } = identify(db, path);
    for (const migration of MIGRATIONS) {
      if (migration.version <= version) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
    if (!marked) db.pragma(`application_id = ${STEPSCOPE_APPLICATION_ID}`);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

