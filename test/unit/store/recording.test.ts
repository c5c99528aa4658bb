import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import type { FinishUpdate, WriterMessage } from '../../../src-main/node/store/eventWriter';
import { forEachEventRow } from '../../../src-main/node/store/eventBatch';
import { ExecutionRecording, type EventWriterTarget } from '../../../src-main/node/store/recording';

/** A target that only records what it is sent. */
function fakeTarget(defersHandover: boolean) {
  const sent: WriterMessage[] = [];
  const unsent = new Set<ExecutionRecording>();
  const target: EventWriterTarget & { sent: WriterMessage[]; unsent: Set<ExecutionRecording> } = {
    sent,
    defersHandover,
    unsent,
    send: (m) => void sent.push(m),
    finish: async (m) => void sent.push({ ...m, ticket: 0 }),
    committed: () => 0,
    idle: async () => {},
  };
  return target;
}

const event = (id: number): HistoryEvent => ({ id, previousEventId: id - 1, timestamp: '2024-01-01T00:00:00.000Z', type: 'PassStateEntered', stateEnteredEventDetails: { name: 'P', input: '{}' } });
const ids = (messages: WriterMessage[]) =>
  messages.flatMap((m) => {
    if (m.kind !== 'batch') return [];
    const out: number[] = [];
    forEachEventRow(m.text, (r) => out.push(r.id));
    return out;
  });
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const UPDATE: FinishUpdate = { status: 'SUCCEEDED', output: '{}', error: null, cause: null, stopDate: 0 };

describe('a recording with a writer thread', () => {
  it('hands nothing over during a synchronous stretch of the run, then one batch per turn of the event loop', async () => {
    const target = fakeTarget(true);
    const recording = new ExecutionRecording(1, target, { batchSize: 4 });
    for (let id = 1; id <= 10; id++) recording.sink.emit(event(id));
    expect(target.sent).toEqual([]);
    expect(recording.pending).toBe(10);
    expect(target.unsent.has(recording)).toBe(true);
    await turn();
    expect(ids(target.sent)).toEqual([1, 2, 3, 4]);
    await turn();
    expect(ids(target.sent)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(target.unsent.has(recording)).toBe(false);
    await recording.finish(UPDATE);
    expect(ids(target.sent)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(target.sent.at(-1)).toMatchObject({ kind: 'finish', executionId: 1 });
    expect(recording.handedOver).toBe(10);
    expect(recording.handoverMs).toBeGreaterThanOrEqual(0);
  });

  it('hands everything queued over once the oldest batch has waited longer than maxDeferredMs, bounding what a crash can lose', () => {
    const target = fakeTarget(true);
    const recording = new ExecutionRecording(1, target, { batchSize: 2, maxDeferredMs: 20 });
    for (let id = 1; id <= 4; id++) recording.sink.emit(event(id));
    expect(target.sent).toEqual([]);
    const until = performance.now() + 30;
    while (performance.now() < until) {
      // a synchronous stretch of the run: the event loop does not turn
    }
    for (let id = 5; id <= 6; id++) recording.sink.emit(event(id));
    expect(ids(target.sent)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(recording.pending).toBe(0);
  });

  it('hands the oldest batches over during the run past maxDeferredEvents', () => {
    const target = fakeTarget(true);
    const recording = new ExecutionRecording(1, target, { batchSize: 2, maxDeferredEvents: 4 });
    for (let id = 1; id <= 9; id++) recording.sink.emit(event(id));
    expect(ids(target.sent)).toEqual([1, 2, 3, 4]);
    expect(recording.pending).toBe(5);
  });

  it('hands everything over at finish, in order, with the finish last', async () => {
    const target = fakeTarget(true);
    const recording = new ExecutionRecording(3, target, { batchSize: 3 });
    for (let id = 1; id <= 11; id++) recording.sink.emit(event(id));
    await recording.finish(UPDATE);
    expect(ids(target.sent)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(target.sent.map((m) => m.kind)).toEqual(['batch', 'batch', 'batch', 'batch', 'finish']);
    await expect(recording.finish(UPDATE)).rejects.toThrow(/already finished/);
  });

  it('flush hands over everything kept, partial batch included, at once', () => {
    const target = fakeTarget(true);
    const recording = new ExecutionRecording(1, target, { batchSize: 4 });
    for (let id = 1; id <= 6; id++) recording.sink.emit(event(id));
    recording.flush();
    expect(ids(target.sent)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(recording.pending).toBe(0);
  });
});

describe('a recording written in the calling thread', () => {
  it('hands each batch over as it fills', () => {
    const target = fakeTarget(false);
    const recording = new ExecutionRecording(1, target, { batchSize: 2, maxDeferredEvents: 100 });
    for (let id = 1; id <= 5; id++) recording.sink.emit(event(id));
    expect(ids(target.sent)).toEqual([1, 2, 3, 4]);
    expect(recording.pending).toBe(1);
  });
});
