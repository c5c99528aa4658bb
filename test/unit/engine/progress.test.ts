import { describe, expect, it } from 'vitest';
import { distributedMapFan } from '../../fixtures/distributedMapFan';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import type { ChildRunResult } from '../../../src-main/common/engine/run';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import { createMockInvoker, parseMockConfig } from '../../../src-main/common/mocks';

/**
 * RunOptions.progress (issue #18): every event of the execution and of its child executions, as
 * emitted, for a watchdog on another thread (test/fuzz). It changes nothing in any history.
 */
const config = parseMockConfig({ StateMachines: { Fan: { TestCases: { Ok: { Work: 'Work' } } } }, MockedResponses: { Work: { '0-9': { Return: 'done' } } } });
if (!config.ok) throw new Error('bad mock config');
const options = () => ({
  definition: distributedMapFan,
  input: { items: [{ n: 0 }, { n: 1 }, { n: 2 }] },
  invoker: createMockInvoker(config.config, { stateMachine: 'Fan', testCase: 'Ok' }),
  seed: 5,
});

function allEvents(children: readonly ChildRunResult[] | undefined): HistoryEvent[] {
  return (children ?? []).flatMap((c) => [...c.events, ...allEvents(c.children)]);
}

describe('RunOptions.progress', () => {
  it('reports every event of the execution and of its Map Run children, and leaves the histories as they are', async () => {
    const seen: HistoryEvent[] = [];
    const watched = await runExecution({ ...options(), progress: (e) => seen.push(e) });
    const plain = await runExecution(options());
    expect(watched).toEqual(plain);
    expect(watched.status).toBe('SUCCEEDED');
    const children = allEvents(watched.children);
    expect(children.length).toBeGreaterThan(0);
    expect(seen).toHaveLength(watched.events.length + children.length);
    expect(seen.filter((e) => e.type === 'ExecutionStarted')).toHaveLength(1 + (watched.children?.length ?? 0));
  });
});
