import { describe, expect, it } from 'vitest';
import { runCase } from '../../../src-main/common/conformance/runCase';
import { loadCase } from '../../../src-main/common/conformance/conformanceCase';
import type { RunOptions, RunResult } from '../../../src-main/common/engine/run';

const PASS_CASE = loadCase({
  id: 'base/x',
  definition: { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, End: true } } },
  input: { in: 1 },
  mockConfig: { StateMachines: { Case: { TestCases: { Recorded: { T: 'R' } } } }, MockedResponses: { R: { '0': { Return: { Payload: 1 } } } } },
  expected: { status: 'SUCCEEDED', output: { Payload: 1 } },
});

describe('runCase', () => {
  it('runs an execution case with seed 0, state machine "Case" and the case’s mocks', async () => {
    let seen: RunOptions | undefined;
    const fake = async (options: RunOptions): Promise<RunResult> => {
      seen = options;
      const outcome = await options.invoker.invoke({ stateName: 'T', resource: 'arn:aws:states:::lambda:invoke', parameters: {}, invocationIndex: 0, attempt: 0, context: {} });
      return { status: 'SUCCEEDED', output: outcome.kind === 'success' ? outcome.output : null, events: [], startDate: 0, stopDate: 0, executionArn: 'arn' };
    };
    const { result, run } = await runCase(PASS_CASE, { runExecution: fake });
    expect(result).toEqual({ ok: true });
    expect(run?.status).toBe('SUCCEEDED');
    expect(seen).toMatchObject({ seed: 0, stateMachineName: 'Case', input: { in: 1 } });
    expect(seen?.quotas).toBeUndefined(); // AWS's quotas stay on
  });

  it('reports an invalid mock config as a mismatch at mockConfig', async () => {
    const broken = loadCase({ ...(PASS_CASE as object), mockConfig: { StateMachines: {}, MockedResponses: { R: {} } } } as never);
    const { result } = await runCase(broken, { runExecution: () => Promise.reject(new Error('must not run')) });
    expect(result).toMatchObject({ ok: false, firstMismatch: { where: 'mockConfig' } });
  });

  it('reports a definition that does not validate as a mismatch at definition', async () => {
    const invalid = loadCase({ ...(PASS_CASE as object), definition: { StartAt: 'Missing', States: {} } } as never);
    const { result } = await runCase(invalid, { runExecution: () => Promise.reject(new Error('must not run')) });
    expect(result).toMatchObject({ ok: false, firstMismatch: { where: 'definition' } });
  });

  it('runs a validation case whose definition is raw text through the JSON parser (validation/…NOT_A_DEF)', async () => {
    const notADefinition = loadCase({
      id: 'validation/not_a_def',
      definition: 'not a definition',
      stateMachineType: 'STANDARD',
      expectedValidation: {
        result: 'FAIL',
        diagnostics: [
          {
            code: 'INVALID_JSON_DESCRIPTION',
            location: '[Source: (String)"not a definition"; line: 1, column: 4]',
            message:
              "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: (String)\"not a definition\"; line: 1, column: 4]",
            severity: 'ERROR',
          },
        ],
        truncated: false,
      },
    });
    expect((await runCase(notADefinition)).result).toEqual({ ok: true });
  });
});
