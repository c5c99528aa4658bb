import { validateBreakpoints, type Breakpoint, type BreakpointTarget } from '../../common/debug/breakpoints';
import type { Json } from '../../common/json';
import type { BreakpointRecord, ExecutionStore, NewBreakpointRecord } from '../store';

/**
 * Breakpoints kept per state machine in the store's `breakpoints` table, one row per breakpoint
 * with a column for each of its parts (store migration 004). A row that the migration could not
 * read comes back disabled with its `note`; writing the list back keeps that row's old text.
 */

/** The store's id of a state machine, by name (local runs give it the ARN built from the name). */
export function stateMachineIdOf(store: ExecutionStore, name: string, arn: string): number {
  return store.saveStateMachine({ name, arn });
}

/** The breakpoint a row stands for; a row that does not make a valid one is reported disabled, with a note. */
export function breakpointFromRecord(record: BreakpointRecord): Breakpoint {
  const target: BreakpointTarget =
    record.kind === 'error'
      ? {
          kind: 'error',
          handling: record.errorHandling ?? 'any',
          ...(record.errorEquals !== null ? { errorEquals: record.errorEquals } : {}),
          ...(record.stateName !== null ? { stateName: record.stateName } : {}),
        }
      : { kind: 'state', stateName: record.stateName ?? '', when: record.kind };
  const breakpoint: Breakpoint = { id: record.breakpointId, enabled: record.enabled, target };
  if (record.conditionLanguage !== null && record.conditionText !== null) breakpoint.condition = { language: record.conditionLanguage, expression: record.conditionText };
  if (record.hitOp !== null && record.hitValue !== null) breakpoint.hitCondition = { op: record.hitOp, value: record.hitValue };
  if (record.mapIterationIndex !== null) breakpoint.mapIterationIndex = record.mapIterationIndex;
  if (record.note !== null) breakpoint.note = record.note;
  const problems = validateBreakpoints([breakpoint as unknown as Json]);
  if (problems.length > 0) {
    return { ...breakpoint, enabled: false, note: `${record.note !== null ? `${record.note} ` : ''}Stored breakpoint is not valid: ${problems.join('; ')}` };
  }
  return breakpoint;
}

/** The row of a breakpoint (`legacy`: the old text to keep with it). */
export function recordFromBreakpoint(breakpoint: Breakpoint, legacy: string | null): NewBreakpointRecord {
  const t = breakpoint.target;
  return {
    breakpointId: breakpoint.id,
    enabled: breakpoint.enabled,
    kind: t.kind === 'error' ? 'error' : t.when,
    stateName: t.stateName ?? null,
    errorHandling: t.kind === 'error' ? t.handling : null,
    errorEquals: t.kind === 'error' && t.errorEquals !== undefined ? [...t.errorEquals] : null,
    conditionLanguage: breakpoint.condition?.language ?? null,
    conditionText: breakpoint.condition?.expression ?? null,
    hitOp: breakpoint.hitCondition?.op ?? null,
    hitValue: breakpoint.hitCondition?.value ?? null,
    mapIterationIndex: breakpoint.mapIterationIndex ?? null,
    note: breakpoint.note ?? null,
    legacy,
  };
}

/** A state machine's breakpoints, in list order (ids made unique if stored rows repeat one). */
export function readBreakpoints(store: ExecutionStore, stateMachineId: number): Breakpoint[] {
  const seen = new Set<string>();
  return store.listBreakpoints(stateMachineId).map((record) => {
    const breakpoint = breakpointFromRecord(record);
    if (seen.has(breakpoint.id)) breakpoint.id = `${breakpoint.id}-${record.id}`;
    seen.add(breakpoint.id);
    return breakpoint;
  });
}

/**
 * Replaces a state machine's breakpoints with `list` (already validated), in one transaction. A
 * breakpoint that keeps the id of a row with old unreadable text keeps that text.
 */
export function writeBreakpoints(store: ExecutionStore, stateMachineId: number, list: readonly Breakpoint[]): void {
  const legacy = new Map(store.listBreakpoints(stateMachineId).filter((r) => r.legacy !== null).map((r) => [r.breakpointId, r.legacy]));
  store.replaceBreakpoints(
    stateMachineId,
    list.map((b) => recordFromBreakpoint(b, legacy.get(b.id) ?? null)),
  );
}
