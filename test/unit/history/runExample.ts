import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import type { Json } from '../../../src-main/common/json';
import { parseMockConfig } from '../../../src-main/common/mocks/mockConfig';
import { createMockInvoker } from '../../../src-main/common/mocks/mockInvoker';

const EXAMPLES = join(__dirname, '../../../resources/examples');
const CORPUS = join(__dirname, '../../../test/fixtures/conformance/aws-recorded');

/** A gallery example's definition text and parsed definition. */
export function exampleDefinition(example: string): { text: string; definition: StateMachineDefinition } {
  const text = readFileSync(join(EXAMPLES, example, 'definition.json'), 'utf8');
  return { text, definition: JSON.parse(text) as StateMachineDefinition };
}

/** Runs one test case of a gallery example in the engine (virtual clock, seed 0) and returns its events. */
export async function runExample(example: string, testCase: string): Promise<HistoryEvent[]> {
  const folder = join(EXAMPLES, example);
  const manifest = JSON.parse(readFileSync(join(folder, 'example.json'), 'utf8')) as { stateMachine: string };
  const parsed = parseMockConfig(JSON.parse(readFileSync(join(folder, 'mocks.json'), 'utf8')) as Json);
  if (!parsed.ok) throw new Error(`${example}: invalid mocks`);
  const result = await runExecution({
    definition: exampleDefinition(example).definition,
    input: JSON.parse(readFileSync(join(folder, 'input.json'), 'utf8')) as Json,
    invoker: createMockInvoker(parsed.config, { stateMachine: manifest.stateMachine, testCase }),
    stateMachineName: manifest.stateMachine,
    executionName: testCase,
  });
  return result.events;
}

/** A recorded conformance case: its definition and AWS's history. */
export function corpusCase(id: string): { definition: StateMachineDefinition; history: HistoryEvent[] } {
  const c = JSON.parse(readFileSync(join(CORPUS, `${id}.json`), 'utf8')) as { definition: StateMachineDefinition; expected: { history?: HistoryEvent[] } };
  return { definition: c.definition, history: c.expected.history ?? [] };
}

/** The ids of every recorded case that has a history. */
export function corpusCaseIds(): string[] {
  const ids: string[] = [];
  for (const category of readdirSync(CORPUS)) {
    for (const file of readdirSync(join(CORPUS, category))) if (file.endsWith('.json')) ids.push(`${category}/${file.slice(0, -5)}`);
  }
  return ids.sort();
}
