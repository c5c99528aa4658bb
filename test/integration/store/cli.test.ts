import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';

/** The store's verbs, run through the built CLI as a subprocess, always on a temporary database. */
const ROOT = join(__dirname, '../../..');
const CLI = join(ROOT, 'dist/cli.mjs');
const FIXTURES = join(ROOT, 'test/fixtures');
const CORPUS = join(ROOT, 'test/fixtures/conformance/aws-recorded');
const STACK_LINE = /^\s+at .+\(.*:\d+:\d+\)$/m;

let tmp: string;
let db: string;

function stepscope(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: FIXTURES,
    encoding: 'utf8',
    env: { ...process.env, STEPSCOPE_DEBUG: '', STEPSCOPE_DB: join(tmp, 'never-used.db'), ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function listIds(): number[] {
  const r = stepscope(['list', '--json', '--db', db]);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { id: number }[]).map((e) => e.id);
}

function write(name: string, value: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return path;
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, stdio: 'pipe' });
  tmp = mkdtempSync(join(tmpdir(), 'stepscope-store-cli-'));
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

let n = 0;
beforeEach(() => {
  db = join(tmp, `store-${++n}.db`);
});

describe('stepscope run and the store', () => {
  it('records a run, which list and show then display', () => {
    expect(stepscope(['run', 'cli/order.json', '--mock-config', 'cli/order.mocks.json', '--test-case', 'HappyPath', '--db', db]).code).toBe(0);
    expect(stepscope(['run', 'cli/fails.json', '--db', db]).code).toBe(1);
    const list = stepscope(['list', '--db', db]);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(/^ID\s+STATUS\s+STATE MACHINE\s+NAME\s+STARTED\s+DURATION\s+EVENTS\s+ORIGIN$/);
    expect(list.stdout).toMatch(/^2\s+FAILED\s+fails\s/m);
    expect(list.stdout).toMatch(/^1\s+SUCCEEDED\s+Order\s+HappyPath\s+2024-01-01T00:00:00.000Z\s+0 ms\s+7\s+local$/m);
    expect(JSON.parse(stepscope(['list', '--json', '--status', 'failed', '--db', db]).stdout)).toMatchObject([{ id: 2, status: 'FAILED', error: 'Custom.Error' }]);
    expect(JSON.parse(stepscope(['list', '--json', '--state-machine', 'Order', '--db', db]).stdout)).toMatchObject([{ id: 1 }]);

    const show = stepscope(['show', 'HappyPath', '--db', db]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Execution 1: HappyPath');
    expect(show.stdout).toMatch(/^ID\s+TYPE\s+STATE\s+ELAPSED\s+DETAILS$/m);
    expect(show.stdout).toMatch(/^3\s+TaskScheduled\s+Charge\s+\+0\.000s\s+parameters \{"FunctionName":"charge","Payload":\{\}\}$/m);
    expect(show.stdout).toMatch(/^7\s+ExecutionSucceeded\s+\+0\.000s\s+output \{"charged":42\}$/m);
    const json = JSON.parse(stepscope(['show', '1', '--json', '--db', db]).stdout);
    expect(json.execution).toMatchObject({ id: 1, status: 'SUCCEEDED', testCase: 'HappyPath' });
    expect(json.events).toHaveLength(7);
  });

  it('records nothing with --no-store, and uses STEPSCOPE_DB without --db', () => {
    expect(stepscope(['run', 'cli/hello.json', '--input', '{"name":"Ada"}', '--no-store', '--db', db]).code).toBe(0);
    expect(existsSync(db)).toBe(false);
    expect(stepscope(['run', 'cli/hello.json', '--input', '{"name":"Ada"}'], { STEPSCOPE_DB: db }).code).toBe(0);
    expect(listIds()).toEqual([1]);
  });

  it('rejects a bad --status and an unknown execution with exit 2', () => {
    expect(stepscope(['list', '--status', 'DONE', '--db', db])).toMatchObject({ code: 2, stderr: expect.stringContaining('--status must be one of') });
    expect(stepscope(['run', 'cli/hello.json', '--input', '{"name":"Ada"}', '--db', db]).code).toBe(0);
    expect(stepscope(['show', 'nope', '--db', db])).toMatchObject({ code: 2, stderr: expect.stringContaining('No execution "nope"') });
    expect(stepscope(['rm', '1', 'nope', '--db', db]).code).toBe(2);
    expect(listIds()).toEqual([1]);
  });

  it('removes executions with rm', () => {
    stepscope(['run', 'cli/hello.json', '--input', '{"name":"Ada"}', '--db', db]);
    stepscope(['run', 'cli/fails.json', '--db', db]);
    expect(stepscope(['rm', '1', '--db', db])).toMatchObject({ code: 0, stdout: expect.stringContaining('Removed execution 1') });
    expect(listIds()).toEqual([2]);
  });
});

describe('stepscope import and export', () => {
  const history = () => {
    const r = stepscope(['run', 'store/loop.json', '--input', '{"n":0}', '--no-store', '--history', join(tmp, 'events.json')]);
    expect(r.code).toBe(0);
    return JSON.parse(readFileSync(join(tmp, 'events.json'), 'utf8')) as { id: number }[];
  };

  it('imports several pages in reverse order with describe-execution output and a YAML definition', () => {
    const events = history();
    const reversed = [...events].reverse();
    const p1 = write('page1.json', { events: reversed.slice(0, 6), nextToken: 'more' });
    const p2 = write('page2.json', { events: reversed.slice(6) });
    const describe = write('describe.json', {
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Loop:run-7',
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Loop',
      name: 'run-7',
      status: 'SUCCEEDED',
      startDate: '2024-01-01T00:00:00.000000+00:00',
      stopDate: '2024-01-01T00:00:00.000000+00:00',
      input: '{"n":0}',
    });
    const r = stepscope(['import', p2, p1, describe, 'store/loop.yaml', '--json', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r).toMatchObject({ code: 0, stdout: '[1]\n' });
    const shown = JSON.parse(stepscope(['show', 'run-7', '--json', '--db', db]).stdout);
    expect(shown.execution).toMatchObject({ name: 'run-7', stateMachineName: 'Loop', status: 'SUCCEEDED', origin: 'import', input: '{"n":0}' });
    expect(shown.events).toEqual(events);
  });

  it('shows each event\'s state as event placement gives it (an AWS history with a failure inside a Map iteration\'s Catch target)', () => {
    const recorded = JSON.parse(readFileSync(join(CORPUS, 'states_variables/test_map_catch_error__MAP_CATCH_ERROR_OUTPUT_WITH_RETRY.json'), 'utf8')) as { expected: { history: unknown[] } };
    const file = write('catch-in-iteration.json', { events: recorded.expected.history });
    expect(stepscope(['import', file, '--db', db]).code).toBe(0);
    const shown = stepscope(['show', '1', '--db', db]);
    expect(shown.code).toBe(0);
    // Event 14 links event 12 (ProcessItem's exit) but is Fallback's failure: "executing the state 'Fallback'".
    expect(shown.stdout).toMatch(/^13\s+PassStateEntered\s+Fallback\s/m);
    expect(shown.stdout).toMatch(/^14\s+EvaluationFailed\s+Fallback\s/m);
    expect(shown.stdout).toMatch(/^15\s+MapIterationFailed\s+ProcessItems\s/m);
    expect(shown.stdout).toMatch(/^16\s+MapStateFailed\s+ProcessItems\s/m);
    expect(shown.stdout).toMatch(/^17\s+ExecutionFailed\s+-\s/m);
  });

  it('exports a GetExecutionHistory file that re-imports identically, and a bundle that runs again', () => {
    stepscope(['run', 'cli/order.json', '--mock-config', 'cli/order.mocks.json', '--test-case', 'RetryThenOk', '--seed', '5', '--db', db]);
    const out = join(tmp, 'exported.json');
    expect(stepscope(['export', '1', '-o', out, '--db', db]).code).toBe(0);
    expect(JSON.parse(stepscope(['import', out, '--json', '--db', db]).stdout)).toEqual([2]);
    const a = JSON.parse(stepscope(['show', '1', '--json', '--db', db]).stdout);
    const b = JSON.parse(stepscope(['show', '2', '--json', '--db', db]).stdout);
    expect(b.events).toEqual(a.events);
    expect(JSON.parse(stepscope(['export', '2', '--db', db]).stdout)).toEqual(JSON.parse(readFileSync(out, 'utf8')));

    const bundle = join(tmp, 'bundle.json');
    expect(stepscope(['export', '1', '--bundle', '-o', bundle, '--db', db]).code).toBe(0);
    const rerun = stepscope(['run', bundle, '--db', db]);
    expect(rerun.code).toBe(0);
    const c = JSON.parse(stepscope(['show', '3', '--json', '--db', db]).stdout);
    expect(c.execution).toMatchObject({ seed: 5, testCase: 'RetryThenOk', stateMachineName: 'Order' });
    expect(c.events).toEqual(a.events);
    expect(JSON.parse(stepscope(['import', bundle, '--json', '--db', db]).stdout)).toEqual([4]);
  });

  it('imports conformance cases, one execution each', () => {
    const files = ['scenarios/test_parallel_state_catch.json', 'assign/test_base_cases__BASE_SCOPE_MAP.json'].map((f) => join(CORPUS, f));
    const files2 = files.filter((f) => existsSync(f));
    expect(files2.length).toBeGreaterThan(0);
    const r = stepscope(['import', ...files2, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(files2.length);
  });

  it('imports a 25,000-event history, reporting progress on stderr', () => {
    const definition = JSON.parse(readFileSync(join(FIXTURES, 'store/loop.json'), 'utf8')) as StateMachineDefinition;
    (definition.States.More as unknown as { Choices: { NumericLessThan: number }[] }).Choices[0].NumericLessThan = 6249;
    return runExecution({ definition, input: { n: 0 }, invoker: { invoke: () => ({ kind: 'success', output: {} }) } }).then((result) => {
      expect(result.events).toHaveLength(25_000);
      const file = write('big.json', { events: result.events });
      const r = stepscope(['import', file, '--json', '--db', db]);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('Importing: 25000/25000 events');
      expect(r.stderr.split('\n').filter((l) => l.startsWith('Importing:')).length).toBeGreaterThan(2);
      expect(JSON.parse(stepscope(['list', '--json', '--db', db]).stdout)).toMatchObject([{ eventCount: 25_000, status: 'SUCCEEDED' }]);
    });
  });

  describe('refuses bad input with the file and the problem, storing nothing', () => {
    const refuse = (files: string[], message: string | RegExp) => {
      stepscope(['run', 'cli/hello.json', '--input', '{"name":"Ada"}', '--db', db]);
      const r = stepscope(['import', ...files, '--db', db]);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(STACK_LINE);
      if (typeof message === 'string') expect(r.stderr).toContain(message);
      else expect(r.stderr).toMatch(message);
      expect(listIds()).toEqual([1]);
    };

    it('a truncated JSON file', () => {
      const events = history();
      const text = JSON.stringify({ events }, null, 2);
      const file = write('truncated.json', text.slice(0, Math.floor(text.length / 2)));
      refuse([file], /truncated\.json is not valid JSON\n.*truncated\.json:\d+:\d+: /);
    });

    it('a foreign JSON file', () => {
      refuse([write('package.json', { name: 'x', version: '1.0.0' })], /package\.json: is not something Stepscope can import/);
    });

    it('a history whose event ids do not chain', () => {
      const events = history();
      refuse([write('gap.json', { events: events.filter((e) => e.id !== 5) })], 'gap.json: events 5 to 5 are missing: the event ids do not chain');
    });

    it('a definition that does not match the history', () => {
      const events = history();
      refuse([write('h.json', { events }), join(FIXTURES, 'store/other.json')], /other\.json: the definition does not match the history: event 2 enters "Count" as a Pass state, but in the definition it is a Task state/);
    });

    it('one bad file among good ones', () => {
      const events = history();
      refuse([write('good.json', { events }), join(CORPUS, 'scenarios/test_parallel_state_catch.json'), write('bad.json', '{"events": [')], 'bad.json');
    });
  });
});

describe('stepscope list and child executions', () => {
  it('counts a Distributed Map run\'s children on its row and lists them only with --children', async () => {
    const { createService } = await import('../../../src-main/node/service');
    const { openStore } = await import('../../../src-main/node/store');
    const store = openStore({ path: db, writerWorker: false });
    const service = createService({ examplesDir: join(ROOT, 'resources/examples'), store });
    const definition = {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    };
    const outcome = await service['executions.start']({ definitionText: JSON.stringify(definition), input: { items: [1, 2, 3] }, stateMachineName: 'Fan' });
    expect(outcome.kind).toBe('started');
    await service.whenIdle();
    await service.close();
    await store.close();

    const plain = stepscope(['list', '--db', db]);
    expect(plain.code).toBe(0);
    expect(plain.stdout.trim().split('\n')).toHaveLength(2); // header + the parent
    expect(plain.stdout).toContain('3 children');
    const all = JSON.parse(stepscope(['list', '--json', '--children', '--db', db]).stdout) as unknown[];
    expect(all).toHaveLength(4);
  });
});

describe('stepscope list and redriven executions', () => {
  it('lists a redriven execution once, as its latest attempt, and every attempt with --children', async () => {
    const { createService } = await import('../../../src-main/node/service');
    const { openStore } = await import('../../../src-main/node/store');
    const store = openStore({ path: db, writerWorker: false });
    const service = createService({ examplesDir: join(ROOT, 'resources/examples'), store });
    // A Task whose mock fails on invocation 0 and succeeds on 1: the run fails, its redrive succeeds.
    const definition = { StartAt: 'Charge', States: { Charge: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } };
    const mocks = {
      StateMachines: { Pay: { TestCases: { Flaky: { Charge: 'Flaky' } } } },
      MockedResponses: { Flaky: { '0': { Throw: { Error: 'Card.Declined', Cause: 'no' } }, '1': { Return: { Payload: { ok: true } } } } },
    };
    const first = await service['executions.start']({ definitionText: JSON.stringify(definition), stateMachineName: 'Pay', mocks: { config: mocks, stateMachine: 'Pay', testCase: 'Flaky' } });
    if (first.kind !== 'started') throw new Error(JSON.stringify(first));
    await service.whenIdle();
    const again = await service['executions.redrive']({ executionId: first.execution.executionId });
    expect(again.kind).toBe('started');
    await service.whenIdle();
    await service.close();
    await store.close();

    const plain = stepscope(['list', '--db', db]);
    expect(plain.code).toBe(0);
    const lines = plain.stdout.trim().split('\n');
    expect(lines).toHaveLength(2); // header + the execution, once
    expect(lines[1]).toMatch(/SUCCEEDED/);
    expect(lines[1]).toContain('attempt 2 of 2');
    const all = JSON.parse(stepscope(['list', '--json', '--children', '--db', db]).stdout) as { status: string }[];
    expect(all.map((e) => e.status)).toEqual(['SUCCEEDED', 'FAILED']);
  });
});
