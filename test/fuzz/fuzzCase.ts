import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Json, JsonObject } from '../../src-main/common/json';
import { isJsonObject } from '../../src-main/common/json';
import { createPrng, mutate, seedOf, type Prng } from '../unit/asl/mutateDefinition';
import { generateDefinition, generateInput } from './generateDefinition';

/**
 * One fuzz run's case: everything needed to run it again, as plain JSON (a reproduction file is
 * a FuzzCase). `makeFuzzCase(seed, index, corpus)` is a pure function: the same seed, index and
 * corpus give the same case, so `--seed S --only I` reproduces one run of a campaign exactly.
 */

/** How Task invocations are answered. */
export type FuzzInvokerSpec =
  | {
      /** Seeded answers: success (an echo or a random value), failure, or timeout, per invocation. */
      kind: 'fuzz';
      seed: number;
      /** Share of invocations that fail with an error (0..1). */
      failureRate: number;
      /** Share of invocations that time out (0..1). */
      timeoutRate: number;
    }
  | {
      /** A conformance case's MockConfigFile (state machine "Case", test case "Recorded"), maybe mutated. */
      kind: 'mocks';
      mockConfig: Json;
      mockExtras?: Json;
    };

/** A self-contained fuzz case (JSON). */
export interface FuzzCase {
  /** Campaign seed and run index that produced it (absent for hand-written reproductions). */
  seed?: number;
  index?: number;
  /** `generated`, `generated+mutated`, or `corpus:<case id>`. */
  origin: string;
  /** The mutations applied, readable. */
  edits: string[];
  definition: Json;
  input: Json;
  type: 'STANDARD' | 'EXPRESS';
  /** The run's quotas; an omitted one keeps AWS's value. */
  quotas: { historyEvents?: number | false; payloadBytes?: number | false };
  invoker: FuzzInvokerSpec;
  /** Objects a Distributed Map's ItemReader can read (from corpus cases). */
  s3Objects?: { Bucket: string; Key: string; Body: string }[];
  /** Seed of the engine's random source. */
  runSeed: number;
  /**
   * Wraps `input` in this many `{"a": ...}` levels when the run starts: an input nested deeper
   * than a reproduction file could hold as JSON text.
   */
  wrapInput?: number;
}

/** A corpus entry the fuzzer mutates. */
export interface CorpusEntry {
  id: string;
  definition: Json;
  /** The recorded input; validation cases have none (a generated one is used). */
  input?: Json;
  mockConfig: Json | null;
  mockExtras?: Json;
  s3Objects?: { Bucket: string; Key: string; Body: string }[];
  stateMachineType?: 'STANDARD' | 'EXPRESS';
}

/**
 * Reads every case of the AWS-recorded corpus under `repoRoot` (execution cases and the object
 * definitions of validation cases), sorted by id. Promises: deterministic order.
 */
export function loadFuzzCorpus(repoRoot: string): CorpusEntry[] {
  const dir = join(repoRoot, 'test/fixtures/conformance/aws-recorded');
  const out: CorpusEntry[] = [];
  for (const category of readdirSync(dir).sort()) {
    for (const file of readdirSync(join(dir, category)).sort()) {
      if (!file.endsWith('.json')) continue;
      const raw = JSON.parse(readFileSync(join(dir, category, file), 'utf8')) as JsonObject;
      if (!isJsonObject(raw.definition)) continue;
      out.push({
        id: typeof raw.id === 'string' ? raw.id : `${category}/${file}`,
        definition: raw.definition,
        input: 'input' in raw ? raw.input : undefined,
        mockConfig: raw.mockConfig ?? null,
        mockExtras: raw.mockExtras,
        s3Objects: Array.isArray(raw.s3Objects)
          ? raw.s3Objects.filter(isJsonObject).map((o) => ({ Bucket: String(o.Bucket), Key: String(o.Key), Body: typeof o.Body === 'string' ? o.Body : JSON.stringify(o.Body) }))
          : undefined,
        stateMachineType: raw.stateMachineType === 'EXPRESS' ? 'EXPRESS' : undefined,
      });
    }
  }
  return out;
}

const ERROR_NAMES = ['States.TaskFailed', 'States.Timeout', 'States.HeartbeatTimeout', 'Fuzz.Error', 'Lambda.ServiceException', 'States.ALL', 'States.Runtime'];

/** Mutates a MockConfigFile in place: turns Returns into Throws and back, renames errors, drops responses. */
function mutateMockConfig(config: Json, rng: Prng, edits: string[]): void {
  if (!isJsonObject(config) || !isJsonObject(config.MockedResponses)) return;
  const responses = config.MockedResponses;
  const names = Object.keys(responses).sort();
  if (names.length === 0) return;
  const count = 1 + rng.int(2);
  for (let i = 0; i < count; i++) {
    const name = rng.pick(names);
    const response = responses[name];
    if (!isJsonObject(response)) continue;
    const keys = Object.keys(response).sort();
    if (keys.length === 0) continue;
    const key = rng.pick(keys);
    const entry = response[key];
    if (!isJsonObject(entry)) continue;
    const r = rng.next();
    if (r < 0.4) {
      const error = rng.pick(ERROR_NAMES);
      response[key] = { Throw: { Error: error, Cause: rng.pick(['fuzz', '', '{"x": 1}']) } };
      edits.push(`mock ${name}[${key}] = Throw ${error}`);
    } else if (r < 0.6) {
      const value = rng.pick([null, 1, 'text', { Payload: null }, { Payload: { n: 1e308 } }, [1, 2], {}] as Json[]);
      response[key] = { Return: value };
      edits.push(`mock ${name}[${key}] = Return ${JSON.stringify(value)}`);
    } else if (r < 0.8) {
      delete response[key];
      edits.push(`mock ${name}[${key}] deleted`);
    } else {
      response[`${keys.length}-${keys.length + 5}`] = { Throw: { Error: 'States.Timeout' } };
      edits.push(`mock ${name}[${keys.length}-${keys.length + 5}] = Throw States.Timeout`);
    }
  }
}

function pickQuotas(rng: Prng): FuzzCase['quotas'] {
  const r = rng.next();
  const quotas: FuzzCase['quotas'] = {};
  if (r < 0.2) quotas.historyEvents = rng.pick([10, 25, 60, 200, 1000]);
  else if (r < 0.3) quotas.historyEvents = false;
  if (rng.next() < 0.1) quotas.payloadBytes = rng.pick([64, 1024, false] as (number | false)[]);
  return quotas;
}

function fuzzInvoker(rng: Prng): FuzzInvokerSpec {
  return {
    kind: 'fuzz',
    seed: Math.floor(rng.next() * 2 ** 32),
    failureRate: rng.pick([0, 0, 0.2, 0.5, 1]),
    timeoutRate: rng.pick([0, 0, 0.1, 0.3]),
  };
}

/**
 * The case of run `index` of the campaign with seed `seed`. About half mutate a corpus case
 * (definition, input and mocks), the rest are generated from scratch (sometimes mutated on top).
 */
export function makeFuzzCase(seed: number, index: number, corpus: readonly CorpusEntry[]): FuzzCase {
  const rng = createPrng(seedOf(`${seed >>> 0}:${index}`));
  const runSeed = Math.floor(rng.next() * 2 ** 32);
  const quotas = pickQuotas(rng);
  if (corpus.length > 0 && rng.next() < 0.45) {
    const entry = rng.pick(corpus);
    const edits: string[] = [];
    let definition = entry.definition;
    let input = entry.input ?? generateInput(rng);
    if (rng.next() < 0.75) {
      const m = mutate(definition, input, rng);
      definition = m.definition;
      input = m.input;
      edits.push(...m.edits);
    }
    let invoker: FuzzInvokerSpec;
    if (entry.mockConfig !== null && rng.next() < 0.6) {
      const mockConfig = structuredClone(entry.mockConfig);
      if (rng.next() < 0.5) mutateMockConfig(mockConfig, rng, edits);
      invoker = { kind: 'mocks', mockConfig, mockExtras: entry.mockExtras };
    } else invoker = fuzzInvoker(rng);
    const type = entry.stateMachineType ?? (rng.next() < 0.15 ? 'EXPRESS' : 'STANDARD');
    return { seed, index, origin: `corpus:${entry.id}`, edits, definition, input, type, quotas, invoker, s3Objects: entry.s3Objects, runSeed };
  }
  const generated = generateDefinition(rng);
  let definition: Json = generated.definition;
  let input = generated.input;
  const edits: string[] = [];
  let origin = 'generated';
  if (rng.next() < 0.15) {
    const m = mutate(definition, input, rng);
    definition = m.definition;
    input = m.input;
    edits.push(...m.edits);
    origin = 'generated+mutated';
  }
  return { seed, index, origin, edits, definition, input, type: generated.type, quotas, invoker: fuzzInvoker(rng), runSeed };
}
