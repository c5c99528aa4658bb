import { describe, expect, it } from 'vitest';
import {
  createHandlerInvoker,
  failTask,
  INVALID_HANDLER_RESULT_ERROR,
  NO_HANDLER_ERROR,
  succeedTask,
  timeOutTask,
} from '../../../src-main/common/mocks/handlerInvoker';
import type { TaskRequest } from '../../../src-main/common/engine/ports';

function request(stateName: string, resource = 'arn:aws:lambda:us-east-1:111111111111:function:f'): TaskRequest {
  return { stateName, resource, parameters: { n: 2 }, invocationIndex: 0, attempt: 0, context: {} };
}

describe('createHandlerInvoker', () => {
  it('prefers a handler by state name over one by resource', async () => {
    const invoker = createHandlerInvoker({
      byState: { Double: (r) => ((r.parameters as { n: number }).n * 2) },
      byResource: { 'arn:aws:lambda:us-east-1:111111111111:function:f': () => 'by resource' },
    });
    expect(await invoker.invoke(request('Double'))).toEqual({ kind: 'success', output: 4 });
    expect(await invoker.invoke(request('Other'))).toEqual({ kind: 'success', output: 'by resource' });
  });

  it('awaits async handlers and treats undefined as null', async () => {
    const invoker = createHandlerInvoker({ byState: { A: async () => undefined } });
    expect(await invoker.invoke(request('A'))).toEqual({ kind: 'success', output: null });
  });

  it('turns failTask, timeOutTask and succeedTask into the matching outcomes', async () => {
    const invoker = createHandlerInvoker({
      byState: {
        F: () => failTask('Custom.Error', 'it broke'),
        T: () => timeOutTask(),
        H: () => timeOutTask('States.HeartbeatTimeout'),
        S: () => succeedTask({ ok: 1 }, { submitted: { id: 'x' } }),
      },
    });
    expect(await invoker.invoke(request('F'))).toEqual({ kind: 'failure', failure: { error: 'Custom.Error', cause: 'it broke' } });
    expect(await invoker.invoke(request('T'))).toEqual({ kind: 'timeout', failure: { error: 'States.Timeout' } });
    expect(await invoker.invoke(request('H'))).toEqual({ kind: 'timeout', failure: { error: 'States.HeartbeatTimeout' } });
    expect(await invoker.invoke(request('S'))).toEqual({ kind: 'success', output: { ok: 1 }, submitted: { id: 'x' } });
  });

  it('fails the Task with the error name and message when a handler throws, sync or async', async () => {
    const invoker = createHandlerInvoker({
      byState: {
        Sync: () => {
          throw new TypeError('bad input');
        },
        Async: async () => {
          throw new RangeError('too big');
        },
        Odd: () => {
          throw 'plain string';
        },
      },
    });
    expect(await invoker.invoke(request('Sync'))).toEqual({ kind: 'failure', failure: { error: 'TypeError', cause: 'bad input' } });
    expect(await invoker.invoke(request('Async'))).toEqual({ kind: 'failure', failure: { error: 'RangeError', cause: 'too big' } });
    expect(await invoker.invoke(request('Odd'))).toEqual({ kind: 'failure', failure: { error: 'Error', cause: 'plain string' } });
  });

  it('rejects a result that is not JSON with a failure naming where', async () => {
    const invoker = createHandlerInvoker({ byState: { A: () => ({ items: [1, Number.NaN] }) as never } });
    expect(await invoker.invoke(request('A'))).toEqual({
      kind: 'failure',
      failure: { error: INVALID_HANDLER_RESULT_ERROR, cause: 'The handler for state "A" returned a value that is not JSON: items[1] is NaN' },
    });
  });

  it('drops undefined members like JSON serialisation', async () => {
    const invoker = createHandlerInvoker({ byState: { A: () => ({ a: 1, b: undefined }) as never } });
    expect(await invoker.invoke(request('A'))).toEqual({ kind: 'success', output: { a: 1 } });
  });

  it('uses the fallback, and without one fails with Stepscope.NoHandler', async () => {
    const withFallback = createHandlerInvoker({}, { invoke: () => ({ kind: 'success', output: 'fallback' }) });
    expect(await withFallback.invoke(request('X'))).toEqual({ kind: 'success', output: 'fallback' });
    const bare = createHandlerInvoker({});
    expect(await bare.invoke(request('X'))).toEqual({
      kind: 'failure',
      failure: { error: NO_HANDLER_ERROR, cause: 'No handler for state "X" or resource "arn:aws:lambda:us-east-1:111111111111:function:f"' },
    });
  });

  it('does not treat inherited object members such as toString as handlers', async () => {
    const invoker = createHandlerInvoker({ byState: {} });
    expect((await invoker.invoke(request('toString'))).kind).toBe('failure');
  });
});
