import type { RunOptions, ChildRunResult } from '../run';
import type { Scheduler } from '../scheduler';
import { createObjectStore, type ObjectStore } from '../itemReader/objectStore';
import { createTaskTokenBroker, type TaskTokenBroker } from '../callbacks/taskTokenBroker';

/**
 * What one execution shares with the executions it starts (Distributed Map children,
 * `states:startExecution` children): the S3 store, the task-token broker, and where their
 * results go. The interpreter owns the Execution; this is the part that links runs together.
 */
export interface LinkedRuns {
  /** The S3 objects the run reads and writes (shared with its children). */
  readonly store: ObjectStore;
  /** Children that finished, in the order they finished. */
  readonly children: ChildRunResult[];
  /** Children started without waiting for them (plain startExecution): awaited before the run returns. */
  readonly background: Promise<unknown>[];
  /** The broker of `RunOptions.taskTokens`, inherited by children. */
  readonly broker: TaskTokenBroker | undefined;
  /** True on the virtual clock. */
  readonly virtual: boolean;
  /** 0 for the run itself, 1 for its children, 2 for theirs… (RunOptions.onChildFinished). */
  readonly depth: number;
  /** A broker for callbacks between executions of this run when none was given (created on first use). */
  internalBroker(): TaskTokenBroker;
}

/** What a child execution inherits from its parent. */
export interface InheritedRun {
  readonly scheduler: Scheduler;
  readonly invocationCounts: Map<string, number>;
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly parent: LinkedRuns;
}

/** The links of a new execution: its parent's store and brokers, or new ones from `options`. */
export function createLinkedRuns(options: RunOptions, inherited: InheritedRun | undefined, virtual: boolean, startMs: number): LinkedRuns {
  const parent = inherited?.parent;
  let internal: TaskTokenBroker | undefined;
  return {
    store: parent?.store ?? createObjectStore(options.s3Objects ?? [], startMs, options.s3Source),
    children: [],
    background: [],
    broker: parent ? parent.broker : options.taskTokens,
    virtual: parent ? parent.virtual : virtual,
    depth: parent ? parent.depth + 1 : 0,
    internalBroker: () => (parent ? parent.internalBroker() : (internal ??= createTaskTokenBroker({ whenIdle: 'time-out' }))),
  };
}
