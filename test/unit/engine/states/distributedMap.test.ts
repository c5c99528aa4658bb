import { describe, expect, it } from 'vitest';
import { runExecution } from '../../../../src-main/common/engine/interpreter';
import { batchItems, exceedsTolerance } from '../../../../src-main/common/engine/states/distributedMap';
import { createHandlerInvoker } from '../../../../src-main/common/mocks/handlerInvoker';
import type { MapState, StateMachineDefinition } from '../../../../src-main/common/asl/types';

describe('exceedsTolerance', () => {
  it('fails on the first failure when no tolerance is set', () => {
    expect(exceedsTolerance(0, 10, { count: undefined, percentage: undefined })).toBe(false);
    expect(exceedsTolerance(1, 10, { count: undefined, percentage: undefined })).toBe(true);
  });

  it('tolerates up to ToleratedFailureCount failures', () => {
    expect(exceedsTolerance(2, 10, { count: 2, percentage: undefined })).toBe(false);
    expect(exceedsTolerance(3, 10, { count: 2, percentage: undefined })).toBe(true);
  });

  it('tolerates up to ToleratedFailurePercentage of the items', () => {
    expect(exceedsTolerance(1, 4, { count: undefined, percentage: 25 })).toBe(false);
    expect(exceedsTolerance(2, 4, { count: undefined, percentage: 25 })).toBe(true);
  });

  it('fails when either threshold is passed', () => {
    expect(exceedsTolerance(2, 100, { count: 1, percentage: 50 })).toBe(true);
    expect(exceedsTolerance(2, 3, { count: 5, percentage: 50 })).toBe(true);
  });
});

describe('batchItems', () => {
  it('groups items by MaxItemsPerBatch, with BatchInput on every batch', () => {
    expect(batchItems([1, 2, 3], 2, undefined, { x: 1 })).toEqual([
      { BatchInput: { x: 1 }, Items: [1, 2] },
      { BatchInput: { x: 1 }, Items: [3] },
    ]);
  });

  it('starts a new batch before MaxInputBytesPerBatch would be exceeded', () => {
    // {"Items":["aaaa","bbbb"]} is 25 bytes; a third item would make it 32.
    expect(batchItems(['aaaa', 'bbbb', 'cccc'], undefined, 25, undefined)).toEqual([{ Items: ['aaaa', 'bbbb'] }, { Items: ['cccc'] }]);
  });
});

/** A Distributed Map whose child fails for the item `{ n: 2 }`. */
function machine(extra: Partial<MapState> = {}): StateMachineDefinition {
  return {
    StartAt: 'Map',
    States: {
      Map: {
        Type: 'Map',
        MaxConcurrency: 1,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Check',
          States: {
            Check: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 2, Next: 'Boom' }], Default: 'Done' },
            Boom: { Type: 'Fail', Error: 'Boom', Cause: 'item failed' },
            Done: { Type: 'Pass', End: true },
          },
        },
        End: true,
        ...extra,
      },
    },
  };
}

const input = [{ n: 1 }, { n: 2 }, { n: 3 }];

describe('a Distributed Map run', () => {
  it('records only the Map Run in the parent, and each child execution with its own history', async () => {
    const run = await runExecution({ definition: machine({ ToleratedFailureCount: 1 }), input, invoker: createHandlerInvoker({}), stateMachineName: 'Parent' });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapRunStarted',
      'MapRunSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
    expect(run.output).toEqual([{ n: 1 }, { Error: 'Boom', Cause: 'item failed' }, { n: 3 }]);
    const children = run.children ?? [];
    expect(children.map((c) => [c.startedBy, c.status, c.input])).toEqual([
      ['mapRun', 'SUCCEEDED', { n: 1 }],
      ['mapRun', 'FAILED', { n: 2 }],
      ['mapRun', 'SUCCEEDED', { n: 3 }],
    ]);
    const mapRunArn = run.events[3].mapRunStartedEventDetails as { mapRunArn: string };
    expect(children.every((c) => c.mapRunArn === mapRunArn.mapRunArn && c.parentExecutionArn === run.executionArn)).toBe(true);
    expect(children[0].executionArn).toMatch(/^arn:aws:states:us-east-1:111111111111:execution:Parent\/Map:/);
    expect(children[1].events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'FailStateEntered',
      'ExecutionFailed',
    ]);
  });

  it('fails with States.ExceedToleratedFailureThreshold once failures pass the tolerance, and stops starting children', async () => {
    const run = await runExecution({ definition: machine(), input, invoker: createHandlerInvoker({}) });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('States.ExceedToleratedFailureThreshold');
    expect(run.cause).toBe('The specified tolerated failure threshold was exceeded');
    expect(run.events.slice(-3).map((e) => e.type)).toEqual(['MapRunFailed', 'MapStateFailed', 'ExecutionFailed']);
    expect(run.children?.length).toBe(2);
  });

  it('writes results and a manifest where the ResultWriter says, and returns where they are', async () => {
    const run = await runExecution({
      definition: machine({
        ToleratedFailurePercentage: 50,
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'out', Prefix: 'jobs' } },
      }),
      input,
      invoker: createHandlerInvoker({}),
    });
    expect(run.status).toBe('SUCCEEDED');
    const out = run.output as { MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } };
    const runId = out.MapRunArn.slice(out.MapRunArn.lastIndexOf(':') + 1);
    expect(out.ResultWriterDetails).toEqual({ Bucket: 'out', Key: `jobs/${runId}/manifest.json` });
    const writes = run.s3Writes ?? [];
    expect(writes.map((w) => w.Key)).toEqual([`jobs/${runId}/FAILED_0.json`, `jobs/${runId}/SUCCEEDED_0.json`, `jobs/${runId}/manifest.json`]);
    const manifest = JSON.parse(writes[2].Body);
    expect(manifest.DestinationBucket).toBe('out');
    expect(manifest.ResultFiles.SUCCEEDED).toEqual([{ Key: `jobs/${runId}/SUCCEEDED_0.json`, Size: writes[1].Body.length }]);
    const succeeded = JSON.parse(writes[1].Body);
    expect(succeeded.map((r: { Output: string }) => r.Output)).toEqual(['{"n":1}', '{"n":3}']);
  });

  it('runs Express children marked as such, with express execution ARNs', async () => {
    const def = machine({ ToleratedFailureCount: 5 });
    (def.States.Map as MapState).ItemProcessor!.ProcessorConfig = { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' };
    const run = await runExecution({ definition: def, input: [{ n: 1 }], invoker: createHandlerInvoker({}) });
    expect(run.children?.[0].type).toBe('EXPRESS');
    expect(run.children?.[0].executionArn).toContain(':express:');
  });
});

describe('a Map Run child input nested too deep', () => {
  it('fails the Map Run with States.Runtime before any child starts (found by the fuzz campaign, seed 20261208 run 41766)', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Map',
      States: {
        Map: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemSelector: { a: { 'v.$': '$.deep' } },
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        } as MapState,
      },
    };
    // The execution input is within the limit (depth 1000); the ItemSelector wraps `deep` in two
    // more objects, so each child's input would be 1001 levels deep.
    let within: unknown = 1;
    for (let i = 0; i < 999; i++) within = [within];
    const result = await runExecution({ definition, input: { items: [1], deep: within } as never, invoker: createHandlerInvoker({}) });
    expect(result.status).toBe('FAILED');
    const types = result.events.map((e) => e.type);
    expect(types).toContain('MapRunFailed');
    expect(types).not.toContain('MapRunSucceeded');
    expect(result.children ?? []).toHaveLength(0);
    const failed = result.events.find((e) => e.type === 'MapRunFailed');
    const details = failed?.mapRunFailedEventDetails as { error?: string; cause?: string } | undefined;
    expect(details?.error).toBe('States.Runtime');
    expect(details?.cause).toContain('nested more than 1000 levels deep');
  });
});
