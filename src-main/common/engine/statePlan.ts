import type { State, StateMachineDefinition } from '../asl/types';
import type { HistoryEventType } from '../history/events';
import { compilePayloadTemplate, type CompiledTemplate } from './dataflow/payloadTemplate';
import { compileChoiceRules, type CompiledChoiceRules } from './choice/evaluateChoice';

/**
 * What every visit of one state shares, derived once per execution rather than on each visit
 * (a loop or a Map iteration visits the same state thousands of times). The definition does not
 * change while it runs, so the plan is cached per state object in the Execution.
 */
export interface StatePlan {
  /** `<Type>StateEntered`. */
  readonly entered: HistoryEventType;
  /** `<Type>StateExited`; undefined for Fail, which has none. */
  readonly exited: HistoryEventType | undefined;
  /** Parameters (Pass, Task, Parallel), compiled. */
  readonly parameters: CompiledTemplate | undefined;
  /** ItemSelector, or the older Parameters, of a Map, compiled. */
  readonly itemSelector: CompiledTemplate | undefined;
  /** ResultSelector (Task, Parallel, Map), compiled. */
  readonly resultSelector: CompiledTemplate | undefined;
  /** Choices, compiled. */
  readonly choices: CompiledChoiceRules | undefined;
  /** True when the state's QueryLanguage (its own, or the state machine's) is JSONata. */
  readonly jsonata: boolean;
  /** A JSONPath state's Assign, compiled as a payload template. */
  readonly assign: CompiledTemplate | undefined;
  /**
   * True for the states whose body runs only our own data-flow code (Pass, Choice, Wait, Succeed):
   * when such a state outputs the very value it was given, the output's JSON text is the input's,
   * so it is not serialised again. (Task, Parallel and Map hand values to a TaskInvoker, which
   * could modify them.)
   */
  readonly ownCodeOnly: boolean;
}

/** The plan of `state`: its event types and its data-flow fields compiled (see StatePlan). */
export function createStatePlan(state: State, defaultLanguage: StateMachineDefinition['QueryLanguage']): StatePlan {
  const parameters = 'Parameters' in state && state.Type !== 'Map' ? state.Parameters : undefined;
  const itemSelector = state.Type === 'Map' ? (state.ItemSelector ?? state.Parameters) : undefined;
  const resultSelector = 'ResultSelector' in state ? state.ResultSelector : undefined;
  const t = state.Type;
  return {
    entered: ENTERED[t],
    exited: t === 'Fail' ? undefined : EXITED[t],
    parameters: parameters !== undefined ? compilePayloadTemplate(parameters, 'Parameters') : undefined,
    itemSelector:
      itemSelector !== undefined
        ? compilePayloadTemplate(itemSelector, state.Type === 'Map' && state.ItemSelector !== undefined ? 'ItemSelector' : 'Parameters')
        : undefined,
    resultSelector: resultSelector !== undefined ? compilePayloadTemplate(resultSelector, 'ResultSelector') : undefined,
    choices: t === 'Choice' ? compileChoiceRules(state.Choices) : undefined,
    jsonata: (state.QueryLanguage ?? defaultLanguage) === 'JSONata',
    assign: 'Assign' in state && state.Assign !== undefined ? compilePayloadTemplate(state.Assign, 'Assign') : undefined,
    ownCodeOnly: t === 'Pass' || t === 'Choice' || t === 'Wait' || t === 'Succeed',
  };
}

/** The `<Type>StateAborted` event of the states that can be aborted while they run. */
export const ABORTABLE: Partial<Record<State['Type'], HistoryEventType>> = {
  Task: 'TaskStateAborted',
  Wait: 'WaitStateAborted',
  Parallel: 'ParallelStateAborted',
  Map: 'MapStateAborted',
};

const ENTERED: Record<State['Type'], HistoryEventType> = {
  Pass: 'PassStateEntered',
  Task: 'TaskStateEntered',
  Choice: 'ChoiceStateEntered',
  Wait: 'WaitStateEntered',
  Succeed: 'SucceedStateEntered',
  Fail: 'FailStateEntered',
  Parallel: 'ParallelStateEntered',
  Map: 'MapStateEntered',
};

const EXITED: Record<Exclude<State['Type'], 'Fail'>, HistoryEventType> = {
  Pass: 'PassStateExited',
  Task: 'TaskStateExited',
  Choice: 'ChoiceStateExited',
  Wait: 'WaitStateExited',
  Succeed: 'SucceedStateExited',
  Parallel: 'ParallelStateExited',
  Map: 'MapStateExited',
};
