/**
 * Step Functions ARNs, built and read in one place. Local runs and imports that carry no ARN of
 * their own get ARNs in a fixed region and account (settable, with the defaults below), written
 * exactly as AWS writes them (Developer Guide, "Amazon Resource Names for Step Functions"):
 *
 *   arn:aws:states:<region>:<account>:stateMachine:<machine>
 *   arn:aws:states:<region>:<account>:execution:<machine>:<name>   (express: for an EXPRESS machine)
 *   arn:aws:states:<region>:<account>:mapRun:<machine>/<label>:<run id>
 *   arn:aws:states:<region>:<account>:activity:<name>
 */

/** The region of ARNs Stepscope makes up (local runs, imports without an ARN). */
export const DEFAULT_REGION = 'us-east-1';
/** The account of ARNs Stepscope makes up. */
export const DEFAULT_ACCOUNT = '111111111111';

/** Where made-up ARNs live: a region and an account. */
export interface ArnScope {
  region: string;
  account: string;
}

/** The scope of every ARN Stepscope makes up unless told otherwise. */
export const DEFAULT_ARN_SCOPE: Readonly<ArnScope> = { region: DEFAULT_REGION, account: DEFAULT_ACCOUNT };

const prefix = (scope: ArnScope) => `arn:aws:states:${scope.region}:${scope.account}`;

/** A state machine's ARN. */
export function toStateMachineArn(stateMachineName: string, scope: ArnScope = DEFAULT_ARN_SCOPE): string {
  return `${prefix(scope)}:stateMachine:${stateMachineName}`;
}

/** An execution's ARN; an EXPRESS machine's executions are `express:` ARNs. */
export function toExecutionArn(stateMachineName: string, executionName: string, scope: ArnScope = DEFAULT_ARN_SCOPE, type: 'STANDARD' | 'EXPRESS' = 'STANDARD'): string {
  return `${prefix(scope)}:${type === 'EXPRESS' ? 'express' : 'execution'}:${stateMachineName}:${executionName}`;
}

/** A Map Run's ARN: `machine` is `<state machine>/<Map label>`. */
export function toMapRunArn(machine: string, runId: string, scope: ArnScope = DEFAULT_ARN_SCOPE): string {
  return `${prefix(scope)}:mapRun:${machine}:${runId}`;
}

/** An activity's ARN. */
export function toActivityArn(activityName: string, scope: ArnScope = DEFAULT_ARN_SCOPE): string {
  return `${prefix(scope)}:activity:${activityName}`;
}

/** A Lambda function's ARN (the Task Resource form that names the function itself). */
export function toLambdaFunctionArn(functionName: string, scope: ArnScope = DEFAULT_ARN_SCOPE): string {
  return `arn:aws:lambda:${scope.region}:${scope.account}:function:${functionName}`;
}

/** The parts of an `arn:aws:states:` ARN that Stepscope reads; empty strings where the ARN has none. */
export interface StatesArnParts {
  region: string;
  account: string;
  /** `stateMachine`, `execution`, `express`, `mapRun`, `activity`, ... */
  resourceType: string;
  /** The state machine (for stateMachine, execution, express and mapRun ARNs) or activity name; undefined when the ARN ends before it. */
  resourceName: string | undefined;
  /** Everything after the resource name (an execution's name, a Map Run's id), joined with ':'. */
  rest: string;
}

/** Splits a Step Functions ARN into its parts (never throws; missing parts are empty). */
export function parseStatesArn(arn: string): StatesArnParts {
  const parts = arn.split(':');
  return {
    region: parts[3] ?? '',
    account: parts[4] ?? '',
    resourceType: parts[5] ?? '',
    resourceName: parts[6],
    rest: parts.slice(7).join(':'),
  };
}

/**
 * The ARN of another service's resource, for values Stepscope makes up (a template's Lambda
 * function, table or topic whose real ARN only a deployment knows): `arn:aws:<service>:<region>:<account>:<resource>`,
 * except that S3 ARNs carry neither region nor account and IAM ARNs no region, as AWS writes them.
 */
export function toServiceArn(service: string, resource: string, scope: ArnScope = DEFAULT_ARN_SCOPE): string {
  if (service === 's3') return `arn:aws:s3:::${resource}`;
  if (service === 'iam') return `arn:aws:iam::${scope.account}:${resource}`;
  return `arn:aws:${service}:${scope.region}:${scope.account}:${resource}`;
}
