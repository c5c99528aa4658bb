import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Json } from '../../../src-main/common/json';
import { parseMockConfig } from '../../../src-main/common/mocks';
import { createService, type StepscopeService } from '../../../src-main/node/service';
import { startSfnEndpoint, type SfnEndpoint, type SfnEndpointOptions } from '../../../src-main/node/sfnApi';
import { openStore, type ExecutionStore } from '../../../src-main/node/store';

// The SDK's notice that its 2027 releases need Node 22 would fill the test output (as `stepscope pull` leaves it out).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The bundled examples (the service's gallery). */
export const EXAMPLES = join(__dirname, '../../../resources/examples');

/** A mock config in Step Functions Local's format, for the state machine "Orders" (test cases HappyPath, ChargeFails). */
export const MOCKS_FILE = join(__dirname, '../../fixtures/sfnApi/orders-mocks.json');
export const MOCKS = JSON.parse(readFileSync(MOCKS_FILE, 'utf8')) as Json;

/** A Standard definition with a Task (mocked), Pass states and a Choice: a dozen events or more. */
export const ORDERS_DEFINITION = JSON.stringify({
  Comment: 'Orders',
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Result: { step: 1 }, ResultPath: '$.prepared', Next: 'Charge' },
    Charge: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'FunctionName': 'charge', 'Payload.$': '$' }, ResultPath: '$.charge', Next: 'Check' },
    Check: { Type: 'Choice', Choices: [{ Variable: '$.charge.charged', BooleanEquals: true, Next: 'Ship' }], Default: 'Refuse' },
    Ship: { Type: 'Pass', Next: 'Log' },
    Log: { Type: 'Pass', Next: 'Done' },
    Refuse: { Type: 'Fail', Error: 'Refused' },
    Done: { Type: 'Succeed' },
  },
});

export const ROLE = 'arn:aws:iam::111111111111:role/StepscopeTests';

/** An endpoint over a fresh service and store; `close` ends everything. */
export async function openEndpoint(options: Partial<SfnEndpointOptions> = {}): Promise<{
  endpoint: SfnEndpoint;
  service: StepscopeService;
  store: ExecutionStore;
  client: SFNClient;
  close(): Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'stepscope-sfn-'));
  const store = openStore({ path: join(dir, 'sfn.db'), writerWorker: false });
  const service = createService({ examplesDir: EXAMPLES, store, flushIntervalMs: 5 });
  const parsed = parseMockConfig(MOCKS);
  if (!parsed.ok) throw new Error('bad test mocks');
  const endpoint = await startSfnEndpoint({ service, store, mocks: { content: MOCKS, parsed: parsed.config, path: 'mocks.json' }, activityPollMs: 500, ...options });
  const client = sfnClient(endpoint.url);
  return {
    endpoint,
    service,
    store,
    client,
    async close() {
      client.destroy();
      await endpoint.close();
      await service.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An SDK client for a local endpoint: fake static credentials, us-east-1, no retries (errors come back at once). */
export function sfnClient(url: string, accessKeyId = 'AKIDLOCALTEST'): SFNClient {
  return new SFNClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'local-secret' },
    maxAttempts: 1,
    // StartSyncExecution's host prefix ("sync-") cannot apply to 127.0.0.1.
    disableHostPrefix: true,
  });
}
