import type { Json } from '@common/json';
import type { VisitProjection } from '@common/history/visits';
import { findMockResponse, parseMockConfig, resolveTestCase } from '@common/mocks';

/** What the "Next Task response" editor starts with. */
export interface SuggestedResponse {
  kind: 'success' | 'failure';
  output?: Json;
  error?: string;
  cause?: string;
  /** Where it comes from, in words ("mocked response ChargeOk, invocation 2"). */
  source: string;
}

/**
 * The invocation index the next call of a Task state will have: its invocations so far in the
 * execution (every attempt counts, retries included), as the engine counts them
 * (`TaskRequest.invocationIndex`).
 */
export function nextInvocationIndex(projection: VisitProjection, stateName: string): number {
  let n = 0;
  for (const v of projection.visits) if (v.state === stateName) n += v.attempts.length;
  return n;
}

/**
 * The answer the run's mock config will give the next call of `stateName` (its own Return, or
 * its Throw's Error and Cause), found with the engine's lookup (common/mocks findMockResponse);
 * undefined when there is no mock config, or it does not mock that call.
 */
export function suggestedResponse(
  mocks: { config: Json; stateMachine: string; testCase: string } | undefined,
  stateName: string,
  invocationIndex: number,
): SuggestedResponse | undefined {
  if (mocks === undefined) return undefined;
  const parsed = parseMockConfig(mocks.config);
  if (!parsed.ok) return undefined;
  const testCase = resolveTestCase(parsed.config, mocks.stateMachine, mocks.testCase);
  if (!testCase.ok) return undefined;
  const lookup = findMockResponse(parsed.config, testCase.testCase, stateName, invocationIndex);
  if (lookup.kind !== 'found') return undefined;
  const source = `mocked response ${lookup.responseName}, invocation ${invocationIndex}`;
  const { answer } = lookup.entry;
  if (answer.kind === 'return') return { kind: 'success', output: answer.value, source };
  return { kind: 'failure', ...(answer.error !== undefined ? { error: answer.error } : {}), ...(answer.cause !== undefined ? { cause: answer.cause } : {}), source };
}
