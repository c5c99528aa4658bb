import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Runs the built CLI (dist/cli.mjs) as a subprocess, the way users run it. */
const ROOT = join(__dirname, '../../..');
const CLI = join(ROOT, 'dist/cli.mjs');
const FIXTURES = join(ROOT, 'test/fixtures/cli');
const CORPUS = join(ROOT, 'test/fixtures/conformance/aws-recorded');

let tmp: string;

function stepscope(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: FIXTURES,
    encoding: 'utf8',
    // Runs record into a store: always a temporary one, never the user's.
    env: { ...process.env, STEPSCOPE_DEBUG: '', STEPSCOPE_DB: join(tmp, 'store.db'), ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A stack trace line, which bad input must never print. */
const STACK_LINE = /^\s+at .+\(.*:\d+:\d+\)$/m;

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, stdio: 'pipe' });
  tmp = mkdtempSync(join(tmpdir(), 'stepscope-cli-'));
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('stepscope validate', () => {
  it('accepts a valid JSON definition with exit 0', () => {
    const r = stepscope(['validate', 'hello.json']);
    expect(r).toMatchObject({ code: 0, stdout: 'hello.json: valid\n' });
  });

  it('accepts the same definition written in YAML', () => {
    expect(stepscope(['validate', 'hello.yaml'])).toMatchObject({ code: 0, stdout: 'hello.yaml: valid\n' });
  });

  it('rejects an invalid definition with exit 2 and each problem at its file, line and column', () => {
    const r = stepscope(['validate', 'missing-target.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing-target.json:4:40: error MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere (at /States/First/Next)");
    expect(r.stderr).toContain('missing-target.json: invalid');
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('reports malformed JSON with its position, exit 2', () => {
    const r = stepscope(['validate', 'malformed-input.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('malformed-input.json:4:1: error INVALID_JSON_DESCRIPTION');
  });

  it('reports a missing file in one line, exit 2', () => {
    const r = stepscope(['validate', 'nope.json']);
    expect(r).toMatchObject({ code: 2, stderr: 'Cannot read definition "nope.json": no such file\n' });
  });
});

describe('stepscope run', () => {
  it('prints the output and exits 0 when the execution succeeds', () => {
    const r = stepscope(['run', 'hello.yaml', '--input', 'input.json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ greeting: 'Hello, Ada!' });
  });

  it('takes inline JSON input', () => {
    const r = stepscope(['run', 'hello.json', '--input', '{"name":"Grace"}']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ greeting: 'Hello, Grace!' });
  });

  it('prints the error and cause and exits 1 when the execution fails', () => {
    const r = stepscope(['run', 'fails.json']);
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: 'Execution FAILED\nError: Custom.Error\nCause: it went wrong\n' });
  });

  it('answers Task states from a mock config test case, retries included', () => {
    const ok = stepscope(['run', 'order.json', '--mock-config', 'order.mocks.json', '--test-case', 'RetryThenOk']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ charged: 7 });
    const failed = stepscope(['run', 'order.json', '--mock-config', 'order.mocks.json', '--test-case', 'AlwaysFails']);
    expect(failed).toMatchObject({ code: 1, stderr: 'Execution FAILED\nError: Lambda.ServiceException\nCause: down\n' });
  });

  it('writes the history in GetExecutionHistory shape with --history', () => {
    const out = join(tmp, 'nested', 'history.json');
    const r = stepscope(['run', 'order.json', '--mock-config', 'order.mocks.json', '--test-case', 'HappyPath', '--history', out]);
    expect(r.code).toBe(0);
    const events = JSON.parse(readFileSync(out, 'utf8')) as { id: number; type: string }[];
    expect(events[0]).toMatchObject({ id: 1, previousEventId: 0, type: 'ExecutionStarted' });
    expect(events[events.length - 1].type).toBe('ExecutionSucceeded');
  });

  it('refuses inputs AWS would refuse (over 262,144 bytes, or nested too deeply) in one line, exit 2, before anything runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepscope-cli-input-'));
    const big = join(dir, 'big-input.json');
    writeFileSync(big, JSON.stringify({ text: 'x'.repeat(300_000) }));
    const deep = join(dir, 'deep-input.json');
    writeFileSync(deep, `${'['.repeat(5_000)}1${']'.repeat(5_000)}`);
    const r = stepscope(['run', 'hello.json', '--no-store', '--input', big]);
    const d = stepscope(['run', 'hello.json', '--no-store', '--input', deep]);
    rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is too large: 300,011 bytes, and AWS accepts execution inputs of at most 256 KiB \(262,144 bytes\)\n$/);
    expect(r.stdout).toBe('');
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/^stepscope run: AWS would refuse this execution input \(InvalidExecutionInput\): The execution input .*\n$/);
    expect(d.stderr.split('\n')).toHaveLength(2);
  });

  it('reports a malformed input file with its line and column, exit 2, no stack trace', () => {
    const r = stepscope(['run', 'hello.json', '--input', 'malformed-input.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("Invalid input: malformed-input.json is not valid JSON\nmalformed-input.json:4:1: Unexpected character '}': expected a JSON value\n");
  });

  it('reports every problem of a bad mock config with line, column and pointer, exit 2', () => {
    const r = stepscope(['run', 'order.json', '--mock-config', 'bad.mocks.json', '--test-case', 'HappyPath']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.mocks.json:3:56: Mocked response "NoSuchResponse" (used by state "Charge") is not defined in "MockedResponses" (at /StateMachines/Order/TestCases/HappyPath/Charge)');
    expect(r.stderr).toContain('bad.mocks.json:6:24: A mocked invocation must have either "Return" or "Throw", not both (at /MockedResponses/ChargeOk/0)');
  });

  it('refuses an invalid definition with exit 2', () => {
    const r = stepscope(['run', 'missing-target.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Invalid definition missing-target.json:');
  });

  it('treats unknown options, missing values and an ambiguous test case as usage errors (exit 2)', () => {
    expect(stepscope(['run', 'hello.json', '--frobnicate']).stderr).toContain("Unknown option '--frobnicate'");
    expect(stepscope(['run', 'hello.json', '--seed']).code).toBe(2);
    const ambiguous = stepscope(['run', 'order.json', '--mock-config', 'order.mocks.json']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('choose one with --test-case');
  });
});

describe('stepscope test', () => {
  it('writes the JSON report with totals, failed ids and per-category counts', () => {
    const report = join(tmp, 'report.json');
    const r = stepscope(['test', 'cases/mini', '--json', report]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL mini/pass_wrong');
    expect(r.stdout).toContain('at output.a');
    expect(JSON.parse(readFileSync(report, 'utf8'))).toEqual({
      total: 2,
      passed: 1,
      failed: ['mini/pass_wrong'],
      byCategory: { mini: { total: 2, passed: 1 } },
    });
  });

  it('runs corpus cases filtered by category and id', () => {
    const report = join(tmp, 'corpus.json');
    const r = stepscope(['test', CORPUS, '--category', 'base', '--category', 'validation', '--filter', 'test_', '--json', report]);
    expect([0, 1]).toContain(r.code);
    const json = JSON.parse(readFileSync(report, 'utf8')) as { total: number; passed: number; failed: string[]; byCategory: Record<string, { total: number; passed: number }> };
    expect(Object.keys(json).sort()).toEqual(['byCategory', 'failed', 'passed', 'total']);
    expect(Object.keys(json.byCategory).sort()).toEqual(['base', 'validation']);
    expect(json.byCategory.base.total + json.byCategory.validation.total).toBe(json.total);
    expect(json.passed + json.failed.length).toBe(json.total);
    expect(json.failed.every((id) => id.startsWith('base/') || id.startsWith('validation/'))).toBe(true);
    expect(r.stdout).toMatch(/^all\s+\d+\s+\d+\s+\d+\s+[\d.]+%$/m);
  });

  it('reports an unreadable case file and exits 2', () => {
    const r = stepscope(['test', 'cases']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('cases/broken/malformed.json:2:1: Unexpected end of input');
    expect(r.stderr).toContain('1 case file could not be read');
  });

  it('says when no case matches the filters, exit 2', () => {
    const r = stepscope(['test', 'cases/mini', '--filter', 'zzz']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No conformance cases matched');
  });
});

describe('help and bin', () => {
  it('prints help for the command and each verb with exit 0', () => {
    expect(stepscope(['--help'])).toMatchObject({ code: 0 });
    for (const verb of ['validate', 'run', 'test']) {
      const r = stepscope([verb, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: stepscope ${verb}`);
    }
  });

  it('rejects an unknown command with exit 2', () => {
    expect(stepscope(['frob'])).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown command "frob"') });
  });

  it('bin/stepscope.mjs tells the user to build when dist is missing', () => {
    const fakeRoot = join(tmp, 'unbuilt');
    mkdirSync(join(fakeRoot, 'bin'), { recursive: true });
    copyFileSync(join(ROOT, 'bin/stepscope.mjs'), join(fakeRoot, 'bin/stepscope.mjs'));
    const r = spawnSync(process.execPath, [join(fakeRoot, 'bin/stepscope.mjs'), '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('run `npm run build:cli`');
  });

  it('bin/stepscope.mjs runs the built CLI', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/stepscope.mjs'), 'validate', 'hello.json'], { cwd: FIXTURES, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('hello.json: valid\n');
  });
});
