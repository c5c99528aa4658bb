import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildFuzzBundle } from './buildFuzzBundle';
import { formatReport, runCampaign, runCases, type KnownViolation } from './campaign';
import type { FuzzCase } from './fuzzCase';

/**
 * The fuzz command line (`npm run fuzz -- ...`, started by test/fuzz/fuzz.mjs):
 *
 *   --runs N            most runs (default 10000)
 *   --seed S            campaign seed (default: the current time, printed)
 *   --time-limit-ms T   per-run wall-time limit; a run past it is a hang (default 10000)
 *   --minutes M         stop starting runs after M minutes (default: no limit)
 *   --first I           first run index (default 0)
 *   --only I            run only index I (reproduces one run: --seed S --only I)
 *   --case FILE         run the case of a reproduction file (written by a campaign, or test/fuzz/fixed/*.json)
 *   --out DIR           reproduction files and report.json (default .stepscope-tmp/fuzz/<seed>)
 *   --no-shrink         write failing cases as found, unshrunk
 *   --shrink-known      shrink known violations too
 *
 * Exits 1 when a violation not listed in test/fuzz/known-violations.json was found.
 */

/** Parsed command-line options. */
export interface FuzzCliOptions {
  runs: number;
  seed: number;
  timeLimitMs: number;
  minutes?: number;
  first: number;
  outDir: string;
  shrink: boolean;
  shrinkKnown: boolean;
  /** A reproduction file to run instead of a campaign. */
  caseFile?: string;
}

/** Parses `argv` (without node and script); throws an Error with a usage message on bad input. */
export function parseFuzzArgs(argv: readonly string[], repoRoot: string): FuzzCliOptions {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-shrink' || a === '--shrink-known') flags.add(a);
    else if (a.startsWith('--') && i + 1 < argv.length) values.set(a, argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  const num = (name: string, fallback: number): number => {
    const v = values.get(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} wants a non-negative number, got ${v}`);
    return n;
  };
  for (const k of values.keys()) {
    if (!['--runs', '--seed', '--time-limit-ms', '--minutes', '--first', '--only', '--out', '--case'].includes(k)) throw new Error(`unknown option ${k}`);
  }
  const seed = num('--seed', Date.now() % 2 ** 32) >>> 0;
  const only = values.has('--only') ? num('--only', 0) : undefined;
  return {
    runs: only !== undefined ? 1 : num('--runs', 10_000),
    seed,
    timeLimitMs: num('--time-limit-ms', 10_000),
    minutes: values.has('--minutes') ? num('--minutes', 0) : undefined,
    first: only ?? num('--first', 0),
    outDir: resolve(values.get('--out') ?? join(repoRoot, '.stepscope-tmp', 'fuzz', String(seed))),
    shrink: !flags.has('--no-shrink'),
    shrinkKnown: flags.has('--shrink-known'),
    caseFile: values.has('--case') ? resolve(values.get('--case') as string) : undefined,
  };
}

/** Runs the CLI. Promises: resolves to the process exit code. */
export async function main(argv: readonly string[], repoRoot: string): Promise<number> {
  let options: FuzzCliOptions;
  try {
    options = parseFuzzArgs(argv, repoRoot);
  } catch (err) {
    console.error(`fuzz: ${(err as Error).message}\nusage: npm run fuzz -- [--runs N] [--seed S] [--time-limit-ms T] [--minutes M] [--first I | --only I] [--out DIR] [--no-shrink] [--shrink-known] | --case FILE`);
    return 2;
  }
  const known = JSON.parse(readFileSync(join(repoRoot, 'test/fuzz/known-violations.json'), 'utf8')) as Record<string, KnownViolation>;
  const workerFile = await buildFuzzBundle(repoRoot);
  if (options.caseFile !== undefined) {
    const file = JSON.parse(readFileSync(options.caseFile, 'utf8')) as { case?: FuzzCase } & FuzzCase;
    const [outcome] = await runCases({ repoRoot, workerFile, timeLimitMs: options.timeLimitMs }, [file.case ?? file]);
    console.log(`${options.caseFile}: ${outcome.result}, ${outcome.events} events, ${outcome.children} child histories, ${outcome.ms} ms`);
    for (const v of outcome.violations) console.log(`  ${known[v.key] !== undefined ? 'known' : 'NEW  '} ${v.key}: ${v.message}`);
    return outcome.violations.some((v) => known[v.key] === undefined) ? 1 : 0;
  }
  console.log(`fuzz: seed ${options.seed}, up to ${options.runs} runs from index ${options.first}, per-run limit ${options.timeLimitMs} ms${options.minutes !== undefined ? `, ${options.minutes} min` : ''}; findings → ${options.outDir}`);
  const report = await runCampaign({
    repoRoot,
    workerFile,
    seed: options.seed,
    runs: options.runs,
    first: options.first,
    budgetMs: options.minutes !== undefined ? options.minutes * 60_000 : undefined,
    timeLimitMs: options.timeLimitMs,
    shrink: options.shrink,
    shrinkKnown: options.shrinkKnown,
    outDir: options.outDir,
    known,
    log: (line) => console.log(line),
  });
  const text = formatReport(report);
  console.log(text);
  mkdirSync(options.outDir, { recursive: true });
  writeFileSync(join(options.outDir, 'report.json'), `${JSON.stringify({ ...report, findings: report.findings.map(({ reproduction: _r, ...f }) => f) }, null, 1)}\n`);
  writeFileSync(join(options.outDir, 'report.txt'), `${text}\n`);
  return report.findings.some((f) => !f.known) ? 1 : 0;
}
