import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { openEndpoint, sfnClient } from './endpointFixture';

/** The endpoint's defences and its answers to malformed requests, over real HTTP. */
interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(port: number, o: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: o.method ?? 'POST', path: '/', headers: { Host: `127.0.0.1:${port}`, ...o.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

const json = { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'AWSStepFunctions.ListStateMachines' };

let env: Awaited<ReturnType<typeof openEndpoint>>;
let locked: Awaited<ReturnType<typeof openEndpoint>>;
beforeAll(async () => {
  env = await openEndpoint({ allowOrigins: ['http://localhost:3000'], maxBodyBytes: 1024 });
  locked = await openEndpoint({ accessKeyId: 'AKIDALLOWED' });
});
afterAll(async () => {
  await env.close();
  await locked.close();
});

describe('the Step Functions API endpoint is safe by default', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(env.endpoint.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses browser requests from origins not allowed, and their preflights; answers an allowed origin with CORS headers', async () => {
    const port = env.endpoint.port;
    const evil = await send(port, { headers: { ...json, Origin: 'http://evil.example' }, body: '{}' });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body)).toMatchObject({ __type: 'AccessDeniedException' });
    const preflight = await send(port, { method: 'OPTIONS', headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const allowedPreflight = await send(port, { method: 'OPTIONS', headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST' } });
    expect(allowedPreflight.status).toBe(204);
    expect(allowedPreflight.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    const allowed = await send(port, { headers: { ...json, Origin: 'http://localhost:3000' }, body: '{}' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:3000');
  });

  it('refuses a foreign Host (DNS rebinding)', async () => {
    const r = await send(env.endpoint.port, { headers: { ...json, Host: `attacker.example:${env.endpoint.port}` }, body: '{}' });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).__type).toBe('AccessDeniedException');
  });

  it('caps the body, and answers bad JSON, unknown actions, wrong methods and content types with AWS-shaped errors', async () => {
    const port = env.endpoint.port;
    const big = await send(port, { headers: json, body: JSON.stringify({ nextToken: 'x'.repeat(2000) }) });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).__type).toBe('RequestEntityTooLargeException');
    const bad = await send(port, { headers: json, body: '{"maxResults":' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({ __type: 'SerializationException', message: 'The request body is not valid JSON' });
    const list = await send(port, { headers: json, body: '[1]' });
    expect(JSON.parse(list.body).__type).toBe('SerializationException');
    const unknown = await send(port, { headers: { ...json, 'X-Amz-Target': 'AWSStepFunctions.DropEverything' }, body: '{}' });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body).__type).toBe('UnknownOperationException');
    const noTarget = await send(port, { headers: { 'Content-Type': 'application/x-amz-json-1.0' }, body: '{}' });
    expect(JSON.parse(noTarget.body).__type).toBe('UnknownOperationException');
    const get = await send(port, { method: 'GET' });
    expect(JSON.parse(get.body).__type).toBe('UnknownOperationException');
    const text = await send(port, { headers: { ...json, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(JSON.parse(text.body).__type).toBe('SerializationException');
    const wrongType = await send(port, { headers: json, body: '{"maxResults":"ten"}' });
    expect(JSON.parse(wrongType.body).__type).toBe('SerializationException');
    const range = await send(port, { headers: json, body: '{"maxResults":5000}' });
    expect(JSON.parse(range.body)).toMatchObject({ __type: 'ValidationException', message: expect.stringContaining("at 'maxResults' failed to satisfy constraint") });
    expect(range.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(range.headers['x-amzn-requestid']).toBeTruthy();
  });

  it('accepts any SigV4 credentials by default, and only the given access key id when one is required', async () => {
    await expect(env.client.send(new ListStateMachinesCommand({}))).resolves.toMatchObject({ stateMachines: [] });
    const unsigned = await send(env.endpoint.port, { headers: json, body: '{}' });
    expect(unsigned.status).toBe(200);
    const other = sfnClient(locked.endpoint.url, 'AKIDSOMEONEELSE');
    await expect(other.send(new ListStateMachinesCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    other.destroy();
    const right = sfnClient(locked.endpoint.url, 'AKIDALLOWED');
    await expect(right.send(new ListStateMachinesCommand({}))).resolves.toMatchObject({ stateMachines: [] });
    right.destroy();
    const none = await send(locked.endpoint.port, { headers: json, body: '{}' });
    expect(none.status).toBe(403);
    expect(JSON.parse(none.body).__type).toBe('MissingAuthenticationTokenException');
  });
});
