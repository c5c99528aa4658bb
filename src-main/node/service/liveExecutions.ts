import type { ExecutionId } from '../../common/contract/api';
import type { DebugSession } from '../../common/debug/debugSession';
import type { TaskTokenBroker } from '../../common/engine/callbacks/taskTokenBroker';
import type { HistoryEvent } from '../../common/history/events';
import type { ExecutionRecording, FinishUpdate } from '../store';
import type { ImportGate } from './importGate';
import type { PushBatcher } from './pushBatcher';

/** One execution the service is running and recording. */
export interface LiveExecution {
  executionId: ExecutionId;
  recording: ExecutionRecording;
  /** Its own broker: task tokens come from the run's seed, so two runs may hold equal tokens. */
  broker: TaskTokenBroker;
  /** Events emitted so far. */
  emitted: number;
  /** Events emitted while an import held the write lock, handed to the recording after it. */
  held: HistoryEvent[];
  /** Set once the recording has been finished (by the run, or by `close`): later events are dropped. */
  finished: boolean;
  /** The debugging session, for a run started under the debugger. */
  debug?: DebugSession;
}

/**
 * The executions the service runs, from the start of their recording until it is finished: where
 * their events go (the recording, or held back during an import; and the push batcher), and how
 * their recording ends.
 */
export interface LiveExecutions {
  /** The running execution `executionId`, if it is one (finished or not). */
  get(executionId: ExecutionId): LiveExecution | undefined;
  /** Starts tracking an execution whose recording has started. */
  add(entry: LiveExecution): void;
  /** Stops tracking an execution (its recording is finished). */
  remove(executionId: ExecutionId): void;
  /** Every tracked execution, oldest first. */
  all(): LiveExecution[];
  /** True while `executionId` runs and its recording is not finished. */
  isRunning(executionId: ExecutionId): boolean;
  /** Events emitted so far by a running execution; undefined for one that is not running. */
  emittedCount(executionId: ExecutionId): number | undefined;
  /** An event of a running execution: recorded (or held during an import) and queued for a push. */
  onEvent(entry: LiveExecution, event: HistoryEvent): void;
  /** Hands events held during an import to their recordings. */
  releaseHeld(): void;
  /** Ends a recording: hands over what an import kept back, and writes the outcome once no import holds the lock. */
  finish(entry: LiveExecution, update: FinishUpdate): Promise<void>;
  /** True while some execution is running and not just waiting for a task token, or stopped in the debugger. */
  busy(): boolean;
}

/** Builds the registry of running executions over the import gate and the push batcher. */
export function createLiveExecutions(gate: ImportGate, pushes: PushBatcher): LiveExecutions {
  const live = new Map<ExecutionId, LiveExecution>();
  const releaseHeld = () => {
    for (const entry of live.values()) {
      if (entry.finished) continue;
      for (const event of entry.held) entry.recording.sink.emit(event);
      entry.held = [];
    }
  };
  return {
    get: (executionId) => live.get(executionId),
    add: (entry) => void live.set(entry.executionId, entry),
    remove: (executionId) => void live.delete(executionId),
    all: () => [...live.values()],
    isRunning: (executionId) => live.get(executionId)?.finished === false,
    emittedCount(executionId) {
      const entry = live.get(executionId);
      return entry && !entry.finished ? entry.emitted : undefined;
    },
    onEvent(entry, event) {
      if (entry.finished) return;
      entry.emitted++;
      if (gate.isHeld()) entry.held.push(event);
      else entry.recording.sink.emit(event);
      pushes.addEvent(entry.executionId, event);
    },
    releaseHeld,
    async finish(entry, update) {
      for (let blocker = gate.blocker(); blocker !== undefined; blocker = gate.blocker()) await blocker;
      if (entry.finished) return;
      releaseHeld();
      entry.finished = true;
      try {
        await entry.recording.finish(update);
      } catch {
        // The writer failed (disk full, database removed): the run is over either way; the store
        // marks the execution INTERRUPTED when it is next opened.
      }
    },
    busy: () => [...live.values()].some((e) => e.broker.pending().length === 0 && e.debug?.snapshot().state !== 'paused'),
  };
}
