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
const UPDATE: FinishUpdate = { status: 'SUCCEEDED', output: '{}', error: null, cause: null, stopDate: 0 };

/** Enough turns of the microtask queue for a recording to take the engine for quiet. */
const QUIET = 20;
async function microtaskTurns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

/** A clock the test moves by hand (RecordingTuning.now). */
function manualClock() {
  let ms = 0;
  return { now: () => ms, set: (to: number) => void (ms = to) };
}

describe('a recording with a writer thread', () => {
  it('hands nothing over during a synchronous stretch of the run, then everything at its next yield point (an await)', async () => {
    const target = fakeTarget(true);
    const clock = manualClock();
    const recording = new ExecutionRecording(1, target, { batchSize: 4, now: clock.now });
    for (let id = 1; id <= 10; id++) recording.sink.emit(event(id));
    expect(target.sent).toEqual([]);
    expect(recording.pending).toBe(10);
    expect(target.unsent.has(recording)).toBe(true);
    // The engine awaits and emits nothing more (it waits, or a JSONata evaluation awaits step by
    // step): a few turns of the microtask queue, no turn of the event loop.
    await microtaskTurns(QUIET);
    expect(ids(target.sent)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(target.sent.map((m) => m.kind)).toEqual(['batch', 'batch', 'batch']);
    expect(target.unsent.has(recording)).toBe(false);
    await recording.finish(UPDATE);
    expect(target.sent.at(-1)).toMatchObject({ kind: 'finish', executionId: 1 });
    expect(recording.handedOver).toBe(10);
    expect(recording.handoverMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps filling batches while the engine emits between its awaits, and hands over once it is quiet', async () => {
    const target = fakeTarget(true);
    const recording = new ExecutionRecording(1, target, { batchSize: 100, now: manualClock().now });
    // A Map's iterations taking turns: an event at every turn of the microtask queue.
    for (let id = 1; id <= 50; id++) {
      recording.sink.emit(event(id));
      await Promise.resolve();
    }
    expect(target.sent).toEqual([]);
    await microtaskTurns(QUIET);
    expect(target.sent.map((m) => m.kind)).toEqual(['batch']);
    expect(ids(target.sent)).toHaveLength(50);
  });

  it('hands a partial batch over at the append that finds the oldest waiting event maxDeferredMs old (issue #18 item 3)', () => {
    const target = fakeTarget(true);
    const clock = manualClock();
    const recording = new ExecutionRecording(1, target, { now: clock.now });
    // Fewer events than a batch, in a stretch of the run that never yields.
    for (let id = 1; id <= 400; id++) recording.sink.emit(event(id));
    clock.set(249);
    recording.sink.emit(event(401));
    expect(target.sent).toEqual([]);
    clock.set(250);
    recording.sink.emit(event(402));
    expect(ids(target.sent)).toEqual(Array.from({ length: 402 }, (_, i) => i + 1));
    expect(recording.pending).toBe(0);
    // The next wait starts at the next append.
    clock.set(1000);
    recording.sink.emit(event(403));
    clock.set(1249);
    recording.sink.emit(event(404));
    expect(recording.pending).toBe(2);
    clock.set(1250);
    recording.sink.emit(event(405));
    expect(recording.pending).toBe(0);
    expect(ids(target.sent).slice(-3)).toEqual([403, 404, 405]);
  });

  it('hands queued full batches over with the age check too, bounding what a crash can lose', () => {
    const target = fakeTarget(true);
    const clock = manualClock();
    const recording = new ExecutionRecording(1, target, { batchSize: 2, maxDeferredMs: 20, now: clock.now });
    for (let id = 1; id <= 4; id++) recording.sink.emit(event(id));
    expect(target.sent).toEqual([]);
    clock.set(30);
    recording.sink.emit(event(5));
    expect(ids(target.sent)).toEqual([1, 2, 3, 4, 5]);
    recording.sink.emit(event(6));
    expect(recording.pending).toBe(1);
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
