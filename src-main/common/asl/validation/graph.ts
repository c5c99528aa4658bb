import type { Json, JsonObject } from '../../json';
import { isJsonObject } from '../../json';
import type { PathSegment } from './pointer';
import type { Reporter } from './reporter';

/**
 * Transition checks, per container of states (the top level, each Parallel branch, each Map item
 * processor): every `Next`, `Default`, `Choices[].Next` and `Catch[].Next` names a state of the
 * same container, every state is reachable from `StartAt`, and the top level has a terminal state.
 *
 * AWS's codes and wording (recorded in CreateStateMachine errors, e.g. `MISSING_TRANSITION_TARGET:
 * Missing 'Next' target: pass3 at /States/pass1/Next, MISSING_TRANSITION_TARGET: State "pass2" is
 * not reachable. at /States/pass2`): missing targets come first, then unreachable states, then
 * `MISSING_END_STATE: Workflow has no terminal state` (which has no location and replaces the
 * reachability report of the top level).
 */

/** One container of states, recorded while the schema was checked. */
export interface Container {
  states: JsonObject;
  statesPath: readonly PathSegment[];
  /** The container's StartAt when it is a string. */
  startAt: string | undefined;
  startAtPath: readonly PathSegment[];
  /** True for the state machine's own States. */
  root: boolean;
}

interface Target {
  name: string;
  path: readonly PathSegment[];
}

/** The transitions a state makes (field paths included), in document order. */
export function transitionTargets(state: Json, statePath: readonly PathSegment[]): Target[] {
  const out: Target[] = [];
  if (!isJsonObject(state)) return out;
  const add = (value: Json | undefined, path: readonly PathSegment[]): void => {
    if (typeof value === 'string') out.push({ name: value, path });
  };
  for (const key of Object.keys(state)) {
    const v = state[key];
    if (key === 'Next' || key === 'Default') add(v, [...statePath, key]);
    else if ((key === 'Choices' || key === 'Catch') && Array.isArray(v)) {
      v.forEach((rule, i) => {
        if (isJsonObject(rule)) add(rule.Next, [...statePath, key, i, 'Next']);
      });
    }
  }
  return out;
}

function isTerminal(state: Json): boolean {
  if (!isJsonObject(state)) return false;
  return state.Type === 'Succeed' || state.Type === 'Fail' || state.End === true;
}

/** Reports missing targets, unreachable states and a missing terminal state. */
export function checkGraph(r: Reporter, containers: readonly Container[]): void {
  // 1. Missing targets, container by container in document order.
  for (const c of containers) {
    if (c.startAt !== undefined && !Object.prototype.hasOwnProperty.call(c.states, c.startAt)) {
      r.error('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${c.startAt}`, { path: c.startAtPath });
    }
    for (const [name, state] of Object.entries(c.states)) {
      for (const t of transitionTargets(state, [...c.statesPath, name])) {
        if (!Object.prototype.hasOwnProperty.call(c.states, t.name)) {
          r.error('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${t.name}`, { path: t.path });
        }
      }
    }
  }
  // 2. Unreachable states. Skipped where StartAt is absent or names no state (already reported),
  // and at the top level when it has no terminal state (AWS then reports only that).
  let missingEnd = false;
  for (const c of containers) {
    if (c.root && !Object.values(c.states).some(isTerminal)) {
      missingEnd = true;
      continue;
    }
    if (c.startAt === undefined || !Object.prototype.hasOwnProperty.call(c.states, c.startAt)) continue;
    const reachable = new Set<string>([c.startAt]);
    const queue = [c.startAt];
    while (queue.length > 0) {
      const name = queue.shift() as string;
      for (const t of transitionTargets(c.states[name], [])) {
        if (Object.prototype.hasOwnProperty.call(c.states, t.name) && !reachable.has(t.name)) {
          reachable.add(t.name);
          queue.push(t.name);
        }
      }
    }
    for (const name of Object.keys(c.states)) {
      if (!reachable.has(name)) {
        r.error('MISSING_TRANSITION_TARGET', `State "${name}" is not reachable.`, { path: [...c.statesPath, name] });
      }
    }
  }
  // 3. No terminal state at the top level.
  if (missingEnd) r.error('MISSING_END_STATE', 'Workflow has no terminal state', { path: ['States'], awsPath: null });
}
