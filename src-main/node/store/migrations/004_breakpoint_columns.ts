/**
 * Schema version 4: breakpoints get a column for each part of a breakpoint (debug/breakpoints.ts
 * Breakpoint) instead of the whole breakpoint as JSON in `condition` under a `#bp:<id>` state
 * name (how versions 1-3 stored the debugger's breakpoints).
 *
 * Every existing row is kept:
 * - a row written by the debugger (`#bp:<id>`, `condition` = `{"stepscopeBreakpoint":1,"order",
 *   "breakpoint"}`) whose breakpoint reads correctly becomes its columns;
 * - a plain row (a state name, `enter`/`exit`, a JSONPath condition text) becomes a state
 *   breakpoint with id `store-<row id>`, after the others;
 * - any other row (JSON that does not parse or describes no valid breakpoint) is kept disabled,
 *   with `note` saying why and `legacy` holding its old `condition` text untouched.
 *
 * The checks here mirror `validateBreakpoints` for what SQL can see; the reader
 * (service/breakpointStore.ts) validates again and reports what still fails as a noted row.
 */
export const MIGRATION_004_BREAKPOINT_COLUMNS = `
CREATE TABLE breakpoints_v4 (
  id                   INTEGER PRIMARY KEY,
  state_machine_id     INTEGER NOT NULL REFERENCES state_machines(id) ON DELETE CASCADE,
  -- Breakpoint.id: unique in a state machine's list (the service writes whole lists).
  breakpoint_id        TEXT NOT NULL,
  -- Place in the list.
  position             INTEGER NOT NULL,
  enabled              INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  -- 'before' a state is entered, 'after' it exits, or on an 'error'.
  kind                 TEXT NOT NULL CHECK (kind IN ('before', 'after', 'error')),
  -- The state (before/after); for an error breakpoint, NULL or the state it is narrowed to.
  state_name           TEXT,
  -- Error breakpoints: handled by the state's Retry/Catch, not, or both.
  error_handling       TEXT CHECK (error_handling IN ('caught', 'uncaught', 'any')),
  -- Error breakpoints: JSON array of error names; NULL for every error.
  error_equals         TEXT,
  condition_language   TEXT CHECK (condition_language IN ('JSONPath', 'JSONata')),
  condition_text       TEXT,
  hit_op               TEXT CHECK (hit_op IN ('==', '>=', '%')),
  hit_value            INTEGER CHECK (hit_value IS NULL OR hit_value >= 1),
  map_iteration_index  INTEGER CHECK (map_iteration_index IS NULL OR map_iteration_index >= 0),
  -- Set on a row the migration could not read: why, and its old condition text.
  note                 TEXT,
  legacy               TEXT,
  created_at           INTEGER NOT NULL,
  CHECK (kind = 'error' OR state_name IS NOT NULL),
  CHECK ((condition_language IS NULL) = (condition_text IS NULL)),
  CHECK ((hit_op IS NULL) = (hit_value IS NULL))
);

-- The debugger's rows, read from their JSON where it is complete and valid.
CREATE TEMP TABLE bp_v3 AS
  SELECT b.id, b.state_machine_id, b.state_name, b.kind AS old_kind, b.condition, b.enabled, b.created_at,
    -- CASE, not AND: json_type fails on text that is not JSON, and only CASE fixes the order.
    CASE WHEN b.state_name NOT LIKE '#bp:%' OR b.condition IS NULL OR NOT json_valid(b.condition) THEN 0
         WHEN json_type(b.condition) <> 'object' THEN 0
         WHEN json_extract(b.condition, '$.stepscopeBreakpoint') = 1 AND json_type(b.condition, '$.breakpoint') = 'object' THEN 1
         ELSE 0 END AS ours
  FROM breakpoints b;

CREATE TEMP TABLE bp_parsed AS
  SELECT id, state_machine_id, enabled, created_at, condition,
    json_extract(condition, '$.breakpoint.id') AS bp_id,
    json_type(condition, '$.breakpoint.id') AS bp_id_type,
    json_extract(condition, '$.order') AS position,
    json_extract(condition, '$.breakpoint.target.kind') AS target_kind,
    json_extract(condition, '$.breakpoint.target.when') AS target_when,
    json_extract(condition, '$.breakpoint.target.stateName') AS target_state,
    json_type(condition, '$.breakpoint.target.stateName') AS target_state_type,
    json_extract(condition, '$.breakpoint.target.handling') AS handling,
    json_type(condition, '$.breakpoint.target.errorEquals') AS error_equals_type,
    json_extract(condition, '$.breakpoint.target.errorEquals') AS error_equals,
    json_type(condition, '$.breakpoint.condition') AS condition_type,
    json_extract(condition, '$.breakpoint.condition.language') AS condition_language,
    json_extract(condition, '$.breakpoint.condition.expression') AS condition_text,
    json_type(condition, '$.breakpoint.condition.expression') AS condition_text_type,
    json_type(condition, '$.breakpoint.hitCondition') AS hit_type,
    json_extract(condition, '$.breakpoint.hitCondition.op') AS hit_op,
    json_extract(condition, '$.breakpoint.hitCondition.value') AS hit_value,
    json_type(condition, '$.breakpoint.hitCondition.value') AS hit_value_type,
    json_extract(condition, '$.breakpoint.mapIterationIndex') AS map_iteration_index,
    json_type(condition, '$.breakpoint.mapIterationIndex') AS map_iteration_type
  FROM bp_v3 WHERE ours = 1;

CREATE TEMP TABLE bp_good AS
  SELECT * FROM bp_parsed
  WHERE bp_id_type = 'text' AND bp_id <> ''
    AND (json_type(condition, '$.order') = 'integer')
    AND (
      (target_kind = 'state' AND target_state_type = 'text' AND target_when IN ('before', 'after'))
      OR (target_kind = 'error' AND handling IN ('caught', 'uncaught', 'any')
          AND (target_state_type IS NULL OR target_state_type = 'text')
          AND (error_equals_type IS NULL OR error_equals_type = 'array'))
    )
    AND (condition_type IS NULL OR (condition_type = 'object' AND condition_language IN ('JSONPath', 'JSONata') AND condition_text_type = 'text'))
    AND (hit_type IS NULL OR (hit_type = 'object' AND hit_op IN ('==', '>=', '%') AND hit_value_type = 'integer' AND hit_value >= 1))
    AND (map_iteration_type IS NULL OR (map_iteration_type = 'integer' AND map_iteration_index >= 0));

INSERT INTO breakpoints_v4 (id, state_machine_id, breakpoint_id, position, enabled, kind, state_name, error_handling, error_equals,
                            condition_language, condition_text, hit_op, hit_value, map_iteration_index, created_at)
  SELECT id, state_machine_id, bp_id, position, enabled,
    CASE target_kind WHEN 'state' THEN target_when ELSE 'error' END,
    target_state,
    CASE target_kind WHEN 'error' THEN handling END,
    CASE WHEN target_kind = 'error' AND error_equals_type = 'array' THEN error_equals END,
    CASE WHEN condition_type = 'object' THEN condition_language END,
    CASE WHEN condition_type = 'object' THEN condition_text END,
    CASE WHEN hit_type = 'object' THEN hit_op END,
    CASE WHEN hit_type = 'object' THEN hit_value END,
    map_iteration_index,
    created_at
  FROM bp_good;

-- Plain rows (a state name): state breakpoints after the debugger's, by row id.
INSERT INTO breakpoints_v4 (id, state_machine_id, breakpoint_id, position, enabled, kind, state_name,
                            condition_language, condition_text, created_at)
  SELECT id, state_machine_id, 'store-' || id, 1000000 + id, enabled,
    CASE old_kind WHEN 'exit' THEN 'after' ELSE 'before' END,
    state_name,
    CASE WHEN condition IS NOT NULL AND condition <> '' THEN 'JSONPath' END,
    CASE WHEN condition IS NOT NULL AND condition <> '' THEN condition END,
    created_at
  FROM bp_v3 WHERE state_name NOT LIKE '#bp:%';

-- Everything else is kept, disabled, with a note and its old text.
INSERT INTO breakpoints_v4 (id, state_machine_id, breakpoint_id, position, enabled, kind, state_name, note, legacy, created_at)
  SELECT id, state_machine_id, 'unreadable-' || id, 2000000 + id, 0, 'before',
    substr(state_name, 5),
    CASE WHEN condition IS NULL OR NOT json_valid(condition) THEN 'Could not be read when breakpoints got their own columns: its stored text is not JSON.'
         ELSE 'Could not be read when breakpoints got their own columns: its stored JSON is not a valid breakpoint.' END,
    condition,
    created_at
  FROM bp_v3 WHERE state_name LIKE '#bp:%' AND id NOT IN (SELECT id FROM bp_good);

DROP TABLE bp_good;
DROP TABLE bp_parsed;
DROP TABLE bp_v3;
DROP TABLE breakpoints;
ALTER TABLE breakpoints_v4 RENAME TO breakpoints;
CREATE INDEX breakpoints_by_state_machine ON breakpoints (state_machine_id, position);
`;
