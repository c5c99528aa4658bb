/**
 * Schema version 5: how an execution relates to its parent is stored, not inferred.
 *
 * - `parent_kind`: 'fork' | 'redrive' (a re-run of the parent, the user's own run) or 'mapRun' |
 *   'startExecution' (a child execution the parent started). Versions 1-4 kept only `parent_id`,
 *   and the kind was told from names (service/storeRecords.ts before this version): a child runs
 *   another state machine (`<parent machine>/<Map label>` for a Map Run's child), a redrive keeps
 *   its original's name, a fork does not. Existing rows are backfilled with that same rule, so an
 *   old database reads as before.
 * - `item_index`: a Map Run child's index in its Map Run (its item, or its batch with an
 *   ItemBatcher); `batch_first` and `batch_count`: with an ItemBatcher, the items the batch holds
 *   (first item index and how many). NULL for other rows and for rows stored before version 5.
 * - `redrive_preserved`: a redrive's summary of what it kept of its failed Parallel or Map
 *   (engine/redrive/resume.ts RedrivePreserved) as JSON text. A summary only shown, never
 *   searched, with two index lists inside: a JSON column keeps it whole without a side table.
 */
export const MIGRATION_005_EXECUTION_LINEAGE = `
ALTER TABLE executions ADD COLUMN parent_kind TEXT CHECK (parent_kind IS NULL OR parent_kind IN ('fork', 'redrive', 'mapRun', 'startExecution'));
ALTER TABLE executions ADD COLUMN item_index INTEGER CHECK (item_index IS NULL OR item_index >= 0);
ALTER TABLE executions ADD COLUMN batch_first INTEGER CHECK (batch_first IS NULL OR batch_first >= 0);
ALTER TABLE executions ADD COLUMN batch_count INTEGER CHECK (batch_count IS NULL OR batch_count >= 0);
ALTER TABLE executions ADD COLUMN redrive_preserved TEXT;

-- The rule versions 1-4 read the kind with.
UPDATE executions SET parent_kind = (
  SELECT CASE
    WHEN cm.name <> pm.name THEN
      CASE WHEN substr(cm.name, 1, length(pm.name) + 1) = pm.name || '/' THEN 'mapRun' ELSE 'startExecution' END
    WHEN p.name = executions.name THEN 'redrive'
    ELSE 'fork' END
  FROM executions p
  JOIN state_machines pm ON pm.id = p.state_machine_id
  JOIN state_machines cm ON cm.id = executions.state_machine_id
  WHERE p.id = executions.parent_id)
WHERE parent_id IS NOT NULL;

-- Map Run children by item, and the unfiltered list without children (see ExecutionStore.listExecutions).
CREATE INDEX executions_by_parent_item ON executions (parent_id, parent_event_id, item_index) WHERE parent_id IS NOT NULL;
`;
