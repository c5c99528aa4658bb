import type { InputOf, StartOutcome } from '../../common/contract/api';
import { conflict } from '../../common/contract/errors';
import type { TaskOutcome } from '../../common/engine/ports';
import type { BreakpointsApi } from './breakpointsApi';
import type { DebugSessions } from './debugSessions';
import type { Launcher } from './launcher';
import type { ApiMethods } from './serviceContext';

/** The `debug.*` methods of the contract. */
export type DebugMethods = ApiMethods<
  | 'debug.start'
  | 'debug.get'
  | 'debug.find'
  | 'debug.continue'
  | 'debug.pause'
  | 'debug.stepOver'
  | 'debug.stepInto'
  | 'debug.stepOut'
  | 'debug.runToState'
  | 'debug.stop'
  | 'debug.focus'
  | 'debug.editInput'
  | 'debug.setNextTaskResponse'
>;

/** A response set with `debug.setNextTaskResponse`, as the engine's Task outcome. */
function taskResponse(r: InputOf<'debug.setNextTaskResponse'>['response']): TaskOutcome {
  if (r.kind === 'success') return { kind: 'success', output: r.output ?? null };
  const failure: { error?: string; cause?: string } = {};
  if (r.error !== undefined) failure.error = r.error;
  if (r.cause !== undefined) failure.cause = r.cause;
  return { kind: 'failure', failure };
}

/**
 * Debugging: starting a run under the debugger (with the state machine's kept breakpoints unless
 * given), and run control of a debugged execution, each answering its snapshot.
 */
export function createDebugMethods(sessions: DebugSessions, launcher: Launcher, breakpoints: BreakpointsApi): DebugMethods {
  const start = async (input: InputOf<'debug.start'>): Promise<StartOutcome> => {
    const { breakpoints: given, stopOnEntry, ...rest } = input;
    const spec = launcher.prepareStart(rest);
    if ('invalid' in spec) return spec.invalid;
    spec.debug = { breakpoints: given ?? breakpoints.of(spec.stateMachineName), stopOnEntry: stopOnEntry === true };
    return launcher.launch(spec);
  };
  const { control, atStop } = sessions;
  return {
    'debug.start': start,
    'debug.get': async ({ executionId }) => control(executionId, () => undefined),
    'debug.find': async ({ executionId }) => sessions.find(executionId),
    'debug.continue': async ({ executionId }) => control(executionId, (d) => d.continue()),
    'debug.pause': async ({ executionId }) => control(executionId, (d) => d.pause()),
    'debug.stepOver': async ({ executionId }) => control(executionId, (d) => d.stepOver()),
    'debug.stepInto': async ({ executionId }) => control(executionId, (d) => d.stepInto()),
    'debug.stepOut': async ({ executionId }) => control(executionId, (d) => d.stepOut()),
    'debug.runToState': async ({ executionId, stateName }) => control(executionId, (d) => d.runToState(stateName)),
    'debug.stop': async ({ executionId }) => control(executionId, (d) => d.stop()),
    'debug.focus': async ({ executionId, stopId }) => atStop(executionId, stopId, (d) => d.focus(stopId)),
    'debug.editInput': async ({ executionId, stopId, input }) =>
      atStop(executionId, stopId, (d) => {
        if (d.snapshot().context.stops.find((s) => s.id === stopId)?.kind !== 'before') {
          throw conflict(`Stop ${stopId} is not before a state: only the input of a state about to be entered can be edited`, '/stopId');
        }
        d.editInput(stopId, input);
      }),
    'debug.setNextTaskResponse': async ({ executionId, stateName, response, executionArn }) =>
      control(executionId, (d) => d.setNextTaskResponse(stateName, taskResponse(response), executionArn)),
  };
}
