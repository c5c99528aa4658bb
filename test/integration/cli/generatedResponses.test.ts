import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The built CLI (dist/cli.mjs) on Tasks with no mock and on mock shape checks. */
const ROOT = join(__dirname, '../../..');
const CLI = join(ROOT, 'dist/cli.mjs');
const FIXTURES = join(ROOT, 'test/fixtures/cli');
const CORPUS = join(ROOT, 'test/fixtures/conformance/aws-recorded');
let tmp: string;

function stepscope(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: FIXTURES,
    encoding: 'utf8',
    env: { ...process.env, STEPSCOPE_DEBUG: '', STEPSCOPE_DB: join(tmp, 'store.db') },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, stdio: 'pipe' });
  tmp = mkdtempSync(join(tmpdir(), 'stepscope-cli-generated-'));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('stepscope run: Tasks with no mock', () => {
  it('runs to the end with generated responses and lists them on stderr', () => {
    const r = stepscope(['run', 'unmocked.json', '--input-json', '{"score":7}', '--no-store']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ score: 7 });
    expect(r.stderr).toContain('Generated responses (no mock) answered 2 Task invocations:');
    expect(r.stderr).toMatch(/ {2}Score \(invocation 0\): lambda Invoke \(@aws-sdk\/client-lambda \d/);
    expect(r.stderr).toMatch(/ {2}Notify \(invocation 0\): sqs SendMessage \(@aws-sdk\/client-sqs \d/);
  });

  it('gives the same history for the same seed', () => {
    const a = join(tmp, 'a.json');
    const b = join(tmp, 'b.json');
    stepscope(['run', 'unmocked.json', '--seed', '5', '--history', a, '--no-store']);
    stepscope(['run', 'unmocked.json', '--seed', '5', '--history', b, '--no-store']);
    expect(execFileSync('cmp', [a, b]).toString()).toBe('');
  });

  it('--strict-mocks keeps Stepscope.MockNotFound', () => {
    const r = stepscope(['run', 'unmocked.json', '--strict-mocks', '--no-store']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: Stepscope.MockNotFound');
  });

  it('--field-validation checks the test case before running, naming file, line, test case, state and field', () => {
    const r = stepscope(['run', 'unmocked.json', '--mock-config', 'unmocked.mocks.json', '--field-validation', 'STRICT', '--no-store']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'unmocked.mocks.json:12:39: test case "Loose" (state machine "Scoring"), state "Notify", response "NotifyWrong" invocation 0: field "MessageId": expected a string, got a number',
    );
    expect(r.stderr).toContain('field "Queue": unknown field "Queue"');
    // Without it, the mocks run as Step Functions Local would run them.
    expect(stepscope(['run', 'unmocked.json', '--mock-config', 'unmocked.mocks.json', '--no-store']).code).toBe(0);
  });
});

describe('stepscope validate --mock-config', () => {
  it('STRICT by default; PRESENT still refuses a wrong type; NONE passes', () => {
    const strict = stepscope(['validate', 'unmocked.json', '--mock-config', 'unmocked.mocks.json']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('Mock config unmocked.mocks.json does not fit the services\' output shapes (--field-validation STRICT');
    expect(strict.stderr).toContain('state "Notify"');
    const present = stepscope(['validate', 'unmocked.json', '--mock-config', 'unmocked.mocks.json', '--field-validation', 'present']);
    expect(present.code).toBe(2);
    expect(present.stderr).toContain('field "MessageId": expected a string, got a number');
    const none = stepscope(['validate', 'unmocked.json', '--mock-config', 'unmocked.mocks.json', '--field-validation', 'NONE']);
    expect(none).toMatchObject({ code: 0, stdout: 'unmocked.mocks.json: valid mock config\nunmocked.json: valid\n' });
    expect(stepscope(['validate', 'unmocked.json', '--field-validation', 'LOOSE', '--mock-config', 'unmocked.mocks.json']).stderr).toContain('--field-validation must be STRICT, PRESENT or NONE, not "LOOSE"');
  });
});

describe('stepscope test: missing mocks and shapes', () => {
  it('a missing mock stays an error unless --generate-missing-mocks', () => {
    const strict = stepscope(['test', 'cases/unmocked']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('FAIL unmocked/lambda_unmocked');
    const lenient = stepscope(['test', 'cases/unmocked', '--generate-missing-mocks']);
    expect(lenient.code).toBe(0);
  });

  it('the AWS-recorded services cases pass the STRICT shape check', () => {
    const r = stepscope(['test', join(CORPUS, 'services'), '--field-validation', 'STRICT']);
    expect(r.stdout).not.toContain("does not fit the services' output shapes");
  });
});
