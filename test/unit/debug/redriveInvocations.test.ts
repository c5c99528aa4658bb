import { describe, expect, it } from 'vitest';
import { redriveExecution } from '../../../src-main/common/debug/fork';
import { mocksFromExecution } from '../../../src-main/common/debug/mocksFromExecution';
import { redriveInvocations, redriveInvoker } from '../../../src-main/common/debug/redriveInvocations';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import type { TaskInvoker, TaskRequest } from '../../../src-main/common/engine/ports';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import type { Json, JsonObject } from '../../../src-main/common/json';
import { createMockInvoker, MOCK_NOT_FOUND_ERROR, parseMockConfig } from '../../../src-main/common/mocks';
import { invokerOf } from '../../../src-main/node/service/runOffThread';

/**
 * The rule of debug/redriveInvocations.ts: a redrive's invocations are counted after the
 * original's, and one the mock config does not answer gets the config's answer for the
 * invocation it re-runs (the state's last one before the redrive, in the same Map iteration).
 */

const LAMBDA = 'arn:aws:states:::lambda:invoke';

/** parallel-fan-out in small: three bookings at once, the hotel's may fail. */
const trip: StateMachineDefinition = {
  StartAt: 'Book',
  States: {
    Book: {
      Type: 'Parallel',
      Next: 'Done',
      Branches: ['Flight', 'Hotel', 'Car'].map((s) => ({ StartAt: s, States: { [s]: { Type: 'Task', Resource: LAMBDA, Parameters: { s }, OutputPath: '$.Payload', End: true } } })),
    },
    Done: { Type: 'Pass', End: true },
  },
};

const ok = (payload: Json) => ({ Return: { StatusCode: 200, Payload: payload } });
const soldOut = { Throw: { Error: 'Hotel.SoldOut', Cause: 'No rooms' } };

/** The test case the gallery example ships: one response each, the hotel's a failure. */
const shipped = {
  StateMachines: { Trip: { TestCases: { SoldOut: { Flight: 'F', Hotel: 'H', Car: 'C' } } } },
  MockedResponses: { F: { '0': ok('FL-1') }, H: { '0': soldOut }, C: { '0': ok('CR-1') } },
};

function invokerFrom(config: Json, testCase: string, stateMachine = 'Trip'): TaskInvoker {
  const parsed = parseMockConfig(config);
  if (!parsed.ok) throw new Error(parsed.diagnostics[0].message);
  return createMockInvoker(parsed.config, { stateMachine, testCase });
}

/** An invoker that records the indexes it is asked for, answering through `inner`. */
function recording(inner: TaskInvoker) {
  const asked: string[] = [];
  const invoker: TaskInvoker = {
    invoke: (req: TaskRequest) => {
      asked.push(`${req.stateName}#${req.invocationIndex}${req.mapIterationIndex !== undefined ? `@${req.mapIterationIndex}` : ''}`);
      return inner.invoke(req);
    },
  };
  return { asked, invoker };
}

async function failedTrip() {
  const original = await runExecution({ definition: trip, input: {}, invoker: invokerFrom(shipped, 'SoldOut') });
  expect(original).toMatchObject({ status: 'FAILED', error: 'Hotel.SoldOut' });
  return original;
}

describe('redrive mocks: the invocation a redrive re-runs', () => {
  it('reads the counts a redrive goes on from, and each state’s last invocation', async () => {
    const original = await failedTrip();
    expect(redriveInvocations(original.events)).toEqual({
      before: { Flight: 1, Hotel: 1, Car: 1 },
      last: { Flight: { '': 0, '*': 0 }, Hotel: { '': 0, '*': 0 }, Car: { '': 0, '*': 0 } },
    });
  });

  it('redriven with the test case that failed, fails the same way again (not with Stepscope.MockNotFound)', async () => {
    const original = await failedTrip();
    const { asked, invoker } = recording(invokerFrom(shipped, 'SoldOut'));
    const redriven = await redriveExecution({ definition: trip, events: original.events, invoker });
    expect(redriven.result).toMatchObject({ status: 'FAILED', error: 'Hotel.SoldOut' });
    // Invocation 1 has no response: it is answered as invocation 0, the one it re-runs.
    expect(asked).toEqual(['Hotel#1', 'Hotel#0']);
  });

  it('after "Mocks from this execution", editing the failed response is what the redrive gets', async () => {
    const original = await failedTrip();
    const made = mocksFromExecution(original.events, { stateMachineName: 'Trip' });
    const responses = (made.config as { MockedResponses: Record<string, JsonObject> }).MockedResponses;
    expect(responses.Hotel).toEqual({ '0': soldOut });
    responses.Hotel['0'] = ok('HT-EDITED');
    const redriven = await redriveExecution({ definition: trip, events: original.events, invoker: invokerFrom(made.config, 'FromExecution') });
    expect(redriven.result.status).toBe('SUCCEEDED');
    expect(redriven.result.output).toEqual(['FL-1', 'HT-EDITED', 'CR-1']);
  });

  it('a response written for the redrive’s own invocation still wins (counts go on, as a service counts calls)', async () => {
    const original = await failedTrip();
    const config = { ...shipped, MockedResponses: { ...shipped.MockedResponses, H: { '0': soldOut, '1': ok('HT-LATER') } } };
    const { asked, invoker } = recording(invokerFrom(config, 'SoldOut'));
    const redriven = await redriveExecution({ definition: trip, events: original.events, invoker });
    expect(redriven.result.output).toEqual(['FL-1', 'HT-LATER', 'CR-1']);
    expect(asked).toEqual(['Hotel#1']);
  });

  it('retries in the redrive get the fallback too, so a failure is retried as the original was', async () => {
    const retried: StateMachineDefinition = {
      StartAt: 'Call',
      States: { Call: { Type: 'Task', Resource: LAMBDA, Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 1, MaxAttempts: 2 }], End: true } },
    };
    const config = { StateMachines: { M: { TestCases: { T: { Call: 'R' } } } }, MockedResponses: { R: { '0-2': { Throw: { Error: 'Busy' } } } } };
    const original = await runExecution({ definition: retried, input: {}, invoker: invokerFrom(config, 'T', 'M') });
    expect(original.status).toBe('FAILED');
    const { asked, invoker } = recording(invokerFrom(config, 'T', 'M'));
    const redriven = await redriveExecution({ definition: retried, events: original.events, invoker });
    expect(redriven.result).toMatchObject({ status: 'FAILED', error: 'Busy' });
    expect(asked).toEqual(['Call#3', 'Call#2', 'Call#4', 'Call#2', 'Call#5', 'Call#2']);
  });

  it('in a Map, an iteration’s re-run gets the answer of its own failed invocation, not another iteration’s', async () => {
    const fan: StateMachineDefinition = {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Map',
          ItemsPath: '$.items',
          MaxConcurrency: 1,
          End: true,
          ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: LAMBDA, Parameters: { 'n.$': '$' }, OutputPath: '$.Payload', End: true } } },
        },
      },
    };
    const config = {
      StateMachines: { M: { TestCases: { T: { Work: 'W' } } } },
      MockedResponses: { W: { '0': ok('w0'), '1': { Throw: { Error: 'Work.Failed' } } } },
    };
    const original = await runExecution({ definition: fan, input: { items: [0, 1, 2] }, invoker: invokerFrom(config, 'T', 'M') });
    expect(original).toMatchObject({ status: 'FAILED', error: 'Work.Failed' });
    const made = mocksFromExecution(original.events, { stateMachineName: 'M' });
    const responses = (made.config as { MockedResponses: Record<string, JsonObject> }).MockedResponses;
    expect(Object.keys(responses.Work)).toEqual(['0', '1']);
    responses.Work['1'] = ok('w1-edited');
    const { asked, invoker } = recording(invokerFrom(made.config, 'FromExecution', 'M'));
    const redriven = await redriveExecution({ definition: fan, events: original.events, invoker });
    expect(redriven.result.status).toBe('SUCCEEDED');
    // Iteration 1 re-runs its own failed invocation (1); iteration 2 never called Work, so it gets the state's last answer.
    expect(redriven.result.output).toEqual(['w0', 'w1-edited', 'w1-edited']);
    expect(asked).toEqual(['Work#2@1', 'Work#1@1', 'Work#3@2', 'Work#1@2']);
  });

  it('passes other answers through, and a state the mocks do not know still fails with Stepscope.MockNotFound', async () => {
    const original = await failedTrip();
    const plan = redriveInvocations(original.events);
    const inner = invokerFrom({ StateMachines: { Trip: { TestCases: { Other: { Flight: 'F' } } } }, MockedResponses: { F: { '0': ok('FL-1') } } }, 'Other');
    const outcome = await redriveInvoker(inner, plan).invoke({ stateName: 'Hotel', resource: LAMBDA, parameters: {}, invocationIndex: 0, attempt: 0, context: {} });
    expect(outcome).toMatchObject({ kind: 'failure', failure: { error: MOCK_NOT_FOUND_ERROR } });
  });

  it('crosses to a run thread as data: the portable invoker applies the same rule', async () => {
    const original = await failedTrip();
    const plan = redriveInvocations(original.events);
    const invoker = invokerOf({ kind: 'mocks', config: shipped as unknown as Json, stateMachine: 'Trip', testCase: 'SoldOut', invocationOffsets: plan.before, redriveLast: plan.last });
    const outcome = await invoker.invoke({ stateName: 'Hotel', resource: LAMBDA, parameters: {}, invocationIndex: 0, attempt: 0, context: {} });
    expect(outcome).toMatchObject({ kind: 'failure', failure: { error: 'Hotel.SoldOut' } });
  });
});
