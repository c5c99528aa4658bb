import type { ExecutionStatus, SFNClient } from '@aws-sdk/client-sfn';
import { parseStatesArn } from '../../common/arn';
import { assembleImport, classifyImportDocument, type ImportDocument, type ImportedExecution } from '../../common/history/historyImport';
import type { Json } from '../../common/json';

/**
 * Fetches executions from AWS Step Functions (or any endpoint that speaks its API) with the AWS SDK
 * for JavaScript v3 and its default credential chain (environment, shared config and credentials
 * files, SSO, process credentials): Stepscope never reads or stores credentials itself. What it
 * fetches — every page of GetExecutionHistory, DescribeExecution, and the definition the execution
 * ran with (DescribeStateMachineForExecution) — goes through the same import path as
 * `stepscope import` of the files the AWS CLI writes (common/history/historyImport).
 */

/** Where to fetch from. */
export interface PullTarget {
  /** Region; default the ARN's. */
  region?: string;
  /** A named profile of the shared config files. */
  profile?: string;
  /** Another endpoint (a local one, for tests). */
  endpointUrl?: string;
}

/** Something that went wrong, said in one line, with its kind for the caller's exit code. */
export class PullError extends Error {
  constructor(
    readonly kind: 'credentials' | 'access' | 'throttled' | 'notFound' | 'network' | 'invalid' | 'other',
    message: string,
  ) {
    super(message);
    this.name = 'PullError';
  }
}

/** An SDK error in one clear line. */
export function describePullError(error: unknown, what: string, target: PullTarget): PullError {
  const e = error as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const name = e.name ?? '';
  const message = (e.message ?? String(error)).split('\n')[0];
  if (name === 'CredentialsProviderError' || /Could not load credentials|credential/i.test(name)) {
    return new PullError(
      'credentials',
      `No AWS credentials found${target.profile !== undefined ? ` for profile "${target.profile}"` : ''}: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, run "aws configure" or "aws sso login", or pass --profile (${message})`,
    );
  }
  if (['AccessDeniedException', 'UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException', 'ExpiredToken', 'InvalidClientTokenId', 'MissingAuthenticationTokenException'].includes(name)) {
    return new PullError('access', `Access denied while reading ${what} (${name}): ${message}`);
  }
  if (name === 'ThrottlingException' || name === 'TooManyRequestsException' || e.$metadata?.httpStatusCode === 429) {
    return new PullError('throttled', `AWS kept throttling the requests for ${what} after the SDK's retries (${name}): try again in a moment`);
  }
  if (['ExecutionDoesNotExist', 'StateMachineDoesNotExist', 'ResourceNotFound', 'ResourceNotFoundException'].includes(name)) {
    return new PullError('notFound', `Not found: ${what} (${name}${message !== '' ? `: ${message}` : ''})`);
  }
  if (name === 'InvalidArn' || name === 'ValidationException' || name === 'StateMachineTypeNotSupported') {
    return new PullError('invalid', `${what}: ${name}: ${message}`);
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'].includes(e.code ?? name) || name === 'TimeoutError') {
    return new PullError('network', `Could not reach ${target.endpointUrl ?? 'AWS Step Functions'} (${e.code ?? name}): ${message}`);
  }
  return new PullError('other', `Reading ${what} failed (${name || 'error'}): ${message}`);
}

/** The SDK's answer as the API's JSON: Dates become ISO-8601 text with milliseconds, undefined members go. */
function plainJson(value: unknown): Json {
  return JSON.parse(JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? raw.toISOString() : v;
  })) as Json;
}

/**
 * The SDK, loaded when first needed (the CLI bundle leaves it in node_modules). Its notice that
 * releases after January 2027 need Node 22 is left out of Stepscope's output (eight lines before
 * every one-line answer) unless AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED says otherwise.
 */
const sdk = () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return import('@aws-sdk/client-sfn');
};

/** A client for `arn`'s region (unless another is given). Retries (throttling included) are the SDK's, as configured for it (AWS_MAX_ATTEMPTS, max_attempts, retry_mode). */
export async function createPullClient(arn: string, target: PullTarget): Promise<SFNClient> {
  const { SFNClient } = await sdk();
  const region = target.region ?? (parseStatesArn(arn).region || undefined);
  return new SFNClient({
    ...(region !== undefined ? { region } : {}),
    ...(target.profile !== undefined ? { profile: target.profile } : {}),
    ...(target.endpointUrl !== undefined ? { endpoint: target.endpointUrl } : {}),
  });
}

/** What one pulled execution is: ready to store (through ExecutionStore.importExecutions). */
export interface PulledExecution {
  execution: ImportedExecution;
  /** The API's own answers, for callers that compare (tests). */
  events: Json[];
}

/**
 * Fetches one execution: every page of its history (1000 events a page; `onProgress` after each),
 * its description and the definition it ran with, assembled by the import path.
 */
export async function pullExecution(client: SFNClient, executionArn: string, target: PullTarget, onProgress?: (events: number) => void): Promise<PulledExecution> {
  const { DescribeExecutionCommand, DescribeStateMachineForExecutionCommand, GetExecutionHistoryCommand } = await sdk();
  const what = `execution ${executionArn}`;
  const call = async <T>(send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (error) {
      throw describePullError(error, what, target);
    }
  };
  const described = await call(() => client.send(new DescribeExecutionCommand({ executionArn })));
  const machine = await call(() => client.send(new DescribeStateMachineForExecutionCommand({ executionArn })));
  const events: Json[] = [];
  let nextToken: string | undefined;
  do {
    const page = await call(() => client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, includeExecutionData: true, ...(nextToken !== undefined ? { nextToken } : {}) })));
    for (const event of page.events ?? []) events.push(plainJson(event));
    nextToken = page.nextToken;
    onProgress?.(events.length);
  } while (nextToken !== undefined && nextToken !== '');

  const describe = plainJson(described);
  if (describe !== null && typeof describe === 'object' && !Array.isArray(describe)) delete describe.$metadata;
  const definition = plainJson(machine);
  if (definition !== null && typeof definition === 'object' && !Array.isArray(definition)) {
    delete definition.$metadata;
    if (parseStatesArn(executionArn).resourceType === 'express') definition.type = 'EXPRESS';
  }
  const documents: ImportDocument[] = [];
  const problems: string[] = [];
  for (const [source, value] of [
    [`GetExecutionHistory ${executionArn}`, { events }],
    [`DescribeExecution ${executionArn}`, describe],
    [`DescribeStateMachineForExecution ${executionArn}`, definition],
  ] as [string, Json][]) {
    const classified = classifyImportDocument(value, source, JSON.stringify(value));
    if (classified.ok) documents.push(classified.value);
    else problems.push(...classified.problems.map((p) => `${p.source}: ${p.message}`));
  }
  if (problems.length === 0) {
    const assembled = assembleImport(documents);
    if (assembled.ok) return { execution: assembled.value, events };
    problems.push(...assembled.problems.map((p) => `${p.source}: ${p.message}`));
  }
  throw new PullError('invalid', `What AWS answered for ${what} cannot be imported: ${problems.join('; ')}`);
}

/** A state machine's executions, newest first (AWS's order): at most `limit`, with `status` only. */
export async function listExecutionArns(client: SFNClient, stateMachineArn: string, target: PullTarget, options: { status?: ExecutionStatus; limit: number }): Promise<string[]> {
  const { ListExecutionsCommand } = await sdk();
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    let page;
    try {
      page = await client.send(
        new ListExecutionsCommand({
          stateMachineArn,
          maxResults: Math.min(1000, options.limit - arns.length),
          ...(options.status !== undefined ? { statusFilter: options.status } : {}),
          ...(nextToken !== undefined ? { nextToken } : {}),
        }),
      );
    } catch (error) {
      throw describePullError(error, `state machine ${stateMachineArn}`, target);
    }
    for (const e of page.executions ?? []) if (e.executionArn !== undefined && arns.length < options.limit) arns.push(e.executionArn);
    nextToken = page.nextToken;
  } while (nextToken !== undefined && nextToken !== '' && arns.length < options.limit);
  return arns;
}

/** A Map Run child pulled with its parent: where it hangs (ExecutionStore.importExecutions' links). */
export interface PulledChildLink {
  /** The parent's index in the pulled list. */
  parentIndex: number;
  /** The parent's MapRunStarted (or, after a redrive, latest MapRunRedriven) event of the Map Run. */
  parentEventId: number;
  mapRunArn: string;
}

/** What `pullMapRunChildren` fetched. */
export interface PulledChildren {
  /** Parents first (as given), then each child after its parent; `links[i]` says where execution i hangs. */
  executions: PulledExecution[];
  links: (PulledChildLink | undefined)[];
  /** Children the Map Runs listed, pulled or not. */
  listed: number;
  /** Express children: AWS keeps no history for them (see `stepscope import-logs`). */
  skippedExpress: number;
  /** Whether the cap stopped the pull before every listed child was fetched. */
  capped: boolean;
}

/** The Map Runs a history starts, each with the event its children are linked to (the latest MapRunStarted/MapRunRedriven of its ARN, as local runs link them). */
function mapRunsOfHistory(events: readonly Json[]): Map<string, number> {
  const runs = new Map<string, number>();
  for (const event of events) {
    if (event === null || typeof event !== 'object' || Array.isArray(event)) continue;
    const details = event.type === 'MapRunStarted' ? event.mapRunStartedEventDetails : event.type === 'MapRunRedriven' ? event.mapRunRedrivenEventDetails : undefined;
    const arn = details !== null && typeof details === 'object' && !Array.isArray(details) ? details?.mapRunArn : undefined;
    if (typeof arn === 'string' && typeof event.id === 'number') runs.set(arn, event.id);
  }
  return runs;
}

/**
 * Pulls the child executions of the Distributed Map runs of `parents` (and of those children's own
 * Map Runs, breadth first), at most `max` in all: each Map Run's children are listed
 * (ListExecutions with its mapRunArn, every page), oldest first, then pulled as executions are.
 * `onProgress(done, total)` after each child; `total` grows as Map Runs are listed.
 */
export async function pullMapRunChildren(
  client: SFNClient,
  parents: readonly PulledExecution[],
  target: PullTarget,
  options: { max: number; onProgress?: (done: number, total: number) => void },
): Promise<PulledChildren> {
  const { ListExecutionsCommand } = await sdk();
  const executions = [...parents];
  const links: (PulledChildLink | undefined)[] = parents.map(() => undefined);
  let listed = 0;
  let pulled = 0;
  let skippedExpress = 0;
  let capped = false;
  for (let index = 0; index < executions.length && !capped; index++) {
    for (const [mapRunArn, parentEventId] of mapRunsOfHistory(executions[index].events)) {
      const arns: string[] = [];
      let nextToken: string | undefined;
      do {
        let page;
        try {
          page = await client.send(new ListExecutionsCommand({ mapRunArn, maxResults: 1000, ...(nextToken !== undefined ? { nextToken } : {}) }));
        } catch (error) {
          throw describePullError(error, `Map Run ${mapRunArn}`, target);
        }
        for (const e of page.executions ?? []) if (e.executionArn !== undefined) arns.push(e.executionArn);
        nextToken = page.nextToken;
      } while (nextToken !== undefined && nextToken !== '');
      listed += arns.length;
      // AWS lists newest first; stored oldest first, as a local run records them.
      for (const arn of arns.reverse()) {
        if (parseStatesArn(arn).resourceType === 'express') {
          skippedExpress++;
          continue;
        }
        if (pulled >= options.max) {
          capped = true;
          break;
        }
        executions.push(await pullExecution(client, arn, target));
        links.push({ parentIndex: index, parentEventId, mapRunArn });
        pulled++;
        options.onProgress?.(pulled, Math.min(options.max, listed - skippedExpress));
      }
      if (capped) break;
    }
  }
  return { executions, links, listed, skippedExpress, capped };
}
