import { dirname, relative, resolve } from 'node:path';
import type { Json } from '../../../common/json';
import { coverageFile, formatCoverage, type MachineCoverage, coverageModel } from '../../../common/usertests/coverage';
import { resolveTestFile, TestFileError, type ResolvedTestFile, type TestFileReader } from '../../../common/usertests/resolveTestFile';
import { runUserCase, type CaseMismatch } from '../../../common/usertests/runUserCase';
import { formatSuggestion, suggestCases, type Suggestion, type SuggestionSource } from '../../../common/usertests/suggest';
import { parseTestFile, type UserTestCase } from '../../../common/usertests/testFile';
import { CliError, EXIT, UsageError } from '../errors';
import { parseDataText, readTextFile, writeJsonFile, writeTextFile } from '../files';
import { indent, jsonBlock } from '../format';
import type { CliIo } from '../io';
import { junitXml, type JunitSuite } from './junit';

/**
 * `stepscope test` on users' test files (*.sfn-test.json|yaml): runs each case, prints the first
 * mismatch of each failing case, and writes the `--json` / `--junit` reports and coverage.
 */

/** Options of a user-test run (parsed by test.ts). */
export interface UserTestOptions {
  json?: string;
  junit?: string;
  shard?: { index: number; count: number };
  coverage: boolean;
  coverageFile?: string;
  suggest: boolean;
  filter?: string;
  verbose: boolean;
}

/** One case's result in the `--json` report. */
export interface UserCaseResult {
  file: string;
  case: string;
  stateMachine: string;
  result: 'passed' | 'failed' | 'error';
  message?: string;
  mismatch?: CaseMismatch;
  status?: string;
  path?: string[];
}

/** The `--json` report of a user-test run. */
export interface UserTestReport {
  total: number;
  passed: number;
  failed: number;
  errors: number;
  shard?: string;
  cases: UserCaseResult[];
  /** With --suggest: cases that would cover what the suite left uncovered (or why none could be derived). */
  suggestions?: (Suggestion & { definition: string })[];
}

/** Parses `--shard i/n` (1 ≤ i ≤ n). */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard is i/n with 1 ≤ i ≤ n (e.g. 2/4), not "${text}"`, 'test');
  return { index, count };
}

/** The shard (1-based) of a case: a stable hash of `file › case`, so adding a case moves no other. */
export function shardOf(id: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % count) + 1;
}

function readerFor(io: CliIo, testFile: string): TestFileReader {
  const base = dirname(resolve(io.cwd, testFile));
  return {
    read(path, what) {
      const full = resolve(base, path);
      try {
        return { ok: true, text: readTextFile(io.cwd, relative(io.cwd, full) || full, what) };
      } catch (error) {
        if (error instanceof CliError) return { ok: false, message: error.message };
        throw error;
      }
    },
  };
}

function describeMismatch(m: CaseMismatch): string {
  const lines = [`at ${m.where}${m.eventId !== undefined ? ` (event ${m.eventId})` : ''}`, m.message, 'expected:', indent(jsonBlock(m.expected), '  '), 'actual:', indent(jsonBlock(m.actual), '  ')];
  return lines.join('\n');
}

interface LoadedFile {
  path: string;
  resolved?: ResolvedTestFile;
  reader: TestFileReader;
  cases: UserTestCase[];
  problem?: string;
}

function loadFile(io: CliIo, path: string): LoadedFile {
  const reader = readerFor(io, path);
  try {
    const data = parseDataText(readTextFile(io.cwd, path, 'test file'), path, 'test file');
    const parsed = parseTestFile(data.value);
    if (!parsed.ok) {
      const lines = parsed.problems.map((p) => {
        const at = data.locate(p.pointer);
        return `${path}${at ? `:${at.line}:${at.column}` : ''}: ${p.message}${p.pointer ? ` (at ${p.pointer})` : ''}`;
      });
      return { path, reader, cases: [], problem: `Invalid test file ${path}:\n${lines.join('\n')}` };
    }
    try {
      return { path, reader, cases: parsed.file.cases, resolved: resolveTestFile(parsed.file, reader) };
    } catch (error) {
      if (error instanceof TestFileError) return { path, reader, cases: parsed.file.cases, problem: `${path}: ${error.message}` };
      throw error;
    }
  } catch (error) {
    if (error instanceof CliError) return { path, reader, cases: [], problem: error.message };
    throw error;
  }
}

/** Runs user test files; returns the exit code. */
export async function runUserTests(io: CliIo, files: string[], options: UserTestOptions): Promise<number> {
  const report: UserTestReport = { total: 0, passed: 0, failed: 0, errors: 0, cases: [] };
  if (options.shard) report.shard = `${options.shard.index}/${options.shard.count}`;
  const coverage = new Map<string, MachineCoverage>();
  const suites: JunitSuite[] = [];
  const sources = new Map<string, SuggestionSource[]>();

  for (const path of files) {
    const loaded = loadFile(io, path);
    const smName = loaded.resolved?.stateMachineName ?? '';
    const suite: JunitSuite = { name: path, cases: [] };
    const selected = loaded.cases.filter((c) => {
      const id = `${path} › ${c.name}`;
      if (options.filter !== undefined && !id.includes(options.filter)) return false;
      return options.shard === undefined || shardOf(id, options.shard.count) === options.shard.index;
    });
    if (loaded.problem !== undefined) {
      io.stdout(`ERROR ${path}\n${indent(loaded.problem, '     ')}\n`);
      const names = selected.length > 0 ? selected.map((c) => c.name) : loaded.cases.length === 0 ? ['(file)'] : [];
      for (const name of names) {
        report.total++;
        report.errors++;
        report.cases.push({ file: path, case: name, stateMachine: smName, result: 'error', message: loaded.problem });
        suite.cases.push({ name, classname: `${path}/${smName || 'unknown'}`, error: loaded.problem });
      }
      suites.push(suite);
      continue;
    }
    const resolved = loaded.resolved as ResolvedTestFile;
    const definitionRef = relative(io.cwd, resolve(dirname(resolve(io.cwd, path)), resolved.definitionRef)) || resolved.definitionRef;
    let machine = coverage.get(definitionRef);
    if (options.coverage && machine === undefined) {
      machine = { definitionRef, stateMachineName: smName, definition: resolved.definition, items: coverageModel(resolved.definition), hits: new Map(), cases: [] };
      coverage.set(definitionRef, machine);
    }
    for (const c of selected) {
      report.total++;
      const id = `${path} › ${c.name}`;
      const classname = `${path}/${smName}`;
      try {
        const outcome = await runUserCase(resolved, c, loaded.reader, machine ? { coverage: machine.hits } : {});
        machine?.cases.push(id);
        if (machine) {
          const list = sources.get(definitionRef) ?? [];
          list.push({ file: path, resolved, reader: loaded.reader, testCase: c });
          sources.set(definitionRef, list);
        }
        if (outcome.ok) {
          report.passed++;
          report.cases.push({ file: path, case: c.name, stateMachine: smName, result: 'passed', status: outcome.run.status, path: outcome.path });
          suite.cases.push({ name: c.name, classname });
          if (options.verbose) io.stdout(`PASS ${id}\n`);
        } else {
          const m = outcome.mismatch as CaseMismatch;
          const text = describeMismatch(m);
          report.failed++;
          report.cases.push({ file: path, case: c.name, stateMachine: smName, result: 'failed', message: m.message, mismatch: m, status: outcome.run.status, path: outcome.path });
          suite.cases.push({ name: c.name, classname, failure: { message: `at ${m.where}${m.eventId !== undefined ? ` (event ${m.eventId})` : ''}: ${m.message}`, text } });
          io.stdout(`FAIL ${id}\n${indent(text, '     ')}\n`);
        }
      } catch (error) {
        if (!(error instanceof TestFileError) && !(error instanceof CliError)) throw error;
        const message = `${path}: ${error.message}`;
        report.errors++;
        report.cases.push({ file: path, case: c.name, stateMachine: smName, result: 'error', message });
        suite.cases.push({ name: c.name, classname, error: message });
        io.stdout(`ERROR ${id}\n${indent(message, '     ')}\n`);
      }
    }
    suites.push(suite);
  }

  io.stdout(`\n${report.total} case${report.total === 1 ? '' : 's'}: ${report.passed} passed, ${report.failed} failed${report.errors > 0 ? `, ${report.errors} could not run` : ''}${report.shard ? ` (shard ${report.shard})` : ''}\n`);
  const machines = [...coverage.values()];
  if (options.coverage) io.stdout(`\n${formatCoverage(machines)}`);
  if (options.suggest) {
    const texts: string[] = [];
    report.suggestions = [];
    for (const m of machines) {
      for (const s of await suggestCases(m, sources.get(m.definitionRef) ?? [])) {
        texts.push(formatSuggestion(m, s));
        report.suggestions.push({ ...s, definition: m.definitionRef });
      }
    }
    io.stdout(texts.length > 0 ? `\nSuggested cases\n${texts.join('\n')}` : '\nNo suggestions: nothing uncovered that a case could reach.\n');
  }
  if (options.json !== undefined) writeJsonFile(io.cwd, options.json, report, 'report');
  if (options.junit !== undefined) writeTextFile(io.cwd, options.junit, junitXml(suites), 'JUnit report');
  if (options.coverageFile !== undefined) writeJsonFile(io.cwd, options.coverageFile, coverageFile(machines) as unknown as Json, 'coverage file');

  if (report.total === 0) {
    io.stderr(`No test cases matched${options.filter !== undefined || options.shard ? ' the --filter/--shard given' : ''}\n`);
    return options.shard ? EXIT.ok : EXIT.usage;
  }
  if (report.errors > 0) {
    io.stderr(`${report.errors} case${report.errors === 1 ? '' : 's'} could not run (bad test files)\n`);
    return EXIT.usage;
  }
  return report.failed === 0 ? EXIT.ok : EXIT.failed;
}
