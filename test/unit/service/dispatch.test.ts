import { describe, expect, it } from 'vitest';
import { api, METHOD_NAMES, type StepscopeApi } from '../../../src-main/common/contract/api';
import { createClient } from '../../../src-renderer/api/createClient';
import { dispatch } from '../../../src-main/node/service/dispatch';
import { ApiFailure, notFound } from '../../../src-main/common/contract/errors';
import type { Push } from '../../../src-main/common/contract/events';

/** A service whose methods record their input and answer canned values. */
function fakeService(calls: { method: string; input: unknown }[]): StepscopeApi {
  const answer = (method: string, value: unknown) => async (input: unknown) => {
    calls.push({ method, input });
    return value as never;
  };
  // Methods this test does not call answer null.
  const rest = Object.fromEntries(METHOD_NAMES.map((m) => [m, answer(m, null)])) as unknown as StepscopeApi;
  return {
    ...rest,
    'examples.list': answer('examples.list', []),
    'definitions.validate': answer('definitions.validate', { valid: true, diagnostics: [] }),
    'executions.start': answer('executions.start', { kind: 'invalid', diagnostics: [] }),
    'executions.list': answer('executions.list', []),
    'executions.get': async ({ executionId }) => {
      throw notFound(`There is no execution "${executionId}"`, '/executionId');
    },
    'executions.events': async () => {
      throw new TypeError('boom');
    },
    'executions.import': answer('executions.import', { executions: [] }),
    'tasks.list': answer('tasks.list', []),
    'tasks.sendSuccess': answer('tasks.sendSuccess', null),
    'tasks.sendFailure': answer('tasks.sendFailure', null),
    'tasks.sendHeartbeat': answer('tasks.sendHeartbeat', null),
  };
}

describe('contract', () => {
  it('names every method noun.verb', () => {
    for (const name of METHOD_NAMES) expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/);
    expect(METHOD_NAMES).toEqual(Object.keys(api));
  });
});

describe('dispatch', () => {
  it('validates the input and passes the checked value to the handler', async () => {
    const calls: { method: string; input: unknown }[] = [];
    const r = await dispatch(fakeService(calls), 'executions.list', { limit: 5 });
    expect(r).toEqual({ ok: true, value: [] });
    expect(calls).toEqual([{ method: 'executions.list', input: { limit: 5 } }]);
  });

  it('treats a missing input as an empty object', async () => {
    const calls: { method: string; input: unknown }[] = [];
    expect(await dispatch(fakeService(calls), 'examples.list', undefined)).toEqual({ ok: true, value: [] });
  });

  it('refuses a method that is not in the contract, including inherited names', async () => {
    const calls: { method: string; input: unknown }[] = [];
    for (const method of ['executions.delete', 'toString', '__proto__', 'constructor']) {
      const r = await dispatch(fakeService(calls), method, {});
      expect(r).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no method "${method}"` } });
    }
    expect(calls).toEqual([]);
  });

  it('answers INVALID_INPUT with a pointer and never calls the handler', async () => {
    const calls: { method: string; input: unknown }[] = [];
    const r = await dispatch(fakeService(calls), 'executions.start', { definitionText: '{}', seed: 1.5 });
    expect(r).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'executions.start: input /seed must be an integer from -2147483648 to 4294967295, not 1.5', where: '/seed' },
    });
    expect(calls).toEqual([]);
  });

  it('turns an ApiFailure into its error as data', async () => {
    const r = await dispatch(fakeService([]), 'executions.get', { executionId: 'nope' });
    expect(r).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'There is no execution "nope"', where: '/executionId' } });
  });

  it('turns any other exception into INTERNAL with its message, no stack', async () => {
    const r = await dispatch(fakeService([]), 'executions.events', { executionId: 'x' });
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Internal error in executions.events: boom' } });
  });
});

describe('createClient', () => {
  it('resolves with the value and rejects with an ApiFailure carrying the error as data', async () => {
    const service = fakeService([]);
    const client = createClient({ call: (method, input) => dispatch(service, method, input), subscribe: () => () => {} });
    await expect(client['executions.list']({})).resolves.toEqual([]);
    const failure = await client['executions.get']({ executionId: 'nope' as never }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiFailure);
    expect((failure as ApiFailure).error.code).toBe('NOT_FOUND');
  });

  it('delivers only the pushes of the subscribed name, until disposed', () => {
    let deliver: (push: Push) => void = () => {};
    const client = createClient({ call: async () => ({ ok: true, value: null }), subscribe: (l) => ((deliver = l), () => (deliver = () => {})) });
    const seen: unknown[] = [];
    const dispose = client.onPush('execution.statusChanged', (payload) => seen.push(payload.execution.status));
    deliver({ type: 'execution.eventsAppended', payload: { executionId: 'e' as never, events: [], status: 'RUNNING' } });
    deliver({ type: 'execution.statusChanged', payload: { execution: { status: 'SUCCEEDED' } as never } });
    dispose();
    deliver({ type: 'execution.statusChanged', payload: { execution: { status: 'FAILED' } as never } });
    expect(seen).toEqual(['SUCCEEDED']);
  });
});
