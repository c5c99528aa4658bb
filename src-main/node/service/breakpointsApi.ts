import { toStateMachineArn } from '../../common/arn';
import { notFound } from '../../common/contract/errors';
import type { Breakpoint } from '../../common/debug/breakpoints';
import { readBreakpoints, stateMachineIdOf, writeBreakpoints } from './breakpointStore';
import type { DebugSessions } from './debugSessions';
import type { ApiMethods, ServiceContext } from './serviceContext';

/** The `breakpoints.*` methods, and the breakpoints kept for a state machine (for debugged runs). */
export interface BreakpointsApi {
  methods: ApiMethods<'breakpoints.list' | 'breakpoints.set' | 'breakpoints.remove'>;
  /** The breakpoints kept for a state machine, by name. */
  of(stateMachineName: string): Breakpoint[];
}

/**
 * Breakpoints, kept per state machine in the store; setting them also updates every debugged
 * execution of that machine, or that starts it as a child.
 */
export function createBreakpointsApi(ctx: ServiceContext, sessions: DebugSessions): BreakpointsApi {
  const machineId = (stateMachineName: string) => stateMachineIdOf(ctx.store, stateMachineName, toStateMachineArn(stateMachineName, ctx.arnScope));
  const of = (stateMachineName: string) => readBreakpoints(ctx.store, machineId(stateMachineName));
  const set = (stateMachineName: string, list: readonly Breakpoint[]): Breakpoint[] => {
    writeBreakpoints(ctx.store, machineId(stateMachineName), list);
    for (const d of sessions.all()) {
      if (d.stateMachineName === stateMachineName) d.session.setBreakpoints(list);
      // The machine may be one that the debugged execution starts as a child.
      else d.session.setBreakpoints(list, stateMachineName);
    }
    return of(stateMachineName);
  };
  return {
    methods: {
      'breakpoints.list': async ({ stateMachineName }) => of(stateMachineName),
      'breakpoints.set': async ({ stateMachineName, breakpoints }) => set(stateMachineName, breakpoints),
      'breakpoints.remove': async ({ stateMachineName, id }) => {
        const list = of(stateMachineName);
        if (!list.some((b) => b.id === id)) throw notFound(`State machine "${stateMachineName}" has no breakpoint "${id}"`, '/id');
        return set(stateMachineName, list.filter((b) => b.id !== id));
      },
    },
    of,
  };
}
