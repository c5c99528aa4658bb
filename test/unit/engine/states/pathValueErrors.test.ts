import { describe, expect, it } from 'vitest';
import { runExecution } from '../../../../src-main/common/engine/interpreter';
import type { TaskInvoker } from '../../../../src-main/common/engine/ports';
import type { StateMachineDefinition } from '../../../../src-main/common/asl/types';
import type { Json } from '../../../../src-main/common/json';

/** Runtime errors for out-of-range values read by a path (issue #16). */

const ok: TaskInvoker = { invoke: () => ({ kind: 'success', output: {} }) };

async function cause(definition: StateMachineDefinition, input: Json): Promise<[string, string | undefined, string | undefined]> {
  const r = await runExecution({ definition, input, invoker: ok });
  return [r.status, r.error, r.cause];
}

const wait: StateMachineDefinition = { StartAt: 'W', States: { W: { Type: 'Wait', SecondsPath: '$.s', End: true } } } as StateMachineDefinition;
const prefix = "An error occurred while executing the state 'W' (entered at the event id #2). ";

describe('Wait SecondsPath', () => {
  it('a fraction cannot be parsed as a long (recorded: base/test_base_wait_seconds_path__1.5)', async () => {
    expect(await cause(wait, { s: -1.5 })).toEqual(['FAILED', 'States.Runtime', `${prefix}The SecondsPath parameter cannot be parsed as a long value: $.s == -1.5`]);
  });

  it('a string is shown as its text', async () => {
    expect((await cause(wait, { s: 'ten' }))[2]).toBe(`${prefix}The SecondsPath parameter cannot be parsed as a long value: $.s == ten`);
  });

  it('a negative whole number (LocalStack state_wait/wait_function/seconds_path.py)', async () => {
    expect(await cause(wait, { s: -1 })).toEqual(['FAILED', 'States.Runtime', `${prefix}The SecondsPath parameter references a negative value: $.s == -1`]);
  });

  it('0 waits no time', async () => {
    expect((await cause(wait, { s: 0 }))[0]).toBe('SUCCEEDED');
  });
});

describe('Task TimeoutSecondsPath / HeartbeatSecondsPath (LocalStack common/timeouts/timeout.py, heartbeat.py)', () => {
  const task = (field: string): StateMachineDefinition =>
    ({ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', [field]: '$.t', End: true } } }) as StateMachineDefinition;
  const taskPrefix = "An error occurred while executing the state 'T' (entered at the event id #2). ";

  it.each([
    ['TimeoutSecondsPath', -5, '-5'],
    ['TimeoutSecondsPath', 2.5, '2.5'],
    ['TimeoutSecondsPath', 'x', 'x'],
    ['HeartbeatSecondsPath', -1, '-1'],
  ])('%s = %j fails the state', async (field, value, shown) => {
    expect(await cause(task(field), { t: value })).toEqual([
      'FAILED',
      'States.Runtime',
      `${taskPrefix}Expected non-negative integer for ${field}, got '${shown}' instead.`,
    ]);
  });

  it('a path that finds nothing keeps the recorded wording', async () => {
    expect((await cause(task('TimeoutSecondsPath'), {}))[2]).toBe(`${taskPrefix}Invalid path '$.t' : No results for path: $['t']`);
  });
});
