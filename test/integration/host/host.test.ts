import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/node/host';
import { createService, type StepscopeService } from '../../../src-main/node/service';
import { openStore, type ExecutionStore } from '../../../src-main/node/store';

/** Security and behaviour of the browser host, over real HTTP on 127.0.0.1. */
const ROOT = join(__dirname, '../../..');
const EXAMPLES = join(ROOT, 'resources/examples');
const CONFORMANCE = join(ROOT, 'test/fixtures/conformance');

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One raw HTTP request, with full control of Host and Origin (fetch would not allow it). */
function send(host: Host, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, method: options.method ?? 'GET', path: options.path ?? '/', headers: { Host: `127.0.0.1:${host.port}`, ...options.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function callApi(host: Host, method: string, input: unknown, headers: Record<string, string> = {}) {
  return send(host, {
    method: 'POST',
    path: `/api/${method}`,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}`, ...headers },
    body: JSON.stringify(input),
  });
}

let tmp: string;
let host: Host;
let store: ExecutionStore;
let service: StepscopeService;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'stepscope-host-'));
  mkdirSync(join(tmp, 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(tmp, 'renderer', 'index.html'), '<!doctype html><title>Stepscope test page</title>');
  writeFileSync(join(tmp, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmp, 'secret.txt'), 'outside the renderer');
  store = openStore({ path: join(tmp, 'host.db'), writerWorker: false });
  service = createService({ examplesDir: EXAMPLES, store });
  host = await createHost({ service, rendererDir: join(tmp, 'renderer') });
});

afterAll(async () => {
  await host?.close();
  await service?.close();
  await store?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('browser host: token', () => {
  it('listens on 127.0.0.1 and prints a URL carrying a 43-character random token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(host.port).toBeGreaterThan(0);
  });

  it('answers 401 to a page, an asset and an API call without a token', async () => {
    for (const r of [
      await send(host, { path: '/' }),
      await send(host, { path: '/assets/app.js' }),
      await send(host, { method: 'POST', path: '/api/examples.list', headers: { 'Content-Type': 'application/json' }, body: '{}' }),
      await send(host, { path: '/api/pushes' }),
    ]) {
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body)).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Refused: this server needs the token from the URL it printed at launch' } });
    }
  });

  it('answers 403 to a wrong token in the URL, a header or the cookie', async () => {
    const cookie = `stepscope_token_${host.port}=wrong`;
    for (const r of [
      await send(host, { path: '/?token=wrong' }),
      await send(host, { path: '/', headers: { Authorization: 'Bearer wrong' } }),
      await send(host, { path: '/', headers: { Cookie: cookie } }),
      await callApi(host, 'examples.list', {}, { Authorization: 'Bearer wrong' }),
    ]) {
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body).error.message).toBe('Refused: wrong token');
    }
  });

  it('refuses a right cookie when a wrong header comes with it', async () => {
    const r = await callApi(host, 'examples.list', {}, { Authorization: 'Bearer wrong', Cookie: `stepscope_token_${host.port}=${host.token}` });
    expect(r.status).toBe(403);
  });

  it('moves the URL token into an HttpOnly SameSite=Strict cookie and redirects to the clean URL', async () => {
    const first = await send(host, { path: `/?token=${host.token}` });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(first.headers['set-cookie']).toEqual([`stepscope_token_${host.port}=${host.token}; HttpOnly; SameSite=Strict; Path=/`]);
    const page = await send(host, { path: '/', headers: { Cookie: `other=1; stepscope_token_${host.port}=${host.token}` } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Stepscope test page');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });
});

describe('browser host: Host and Origin (DNS rebinding, cross-site requests)', () => {
  it('refuses a foreign Host header even with the right token', async () => {
    for (const hostHeader of ['evil.example', `evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, `0.0.0.0:${host.port}`]) {
      const r = await callApi(host, 'examples.list', {}, { Host: hostHeader });
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body).error.message).toMatch(/^Refused: the Host header must be one of 127\.0\.0\.1:\d+, localhost:\d+$/);
    }
  });

  it('accepts localhost:<port> as Host', async () => {
    expect((await callApi(host, 'examples.list', {}, { Host: `localhost:${host.port}` })).status).toBe(200);
  });

  it('refuses a foreign Origin even with the right token, and accepts its own', async () => {
    for (const origin of ['http://evil.example', `http://127.0.0.1:${host.port + 1}`, 'null', `https://127.0.0.1:${host.port}`]) {
      const r = await callApi(host, 'examples.list', {}, { Origin: origin });
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body).error.message).toBe('Refused: requests from other origins are not allowed');
    }
    expect((await callApi(host, 'examples.list', {}, { Origin: host.origin })).status).toBe(200);
  });
});

describe('browser host: API', () => {
  it('answers a call with its ApiResult', async () => {
    const r = await callApi(host, 'examples.list', {});
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(r.body);
    expect(body.ok).toBe(true);
    expect(body.value.map((e: { id: string }) => e.id)).toContain('order-pipeline');
  });

  it('answers errors as data, with an HTTP status that mirrors the code', async () => {
    const unknown = await callApi(host, 'executions.nuke', {});
    expect([unknown.status, JSON.parse(unknown.body)]).toEqual([404, { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'There is no method "executions.nuke"' } }]);
    const invalid = await callApi(host, 'executions.list', { limit: 0 });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body).error).toEqual({ code: 'INVALID_INPUT', message: 'executions.list: input /limit must be an integer from 1 to 1000, not 0', where: '/limit' });
    const missing = await callApi(host, 'executions.get', { executionId: 'nope' });
    expect(missing.status).toBe(404);
    const notJson = await send(host, { method: 'POST', path: '/api/examples.list', headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' }, body: '{' });
    expect([notJson.status, JSON.parse(notJson.body).error.message]).toEqual([400, 'The request body is not valid JSON']);
    const form = await send(host, { method: 'POST', path: '/api/examples.list', headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    const get = await send(host, { path: '/api/examples.list', headers: { Authorization: `Bearer ${host.token}` } });
    expect(get.status).toBe(405);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00']) {
      const r = await send(host, { path, headers: { Authorization: `Bearer ${host.token}` } });
      expect(r.status).toBe(404);
      expect(r.body).not.toContain('outside the renderer');
    }
  });

  it('streams pushes: an execution started over HTTP arrives as batches, then SUCCEEDED', async () => {
    const events: { id: number }[] = [];
    const statuses: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: host.port, path: '/api/pushes', headers: { Host: `127.0.0.1:${host.port}`, Cookie: `stepscope_token_${host.port}=${host.token}` } },
        (res) => {
          expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
          res.setEncoding('utf8');
          let buffer = '';
          res.on('data', (chunk: string) => {
            buffer += chunk;
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const message = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const data = message.split('\n').find((l) => l.startsWith('data: '));
              if (!data) continue;
              const push = JSON.parse(data.slice(6));
              if (push.type === 'execution.eventsAppended') events.push(...push.payload.events);
              if (push.type === 'execution.statusChanged') {
                statuses.push(push.payload.execution.status);
                if (push.payload.execution.status !== 'RUNNING') {
                  req.destroy();
                  resolve();
                }
              }
            }
          });
          res.on('error', () => undefined);
          // The stream is open: start the execution.
          void (async () => {
            const list = JSON.parse((await callApi(host, 'examples.list', {})).body).value;
            const example = list.find((e: { id: string }) => e.id === 'order-pipeline');
            const started = await callApi(host, 'executions.start', {
              definitionText: example.definitionText,
              input: example.input,
              mocks: { config: example.mockConfig, stateMachine: example.stateMachine, testCase: 'HappyPath' },
            });
            expect(JSON.parse(started.body).value.kind).toBe('started');
          })().catch(reject);
        },
      );
      req.on('error', () => undefined);
      req.end();
    });
    await done;
    expect(statuses).toEqual(['RUNNING', 'SUCCEEDED']);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events.length).toBeGreaterThan(30);
  });
});

describe('stepscope serve (subprocess)', () => {
  it('prints the URL as its first stdout line, serves it, and stops cleanly on SIGTERM', async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, stdio: 'pipe' });
    const child = spawn(process.execPath, [join(ROOT, 'dist/cli.mjs'), 'serve', '--port', '0', '--db', join(tmp, 'serve.db')], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const firstLine = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
      const match = /^http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43})$/.exec(firstLine);
      expect(match).not.toBeNull();
      const url = new URL(firstLine);
      const noToken = await fetch(`${url.origin}/api/examples.list`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      expect(noToken.status).toBe(401);
      const withToken = await fetch(`${url.origin}/api/examples.list`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${url.searchParams.get('token')}` },
        body: '{}',
      });
      expect(withToken.status).toBe(200);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('keeps executions in the --db store: an import survives a restart of the server', async () => {
    const db = join(tmp, 'restart.db');
    const serve = async () => {
      const child = spawn(process.execPath, [join(ROOT, 'dist/cli.mjs'), 'serve', '--port', '0', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
      const firstLine = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
      const url = new URL(firstLine);
      const call = async (method: string, input: unknown) => {
        const r = await fetch(`${url.origin}/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${url.searchParams.get('token')}` },
          body: JSON.stringify(input),
        });
        return (await r.json()) as { ok: boolean; value: unknown };
      };
      const stop = async () => {
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        child.kill('SIGTERM');
        return exited;
      };
      return { call, stop };
    };
    const caseText = readFileSync(join(CONFORMANCE, 'aws-recorded/scenarios/test_map_state.json'), 'utf8');
    const first = await serve();
    try {
      const imported = await first.call('executions.import', { files: [{ name: 'test_map_state.json', text: caseText }] });
      expect(imported.ok).toBe(true);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    const second = await serve();
    try {
      const list = (await second.call('executions.list', {})) as { ok: true; value: { origin: string; status: string }[] };
      expect(list.value.map((e) => [e.origin, e.status])).toEqual([['import', 'SUCCEEDED']]);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });

  it('refuses a bad --port with exit 2 and a clear message', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [join(ROOT, 'dist/cli.mjs'), 'serve', '--port', 'abc'], { stdio: 'pipe', encoding: 'utf8', env: { ...process.env, STEPSCOPE_DB: join(tmp, 'unused.db') } });
    } catch (error) {
      status = (error as { status: number }).status;
      stderr = (error as { stderr: string }).stderr;
    }
    expect(status).toBe(2);
    expect(stderr).toContain('stepscope serve: --port must be a number from 0 to 65535, not "abc"');
  });
});
