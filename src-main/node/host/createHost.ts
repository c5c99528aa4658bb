import { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dispatch } from '../service/dispatch';
import type { ApiErrorCode, ApiResult } from '../../common/contract/errors';
import type { StepscopeService } from '../service';
import { checkRequest, createToken, tokenCookieName } from './requestGuard';
import { findStaticFile, NOT_BUILT_PAGE } from './staticFiles';

/** Options of `createHost`. */
export interface HostOptions {
  service: StepscopeService;
  /** The built renderer (out/renderer). When it has no index.html, a page says how to build it. */
  rendererDir: string;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** The per-launch token. Default: a fresh random one. */
  token?: string;
  /** Seconds between keep-alive comments on the push stream. Default 20. */
  heartbeatSeconds?: number;
}

/** A running browser host. */
export interface Host {
  /** The URL to open, token included: `http://127.0.0.1:<port>/?token=<token>`. */
  url: string;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  port: number;
  token: string;
  /** Stops listening, ends push streams and closes connections. */
  close(): Promise<void>;
}

/**
 * Largest request body accepted: definition and input texts are capped at 4 Mi characters each,
 * but `executions.import` carries whole history files (a 25,000-event history with its data).
 */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The page's policy, the same as the desktop window's (contentSecurityPolicy.ts). */
const CSP = CONTENT_SECURITY_POLICY;

const STATUS_OF: Record<ApiErrorCode, number> = { UNKNOWN_METHOD: 404, INVALID_INPUT: 400, NOT_FOUND: 404, CONFLICT: 409, FORBIDDEN: 403, INTERNAL: 500 };

function baseHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}

function sendJson(res: ServerResponse, status: number, body: ApiResult<unknown>): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, code: ApiErrorCode, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

/** Reads a request body up to `MAX_BODY_BYTES`; undefined when it is larger. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Serves the service and the built renderer on 127.0.0.1 only:
 * - `POST /api/<method>` with a JSON body: the method's `ApiResult` (HTTP status mirrors the error code);
 * - `GET /api/pushes`: the pushes as Server-Sent Events, one `data:` line of JSON per push;
 * - `GET /...`: the renderer's files.
 * Every request passes `checkRequest` (Host, Origin, token). A first page load with `?token=`
 * sets an HttpOnly, SameSite=Strict cookie and redirects to the same path without the token, so
 * the token leaves the address bar and later requests (assets, API, push stream) carry the cookie.
 */
export async function createHost(options: HostOptions): Promise<Host> {
  const token = options.token ?? createToken();
  const heartbeatMs = (options.heartbeatSeconds ?? 20) * 1000;
  const streams = new Set<ServerResponse>();
  let port = 0;

  const handleApi = async (req: IncomingMessage, res: ServerResponse, method: string) => {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return sendError(res, 405, 'FORBIDDEN', `Use POST for /api/${method}`);
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') return sendError(res, 415, 'INVALID_INPUT', 'The request body must be JSON (Content-Type: application/json)');
    const text = await readBody(req);
    if (text === undefined) return sendError(res, 413, 'INVALID_INPUT', `The request body is larger than ${MAX_BODY_BYTES} bytes`);
    let input: unknown;
    try {
      input = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      return sendError(res, 400, 'INVALID_INPUT', 'The request body is not valid JSON');
    }
    const result = await dispatch(options.service, method, input);
    sendJson(res, result.ok ? 200 : STATUS_OF[result.error.code], result);
  };

  const handlePushes = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    res.write('retry: 1000\n: connected\n\n');
    streams.add(res);
    const unsubscribe = options.service.subscribe((push) => {
      res.write(`data: ${JSON.stringify(push)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), heartbeatMs);
    heartbeat.unref();
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    };
    req.on('close', end);
    res.on('close', end);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    baseHeaders(res);
    const url = req.url ?? '/';
    const verdict = checkRequest(
      {
        method: req.method ?? 'GET',
        url,
        host: req.headers.host,
        origin: req.headers.origin,
        authorization: req.headers.authorization,
        cookie: req.headers.cookie,
      },
      port,
      token,
    );
    if (verdict.kind === 'refuse') return sendError(res, verdict.status, 'FORBIDDEN', verdict.message);

    const parsed = new URL(url, `http://127.0.0.1:${port}`);
    const pathname = parsed.pathname;
    if (pathname === '/api/pushes') {
      if (req.method !== 'GET') return sendError(res, 405, 'FORBIDDEN', 'Use GET for /api/pushes');
      return handlePushes(req, res);
    }
    if (pathname.startsWith('/api/')) return handleApi(req, res, pathname.slice('/api/'.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendError(res, 405, 'FORBIDDEN', `${req.method} is not allowed here`);
    }
    if (verdict.viaQuery) {
      parsed.searchParams.delete('token');
      res.setHeader('Set-Cookie', `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      res.writeHead(303, { Location: `${parsed.pathname}${parsed.search}` });
      return res.end();
    }
    const file = findStaticFile(options.rendererDir, pathname);
    if (!file) {
      if (pathname === '/') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': CSP });
        return res.end(NOT_BUILT_PAGE);
      }
      return sendError(res, 404, 'NOT_FOUND', `Not found: ${pathname}`);
    }
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Security-Policy': CSP });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', `Internal error: ${error instanceof Error ? error.message : String(error)}`);
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
