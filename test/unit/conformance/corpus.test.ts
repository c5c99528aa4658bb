import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCase, type ExecutionCase } from '../../../src-main/common/conformance/conformanceCase';
import { compareRun } from '../../../src-main/common/conformance/compareRun';
import { createCaseInvoker } from '../../../src-main/common/conformance/caseInvoker';
import type { Json, JsonObject } from '../../../src-main/common/json';

const CORPUS = join(__dirname, '../../../test/fixtures/conformance/aws-recorded');

function corpusFiles(): string[] {
  const files: string[] = [];
  for (const category of readdirSync(CORPUS).sort()) {
    const dir = join(CORPUS, category);
    for (const name of readdirSync(dir).sort()) if (name.endsWith('.json')) files.push(join(dir, name));
  }
  return files;
}

/** The recorded history as our engine would emit it: details payloads as JSON text. */
function asEmitted(event: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(event)) {
    if (!key.endsWith('EventDetails') || value === null || typeof value !== 'object' || Array.isArray(value)) {
      out[key] = value;
      continue;
    }
    const details: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'assignedVariables' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
        const vars: JsonObject = {};
        for (const [name, text] of Object.entries(v)) vars[name] = typeof text === 'string' ? text : JSON.stringify(text);
        details[k] = vars;
      } else if (!k.endsWith('Details') && v !== null && typeof v === 'object') details[k] = JSON.stringify(v);
      else details[k] = v;
    }
    out[key] = details;
  }
  return out;
}

const files = corpusFiles();

describe('the AWS-recorded corpus', () => {
  it('loads every case and builds an invoker from every mock config', () => {
    const problems: string[] = [];
    for (const file of files) {
      try {
        const testCase = loadCase(JSON.parse(readFileSync(file, 'utf8')) as Json);
        if (testCase.kind === 'execution') {
          const invoker = createCaseInvoker(testCase);
          if (!invoker.ok) problems.push(`${file}: ${JSON.stringify(invoker.diagnostics)}`);
        }
      } catch (e) {
        problems.push(`${file}: ${(e as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('matches every recorded history against itself as emitted JSON text (non-normalised cases)', () => {
    const problems: string[] = [];
    for (const file of files) {
      const testCase = loadCase(JSON.parse(readFileSync(file, 'utf8')) as Json);
      if (testCase.kind !== 'execution' || testCase.expected.historyNormalisation) continue;
      const e = testCase.expected;
      const run = {
        status: e.status,
        output: e.output,
        error: e.error,
        cause: e.cause === undefined || typeof e.cause === 'string' ? e.cause : JSON.stringify(e.cause),
        events: (e.history ?? []).map(asEmitted),
      };
      const result = compareRun(testCase as ExecutionCase, run);
      if (!result.ok) problems.push(`${testCase.id}: ${result.firstMismatch.where}: ${result.firstMismatch.message}`);
    }
    expect(problems).toEqual([]);
  });
});
