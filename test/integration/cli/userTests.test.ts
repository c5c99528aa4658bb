import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Issue #17 through the built CLI: `stepscope test` on user test files (*.sfn-test.json|yaml),
// JUnit/JSON reports, sharding, coverage and suggestions.

const ROOT = join(__dirname, '../../..');
const CLI = join(ROOT, 'dist/cli.mjs');
const SUGGEST = join(ROOT, 'test/fixtures/usertests/suggest');
let tmp: string;

function stepscope(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, STEPSCOPE_DEBUG: '', STEPSCOPE_DB: join(tmp, 'store.db') }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every case of every example test file, as `file › case`. */
function exampleCases(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.sfn-test\.json$/.test(name)) out.push(...Object.keys(JSON.parse(readFileSync(full, 'utf8')).cases).map((c) => `${name} › ${c}`));
      else if (/\.sfn-test\.ya?ml$/.test(name)) out.push(...[...readFileSync(full, 'utf8').matchAll(/^ {2}([A-Za-z0-9_]+):\s*$/gm)].map((m) => `${name} › ${m[1]}`));
    }
  };
  walk(join(ROOT, 'resources/examples'));
  return out;
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, stdio: 'pipe' });
  tmp = mkdtempSync(join(tmpdir(), 'stepscope-usertests-'));
  // Building the CLI takes longer than the default hook timeout on a busy machine.
}, 180_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('stepscope test on user test files', () => {
  it('passes the examples with --junit and --coverage: one testcase per case, state and transition coverage printed', () => {
    const junit = join(tmp, 'out.xml');
    const r = stepscope(['test', 'resources/examples', '--junit', junit, '--coverage']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const cases = exampleCases();
    expect(cases.length).toBeGreaterThanOrEqual(10);
    const xml = readFileSync(junit, 'utf8');
    expect(xml.match(/<testcase /g)?.length).toBe(cases.length);
    expect(xml).toContain(`<testsuites name="stepscope" tests="${cases.length}" failures="0" errors="0">`);
    expect(xml).toContain('classname="resources/examples/choice-loop/choice-loop.sfn-test.yaml/ReportPolling"');
    expect(r.stdout).toContain(`${cases.length} cases: ${cases.length} passed, 0 failed`);
    expect(r.stdout).toMatch(/resources\/examples\/order-pipeline\/definition\.json \(OrderPipeline; \d+ cases\)\n\s+states\s+11\/11\s+100\.0%\n\s+transitions\s+7\/7\s+100\.0%/);
  });

  it('prints the first mismatch with expected, actual and the event, writes JUnit failures, exits 1', () => {
    for (const f of ['definition.json', 'mocks.json']) copyFileSync(join(SUGGEST, f), join(tmp, f));
    writeFileSync(
      join(tmp, 'wrong.sfn-test.json'),
      JSON.stringify({
        definition: 'definition.json',
        mocks: 'mocks.json',
        cases: {
          Domestic: { input: { kind: 'express', amount: 1, vip: false, country: 'DE' }, expect: { path: ['Route', 'Ship'] } },
          Output: { testCase: 'Domestic', input: { kind: 'x', amount: 1, vip: false, country: 'DE' }, expect: { output: { $partial: { shipment: { trackingId: 'T-2' } } } } },
          Fine: { testCase: 'Domestic', input: { kind: 'x', amount: 1, vip: false, country: 'DE' }, expect: { status: 'SUCCEEDED' } },
        },
      }),
    );
    const junit = join(tmp, 'wrong.xml');
    const r = stepscope(['test', 'wrong.sfn-test.json', '--junit', junit, '--json', 'report.json'], tmp);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL wrong.sfn-test.json › Domestic\n     at path[1] (event 4)\n     the run left the expected path at step 2: it entered "Express" where "Ship" was expected (after "Route")');
    expect(r.stdout).toContain('at output.shipment.trackingId (event');
    expect(r.stdout).toContain('3 cases: 1 passed, 2 failed');
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<failure message="at path[1] (event 4): the run left the expected path');
    expect(xml).toContain('<testcase name="Fine" classname="wrong.sfn-test.json/Router"/>');
    const report = JSON.parse(readFileSync(join(tmp, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ total: 3, passed: 1, failed: 2, errors: 0 });
    expect(report.cases[0]).toMatchObject({ case: 'Domestic', result: 'failed', mismatch: { where: 'path[1]', expected: 'Ship', actual: 'Express', eventId: 4 } });
  });

  it('exits 2 with the file, line and pointer of a bad test file, without a stack trace', () => {
    writeFileSync(join(tmp, 'bad.sfn-test.json'), '{\n  "definition": "definition.json",\n  "cases": { "A": { "expect": { "status": "DONE" } } }\n}\n');
    const r = stepscope(['test', 'bad.sfn-test.json'], tmp);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('bad.sfn-test.json:3:');
    expect(r.stdout).toContain('"status" is one of SUCCEEDED, FAILED, TIMED_OUT, ABORTED (at /cases/A/expect/status)');
    expect(r.stdout + r.stderr).not.toMatch(/^\s+at .+\(.*:\d+:\d+\)$/m);
    writeFileSync(join(tmp, 'missing.sfn-test.json'), JSON.stringify({ definition: 'nope.json', cases: { A: { expect: {} } } }));
    const m = stepscope(['test', 'missing.sfn-test.json'], tmp);
    expect(m.code).toBe(2);
    expect(m.stdout).toContain('Cannot read definition "nope.json": no such file');
  });

  it('--shard i/n splits the cases deterministically: the shards are disjoint and together are the suite', () => {
    const ran = (args: string[]) => {
      const out = join(tmp, `shard-${args.join('-').replace(/\//g, 'of')}.json`);
      const r = stepscope(['test', 'resources/examples', '--json', out, ...args]);
      expect(r.code).toBe(0);
      return (JSON.parse(readFileSync(out, 'utf8')).cases as { file: string; case: string }[]).map((c) => `${c.file} › ${c.case}`);
    };
    const all = ran([]);
    const one = ran(['--shard', '1/2']);
    const two = ran(['--shard', '2/2']);
    expect(one.length).toBeGreaterThan(0);
    expect(two.length).toBeGreaterThan(0);
    expect([...one, ...two].sort()).toEqual([...all].sort());
    expect(ran(['--shard', '1/2'])).toEqual(one);
    expect(stepscope(['test', 'resources/examples', '--shard', '3/2']).code).toBe(2);
  });

  it('a suggested case for an uncovered Choice rule, saved and re-run, raises coverage', () => {
    for (const f of ['definition.json', 'mocks.json', 'router.sfn-test.json']) copyFileSync(join(SUGGEST, f), join(tmp, f));
    const first = stepscope(['test', 'router.sfn-test.json', '--suggest', '--json', 'suggest.json', '--coverage-file', 'before.json'], tmp);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Suggested cases');
    const report = JSON.parse(readFileSync(join(tmp, 'suggest.json'), 'utf8'));
    const suggestion = report.suggestions.find((s: { item: { id: string } }) => s.item.id === 'choice:Route:1');
    expect(suggestion.case.input).toMatchObject({ amount: 101, vip: true });

    const file = JSON.parse(readFileSync(join(tmp, 'router.sfn-test.json'), 'utf8'));
    file.cases[suggestion.name] = suggestion.case;
    writeFileSync(join(tmp, 'router.sfn-test.json'), JSON.stringify(file, null, 2));
    const second = stepscope(['test', 'router.sfn-test.json', '--coverage-file', 'after.json'], tmp);
    expect(second.code).toBe(0);
    const totals = (name: string) => JSON.parse(readFileSync(join(tmp, name), 'utf8')).stateMachines[0].totals;
    const hitsOf = (name: string) => JSON.parse(readFileSync(join(tmp, name), 'utf8')).stateMachines[0].items.find((i: { id: string }) => i.id === 'choice:Route:1').hits;
    expect(totals('after.json').transitions.covered).toBeGreaterThan(totals('before.json').transitions.covered);
    expect(totals('after.json').states.covered).toBeGreaterThan(totals('before.json').states.covered);
    expect(hitsOf('before.json')).toBe(0);
    expect(hitsOf('after.json')).toBe(1);
  });

  it('still runs conformance cases, and refuses to mix both kinds', () => {
    const r = stepscope(['test', 'test/fixtures/cli/cases/mini']);
    expect(r.code).not.toBe(2);
    const mixed = stepscope(['test', 'resources/examples/choice-loop/choice-loop.sfn-test.yaml', 'test/fixtures/cli/cases/mini']);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('run conformance cases and user test files separately');
  });
});

describe('stepscope replay', () => {
  const CASE = 'test/fixtures/conformance/aws-recorded/assign/test_variables_in_lambda_task__BASE_ASSIGN_FROM_LAMBDA_TASK_RESULT.json';
  const OTHER = 'test/fixtures/conformance/aws-recorded/services/test_base_integrations__DYNAMODB_PUT_UPDATE_GET_ITEM.json';
  const definitionOf = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8')).definition;

  it('exits 0 for a recorded AWS history against its own definition', () => {
    writeFileSync(join(tmp, 'own.json'), JSON.stringify(definitionOf(CASE)));
    const r = stepscope(['replay', CASE, '--definition', join(tmp, 'own.json')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('the edited definition takes the recorded path (3 top-level states) to the recorded outcome (SUCCEEDED)');
  });

  it("exits 1 naming the event when the first state's Next is edited to another state", () => {
    const edited = definitionOf(CASE);
    // Pass → Task → End becomes Pass → Audit → Task → End.
    edited.States.Audit = { Type: 'Pass', Next: edited.States.Pass.Next };
    edited.States.Pass.Next = 'Audit';
    writeFileSync(join(tmp, 'edited.json'), JSON.stringify(edited));
    const r = stepscope(['replay', CASE, '--definition', join(tmp, 'edited.json'), '--json', join(tmp, 'replay.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`DIVERGED ${CASE}: at recorded event 4, replay event 4\n  the recording entered "Task" after "Pass"; the edited definition enters "Audit": "Pass" now has Next "Audit"`);
    const report = JSON.parse(readFileSync(join(tmp, 'replay.json'), 'utf8'));
    expect(report).toMatchObject({ same: 0, diverged: 1, errors: 0, executions: [{ result: 'diverged', kind: 'path', eventId: 4 }] });
  });

  it('reports a changed outcome on the same path (a Fail instead of a Succeed at the end)', () => {
    const edited = definitionOf(CASE);
    edited.States.End = { Type: 'Fail', Error: 'Edited.Fail' };
    writeFileSync(join(tmp, 'fail.json'), JSON.stringify(edited));
    const r = stepscope(['replay', CASE, '--definition', join(tmp, 'fail.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('the recording ended SUCCEEDED; the replay ends FAILED (Edited.Fail)');
  });

  it('replays a folder with a summary; a file that is no history is bad input (exit 2)', () => {
    const folder = join(tmp, 'histories');
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    copyFileSync(join(ROOT, CASE), join(folder, 'a.json'));
    copyFileSync(join(ROOT, OTHER), join(folder, 'b.json'));
    const r = stepscope(['replay', folder, '--definition', join(tmp, 'own.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/SAME .*a\.json/);
    expect(r.stdout).toMatch(/DIVERGED .*b\.json: at recorded event 2/);
    expect(r.stdout).toContain('2 executions replayed under');
    expect(r.stdout).toContain(': 1 same, 1 diverged\n');
    writeFileSync(join(folder, 'c.json'), JSON.stringify({ executionArn: 'arn:aws:states:us-east-1:111111111111:execution:X:y', status: 'SUCCEEDED' }));
    const bad = stepscope(['replay', join(folder, 'c.json'), '--definition', join(tmp, 'own.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('cannot replay');
    expect(stepscope(['replay', CASE]).code).toBe(2);
  });
});

describe('stepscope replay --state-machine (stored executions)', () => {
  it('replays every ended execution of a state machine kept in the store, with a summary', () => {
    const ex = 'resources/examples/choice-loop';
    for (const testCase of ['HappyPath', 'ReportFails']) {
      stepscope(['run', `${ex}/definition.json`, '--input', `${ex}/input.json`, '--mock-config', `${ex}/mocks.json`, '--test-case', testCase, '--db', join(tmp, 'replay.db')]);
    }
    const same = stepscope(['replay', '--state-machine', 'ReportPolling', '--definition', `${ex}/definition.json`, '--db', join(tmp, 'replay.db')]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('2 executions replayed under resources/examples/choice-loop/definition.json: 2 same, 0 diverged');

    const edited = JSON.parse(readFileSync(join(ROOT, ex, 'definition.json'), 'utf8'));
    edited.States.IsReportReady.Choices[0].StringEquals = 'DONE';
    writeFileSync(join(tmp, 'polling.json'), JSON.stringify(edited));
    const r = stepscope(['replay', '--state-machine', 'ReportPolling', '--definition', join(tmp, 'polling.json'), '--db', join(tmp, 'replay.db')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DIVERGED execution \d+ \(HappyPath\): at recorded event \d+, replay event \d+\n {2}the recording entered "ReportReady" after "IsReportReady"; the edited definition enters "WaitBeforeCheck": the Choice "IsReportReady" picks another branch in the edited definition/);
    expect(r.stdout).toMatch(/SAME execution \d+ \(ReportFails\)/);
    expect(r.stdout).toContain(': 1 same, 1 diverged');
  });
});
