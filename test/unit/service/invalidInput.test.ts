import { describe, expect, it } from 'vitest';
import { ApiFailure } from '../../../src-main/common/contract/errors';
import { openTestService } from './serviceFixture';

const definitionText = '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}';

/** A JSON value nested `depth` levels deep. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe('executions.start refuses what StartExecution refuses (InvalidExecutionInput, issue #18 item 5/9)', () => {
  it('an input over 262,144 bytes: INVALID_INPUT at /input, and nothing is stored', async () => {
    const { service, store } = openTestService();
    const error = await service['executions.start']({ definitionText, stateMachineName: 'Big', input: { text: 'x'.repeat(300_000) } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiFailure);
    expect((error as ApiFailure).error).toMatchObject({ code: 'INVALID_INPUT', where: 'input' });
    expect((error as ApiFailure).error.message).toMatch(/over the maximum of 262144 bytes/);
    expect(store.listExecutions({})).toEqual([]);
  });

  it('an input nested too deeply to be JSON text: INVALID_INPUT, nothing stored, no crash', async () => {
    const { service, store } = openTestService();
    const error = await service['executions.start']({ definitionText, stateMachineName: 'Deep', input: nested(5_000) as never }).catch((e: unknown) => e);
    expect((error as ApiFailure).error).toMatchObject({ code: 'INVALID_INPUT', where: 'input' });
    expect(store.listExecutions({})).toEqual([]);
  });
});
