import type { Json, JsonObject } from '../json';

/**
 * Amazon States Language definition types. Field names are AWS's, verbatim. Built from the
 * spec's field groups; `State` is a discriminated union on `Type`. These describe a definition
 * that passed validation: the interpreter may rely on them.
 */

/** `JSONPath` (default) or `JSONata`. */
export type QueryLanguage = 'JSONPath' | 'JSONata';

/** A whole state machine (or a Parallel branch / Map item processor, which share its shape). */
export interface StateMachineDefinition {
  Comment?: string;
  StartAt: string;
  States: Record<string, State>;
  Version?: string;
  TimeoutSeconds?: number;
  QueryLanguage?: QueryLanguage;
}

/** Fields every state may have. */
export interface CommonFields {
  Comment?: string;
  QueryLanguage?: QueryLanguage;
}

/** A state's successor: exactly one of `Next` or `End: true`. */
export interface Transition {
  Next?: string;
  End?: boolean;
}

/** JSONPath input/output processing. `null` for InputPath/OutputPath means "{}" / discard. */
export interface InputOutputPaths {
  InputPath?: string | null;
  OutputPath?: string | null;
}

/** JSONata/variables fields (issue: modern ASL). */
export interface ModernFields {
  Assign?: JsonObject;
  Output?: Json;
}

/** A Retry rule. */
export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
  Comment?: string;
}

/** A Catch rule. */
export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
  Assign?: JsonObject;
  Output?: Json;
  Comment?: string;
}

/** Retry/Catch, for Task, Parallel and Map. */
export interface ErrorHandling {
  Retry?: Retrier[];
  Catch?: Catcher[];
}

export interface PassState extends CommonFields, Transition, InputOutputPaths, ModernFields {
  Type: 'Pass';
  Parameters?: Json;
  Result?: Json;
  ResultPath?: string | null;
}

export interface TaskState extends CommonFields, Transition, InputOutputPaths, ModernFields, ErrorHandling {
  Type: 'Task';
  Resource: string;
  Parameters?: Json;
  Arguments?: Json;
  ResultSelector?: Json;
  ResultPath?: string | null;
  TimeoutSeconds?: number | string;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number | string;
  HeartbeatSecondsPath?: string;
  Credentials?: JsonObject;
}

/** A Choice rule: either a boolean combination or a comparison (JSONPath), or a JSONata Condition. */
export interface ChoiceRule {
  Variable?: string;
  And?: ChoiceRule[];
  Or?: ChoiceRule[];
  Not?: ChoiceRule;
  Next?: string;
  Condition?: string | boolean;
  Assign?: JsonObject;
  Output?: Json;
  Comment?: string;
  [operator: string]: Json | ChoiceRule | ChoiceRule[] | undefined;
}

export interface ChoiceState extends CommonFields, InputOutputPaths, ModernFields {
  Type: 'Choice';
  Choices: ChoiceRule[];
  Default?: string;
}

export interface WaitState extends CommonFields, Transition, InputOutputPaths, ModernFields {
  Type: 'Wait';
  Seconds?: number | string;
  Timestamp?: string;
  SecondsPath?: string;
  TimestampPath?: string;
}

export interface SucceedState extends CommonFields, InputOutputPaths, ModernFields {
  Type: 'Succeed';
}

export interface FailState extends CommonFields {
  Type: 'Fail';
  Error?: string;
  Cause?: string;
  ErrorPath?: string;
  CausePath?: string;
}

export interface ParallelState extends CommonFields, Transition, InputOutputPaths, ModernFields, ErrorHandling {
  Type: 'Parallel';
  Branches: StateMachineDefinition[];
  Parameters?: Json;
  Arguments?: Json;
  ResultSelector?: Json;
  ResultPath?: string | null;
}

/** Map's item processor: a state machine with a processor configuration. */
export interface ItemProcessor extends StateMachineDefinition {
  ProcessorConfig?: {
    Mode?: 'INLINE' | 'DISTRIBUTED';
    ExecutionType?: 'STANDARD' | 'EXPRESS';
  };
}

export interface MapState extends CommonFields, Transition, InputOutputPaths, ModernFields, ErrorHandling {
  Type: 'Map';
  /** Current name of the processor. */
  ItemProcessor?: ItemProcessor;
  /** Legacy name of the processor. */
  Iterator?: ItemProcessor;
  ItemsPath?: string;
  Items?: Json;
  ItemSelector?: Json;
  /** Legacy name of ItemSelector. */
  Parameters?: Json;
  ResultSelector?: Json;
  ResultPath?: string | null;
  MaxConcurrency?: number | string;
  MaxConcurrencyPath?: string;
  ItemReader?: JsonObject;
  ItemBatcher?: JsonObject;
  ResultWriter?: JsonObject;
  ToleratedFailurePercentage?: number | string;
  ToleratedFailurePercentagePath?: string;
  ToleratedFailureCount?: number | string;
  ToleratedFailureCountPath?: string;
  Label?: string;
}

/** Any state. */
export type State = PassState | TaskState | ChoiceState | WaitState | SucceedState | FailState | ParallelState | MapState;

/** The `Type` names. */
export type StateType = State['Type'];
