import { runExecution } from '../engine/interpreter';
import type { AfterStateInfo, DebugHooks, ErrorInfo, RunResult } from '../engine/run';
import type { TaskInvoker } from '../engine/ports';
import { InvalidExecutionInputError } from '../engine/executionInput';
import { taskInvocationsByState } from '../history/placement';
import { visitsFromEvents, type Visit } from '../history/visits';
import { parseJsonText, type Json, type JsonObject } from '../json';
import { createMockInvoker, MOCK_NOT_FOUND_ERROR } from '../mocks/mockInvoker';
import { coverageHooks, type CoverageHits } from './coverage';
import { matchExpected, preview, type MatchFailure } from './matchers';
import { caseInput, caseMocks, type ResolvedTestFile, type TestFileReader } from './resolveTestFile';
import type { Matcher, UserTestCase } from './testFile';

/**
 * Runs one case of a user test file and checks its expectations, reporting the first mismatch:
 * what was expected and what happened, where (`expect.path[3]`, `states.Charge (visit 2).output.id`)
 * and the history event it is about (for a path, the event where the run left the expected path).
 * Runs are deterministic: virtual clock, seed 0.
 */

/** The first expectation a run did not meet. */
export interface CaseMismatch {
  /** The expectation: `status`, `output.items[0]`, `path[2]`, `states.Charge (visit 1).input`, `invocations.Charge`. */
  where: string;
  message: string;
  expected: Json | undefined;
  actual: Json | undefined;
  /** The history event it is about, when there is one. */
  eventId?: number;
}

/** How a case went. */
export interface CaseOutcome {
  ok: boolean;
  mismatch?: CaseMismatch;
  run: RunResult;
  /** The top-level states entered, in order (what `expect.path` is compared with). */
  path: string[];
}

/** Options of `runUserCase`. */
export interface RunUserCaseOptions {
  /** Counts coverage hits of the run into this map. */
  coverage?: CoverageHits;
}

/** An invoker for cases without mocks: every Task fails, saying how to mock it. */
function unmockedInvoker(caseName: string): TaskInvoker {
  return {
    invoke: (request) => ({
      kind: 'failure',
      failure: {
        error: MOCK_NOT_FOUND_ERROR,
        cause: `No mocked response for state "${request.stateName}": case "${caseName}" names no mock test case and has no "mocks" for it`,
      },
    }),
  };
}

/**
 * Runs `c` and checks it. Throws TestFileError for bad input (a mock test case that does not
 * exist, an unreadable input file); an execution input StartExecution would refuse is a mismatch.
 */
export async function runUserCase(resolved: ResolvedTestFile, c: UserTestCase, reader: TestFileReader, options: RunUserCaseOptions = {}): Promise<CaseOutcome> {
  const input = caseInput(resolved, c, reader);
  const mocks = caseMocks(resolved, c);
  const invoker = mocks ? createMockInvoker(mocks.config, { stateMachine: mocks.stateMachine, testCase: mocks.testCase }) : unmockedInvoker(c.name);

  const wantsStateVariables = new Set(Object.entries(c.expect.states ?? {}).filter(([, list]) => list.some((s) => s.variables !== undefined)).map(([n]) => n));
  const wantsEndVariables = c.expect.variables !== undefined;
  /** Variables after each visit of the states asked about: state → visit (1-based) → variables. */
  const stateVariables = new Map<string, JsonObject[]>();
  let endVariables: JsonObject | undefined;
  const observe: DebugHooks = {};
  if (wantsStateVariables.size > 0 || wantsEndVariables) {
    // Visits are numbered as they are entered (the history's order), so that a visit that fails
    // keeps its number; its variables are taken as it exits.
    const entered = new Map<string, number>();
    const open = new Map<string, number>();
    const key = (info: { stateName: string; branch: readonly string[] }) => `${info.branch.join('\u0000')}\u0000${info.stateName}`;
    if (wantsStateVariables.size > 0) {
      observe.beforeState = (info) => {
        if (!wantsStateVariables.has(info.stateName)) return undefined;
        const n = entered.get(info.stateName) ?? 0;
        entered.set(info.stateName, n + 1);
        open.set(key(info), n);
        return undefined;
      };
    }
    const after = (info: AfterStateInfo | ErrorInfo) => {
      if (wantsStateVariables.has(info.stateName) && 'output' in info) {
        const n = open.get(key(info));
        if (n !== undefined) {
          const list = stateVariables.get(info.stateName) ?? [];
          list[n] = info.variables();
          stateVariables.set(info.stateName, list);
          open.delete(key(info));
        }
      }
      if (wantsEndVariables && info.branch.length === 0) endVariables = info.variables();
      return undefined;
    };
    observe.afterState = after;
    observe.onError = after;
  }
  const debug = options.coverage ? coverageHooks(resolved.definition, options.coverage, observe) : observe;

  let run: RunResult;
  try {
    run = await runExecution({
      definition: resolved.definition,
      input,
      invoker,
      seed: 0,
      stateMachineName: resolved.stateMachineName,
      executionName: c.name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80) || 'Case',
      ...(resolved.s3Objects.length > 0 ? { s3Objects: resolved.s3Objects } : {}),
      ...(Object.keys(resolved.stateMachines).length > 0 ? { stateMachines: resolved.stateMachines } : {}),
      ...(debug.afterState || debug.beforeState || debug.onError ? { debug } : {}),
    });
  } catch (error) {
    if (!(error instanceof InvalidExecutionInputError)) throw error;
    const empty: RunResult = { status: 'FAILED', error: 'InvalidExecutionInput', cause: error.message, events: [], startDate: 0, stopDate: 0, executionArn: '' };
    return { ok: false, run: empty, path: [], mismatch: { where: 'input', message: `StartExecution would refuse the input: ${error.message}`, expected: 'a valid execution input', actual: input } };
  }

  const projection = visitsFromEvents(run.events);
  const topVisits = projection.visits.filter((v) => v.parent === null);
  const path = topVisits.map((v) => v.state);
  const mismatch = checkExpectations(c, run, projection.visits, topVisits, stateVariables, endVariables);
  return { ok: mismatch === undefined, ...(mismatch ? { mismatch } : {}), run, path };
}

function eventIdAt(run: RunResult, position: number | null | undefined): number | undefined {
  if (position === null || position === undefined || position < 0) return undefined;
  return run.events[position]?.id;
}

function fromMatch(where: string, f: MatchFailure | undefined, eventId?: number): CaseMismatch | undefined {
  if (!f) return undefined;
  return { where: `${where}${f.path}`, message: f.message, expected: f.expected, actual: f.actual, ...(eventId !== undefined ? { eventId } : {}) };
}

function textPayload(text: string | null): Json | undefined {
  return text === null ? undefined : parseJsonText(text);
}

function checkExpectations(
  c: UserTestCase,
  run: RunResult,
  visits: readonly Visit[],
  topVisits: readonly Visit[],
  stateVariables: Map<string, JsonObject[]>,
  endVariables: JsonObject | undefined,
): CaseMismatch | undefined {
  const x = c.expect;
  const endEvent = run.events.length > 0 ? run.events[run.events.length - 1].id : undefined;
  if (x.path !== undefined) {
    const n = Math.min(x.path.length, topVisits.length);
    for (let i = 0; i < n; i++) {
      if (x.path[i] !== topVisits[i].state) {
        return {
          where: `path[${i}]`,
          message: `the run left the expected path at step ${i + 1}: it entered "${topVisits[i].state}" where "${x.path[i]}" was expected${i > 0 ? ` (after "${topVisits[i - 1].state}")` : ''}`,
          expected: x.path[i],
          actual: topVisits[i].state,
          ...(eventIdAt(run, topVisits[i].enteredAt) !== undefined ? { eventId: eventIdAt(run, topVisits[i].enteredAt) } : {}),
        };
      }
    }
    if (x.path.length !== topVisits.length) {
      const longer = topVisits.length > x.path.length;
      return {
        where: `path[${n}]`,
        message: longer
          ? `the run went on past the expected path: after "${x.path[n - 1] ?? '(start)'}" it entered "${topVisits[n].state}"`
          : `the run stopped after ${topVisits.length} state${topVisits.length === 1 ? '' : 's'} (${run.status}${run.error ? `: ${run.error}` : ''}); the path expects "${x.path[n]}" next`,
        expected: x.path[n] ?? null,
        actual: longer ? topVisits[n].state : null,
        ...((longer ? eventIdAt(run, topVisits[n].enteredAt) : endEvent) !== undefined ? { eventId: (longer ? eventIdAt(run, topVisits[n].enteredAt) : endEvent) as number } : {}),
      };
    }
  }
  if (x.status !== undefined && x.status !== run.status) {
    const why = run.error !== undefined ? ` (error ${run.error}${run.cause !== undefined ? `: ${preview(run.cause, 200)}` : ''})` : '';
    return { where: 'status', message: `expected the execution to end ${x.status}, it ended ${run.status}${why}`, expected: x.status, actual: run.status, ...(endEvent !== undefined ? { eventId: endEvent } : {}) };
  }
  const m =
    check('error', x.error, run.error, endEvent) ??
    check('cause', x.cause, run.cause, endEvent) ??
    check('output', x.output, run.output, endEvent);
  if (m) return m;
  if (x.states !== undefined) {
    for (const [state, list] of Object.entries(x.states)) {
      const ofState = visits.filter((v) => v.state === state);
      for (const s of list) {
        const where = `states.${state} (visit ${s.visit})`;
        const v = ofState[s.visit - 1];
        if (v === undefined) {
          return { where, message: `"${state}" was entered ${ofState.length} time${ofState.length === 1 ? '' : 's'}; visit ${s.visit} was expected`, expected: s.visit, actual: ofState.length };
        }
        const found =
          check(`${where}.input`, s.input, textPayload(v.input), eventIdAt(run, v.enteredAt)) ??
          (s.output !== undefined && v.exitedAt === null
            ? { where: `${where}.output`, message: `visit ${s.visit} of "${state}" never exited (${v.status}${v.error?.error ? `: ${v.error.error}` : ''})`, expected: s.output, actual: undefined, ...(eventIdAt(run, v.endedAt) !== undefined ? { eventId: eventIdAt(run, v.endedAt) as number } : {}) }
            : undefined) ??
          check(`${where}.output`, s.output, textPayload(v.output), eventIdAt(run, v.exitedAt)) ??
          check(`${where}.variables`, s.variables, stateVariables.get(state)?.[s.visit - 1], eventIdAt(run, v.exitedAt));
        if (found) return found;
      }
    }
  }
  if (x.invocations !== undefined) {
    const counts = taskInvocationsByState(run.events);
    for (const [state, n] of Object.entries(x.invocations)) {
      const actual = counts[state] ?? 0;
      if (actual !== n) return { where: `invocations.${state}`, message: `"${state}" was invoked ${actual} time${actual === 1 ? '' : 's'}, expected ${n}`, expected: n, actual };
    }
  }
  return check('variables', x.variables, endVariables, endEvent);
}

function check(where: string, expected: Matcher | undefined, actual: Json | undefined, eventId: number | undefined): CaseMismatch | undefined {
  if (expected === undefined) return undefined;
  return fromMatch(where, matchExpected(expected, actual), eventId);
}
