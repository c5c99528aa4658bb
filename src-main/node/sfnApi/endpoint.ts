import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_ARN_SCOPE, type ArnScope } from '../../common/arn';
import type { JsonObject } from '../../common/json';
import type { StepscopeService } from '../service';
import type { ExecutionStore } from '../store';
import { aliasActions } from './aliases';
import { createSfnContext, type Body, type EndpointMocks } from './context';
import { SfnError, sfnError } from './errors';
import { executionActions } from './executions';
import { mapRunActions } from './mapRuns';
import { SfnRegistry } from './registry';
import { stateMachineActions } from './stateMachines';
import { taskActions } from './tasks';
import { testStateActions } from './testState';

/** Options of the Step Functions API endpoint. */
export interface SfnEndpointOptions {
  service: StepscopeService;
  /** The service's store (read only here: executions by ARN, history pages). */
  store: ExecutionStore;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Region and account of the ARNs it makes; must be the service's (default DEFAULT_ARN_SCOPE). */
  arnScope?: ArnScope;
  /** The MockConfigFile `stateMachineArn#TestCase` picks test cases from. */
  mocks?: EndpointMocks;
  /** Browser origins allowed to call it (exact `scheme://host[:port]`); default none: any request with an Origin is refused. */
  allowOrigins?: readonly string[];
  /** When set, requests must be signed (SigV4 `Authorization`) with this access key id; the signature itself is not checked. */
  accessKeyId?: string;
  /** Largest request body accepted, in bytes. Default 8 MiB. */
  maxBodyBytes?: number;
  /** How long GetActivityTask waits for work (default 60 s, as AWS). */
  activityPollMs?: number;
  /** Wall clock (epoch ms) for creation and update dates. Default Date.now. */
  now?: () => number;
}

/** One HTTP request, as the handler sees it (header names in lower case). */
export interface SfnRequest {
  method: string;
  url: string;
  headers: Record<string, string | undefined>;
  body: string | undefined;
}

/** The handler's answer. */
export interface SfnResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A running endpoint. */
export interface SfnEndpoint {
  /** `http://127.0.0.1:<port>`: the endpoint URL to give SDKs and the AWS CLI. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
const CONTENT_TYPE = 'application/x-amz-json-1.0';
const TARGET_PREFIX = 'AWSStepFunctions.';

type Action = (body: Body) => Promise<JsonObject> | JsonObject;

/** The access key id of a SigV4 Authorization header (`... Credential=<id>/<date>/<region>/states/aws4_request, ...`). */
function accessKeyOf(authorization: string | undefined): string | undefined {
  return authorization === undefined ? undefined : /Credential=([^/,\s]+)\//.exec(authorization)?.[1];
}

/**
 * The endpoint's request handler, without the server (tests call it directly): AWS JSON 1.0
 * (`POST /`, `X-Amz-Target: AWSStepFunctions.<Action>`, a JSON object body) in, the action's JSON
 * or AWS's error shape out. Never throws.
 */
export function createSfnHandler(options: SfnEndpointOptions & { port: number }): { handle(request: SfnRequest): Promise<SfnResponse>; registry: SfnRegistry } {
  const scope = options.arnScope ?? DEFAULT_ARN_SCOPE;
  const registry = new SfnRegistry(scope);
  const now = options.now ?? Date.now;
  const ctx = createSfnContext({
    service: options.service,
    store: options.store,
    registry,
    scope,
    ...(options.mocks !== undefined ? { mocks: options.mocks } : {}),
    ...(options.activityPollMs !== undefined ? { activityPollMs: options.activityPollMs } : {}),
  });
  const actions: Record<string, Action> = {
    ...stateMachineActions(ctx, now),
    ...aliasActions(ctx, now),
    ...executionActions(ctx),
    ...taskActions(ctx, now),
    ...mapRunActions(ctx),
    ...testStateActions(ctx),
  };
  const allowed = new Set(options.allowOrigins ?? []);

  const respond = (status: number, body: JsonObject, extra: Record<string, string> = {}): SfnResponse => ({
    status,
    headers: { 'Content-Type': CONTENT_TYPE, 'x-amzn-RequestId': randomUUID(), ...extra },
    body: JSON.stringify(body),
  });
  const fail = (error: SfnError, extra: Record<string, string> = {}): SfnResponse =>
    respond(error.status, { __type: error.type, message: error.message }, { 'x-amzn-ErrorType': error.type, ...extra });

  const handle = async (request: SfnRequest): Promise<SfnResponse> => {
    const { headers } = request;
    // DNS rebinding: only this machine's loopback names reach it.
    // (`sync-localhost`: StartSyncExecution's host prefix, where a resolver maps *.localhost to loopback.)
    const hosts = [`127.0.0.1:${options.port}`, `localhost:${options.port}`, `sync-localhost:${options.port}`];
    if (headers.host === undefined || !hosts.includes(headers.host.toLowerCase())) {
      return fail(sfnError('AccessDeniedException', `Refused: the Host header must be one of ${hosts.join(', ')}`, 403));
    }
    // Browsers: refused unless their origin is allowed (a page must not drive executions on this machine).
    const origin = headers.origin;
    const cors: Record<string, string> = {};
    if (origin !== undefined) {
      if (!allowed.has(origin)) return fail(sfnError('AccessDeniedException', `Refused: requests from browser origin '${origin}' are not allowed (see --sfn-allow-origin)`, 403));
      cors['Access-Control-Allow-Origin'] = origin;
      cors.Vary = 'Origin';
      cors['Access-Control-Expose-Headers'] = 'x-amzn-RequestId, x-amzn-ErrorType';
    }
    if (request.method === 'OPTIONS') {
      if (origin === undefined) return fail(sfnError('AccessDeniedException', 'Refused: a preflight request needs an Origin', 403));
      return {
        status: 204,
        headers: {
          ...cors,
          'Access-Control-Allow-Methods': 'POST',
          'Access-Control-Allow-Headers': headers['access-control-request-headers'] ?? 'content-type, x-amz-target, authorization, x-amz-date, x-amz-user-agent, amz-sdk-invocation-id, amz-sdk-request',
          'Access-Control-Max-Age': '600',
        },
        body: '',
      };
    }
    if (request.method !== 'POST' || (request.url !== '/' && !request.url.startsWith('/?'))) {
      return fail(sfnError('UnknownOperationException', `Use POST / with an X-Amz-Target header (got ${request.method} ${request.url})`), cors);
    }
    if (options.accessKeyId !== undefined) {
      const key = accessKeyOf(headers.authorization);
      if (key === undefined) return fail(sfnError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403), cors);
      if (key !== options.accessKeyId) return fail(sfnError('UnrecognizedClientException', 'The security token included in the request is invalid.'), cors);
    }
    const target = headers['x-amz-target'];
    const name = target !== undefined && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
    const action = name !== undefined && Object.prototype.hasOwnProperty.call(actions, name) ? actions[name] : undefined;
    if (action === undefined) return fail(sfnError('UnknownOperationException', target === undefined ? 'Missing X-Amz-Target header' : `Unknown operation: '${target}'`), cors);
    const type = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== CONTENT_TYPE && type !== 'application/x-amz-json-1.1' && type !== 'application/json') {
      return fail(sfnError('SerializationException', `The request body must be JSON (Content-Type: ${CONTENT_TYPE})`), cors);
    }
    if (request.body === undefined) return fail(sfnError('RequestEntityTooLargeException', `The request body is larger than ${options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES} bytes`, 413), cors);
    let body: unknown;
    try {
      body = request.body.trim() === '' ? {} : JSON.parse(request.body);
    } catch {
      return fail(sfnError('SerializationException', 'The request body is not valid JSON'), cors);
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return fail(sfnError('SerializationException', 'The request body must be a JSON object'), cors);
    try {
      return respond(200, await action(body as Body), cors);
    } catch (error) {
      if (error instanceof SfnError) return fail(error, cors);
      return fail(sfnError('InternalFailure', `Internal error in ${name}: ${error instanceof Error ? error.message : String(error)}`, 500), cors);
    }
  };
  return { handle, registry };
}

/** Reads a request body up to `max` bytes; undefined when it is larger. */
function readBody(req: IncomingMessage, max: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Serves the Step Functions API (AWS JSON 1.0) on 127.0.0.1 over the Stepscope service: state
 * machines and activities live in the endpoint; every execution it starts goes through the
 * service (`debug.start`: recorded in the store, pushed to the app, stopping at the state
 * machine's breakpoints).
 */
export async function startSfnEndpoint(options: SfnEndpointOptions): Promise<SfnEndpoint> {
  const max = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let handler: ReturnType<typeof createSfnHandler> | undefined;
  const server = createServer((req, res) => {
    void (async () => {
      const body = req.method === 'POST' ? await readBody(req, max) : '';
      const headers: Record<string, string | undefined> = {};
      for (const [key, value] of Object.entries(req.headers)) headers[key] = Array.isArray(value) ? value.join(', ') : value;
      const answer = await handler!.handle({ method: req.method ?? 'GET', url: req.url ?? '/', headers, body });
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': CONTENT_TYPE });
      res.end(JSON.stringify({ __type: 'InternalFailure', message: 'Internal error' }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  handler = createSfnHandler({ ...options, port });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
