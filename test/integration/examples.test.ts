/** Every example under resources/examples runs with each of its mock test cases and ends as its README says. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExecution } from '../../src-main/common/engine/interpreter';
import { parseMockConfig } from '../../src-main/common/mocks/mockConfig';
import { createMockInvoker } from '../../src-main/common/mocks/mockInvoker';
import { validateDefinition, isValid } from '../../src-main/common/asl/validate';
import type { Json } from '../../src-main/common/json';
import type { StateMachineDefinition } from '../../src-main/common/asl/types';

const dir = join(__dirname, '../../resources/examples/order-pipeline');
const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Json;

describe('example: order-pipeline', () => {
  const definition = read('definition.json');
  const input = read('input.json');
  const parsed = parseMockConfig(read('mocks.json'));

  it('has a valid definition and mock config', () => {
    expect(isValid(validateDefinition(definition))).toBe(true);
    expect(parsed.ok).toBe(true);
  });

  const run = (testCase: string) => {
    if (!parsed.ok) throw new Error('invalid mock config');
    return runExecution({
      definition: definition as unknown as StateMachineDefinition,
      input,
      invoker: createMockInvoker(parsed.config, { stateMachine: 'OrderPipeline', testCase }),
      stateMachineName: 'OrderPipeline',
    });
  };

  it('HappyPath: retries the throttled charge twice and succeeds after the one-hour wait', async () => {
    const r = await run('HappyPath');
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toMatchObject({ payment: { chargeId: 'ch_123' }, fulfilment: { notification: 'msg-0001' } });
    expect(r.events.filter((e) => e.type === 'LambdaFunctionScheduled' && (e.lambdaFunctionScheduledEventDetails as { resource: string }).resource.endsWith(':charge-card'))).toHaveLength(3);
    expect(r.stopDate - r.startDate).toBe(3_600_000 + 6_000);
  });

  it('CardDeclined: the decline is caught and the execution fails with it', async () => {
    const r = await run('CardDeclined');
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('Payments.Declined');
    expect(r.cause).toBe('Payment for order A-1001 was declined');
  });

  it('InvalidOrder: the Choice sends the order to Rejected', async () => {
    const r = await run('InvalidOrder');
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('Order.Invalid');
  });
});
