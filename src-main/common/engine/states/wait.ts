import type { Json } from '../../json';
import type { WaitState } from '../../asl/types';
import { StatesError, StatesErrors, type Failure } from '../errors';
import { readPathInEnv } from '../dataflow/jsonPath';
import { applyInputPath, applyOutputPath } from '../dataflow/payloadTemplate';
import { QueryEvaluationError } from '../jsonata/evaluate';
import { evaluateAssignAndOutput, evaluateNumberField, evaluateStringField, normaliseWaitTimestamp } from '../jsonata/states';
import { MAX_DATE_MS, MAX_WAIT_SECONDS, type Execution } from '../execution';
import { jsonataEnv, jsonPathAssignment, nextStep, sleepInScope, type StepResult, type Visit } from '../visit';

/*
 * Wait (Developer Guide, "Wait workflow state"): sleeps on the execution's clock for Seconds, until
 * Timestamp, or for what SecondsPath/TimestampPath read, then passes its input on. An abort of
 * the scope (a failed sibling branch, a timeout) ends the sleep early: the state is aborted.
 */

const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an ISO-8601 extended offset date-time as AWS accepts it; undefined if invalid. */
export function parseAwsTimestamp(text: string): number | undefined {
  const m = TIMESTAMP_RE.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day) return undefined;
  return ms;
}

/** The body of a JSONPath Wait state. */
export async function runWait(exec: Execution, visit: Visit, state: WaitState, rawInput: Json): Promise<StepResult> {
  const env = visit;
  const effective = applyInputPath(rawInput, state.InputPath, env);
  let waitMs = 0;
  if (typeof state.Seconds === 'number') waitMs = state.Seconds * 1000;
  else if (state.Timestamp !== undefined) {
    const at = parseAwsTimestamp(state.Timestamp);
    if (at === undefined) {
      throw new StatesError(
        StatesErrors.Runtime,
        `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${state.Timestamp}`,
      );
    }
    waitMs = at - exec.scheduler.now();
  } else if (state.SecondsPath !== undefined) {
    const r = readPathInEnv(effective, env, state.SecondsPath);
    if (!r.found) {
      throw new StatesError(StatesErrors.Runtime, `The SecondsPath parameter does not reference an input value: ${state.SecondsPath}`);
    }
    const v = r.value;
    // Recorded: base/test_base_wait_seconds_path__1.5 (a fraction cannot be parsed as a long). A
    // negative whole number parses: it gets LocalStack's wording (state_wait/wait_function/
    // seconds_path.py), AWS's being unrecorded. Strings are shown as their text.
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      const shown = typeof v === 'string' ? v : JSON.stringify(v);
      throw new StatesError(StatesErrors.Runtime, `The SecondsPath parameter cannot be parsed as a long value: ${state.SecondsPath} == ${shown}`);
    }
    if (v < 0) {
      throw new StatesError(StatesErrors.Runtime, `The SecondsPath parameter references a negative value: ${state.SecondsPath} == ${v}`);
    }
    if (v > MAX_WAIT_SECONDS) {
      // Wording is Stepscope's: no recording shows AWS's text for this limit.
      throw new StatesError(
        StatesErrors.Runtime,
        `The SecondsPath parameter references a value over the maximum of ${MAX_WAIT_SECONDS} seconds: ${state.SecondsPath} == ${v}`,
      );
    }
    waitMs = v * 1000;
  } else if (state.TimestampPath !== undefined) {
    const r = readPathInEnv(effective, env, state.TimestampPath);
    if (!r.found) {
      throw new StatesError(StatesErrors.Runtime, `The TimestampPath parameter does not reference an input value: ${state.TimestampPath}`);
    }
    const at = typeof r.value === 'string' ? parseAwsTimestamp(r.value) : undefined;
    if (at === undefined) {
      const shown = typeof r.value === 'string' ? r.value : JSON.stringify(r.value);
      throw new StatesError(
        StatesErrors.Runtime,
        `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${state.TimestampPath} == ${shown}`,
      );
    }
    waitMs = at - exec.scheduler.now();
  }
  if (waitMs > 0) {
    const ok = await sleepInScope(exec, visit.scope, Math.min(waitMs, MAX_DATE_MS - exec.scheduler.now()));
    if (!ok) return { kind: 'failed', failure: { aborted: true } as Failure, terminal: true };
  }
  if (visit.plan.assign !== undefined) visit.assigned = jsonPathAssignment(visit.plan.assign, effective, env);
  return nextStep(applyOutputPath(effective, state.OutputPath, env), state.End ? undefined : state.Next);
}

/** The body of a JSONata Wait state: Seconds or Timestamp evaluated, then Assign and Output after the sleep. */
export async function runWaitJsonata(exec: Execution, visit: Visit, state: WaitState, rawInput: Json): Promise<StepResult> {
  const env = jsonataEnv(visit, rawInput);
  let waitMs = 0;
  const seconds = await evaluateNumberField(state.Seconds, 'Seconds', env);
  if (seconds !== undefined) waitMs = Math.min(seconds, MAX_WAIT_SECONDS) * 1000;
  else if (state.Timestamp !== undefined) {
    const text = await evaluateStringField(state.Timestamp, 'Timestamp', env);
    const at = text !== undefined ? parseAwsTimestamp(normaliseWaitTimestamp(text)) : undefined;
    if (at === undefined) {
      throw new QueryEvaluationError(
        `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${text ?? ''}`,
        'Timestamp',
      );
    }
    waitMs = at - exec.scheduler.now();
  }
  if (waitMs > 0) {
    const ok = await sleepInScope(exec, visit.scope, Math.min(waitMs, MAX_DATE_MS - exec.scheduler.now()));
    if (!ok) return { kind: 'failed', failure: { aborted: true } as Failure, terminal: true };
  }
  const r = await evaluateAssignAndOutput(state, jsonataEnv(visit, rawInput), rawInput);
  visit.assigned = r.assignment;
  return nextStep(r.output, state.End ? undefined : state.Next);
}
