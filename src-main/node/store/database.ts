import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
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
 * Opens a connection with the settings every Stepscope connection uses: WAL journal, NORMAL
 * synchronous (a commit survives a process crash; WAL keeps the file consistent after a power
 * loss), foreign keys on, a busy timeout.
 */
export function openConnection(options: DatabaseOptions): Database.Database {
  if (!options.readonly && options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path, {
    readonly: options.readonly === true,
    fileMustExist: options.readonly === true,
    timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
    ...(options.nativeBinding !== undefined ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    // 8 KiB pages suit ~500-byte event rows (fewer splits, faster inserts); only takes effect on a new file.
    if (!options.readonly) db.pragma('page_size = 8192');
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('cache_size = -32768');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
  } catch (error) {
    db.close();
    throw new StoreOpenError(notADatabase(options.path, error));
  }
  return db;
}

function notADatabase(path: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /not a database|malformed/i.test(message) ? `${path} is not a Stepscope database (${message})` : `Cannot open the database ${path}: ${message}`;
}

/**
 * Brings the schema up to date, safely when several processes open the same file at once.
 *
 * The version is read first without a lock: a file that is up to date costs nothing more. Else
 * every pending migration runs in one `BEGIN IMMEDIATE` transaction (the database's write lock,
 * waited for up to the busy timeout), and the version is read again inside it: another process
 * that migrated in the meantime leaves nothing to do, so no migration ever runs twice (issue #18
 * item 1: "table state_machines already exists", "no such column: b.condition"). A file from a
 * newer Stepscope (higher version) is refused rather than guessed at.
 */
export function migrate(db: Database.Database, path: string): void {
  if (readSchemaVersion(db, path) === SCHEMA_VERSION) return;
  retryWhileBusy(db, path, () => db.exec('BEGIN IMMEDIATE'));
  try {
    const version = readSchemaVersion(db, path);
    if (version === 0) {
      const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
      if (tables.n > 0) throw new StoreOpenError(`${path} is an SQLite database, but not a Stepscope one`);
    }
    for (const migration of MIGRATIONS) {
      if (migration.version <= version) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** The file's schema version (`user_version`); refuses a file from a newer Stepscope. */
function readSchemaVersion(db: Database.Database, path: string): number {
  let version: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    throw new StoreOpenError(notADatabase(path, error));
  }
  if (version > SCHEMA_VERSION) {
    throw new StoreOpenError(`${path} was written by a newer Stepscope (schema version ${version}; this one knows up to ${SCHEMA_VERSION})`);
  }
  return version;
}
