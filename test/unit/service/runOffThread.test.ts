import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTestService } from './serviceFixture';
import { distributedMapFan } from '../../fixtures/distributedMapFan';
import type { StateMachineDefinition } from '../../../src-main/common/asl/types';
import { loadCase } from '../../../src-main/common/conformance/conformanceCase';
import { runCase } from '../../../src-main/common/conformance/runCase';
import type { ExecutionId } from '../../../src-main/common/contract/api';
import type { RunOptions } from '../../../src-main/common/engine/run';
import type { HistoryEvent } from '../../../src-main/common/history/events';
import type { Json } from '../../../src-main/common/json';
import { runLocalExecution, type LocalRunSpec } from '../../../src-main/node/service/localRun';
import { createRunThreads, invokerOf, mayWaitForTaskToken, type PortableInvoker } from '../../../src-main/node/service/runOffThread';

/**
 * Issue #18: a long run must never hold the host's only thread. Concurrent branches cannot hand
 * the host a turn without changing the event order (engine/hostYield.ts), so the service and the
 * CLI run each execution on a worker thread (service/runOffThread.ts). These tests prove that the
 * host's thread is free while such a run goes on, and that the worker gives the same history as
 * the host's thread, over the corpus's concurrent cases.
 */

/** The run worker, built by `npm run build:cli` (which `npm test` runs first). */
const RUN_WORKER = join(__dirname, '../../../dist/runWorker.mjs');
const CORPUS = join(__dirname, '../../../test/fixtures/conformance/aws-recorded');

/** A branch that loops `n` times through a Choice and a Pass (JSONPath: no promise of its own). */
function loopBranch(prefix: string, n: number): Json {
  return {
    StartAt: `${prefix}Init`,
    States: {
      [`${prefix}Init`]: { Type: 'Pass', Result: 0, ResultPath: '$.i', Next: `${prefix}Loop` },
      [`${prefix}Loop`]: { Type: 'Choice', Choices: [{ Variable: '$.i', NumericLessThan: n, Next: `${prefix}Step` }], Default: `${prefix}Done` },
      [`${prefix}Step`]: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: `${prefix}Loop` },
      [`${prefix}Done`]: { Type: 'Succeed' },
    },
  };
}

/** Two branches that are both runnable all the time: the engine never yields to the host in it. */
const CONCURRENT: Json = { StartAt: 'Both', States: { Both: { Type: 'Parallel', Branches: [loopBranch('A', 1500), loopBranch('B', 1500)], End: true } } };
const NO_MOCKS: PortableInvoker = { kind: 'noMocks', hint: 'none given' };

function spec(definition: Json): LocalRunSpec {
  return {
    definition: definition as unknown as StateMachineDefinition,
    definitionText: JSON.stringify(definition),
    input: {},
    invoker: invokerOf(NO_MOCKS),
    portableInvoker: NO_MOCKS,
    seed: 7,
    startTime: Date.UTC(2024, 0, 1),
    stateMachineName: 'Concurrent',
    name: 'run-1',
  };
}

/** Runs `spec` with `runWorker` (or on this thread), noting whether this thread got a turn (a setImmediate) before the run ended. */
async function runNoting(s: LocalRunSpec, runWorker: string | undefined) {
  const events: HistoryEvent[] = [];
  let ended = false;
  let endedAtHostTurn: boolean | undefined;
  const outcome = runLocalExecution(s, { emit: (e) => events.push(e), ...(runWorker !== undefined ? { runThreads: createRunThreads(runWorker) } : {}), yieldToHost: () => new Promise((r) => setImmediate(r)) });
  void outcome.then(() => (ended = true));
  setImmediate(() => (endedAtHostTurn = ended));
  const done = await outcome;
  await new Promise((r) => setImmediate(r));
  return { done, events, endedAtHostTurn };
}

describe('runs off the host thread (issue #18: a long run never holds the host thread)', () => {
  it('has the run worker built (npm run build:cli)', () => {
    expect(existsSync(RUN_WORKER)).toBe(true);
  });

  it('on the host thread, concurrent branches hold it until the run ends (why runs go to a worker)', async () => {
    const { done, events, endedAtHostTurn } = await runNoting(spec(CONCURRENT), undefined);
    expect(done.kind === 'finished' && done.result.status).toBe('SUCCEEDED');
    expect(events.length).toBeGreaterThan(12_000);
    expect(endedAtHostTurn).toBe(true);
  });

  it('on a worker thread, the host thread gets its turn while the run goes on, and the events are the same', async () => {
    const here = await runNoting(spec(CONCURRENT), undefined);
    const off = await runNoting(spec(CONCURRENT), RUN_WORKER);
    expect(off.endedAtHostTurn).toBe(false);
    expect(off.done.kind === 'finished' && off.done.result.status).toBe('SUCCEEDED');
    expect(off.events).toEqual(here.events);
    if (off.done.kind === 'finished' && here.done.kind === 'finished') expect({ ...off.done.result }).toEqual({ ...here.done.result });
  });

  it('reports what the engine threw in the worker as a crash, and a worker that cannot start its invoker too', async () => {
    const broken: LocalRunSpec = { ...spec(CONCURRENT), portableInvoker: { kind: 'mocks', config: 'not a mock config', stateMachine: 'X', testCase: 'Y' } };
    const outcome = await runLocalExecution(broken, { emit: () => undefined, runThreads: createRunThreads(RUN_WORKER) });
    expect(outcome.kind).toBe('crashed');
    expect(outcome.update.status).toBe('INTERRUPTED');
  });

  it('a warm thread serves the next run, each run gets a thread of its own, and closing ends the runs still going', async () => {
    const threads = createRunThreads(RUN_WORKER, { warm: true });
    const data = (n: number) => ({
      options: { definition: CONCURRENT as unknown as StateMachineDefinition, input: { n }, seed: n, stateMachineName: 'Concurrent', executionName: `run-${n}` },
      invoker: NO_MOCKS,
      stream: false,
      monotonicClock: false,
    });
    const first = await threads.start(data(1), () => undefined).result;
    await new Promise((r) => setImmediate(r));
    const second = await threads.start(data(2), () => undefined).result;
    expect([first.status, second.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(second.executionArn).toMatch(/run-2$/);
    const long = threads.start({ ...data(3), options: { ...data(3).options, definition: { StartAt: 'Both', States: { Both: { Type: 'Parallel', Branches: [loopBranch('A', 1e9), loopBranch('B', 1e9)], End: true } } } as unknown as StateMachineDefinition, quotas: { historyEvents: false } } }, () => undefined);
    threads.close();
    await expect(long.result).rejects.toThrow(/worker thread stopped/);
  });

  it('runs on the host thread when its thread cannot start (a script that does not load), with the same result', async () => {
    const threads = createRunThreads(join(__dirname, 'no-such-runWorker.mjs'), { warm: true });
    const here = await runNoting(spec(CONCURRENT), undefined);
    const events: HistoryEvent[] = [];
    const first = await runLocalExecution(spec(CONCURRENT), { emit: (e) => events.push(e), runThreads: threads });
    expect(first.kind === 'finished' && first.result.status).toBe('SUCCEEDED');
    expect(events).toEqual(here.events);
    // Later runs no longer try a thread.
    expect(() => threads.start({ options: { definition: CONCURRENT as unknown as StateMachineDefinition, input: {} }, invoker: NO_MOCKS, stream: false, monotonicClock: false }, () => undefined)).toThrow(/could not start/);
    threads.close();
  });

  it('answers unmocked Tasks with the same generated responses on a worker thread (generateMissing), and reports them', async () => {
    const tasks: Json = { StartAt: 'Both', States: { Both: { Type: 'Parallel', Branches: [0, 1].map((b) => ({ StartAt: `T${b}`, States: { [`T${b}`]: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: 'f', Payload: { b } }, QueryLanguage: 'JSONata', End: true } } })), End: true } } };
    const runs = [];
    for (const threads of [undefined, createRunThreads(RUN_WORKER)]) {
      const events: HistoryEvent[] = [];
      let answered: readonly unknown[] | undefined;
      const outcome = await runLocalExecution({ ...spec(tasks), generateMissing: true }, { emit: (e) => events.push(e), onGenerated: (a) => (answered = a), ...(threads !== undefined ? { runThreads: threads } : {}) });
      runs.push({ events, generated: outcome.generated, answered: [...(answered ?? [])], status: outcome.kind === 'finished' ? outcome.result.status : outcome.kind });
    }
    expect(runs[0].status).toBe('SUCCEEDED');
    expect(runs[0].generated).toHaveLength(2);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('keeps a run that may wait for a task token, or has no portable invoker, on the host thread', () => {
    const callback = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', End: true } } } as unknown as StateMachineDefinition;
    expect(mayWaitForTaskToken(callback)).toBe(true);
    expect(mayWaitForTaskToken(CONCURRENT as unknown as StateMachineDefinition)).toBe(false);
    expect(mayWaitForTaskToken(CONCURRENT as unknown as StateMachineDefinition, { child: { definition: callback } })).toBe(true);
  });

  it('the service runs an execution on a worker thread: its thread is free meanwhile, and the stored history is the engine one', async () => {
    const definitionText = JSON.stringify(CONCURRENT);
    const runs: { id: string; free: boolean; events: HistoryEvent[] }[] = [];
    for (const runWorker of [false, RUN_WORKER] as const) {
      const { service } = openTestService({ prefix: 'stepscope-offthread-', runWorker });
      const started = await service['executions.start']({ definitionText, seed: 3, name: 'same' });
      if (started.kind !== 'started') throw new Error('not started');
      const id = started.execution.executionId;
      await new Promise((r) => setImmediate(r));
      const free = (await service['executions.get']({ executionId: id })).status === 'RUNNING';
      await service.whenIdle();
      const page = await service['executions.events']({ executionId: id as ExecutionId, limit: 5000 });
      const events: HistoryEvent[] = [...page.events];
      for (let after = events.length; events.length < 12_000 && page.events.length > 0; after = events.length) {
        const next = await service['executions.events']({ executionId: id as ExecutionId, after, limit: 5000 });
        if (next.events.length === 0) break;
        events.push(...next.events);
      }
      expect((await service['executions.get']({ executionId: id })).status).toBe('SUCCEEDED');
      runs.push({ id, free, events });
    }
    expect(runs[0].free).toBe(false);
    expect(runs[1].free).toBe(true);
    expect(runs[1].events.length).toBeGreaterThan(12_000);
    expect(runs[1].events).toEqual(runs[0].events);
  }, 60_000);
});

describe('forks and redrives on a worker thread (the same histories and children as on the host thread)', () => {
  /** Invocations 0-1 succeed, 2 fails; the redrive's (3-5) succeed (as test/unit/service/lineage.test.ts). */
  const mocks = {
    StateMachines: { Fan: { TestCases: { Flaky: { Work: 'Work' } } } },
    MockedResponses: { Work: { '0-1': { Return: 'first' }, '2': { Throw: { Error: 'Work.Failed', Cause: 'item 2 failed' } }, '3-5': { Return: 'second' } } },
  } as Json;
  const input = { items: [{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }] };

  it('redrives a Distributed Map and forks from its history with the same results either way', async () => {
    const seen: Json[] = [];
    for (const runWorker of [false, RUN_WORKER] as const) {
      const { service } = openTestService({ prefix: 'stepscope-offthread-rerun-', runWorker });
      const idOf = async (o: Promise<{ kind: string; execution?: { executionId: ExecutionId } }>): Promise<ExecutionId> => {
        const started = await o;
        if (started.execution === undefined) throw new Error(`not started: ${JSON.stringify(started)}`);
        await service.whenIdle();
        return started.execution.executionId;
      };
      const original = await idOf(service['executions.start']({ definitionText: JSON.stringify(distributedMapFan), input, mocks: { config: mocks, stateMachine: 'Fan', testCase: 'Flaky' } }));
      const redriven = await idOf(service['executions.redrive']({ executionId: original }));
      const entered = (await service['executions.events']({ executionId: original, limit: 5000 })).events.find((e) => e.type === 'MapStateEntered')!;
      const forked = await idOf(service['executions.fork']({ executionId: original, eventId: entered.id }));
      const record: Json[] = [];
      for (const id of [original, redriven, forked]) {
        const detail = await service['executions.get']({ executionId: id });
        const events = (await service['executions.events']({ executionId: id, limit: 5000 })).events;
        const children = (await service['executions.list']({ parentExecutionId: id })).map((c) => [c.name, c.status, c.parent?.itemIndex ?? null]);
        record.push({ status: detail.status, output: detail.output ?? null, events: events as unknown as Json, children: children as Json });
      }
      seen.push(record);
    }
    expect((seen[0] as { status: string }[]).map((r) => r.status)).toEqual(['FAILED', 'SUCCEEDED', 'FAILED']);
    expect(seen[1]).toEqual(seen[0]);
  }, 60_000);
});

/** The raw mock config a case without one runs with: test case "Recorded" of "Case" mocks nothing. */
const NOTHING_MOCKED: Json = { StateMachines: { Case: { TestCases: { Recorded: {} } } }, MockedResponses: {} };

/** The corpus's cases where branches, iterations or children run concurrently (their order is what a thread change could alter). */
function concurrentCases(): string[] {
  const out: string[] = [];
  for (const category of readdirSync(CORPUS).sort()) {
    for (const name of readdirSync(join(CORPUS, category)).sort()) {
      const file = join(CORPUS, category, name);
      if (name.endsWith('.json') && /"Type"\s*:\s*"(Parallel|Map)"/.test(readFileSync(file, 'utf8'))) out.push(file);
    }
  }
  return out;
}

describe('the same history on a worker thread as on the host thread (the corpus)', () => {
  const files = concurrentCases();
  it('has concurrent cases to compare', () => {
    expect(files.length).toBeGreaterThan(100);
  });
  it('every concurrent case of the corpus gives the same events and result on a worker thread', async () => {
    const differing: string[] = [];
    let compared = 0;
    const threads = createRunThreads(RUN_WORKER, { warm: true });
    for (const file of files) {
      const testCase = loadCase(JSON.parse(readFileSync(file, 'utf8')) as Json);
      if (testCase.kind !== 'execution') continue;
      const portable: PortableInvoker = { kind: 'mocks', config: testCase.mockConfig ?? NOTHING_MOCKED, stateMachine: 'Case', testCase: 'Recorded', ...(testCase.mockExtras !== undefined ? { extras: testCase.mockExtras } : {}) };
      const offThread = (options: RunOptions) => {
        const { invoker: _i, sink, taskTokens: _t, yieldToHost: _y, monotonicClock: _m, debug: _d, clock: _c, random: _r, progress: _p, ...rest } = options;
        return threads.start({ options: rest, invoker: portable, stream: sink !== undefined, monotonicClock: false }, (e) => sink?.emit(e)).result;
      };
      const here = await runCase(testCase);
      const off = await runCase(testCase, { runExecution: offThread });
      compared++;
      if (JSON.stringify(off.run) !== JSON.stringify(here.run) || off.result.ok !== here.result.ok) differing.push(file.slice(CORPUS.length + 1));
    }
    threads.close();
    expect(compared).toBeGreaterThan(100);
    expect(differing).toEqual([]);
  }, 180_000);
});

describe('children stream to the store as they end (RunOptions.onChildFinished)', () => {
  /** A Distributed Map whose children each run a Distributed Map of their own: children and grandchildren. */
  const nested: Json = {
    StartAt: 'Outer',
    States: {
      Outer: {
        Type: 'Map',
        ItemsPath: '$.groups',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Inner',
          States: {
            Inner: {
              Type: 'Map',
              ItemsPath: '$.items',
              ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } },
              End: true,
            },
          },
        },
        End: true,
      },
    },
  };
  const input = { groups: [{ items: [1, 2] }, { items: [3] }, { items: [4, 5, 6] }] };

  it('links every child to its parent and its MapRunStarted, grandchildren under the child that started them, on either thread', async () => {
    const seen: Json[] = [];
    for (const runWorker of [false, RUN_WORKER] as const) {
      const { service } = openTestService({ prefix: 'stepscope-stream-children-', runWorker });
      const started = await service['executions.start']({ definitionText: JSON.stringify(nested), input });
      if (started.kind !== 'started') throw new Error(JSON.stringify(started));
      await service.whenIdle();
      const root = started.execution.executionId;
      expect((await service['executions.get']({ executionId: root })).status).toBe('SUCCEEDED');
      const rootEvents = (await service['executions.events']({ executionId: root, limit: 5000 })).events;
      const mapRunStarted = rootEvents.find((e) => e.type === 'MapRunStarted')!;
      const children = await service['executions.list']({ parentExecutionId: root });
      expect(children).toHaveLength(3);
      expect(await service['executions.list']({ parentExecutionId: root, parentEventId: mapRunStarted.id })).toHaveLength(3);
      const tree: Json[] = [];
      for (const child of [...children].sort((a, b) => (a.parent?.itemIndex ?? 0) - (b.parent?.itemIndex ?? 0))) {
        const childEvents = (await service['executions.events']({ executionId: child.executionId, limit: 5000 })).events;
        const childMapRun = childEvents.find((e) => e.type === 'MapRunStarted')!;
        const grandchildren = await service['executions.list']({ parentExecutionId: child.executionId, parentEventId: childMapRun.id });
        tree.push({
          index: child.parent?.itemIndex ?? null,
          status: child.status,
          grandchildren: grandchildren.map((g) => [g.parent?.itemIndex ?? null, g.status]).sort() as Json,
        });
      }
      seen.push(tree);
    }
    expect(seen[0]).toEqual([
      { index: 0, status: 'SUCCEEDED', grandchildren: [[0, 'SUCCEEDED'], [1, 'SUCCEEDED']] },
      { index: 1, status: 'SUCCEEDED', grandchildren: [[0, 'SUCCEEDED']] },
      { index: 2, status: 'SUCCEEDED', grandchildren: [[0, 'SUCCEEDED'], [1, 'SUCCEEDED'], [2, 'SUCCEEDED']] },
    ]);
    expect(seen[1]).toEqual(seen[0]);
  }, 60_000);
});

describe('a run reading a local S3 folder goes off the host thread too (s3Root)', () => {
  it('the service runs it on a worker thread (its thread free meanwhile), with the same history and children as on the host thread', async () => {
    const root = mkdtempSync(join(tmpdir(), 'stepscope-s3-offthread-'));
    mkdirSync(join(root, 'items'));
    writeFileSync(join(root, 'items', 'orders.jsonl'), Array.from({ length: 300 }, (_, i) => JSON.stringify({ id: i, region: i % 2 === 0 ? 'eu' : 'us' })).join('\n'));
    const definition: Json = {
      StartAt: 'Read',
      States: {
        Read: {
          Type: 'Map',
          ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSONL' }, Parameters: { Bucket: 'items', Key: 'orders.jsonl' } },
          ItemBatcher: { MaxItemsPerBatch: 50 },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Each',
            States: { Each: { Type: 'Map', ItemsPath: '$.Items', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, ResultSelector: { 'n.$': 'States.ArrayLength($)' }, End: true } },
          },
          End: true,
        },
      },
    };
    const runs: { free: boolean; events: unknown; children: unknown; output: unknown }[] = [];
    for (const runWorker of [false, RUN_WORKER] as const) {
      const { service } = openTestService({ prefix: 'stepscope-s3-offthread-db-', runWorker });
      const started = await service['executions.start']({ definitionText: JSON.stringify(definition), seed: 5, name: 'same', s3Root: root });
      if (started.kind !== 'started') throw new Error('not started');
      const id = started.execution.executionId;
      await new Promise((r) => setImmediate(r));
      const free = (await service['executions.get']({ executionId: id })).status === 'RUNNING';
      await service.whenIdle();
      const detail = await service['executions.get']({ executionId: id });
      expect(detail.status).toBe('SUCCEEDED');
      const events = (await service['executions.events']({ executionId: id, limit: 5000 })).events;
      const children = (await service['executions.list']({ parentExecutionId: id })).map((c) => [c.parent?.itemIndex ?? null, c.status]).sort();
      runs.push({ free, events, children, output: detail.output });
    }
    expect(runs[0].free).toBe(false);
    expect(runs[1].free).toBe(true);
    expect(runs[1].children).toHaveLength(6);
    expect({ ...runs[1], free: null }).toEqual({ ...runs[0], free: null });
  }, 60_000);
});
