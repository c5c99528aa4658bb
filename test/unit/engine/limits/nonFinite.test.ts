import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../../src-main/common/asl/types';
import { checkExecutionInput } from '../../../../src-main/common/engine/executionInput';
import { runExecution } from '../../../../src-main/common/engine/interpreter';
import type { TaskInvoker } from '../../../../src-main/common/engine/ports';

// Found by the fuzz campaign of 2026-12-07 (seed 20261207, run 1402): `States.StringToJson("1e999")`
// handed a Task Infinity. A number past a double's range has no JSON text.

const echo: TaskInvoker = { invoke: (req) => ({ kind: 'success', output: req.parameters }) };

describe('numbers out of range for JSON', () => {
  it('States.StringToJson of a number past a double fails the state with States.Runtime (as for text that is not JSON) instead of handing on Infinity', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'S0',
      States: { S0: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:111111111111:function:fuzz', Parameters: { 'p.$': 'States.StringToJson($.json)' }, End: true } },
    };
    const r = await runExecution({ definition, input: { json: '1e999' }, invoker: echo });
    expect([r.status, r.error]).toEqual(['FAILED', 'States.Runtime']);
    expect(r.cause).toMatch(/number out of range/);
    expect(r.events.some((e) => e.type === 'TaskScheduled')).toBe(false);
  });

  it('an execution input holding Infinity (JSON.parse of 1e999) is refused as StartExecution would, not recorded as null', () => {
    expect(checkExecutionInput(JSON.parse('{"n": 1e999}'))).toMatchObject({ ok: false, error: 'InvalidExecutionInput', message: expect.stringMatching(/out of range/) });
    expect(checkExecutionInput({ n: 1e308 })).toMatchObject({ ok: true });
  });
});
