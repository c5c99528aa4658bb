import type { StateType } from '../types';

/**
 * Which fields each part of a definition may carry. AWS rejects any other field with
 * `Field '<name>' is not supported` (located at the object that carries it). The per-type lists
 * follow the Developer Guide's state pages; JSONata/variables fields (Arguments, Output, Assign,
 * Items, QueryLanguage) are listed where AWS accepts them.
 */

/** The eight state types, in the order AWS lists them. */
export const STATE_TYPES: readonly StateType[] = ['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'];

/** Fields every state accepts. */
const COMMON = ['Type', 'Comment', 'QueryLanguage'];

/** Fields accepted by each state type (besides COMMON). */
export const STATE_FIELDS: Readonly<Record<StateType, ReadonlySet<string>>> = {
  Pass: new Set([...COMMON, 'InputPath', 'OutputPath', 'Result', 'ResultPath', 'Parameters', 'Output', 'Assign', 'Next', 'End']),
  Task: new Set([
    ...COMMON,
    'InputPath',
    'OutputPath',
    'ResultPath',
    'Parameters',
    'Arguments',
    'Output',
    'Assign',
    'Resource',
    'Credentials',
    'ResultSelector',
    'Retry',
    'Catch',
    'TimeoutSeconds',
    'TimeoutSecondsPath',
    'HeartbeatSeconds',
    'HeartbeatSecondsPath',
    'Next',
    'End',
  ]),
  Wait: new Set([...COMMON, 'InputPath', 'OutputPath', 'Output', 'Assign', 'Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath', 'Next', 'End']),
  Parallel: new Set([
    ...COMMON,
    'InputPath',
    'OutputPath',
    'ResultPath',
    'Parameters',
    'Arguments',
    'Output',
    'Assign',
    'ResultSelector',
    'Retry',
    'Catch',
    'Branches',
    'Next',
    'End',
  ]),
  Map: new Set([
    ...COMMON,
    'InputPath',
    'OutputPath',
    'ResultPath',
    'Parameters',
    'Output',
    'Assign',
    'ResultSelector',
    'Retry',
    'Catch',
    'ItemProcessor',
    'Iterator',
    'ItemsPath',
    'Items',
    'ItemSelector',
    'ItemReader',
    'ItemBatcher',
    'ResultWriter',
    'MaxConcurrency',
    'MaxConcurrencyPath',
    'ToleratedFailurePercentage',
    'ToleratedFailurePercentagePath',
    'ToleratedFailureCount',
    'ToleratedFailureCountPath',
    'Label',
    'Next',
    'End',
  ]),
  Choice: new Set([...COMMON, 'InputPath', 'OutputPath', 'Output', 'Assign', 'Choices', 'Default']),
  Succeed: new Set([...COMMON, 'InputPath', 'OutputPath', 'Output']),
  Fail: new Set([...COMMON, 'Error', 'Cause', 'ErrorPath', 'CausePath']),
};

/** Fields of the top level of a definition. */
export const ROOT_FIELDS: ReadonlySet<string> = new Set(['Comment', 'StartAt', 'States', 'Version', 'TimeoutSeconds', 'QueryLanguage']);

/** Fields of a Parallel branch. */
export const BRANCH_FIELDS: ReadonlySet<string> = new Set(['Comment', 'StartAt', 'States']);

/** Fields of a Map's ItemProcessor (and of its legacy name, Iterator). */
export const PROCESSOR_FIELDS: ReadonlySet<string> = new Set(['Comment', 'StartAt', 'States', 'ProcessorConfig']);

/** Fields of a Retrier. */
export const RETRIER_FIELDS: ReadonlySet<string> = new Set([
  'ErrorEquals',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'JitterStrategy',
  'Comment',
]);

/** Fields of a Catcher. */
export const CATCHER_FIELDS: ReadonlySet<string> = new Set(['ErrorEquals', 'Next', 'ResultPath', 'Assign', 'Output', 'Comment']);

/**
 * Fields that exist only for JSONPath states. In a JSONata state AWS rejects them with
 * `The QueryLanguage is set to 'JSONata', but field '<name>' is only supported for the 'JSONPath'
 * QueryLanguage` (Developer Guide, "Transforming data with JSONata": JSONata replaces InputPath,
 * Parameters, ResultSelector, ResultPath and OutputPath with Arguments and Output).
 */
export const JSONPATH_ONLY_FIELDS: ReadonlySet<string> = new Set([
  'InputPath',
  'OutputPath',
  'ResultPath',
  'Parameters',
  'ResultSelector',
  'Result',
  'ItemsPath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
  'SecondsPath',
  'TimestampPath',
  'MaxConcurrencyPath',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCountPath',
  'ErrorPath',
  'CausePath',
]);

/** Fields that exist only for JSONata states (rejected in JSONPath states, mirror message). */
export const JSONATA_ONLY_FIELDS: ReadonlySet<string> = new Set(['Arguments', 'Output', 'Items']);

/** The legal values of `QueryLanguage`. */
export const QUERY_LANGUAGES: readonly string[] = ['JSONPath', 'JSONata'];

/** AWS's upper bound for most second counts (TimeoutSeconds, Seconds, IntervalSeconds, ...). */
export const MAX_SECONDS = 99999999;

/** The upper bound of a Retrier's MaxDelaySeconds (Developer Guide: "less than 31622401"). */
export const MAX_DELAY_SECONDS = 31622400;

/** The longest state name AWS accepts (Developer Guide, "Service quotas"). */
export const MAX_STATE_NAME_LENGTH = 80;

/** The longest Map Label AWS accepts. */
export const MAX_LABEL_LENGTH = 40;
