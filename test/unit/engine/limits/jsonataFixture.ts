import { QueryEvaluationError, type JsonataEnv } from '../../../../src-main/common/engine/jsonata/evaluate';
import { createSeededRandom, type TaskInvoker } from '../../../../src-main/common/engine/ports';
import type { HistoryEvent } from '../../../../src-main/common/history/events';

/** Shared by the JSONata limit tests (budget, regex, results; issue #18 item 6). */

/** A JSONata environment with an empty input and context, a seeded random and a fixed clock. */
export function env(extra: Partial<JsonataEnv> = {}): JsonataEnv {
  return { states: { input: {}, context: {} }, variables: {}, random: createSeededRandom(0), nowMs: Date.UTC(2024, 0, 1), ...extra };
}

/** The QueryEvaluationError `p` rejects with; fails the test otherwise. */
export async function failure(p: Promise<unknown>): Promise<QueryEvaluationError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof QueryEvaluationError) return e;
    throw e;
  }
  throw new Error('expected a QueryEvaluationError');
}

/** An invoker for definitions without Tasks: any call fails. */
export const none: TaskInvoker = { invoke: () => ({ kind: 'failure', failure: { error: 'NoScript' } }) };

/** An event's `*EventDetails` object. */
export function details(e: HistoryEvent): Record<string, unknown> {
  return Object.entries(e).find(([k]) => k.endsWith('EventDetails'))?.[1] as Record<string, unknown>;
}
