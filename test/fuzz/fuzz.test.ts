import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFuzzBundle, fuzzBundleDir } from './buildFuzzBundle';
import { formatReport, runCampaign, runCases, type KnownViolation } from './campaign';
import type { FuzzCase } from './fuzzCase';

/**
 * The bounded fuzz run of the test suite (issue #18, "keep it that way"): a fixed seed, at most
 * RUNS runs or BUDGET_MS of wall time, whichever comes first, each run under RUN_LIMIT_MS. It
 * fails on any kind of violation that test/fuzz/known-violations.json does not list, with a
 * shrunk reproduction written to .stepscope-tmp/fuzz-ci. Each listed violation must still be
 * shown by its reproduction file, so a fix fails the suite until its entry is removed: the list
 * can only shrink. Long campaigns: `npm run fuzz -- --runs N --seed S --time-limit-ms T`.
 */

const repoRoot = join(__dirname, '../..');
const SEED = 0x18;
const RUNS = 2_000;
const BUDGET_MS = 60_000;
const RUN_LIMIT_MS = 5_000;
const known = JSON.parse(readFileSync(join(__dirname, 'known-violations.json'), 'utf8')) as Record<string, KnownViolation>;

let workerFile = '';
beforeAll(async () => {
  workerFile = await buildFuzzBundle(repoRoot, join(fuzzBundleDir(repoRoot), 'test'));
});

describe('fuzzing the validator and the engine (history invariants, no exceptions, no hangs)', () => {
  it(`finds no new kind of violation in ${RUNS} runs or ${BUDGET_MS / 1000} s (seed ${SEED})`, async () => {
    const report = await runCampaign({
      repoRoot,
      workerFile,
      seed: SEED,
      runs: RUNS,
      budgetMs: BUDGET_MS,
      timeLimitMs: RUN_LIMIT_MS,
      shrink: true,
      shrinkBudgetMs: 20_000,
      outDir: join(repoRoot, '.stepscope-tmp', 'fuzz-ci'),
      known,
    });
    const text = formatReport(report);
    console.log(text);
    const fresh = report.findings.filter((f) => !f.known).map((f) => `${f.key}: ${f.message.split('\n')[0]}\n  reproduce: npm run fuzz -- --seed ${SEED} --only ${f.firstIndex}${f.reproductionFile !== undefined ? `\n  shrunk case: ${f.reproductionFile}` : ''}`);
    expect(fresh, text).toEqual([]);
    // Guards the mix: the engine must see real work, not only invalid definitions.
    const executed = report.runs - (report.results.invalid ?? 0);
    expect(executed, text).toBeGreaterThan(report.runs / 3);
    expect(report.runs).toBeGreaterThan(50);
  }, BUDGET_MS + 120_000);
});

describe('known violations (test/fuzz/known-violations.json: the list can only shrink)', () => {
  it('every entry has a reason, an issue item and a reproduction file', () => {
    for (const [key, v] of Object.entries(known)) {
      expect(typeof v.reason === 'string' && v.reason.length > 0, key).toBe(true);
      expect(v.issue, key).toMatch(/^#\d+/);
      expect(existsSync(join(repoRoot, v.reproduction)), `${key}: ${v.reproduction}`).toBe(true);
    }
  });

  for (const [key, v] of Object.entries(known)) {
    it(`${key} still reproduces (${v.issue}: ${v.reason.slice(0, 80)}); when fixed, remove the entry`, async () => {
      const fuzzCase = (JSON.parse(readFileSync(join(repoRoot, v.reproduction), 'utf8')) as { case: FuzzCase }).case;
      const [outcome] = await runCases({ repoRoot, workerFile, timeLimitMs: RUN_LIMIT_MS }, [fuzzCase]);
      expect(outcome.violations.map((x) => x.key)).toContain(key);
    }, RUN_LIMIT_MS * 3 + 30_000);
  }
});

describe('violations fixed since they were found (test/fuzz/fixed: each reproduction stays clean)', () => {
  const dir = join(repoRoot, 'test/fuzz/fixed');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    it(`${name} runs with no violation (issue #18)`, async () => {
      const fuzzCase = (JSON.parse(readFileSync(join(dir, name), 'utf8')) as { case: FuzzCase }).case;
      const [outcome] = await runCases({ repoRoot, workerFile, timeLimitMs: RUN_LIMIT_MS }, [fuzzCase]);
      expect(outcome.violations.map((x) => x.key)).toEqual([]);
    }, RUN_LIMIT_MS * 3 + 30_000);
  }
});
