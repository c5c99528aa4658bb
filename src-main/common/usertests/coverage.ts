import type { State, StateMachineDefinition } from '../asl/types';
import { errorMatches } from '../engine/errorMatching';
import type { AfterStateInfo, BeforeStateInfo, ChildDebugInfo, DebugHooks, ErrorInfo } from '../engine/run';
import type { JsonObject } from '../json';

/**
 * Coverage of a state machine by a test suite: which states ran, which transitions were taken
 * (each Next; each Choice rule and the Default; each Catcher; each Retrier, retried and
 * exhausted), and which Parallel branches and Map item processors ran. The items come from the
 * definition (`coverageModel`); runs count hits through the engine's debugger hooks
 * (`coverageHooks`), in every branch, iteration and Distributed Map child.
 */

export type CoverageKind = 'state' | 'next' | 'choice' | 'default' | 'catch' | 'retry' | 'exhausted' | 'branch' | 'iteration';

/** One thing a suite may exercise. */
export interface CoverageItem {
  /** Stable id: `state:Name`, `next:Name`, `choice:Name:0`, `default:Name`, `catch:Name:1`, `retry:Name:0`, `exhausted:Name:0`, `branch:Par:1`, `iteration:Map`. */
  id: string;
  kind: CoverageKind;
  /** The state it belongs to. */
  state: string;
  /** The state it leads to (transitions). */
  to?: string;
  /** Index of the rule, catcher, retrier or branch. */
  index?: number;
  /** For people: `Choice rule 1 → Approve`, `Catch [States.ALL] → Fallback`. */
  label: string;
  /** The enclosing Parallel/Map states, outermost first ([] at the top level). */
  within: string[];
}

/** The items of a definition, in definition order. */
export function coverageModel(definition: StateMachineDefinition): CoverageItem[] {
  const items: CoverageItem[] = [];
  const walk = (machine: StateMachineDefinition, within: string[], depth: number) => {
    if (depth > 50 || machine === null || typeof machine !== 'object' || typeof machine.States !== 'object') return;
    for (const [name, state] of Object.entries(machine.States)) {
      items.push({ id: `state:${name}`, kind: 'state', state: name, label: `${name} (${state.Type})`, within });
      addTransitions(items, name, state, within);
      if (state.Type === 'Parallel') {
        state.Branches.forEach((b, i) => {
          items.push({ id: `branch:${name}:${i}`, kind: 'branch', state: name, index: i, label: `${name} branch ${i} (starts at ${b.StartAt})`, within });
          walk(b, [...within, name], depth + 1);
        });
      } else if (state.Type === 'Map') {
        const processor = state.ItemProcessor ?? state.Iterator;
        items.push({ id: `iteration:${name}`, kind: 'iteration', state: name, label: `${name} item processor ran`, within });
        if (processor) walk(processor, [...within, name], depth + 1);
      }
    }
  };
  walk(definition, [], 0);
  return items;
}

function addTransitions(items: CoverageItem[], name: string, state: State, within: string[]): void {
  if (state.Type === 'Choice') {
    state.Choices.forEach((rule, i) => {
      items.push({ id: `choice:${name}:${i}`, kind: 'choice', state: name, index: i, to: String(rule.Next), label: `${name} Choices[${i}] → ${String(rule.Next)}`, within });
    });
    if (state.Default !== undefined) items.push({ id: `default:${name}`, kind: 'default', state: name, to: state.Default, label: `${name} Default → ${state.Default}`, within });
    return;
  }
  if ('Next' in state && typeof state.Next === 'string') items.push({ id: `next:${name}`, kind: 'next', state: name, to: state.Next, label: `${name} → ${state.Next}`, within });
  if (state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map') {
    (state.Retry ?? []).forEach((r, i) => {
      const errors = `[${r.ErrorEquals.join(', ')}]`;
      items.push({ id: `retry:${name}:${i}`, kind: 'retry', state: name, index: i, label: `${name} Retry[${i}] ${errors} retried`, within });
      items.push({ id: `exhausted:${name}:${i}`, kind: 'exhausted', state: name, index: i, label: `${name} Retry[${i}] ${errors} exhausted`, within });
    });
    (state.Catch ?? []).forEach((c, i) => {
      items.push({ id: `catch:${name}:${i}`, kind: 'catch', state: name, index: i, to: c.Next, label: `${name} Catch[${i}] [${c.ErrorEquals.join(', ')}] → ${c.Next}`, within });
    });
  }
}

/** Every state of a definition by name (nested ones too), for the hooks. */
function statesByName(definition: StateMachineDefinition): Map<string, State> {
  const found = new Map<string, State>();
  const walk = (machine: StateMachineDefinition, depth: number) => {
    if (depth > 50 || machine === null || typeof machine !== 'object' || typeof machine.States !== 'object') return;
    for (const [name, state] of Object.entries(machine.States)) {
      if (!found.has(name)) found.set(name, state);
      if (state.Type === 'Parallel') state.Branches.forEach((b) => walk(b, depth + 1));
      else if (state.Type === 'Map') {
        const p = state.ItemProcessor ?? state.Iterator;
        if (p) walk(p, depth + 1);
      }
    }
  };
  walk(definition, 0);
  return found;
}

/** Hit counts by item id. */
export type CoverageHits = Map<string, number>;

/**
 * Debugger hooks that count coverage hits of one run into `hits`. `extra` hooks (the case
 * runner's own observers) are called first, so that one run serves both.
 */
export function coverageHooks(definition: StateMachineDefinition, hits: CoverageHits, extra: DebugHooks = {}): DebugHooks {
  const states = statesByName(definition);
  const hit = (id: string) => hits.set(id, (hits.get(id) ?? 0) + 1);
  /** Visits whose last error was caught: their next transition is the Catcher's, not Next. */
  const caught = new Set<string>();
  const key = (info: { stateName: string; branch: readonly string[] }) => `${info.branch.join('\u0000')}\u0000${info.stateName}`;
  const hooks: DebugHooks = {
    beforeState(info: BeforeStateInfo) {
      const verdict = extra.beforeState?.(info);
      hit(`state:${info.stateName}`);
      const n = info.branch.length;
      if (n >= 2) {
        const owner = info.branch[n - 2];
        const label = info.branch[n - 1];
        const owned = states.get(owner);
        if (owned?.Type === 'Parallel' && label.startsWith('branch ')) {
          const index = Number(label.slice(7));
          if (owned.Branches[index]?.StartAt === info.stateName) hit(`branch:${owner}:${index}`);
        } else if (owned?.Type === 'Map') {
          const p = owned.ItemProcessor ?? owned.Iterator;
          if (p?.StartAt === info.stateName) hit(`iteration:${owner}`);
        }
      }
      return verdict;
    },
    afterState(info: AfterStateInfo) {
      const verdict = extra.afterState?.(info);
      const k = key(info);
      if (caught.delete(k)) return verdict;
      if (info.choiceRule !== undefined) hit(info.choiceRule === 'Default' ? `default:${info.stateName}` : `choice:${info.stateName}:${info.choiceRule}`);
      else if (info.next !== undefined) hit(`next:${info.stateName}`);
      return verdict;
    },
    onError(info: ErrorInfo) {
      const verdict = extra.onError?.(info);
      const state = states.get(info.stateName);
      if (state?.Type !== 'Task' && state?.Type !== 'Parallel' && state?.Type !== 'Map') return verdict;
      const retryIndex = (state.Retry ?? []).findIndex((r) => errorMatches(r.ErrorEquals, info.error));
      if (info.handling === 'retried') {
        if (retryIndex >= 0) hit(`retry:${info.stateName}:${retryIndex}`);
        return verdict;
      }
      if (retryIndex >= 0) hit(`exhausted:${info.stateName}:${retryIndex}`);
      if (info.handling === 'caught') {
        const catchIndex = (state.Catch ?? []).findIndex((c) => errorMatches(c.ErrorEquals, info.error));
        if (catchIndex >= 0) hit(`catch:${info.stateName}:${catchIndex}`);
        caught.add(key(info));
      }
      return verdict;
    },
    child(info: ChildDebugInfo) {
      // A Distributed Map's children run the Map's own item processor: the same state machine.
      if (info.startedBy !== 'mapRun') return extra.child?.(info);
      hit(`iteration:${info.parent.stateName}`);
      return coverageHooks(definition, hits);
    },
  };
  return hooks;
}

/** One state machine's coverage over a suite. */
export interface MachineCoverage {
  /** How the test files name its definition (a path relative to the working folder). */
  definitionRef: string;
  stateMachineName: string;
  definition: StateMachineDefinition;
  items: CoverageItem[];
  hits: CoverageHits;
  /** Names of the cases that ran it (`file › case`). */
  cases: string[];
}

/** Totals of one group of items. */
export interface CoverageTotals {
  covered: number;
  total: number;
}

/** States, transitions (Next, Choice rules, Default, Catchers), retriers (retried/exhausted) and branches. */
export function coverageTotals(m: MachineCoverage): { states: CoverageTotals; transitions: CoverageTotals; retries: CoverageTotals; branches: CoverageTotals } {
  const group = (kinds: CoverageKind[]): CoverageTotals => {
    const items = m.items.filter((i) => kinds.includes(i.kind));
    return { covered: items.filter((i) => (m.hits.get(i.id) ?? 0) > 0).length, total: items.length };
  };
  return {
    states: group(['state']),
    transitions: group(['next', 'choice', 'default', 'catch']),
    retries: group(['retry', 'exhausted']),
    branches: group(['branch', 'iteration']),
  };
}

/** The items no case exercised. */
export function uncovered(m: MachineCoverage): CoverageItem[] {
  return m.items.filter((i) => (m.hits.get(i.id) ?? 0) === 0);
}

function percent(t: CoverageTotals): string {
  return t.total === 0 ? '  -  ' : `${((t.covered / t.total) * 100).toFixed(1)}%`;
}

/** The text report: per state machine, percentages and the uncovered items. */
export function formatCoverage(machines: readonly MachineCoverage[]): string {
  const lines: string[] = ['Coverage'];
  for (const m of machines) {
    const t = coverageTotals(m);
    lines.push(`  ${m.definitionRef} (${m.stateMachineName}; ${m.cases.length} case${m.cases.length === 1 ? '' : 's'})`);
    lines.push(`    states       ${t.states.covered}/${t.states.total}  ${percent(t.states)}`);
    lines.push(`    transitions  ${t.transitions.covered}/${t.transitions.total}  ${percent(t.transitions)}`);
    if (t.retries.total > 0) lines.push(`    retriers     ${t.retries.covered}/${t.retries.total}  ${percent(t.retries)}`);
    if (t.branches.total > 0) lines.push(`    branches     ${t.branches.covered}/${t.branches.total}  ${percent(t.branches)}`);
    const missing = uncovered(m);
    if (missing.length > 0) {
      lines.push('    not covered:');
      for (const item of missing) lines.push(`      - ${item.label}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The coverage file (`--coverage-file`), which the app opens to draw coverage on the graph. */
export interface CoverageFile {
  stepscopeCoverage: 1;
  stateMachines: {
    definitionRef: string;
    stateMachineName: string;
    definition: JsonObject;
    cases: string[];
    totals: ReturnType<typeof coverageTotals>;
    items: (CoverageItem & { hits: number })[];
  }[];
}

export function coverageFile(machines: readonly MachineCoverage[]): CoverageFile {
  return {
    stepscopeCoverage: 1,
    stateMachines: machines.map((m) => ({
      definitionRef: m.definitionRef,
      stateMachineName: m.stateMachineName,
      definition: m.definition as unknown as JsonObject,
      cases: m.cases,
      totals: coverageTotals(m),
      items: m.items.map((i) => ({ ...i, hits: m.hits.get(i.id) ?? 0 })),
    })),
  };
}
