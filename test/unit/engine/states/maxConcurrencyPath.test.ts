import { describe, expect, it } from 'vitest';
import { runExecution } from '../../../../src-main/common/engine/interpreter';
import type { TaskInvoker } from '../../../../src-main/common/engine/ports';
import type { StateMachineDefinition } from '../../../../src-main/common/asl/types';
import type { Json } from '../../../../src-main/common/json';

/**
 * MaxConcurrencyPath value types, one rule for inline and distributed Maps
 * (engine/states/pathIntegers.ts). Sources: LocalStack state_map/max_concurrency.py (int()
 * conversion, the non-negative check and its wording); the recorded
 * scenarios/test_max_concurrency_path__NoNumber and test_map_item_reader_csv_max_items_paths__1.5
 * (a word or a fraction is "not a valid integer").
 */

const none = { invoke: () => Promise.reject(new Error('no Task')) } as unknown as TaskInvoker;

function map(mode: 'INLINE' | 'DISTRIBUTED'): StateMachineDefinition {
  return {
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrencyPath: '$.c',
        ItemProcessor: {
          ProcessorConfig: mode === 'INLINE' ? { Mode: 'INLINE' } : { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'P',
          States: { P: { Type: 'Pass', End: true } },
        },
        End: true,
      },
    },
  } as StateMachineDefinition;
}

async function run(mode: 'INLINE' | 'DISTRIBUTED', c: Json): Promise<{ status: string; cause?: string }> {
  const r = await runExecution({ definition: map(mode), input: { items: [1, 2, 3], c }, invoker: none });
  return { status: r.status, cause: r.cause };
}

describe.each(['INLINE', 'DISTRIBUTED'] as const)('MaxConcurrencyPath in a %s Map', (mode) => {
  it('takes an integer, or a string holding one (LocalStack: int())', async () => {
    expect((await run(mode, 2)).status).toBe('SUCCEEDED');
    expect((await run(mode, '2')).status).toBe('SUCCEEDED');
    expect((await run(mode, 0)).status).toBe('SUCCEEDED');
  });

  it.each([[2.5], ['NoNumber'], [true], [{ n: 1 }], [null]])('refuses %j as "not a valid integer" (States.Runtime)', async (value) => {
    const r = await run(mode, value);
    expect(r.status).toBe('FAILED');
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    expect(r.cause).toContain(`The MaxConcurrencyPath field refers to value "${shown}" which is not a valid integer: $.c`);
  });

  it("refuses a negative value with LocalStack's wording", async () => {
    const r = await run(mode, -1);
    expect(r.status).toBe('FAILED');
    expect(r.cause).toContain("Expected non-negative integer for MaxConcurrency, got '-1' instead.");
  });
});
