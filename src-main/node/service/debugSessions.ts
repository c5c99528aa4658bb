import type { DebugState, ExecutionId } from '../../common/contract/api';
import { conflict, notFound } from '../../common/contract/errors';
import type { DebugSession } from '../../common/debug/debugSession';
import type { ServiceContext } from './serviceContext';

/** A debugged execution: its session (kept after the run ends, for `debug.get`) and its state machine. */
export interface DebuggedExecution {
  session: DebugSession;
  stateMachineName: string;
}

/** The debugging sessions of the service's executions, and their `debug.changed` pushes. */
export interface DebugSessions {
  /** Keeps a new debugged execution's session and pushes its snapshots as it changes. */
  register(executionId: ExecutionId, session: DebugSession, stateMachineName: string): void;
  /** Every debugged execution, running or not. */
  all(): DebuggedExecution[];
  /** The snapshot of a debugged execution, or null when it is not one. */
  find(executionId: ExecutionId): DebugState | null;
  /** Runs a command on a debugged execution (NOT_FOUND when it is not one) and answers its snapshot. */
  control(executionId: ExecutionId, command: (session: DebugSession) => void): DebugState;
  /** A command that needs the run to be stopped at `stopId` (CONFLICT otherwise). */
  atStop(executionId: ExecutionId, stopId: number, command: (session: DebugSession) => void): DebugState;
  /** Pushes a session's snapshot, coalesced per turn; at a stop, its events are pushed first. */
  pushSoon(executionId: ExecutionId, session: DebugSession): void;
  /** Cancels the pushes not sent yet. */
  dispose(): void;
}

/** Builds the registry of debugging sessions. */
export function createDebugSessions(ctx: ServiceContext): DebugSessions {
  const debugged = new Map<ExecutionId, DebuggedExecution>();
  /** The version of the latest snapshot handed out per debugged execution (see DebugState.version). */
  const versions = new Map<ExecutionId, number>();
  const pushes = new Map<ExecutionId, ReturnType<typeof setTimeout>>();

  const stateOf = (executionId: ExecutionId, session: DebugSession): DebugState => {
    const version = (versions.get(executionId) ?? 0) + 1;
    versions.set(executionId, version);
    return { executionId, snapshot: session.snapshot(), version };
  };
  const pushSoon = (executionId: ExecutionId, session: DebugSession) => {
    if (pushes.has(executionId)) return;
    pushes.set(
      executionId,
      setTimeout(() => {
        pushes.delete(executionId);
        const state = stateOf(executionId, session);
        if (state.snapshot.state === 'paused') ctx.pushes.flush(executionId);
        ctx.pushes.push({ type: 'debug.changed', payload: state });
      }, 0),
    );
  };
  const control = (executionId: ExecutionId, command: (session: DebugSession) => void): DebugState => {
    const d = debugged.get(executionId);
    if (!d) throw notFound(`Execution "${executionId}" is not being debugged`, '/executionId');
    command(d.session);
    return stateOf(executionId, d.session);
  };

  return {
    register(executionId, session, stateMachineName) {
      debugged.set(executionId, { session, stateMachineName });
      session.subscribe(() => pushSoon(executionId, session));
    },
    all: () => [...debugged.values()],
    find(executionId) {
      const d = debugged.get(executionId);
      return d ? stateOf(executionId, d.session) : null;
    },
    control,
    atStop: (executionId, stopId, command) =>
      control(executionId, (session) => {
        const stop = session.snapshot().context.stops.find((s) => s.id === stopId);
        if (stop === undefined) throw conflict(`The run is not stopped at stop ${stopId} any more`, '/stopId');
        command(session);
      }),
    pushSoon,
    dispose() {
      for (const t of pushes.values()) clearTimeout(t);
      pushes.clear();
    },
  };
}
