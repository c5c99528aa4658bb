import { parseJsonText, type Json, type JsonObject } from '../json';
import type { HistoryEvent } from '../history/events';
import type { Visit, VisitProjection } from '../history/visits';
import { isValidPath, isVariablePath, readPathInEnv } from '../engine/dataflow/jsonPath';
import { evaluateRaw } from '../engine/jsonata/evaluate';
import { createSeededRandom } from '../engine/ports';
import { contextObject } from './dataflowSteps';

/** A workflow variable in scope, with where it was assigned. */
export interface ScopedVariable {
  name: string;
  value: Json;
  /** The visit whose exit assigned it (its `assignedVariables`), and that event's position. */
  assignedBy: { state: string; path: string; visit: number; position: number };
}

/** What a state sees at a point of the history: the Variables view and watch expressions evaluate here. */
export interface ScopeAt {
  /** The visit the scope is taken at. */
  visit: Visit;
  /** The position (event index) the scope is as at. */
  position: number;
  variables: ScopedVariable[];
  /** `$states`: the visit's input, its output once it exited (at or before the position), and the Context object. */
  states: { input?: Json; output?: Json; context: JsonObject };
  /** Inside a Map iteration: its index, and the iteration's input (its first state's input). */
  mapItem?: { index: number; input?: Json };
}

const parse = (text: string | null): Json | undefined => (text === null ? undefined : parseJsonText(text));

/** The scope a visit runs in: its container visit, and its branch or iteration there (top level: null). */
const scopeKey = (v: Visit) => (v.parent === null ? 'top' : `${v.parent}|${v.branch ?? ''}|${v.iteration ?? ''}`);

/**
 * The workflow variables a visit sees at `position`, as AWS scopes them: those assigned (on exit,
 * by `Assign`) by visits that exited at or before `position` in the visit's own scope or in an
 * enclosing one (a Parallel branch or Map iteration sees its outer scopes; it never sees a sibling
 * branch's or iteration's, nor does the outer scope see theirs). The last assignment wins. A
 * visit that ended before `position` is taken as at its end (later assignments are not its).
 */
export function variablesInScope(projection: VisitProjection, visit: Visit, at: number): ScopedVariable[] {
  const position = visit.endedAt !== null && visit.endedAt < at ? visit.endedAt : at;
  const scopes = new Set<string>([scopeKey(visit)]);
  for (let p = visit.parent; p !== null; p = projection.visits[p]?.parent ?? null) {
    const container = projection.visits[p];
    if (container === undefined) break;
    scopes.add(scopeKey(container));
  }
  const byName = new Map<string, ScopedVariable>();
  for (const v of projection.visits) {
    if (v.enteredAt > position) break;
    if (v.exitedAt === null || v.exitedAt > position || v.assignedVariables === null || !scopes.has(scopeKey(v))) continue;
    for (const [name, text] of Object.entries(v.assignedVariables)) {
      byName.delete(name);
      byName.set(name, { name, value: parse(text) ?? null, assignedBy: { state: v.state, path: v.path, visit: v.index, position: v.exitedAt } });
    }
  }
  // Exits are not in entry order (a Parallel exits after its branches' states): order by exit.
  return [...byName.values()].sort((a, b) => a.assignedBy.position - b.assignedBy.position);
}

/** The scope of `visit` at `position` (see ScopeAt). */
export function scopeAt(events: readonly HistoryEvent[], projection: VisitProjection, visit: Visit, position: number): ScopeAt {
  const input = visit.enteredAt <= position ? parse(visit.input) : undefined;
  const exited = visit.exitedAt !== null && visit.exitedAt <= position;
  const states: ScopeAt['states'] = { context: contextObject(events, projection, visit, input ?? null) };
  if (input !== undefined) states.input = input;
  if (exited) {
    const output = parse(visit.output);
    if (output !== undefined) states.output = output;
  }
  const scope: ScopeAt = { visit, position, variables: variablesInScope(projection, visit, position), states };
  const parent = visit.parent === null ? undefined : projection.visits[visit.parent];
  if (parent?.stateType === 'Map' && visit.iteration !== null) {
    const first = projection.visits.find((v) => v.parent === parent.index && v.iteration === visit.iteration);
    const itemInput = first === undefined ? undefined : parse(first.input);
    scope.mapItem = itemInput === undefined ? { index: visit.iteration } : { index: visit.iteration, input: itemInput };
  }
  return scope;
}

/** The outcome of a watch expression. */
export type WatchResult = { ok: true; value: Json | undefined } | { ok: false; message: string };

/**
 * Evaluates a watch expression in a scope with the engine's own evaluators: a JSONPath path (as
 * an `InputPath` reads it: `$` the state's input, `$$` the Context object, `$name` a variable) or
 * a JSONata expression (`{% %}` optional; `$states.input`, `$states.context`, variables). Never
 * throws: a failing expression gives its message.
 */
export async function evaluateWatch(expression: string, language: 'JSONPath' | 'JSONata', scope: ScopeAt): Promise<WatchResult> {
  const variables: Record<string, Json> = {};
  for (const v of scope.variables) variables[v.name] = v.value;
  if (language === 'JSONPath') {
    const path = expression.trim();
    if (!isValidPath(path) && !isVariablePath(path)) return { ok: false, message: `${path} is not a valid JSONPath path` };
    const read = readPathInEnv(scope.states.input ?? null, { context: scope.states.context, lookupVariable: (name) => variables[name] }, path);
    return read.found ? { ok: true, value: read.value } : { ok: false, message: read.message };
  }
  const trimmed = expression.trim();
  const text = trimmed.startsWith('{%') ? trimmed : `{% ${trimmed} %}`;
  const states: JsonObject = { context: scope.states.context };
  if (scope.states.input !== undefined) states.input = scope.states.input;
  try {
    return { ok: true, value: await evaluateRaw(text, 'Watch', { states, variables, random: createSeededRandom(0), nowMs: 0 }) };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}
