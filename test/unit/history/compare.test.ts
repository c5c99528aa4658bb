import { describe, expect, it } from 'vitest';
import { compareHistories } from '../../../src-main/common/history/compare';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import { runExample } from './runExample';

const started = (input: string): HistoryEvent => ({ id: 1, previousEventId: 0, timestamp: '2024-01-01T00:00:00.000Z', type: 'ExecutionStarted', executionStartedEventDetails: { input, roleArn: 'arn:aws:iam::1:role/a' } });
const entered = (id: number, name: string, input: string): HistoryEvent => ({ id, previousEventId: id - 1, timestamp: '2024-01-01T00:00:00.000Z', type: 'PassStateEntered', stateEnteredEventDetails: { name, input } });

describe('compareHistories', () => {
  it('finds where two runs of order-pipeline with different test cases diverge: the ChargeCard failure', async () => {
    const happy = await runExample('order-pipeline', 'HappyPath');
    const declined = await runExample('order-pipeline', 'CardDeclined');
    const c = compareHistories(happy, declined);
    expect(c.divergence).not.toBeNull();
    const d = c.divergence!;
    expect(c.commonEvents).toBe(d.position);
    expect({ kind: d.kind, position: d.position, leftState: d.leftState, rightState: d.rightState, fields: d.fields, left: d.left?.type, right: d.right?.type }).toEqual({
      kind: 'payload',
      position: 11,
      leftState: 'ChargeCard',
      rightState: 'ChargeCard',
      fields: ['cause', 'error'],
      left: 'LambdaFunctionFailed',
      right: 'LambdaFunctionFailed',
    });
    expect(d.description).toBe('At event 12 (LambdaFunctionFailed in ChargeCard), the payloads differ: cause, error.');
  });

  it('says two runs of the same test case are the same, although their names, ids and clocks differ', async () => {
    const a = await runExample('order-pipeline', 'HappyPath');
    const b = (await runExample('order-pipeline', 'HappyPath')).map((e) => ({ ...e, timestamp: '2030-01-01T00:00:00.000Z' }));
    expect(compareHistories(a, b)).toEqual({ commonEvents: a.length, divergence: null, leftLength: a.length, rightLength: a.length });
  });

  it('compares JSON-text payloads as JSON and leaves ARNs out', () => {
    const a = [started('{"a": 1, "b": [1, 2]}')];
    const b = [{ ...started('{"b":[1,2],"a":1}'), executionStartedEventDetails: { input: '{"b":[1,2],"a":1}', roleArn: 'arn:aws:iam::2:role/b' } }];
    expect(compareHistories(a, b).divergence).toBeNull();
  });

  it('reports a different state before a different payload, and a shorter history as a length divergence', () => {
    const a = [started('{}'), entered(2, 'A', '{}')];
    const b = [started('{}'), entered(2, 'B', '{}')];
    expect(compareHistories(a, b).divergence).toMatchObject({ kind: 'state', position: 1, leftState: 'A', rightState: 'B', description: 'At event 2 (PassStateEntered), the left execution is in A and the right one in B.' });
    const shorter = compareHistories(a, a.slice(0, 1));
    expect(shorter.divergence).toMatchObject({ kind: 'length', position: 1, leftState: 'A', rightState: '' });
    expect(shorter.divergence?.description).toBe('The right history ends after 1 events; the left one goes on with PassStateEntered in A.');
  });

  it('reports a different event type, naming both states', () => {
    const a = [started('{}'), entered(2, 'A', '{}')];
    const b: HistoryEvent[] = [started('{}'), { id: 2, previousEventId: 1, timestamp: 't', type: 'ExecutionFailed', executionFailedEventDetails: { error: 'E' } }];
    expect(compareHistories(a, b).divergence?.description).toBe('At event 2, the left execution recorded PassStateEntered in A and the right one ExecutionFailed in the execution.');
  });
});
