import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assembleImport,
  classifyImportDocument,
  executionFromDocument,
  type ImportedExecution,
} from '../../../src-main/common/history/historyImport';
import type { Json, JsonObject } from '../../../src-main/common/json';
import { openStore, type ExecutionRecord, type ExecutionStore } from '../../../src-main/node/store';

/** Import → export → import over every AWS-recorded history of test/fixtures/conformance. */
const CORPUS = join(__dirname, '../../../test/fixtures/conformance/aws-recorded');

function* caseFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* caseFiles(full);
    else if (name.endsWith('.json')) yield full;
  }
}

let dir: string;
let store: ExecutionStore;
const cases: { file: string; execution: ImportedExecution }[] = [];
let firstIds: number[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stepscope-roundtrip-'));
  store = openStore({ path: join(dir, 's.db'), writerWorker: false });
  for (const file of caseFiles(CORPUS)) {
    const value = JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
    const expected = value.expected as JsonObject | undefined;
    if (!Array.isArray(expected?.history) || expected.historyNormalisation) continue;
    const doc = classifyImportDocument(value, file);
    if (!doc.ok || doc.value.kind !== 'conformanceCase') throw new Error(`${file}: not a case`);
    const r = executionFromDocument(doc.value);
    if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.problems)}`);
    cases.push({ file, execution: r.value });
  }
  firstIds = await store.importExecutions(cases.map((c) => c.execution));
});

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function data(record: ExecutionRecord | undefined) {
  if (!record) throw new Error('missing execution');
  const { status, input, output, error, cause, startDate, stopDate, eventCount } = record;
  return { status, input, output, error, cause, startDate, stopDate, eventCount };
}

describe('round trips over every history in test/fixtures/conformance', () => {
  it('stores each case exactly as recorded', () => {
    expect(cases.length).toBeGreaterThan(500);
    cases.forEach((c, i) => {
      expect({ file: c.file, events: store.loadEvents(firstIds[i]) }).toEqual({ file: c.file, events: c.execution.events });
      // The fast-loading snapshot and the event rows agree.
      expect({ file: c.file, events: store.loadEventRows(firstIds[i]) }).toEqual({ file: c.file, events: c.execution.events });
    });
  });

  it('import → export (GetExecutionHistory JSON) → import gives identical data', async () => {
    const again: ImportedExecution[] = [];
    for (const [i, c] of cases.entries()) {
      const exported = JSON.parse(JSON.stringify(store.exportHistory(firstIds[i]))) as Json;
      const doc = classifyImportDocument(exported, `${c.file}.export`);
      if (!doc.ok) throw new Error(JSON.stringify(doc.problems));
      const r = assembleImport([doc.value]);
      if (!r.ok) throw new Error(`${c.file}: ${JSON.stringify(r.problems)}`);
      again.push(r.value);
    }
    const secondIds = await store.importExecutions(again);
    cases.forEach((c, i) => {
      expect({ file: c.file, events: store.loadEvents(secondIds[i]) }).toEqual({ file: c.file, events: store.loadEvents(firstIds[i]) });
      expect({ file: c.file, ...data(store.getExecution(secondIds[i])) }).toEqual({ file: c.file, ...data(store.getExecution(firstIds[i])) });
    });
  });

  it('import → export --bundle → import keeps definition, mock config and history', async () => {
    const again: ImportedExecution[] = [];
    for (const [i, c] of cases.entries()) {
      const bundle = JSON.parse(JSON.stringify(store.exportBundle(firstIds[i]))) as Json;
      const doc = classifyImportDocument(bundle, `${c.file}.bundle`);
      if (!doc.ok || doc.value.kind !== 'bundle') throw new Error(`${c.file}: not a bundle`);
      const r = executionFromDocument(doc.value);
      if (!r.ok) throw new Error(`${c.file}: ${JSON.stringify(r.problems)}`);
      again.push(r.value);
    }
    const thirdIds = await store.importExecutions(again);
    cases.forEach((c, i) => {
      const first = store.getExecution(firstIds[i])!;
      const third = store.getExecution(thirdIds[i])!;
      expect({ file: c.file, ...data(third), name: third.name, arn: third.arn, machine: third.stateMachineName, testCase: third.testCase }).toEqual({
        file: c.file, ...data(first), name: first.name, arn: first.arn, machine: first.stateMachineName, testCase: first.testCase,
      });
      expect(store.getDefinition(third.definitionId!)?.text).toBe(store.getDefinition(first.definitionId!)?.text);
      expect(third.mockConfigId === null ? null : store.getMockConfig(third.mockConfigId)?.content).toEqual(first.mockConfigId === null ? null : store.getMockConfig(first.mockConfigId)?.content);
      expect(store.loadEvents(thirdIds[i])).toEqual(store.loadEvents(firstIds[i]));
    });
  });
});
