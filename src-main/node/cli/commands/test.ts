import { basename, dirname, relative } from 'node:path';
import { CaseFormatError, loadCase, type ConformanceCase } from '../../../common/conformance/conformanceCase';
import type { RunMismatch } from '../../../common/conformance/compareRun';
import { runCase } from '../../../common/conformance/runCase';
import type { StateMachineDefinition } from '../../../common/asl/types';
import { createGeneratedResponder } from '../../../common/mocks/generateResponse';
import { parseMockConfig } from '../../../common/mocks/mockConfig';
import {
  checkMockShapes,
  DEFAULT_FIELD_VALIDATION,
  formatShapeProblem,
  parseFieldValidationMode,
  type FieldValidationMode,
} from '../../../common/mocks/shapeCheck';
import { parseVerbArgs } from '../args';
import { CliError, EXIT, UsageError } from '../errors';
import { filesUnder, parseDataText, readTextFile, statGivenPath, writeJsonFile } from '../files';
import { indent, jsonBlock, table } from '../format';
import { VERB_HELP } from '../help';
import type { CliIo } from '../io';
import { isUserTestFile, isUserTestFileName } from '../../../common/usertests/testFile';
import { parseShard, runUserTests } from './userTest';

/** The `--json` report of `stepscope test`. */
export interface TestReport {
  total: number;
  passed: number;
  /** Ids of the failing cases, in the order they ran. */
  failed: string[];
  byCategory: Record<string, { total: number; passed: number }>;
}

interface CaseFile {
  path: string;
  /** The case's folder name. */
  category: string;
  /** `<category>/<file name without .json>`, used until the case's own id is known. */
  fileId: string;
}

/** Finds case files: files as given, folders searched recursively for *.json (sorted). */
function collectCaseFiles(io: CliIo, paths: string[]): CaseFile[] {
  const found: string[] = [];
  for (const path of paths) {
    const { full, isDir } = statGivenPath(io.cwd, path);
    if (isDir) found.push(...filesUnder(full, path, (name) => name.endsWith('.json')));
    else found.push(full);
  }
  const unique = [...new Set(found)];
  return unique.map((full) => {
    const category = basename(dirname(full));
    return { path: relative(io.cwd, full) || full, category, fileId: `${category}/${basename(full, '.json')}` };
  });
}

/**
 * The user test files among the paths: folders are searched recursively for *.sfn-test.json|yaml|yml;
 * a file given by name is one when its name says so or its content is one (it has "cases" and no
 * "expected"). Undefined when there are none: the paths hold conformance cases. Mixing both kinds in
 * one run is a usage error.
 */
function collectUserTestFiles(io: CliIo, paths: string[]): string[] | undefined {
  const found: string[] = [];
  const others: string[] = [];
  for (const path of paths) {
    const { full, isDir } = statGivenPath(io.cwd, path);
    if (isDir) {
      const inFolder = filesUnder(full, path, isUserTestFileName, (name) => name === 'node_modules' || name.startsWith('.'));
      if (inFolder.length === 0) others.push(path);
      found.push(...inFolder);
    } else if (isUserTestFileName(full) || sniffUserTest(io, path)) found.push(full);
    else others.push(path);
  }
  if (found.length === 0) return undefined;
  if (others.length > 0) throw new UsageError(`${others[0]} holds no user test file (*.sfn-test.json|yaml): run conformance cases and user test files separately`, 'test');
  return [...new Set(found)].map((full) => relative(io.cwd, full) || full);
}

/** True when a file (named without .sfn-test) holds a user test file. */
function sniffUserTest(io: CliIo, path: string): boolean {
  try {
    const text = readTextFile(io.cwd, path, 'file');
    return isUserTestFile(parseDataText(text, path, 'file').value);
  } catch {
    return false;
  }
}

/** Loads a case file, or returns a message naming the file and the problem. */
function loadCaseFile(io: CliIo, file: CaseFile): { ok: true; testCase: ConformanceCase } | { ok: false; message: string } {
  try {
    const text = readTextFile(io.cwd, file.path, 'case file');
    const data = parseDataText(text, file.path, 'case file');
    return { ok: true, testCase: loadCase(data.value) };
  } catch (error) {
    if (error instanceof CliError) return { ok: false, message: error.message };
    if (error instanceof CaseFormatError) return { ok: false, message: `${file.path}: not a conformance case: ${error.message}` };
    throw error;
  }
}

function describeMismatch(m: RunMismatch): string {
  return [
    `at ${m.where}`,
    m.message,
    'expected:',
    indent(jsonBlock(m.expected), '  '),
    'actual:',
    indent(jsonBlock(m.actual), '  '),
  ].join('\n');
}

function internalErrorText(error: unknown, io: CliIo): string {
  const message = error instanceof Error ? error.message : String(error);
  const stack = io.env.STEPSCOPE_DEBUG === '1' && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return `internal error while running the case: ${message}${stack}`;
}

/**
 * `stepscope test <files or folders...>`: runs conformance cases, prints the first mismatch of
 * each failing case and a summary per category, and writes the `--json` report. Exit 0 when
 * every case passes, 1 when some fail, 2 on bad usage, unreadable case files or no cases.
 */
export async function testCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseVerbArgs('test', argv, {
    json: { type: 'string' },
    category: { type: 'string', multiple: true },
    filter: { type: 'string' },
    verbose: { type: 'boolean', short: 'v' },
    junit: { type: 'string' },
    shard: { type: 'string' },
    coverage: { type: 'boolean' },
    'coverage-file': { type: 'string' },
    suggest: { type: 'boolean' },
    'generate-missing-mocks': { type: 'boolean' },
    'field-validation': { type: 'string' },
  });
  if (args.flags.help) {
    io.stdout(VERB_HELP.test);
    return EXIT.ok;
  }
  if (args.positionals.length === 0) throw new UsageError('Missing the case files or folders to run', 'test');
  const userFiles = collectUserTestFiles(io, args.positionals);
  if (userFiles !== undefined) {
    if (args.lists.category.length > 0) throw new UsageError('--category applies to conformance cases; user test files have no categories (use --filter)', 'test');
    return runUserTests(io, userFiles, {
      ...(args.strings.json !== undefined ? { json: args.strings.json } : {}),
      ...(args.strings.junit !== undefined ? { junit: args.strings.junit } : {}),
      ...(args.strings.shard !== undefined ? { shard: parseShard(args.strings.shard) } : {}),
      coverage: args.flags.coverage || args.flags.suggest || args.strings['coverage-file'] !== undefined,
      ...(args.strings['coverage-file'] !== undefined ? { coverageFile: args.strings['coverage-file'] } : {}),
      suggest: args.flags.suggest,
      ...(args.strings.filter !== undefined ? { filter: args.strings.filter } : {}),
      verbose: args.flags.verbose,
    });
  }
  for (const option of ['junit', 'shard', 'coverage-file'] as const) {
    if (args.strings[option] !== undefined) throw new UsageError(`--${option} applies to user test files (*.sfn-test.json|yaml), not conformance cases`, 'test');
  }
  if (args.flags.coverage || args.flags.suggest) throw new UsageError('--coverage and --suggest apply to user test files (*.sfn-test.json|yaml), not conformance cases', 'test');
  const categories = new Set(args.lists.category.flatMap((c) => c.split(',')).map((c) => c.trim()).filter((c) => c !== ''));
  const filter = args.strings.filter;
  const verbose = args.flags.verbose;
  const fieldValidation = fieldValidationOption(args.strings['field-validation'], 'test');
  const generateMissing = args.flags['generate-missing-mocks'];

  const files = collectCaseFiles(io, args.positionals).filter((f) => categories.size === 0 || categories.has(f.category));
  const report: TestReport = { total: 0, passed: 0, failed: [], byCategory: {} };
  let unreadable = 0;

  for (const file of files) {
    const loaded = loadCaseFile(io, file);
    const id = loaded.ok ? loaded.testCase.id : file.fileId;
    if (filter !== undefined && !id.includes(filter)) continue;
    const bucket = (report.byCategory[file.category] ??= { total: 0, passed: 0 });
    report.total++;
    bucket.total++;
    if (!loaded.ok) {
      unreadable++;
      report.failed.push(id);
      io.stdout(`FAIL ${id}\n${indent(loaded.message, '     ')}\n`);
      continue;
    }
    let failure: string | undefined = mockShapeFailure(loaded.testCase, file.path, fieldValidation);
    try {
      // A Task the case does not mock fails (Stepscope.MockNotFound) unless --generate-missing-mocks.
      const runOptions = generateMissing ? { runOptions: { unansweredTasks: createGeneratedResponder({ seed: 0 }) } } : {};
      const { result } = failure === undefined ? await runCase(loaded.testCase, runOptions) : { result: { ok: true as const } };
      if (!result.ok) failure = describeMismatch(result.firstMismatch);
    } catch (error) {
      failure = internalErrorText(error, io);
    }
    if (failure === undefined) {
      report.passed++;
      bucket.passed++;
      if (verbose) io.stdout(`PASS ${id}\n`);
    } else {
      report.failed.push(id);
      io.stdout(`FAIL ${id}  (${file.path})\n${indent(failure, '     ')}\n`);
    }
  }

  const names = Object.keys(report.byCategory).sort();
  const rows = names.map((name) => {
    const c = report.byCategory[name];
    return [name, String(c.total), String(c.passed), String(c.total - c.passed), percent(c.passed, c.total)];
  });
  rows.push(['all', String(report.total), String(report.passed), String(report.total - report.passed), percent(report.passed, report.total)]);
  io.stdout(`\n${table(['category', 'total', 'passed', 'failed', 'pass'], rows)}\n`);

  if (args.strings.json !== undefined) writeJsonFile(io.cwd, args.strings.json, report, 'report');

  if (report.total === 0) {
    io.stderr(`No conformance cases matched${categories.size > 0 || filter !== undefined ? ' the --category/--filter given' : ''}\n`);
    return EXIT.usage;
  }
  if (unreadable > 0) {
    io.stderr(`${unreadable} case file${unreadable === 1 ? '' : 's'} could not be read\n`);
    return EXIT.usage;
  }
  return report.failed.length === 0 ? EXIT.ok : EXIT.failed;
}

/**
 * The case's mock config checked against the services' output shapes (TestState's
 * fieldValidationMode): a message listing the problems, or undefined.
 */
function mockShapeFailure(testCase: ConformanceCase, path: string, mode: FieldValidationMode): string | undefined {
  if (mode === 'NONE' || testCase.kind !== 'execution' || testCase.mockConfig === null) return undefined;
  const parsed = parseMockConfig(testCase.mockConfig);
  if (!parsed.ok) return undefined; // runCase reports it
  const problems = checkMockShapes(parsed.config, testCase.definition as unknown as StateMachineDefinition, mode);
  if (problems.length === 0) return undefined;
  return [`the mock config does not fit the services' output shapes (--field-validation ${mode}):`, ...problems.map((p) => formatShapeProblem(`${path}#/mockConfig${p.pointer}`, p))].join('\n');
}

/** Reads --field-validation (default STRICT, as TestState's default). */
export function fieldValidationOption(text: string | undefined, verb: string): FieldValidationMode {
  if (text === undefined) return DEFAULT_FIELD_VALIDATION;
  const mode = parseFieldValidationMode(text);
  if (mode === undefined) throw new UsageError(`--field-validation must be STRICT, PRESENT or NONE, not "${text}"`, verb);
  return mode;
}

function percent(passed: number, total: number): string {
  return total === 0 ? '-' : `${((passed / total) * 100).toFixed(1)}%`;
}
