import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import { placeEvents } from '../../../src-main/common/history/placement';
import { openStore, type ExecutionStore } from '../../../src-main/node/store';

/**
 * The store's per-event state column is written by the recorder (batch texts) and by imports
 * (event objects), each one event at a time; both must say what event placement says.
 */

const CORPUS = join(__dirname, '../../../test/fixtures/conformance/aws-recorded');

let dir: string;
let store: ExecutionStore | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepscope-state-column-'));
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Every recorded history whose ids are real (imports refuse placeholder ids). */
function histories(): { id: string; events: HistoryEvent[] }[] {
  const out: { id: string; events: HistoryEvent[] }[] = [];
  for (const category of readdirSync(CORPUS).sort()) {
    if (category === 'validation' || category.endsWith('.md')) continue;
    for (const file of readdirSync(join(CORPUS, category)).sort()) {
      const c = JSON.parse(readFileSync(join(CORPUS, category, file), 'utf8')) as { expected?: { history?: HistoryEvent[] } };
      const events = c.expected?.history;
      if (events !== undefined && events.length > 0 && events.every((e) => typeof e.id === 'number')) out.push({ id: `${category}/${file}`, events });
    }
  }
  return out;
}

const base = {
  sources: ['x.json'], stateMachineName: 'Case', stateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:Case',
  type: 'STANDARD' as const, status: 'FAILED' as const, input: null, output: null, error: null, cause: null, startDate: null, stopDate: null,
  definition: { value: {}, text: '{}', format: 'json' as const, reconstructed: true }, mockConfig: null, testCase: null, seed: null, origin: 'import' as const,
};

describe("the store's state column", () => {
  it('is event placement\'s state for every event, recorded or imported', async () => {
    store = openStore({ path: join(dir, 's.db'), writerWorker: false });
    const all = histories();
    expect(all.length).toBeGreaterThan(400);
    const imported = await store.importExecutions(all.map((h, i) => ({ ...base, name: `h${i}`, executionArn: `arn:aws:states:us-east-1:111111111111:execution:Case:h${i}`, events: h.events })));
    const recorded: number[] = [];
    for (const [i, h] of all.entries()) {
      const recording = store.startRecording({
        stateMachine: { name: 'Case', arn: base.stateMachineArn },
        definition: { text: '{"StartAt":"X","States":{"X":{"Type":"Succeed"}}}', format: 'json', sourcePath: 'case.json' },
        name: `r${i}`,
        arn: `arn:aws:states:us-east-1:111111111111:execution:Case:r${i}`,
        input: '{}',
        startDate: Date.UTC(2024, 0, 1),
      }, { batchSize: 7 });
      for (const e of h.events) recording.sink.emit(e);
      await recording.finish({ status: 'FAILED', output: null, error: null, cause: null, stopDate: Date.UTC(2024, 0, 1) });
      recorded.push(recording.executionId);
    }
    for (const [i, h] of all.entries()) {
      const places = placeEvents(h.events);
      const expected = new Map(h.events.map((e, pos) => [e.id, places[pos].state]));
      expect(store.eventStates(imported[i]), `${h.id} imported`).toEqual(expected);
      expect(store.eventStates(recorded[i]), `${h.id} recorded`).toEqual(expected);
    }
    // A formerly wrong one: the EvaluationFailed of Fallback, the Catch target inside iteration 0.
    const at = all.findIndex((h) => h.id === 'states_variables/test_map_catch_error__MAP_CATCH_ERROR_OUTPUT_WITH_RETRY.json');
    expect(store.eventIdsByState(recorded[at], 'Fallback')).toEqual([13, 14]);
  }, 120_000);
});
