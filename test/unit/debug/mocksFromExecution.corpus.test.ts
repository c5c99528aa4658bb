/**
 * "Mocks from this execution" over the AWS-recorded corpus: for every execution case whose run
 * passes, mocks derived from the RECORDED history (not the case's own mock config) must reproduce
 * the run: same status and output, same sequence of event types and state names.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCase, type ExecutionCase } from '../../../src-main/common/conformance/conformanceCase';
import { runCase } from '../../../src-main/common/conformance/runCase';
import type { Json, JsonObject } from '../../../src-main/common/json';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import { mocksFromExecution } from '../../../src-main/common/debug/mocksFromExecution';
import { detailsOf } from '../../../src-main/common/history/events';

const CORPUS = join(__dirname, '../../../test/fixtures/conformance/aws-recorded');

function executionCases(): ExecutionCase[] {
  const out: ExecutionCase[] = [];
  for (const category of readdirSync(CORPUS).sort()) {
    if (category === 'validation') continue;
    for (const name of readdirSync(join(CORPUS, category)).sort()) {
      if (!name.endsWith('.json')) continue;
      const c = loadCase(JSON.parse(readFileSync(join(CORPUS, category, name), 'utf8')) as Json);
      if (c.kind === 'execution' && c.expected.history !== undefined) out.push(c);
    }
  }
  return out;
}

/** Event type and state name of each event (the path), as one comparable line each. */
function pathOf(events: readonly (HistoryEvent | JsonObject)[]): string[] {
  return events.map((e) => {
    const name = detailsOf(e as HistoryEvent)?.name;
    return `${String(e.type)}${typeof name === 'string' ? ` ${name}` : ''}`;
  });
}

const cases = executionCases();

describe('mocks from an execution, over the recorded corpus', () => {
  it('reproduces every passing recorded execution from mocks derived from its history', async () => {
    let passing = 0;
    let samePath = 0;
    let sameHistory = 0;
    const problems: string[] = [];
    for (const testCase of cases) {
      const original = await runCase(testCase);
      if (!original.result.ok) continue;
      passing++;
      const history = testCase.expected.history as unknown as HistoryEvent[];
      const derived = mocksFromExecution(history, { stateMachineName: 'Case', testCaseName: 'Recorded' });
      const replay = await runCase({ ...testCase, mockConfig: derived.config, mockExtras: derived.extras as never });
      if (replay.result.ok) sameHistory++;
      const run = replay.run;
      const normalised = testCase.expected.historyNormalisation !== undefined;
      const expectedPath = pathOf(history);
      const actualPath = run ? pathOf(run.events) : [];
      const pathOk = normalised
        ? [...expectedPath].sort().join('\n') === [...actualPath].sort().join('\n')
        : expectedPath.join('\n') === actualPath.join('\n');
      if (replay.result.ok || (pathOk && run?.status === testCase.expected.status)) samePath++;
      if (!replay.result.ok) problems.push(`${testCase.id}: ${replay.result.firstMismatch.where}: ${replay.result.firstMismatch.message}`.slice(0, 300));
    }
    console.log(`mocks from execution: ${sameHistory}/${passing} passing cases reproduce the whole recorded history (corpus comparison rules); ${samePath}/${passing} at least the status and the path`);
    if (problems.length > 0) console.log(problems.join('\n'));
    expect(passing).toBeGreaterThan(0);
    expect(sameHistory / passing).toBeGreaterThanOrEqual(0.98);
    expect(samePath / passing).toBeGreaterThanOrEqual(0.99);
  }, 600_000);
});
