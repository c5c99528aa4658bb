import type Database from 'better-sqlite3';
import { executionFromRow, STORED_STATUSES, type ExecutionRecord, type ExecutionRow, type StoredStatus } from './records';

/**
 * Queries over a Distributed Map's Map Run children (rows with `parent_kind = 'mapRun'`), for a
 * Map Run of any size: their counts by status in one grouped query, and pages of them in item
 * order (served by the index executions_by_parent_item).
 *
 * A Map Run is one attempt or, once redriven, several: each attempt is the execution that ran it
 * and its event the children are linked to (a MapRunStarted, or a redrive's MapRunRedriven),
 * latest first. Each item counts once, with its latest attempt's child: a child of an earlier
 * attempt is part of the Map Run only when no later attempt has a child for its item (children
 * stored without an item index, before schema version 5, are always part of it).
 */

/** One attempt of a Map Run: the stored execution that ran it and its event the children link to. */
export interface MapRunAttempt {
  parentId: number;
  parentEventId: number;
}

/** What {@link mapRunChildCounts} tells. */
export interface MapRunChildCounts {
  /** Child executions stored for the Map Run. */
  total: number;
  /** Of those, how many have each status (statuses with none are left out). */
  byStatus: Partial<Record<StoredStatus, number>>;
  /** Items those children processed (a batch's items with an ItemBatcher, else one per child). */
  items: number;
}

/** Which page of a Map Run's children {@link mapRunChildPage} reads. */
export interface MapRunChildPageQuery {
  /** Only children with this status. */
  status?: StoredStatus;
  /** Children to skip, in item order (default 0). */
  offset?: number;
  /** Children to read (default: all). */
  limit?: number;
}

const SELECT = 'SELECT e.*, m.name AS state_machine_name FROM executions e JOIN state_machines m ON m.id = e.state_machine_id';

/**
 * The attempts as a common table `attempts(rank, pid, eid)` (rank 0: the latest), and the
 * condition that keeps, of the children `e` of attempt `a`, those that are the Map Run's.
 */
function attemptsTable(attempts: readonly MapRunAttempt[]): { sql: string; params: number[] } {
  if (attempts.length === 0) throw new Error('a Map Run has at least one attempt');
  const params: number[] = [];
  const rows = attempts.map((a, rank) => {
    params.push(rank, a.parentId, a.parentEventId);
    return '(?, ?, ?)';
  });
  return { sql: `WITH attempts(rank, pid, eid) AS (VALUES ${rows.join(', ')})`, params };
}

/** Of the children `e` of attempt `a`, the Map Run's: not an item a later attempt ran again. */
const LATEST_FOR_ITEM = `(a.rank = 0 OR e.item_index IS NULL OR NOT EXISTS (
  SELECT 1 FROM attempts b JOIN executions o ON o.parent_id = b.pid AND o.parent_event_id = b.eid AND o.item_index = e.item_index
  WHERE b.rank < a.rank AND o.parent_kind = 'mapRun'))`;

/** Counts a Map Run's children by status, in one query (see the module comment for which children count). */
export function mapRunChildCounts(db: Database.Database, attempts: readonly MapRunAttempt[]): MapRunChildCounts {
  const { sql, params } = attemptsTable(attempts);
  const rows = db
    .prepare(
      `${sql}
       SELECT e.status AS status, count(*) AS n, sum(coalesce(e.batch_count, 1)) AS items
       FROM attempts a JOIN executions e ON e.parent_id = a.pid AND e.parent_event_id = a.eid
       WHERE e.parent_kind = 'mapRun' AND ${LATEST_FOR_ITEM}
       GROUP BY e.status`,
    )
    .all(...params) as { status: StoredStatus; n: number; items: number }[];
  const counts: MapRunChildCounts = { total: 0, byStatus: {}, items: 0 };
  // In the order statuses are listed everywhere (RUNNING first), whatever order SQLite grouped them in.
  for (const status of STORED_STATUSES) {
    const row = rows.find((r) => r.status === status);
    if (row === undefined) continue;
    counts.byStatus[status] = row.n;
    counts.total += row.n;
    counts.items += row.items;
  }
  return counts;
}

/**
 * A page of a Map Run's children, in item order (children without an item index last, in the
 * order they were stored), optionally of one status. A Map Run of one attempt (not redriven) is
 * read along the index in item order, so a page costs its offset and size, not the Map Run's
 * size; a redriven one is merged across its attempts and sorted.
 */
export function mapRunChildPage(db: Database.Database, attempts: readonly MapRunAttempt[], query: MapRunChildPageQuery = {}): ExecutionRecord[] {
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  const limit = query.limit === undefined ? -1 : Math.max(0, Math.floor(query.limit));
  if (limit === 0) return [];
  const statusWhere = query.status !== undefined ? ' AND e.status = ?' : '';
  const statusParams = query.status !== undefined ? [query.status] : [];
  if (attempts.length === 1) {
    const { parentId, parentEventId } = attempts[0];
    const where = `WHERE e.parent_id = ? AND e.parent_event_id = ? AND e.parent_kind = 'mapRun'${statusWhere}`;
    const params = [parentId, parentEventId, ...statusParams];
    // Children with an item index, along the index; then (older databases) those without, by id.
    const indexed = db.prepare(`${SELECT} ${where} AND e.item_index IS NOT NULL ORDER BY e.item_index, e.id LIMIT ? OFFSET ?`).all(...params, limit, offset) as ExecutionRow[];
    if (limit !== -1 && indexed.length === limit) return indexed.map(executionFromRow);
    const indexedCount =
      indexed.length > 0 ? offset + indexed.length : (db.prepare(`SELECT count(*) AS n FROM executions e ${where} AND e.item_index IS NOT NULL`).get(...params) as { n: number }).n;
    const rest = limit === -1 ? -1 : limit - indexed.length;
    const unindexed = db.prepare(`${SELECT} ${where} AND e.item_index IS NULL ORDER BY e.id LIMIT ? OFFSET ?`).all(...params, rest, Math.max(0, offset - indexedCount)) as ExecutionRow[];
    return [...indexed, ...unindexed].map(executionFromRow);
  }
  const { sql, params } = attemptsTable(attempts);
  const rows = db
    .prepare(
      `${sql}
       SELECT e.*, m.name AS state_machine_name
       FROM attempts a JOIN executions e ON e.parent_id = a.pid AND e.parent_event_id = a.eid JOIN state_machines m ON m.id = e.state_machine_id
       WHERE e.parent_kind = 'mapRun' AND ${LATEST_FOR_ITEM}${statusWhere}
       ORDER BY e.item_index IS NULL, e.item_index, e.id LIMIT ? OFFSET ?`,
    )
    .all(...params, ...statusParams, limit, offset) as ExecutionRow[];
  return rows.map(executionFromRow);
}
