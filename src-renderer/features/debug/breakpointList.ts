import type { StateMachineDefinition } from '@common/asl/types';
import type { Breakpoint } from '@common/debug/breakpoints';

/** A state of a definition, for the Breakpoints panel: its name, type and nesting depth. */
export interface StateEntry {
  name: string;
  type: string;
  /** 0 at the top level; 1 inside a Parallel branch or Map iteration, and so on. */
  depth: number;
}

/** Every state of a definition, nested ones after their Parallel or Map, in definition order. */
export function statesOf(definition: StateMachineDefinition | null): StateEntry[] {
  const out: StateEntry[] = [];
  const walk = (machine: StateMachineDefinition, depth: number) => {
    for (const [name, state] of Object.entries(machine.States)) {
      out.push({ name, type: state.Type, depth });
      if (state.Type === 'Parallel') for (const b of state.Branches) walk(b, depth + 1);
      if (state.Type === 'Map') {
        const inner = state.ItemProcessor ?? state.Iterator;
        if (inner) walk(inner, depth + 1);
      }
    }
  };
  if (definition) walk(definition, 0);
  return out;
}

/** The id given to the state breakpoint of `stateName` and `when` (one per state and side). */
export function stateBreakpointId(stateName: string, when: 'before' | 'after'): string {
  return `${when}:${stateName}`;
}

/** The breakpoint on `stateName` (`when`), if the list has one. */
export function findStateBreakpoint(list: readonly Breakpoint[], stateName: string, when: 'before' | 'after'): Breakpoint | undefined {
  return list.find((b) => b.target.kind === 'state' && b.target.stateName === stateName && b.target.when === when);
}

/** The list with the breakpoint on `stateName` (`when`) added, or removed when it was there. */
export function toggleStateBreakpoint(list: readonly Breakpoint[], stateName: string, when: 'before' | 'after'): Breakpoint[] {
  const found = findStateBreakpoint(list, stateName, when);
  if (found) return list.filter((b) => b !== found);
  let id = stateBreakpointId(stateName, when);
  for (let n = 2; list.some((b) => b.id === id); n++) id = `${stateBreakpointId(stateName, when)}#${n}`;
  return [...list, { id, enabled: true, target: { kind: 'state', stateName, when } }];
}

/** The list with the breakpoint `id` replaced by `next`. */
export function replaceBreakpoint(list: readonly Breakpoint[], id: string, next: Breakpoint): Breakpoint[] {
  return list.map((b) => (b.id === id ? next : b));
}

/** A new error breakpoint with an id not used in `list`. */
export function newErrorBreakpoint(list: readonly Breakpoint[], handling: 'caught' | 'uncaught' | 'any', errorEquals: string[]): Breakpoint {
  let n = 1;
  while (list.some((b) => b.id === `error:${n}`)) n++;
  const bp: Breakpoint = { id: `error:${n}`, enabled: true, target: { kind: 'error', handling } };
  if (errorEquals.length > 0 && bp.target.kind === 'error') bp.target.errorEquals = errorEquals;
  return bp;
}

/** A breakpoint in a few words, for its list entry and accessible names. */
export function describeBreakpoint(bp: Breakpoint): string {
  const t = bp.target;
  const base =
    t.kind === 'state'
      ? `${t.when === 'before' ? 'Before' : 'After'} ${t.stateName}`
      : `${t.handling === 'any' ? 'Any' : t.handling === 'caught' ? 'Caught' : 'Uncaught'} error${t.errorEquals?.length ? ` ${t.errorEquals.join(', ')}` : ''}${t.stateName ? ` in ${t.stateName}` : ''}`;
  return base;
}

/** The states that have an enabled "before" breakpoint (the graph draws a red dot on them). */
export function statesWithBreakpointBefore(list: readonly Breakpoint[]): Set<string> {
  const out = new Set<string>();
  for (const b of list) if (b.enabled && b.target.kind === 'state' && b.target.when === 'before') out.add(b.target.stateName);
  return out;
}

/**
 * The graph's toggle of the "before" breakpoint on `stateName`: a disabled one is enabled (the
 * graph shows it off), otherwise it is added or removed as the Breakpoints panel's box does.
 */
export function toggleBreakpointBefore(list: readonly Breakpoint[], stateName: string): Breakpoint[] {
  const found = findStateBreakpoint(list, stateName, 'before');
  if (found !== undefined && !found.enabled) return replaceBreakpoint(list, found.id, { ...found, enabled: true });
  return toggleStateBreakpoint(list, stateName, 'before');
}
