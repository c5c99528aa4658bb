import type { Json } from '../../common/json';

/** An execution's status in the store: AWS's, plus INTERRUPTED (its recording process died). */
export type StoredStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE' | 'INTERRUPTED';

/** Every status a stored execution can have. */
export const STORED_STATUSES: readonly StoredStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE', 'INTERRUPTED'];

/** A state machine. */
export interface StateMachineRecord {
  id: number;
  name: string;
  arn: string;
  type: 'STANDARD' | 'EXPRESS';
  createdAt: number;
}

/** One version of a state machine's definition. */
export interface DefinitionRecord {
  id: number;
  stateMachineId: number;
  version: number;
  text: string;
  format: 'json' | 'yaml';
  reconstructed: boolean;
  sourcePath: string | null;
  createdAt: number;
}

/**
 * How an execution relates to its parent: a re-run of it (`fork`, `redrive`) or a child
 * execution it started (`mapRun`, `startExecution`).
 */
export type ParentKind = 'fork' | 'redrive' | 'mapRun' | 'startExecution';

/** An execution (without its events). Payloads are JSON text; dates are epoch ms. */
export interface ExecutionRecord {
  id: number;
  name: string;
  arn: string;
  type: 'STANDARD' | 'EXPRESS';
  status: StoredStatus;
  stateMachineId: number;
  stateMachineName: string;
  definitionId: number | null;
  input: string | null;
  output: string | null;
  error: string | null;
  cause: string | null;
  startDate: number | null;
  stopDate: number | null;
  seed: number | null;
  mockConfigId: number | null;
  testCase: string | null;
  parentId: number | null;
  parentEventId: number | null;
  /** How it relates to its parent (schema version 5); null without a parent. */
  parentKind: ParentKind | null;
  /** A Map Run child: its index in the Map Run (its item, or its batch with an ItemBatcher). */
  itemIndex: number | null;
  /** A Map Run child of a batched Map: the items its batch holds. */
  batch: { first: number; count: number } | null;
  /** A redrive: JSON text of what it kept of its failed Parallel or Map (RedrivePreserved). */
  redrivePreserved: string | null;
  origin: 'local' | 'import';
  /** The files it was imported from. */
  source: string | null;
  eventCount: number;
  createdAt: number;
  /** Child executions (mapRun/startExecution) stored under it, when the listing counted them. */
  childCount?: number;
}

/** A stored mock config. */
export interface MockConfigRecord {
  id: number;
  sourcePath: string | null;
  content: Json;
  createdAt: number;
}

/**
 * One breakpoint of a state machine's list, a column per part of a debugger breakpoint
 * (common/debug/breakpoints.ts Breakpoint; schema version 4).
 */
export interface BreakpointRecord {
  /** The row's id. */
  id: number;
  stateMachineId: number;
  /** Breakpoint.id, unique in the list. */
  breakpointId: string;
  /** Place in the list (lists are read in this order). */
  position: number;
  enabled: boolean;
  /** Before a state is entered, after it exits, or on an error. */
  kind: 'before' | 'after' | 'error';
  /** The state (`before`/`after`); for `error`, null or the state it is narrowed to. */
  stateName: string | null;
  /** `error` only: handled by the state's Retry/Catch, not, or both. */
  errorHandling: 'caught' | 'uncaught' | 'any' | null;
  /** `error` only: the error names (null: every error). */
  errorEquals: string[] | null;
  conditionLanguage: 'JSONPath' | 'JSONata' | null;
  conditionText: string | null;
  hitOp: '==' | '>=' | '%' | null;
  hitValue: number | null;
  mapIterationIndex: number | null;
  /** Why a row that the schema-4 migration could not read is kept disabled. */
  note: string | null;
  /** Such a row's old stored text, untouched. */
  legacy: string | null;
  createdAt: number;
}

/** A breakpoint row to write: a BreakpointRecord without what the store sets. */
export type NewBreakpointRecord = Omit<BreakpointRecord, 'id' | 'stateMachineId' | 'position' | 'createdAt'>;

/** A recently opened file. */
export interface RecentFileRecord {
  path: string;
  kind: string;
  openedAt: number;
}

/** The row of `executions` joined with its state machine's name. */
export interface ExecutionRow {
  id: number;
  name: string;
  arn: string;
  type: 'STANDARD' | 'EXPRESS';
  status: StoredStatus;
  state_machine_id: number;
  state_machine_name: string;
  definition_id: number | null;
  input: string | null;
  output: string | null;
  error: string | null;
  cause: string | null;
  start_date: number | null;
  stop_date: number | null;
  seed: number | null;
  mock_config_id: number | null;
  test_case: string | null;
  parent_id: number | null;
  parent_event_id: number | null;
  parent_kind: ParentKind | null;
  item_index: number | null;
  batch_first: number | null;
  batch_count: number | null;
  redrive_preserved: string | null;
  origin: 'local' | 'import';
  source: string | null;
  event_count: number;
  created_at: number;
  /** Present when the query counts them: child executions (mapRun/startExecution) stored under it. */
  child_count?: number;
}

/** Maps an executions row to its record. */
export function executionFromRow(r: ExecutionRow): ExecutionRecord {
  return {
    id: r.id,
    name: r.name,
    arn: r.arn,
    type: r.type,
    status: r.status,
    stateMachineId: r.state_machine_id,
    stateMachineName: r.state_machine_name,
    definitionId: r.definition_id,
    input: r.input,
    output: r.output,
    error: r.error,
    cause: r.cause,
    startDate: r.start_date,
    stopDate: r.stop_date,
    seed: r.seed,
    mockConfigId: r.mock_config_id,
    testCase: r.test_case,
    parentId: r.parent_id,
    parentEventId: r.parent_event_id,
    parentKind: r.parent_kind ?? null,
    itemIndex: r.item_index ?? null,
    batch: r.batch_first !== null && r.batch_first !== undefined && r.batch_count !== null && r.batch_count !== undefined ? { first: r.batch_first, count: r.batch_count } : null,
    redrivePreserved: r.redrive_preserved ?? null,
    origin: r.origin,
    source: r.source,
    eventCount: r.event_count,
    createdAt: r.created_at,
    ...(r.child_count !== undefined ? { childCount: r.child_count } : {}),
  };
}
