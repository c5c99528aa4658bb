import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import { rebuildAt, redriveExecution, redrivePreview } from '../../../src-main/common/debug/fork';
import { mocksFromExecution } from '../../../src-main/common/debug/mocksFromExecution';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import type { TaskInvoker } from '../../../src-main/common/engine/ports';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import { createMockInvoker, parseMockConfig } from '../../../src-main/common/mocks';

/**
 * Fork, redrive and "Mocks from this execution" read where each event happened from event
 * placement (history/placement.ts). These are edge cases where the debugger's old copy of that
 * rule placed events wrongly: a retried Map's MapStateStarted (given to the iteration it follows),
 * aborted Tasks of sibling iterations (all given to the failed one), a failure inside an
 * iteration's Catch target (given to the state before it).
 */

const CORPUS = join(__dirname, '../../../test/fixtures/conformance/aws-recorded');

function corpus(id: string): { definition: StateMachineDefinition; history: HistoryEvent[] } {
  const c = JSON.parse(readFileSync(join(CORPUS, `${id}.json`), 'utf8')) as { definition: StateMachineDefinition; expected: { history: HistoryEvent[] } };
  return { definition: c.definition, history: c.expected.history };
}

/** A Map retried once as a whole: in the first attempt iteration 0 succeeds and 1 fails; in the retry 0 fails. */
const retriedMap: StateMachineDefinition = {
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 1,
      Retry: [{ ErrorEquals: ['Down'], IntervalSeconds: 1, MaxAttempts: 1 }],
      ItemProcessor: { StartAt: 'Price', States: { Price: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } },
      End: true,
    },
  },
};

/** Answers the calls in order: success, failure, failure, then success. */
function scriptedInvoker(): TaskInvoker {
  let call = 0;
  return {
    invoke: () => {
      call++;
      return call === 2 || call === 3 ? { kind: 'failure', failure: { error: 'Down', cause: `call ${call}` } } : { kind: 'success', output: { call } };
    },
  };
}

describe('fork, redrive and mocks on the events placement used to get wrong', () => {
  it('fork at a retried Map\'s MapStateStarted resumes the Map itself, not "inside an iteration"', () => {
    const { definition, history } = corpus('scenarios/test_map_state_retry');
    // Event 9 (MapStateStarted of the first retry) links event 7, the Fail state inside iteration 0.
    const atRetry = rebuildAt(definition, history, 9);
    expect(atRetry).toMatchObject({ resumes: 'entered', enclosing: false, startAt: { state: 'MapState', input: { arr: [1] } } });
    // An event inside the iteration (its MapIterationFailed) still reruns the enclosing Map as a whole.
    expect(rebuildAt(definition, history, 12)).toMatchObject({ resumes: 'entered', enclosing: true, startAt: { state: 'MapState' } });
  });

  it('fork inside an iteration\'s Catch target (a failure in Fallback, iteration 0) reruns the Map', () => {
    const { definition, history } = corpus('states_variables/test_map_catch_error__MAP_CATCH_ERROR_OUTPUT_WITH_RETRY');
    expect(rebuildAt(definition, history, 14)).toMatchObject({ resumes: 'entered', enclosing: true, startAt: { state: 'ProcessItems', input: { items: [1, 2, 3] } }, invocationsBefore: {} });
  });

  it('redrive reads the last attempt of a retried Map: an iteration that succeeded only in the first attempt runs again', async () => {
    const original = await runExecution({ definition: retriedMap, input: { items: ['a', 'b'] }, invoker: scriptedInvoker() });
    expect(original.status).toBe('FAILED');
    expect(original.events.filter((e) => e.type === 'MapStateStarted')).toHaveLength(2);
    // The retry's MapStateStarted follows iteration 1's failure (event 15): it is the Map's own event,
    // which marks where the last attempt starts (the old places put it inside iteration 1).
    const preserved = { state: 'Each', kind: 'map', total: 2, kept: [], redriven: [0, 1] };
    expect(redrivePreview(retriedMap, original.events)).toEqual(preserved);
    const rebuilt = rebuildAt(retriedMap, original.events, original.events[original.events.length - 1].id, { redrive: true });
    expect(rebuilt.preserved).toEqual(preserved);
    expect(rebuilt.startAt.resume).toMatchObject({ kind: 'map', preserved: {}, resumed: { '0': { state: 'Price', input: 'a' } } });
    const redriven = await redriveExecution({ definition: retriedMap, events: original.events, invoker: { invoke: () => ({ kind: 'success', output: 'ok' }) } });
    expect(redriven.result.status).toBe('SUCCEEDED');
    expect(redriven.result.output).toEqual(['ok', 'ok']);
  });

  it('mocks from a Map whose iterations were aborted after one timed out: every invocation answered', () => {
    const { history } = corpus('timeouts/test_service_lambda_map_timeout');
    const derived = mocksFromExecution(history, { stateMachineName: 'M', testCaseName: 'T' });
    expect(derived.invocations).toEqual({ LambdaInvoke: 4 });
    expect(derived.config.MockedResponses).toEqual({ LambdaInvoke: { '0-3': { Throw: { Error: 'States.Timeout' } } } });
  });

  it('mocks from a failure inside a Map iteration\'s Catch target reproduce the run', async () => {
    const { definition, history } = corpus('states_variables/test_map_catch_error__MAP_CATCH_ERROR_OUTPUT_WITH_RETRY');
    const derived = mocksFromExecution(history, { stateMachineName: 'M', testCaseName: 'T' });
    expect(derived.invocations).toEqual({ ProcessItem: 2 });
    const parsed = parseMockConfig(derived.config);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
    const replay = await runExecution({ definition, input: { items: [1, 2, 3] }, invoker: createMockInvoker(parsed.config, { stateMachine: 'M', testCase: 'T' }) });
    expect(replay.status).toBe('FAILED');
    expect(replay.events.map((e) => e.type)).toEqual(history.map((e) => e.type));
    expect(replay.events.find((e) => e.type === 'EvaluationFailed')?.evaluationFailedEventDetails).toMatchObject({ state: 'Fallback' });
  });
});
