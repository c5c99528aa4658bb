import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseDefinitionText } from '../../../src-main/common/asl/parseDefinition';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import { isValid, validateDefinition, validateDefinitionText, type Diagnostic } from '../../../src-main/common/asl/validate';
import { createCaseInvoker } from '../../../src-main/common/conformance/caseInvoker';
import { loadCase, type ExecutionCase } from '../../../src-main/common/conformance/conformanceCase';
import { runExecution } from '../../../src-main/common/engine/interpreter';
import type { TaskInvoker } from '../../../src-main/common/engine/ports';
import type { RunResult } from '../../../src-main/common/engine/run';
import { isJsonObject, type Json } from '../../../src-main/common/json';
import { createPrng, mangleText, mutate, seedOf, type Mutation } from './mutateDefinition';

/**
 * Robustness: bad input never crashes the validator, the parser or the engine. Definitions from the
 * AWS-recorded corpus are mutated deterministically (seeded from each case id), then:
 * 1. `validateDefinition` never throws, and every diagnostic has a message and a pointer into the
 *    mutated definition (or, for a missing field, into its parent);
 * 2. a mutated definition that validates runs to an end: `runExecution` resolves (a FAILED run with
 *    a States.* error is fine), it never rejects with a JavaScript exception nor hangs;
 * 3. `parseDefinitionText` never throws on mangled JSON or YAML text, and its diagnostics carry a
 *    line and column inside the text.
 * A mutation id is `<case id>#<n>`. Engine crashes (interpreter, owned elsewhere) are kept honest as
 * `it.fails`: random mutations in KNOWN_ENGINE_CRASHES (none at present), hand-minimised ones in
 * ENGINE_CRASH_REPRODUCTIONS.
 */

const root = join(__dirname, '../../fixtures/conformance/aws-recorded');

/** How many corpus definitions are mutated, and how many mutations each gets. */
const CASES = 300;
const MUTATIONS_PER_CASE = 4;
/** How many definitions have their text mangled, and how many manglings each gets (JSON and YAML). */
const TEXT_CASES = 120;
const TEXT_MANGLINGS = 3;
/** A run that does not settle within this much real time is reported as a hang. */
const HANG_MS = 5_000;

/**
 * Mutations whose run crashes the engine (interpreter/dataflow, not owned by this test's author),
 * with the reason. They run as `it.fails`, so a fix makes the suite report them: then remove them.
 */
const KNOWN_ENGINE_CRASHES: Record<string, string> = {};

const SKIPPED_FEATURES = new Set(['jsonata', 'variables', 'distributed-map']);

function loadCorpus(): ExecutionCase[] {
  const out: ExecutionCase[] = [];
  for (const category of readdirSync(root).sort()) {
    if (category === 'validation') continue;
    const dir = join(root, category);
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith('.json')) continue;
      const c = loadCase(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Json);
      if (c.kind !== 'execution' || c.features.some((f) => SKIPPED_FEATURES.has(f))) continue;
      out.push(c);
    }
  }
  return out;
}

/** A deterministic sample of `n` cases (seeded shuffle, then sorted by id). */
function sample(cases: ExecutionCase[], n: number, seed: number): ExecutionCase[] {
  const rng = createPrng(seed);
  const list = [...cases];
  for (let i = list.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list.slice(0, n).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The value at an RFC 6901 pointer, or `undefined` when nothing is there. */
function resolve(doc: Json, pointer: string): Json | undefined {
  if (pointer === '') return doc;
  if (!pointer.startsWith('/')) return undefined;
  let at: Json | undefined = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(at)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      at = at[Number(token)];
    } else if (isJsonObject(at)) {
      at = Object.prototype.hasOwnProperty.call(at, token) ? at[token] : undefined;
    } else return undefined;
    if (at === undefined) return undefined;
  }
  return at;
}

function parentPointer(pointer: string): string | undefined {
  if (pointer === '') return undefined;
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

/** Problems with one diagnostic list, as readable strings (empty when all is well). */
function diagnosticProblems(definition: Json, diagnostics: unknown): string[] {
  if (!Array.isArray(diagnostics)) return ['validateDefinition did not return an array'];
  const problems: string[] = [];
  for (const d of diagnostics as Diagnostic[]) {
    if (typeof d.message !== 'string' || d.message.trim() === '') problems.push(`empty message: ${JSON.stringify(d)}`);
    if (d.severity !== 'error' && d.severity !== 'warning') problems.push(`bad severity: ${JSON.stringify(d)}`);
    if (typeof d.code !== 'string' || d.code === '') problems.push(`empty code: ${JSON.stringify(d)}`);
    if (typeof d.pointer !== 'string') {
      problems.push(`no pointer: ${JSON.stringify(d)}`);
      continue;
    }
    if (resolve(definition, d.pointer) !== undefined) continue;
    const parent = parentPointer(d.pointer);
    if (parent === undefined || resolve(definition, parent) === undefined) {
      problems.push(`pointer ${JSON.stringify(d.pointer)} resolves to nothing: ${d.code} ${d.message}`);
    }
  }
  return problems;
}

/** Every Task fails with a custom error. */
const failingInvoker: TaskInvoker = {
  invoke: (req) => ({ kind: 'failure', failure: { error: 'Robustness.Failed', cause: `no service for ${req.stateName}` } }),
};

/** Runs with a real-time guard: resolves to the result, or to a rejection/hang description. */
async function guardedRun(definition: Json, input: Json, invoker: TaskInvoker): Promise<{ result?: RunResult; crash?: string }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<{ crash: string }>((done) => {
    timer = setTimeout(() => done({ crash: `did not settle within ${HANG_MS} ms` }), HANG_MS);
  });
  const run = runExecution({
    definition: definition as unknown as StateMachineDefinition,
    input,
    invoker,
    quotas: { historyEvents: 2000 },
  }).then(
    (result) => ({ result }),
    (err: unknown) => ({ crash: err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : String(err) }),
  );
  try {
    return await Promise.race([run, hang]);
  } finally {
    clearTimeout(timer);
  }
}

const corpus = loadCorpus();
const chosen = sample(corpus, CASES, 0x5eed);

interface MutationCase {
  id: string;
  testCase: ExecutionCase;
  mutation: Mutation;
}

const mutations: MutationCase[] = [];
for (const c of chosen) {
  const rng = createPrng(seedOf(c.id));
  for (let n = 0; n < MUTATIONS_PER_CASE; n++) {
    mutations.push({ id: `${c.id}#${n}`, testCase: c, mutation: mutate(c.definition, c.input, rng) });
  }
}

/** Tallies for the summary test: how many mutated definitions were valid, and how runs ended. */
const tally = { valid: 0, invalid: 0, statuses: new Map<string, number>() };

describe('robustness of validation and execution under mutated definitions', () => {
  it('samples enough definitions from the corpus', () => {
    expect(chosen.length).toBe(Math.min(CASES, corpus.length));
    expect(mutations.every((m) => m.mutation.edits.length > 0)).toBe(true);
  });

  for (const m of mutations) {
    const known = KNOWN_ENGINE_CRASHES[m.id];
    const title = `${m.id}: ${m.mutation.edits.join('; ')}`;
    const test = known !== undefined ? it.fails : it;
    test(known !== undefined ? `${title} [known engine crash: ${known}]` : title, async () => {
      const { definition, input } = m.mutation;
      let diagnostics: Diagnostic[];
      try {
        diagnostics = validateDefinition(definition);
      } catch (err) {
        throw new Error(`validateDefinition threw on ${JSON.stringify(definition)}: ${String(err)}`);
      }
      expect(diagnosticProblems(definition, diagnostics)).toEqual([]);
      if (!isValid(diagnostics)) {
        tally.invalid++;
        return;
      }
      tally.valid++;
      const mocks = createCaseInvoker(m.testCase);
      // Mutation #2 of each case runs against an invoker that fails every Task; the others use the case's mocks.
      const invoker = mocks.ok && !m.id.endsWith('#2') ? mocks.invoker : failingInvoker;
      const { result, crash } = await guardedRun(definition, input, invoker);
      if (crash !== undefined) {
        throw new Error(`runExecution crashed: ${crash}\ndefinition: ${JSON.stringify(definition)}\ninput: ${JSON.stringify(input)}`);
      }
      const r = result as RunResult;
      tally.statuses.set(r.status, (tally.statuses.get(r.status) ?? 0) + 1);
      expect(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']).toContain(r.status);
      if (r.status === 'FAILED') expect(typeof r.error === 'string' || r.error === undefined).toBe(true);
      expect(r.events.length).toBeLessThanOrEqual(2001);
    });
  }

  it('exercises both the validator and the engine', () => {
    // Guards the mutation mix: if nearly nothing validates, the engine half of this suite is idle.
    expect(tally.valid).toBeGreaterThan(mutations.length / 10);
    expect(tally.invalid).toBeGreaterThan(mutations.length / 3);
  });
});

/**
 * Engine crashes this suite found (hand-minimised) and that are now fixed: valid definitions whose
 * run used to reject with a JavaScript exception. They stay as regression tests; each must end
 * with a status. A companion test checks that they all validate, so none passes for the wrong reason.
 */
const TASK = 'arn:aws:lambda:us-east-1:111111111111:function:f';
let deepInput: Json = 1;
for (let i = 0; i < 20_000; i++) deepInput = { a: deepInput };
const ENGINE_CRASH_REPRODUCTIONS: { name: string; reason: string; definition: Json; input: Json; refused?: true }[] = [
  {
    name: 'a retrier whose backoff grows past the last representable date',
    reason: 'RangeError: Invalid time value (the virtual clock passes year 275760; AWS would time out or cap the delay)',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: TASK, Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, BackoffRate: 1e308, MaxAttempts: 5 }], End: true },
      },
    },
    input: {},
  },
  {
    name: 'a retrier with IntervalSeconds 99999999 doubling 40 times',
    reason: 'RangeError: Invalid time value (same cause: the retry delay is not bounded)',
    definition: {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: TASK, Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 99999999, BackoffRate: 2, MaxAttempts: 40 }], End: true },
      },
    },
    input: {},
  },
  {
    name: 'a Wait whose SecondsPath reads 1e20',
    reason: 'RangeError: Invalid time value (SecondsPath values above 99999999 are not rejected as States.Runtime)',
    definition: { StartAt: 'A', States: { A: { Type: 'Wait', SecondsPath: '$.s', End: true } } },
    input: { s: 1e20 },
  },
  {
    name: 'an execution input nested 20000 levels deep',
    reason: 'RangeError: Maximum call stack size exceeded (JSON.stringify of the input; AWS rejects input nested over 1000 deep)',
    definition: { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
    input: deepInput,
    // Refused before it starts, as StartExecution refuses an invalid input (issue #18, item 5:
    // engine/executionInput.ts): a typed InvalidExecutionInputError, not a crash.
    refused: true,
  },
];

describe('engine crashes found by mutation (regressions)', () => {
  it('every reproduction is a valid definition', () => {
    for (const r of ENGINE_CRASH_REPRODUCTIONS) expect(validateDefinition(r.definition), r.name).toEqual([]);
  });
  for (const r of ENGINE_CRASH_REPRODUCTIONS) {
    if (r.refused) {
      it(`${r.name} is refused before the execution starts (was: ${r.reason})`, async () => {
        const { crash } = await guardedRun(r.definition, r.input, failingInvoker);
        expect(crash).toMatch(/^InvalidExecutionInputError: The execution input is nested more than 1000 levels deep\./);
      });
      continue;
    }
    it(`${r.name} runs to an end (was: ${r.reason})`, async () => {
      const { crash } = await guardedRun(r.definition, r.input, failingInvoker);
      expect(crash).toBeUndefined();
    });
  }
});

/** Checks one parse outcome of `text`. Returns problems as strings. */
function parseProblems(text: string, format: 'auto' | 'json'): string[] {
  const problems: string[] = [];
  const lineCount = text.split(/\r\n|\r|\n/).length;
  const checkPosition = (d: Diagnostic, what: string): void => {
    if (typeof d.message !== 'string' || d.message.trim() === '') problems.push(`${what}: empty message`);
    if (d.line === undefined || d.column === undefined) {
      // An empty text has nothing to point at.
      if (text.trim() !== '') problems.push(`${what}: no line/column: ${d.code} ${d.message}`);
      return;
    }
    if (!Number.isInteger(d.line) || d.line < 1 || d.line > lineCount) problems.push(`${what}: line ${d.line} outside 1..${lineCount}`);
    if (!Number.isInteger(d.column) || d.column < 1) problems.push(`${what}: column ${d.column}`);
  };
  const parsed = parseDefinitionText(text, undefined, { format });
  if (!parsed.ok) {
    if (parsed.diagnostics.length === 0) problems.push('failed without a diagnostic');
    parsed.diagnostics.forEach((d) => checkPosition(d, 'parse'));
    return problems;
  }
  parsed.warnings.forEach((d) => checkPosition(d, 'warning'));
  // Text that still parses goes on through validation: every diagnostic finds a place in the text.
  const { diagnostics } = validateDefinitionText(text, { format });
  diagnostics.forEach((d) => checkPosition(d, 'validate'));
  return problems;
}

const textCases = sample(corpus, TEXT_CASES, 0x7e47);

describe('robustness of parseDefinitionText under mangled text', () => {
  for (const c of textCases) {
    const json = JSON.stringify(c.definition, null, 2);
    const yaml = toYaml(c.definition);
    const rng = createPrng(seedOf(`text:${c.id}`));
    for (let n = 0; n < TEXT_MANGLINGS; n++) {
      for (const [syntax, source] of [
        ['json', json],
        ['yaml', yaml],
      ] as const) {
        const { text, edit } = mangleText(source, rng);
        const format = syntax === 'json' && n === 0 ? 'json' : 'auto';
        it(`${c.id}#${syntax}${n} (${edit}, format ${format}) parses or reports a located diagnostic`, () => {
          let problems: string[];
          try {
            problems = parseProblems(text, format);
          } catch (err) {
            throw new Error(`parsing threw: ${String(err)}\ntext: ${JSON.stringify(text)}`);
          }
          expect(problems, JSON.stringify(text)).toEqual([]);
        });
      }
    }
  }

  it('locates diagnostics in hand-made broken texts', () => {
    const texts = [
      '', ' ', '{', '[', '"', '{"StartAt": ', '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": tru',
      '\t{}', 'StartAt: A\nStates:\n\tA:\n\t\tType: Pass', 'StartAt: A\nStates: {A: {Type: Pass, End: true}',
      '- a\n- b', 'a: &x 1\nb: *x', 'a: !!binary aGk=', '%YAML 1.2\n---\nStartAt: A\n...\n---\nB: 1', 'key: [1, 2',
      '{"a": 1e999}', '{"a": NaN}', '\ufeff', '\ufeff{', '{"\\u12": 1}', '{"a\u0000": 1}', '{"a": "\ud800"}',
      ':', '? [a]\n: b', '{[1]: 2}', 'a: 1\na: 2', '{"a": 1, "a": 2}', '{} trailing', '\r\n\r\n{\r\n"a":\r\n',
      '!!map {a: 1}', 'a: .inf', 'a: -.nan', '[' .repeat(2000), '{"a":'.repeat(2000), '- '.repeat(500) + 'x',
    ];
    for (const text of texts) {
      for (const format of ['auto', 'json'] as const) {
        let problems: string[];
        try {
          problems = parseProblems(text, format);
        } catch (err) {
          throw new Error(`parsing ${JSON.stringify(text.slice(0, 80))} (${format}) threw: ${String(err)}`);
        }
        expect(problems, `${JSON.stringify(text.slice(0, 80))} (${format})`).toEqual([]);
      }
    }
  });
});
