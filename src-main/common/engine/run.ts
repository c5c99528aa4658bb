import type { Json } from '../json';
import type { StateMachineDefinition } from '../asl/types';
import type { ExecutionStatus, HistoryEvent } from '../history/events';
import type { Clock, EventSink, Random, TaskInvoker } from './ports';

/** Limits AWS enforces; `false` turns one off (benchmarks, Express-style runs). */
export interface Quotas {
  /** Max UTF-8 bytes of a state's input/output or the execution's input/output. AWS: 262,144. */
  payloadBytes: number | false;
  /** Max events in one execution's history. AWS Standard: 25,000. */
  historyEvents: number | false;
}

/** AWS's quotas for a Standard workflow. */
export const AWS_QUOTAS: Quotas = { payloadBytes: 262_144, historyEvents: 25_000 };

/** Everything needed to run one execution. */
export interface RunOptions {
  definition: StateMachineDefinition;
  input: Json;
  /** Answers Task invocations (mocks, local handlers). */
  invoker: TaskInvoker;
  /** Defaults to a virtual clock starting at `startTime`. */
  clock?: Clock;
  /** Epoch ms the virtual clock starts at. Default: 2024-01-01T00:00:00.000Z. */
  startTime?: number;
  /** Seed for States.MathRandom, States.UUID, jitter and task tokens. Default 0. */
  seed?: number;
  /** Overrides the seeded random source. */
  random?: Random;
  executionName?: string;
  stateMachineName?: string;
  /** Defaults to arn:aws:iam::111111111111:role/StepscopeRole. */
  roleArn?: string;
  region?: string;
  account?: string;
  quotas?: Partial<Quotas>;
  /** Receives each event as it is emitted, in addition to the returned list. */
  sink?: EventSink;
  /** When false, events are only sent to `sink` and `RunResult.events` is empty. Default true. */
  collectEvents?: boolean;
}

/** How an execution ended. */
export interface RunResult {
  status: Exclude<ExecutionStatus, 'RUNNING' | 'PENDING_REDRIVE'>;
  output?: Json;
  error?: string;
  cause?: string;
  events: HistoryEvent[];
  startDate: number;
  stopDate: number;
  executionArn: string;
}
