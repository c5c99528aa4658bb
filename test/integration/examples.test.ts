/**
 * The examples gallery (resources/examples): every folder with an `example.json` manifest is found,
 * its definition and mock config are validated, each test case of the manifest runs in the engine
 * and ends as the manifest says (status, error, cause, output), and each `npx stepscope run` command
 * of its README runs through the built CLI with the same outcome. The manifest format is documented
 * in resources/examples/README.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExecution } from '../../src-main/common/engine/interpreter';
import { createTaskTokenBroker } from '../../src-main/common/engine/callbacks/taskTokenBroker';
import type { RegisteredStateMachine, RunResult } from '../../src-main/common/engine/run';
import type { S3ObjectInput } from '../../src-main/common/engine/itemReader/objectStore';
import { parseMockConfig, type MockConfig } from '../../src-main/common/mocks/mockConfig';
import { createMockInvoker } from '../../src-main/common/mocks/mockInvoker';
import { formatDiagnostic, isValid, validateDefinition } from '../../src-main/common/asl/validate';
import { isJsonObject, type Json } from '../../src-main/common/json';
import type { StateMachineDefinition } from '../../src-main/common/asl/types';
import { openDefinition } from '../../src-main/common/documents/loadDocument';

const ROOT = join(__dirname, '../..');
const EXAMPLES_DIR = join(ROOT, 'resources/examples');

// ---------------------------------------------------------------------------------------------
// The manifest (resources/examples/README.md, "example.json")
// ---------------------------------------------------------------------------------------------

/** How a test case answers a `.waitForTaskToken` Task from outside, through the task-token broker. */
interface TokenAnswer {
  state: string;
  sendTaskSuccess?: Json;
  sendTaskFailure?: { error?: string; cause?: string };
}

/** One test case of the manifest: how it ends, and what it needs. */
interface ManifestCase {
  description: string;
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  error?: string;
  cause?: string;
  output?: Json;
  durationSeconds?: number;
  answerTaskToken?: TokenAnswer;
  cli?: boolean;
}

/** An `example.json`. */
interface Manifest {
  title: string;
  summary: string;
  stateMachine: string;
  teaches: string[];
  testCases: Record<string, ManifestCase>;
  files?: {
    s3Objects?: { Bucket: string; Key: string; file: string }[];
    childStateMachines?: Record<string, { definition: string; type?: 'STANDARD' | 'EXPRESS' }>;
  };
}

const STATUSES = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];
const isString = (v: Json | undefined): v is string => typeof v === 'string' && v !== '';

/** Every problem with a manifest's shape, as "<pointer>: <message>" lines; empty when it is well formed. */
function manifestProblems(value: Json): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, where: string, message: string) => {
    if (!ok) problems.push(`${where}: ${message}`);
  };
  if (!isJsonObject(value)) return ['/: must be an object'];
  const known = new Set(['title', 'summary', 'stateMachine', 'teaches', 'testCases', 'files', 'template']);
  check(value.template === undefined || isString(value.template), '/template', 'must be a path relative to the folder');
  for (const key of Object.keys(value)) check(known.has(key), `/${key}`, 'unknown field');
  check(isString(value.title), '/title', 'must be a non-empty string');
  check(isString(value.summary), '/summary', 'must be a non-empty string');
  check(isString(value.stateMachine) && /^[A-Z][A-Za-z0-9]*$/.test(value.stateMachine), '/stateMachine', 'must be a PascalCase name');
  check(Array.isArray(value.teaches) && value.teaches.length > 0 && value.teaches.every(isString), '/teaches', 'must be a non-empty array of strings');
  const cases = value.testCases;
  if (!isJsonObject(cases) || Object.keys(cases).length === 0) {
    problems.push('/testCases: must be an object with at least one test case');
  } else {
    const caseFields = new Set(['description', 'status', 'error', 'cause', 'output', 'durationSeconds', 'answerTaskToken', 'cli']);
    for (const [name, c] of Object.entries(cases)) {
      const at = `/testCases/${name}`;
      if (!isJsonObject(c)) {
        problems.push(`${at}: must be an object`);
        continue;
      }
      for (const key of Object.keys(c)) check(caseFields.has(key), `${at}/${key}`, 'unknown field');
      check(isString(c.description), `${at}/description`, 'must be a non-empty string');
      check(typeof c.status === 'string' && STATUSES.includes(c.status), `${at}/status`, `must be one of ${STATUSES.join(', ')}`);
      check(c.status === 'SUCCEEDED' || isString(c.error), `${at}/error`, 'is required when the status is not SUCCEEDED');
      check(c.status !== 'SUCCEEDED' || (c.error === undefined && c.cause === undefined), at, 'a SUCCEEDED case has no error or cause');
      check(c.status === 'SUCCEEDED' || c.output === undefined, `${at}/output`, 'only a SUCCEEDED case has an output');
      check(c.durationSeconds === undefined || (typeof c.durationSeconds === 'number' && c.durationSeconds >= 0), `${at}/durationSeconds`, 'must be a number of seconds');
      check(c.cli === undefined || typeof c.cli === 'boolean', `${at}/cli`, 'must be a boolean');
      if (c.answerTaskToken !== undefined) {
        const a = c.answerTaskToken;
        const ok = isJsonObject(a) && isString(a.state) && (a.sendTaskSuccess !== undefined) !== (a.sendTaskFailure !== undefined);
        check(ok, `${at}/answerTaskToken`, 'must be { "state", and one of "sendTaskSuccess" or "sendTaskFailure" }');
      }
    }
  }
  if (value.files !== undefined) {
    const files = value.files;
    if (!isJsonObject(files)) problems.push('/files: must be an object');
    else {
      for (const key of Object.keys(files)) check(key === 's3Objects' || key === 'childStateMachines', `/files/${key}`, 'unknown field');
      if (files.s3Objects !== undefined) {
        const ok = Array.isArray(files.s3Objects) && files.s3Objects.every((o) => isJsonObject(o) && isString(o.Bucket) && isString(o.Key) && isString(o.file));
        check(ok, '/files/s3Objects', 'must be an array of { "Bucket", "Key", "file" }');
      }
      if (files.childStateMachines !== undefined) {
        const children = files.childStateMachines;
        const ok =
          isJsonObject(children) &&
          Object.entries(children).every(
            ([arn, c]) => arn.startsWith('arn:aws:states:') && isJsonObject(c) && isString(c.definition) && (c.type === undefined || c.type === 'STANDARD' || c.type === 'EXPRESS'),
          );
        check(ok, '/files/childStateMachines', 'must map state machine ARNs to { "definition", "type"? }');
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Loading an example folder
// ---------------------------------------------------------------------------------------------

interface LoadedExample {
  id: string;
  folder: string;
  manifestJson: Json;
  manifest: Manifest;
  definition: Json;
  input: Json;
  mocksJson: Json;
  readme: string;
}

const readJson = (path: string): Json => JSON.parse(readFileSync(path, 'utf8')) as Json;

/** The definition of an example that ships a SAM/CloudFormation/CDK template, read with the one loader as the CLI reads it. */
function definitionFromTemplate(folder: string, template: string): Json {
  const path = join(folder, template);
  const opened = openDefinition(readFileSync(path, 'utf8'), template, { readRelative: (file) => readFileSync(join(dirname(path), file), 'utf8') });
  if (!opened.ok) throw new Error(opened.message);
  return JSON.parse(opened.definitionText) as Json;
}

function discoverExamples(): LoadedExample[] {
  return readdirSync(EXAMPLES_DIR)
    .sort()
    .filter((name) => statSync(join(EXAMPLES_DIR, name)).isDirectory() && existsSync(join(EXAMPLES_DIR, name, 'example.json')))
    .map((id) => {
      const folder = join(EXAMPLES_DIR, id);
      const manifestJson = readJson(join(folder, 'example.json'));
      return {
        id,
        folder,
        manifestJson,
        manifest: manifestJson as unknown as Manifest,
        definition: isJsonObject(manifestJson) && isString(manifestJson.template) ? definitionFromTemplate(folder, manifestJson.template) : readJson(join(folder, 'definition.json')),
        input: readJson(join(folder, 'input.json')),
        mocksJson: readJson(join(folder, 'mocks.json')),
        readme: readFileSync(join(folder, 'README.md'), 'utf8'),
      };
    });
}

function checkedMockConfig(example: LoadedExample): MockConfig {
  const parsed = parseMockConfig(example.mocksJson);
  if (!parsed.ok) throw new Error(`${example.id}/mocks.json is invalid:\n${parsed.diagnostics.map((d) => `${d.pointer}: ${d.message}`).join('\n')}`);
  return parsed.config;
}

function s3ObjectsOf(example: LoadedExample): S3ObjectInput[] | undefined {
  return example.manifest.files?.s3Objects?.map((o) => ({ Bucket: o.Bucket, Key: o.Key, Body: readFileSync(join(example.folder, o.file), 'utf8') }));
}

function childMachinesOf(example: LoadedExample): Record<string, RegisteredStateMachine> | undefined {
  const children = example.manifest.files?.childStateMachines;
  if (children === undefined) return undefined;
  const registered: Record<string, RegisteredStateMachine> = {};
  for (const [arn, child] of Object.entries(children)) {
    registered[arn] = { definition: readJson(join(example.folder, child.definition)) as unknown as StateMachineDefinition, ...(child.type ? { type: child.type } : {}) };
  }
  return registered;
}

/** Runs one test case as the gallery would: mocks, shipped files, and a token answered from outside. */
async function runTestCase(example: LoadedExample, testCase: string): Promise<{ result: RunResult; answered: string[] }> {
  const config = checkedMockConfig(example);
  const expected = example.manifest.testCases[testCase];
  const s3Objects = s3ObjectsOf(example);
  const stateMachines = childMachinesOf(example);
  const answered: string[] = [];
  // Held waits (the default) stop the virtual clock until answered; a wait this case does not answer
  // is released so that it times out instead of hanging the test.
  const broker = createTaskTokenBroker();
  broker.subscribe((wait) => {
    const answer = expected.answerTaskToken;
    setTimeout(() => {
      if (answer === undefined || answer.state !== wait.stateName) return broker.release(wait.token);
      answered.push(wait.stateName);
      if (answer.sendTaskFailure !== undefined) broker.sendTaskFailure(wait.token, answer.sendTaskFailure.error, answer.sendTaskFailure.cause);
      else broker.sendTaskSuccess(wait.token, answer.sendTaskSuccess ?? null);
    }, 0);
  });
  const result = await runExecution({
    definition: example.definition as unknown as StateMachineDefinition,
    input: example.input,
    invoker: createMockInvoker(config, { stateMachine: example.manifest.stateMachine, testCase }),
    stateMachineName: example.manifest.stateMachine,
    executionName: testCase,
    taskTokens: broker,
    ...(s3Objects ? { s3Objects } : {}),
    ...(stateMachines ? { stateMachines } : {}),
  });
  return { result, answered };
}

/** State names of a definition, nested ones (Parallel branches, Map processors) included. */
function stateNames(definition: Json, into = new Set<string>()): Set<string> {
  if (!isJsonObject(definition) || !isJsonObject(definition.States)) return into;
  for (const [name, state] of Object.entries(definition.States)) {
    into.add(name);
    if (!isJsonObject(state)) continue;
    if (Array.isArray(state.Branches)) for (const b of state.Branches) stateNames(b, into);
    stateNames(state.ItemProcessor ?? null, into);
    stateNames(state.Iterator ?? null, into);
  }
  return into;
}

// ---------------------------------------------------------------------------------------------
// README commands through the CLI
// ---------------------------------------------------------------------------------------------

/** The `npx stepscope run ...` commands in a README's fenced blocks, as argument lists after `run`. */
function readmeRunCommands(readme: string): string[][] {
  const commands: string[][] = [];
  for (const block of readme.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)) {
    const text = block[1].replace(/\\\n\s*/g, ' ');
    for (const line of text.split('\n')) {
      const trimmed = line.trim();
      if (!trimmed.startsWith('npx stepscope run ')) continue;
      if (/["'`$]/.test(trimmed)) throw new Error(`README commands must be plain words (no quotes or variables): ${trimmed}`);
      commands.push(trimmed.split(/\s+/).slice(3));
    }
  }
  return commands;
}

function flagValue(args: string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
}

let cliDir: string | undefined;
let cli: string | undefined;

/**
 * Bundles the CLI into a private folder (not dist/, which test/integration/cli rebuilds while this
 * file may run), keeping better-sqlite3 external at its absolute path so the bundle loads from /tmp.
 */
async function buildPrivateCli(): Promise<string> {
  cliDir = mkdtempSync(join(tmpdir(), 'stepscope-examples-cli-'));
  const require = createRequire(join(ROOT, 'package.json'));
  const sqlite = require.resolve('better-sqlite3');
  await build({
    entryPoints: [join(ROOT, 'src-main/node/cli/main.ts')],
    outfile: join(cliDir, 'cli.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    plugins: [
      {
        name: 'external-sqlite',
        setup(b) {
          b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: sqlite, external: true }));
        },
      },
    ],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return join(cliDir, 'cli.mjs');
}

// ---------------------------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------------------------

const examples = discoverExamples();

describe('examples gallery', () => {
  it('has at least the examples issues #3 and #5 ask for, each with a manifest', () => {
    const ids = examples.map((e) => e.id);
    for (const id of [
      'order-pipeline',
      'lambda-retry-catch',
      'choice-loop',
      'map-items',
      'parallel-fan-out',
      'human-approval',
      'error-handling',
      'jsonata-orders',
      'distributed-map-csv',
      'parent-child',
    ]) {
      expect(ids).toContain(id);
    }
    const withoutManifest = readdirSync(EXAMPLES_DIR).filter((n) => statSync(join(EXAMPLES_DIR, n)).isDirectory() && !ids.includes(n));
    expect(withoutManifest).toEqual([]);
  });

  it('gives every example a distinct state machine name', () => {
    const names = examples.map((e) => e.manifest.stateMachine);
    expect(new Set(names).size).toBe(names.length);
  });
});

beforeAll(async () => {
  cli = await buildPrivateCli();
}, 120_000);

afterAll(() => {
  if (cliDir) rmSync(cliDir, { recursive: true, force: true });
});

for (const example of examples) {
  describe(`example ${example.id}`, () => {
    const { manifest } = example;

    it('has a well-formed example.json', () => {
      expect(manifestProblems(example.manifestJson)).toEqual([]);
    });

    it('has a valid definition with a Comment', () => {
      const diagnostics = validateDefinition(example.definition);
      expect(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
      expect(isValid(diagnostics)).toBe(true);
      expect(isJsonObject(example.definition) && isString(example.definition.Comment)).toBe(true);
    });

    it('ships valid child definitions and the files it names', () => {
      for (const child of Object.values(manifest.files?.childStateMachines ?? {})) {
        const diagnostics = validateDefinition(readJson(join(example.folder, child.definition)));
        expect(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
      }
      for (const o of manifest.files?.s3Objects ?? []) expect(existsSync(join(example.folder, o.file))).toBe(true);
    });

    it('has a mock config whose test cases are exactly the manifest test cases, mocking existing states', () => {
      const config = checkedMockConfig(example);
      const cases = config.stateMachines.get(manifest.stateMachine);
      expect(cases, `mocks.json has no state machine ${manifest.stateMachine}`).toBeDefined();
      expect([...cases!.keys()].sort()).toEqual(Object.keys(manifest.testCases).sort());
      const states = stateNames(example.definition);
      for (const child of Object.values(manifest.files?.childStateMachines ?? {})) stateNames(readJson(join(example.folder, child.definition)), states);
      for (const testCase of cases!.values()) {
        for (const state of testCase.states.keys()) expect(states, `test case ${testCase.name} mocks an unknown state`).toContain(state);
      }
    });

    it('has a README titled as the manifest that names every test case and how to run it', () => {
      expect(example.readme.split('\n')[0]).toBe(`# ${manifest.title}`);
      for (const name of Object.keys(manifest.testCases)) expect(example.readme).toContain(`\`${name}\``);
      const cliCases = Object.entries(manifest.testCases).filter(([, c]) => c.cli !== false);
      if (cliCases.length > 0) expect(readmeRunCommands(example.readme).length).toBeGreaterThan(0);
    });

    for (const [name, expected] of Object.entries(manifest.testCases)) {
      it(`${name}: ${expected.description}`, async () => {
        const { result, answered } = await runTestCase(example, name);
        const summary = { status: result.status, error: result.error, cause: result.cause };
        expect(summary.status, JSON.stringify(summary)).toBe(expected.status);
        if (expected.error !== undefined) expect(result.error).toBe(expected.error);
        if (expected.cause !== undefined) expect(result.cause).toBe(expected.cause);
        if (expected.output !== undefined) expect(result.output).toEqual(expected.output);
        if (expected.durationSeconds !== undefined) expect((result.stopDate - result.startDate) / 1000).toBe(expected.durationSeconds);
        if (expected.answerTaskToken !== undefined) expect(answered).toEqual([expected.answerTaskToken.state]);
      });
    }

    const commands = readmeRunCommands(example.readme);
    for (const args of commands) {
      const testCase = flagValue(args, '--test-case');
      it(`README command runs through the CLI: stepscope run ... --test-case ${testCase}`, () => {
        expect(testCase, 'README commands name their --test-case').toBeDefined();
        const expected = manifest.testCases[testCase!];
        expect(expected, `--test-case ${testCase} is not in example.json`).toBeDefined();
        expect(expected.cli, `test case ${testCase} is marked "cli": false`).not.toBe(false);
        const r = spawnSync(process.execPath, [cli!, 'run', ...args, '--no-store'], {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, STEPSCOPE_DEBUG: '' },
          timeout: 60_000,
        });
        if (expected.status === 'SUCCEEDED') {
          expect(r.status, r.stderr).toBe(0);
          if (expected.output !== undefined) expect(JSON.parse(r.stdout)).toEqual(expected.output);
        } else {
          expect(r.status, r.stderr).toBe(1);
          expect(r.stderr).toContain(`Execution ${expected.status}\nError: ${expected.error}\n`);
        }
      });
    }
  });
}
