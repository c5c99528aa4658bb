import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { defaultDatabasePath, openStore, StoreBusyError, StoreOpenError, StoreReadOnlyError, type ExecutionRecord, type ExecutionStore } from '../../store';
import { CliError } from '../errors';
import type { CliIo } from '../io';

/**
 * Opening the execution store for a verb: `--db <file>`, else STEPSCOPE_DB, else the platform's
 * application-data folder. A file that is not a Stepscope store, a store that is busy or read-only
 * for a writing verb, is a clear error (exit 2).
 */
export function storePath(io: CliIo, db: string | undefined): string {
  return db !== undefined ? resolve(io.cwd, db) : resolve(io.cwd, defaultDatabasePath(io.env));
}

/**
 * How long a verb waits for another process's write lock: STEPSCOPE_BUSY_TIMEOUT_MS (whole ms),
 * else the store's default (5 s).
 */
export function busyTimeoutFromEnv(io: CliIo): number | undefined {
  const text = io.env.STEPSCOPE_BUSY_TIMEOUT_MS;
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text.trim())) throw new CliError(`STEPSCOPE_BUSY_TIMEOUT_MS must be a whole number of milliseconds, not "${text}"`);
  return Number(text);
}

/**
 * Opens the store for a verb. A writing verb (the default) gets a clear error when the store is
 * read-only. A `reading` verb opens a store it may not write read-only, and otherwise read-write
 * (so that an older store is migrated and dead runs are marked INTERRUPTED); with `mustExist`, a
 * missing file is an error rather than a new, empty store.
 */
export function openCliStore(io: CliIo, db: string | undefined, options: { reading?: boolean; mustExist?: boolean } = {}): ExecutionStore {
  const path = storePath(io, db);
  const busyTimeoutMs = busyTimeoutFromEnv(io);
  const base = { path, ...(busyTimeoutMs !== undefined ? { busyTimeoutMs } : {}) };
  try {
    if (options.mustExist && !existsSync(path)) throw new CliError(`No execution store at ${path} (nothing has been recorded yet)`);
    try {
      return openStore(base);
    } catch (error) {
      if (options.reading && error instanceof StoreReadOnlyError) return openStore({ ...base, readonly: true, recover: false });
      throw error;
    }
  } catch (error) {
    if (error instanceof StoreOpenError || error instanceof StoreBusyError || error instanceof StoreReadOnlyError) throw new CliError(error.message);
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_CANTOPEN') throw new CliError(`Cannot open the execution store ${path}`);
    if (code === 'SQLITE_NOTADB') throw new CliError(`${path} is not a Stepscope execution store: it is not an SQLite database`);
    throw error;
  }
}

/** Finds the execution a user named (id, ARN or name) or fails with a message naming it. */
export function findExecutionOrFail(store: ExecutionStore, reference: string): ExecutionRecord {
  const found = store.findExecution(reference);
  if (!found) throw new CliError(`No execution "${reference}" in ${store.path} (see "stepscope list")`);
  return found;
}

/** Left-aligned columns separated by two spaces. */
export function columns(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const render = (row: string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd();
  return [render(header), ...rows.map(render)].join('\n');
}

/** A duration in ms as "850 ms", "1.25 s" or "3 min 20 s". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '-';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Epoch ms as ISO-8601 text (or "-"). */
export function formatDate(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString();
}
