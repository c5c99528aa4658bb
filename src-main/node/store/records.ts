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
  origin: 'local' | 'import';
  /** The files it was imported from. */
  source: string | null;
  eventCount: number;
  createdAt: number;
}

/** A stored mock config. */
export interface MockConfigRecord {
  id: number;
  sourcePath: string | null;
  content: Json;
  createdAt: number;
}

/** A breakpoint on a state of a state machine. */
export interface BreakpointRecord {
  id: number;
  stateMachineId: number;
  stateName: string;
  kind: 'enter' | 'exit';
  condition: string | null;
  enabled: boolean;
  createdAt: number;
}

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
  origin: 'local' | 'import';
  source: string | null;
  event_count: number;
  created_at: number;
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
    origin: r.origin,
    source: r.source,
    eventCount: r.event_count,
    createdAt: r.created_at,
  };
}
