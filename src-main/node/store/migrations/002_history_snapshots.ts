/**
 * Schema version 2: a derived copy of each finished execution's whole history, laid out for fast
 * loading (see historySnapshot.ts). The `events` table stays the truth; a snapshot whose
 * event_count differs from the execution's is ignored, and a missing one only costs speed.
 */
export const MIGRATION_002_HISTORY_SNAPSHOTS = `
CREATE TABLE history_snapshots (
  execution_id  INTEGER PRIMARY KEY REFERENCES executions(id) ON DELETE CASCADE,
  event_count   INTEGER NOT NULL,
  -- JSON of columns: timestamps, ids, types, distinct detail shapes (long strings nulled) and where each long string goes.
  skeleton      TEXT NOT NULL,
  -- The long detail strings (payloads), one after the other.
  payloads      TEXT NOT NULL
);
`;
