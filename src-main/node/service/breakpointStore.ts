import { validateBreakpoints, type Breakpoint } from '../../common/debug/breakpoints';
import type { Json } from '../../common/json';
import type { BreakpointRecord, ExecutionStore } from '../store';

/**
 * Breakpoints kept per state machine in the store's `breakpoints` table. That table was made for
 * state breakpoints (one per state and enter/exit) with a condition text; the debugger's model
 * (debug/breakpoints.ts) is richer (error breakpoints, hit counts, Map iterations, several per
 * state). So each breakpoint is one row whose `state_name` is a key made from its id (`#bp:<id>`,
 * unique per state machine since ids are unique in a list) and whose `condition` holds the whole
 * breakpoint as JSON, with its position in the list. Rows written by something else (a plain state name and a JSONPath
 * condition) are read as state breakpoints.
 */

const KEY_PREFIX = '#bp:';

/** What the `condition` column holds for a row written here. */
interface StoredBreakpoint {
  stepscopeBreakpoint: 1;
  order: number;
  breakpoint: Breakpoint;
}

/** The store's id of a state machine, by name (local runs give it the ARN built from the name). */
export function stateMachineIdOf(store: ExecutionStore, name: string, arn: string): number {
  return store.saveStateMachine({ name, arn });
}

function fromRecord(record: BreakpointRecord): { order: number; breakpoint: Breakpoint } | undefined {
  if (record.stateName.startsWith(KEY_PREFIX) && record.condition !== null) {
    try {
      const stored = JSON.parse(record.condition) as StoredBreakpoint;
      if (stored.stepscopeBreakpoint === 1 && validateBreakpoints([stored.breakpoint as unknown as Json]).length === 0) {
        return { order: stored.order, breakpoint: { ...stored.breakpoint, enabled: record.enabled } };
      }
    } catch {
      /* not ours: ignored below */
    }
    return undefined;
  }
  const breakpoint: Breakpoint = {
    id: `store-${record.id}`,
    enabled: record.enabled,
    target: { kind: 'state', stateName: record.stateName, when: record.kind === 'exit' ? 'after' : 'before' },
  };
  if (record.condition !== null && record.condition !== '') breakpoint.condition = { language: 'JSONPath', expression: record.condition };
  return { order: Number.MAX_SAFE_INTEGER - 1000 + (record.id % 1000), breakpoint };
}

/** A state machine's breakpoints, in the order they were set. */
export function readBreakpoints(store: ExecutionStore, stateMachineId: number): Breakpoint[] {
  return store
    .listBreakpoints(stateMachineId)
    .map(fromRecord)
    .filter((x): x is { order: number; breakpoint: Breakpoint } => x !== undefined)
    .sort((a, b) => a.order - b.order)
    .map((x) => x.breakpoint);
}

/** Replaces a state machine's breakpoints with `list` (already validated), in one transaction. */
export function writeBreakpoints(store: ExecutionStore, stateMachineId: number, list: readonly Breakpoint[]): void {
  store.db.transaction(() => {
    for (const record of store.listBreakpoints(stateMachineId)) store.removeBreakpoint(record.id);
    list.forEach((breakpoint, order) => {
      const stored: StoredBreakpoint = { stepscopeBreakpoint: 1, order, breakpoint };
      store.setBreakpoint({ stateMachineId, stateName: `${KEY_PREFIX}${breakpoint.id}`, kind: 'enter', condition: JSON.stringify(stored), enabled: breakpoint.enabled });
    });
  })();
}
