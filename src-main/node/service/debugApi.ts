import type { ExecutionId, InputOf, StartOutcome } from '../../common/contract/api';
import type { DebugSession } from '../../common/debug/debugSession';
import { conflict } from '../../common/contract/errors';
import type { TaskOutcome } from '../../common/engine/ports';
import { mocksFromAnswers } from '../../common/debug/mocksFromAnswers';
import type { Json } from '../../common/json';
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
  | 'debug.answerTask'
  | 'debug.mocksFromAnswers'
>;

/** A response set with `debug.setNextTaskResponse`, as the engine's Task outcome. */
function taskResponse(r: InputOf<'debug.setNextTaskResponse'>['response'] | InputOf<'debug.answerTask'>['response']): TaskOutcome {
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
    const { breakpoints: given, stopOnEntry, askUnmocked, ...rest } = input;
    const spec = launcher.prepareStart(rest);
    if ('invalid' in spec) return spec.invalid;
    // The debugger asks for the answer of a Task no mock answers, unless told not to.
    spec.debug = { breakpoints: given ?? breakpoints.of(spec.stateMachineName), stopOnEntry: stopOnEntry === true, askUnmocked: askUnmocked ?? true };
    const outcome = await launcher.launch(spec);
    if (outcome.kind === 'started') {
      launched.set(outcome.execution.executionId, { stateMachine: spec.stateMachineName, ...(spec.mocks !== undefined ? { mocks: spec.mocks } : {}) });
    }
    return outcome;
  };
  const { control, atStop } = sessions;
  /** What each debug run started with, by execution name (for mocksFromAnswers). */
  const launched = new Map<ExecutionId, { stateMachine: string; mocks?: { config: Json; testCase: string } }>();
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
    'debug.answerTask': async ({ executionId, stopId, response }) =>
      atStop(executionId, stopId, (d) => {
        if (d.snapshot().context.stops.find((s) => s.id === stopId)?.kind !== 'task') {
          throw conflict(`Stop ${stopId} is not a Task waiting for an answer (reason unmocked-task)`, '/stopId');
        }
        d.answerTask(stopId, taskResponse(response));
      }),
    'debug.mocksFromAnswers': async ({ executionId, testCase }) => {
      let answers: ReturnType<DebugSession['taskAnswers']> = [];
      control(executionId, (d) => {
        answers = d.taskAnswers();
      });
      const started = launched.get(executionId);
      // The debugged execution's own answers: its ARN is that of the first answer outside a child.
      return mocksFromAnswers(answers, {
        stateMachine: started?.stateMachine ?? 'StateMachine',
        testCase: testCase ?? started?.mocks?.testCase ?? 'FromDebugSession',
        ...(started?.mocks !== undefined ? { base: started.mocks.config } : {}),
      });
    },
    'debug.setNextTaskResponse': async ({ executionId, stateName, response, executionArn }) =>
      control(executionId, (d) => d.setNextTaskResponse(stateName, taskResponse(response), executionArn)),
  };
}
