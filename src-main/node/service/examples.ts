import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { openDefinition } from '../../common/documents/loadDocument';
import type { RegisteredStateMachine } from '../../common/engine/run';
import type { S3ObjectInput } from '../../common/engine/itemReader/objectStore';
import type { StateMachineDefinition } from '../../common/asl/types';
import type { Example, ExampleId, ExampleTestCase } from '../../common/contract/api';
import type { ExecutionStatus } from '../../common/history/events';
import type { Json } from '../../common/json';
import { isJsonObject } from '../../common/json';

/** Definition file names an example folder may use, in order of preference. */
const DEFINITION_FILES = ['definition.json', 'definition.asl.json', 'definition.yaml', 'definition.yml'];

function readJson(path: string): Json {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Json;
  } catch (error) {
    throw new Error(`The example file ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The README's first `# ` heading and the first paragraph after it. */
function readReadme(path: string, fallbackTitle: string): { title: string; summary: string } {
  if (!existsSync(path)) return { title: fallbackTitle, summary: '' };
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const headingAt = lines.findIndex((l) => l.startsWith('# '));
  const title = headingAt >= 0 ? lines[headingAt].slice(2).trim() : fallbackTitle;
  const rest = lines.slice(headingAt + 1);
  const start = rest.findIndex((l) => l.trim() !== '');
  if (start < 0) return { title, summary: '' };
  const paragraph: string[] = [];
  for (const line of rest.slice(start)) {
    if (line.trim() === '') break;
    paragraph.push(line.trim());
  }
  return { title, summary: paragraph.join(' ') };
}

/** The parts of an `example.json` manifest the gallery shows (resources/examples/README.md). */
interface Manifest {
  title?: string;
  summary?: string;
  stateMachine?: string;
  teaches: string[];
  testCases: ExampleTestCase[];
}

const STATUSES: readonly string[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];

function readManifest(path: string): Manifest | undefined {
  if (!existsSync(path)) return undefined;
  const json = readJson(path);
  if (!isJsonObject(json)) throw new Error(`The example manifest ${path} must be a JSON object`);
  const text = (value: Json | undefined) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
  const manifest: Manifest = {
    teaches: Array.isArray(json.teaches) ? json.teaches.filter((t): t is string => typeof t === 'string') : [],
    testCases: [],
  };
  const title = text(json.title);
  const summary = text(json.summary);
  const stateMachine = text(json.stateMachine);
  if (title !== undefined) manifest.title = title;
  if (summary !== undefined) manifest.summary = summary;
  if (stateMachine !== undefined) manifest.stateMachine = stateMachine;
  if (isJsonObject(json.testCases)) {
    for (const [name, c] of Object.entries(json.testCases)) {
      const testCase: ExampleTestCase = { name };
      if (isJsonObject(c)) {
        const description = text(c.description);
        if (description !== undefined) testCase.description = description;
        if (typeof c.status === 'string' && STATUSES.includes(c.status)) testCase.expectedStatus = c.status as ExecutionStatus;
      }
      manifest.testCases.push(testCase);
    }
  }
  return manifest;
}

/**
 * Reads the examples gallery: every folder of `dir` with a definition file, in folder-name order.
 * The `example.json` manifest gives the title, summary, state machine and test cases; without it,
 * the README's first heading and paragraph and the mock config's first state machine are used.
 * `input.json` (default `{}`) and `mocks.json` are optional. A malformed JSON file is an error
 * naming the file.
 */
export function loadExamples(dir: string): Example[] {
  if (!existsSync(dir)) return [];
  const examples: Example[] = [];
  for (const name of readdirSync(dir).sort()) {
    const folder = join(dir, name);
    if (!statSync(folder).isDirectory()) continue;
    const definitionFile = DEFINITION_FILES.find((f) => existsSync(join(folder, f)));
    const fromTemplate = definitionFile === undefined ? readTemplateDefinition(folder) : undefined;
    if (definitionFile === undefined && fromTemplate === undefined) continue;
    const manifest = readManifest(join(folder, 'example.json'));
    const readme = readReadme(join(folder, 'README.md'), name);
    const example: Example = {
      id: name as ExampleId,
      title: manifest?.title ?? readme.title,
      summary: manifest?.summary ?? readme.summary,
      teaches: manifest?.teaches ?? [],
      definitionText: fromTemplate ?? readFileSync(join(folder, definitionFile as string), 'utf8'),
      input: existsSync(join(folder, 'input.json')) ? readJson(join(folder, 'input.json')) : {},
      testCases: [],
    };
    if (existsSync(join(folder, 'mocks.json'))) {
      const mockConfig = readJson(join(folder, 'mocks.json'));
      example.mockConfig = mockConfig;
      const machines = isJsonObject(mockConfig) && isJsonObject(mockConfig.StateMachines) ? mockConfig.StateMachines : {};
      const stateMachine = manifest?.stateMachine ?? Object.keys(machines)[0];
      if (manifest !== undefined && manifest.testCases.length > 0) {
        if (stateMachine !== undefined) example.stateMachine = stateMachine;
        example.testCases = manifest.testCases;
      } else if (stateMachine !== undefined) {
        example.stateMachine = stateMachine;
        const machine = machines[stateMachine];
        const cases = isJsonObject(machine) && isJsonObject(machine.TestCases) ? machine.TestCases : {};
        example.testCases = Object.keys(cases).map((testCase) => ({ name: testCase }));
      }
    }
    examples.push(example);
  }
  return examples;
}

/**
 * The definition of an example whose manifest names a SAM/CloudFormation/CDK `template` (relative
 * to its folder) instead of a definition file, read with the one loader as the CLI reads it; an
 * error names the file when the template gives none.
 */
function readTemplateDefinition(folder: string): string | undefined {
  const manifestPath = join(folder, 'example.json');
  if (!existsSync(manifestPath)) return undefined;
  const manifest = readJson(manifestPath);
  if (!isJsonObject(manifest) || typeof manifest.template !== 'string') return undefined;
  const path = join(folder, manifest.template);
  const opened = openDefinition(readFileSync(path, 'utf8'), manifest.template, { readRelative: (file) => readFileSync(resolve(dirname(path), file), 'utf8') });
  if (!opened.ok) throw new Error(`The example template ${path} gives no definition: ${opened.message}`);
  return opened.definitionText;
}

/** The files an example ships beside its definition, ready for `runExecution`. */
export interface ExampleFiles {
  s3Objects?: S3ObjectInput[];
  stateMachines?: Record<string, RegisteredStateMachine>;
}

/**
 * Reads the `files` of an example's manifest (resources/examples/README.md): S3 objects whose
 * bodies are files in the folder, and child state machines registered under their ARNs. Paths
 * may not leave the example's folder. An unknown example, or one with no `files`, gives `{}`.
 */
export function loadExampleFiles(dir: string, exampleId: string): ExampleFiles {
  const folder = resolve(dir, exampleId);
  if (!folder.startsWith(resolve(dir) + sep) || !existsSync(join(folder, 'example.json'))) return {};
  const manifest = readJson(join(folder, 'example.json'));
  const files = isJsonObject(manifest) && isJsonObject(manifest.files) ? manifest.files : undefined;
  if (!files) return {};
  const inside = (name: string): string => {
    const path = resolve(folder, name);
    if (!path.startsWith(folder + sep)) throw new Error(`The example file "${name}" is outside the example's folder`);
    return path;
  };
  const out: ExampleFiles = {};
  if (Array.isArray(files.s3Objects)) {
    out.s3Objects = files.s3Objects.filter(isJsonObject).map((o) => ({
      Bucket: String(o.Bucket),
      Key: String(o.Key),
      Body: typeof o.file === 'string' ? readFileSync(inside(o.file), 'utf8') : typeof o.Body === 'string' ? o.Body : JSON.stringify(o.Body ?? ''),
    }));
  }
  if (isJsonObject(files.childStateMachines)) {
    out.stateMachines = {};
    for (const [arn, child] of Object.entries(files.childStateMachines)) {
      if (!isJsonObject(child) || typeof child.definition !== 'string') continue;
      const definition = readJson(inside(child.definition)) as unknown as StateMachineDefinition;
      out.stateMachines[arn] = child.type === 'EXPRESS' ? { definition, type: 'EXPRESS' } : { definition };
    }
  }
  return out;
}
