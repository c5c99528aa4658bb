import type { StateMachineDefinition } from '../../src-main/common/asl/types';
import { isValid, validateDefinition } from '../../src-main/common/asl/validate';
import { runExecution } from '../../src-main/common/engine/interpreter';
import type { TaskInvoker, TaskOutcome, TaskRequest } from '../../src-main/common/engine/ports';
import { AWS_QUOTAS, EXPRESS_LOCAL_EVENT_LIMIT, type ChildRunResult, type RunResult } from '../../src-main/common/engine/run';
import type { Json } from '../../src-main/common/json';
import { isJsonObject } from '../../src-main/common/json';
import { parseMockConfig, parseMockExtras } from '../../src-main/common/mocks/mockConfig';
import { createMockInvoker } from '../../src-main/common/mocks/mockInvoker';
import { createPrng, seedOf } from '../unit/asl/mutateDefinition';
import type { FuzzCase, FuzzInvokerSpec } from './fuzzCase';
import { checkHistory, hasNonFiniteNumber, type Violation } from './historyInvariants';
import { PROGRESS_SLOTS } from './progress';

/**
 * Runs one FuzzCase in this thread: validation, then (when valid) the engine under a wall-time
 * limit, then the history invariants on every history the run produced (its children's too).
 * Expected failures (an invalid definition, a FAILED execution) are outcomes; exceptions, hangs
 * and broken invariants are violations.
 */

/** How one fuzz run ended. */
export interface FuzzOutcome {
  /**
   * `invalid` (the validator or the mock parser rejected it), an execution status, `hang` or
   * `crash`; `unbounded`: past the time limit where that is expected (hangKeyOf); `slow`: past
   * the time limit and its grace period, still making progress, parked unfinished.
   */
  result: 'invalid' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'hang' | 'unbounded' | 'slow' | 'crash';
  /** Events of the top-level history (as counted by the sink when the run did not settle). */
  events: number;
  /** Child executions' histories checked. */
  children: number;
  /** Wall time of the run, ms. */
  ms: number;
  /** Past the time limit but still making progress (a Standard run under its quota): reported, not a violation. */
  slow?: boolean;
  violations: Violation[];
}

/** Options of `runFuzzCase`. */
export interface RunFuzzOptions {
  /** A run that has not settled after this much wall time is a hang. */
  timeLimitMs: number;
  /**
   * Progress counters the campaign's thread reads while this one may be busy (see
   * PROGRESS_SLOTS): it tells a run that holds its worker's thread and still makes progress
   * (slow) from one that is stuck (a hang).
   */
  progress?: Int32Array;
}


/** An exception's stable key part: its class and message with numbers and quoted text blanked, cut short. */
export function exceptionKey(err: unknown): string {
  const name = err instanceof Error ? err.name : typeof err;
  const message = err instanceof Error ? err.message : String(err);
  const shape = message
    .replace(/"[^"]*"|'[^']*'/g, '…')
    .replace(/\d+/g, 'N')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60);
  return `${name}/${shape}`;
}

function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}\n${(err.stack ?? '').split('\n').slice(1, 8).join('\n')}` : String(err);
}

/** The seeded invoker: every Task gets an answer, the same one for the same invocation. */
function createFuzzInvoker(spec: Extract<FuzzInvokerSpec, { kind: 'fuzz' }>): TaskInvoker {
  return {
    invoke(request: TaskRequest): TaskOutcome {
      const rng = createPrng(spec.seed ^ seedOf(`${request.stateName}#${request.invocationIndex}#${request.mapIterationIndex ?? -1}`));
      const r = rng.next();
      if (r < spec.timeoutRate) return { kind: 'timeout', failure: { error: 'States.Timeout' } };
      if (r < spec.timeoutRate + spec.failureRate) {
        return { kind: 'failure', failure: { error: rng.pick(['Fuzz.Error', 'States.TaskFailed', 'Lambda.ServiceException', 'States.Runtime']), cause: rng.pick(['fuzz', '{"errorMessage":"x"}', '']) } };
      }
      const output: Json = rng.pick<Json>([
        request.parameters,
        { Payload: request.parameters, StatusCode: 200 },
        { n: 1, arr: [1, 2, 3], s: 'ok' },
        null,
        'text',
        [1, { a: 2 }],
        { big: 1e308 },
      ]);
      return { kind: 'success', output };
    },
  };
}

/** The invoker of a case, or why its mock config was rejected. */
export function invokerFor(spec: FuzzInvokerSpec): { invoker: TaskInvoker } | { rejected: string } {
  if (spec.kind === 'fuzz') return { invoker: createFuzzInvoker(spec) };
  const parsed = parseMockConfig(spec.mockConfig);
  if (!parsed.ok) return { rejected: parsed.diagnostics.map((d) => `${d.pointer}: ${d.message}`).join('; ') };
  let extras;
  if (spec.mockExtras !== undefined) {
    const e = parseMockExtras(spec.mockExtras);
    if (!e.ok) return { rejected: 'mockExtras' };
    extras = e.value;
  }
  return { invoker: createMockInvoker(parsed.config, { stateMachine: 'Case', testCase: 'Recorded', extras }) };
}

/** True when some ProcessorConfig says DISTRIBUTED with EXPRESS children. Iterative: definitions may be nested very deep. */
function hasExpressDistributedMap(definition: Json): boolean {
  const stack: Json[] = [definition];
  while (stack.length > 0) {
    const v = stack.pop() as Json;
    if (Array.isArray(v)) stack.push(...v);
    else if (isJsonObject(v)) {
      if (v.Mode === 'DISTRIBUTED' && v.ExecutionType === 'EXPRESS') return true;
      stack.push(...Object.values(v));
    }
  }
  return false;
}

/**
 * The violation key of `fuzzCase` running past its time limit, or undefined when that is expected:
 * a Standard run whose history quota the fuzzer turned off (with no Express children) may loop
 * for ever, as it would on AWS for a year. Otherwise the class says what could keep it going: an
 * Express Distributed Map child (Express children have no event cap), an Express run (no event
 * cap, and a loop of Pass/Choice states takes no clock time), or a Standard run (whose quota
 * should have stopped it; one still making progress under its quota is `slow`, see runFuzzCase).
 */
export function hangKeyOf(fuzzCase: FuzzCase): string | undefined {
  if (hasExpressDistributedMap(fuzzCase.definition)) return 'hang/express-distributed-map';
  if (fuzzCase.type === 'EXPRESS') return 'hang/express';
  if (fuzzCase.quotas.historyEvents === false) return undefined;
  return 'hang/standard';
}

/**
 * The top-level history's event bound: the case's quota, else AWS's 25,000 for Standard or
 * Stepscope's 100,000 for Express (false: the fuzzer turned the quota off).
 */
export function eventBoundOf(fuzzCase: FuzzCase): number | false {
  return fuzzCase.quotas.historyEvents ?? (fuzzCase.type === 'EXPRESS' ? EXPRESS_LOCAL_EVENT_LIMIT : AWS_QUOTAS.historyEvents);
}

/** The case's input, wrapped `wrapInput` levels deep. */
function wrappedInput(fuzzCase: FuzzCase): Json {
  let input = fuzzCase.input;
  for (let i = 0; i < (fuzzCase.wrapInput ?? 0); i++) input = { a: input };
  return input;
}

/**
 * Validates and runs `fuzzCase`. Promises: never rejects (every exception becomes a violation);
 * resolves within about `timeLimitMs` unless the engine blocks the thread (the campaign's
 * watchdog handles that). After the limit the run is parked at its next host yield.
 */
export async function runFuzzCase(fuzzCase: FuzzCase, options: RunFuzzOptions): Promise<FuzzOutcome> {
  const started = performance.now();
  const violations: Violation[] = [];
  const add = (v: Violation): void => {
    if (!violations.some((x) => x.key === v.key)) violations.push(v);
  };
  const done = (result: FuzzOutcome['result'], events: number, children = 0): FuzzOutcome => ({ result, events, children, ms: Math.round(performance.now() - started), violations });

  let diagnostics;
  try {
    diagnostics = validateDefinition(fuzzCase.definition, { stateMachineType: fuzzCase.type });
  } catch (err) {
    add({ key: `uncaught/validate/${exceptionKey(err)}`, message: `validateDefinition threw: ${describeError(err)}` });
    return done('crash', 0);
  }
  if (!Array.isArray(diagnostics)) {
    add({ key: 'validate-not-array', message: 'validateDefinition did not return an array' });
    return done('crash', 0);
  }
  if (!isValid(diagnostics)) return done('invalid', 0);

  const made = invokerFor(fuzzCase.invoker);
  if ('rejected' in made) return done('invalid', 0);
  const inner = made.invoker;
  // Checks what the engine sends to Tasks: a parameter holding NaN/Infinity cannot be JSON.
  const invoker: TaskInvoker = {
    invoke(request) {
      if (hasNonFiniteNumber(request.parameters)) {
        add({ key: 'non-finite-task-parameters', message: `Task ${request.stateName} received parameters holding NaN or Infinity` });
      }
      return inner.invoke(request);
    },
  };

  const historyQuota = eventBoundOf(fuzzCase);
  /** Child executions checked, each as it ended (RunOptions.onChildFinished): none is kept. */
  let children = 0;
  const checkChild = (child: ChildRunResult): void => {
    children++;
    const quota = fuzzCase.quotas.historyEvents ?? (child.type === 'EXPRESS' ? EXPRESS_LOCAL_EVENT_LIMIT : AWS_QUOTAS.historyEvents);
    for (const v of checkHistory(child.events, { historyQuota: quota, status: child.status, where: `child:${child.startedBy}:` })) add(v);
    if (child.status === 'SUCCEEDED' && hasNonFiniteNumber(child.output)) {
      add({ key: `child:${child.startedBy}:non-finite-output/execution`, message: `child ${child.executionArn} output holds NaN or Infinity` });
    }
  };
  const shared = options.progress;
  let sinkEvents = 0;
  /** Events of every history of the run (children included) and Task invocations: progress. */
  let ticks = 0;
  const tick = (): void => {
    ticks++;
    if (shared !== undefined) Atomics.add(shared, PROGRESS_SLOTS.ticks, 1);
  };
  let deadline = false;
  const timers: ReturnType<typeof setTimeout>[] = [];
  const after = (ms: number): Promise<'hang'> => new Promise((resolve) => timers.push(setTimeout(() => resolve('hang'), ms)));
  let run: Promise<{ result: RunResult } | { error: unknown }>;
  try {
    run = runExecution({
      definition: fuzzCase.definition as unknown as StateMachineDefinition,
      input: wrappedInput(fuzzCase),
      invoker: {
        invoke(request) {
          tick();
          return invoker.invoke(request);
        },
      },
      seed: fuzzCase.runSeed,
      type: fuzzCase.type,
      quotas: fuzzCase.quotas,
      s3Objects: fuzzCase.s3Objects,
      stateMachineName: 'Case',
      sink: {
        emit() {
          // The top-level history only (children have their own sinks).
          sinkEvents++;
          if (shared !== undefined) Atomics.add(shared, PROGRESS_SLOTS.topLevelEvents, 1);
        },
      },
      progress: tick,
      onChildFinished: checkChild,
      // The hosts' JSONata time budget (10 s on the host's monotonic clock, as the service, the CLI
      // and the app pass it). Each budget check is a step of a bounded evaluation: progress too.
      monotonicClock: {
        nowMs() {
          tick();
          return performance.now();
        },
      },
      // Gives the timer a chance between states; past the deadline, parks the run for good.
      yieldToHost: () => (deadline ? new Promise<void>(() => undefined) : new Promise<void>((resolve) => setImmediate(resolve))),
    }).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
  } catch (err) {
    add({ key: `uncaught/run-sync/${exceptionKey(err)}`, message: `runExecution threw synchronously: ${describeError(err)}` });
    return done('crash', 0);
  }
  let settled = await Promise.race([run, after(options.timeLimitMs)]);
  let slow = false;
  if (settled === 'hang' && hangKeyOf(fuzzCase) !== undefined && (historyQuota === false || sinkEvents <= historyQuota + 1)) {
    // A run under its event bound (AWS's quota for Standard, Stepscope's for Express) may be slow
    // rather than stuck (deep payloads, many Map Run children, a long Express loop in Parallel
    // branches): give it a grace period, and call it slow if it still makes progress.
    const before = ticks;
    settled = await Promise.race([run, after(Math.min(2_000, options.timeLimitMs / 4))]);
    if (settled !== 'hang') slow = true;
    else if (ticks > before) {
      deadline = true;
      timers.forEach(clearTimeout);
      return { ...done('slow', sinkEvents), slow: true };
    }
  }
  deadline = settled === 'hang';
  timers.forEach(clearTimeout);
  if (settled === 'hang') {
    const over = historyQuota !== false && sinkEvents > historyQuota + 1;
    if (over) add({ key: 'over-quota/while-running', message: `${sinkEvents} events emitted, quota ${historyQuota}` });
    const key = hangKeyOf(fuzzCase);
    if (key === undefined) return done('unbounded', sinkEvents);
    add({ key, message: `did not settle within ${options.timeLimitMs} ms (${sinkEvents} top-level events so far${over ? `, over the quota of ${historyQuota}` : key === 'hang/standard' ? ', no progress in the grace period' : ''})` });
    return done('hang', sinkEvents);
  }
  if ('error' in settled) {
    // StartExecution's refusal of the input (engine/executionInput.ts) is an expected outcome.
    if ((settled.error as Error | undefined)?.name === 'InvalidExecutionInputError') return done('invalid', 0);
    add({ key: `uncaught/run/${exceptionKey(settled.error)}`, message: `runExecution rejected: ${describeError(settled.error)}` });
    return done('crash', sinkEvents);
  }
  const result = settled.result;
  for (const v of checkHistory(result.events, { historyQuota, status: result.status })) add(v);
  if (result.status === 'SUCCEEDED' && hasNonFiniteNumber(result.output)) {
    add({ key: 'non-finite-output/execution', message: 'the execution output holds NaN or Infinity' });
  }
  // Children were checked as they ended (checkChild); a run keeps none of them.
  if (result.children !== undefined && result.children.length > 0) {
    add({ key: 'children-kept', message: `${result.children.length} children came back in RunResult.children although onChildFinished was given` });
  }
  if (!['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'].includes(result.status)) {
    add({ key: `bad-status/${String(result.status)}`, message: `status ${String(result.status)}` });
  }
  return { ...done(result.status, result.events.length, children), slow };
}
