import { MIGRATION_001_INITIAL } from './001_initial';
import { MIGRATION_002_HISTORY_SNAPSHOTS } from './002_history_snapshots';
import { MIGRATION_003_EVENTS_ROWID } from './003_events_rowid';
import { MIGRATION_004_BREAKPOINT_COLUMNS } from './004_breakpoint_columns';
import { MIGRATION_005_EXECUTION_LINEAGE } from './005_execution_lineage';

/** One forward migration: the SQL that takes the schema from `version - 1` to `version`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Every migration, in order. A database records its version in `PRAGMA user_version`; opening it
 * applies the ones above that version, all in one transaction under the write lock (see
 * database.ts migrate). Never edit a released migration: add the next one.
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: MIGRATION_001_INITIAL },
  { version: 2, name: 'history snapshots', sql: MIGRATION_002_HISTORY_SNAPSHOTS },
  { version: 3, name: 'events as a rowid table', sql: MIGRATION_003_EVENTS_ROWID },
  { version: 4, name: 'breakpoint columns', sql: MIGRATION_004_BREAKPOINT_COLUMNS },
  { version: 5, name: 'execution lineage', sql: MIGRATION_005_EXECUTION_LINEAGE },
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
