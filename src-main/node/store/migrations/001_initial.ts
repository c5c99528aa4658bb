/**
 * Schema version 1: state machines and their definition versions, executions (local runs and
 * imports, with a parent link for child executions), every history event, mock configs,
 * breakpoints and recent files.
 */
export const MIGRATION_001_INITIAL = `
CREATE TABLE state_machines (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  arn         TEXT NOT NULL UNIQUE,
  type        TEXT NOT NULL DEFAULT 'STANDARD' CHECK (type IN ('STANDARD', 'EXPRESS')),
  created_at  INTEGER NOT NULL
);

-- Every version of a state machine's definition; text as it was given (JSON or YAML).
CREATE TABLE definitions (
  id                INTEGER PRIMARY KEY,
  state_machine_id  INTEGER NOT NULL REFERENCES state_machines(id) ON DELETE CASCADE,
  version           INTEGER NOT NULL,
  text              TEXT NOT NULL,
  format            TEXT NOT NULL CHECK (format IN ('json', 'yaml')),
  -- 1 when rebuilt from a history that came without its definition.
  reconstructed     INTEGER NOT NULL DEFAULT 0 CHECK (reconstructed IN (0, 1)),
  source_path       TEXT,
  created_at        INTEGER NOT NULL,
  UNIQUE (state_machine_id, version)
);

-- Step Functions Local MockConfigFiles, as JSON text.
CREATE TABLE mock_configs (
  id          INTEGER PRIMARY KEY,
  source_path TEXT,
  content     TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);

CREATE TABLE executions (
  id                INTEGER PRIMARY KEY,
  name              TEXT NOT NULL,
  arn               TEXT NOT NULL,
  type              TEXT NOT NULL DEFAULT 'STANDARD' CHECK (type IN ('STANDARD', 'EXPRESS')),
  -- AWS's statuses, plus INTERRUPTED: a local run whose process died before it ended.
  status            TEXT NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE', 'INTERRUPTED')),
  state_machine_id  INTEGER NOT NULL REFERENCES state_machines(id) ON DELETE CASCADE,
  definition_id     INTEGER REFERENCES definitions(id) ON DELETE SET NULL,
  input             TEXT,
  output            TEXT,
  error             TEXT,
  cause             TEXT,
  start_date        INTEGER,
  stop_date         INTEGER,
  seed              INTEGER,
  mock_config_id    INTEGER REFERENCES mock_configs(id) ON DELETE SET NULL,
  test_case         TEXT,
  -- A child execution (Distributed Map run, StartExecution.sync) points at its parent, and at
  -- the parent's event that started it.
  parent_id         INTEGER REFERENCES executions(id) ON DELETE CASCADE,
  parent_event_id   INTEGER,
  origin            TEXT NOT NULL CHECK (origin IN ('local', 'import')),
  source            TEXT,
  event_count       INTEGER NOT NULL DEFAULT 0,
  -- While RUNNING: the process recording it, so that a later start can tell a dead run.
  writer_pid        INTEGER,
  created_at        INTEGER NOT NULL
);
CREATE INDEX executions_by_state_machine ON executions (state_machine_id, id);
CREATE INDEX executions_by_status ON executions (status, id);
CREATE INDEX executions_by_name ON executions (name);
CREATE INDEX executions_by_arn ON executions (arn);
CREATE INDEX executions_by_parent ON executions (parent_id) WHERE parent_id IS NOT NULL;

-- History events in GetExecutionHistory's shape: the core fields as columns, the rest of the
-- event (its *EventDetails member) as JSON text. Clustered by (execution, id) so that one
-- execution's history is one range scan.
CREATE TABLE events (
  execution_id       INTEGER NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
  id                 INTEGER NOT NULL,
  previous_event_id  INTEGER NOT NULL,
  type               TEXT NOT NULL,
  timestamp          TEXT NOT NULL,
  state_name         TEXT,
  details            TEXT,
  PRIMARY KEY (execution_id, id)
) WITHOUT ROWID;
CREATE INDEX events_by_type ON events (execution_id, type);
CREATE INDEX events_by_state ON events (execution_id, state_name) WHERE state_name IS NOT NULL;

CREATE TABLE breakpoints (
  id                INTEGER PRIMARY KEY,
  state_machine_id  INTEGER NOT NULL REFERENCES state_machines(id) ON DELETE CASCADE,
  state_name        TEXT NOT NULL,
  -- 'enter' stops before the state runs, 'exit' after it.
  kind              TEXT NOT NULL DEFAULT 'enter' CHECK (kind IN ('enter', 'exit')),
  condition         TEXT,
  enabled           INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at        INTEGER NOT NULL,
  UNIQUE (state_machine_id, state_name, kind)
);

CREATE TABLE recent_files (
  path       TEXT PRIMARY KEY,
  kind       TEXT NOT NULL,
  opened_at  INTEGER NOT NULL
);
`;
