import { describe, expect, it } from 'vitest';
import type { Json } from '../../../src-main/common/json';
import { matchExpected } from '../../../src-main/common/usertests/matchers';
import { parseTestFile, type UserTestFile } from '../../../src-main/common/usertests/testFile';
import { resolveTestFile, TestFileError, type TestFileReader } from '../../../src-main/common/usertests/resolveTestFile';
import { runUserCase } from '../../../src-main/common/usertests/runUserCase';
import { coverageModel, coverageTotals, uncovered, type CoverageHits, type MachineCoverage } from '../../../src-main/common/usertests/coverage';
import { suggestCases } from '../../../src-main/common/usertests/suggest';

// Issue #17: users' own test files — matching, expectations, coverage and suggestions, on the engine.

const definition: Json = {
  StartAt: 'Start',
  States: {
    Start: { Type: 'Pass', Assign: { seen: true }, Next: 'Decide' },
    Decide: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.n', NumericGreaterThan: 10, Next: 'Big' },
        { Variable: '$.name', StringMatches: 'a*z', Next: 'Named' },
      ],
      Default: 'Work',
    },
    Big: { Type: 'Pass', Result: 'big', ResultPath: '$.size', Next: 'Work' },
    Named: { Type: 'Succeed' },
    Work: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'work', 'Payload.$': '$' },
      ResultSelector: { 'done.$': '$.Payload.done' },
      ResultPath: '$.result',
      Retry: [{ ErrorEquals: ['Work.Busy'], MaxAttempts: 2, IntervalSeconds: 1 }],
      Catch: [
        { ErrorEquals: ['Work.Broken'], ResultPath: '$.error', Next: 'Broken' },
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Other' },
      ],
      End: true,
    },
    Broken: { Type: 'Fail', Error: 'Work.Broken', Cause: 'it broke' },
    Other: { Type: 'Fail', Error: 'Other' },
  },
};

const mocks = {
  StateMachines: { Flow: { TestCases: { Ok: { Work: 'Done' }, BusyThenOk: { Work: 'BusyOnce' } } } },
  MockedResponses: {
    Done: { '0': { Return: { StatusCode: 200, Payload: { done: true } } } },
    BusyOnce: { '0': { Throw: { Error: 'Work.Busy' } }, '1': { Return: { StatusCode: 200, Payload: { done: 1 } } } },
  },
};

function reader(files: Record<string, Json>): TestFileReader {
  return {
    read(path, what) {
      return Object.prototype.hasOwnProperty.call(files, path) ? { ok: true, text: JSON.stringify(files[path]) } : { ok: false, message: `Cannot read ${what} "${path}": no such file` };
    },
  };
}

const files = reader({ 'flow.json': definition, 'mocks.json': mocks });

function file(cases: Json, extra: Record<string, Json> = {}): UserTestFile {
  const parsed = parseTestFile({ definition: 'flow.json', mocks: 'mocks.json', ...extra, cases } as Json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.file;
}

async function run(cases: Json, hits?: CoverageHits) {
  const f = file(cases);
  const resolved = resolveTestFile(f, files);
  const outcomes = [];
  for (const c of f.cases) outcomes.push(await runUserCase(resolved, c, files, hits ? { coverage: hits } : {}));
  return outcomes;
}

describe('matchers', () => {
  it('match exactly by default, member order ignored, and name the first difference', () => {
    expect(matchExpected({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBeUndefined();
    expect(matchExpected({ a: 1 }, { a: 1, b: 2 })).toMatchObject({ path: '.b', message: expect.stringContaining('unexpected member "b"') });
    expect(matchExpected({ a: { b: [1, 2] } }, { a: { b: [1, 3] } })).toMatchObject({ path: '.a.b[1]', expected: 2, actual: 3 });
  });

  it('$partial checks the members listed, at every depth', () => {
    expect(matchExpected({ $partial: { a: { b: 1 } } }, { a: { b: 1, c: 2 }, d: 3 })).toBeUndefined();
    expect(matchExpected({ $partial: { a: { b: 2 } } }, { a: { b: 1 } })).toMatchObject({ path: '.a.b' });
    expect(matchExpected({ $partial: { missing: 1 } }, {})).toMatchObject({ path: '.missing', message: expect.stringContaining('missing member') });
  });

  it('$paths selects values by JSONPath; $contains, $any and $exact', () => {
    expect(matchExpected({ $paths: { '$.items[1].id': 'b', '$.items[*].id': ['a', 'b'] } }, { items: [{ id: 'a' }, { id: 'b' }] })).toBeUndefined();
    expect(matchExpected({ $paths: { '$.x': 1 } }, {})).toMatchObject({ path: '$paths["$.x"]', message: expect.stringContaining('selects nothing') });
    expect(matchExpected({ $contains: 'went' }, 'it went wrong')).toBeUndefined();
    expect(matchExpected({ $contains: { id: 2 } }, [{ id: 1 }, { id: 2 }])).toBeUndefined();
    expect(matchExpected({ $contains: 'x' }, 'abc')).toBeDefined();
    expect(matchExpected({ id: { $any: true }, n: 1 }, { id: 'whatever', n: 1 })).toBeUndefined();
    expect(matchExpected({ $exact: { $any: true } }, { $any: true })).toBeUndefined();
    expect(matchExpected({ $exact: { $any: true } }, 5)).toBeDefined();
  });
});

describe('test file format', () => {
  it('lists every problem with its pointer', () => {
    const parsed = parseTestFile({ definiton: 'x.json', cases: { A: { expect: { status: 'DONE', path: 'Start', states: { S: { visit: 0 } } } }, B: {} } });
    expect(parsed.ok).toBe(false);
    const pointers = parsed.ok ? [] : parsed.problems.map((p) => p.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/definiton', '', '/cases/A/expect/status', '/cases/A/expect/path', '/cases/A/expect/states/S/visit', '/cases/B']));
  });

  it('names a template and its state machine: read with the one loader (DefinitionUri beside the template), a missing one is bad input', () => {
    const parsed = parseTestFile({ template: 'template.yaml', stateMachine: 'OrderFlow', cases: { A: { expect: {} } } });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(() => resolveTestFile(parsed.file, files)).toThrow(TestFileError);
    expect(parseTestFile({ template: 'template.yaml', cases: { A: { expect: {} } } }).ok).toBe(false);
    const stack = reader({
      'sam/template.json': {
        Transform: 'AWS::Serverless-2016-10-31',
        Resources: {
          Worker: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'index.handler' } },
          OrderFlow: { Type: 'AWS::Serverless::StateMachine', Properties: { DefinitionUri: 'sm/flow.asl.json', DefinitionSubstitutions: { WorkerArn: { 'Fn::GetAtt': ['Worker', 'Arn'] } } } },
        },
      },
      'sam/sm/flow.asl.json': { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: '${WorkerArn}', End: true } } },
    });
    const fromTemplate = parseTestFile({ template: 'sam/template.json', stateMachine: 'OrderFlow', cases: { A: { expect: {} } } });
    if (!fromTemplate.ok) throw new Error('not parsed');
    const resolved = resolveTestFile(fromTemplate.file, stack);
    expect(resolved.definitionRef).toBe('sam/template.json#OrderFlow');
    expect(resolved.stateMachineName).toBe('OrderFlow');
    expect((resolved.definition.States.Work as { Resource: string }).Resource).toBe('arn:aws:lambda:us-east-1:111111111111:function:Worker');
    const wrong = parseTestFile({ template: 'sam/template.json', stateMachine: 'Nope', cases: { A: { expect: {} } } });
    if (wrong.ok) expect(() => resolveTestFile(wrong.file, stack)).toThrow('has no state machine "Nope"');
  });

  it('reports a missing definition, an invalid one and an unknown mock test case as bad input', async () => {
    expect(() => resolveTestFile(file({ A: { expect: {} } }, { definition: 'nope.json' }), files)).toThrow('no such file');
    const bad = reader({ 'flow.json': { StartAt: 'X', States: {} } });
    expect(() => resolveTestFile(file({ A: { expect: {} } }), bad)).toThrow(/Invalid definition flow\.json/);
    await expect(run({ A: { testCase: 'Nope', expect: {} } })).rejects.toThrow('no test case "Nope"');
  });
});

describe('running cases', () => {
  it('passes when status, output, path, states, variables and invocations match', async () => {
    const [o] = await run({
      Ok: {
        input: { n: 1, name: 'bob' },
        expect: {
          status: 'SUCCEEDED',
          output: { n: 1, name: 'bob', result: { done: true } },
          path: ['Start', 'Decide', 'Work'],
          states: { Decide: { input: { n: 1, name: 'bob' } }, Work: { visit: 1, output: { $paths: { '$.result.done': true } } }, Start: { variables: { seen: true } } },
          variables: { seen: true },
          invocations: { Work: 1 },
        },
      },
    });
    expect(o.mismatch).toBeUndefined();
    expect(o.ok).toBe(true);
  });

  it('names the event where the path diverged, with expected and actual', async () => {
    const [o] = await run({ Ok: { input: { n: 50, name: 'bob' }, expect: { path: ['Start', 'Decide', 'Work'] } } });
    expect(o.ok).toBe(false);
    const bigEntered = o.run.events.find((e) => e.type === 'PassStateEntered' && (e.stateEnteredEventDetails as { name: string }).name === 'Big');
    expect(o.mismatch).toMatchObject({ where: 'path[2]', expected: 'Work', actual: 'Big', eventId: bigEntered?.id });
    expect(o.mismatch?.message).toContain('entered "Big" where "Work" was expected');
  });

  it('reports a wrong status, output member, invocation count and missing visit', async () => {
    const outcomes = await run({
      Ok: { input: { n: 1, name: 'bob' }, expect: { status: 'FAILED' } },
      BusyThenOk: { input: { n: 1, name: 'bob' }, expect: { invocations: { Work: 1 } } },
      C: { testCase: 'Ok', input: { n: 1, name: 'bob' }, expect: { output: { $partial: { result: { done: false } } } } },
      D: { testCase: 'Ok', input: { n: 1, name: 'bob' }, expect: { states: { Work: { visit: 2, input: {} } } } },
    });
    expect(outcomes.map((o) => o.mismatch?.where)).toEqual(['status', 'invocations.Work', 'output.result.done', 'states.Work (visit 2)']);
    expect(outcomes[1].mismatch).toMatchObject({ expected: 1, actual: 2 });
  });

  it('takes per-case mocks over the named test case (a Catcher reached without editing the mock file)', async () => {
    const [o] = await run({
      Broken: {
        input: { n: 1, name: 'bob' },
        testCase: 'Ok',
        mocks: { Work: { '0': { Throw: { Error: 'Work.Broken', Cause: 'x' } } } },
        expect: { status: 'FAILED', error: 'Work.Broken', cause: 'it broke', path: ['Start', 'Decide', 'Work', 'Broken'] },
      },
    });
    expect(o.mismatch).toBeUndefined();
  });
});

describe('coverage', () => {
  it('counts states, Next, each Choice rule and Default, Catchers, and retriers retried or exhausted', async () => {
    const hits: CoverageHits = new Map();
    await run(
      {
        Ok: { input: { n: 1, name: 'bob' }, expect: {} },
        BusyThenOk: { input: { n: 50, name: 'bob' }, expect: {} },
        Exhausted: { input: { n: 1, name: 'bob' }, mocks: { Work: { '0-2': { Throw: { Error: 'Work.Busy' } } } }, expect: { status: 'FAILED', error: 'Other' } },
      },
      hits,
    );
    const machine: MachineCoverage = { definitionRef: 'flow.json', stateMachineName: 'Flow', definition: definition as never, items: coverageModel(definition as never), hits, cases: [] };
    const missing = uncovered(machine).map((i) => i.id);
    expect(missing.sort()).toEqual(['catch:Work:0', 'choice:Decide:1', 'state:Broken', 'state:Named'].sort());
    expect(hits.get('retry:Work:0')).toBe(3);
    expect(hits.get('exhausted:Work:0')).toBe(1);
    expect(hits.get('catch:Work:1')).toBe(1);
    expect(hits.get('default:Decide')).toBe(2);
    expect(hits.get('choice:Decide:0')).toBe(1);
    // A caught error's transition is the Catcher's, not Next: Work has none, and Start's Next ran 3 times.
    expect(hits.get('next:Start')).toBe(3);
    expect(coverageTotals(machine).states).toEqual({ covered: 5, total: 7 });
  });

  it('suggests, for an uncovered Choice rule and Catcher, a case that takes it, verified by running it', async () => {
    const f = file({ Ok: { input: { n: 1, name: 'bob' }, expect: {} } });
    const resolved = resolveTestFile(f, files);
    const hits: CoverageHits = new Map();
    await runUserCase(resolved, f.cases[0], files, { coverage: hits });
    const machine: MachineCoverage = { definitionRef: 'flow.json', stateMachineName: 'Flow', definition: resolved.definition, items: coverageModel(resolved.definition), hits, cases: ['Ok'] };
    const suggestions = await suggestCases(machine, [{ file: 't.sfn-test.json', resolved, reader: files, testCase: f.cases[0] }]);
    const byId = new Map(suggestions.map((s) => [s.item.id, s]));
    expect(byId.get('choice:Decide:0')?.case?.input).toEqual({ n: 11, name: 'bob' });
    expect(byId.get('choice:Decide:1')?.case?.input).toEqual({ n: 1, name: 'axz' });
    expect(byId.get('catch:Work:0')?.case?.mocks).toEqual({ Work: { '0-999': { Throw: { Error: 'Work.Broken', Cause: 'Suggested by stepscope test --suggest' } } } });
    expect(byId.get('catch:Work:1')?.case?.mocks).toMatchObject({ Work: { '0-999': { Throw: { Error: 'States.TaskFailed' } } } });
    // Saved and re-run, each suggestion covers its item.
    for (const s of suggestions.filter((x) => x.case)) {
      const again = file({ [s.name as string]: s.case as Json });
      const h: CoverageHits = new Map();
      const outcome = await runUserCase(resolveTestFile(again, files), again.cases[0], files, { coverage: h });
      expect(outcome.ok).toBe(true);
      expect(h.get(s.item.id)).toBeGreaterThan(0);
    }
  });

  it('says why when a JSONata condition is not one it can derive an input for', async () => {
    const jsonata = {
      QueryLanguage: 'JSONata',
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [
            { Condition: "{% $states.input.kind = 'x' and $states.input.n > 2 %}", Next: 'A' },
            { Condition: '{% $count($states.input.items) > 3 %}', Next: 'A' },
          ],
          Default: 'A',
        },
        A: { Type: 'Succeed' },
      },
    };
    const r = reader({ 'j.json': jsonata });
    const parsed = parseTestFile({ definition: 'j.json', cases: { Base: { input: { kind: 'y', n: 0 }, expect: {} } } });
    if (!parsed.ok) throw new Error('bad');
    const resolved = resolveTestFile(parsed.file, r);
    const hits: CoverageHits = new Map();
    await runUserCase(resolved, parsed.file.cases[0], r, { coverage: hits });
    const machine: MachineCoverage = { definitionRef: 'j.json', stateMachineName: 'J', definition: resolved.definition, items: coverageModel(resolved.definition), hits, cases: [] };
    const s = await suggestCases(machine, [{ file: 'j', resolved, reader: r, testCase: parsed.file.cases[0] }]);
    expect(s.find((x) => x.item.id === 'choice:C:0')?.case?.input).toEqual({ kind: 'x', n: 3 });
    expect(s.find((x) => x.item.id === 'choice:C:1')?.reason).toContain('is not of the form');
  });
});

describe('the JSON Schema (resources/schema/sfn-test.schema.json)', () => {
  it('names exactly the fields the reader accepts, and every example test file points at it', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { TOP_KEYS, CASE_KEYS, EXPECT_KEYS, STATE_KEYS } = await import('../../../src-main/common/usertests/testFile');
    const root = join(__dirname, '../../..');
    const schema = JSON.parse(readFileSync(join(root, 'resources/schema/sfn-test.schema.json'), 'utf8'));
    const keys = (o: { properties: object }) => Object.keys(o.properties).sort();
    expect(keys(schema)).toEqual([...TOP_KEYS].sort());
    expect(keys(schema.definitions.case)).toEqual([...CASE_KEYS].sort());
    expect(keys(schema.definitions.expect)).toEqual([...EXPECT_KEYS].sort());
    expect(keys(schema.definitions.stateExpectation)).toEqual([...STATE_KEYS].sort());
    const examples = join(root, 'resources/examples');
    for (const dir of readdirSync(examples, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      const tests = readdirSync(join(examples, dir.name)).filter((n) => /\.sfn-test\.(json|ya?ml)$/.test(n));
      expect(tests, dir.name).toHaveLength(1);
      expect(readFileSync(join(examples, dir.name, tests[0]), 'utf8')).toMatch(/"?\$schema"?: "?\.\.\/\.\.\/schema\/sfn-test\.schema\.json"?/);
    }
  });
});

describe('variables at a visit', () => {
  it('are the variables after the n-th visit of a state, in a loop', async () => {
    const loop: Json = {
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { n: 0 }, Next: 'Count' },
        Count: { Type: 'Pass', Assign: { 'n.$': 'States.MathAdd($n, 1)' }, Next: 'Again' },
        Again: { Type: 'Choice', Choices: [{ Variable: '$n', NumericLessThan: 3, Next: 'Count' }], Default: 'Done' },
        Done: { Type: 'Succeed' },
      },
    };
    const r = reader({ 'loop.json': loop });
    const parsed = parseTestFile({
      definition: 'loop.json',
      cases: {
        Ok: { expect: { path: ['Init', 'Count', 'Again', 'Count', 'Again', 'Count', 'Again', 'Done'], states: { Count: [{ visit: 1, variables: { n: 1 } }, { visit: 3, variables: { n: 3 } }] }, variables: { n: 3 } } },
        Wrong: { expect: { states: { Count: { visit: 2, variables: { n: 3 } } } } },
      },
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const resolved = resolveTestFile(parsed.file, r);
    const [ok, wrong] = [await runUserCase(resolved, parsed.file.cases[0], r), await runUserCase(resolved, parsed.file.cases[1], r)];
    expect(ok.mismatch).toBeUndefined();
    expect(wrong.mismatch).toMatchObject({ where: 'states.Count (visit 2).variables.n', expected: 3, actual: 2 });
  });
});
