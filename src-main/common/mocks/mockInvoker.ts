import type { Json } from '../json';
import type { Failure } from '../engine/errors';
import { StatesErrors } from '../engine/errors';
import type { TaskInvoker, TaskOutcome, TaskRequest } from '../engine/ports';
import {
  findMockResponse,
  parseInvocationKey,
  resolveTestCase,
  type MockAnswer,
  type MockConfig,
  type MockExtras,
  type MockInvocationExtras,
} from './mockConfig';

/** Error name of the failure a mock invoker gives when no mocked response answers an invocation. */
export const MOCK_NOT_FOUND_ERROR = 'Stepscope.MockNotFound';

/**
 * Facts about an invocation beyond its result, which the engine writes into history events:
 * `submitted` is the `TaskSubmitted` output, `workerName` the `ActivityStarted` worker.
 * (`TaskOutcome` in engine/ports.ts carries `submitted` only on success; until it carries both
 * on every variant, they travel here as extra members the engine may read.)
 */
export interface TaskOutcomeExtras {
  submitted?: Json;
  workerName?: string;
}

/** A `TaskOutcome` that may also carry `TaskOutcomeExtras`. Assignable to `TaskOutcome`. */
export type MockTaskOutcome = TaskOutcome & TaskOutcomeExtras;

/** Options of `createMockInvoker`. */
export interface MockInvokerOptions {
  /** State machine name in the config's `StateMachines`. */
  stateMachine: string;
  /** Test case name under that state machine's `TestCases`. */
  testCase: string;
  /** Recorded extras (`submitted`, `workerName`) per state and invocation. */
  extras?: MockExtras;
  /**
   * Answers Task states the test case does not mock (Step Functions Local would call the real
   * service there). Without it such a Task fails with `Stepscope.MockNotFound`.
   */
  fallback?: TaskInvoker;
}

/** Deep copy of a JSON value, so that the engine can never alter the config through a result. */
export function cloneJson<T extends Json>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  const copy: { [key: string]: Json } = {};
  for (const key of Object.keys(value)) copy[key] = cloneJson((value as { [key: string]: Json })[key]);
  return copy as T;
}

/** True for the error names that stand for a timed-out invocation (conformance README, "Mocks"). */
export function isTimeoutError(error: string | undefined): boolean {
  return error === StatesErrors.Timeout || error === StatesErrors.HeartbeatTimeout;
}

/** Turns a mocked answer into the engine's outcome. */
export function outcomeFromAnswer(answer: MockAnswer, extras?: MockInvocationExtras): MockTaskOutcome {
  const more: TaskOutcomeExtras = {};
  if (extras?.submitted !== undefined) more.submitted = cloneJson(extras.submitted);
  if (extras?.workerName !== undefined) more.workerName = extras.workerName;
  if (answer.kind === 'return') return { kind: 'success', output: cloneJson(answer.value), ...more };
  const failure: Failure = {};
  if (answer.error !== undefined) failure.error = answer.error;
  if (answer.cause !== undefined) failure.cause = answer.cause;
  return { kind: isTimeoutError(answer.error) ? 'timeout' : 'failure', failure, ...more };
}

function notFound(cause: string): MockTaskOutcome {
  return { kind: 'failure', failure: { error: MOCK_NOT_FOUND_ERROR, cause } };
}

function createExtrasLookup(extras: MockExtras | undefined): (state: string, index: number) => MockInvocationExtras | undefined {
  if (!extras) return () => undefined;
  const byState = new Map<string, { from: number; to: number; value: MockInvocationExtras }[]>();
  for (const [state, byKey] of Object.entries(extras)) {
    const ranges: { from: number; to: number; value: MockInvocationExtras }[] = [];
    for (const [key, value] of Object.entries(byKey)) {
      const range = parseInvocationKey(key);
      if ('error' in range) continue; // parseMockExtras reports these; a hand-built value just skips them.
      ranges.push({ from: range.from, to: range.to, value });
    }
    byState.set(state, ranges);
  }
  return (state, index) => byState.get(state)?.find((r) => index >= r.from && index <= r.to)?.value;
}

/**
 * A TaskInvoker answering from a checked mock config, for one state machine and test case.
 * The n-th invocation of a state (`request.invocationIndex`, retries included) gets the entry of
 * its response whose range covers n. A `Return` gives success with a copy of the value; a `Throw`
 * gives a failure, or a timeout when its `Error` is `States.Timeout` or `States.HeartbeatTimeout`.
 * Past the last configured invocation, or for a state the test case does not mock (and no
 * `fallback`), the Task fails with `Stepscope.MockNotFound` and a cause naming the state,
 * invocation, test case and state machine. If the test case itself does not exist, every
 * invocation fails that way too (use `resolveTestCase` to report it up front).
 */
export function createMockInvoker(config: MockConfig, options: MockInvokerOptions): TaskInvoker {
  const { stateMachine, testCase: testCaseName, fallback } = options;
  const resolved = resolveTestCase(config, stateMachine, testCaseName);
  const extrasFor = createExtrasLookup(options.extras);
  const where = `in test case "${testCaseName}" of state machine "${stateMachine}"`;

  return {
    invoke(request: TaskRequest): TaskOutcome | Promise<TaskOutcome> {
      if (!resolved.ok) return notFound(resolved.message);
      const lookup = findMockResponse(config, resolved.testCase, request.stateName, request.invocationIndex);
      switch (lookup.kind) {
        case 'found':
          return outcomeFromAnswer(lookup.entry.answer, extrasFor(request.stateName, request.invocationIndex));
        case 'not-mocked':
          if (fallback) return fallback.invoke(request);
          return notFound(`No mocked response for state "${request.stateName}" ${where}: the test case does not mock this state`);
        case 'exhausted':
          return notFound(
            `No mocked response for state "${request.stateName}", invocation ${request.invocationIndex}, ${where}: ` +
              `mocked response "${lookup.responseName}" answers ${describeCount(lookup.count)}`,
          );
      }
    },
  };
}

function describeCount(count: number): string {
  if (count === 0) return 'no invocations';
  if (count === 1) return 'only invocation 0';
  return `only invocations 0-${count - 1}`;
}
