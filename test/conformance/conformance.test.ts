/**
 * Runs every AWS-recorded case in test/fixtures/conformance/aws-recorded through the engine (or the
 * validator) and compares the outcome with what AWS recorded.
 *
 * known-failures.json lists the cases that do not match yet, each with its reason. A listed case
 * is run with `it.fails`, so a case that starts passing fails the suite until it is removed from
 * the list: the list can only shrink. A case that is not listed and fails, fails the suite.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCase } from '../../src-main/common/conformance/conformanceCase';
import { runCase } from '../../src-main/common/conformance/runCase';
import type { Json } from '../../src-main/common/json';

const CORPUS = join(__dirname, '../../test/fixtures/conformance/aws-recorded');
const knownFailures = JSON.parse(readFileSync(join(__dirname, 'known-failures.json'), 'utf8')) as Record<string, string>;

function listCases(): { category: string; file: string }[] {
  const out: { category: string; file: string }[] = [];
  for (const category of readdirSync(CORPUS).sort()) {
    for (const name of readdirSync(join(CORPUS, category)).sort()) {
      if (name.endsWith('.json')) out.push({ category, file: join(CORPUS, category, name) });
    }
  }
  return out;
}

async function check(file: string): Promise<void> {
  const testCase = loadCase(JSON.parse(readFileSync(file, 'utf8')) as Json);
  const { result } = await runCase(testCase);
  if (!result.ok) {
    const m = result.firstMismatch;
    expect.fail(`${m.where}: ${m.message}`);
  }
}

describe('AWS-recorded conformance corpus', () => {
  const cases = listCases();
  const ids = new Set(cases.map((c) => `${c.category}/${c.file.split('/').pop()!.replace(/\.json$/, '')}`));

  it('lists only known failures that exist in the corpus', () => {
    const stale = Object.keys(knownFailures).filter((id) => !ids.has(id));
    expect(stale).toEqual([]);
  });

  const byCategory = new Map<string, string[]>();
  for (const c of cases) {
    const list = byCategory.get(c.category) ?? [];
    list.push(c.file);
    byCategory.set(c.category, list);
  }
  for (const [category, files] of byCategory) {
    describe(category, () => {
      for (const file of files) {
        const id = `${category}/${file.split('/').pop()!.replace(/\.json$/, '')}`;
        const reason = knownFailures[id];
        if (reason !== undefined) it.fails(`${id} (known failure: ${reason})`, () => check(file));
        else it(id, () => check(file));
      }
    });
  }
});
