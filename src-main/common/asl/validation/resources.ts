import type { PathSegment } from './pointer';
import type { Reporter } from './reporter';

/**
 * A Task state's `Resource`, checked as CreateStateMachine checks it.
 *
 * Sources (Developer Guide):
 * - "Discover service integration patterns" (connect-to-resource): a Resource is an ARN; optimized
 *   integrations are `arn:aws:states:::<service>:<api>` with an optional `.sync`, `.sync:2` or
 *   `.waitForTaskToken` suffix choosing the integration pattern; Lambda's legacy form names the
 *   function's own ARN.
 * - "Integrating optimized services" (integrate-optimized / connect-supported-services): which
 *   patterns each optimized service supports; AWS SDK integrations (`aws-sdk:<service>:<api>`)
 *   support Request Response and Wait for Callback, never Run a Job (.sync); Express workflows
 *   support Request Response only.
 * - Each service's page (connect-lambda, connect-ddb, connect-sqs, connect-sns, connect-eventbridge,
 *   connect-stepfunctions, connect-batch, connect-ecs, connect-glue, connect-api-gateway,
 *   connect-athena, connect-codebuild, connect-databrew, call-https-apis): the optimized APIs of
 *   that service, and for Athena and CodeBuild which of them support `.sync`.
 *
 * AWS's wording for a Resource it does not know (an unknown optimized API such as
 * `arn:aws:states:::dynamodb:query`, a pattern the integration lacks, a malformed ARN) is
 * `The resource provided <arn> is not recognized. The value is not a valid resource ARN, or the
 * resource is not available in this region.` (SCHEMA_VALIDATION_FAILED, at the Resource); the
 * Express-only messages are recorded in conformance/aws-recorded/validation.
 *
 * Services whose API list was not verified against their page (SageMaker, EMR, EMR on EKS, EMR
 * Serverless, EKS, Bedrock, MediaConvert) are checked for their patterns only, never for the API
 * name, so nothing AWS accepts is refused here.
 */

/** An integration pattern, as written after the API name. */
type Pattern = '' | 'sync' | 'sync:2' | 'waitForTaskToken';

interface ServiceRule {
  /** Patterns the service supports (Request Response, `''`, always). */
  patterns: readonly Pattern[];
  /** Optimized APIs of the service with, per API, the patterns it supports when fewer than the service's. */
  apis?: Readonly<Record<string, readonly Pattern[] | true>>;
}

const RR: readonly Pattern[] = [''];
const RR_SYNC: readonly Pattern[] = ['', 'sync'];
const RR_WAIT: readonly Pattern[] = ['', 'waitForTaskToken'];
const ALL_BUT_SYNC2: readonly Pattern[] = ['', 'sync', 'waitForTaskToken'];

/** Optimized integrations (connect-supported-services table; per-API lists from each service's page). */
const OPTIMIZED: Readonly<Record<string, ServiceRule>> = {
  lambda: { patterns: RR_WAIT, apis: { invoke: true } },
  // connect-ddb: GetItem, PutItem, UpdateItem, DeleteItem only; other DynamoDB APIs go through aws-sdk.
  dynamodb: { patterns: RR, apis: { getItem: true, putItem: true, updateItem: true, deleteItem: true } },
  sqs: { patterns: RR_WAIT, apis: { sendMessage: true } },
  sns: { patterns: RR_WAIT, apis: { publish: true } },
  events: { patterns: RR_WAIT, apis: { putEvents: true } },
  apigateway: { patterns: RR_WAIT, apis: { invoke: true } },
  // connect-stepfunctions: StartExecution supports .sync, .sync:2 (parsed output) and .waitForTaskToken.
  states: { patterns: ['', 'sync', 'sync:2', 'waitForTaskToken'], apis: { startExecution: true } },
  batch: { patterns: RR_SYNC, apis: { submitJob: true } },
  ecs: { patterns: ALL_BUT_SYNC2, apis: { runTask: true } },
  glue: { patterns: RR_SYNC, apis: { startJobRun: true } },
  databrew: { patterns: RR_SYNC, apis: { startJobRun: true } },
  athena: {
    patterns: RR_SYNC,
    apis: { startQueryExecution: RR_SYNC, stopQueryExecution: RR, getQueryExecution: RR, getQueryResults: RR },
  },
  codebuild: {
    patterns: RR_SYNC,
    apis: {
      startBuild: RR_SYNC,
      stopBuild: RR,
      batchDeleteBuilds: RR,
      batchGetReports: RR,
      startBuildBatch: RR_SYNC,
      stopBuildBatch: RR,
      retryBuildBatch: RR_SYNC,
      deleteBuildBatch: RR,
    },
  },
  // call-https-apis: the HTTP Task is `arn:aws:states:::http:invoke`; it runs no job (.sync).
  http: { patterns: RR_WAIT, apis: { invoke: true } },
  // Pattern support from the connect-supported-services table; API names not checked (see above).
  sagemaker: { patterns: RR_SYNC },
  elasticmapreduce: { patterns: RR_SYNC },
  'emr-containers': { patterns: RR_SYNC },
  'emr-serverless': { patterns: RR_SYNC },
  eks: { patterns: ALL_BUT_SYNC2 },
  bedrock: { patterns: ALL_BUT_SYNC2 },
  mediaconvert: { patterns: RR_SYNC },
};

/**
 * True when the optimized service `service` (`states`, `ecs`, ...) offers the Wait for Callback
 * pattern. `aws-sdk:*` integrations do (integrate-optimized); unknown services do not.
 */
export function serviceSupportsCallback(service: string): boolean {
  if (service.startsWith('aws-sdk:')) return true;
  return OPTIMIZED[service]?.patterns.includes('waitForTaskToken') ?? false;
}

/** Lambda function names: 1-64 letters, digits, hyphens, underscores (Lambda API, FunctionName). */
const LAMBDA_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** A version number, `$LATEST` or an alias name. */
const LAMBDA_QUALIFIER = /^(\$LATEST|[A-Za-z0-9_-]{1,128})$/;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const PARTITION = /^aws(-[a-z]+)*$/;
/** Activity names: 1-80 characters, no whitespace, brackets, wildcards or punctuation AWS forbids (CreateActivity). */
const ACTIVITY_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/]{1,80}$/;
/** `aws-sdk:<service>:<apiAction>`: the service as the SDK names it, in lower case; the action in camelCase. */
const SDK_SERVICE = /^[a-z0-9-]+$/;
const SDK_ACTION = /^[a-z][A-Za-z0-9]*$/;

/** What a Task Resource names, once it is known to be one AWS accepts. */
export type ResourceShape =
  | { kind: 'lambda-function' }
  | { kind: 'activity' }
  | { kind: 'service'; service: string; api: string; pattern: Pattern };

function splitPattern(action: string): { api: string; pattern: Pattern | undefined } {
  const dot = action.indexOf('.');
  if (dot < 0) return { api: action, pattern: '' };
  const suffix = action.slice(dot + 1);
  const pattern = suffix === 'sync' || suffix === 'sync:2' || suffix === 'waitForTaskToken' ? suffix : undefined;
  return { api: action.slice(0, dot), pattern };
}

/**
 * Classifies a Task Resource, or returns undefined when AWS would not recognize it. Pure: the
 * state machine type is checked by the caller.
 */
export function classifyTaskResource(arn: string): ResourceShape | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || !PARTITION.test(parts[1])) return undefined;
  const [, , service, region, account, type] = parts;
  if (service === 'lambda') {
    // arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]
    if (type !== 'function' || !REGION.test(region) || !ACCOUNT.test(account)) return undefined;
    if (parts.length !== 7 && parts.length !== 8) return undefined;
    if (!LAMBDA_NAME.test(parts[6])) return undefined;
    if (parts.length === 8 && !LAMBDA_QUALIFIER.test(parts[7])) return undefined;
    return { kind: 'lambda-function' };
  }
  if (service !== 'states') return undefined;
  if (type === 'activity') {
    // arn:<partition>:states:<region>:<account>:activity:<name>
    if (!REGION.test(region) || !ACCOUNT.test(account) || parts.length !== 7) return undefined;
    return ACTIVITY_NAME.test(parts[6]) ? { kind: 'activity' } : undefined;
  }
  // Service integrations leave the account empty (`:::`). A region there is not documented;
  // LocalStack's ResourceARN parsing (service/resource.py) takes it when present, so it is let through.
  if (account !== '') return undefined;
  if (type === 'aws-sdk') {
    // arn:aws:states:::aws-sdk:<service>:<apiAction>[.waitForTaskToken]
    if (parts.length !== 8 || !SDK_SERVICE.test(parts[6])) return undefined;
    const { api, pattern } = splitPattern(parts[7]);
    if (pattern === undefined || !SDK_ACTION.test(api)) return undefined;
    // AWS SDK integrations: Request Response and Wait for Callback only (integrate-optimized).
    if (pattern !== '' && pattern !== 'waitForTaskToken') return undefined;
    return { kind: 'service', service: `aws-sdk:${parts[6]}`, api, pattern };
  }
  const rule = OPTIMIZED[type];
  if (rule === undefined) return undefined;
  const action = parts.slice(6).join(':');
  const { api, pattern } = splitPattern(action);
  if (pattern === undefined || api === '' || api.includes(':')) return undefined;
  if (!rule.patterns.includes(pattern)) return undefined;
  if (rule.apis !== undefined) {
    const perApi = rule.apis[api];
    if (perApi === undefined) return undefined;
    if (perApi !== true && !perApi.includes(pattern)) return undefined;
  }
  return { kind: 'service', service: type, api, pattern };
}

/** AWS's message for a Resource it does not know. */
export function notRecognizedMessage(arn: string): string {
  return `The resource provided ${arn} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`;
}

/** Checks a Task's Resource string; reports at `path` (the Resource field). */
export function checkTaskResource(
  r: Reporter,
  resource: string,
  path: readonly PathSegment[],
  stateMachineType: 'STANDARD' | 'EXPRESS' | undefined,
): void {
  if (!resource.startsWith('arn:')) {
    r.schema('Value is not a valid resource ARN', { path });
    return;
  }
  const shape = classifyTaskResource(resource);
  if (shape === undefined) {
    r.schema(notRecognizedMessage(resource), { path });
    return;
  }
  if (stateMachineType === 'EXPRESS' && shape.kind === 'activity') {
    // Developer Guide, "Choosing workflow type": Express workflows do not support activities.
    // AWS's wording is not recorded; this is LocalStack's (static_analyser/express_static_analyser.py).
    r.schema('Express state machine does not support Activity ARN', { path });
    return;
  }
  if (stateMachineType === 'EXPRESS' && shape.kind === 'service') {
    // Recorded: validation/test_validate_state_machine_definition_type_express__ILLEGAL_WFTT and
    // validation/test_illegal_callbacks__WAIT_FOR_TASK_TOKEN (the message ends with a space).
    if (shape.pattern === 'waitForTaskToken') {
      r.schema("Express state machine does not support '.waitForTaskToken' service integration ", { path });
    } else if (shape.pattern === 'sync' || shape.pattern === 'sync:2') {
      r.schema("Express state machine does not support '.sync' service integration ", { path });
    }
  }
}
