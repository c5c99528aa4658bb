import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CreateStateMachineCommand, ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import type { SfnApiStatus } from '../../../src-main/common/contract/api';
import { createSfnApiSetting, parseSfnApiSetting, SFN_API_SETTING_FILE, type SfnApiSettingControl } from '../../../src-main/electron/sfnApiSetting';
import { createService, type StepscopeService } from '../../../src-main/node/service';
import { dispatch } from '../../../src-main/node/service/dispatch';
import { openStore, type ExecutionStore } from '../../../src-main/node/store';
import { EXAMPLES, ROLE, sfnClient } from '../../integration/sfnApi/endpointFixture';

/**
 * The desktop app's "Serve the Step Functions API" setting, wired as main.ts wires it (the
 * service's `endpoint.*` answered by the setting's control), in plain Node: the same endpoint as
 * `stepscope serve`, driven by the AWS SDK, with serve's safety defaults.
 */
let dir: string;
let store: ExecutionStore;
let service: StepscopeService;
let control: SfnApiSettingControl;
let settingFile: string;

/** The service and the setting's control bound to each other, as main.ts binds them. */
function boot(): void {
  let bound: SfnApiSettingControl | undefined;
  service = createService({ examplesDir: EXAMPLES, store, flushIntervalMs: 5, sfnApi: { status: () => bound!.status(), set: (s) => bound!.set(s) } });
  bound = createSfnApiSetting({ service, store, settingFile });
  control = bound;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepscope-sfn-setting-'));
  settingFile = join(dir, SFN_API_SETTING_FILE);
  store = openStore({ path: join(dir, 'app.db'), writerWorker: false });
  boot();
});
afterEach(async () => {
  await control.close();
  await service.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = async (method: 'endpoint.status' | 'endpoint.configure', input: unknown): Promise<SfnApiStatus> => {
  const result = await dispatch(service, method, input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as SfnApiStatus;
};

/** A port nothing listens on, then taken by a server of the test's. */
async function takenPort(): Promise<{ port: number; release(): Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { port, release: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('the Step Functions API setting of the desktop app', () => {
  it('is off by default: nothing is served', async () => {
    expect(parseSfnApiSetting(undefined)).toEqual({ enabled: false });
    expect(parseSfnApiSetting('{not json')).toEqual({ enabled: false });
    expect(parseSfnApiSetting('{"enabled":true,"port":70000}')).toEqual({ enabled: true });
    expect(await control.start()).toEqual({ configurable: true, enabled: false, port: null, url: null, error: null });
    expect(await call('endpoint.status', {})).toMatchObject({ configurable: true, enabled: false, url: null });
  });

  it('serves the endpoint when turned on (the SDK talks to it, with serve\'s safety defaults), keeps the setting, and stops when turned off', async () => {
    const on = await call('endpoint.configure', { enabled: true });
    expect(on).toMatchObject({ configurable: true, enabled: true, port: null, error: null });
    expect(on.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(JSON.parse(readFileSync(settingFile, 'utf8'))).toEqual({ enabled: true });

    const client = sfnClient(on.url!);
    try {
      await client.send(new CreateStateMachineCommand({ name: 'FromTheApp', definition: '{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}', roleArn: ROLE }));
      expect((await client.send(new ListStateMachinesCommand({}))).stateMachines?.map((m) => m.name)).toEqual(['FromTheApp']);
    } finally {
      client.destroy();
    }
    // A web page may not drive it; the Host must be loopback's.
    const fromPage = await fetch(on.url!, { method: 'POST', headers: { 'X-Amz-Target': 'AWSStepFunctions.ListStateMachines', 'Content-Type': 'application/x-amz-json-1.0', Origin: 'https://evil.example' }, body: '{}' });
    expect(fromPage.status).toBe(403);

    // Asking again for what is served changes nothing (same URL).
    expect((await call('endpoint.configure', { enabled: true })).url).toBe(on.url);
    const off = await call('endpoint.configure', { enabled: false });
    expect(off).toMatchObject({ enabled: false, url: null, error: null });
    await expect(fetch(on.url!, { method: 'POST', body: '{}' })).rejects.toThrow();
    expect(JSON.parse(readFileSync(settingFile, 'utf8'))).toEqual({ enabled: false });
  });

  it('serves on the port asked for, and again at the next launch', async () => {
    const free = await takenPort();
    await free.release();
    const on = await call('endpoint.configure', { enabled: true, port: free.port });
    expect(on).toMatchObject({ enabled: true, port: free.port, url: `http://127.0.0.1:${free.port}` });
    // Quit and launch again: the kept setting serves it at start.
    await control.close();
    await service.close();
    boot();
    expect(control.status()).toMatchObject({ enabled: true, port: free.port, url: null });
    expect(await control.start()).toMatchObject({ enabled: true, port: free.port, url: `http://127.0.0.1:${free.port}`, error: null });
  });

  it('says when the port is taken, and serves once another is chosen', async () => {
    const taken = await takenPort();
    try {
      const refused = await call('endpoint.configure', { enabled: true, port: taken.port });
      expect(refused).toMatchObject({ enabled: true, port: taken.port, url: null, error: `Port ${taken.port} is in use: choose another port, or leave it empty for a free one` });
      const free = await call('endpoint.configure', { enabled: true });
      expect(free).toMatchObject({ enabled: true, port: null, error: null });
      expect(free.url).not.toBeNull();
    } finally {
      await taken.release();
    }
    await expect(dispatch(service, 'endpoint.configure', { enabled: true, port: 70000 })).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('reads a setting file written by hand, and a service without the setting answers that nothing is served', async () => {
    writeFileSync(settingFile, '{"enabled":true}');
    await control.close();
    await service.close();
    boot();
    const started = await control.start();
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const bare = createService({ examplesDir: EXAMPLES, store });
    try {
      expect(await dispatch(bare, 'endpoint.configure', { enabled: true })).toEqual({ ok: true, value: { configurable: false, enabled: false, port: null, url: null, error: null } });
    } finally {
      await bare.close();
    }
  });
});
