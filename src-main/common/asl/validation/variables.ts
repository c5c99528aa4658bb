import jsonata from 'jsonata';
import type { Json, JsonObject } from '../../json';
import { isJsonObject, utf8Length } from '../../json';
import { isJsonataExpression, jsonataBody } from './jsonata';
import { transitionTargets } from './graph';
import type { PathSegment } from './pointer';
import type { Reporter } from './reporter';

/**
 * Static checks of workflow variables and of the reserved `$states` variable (Developer Guide,
 * "Passing data between states with variables" and "Transforming data with JSONata"):
 * - `$states.result` only where a state has a result: `Output` and `Assign` of Task, Map and
 *   Parallel states; `$states.errorOutput` only in a Catcher's `Output` and `Assign`; no other
 *   `$states` field than `input`, `result`, `errorOutput` and `context`;
 * - a Parallel branch or an inline Map's item processor may read the variables of the scopes that
 *   enclose it but may not assign one that a state which may run before it assigns;
 * - variable names are identifiers of at most `MAX_VARIABLE_NAME_LENGTH` characters;
 * - an `Assign` whose constant part alone exceeds the 256 KiB quota is reported (as a warning:
 *   whether AWS rejects it before running is not known).
 *
 * Not checked, on purpose: a reference to a variable that is never assigned. AWS accepts such a
 * definition and fails at run time with States.QueryEvaluationError (recorded:
 * assign/test_undefined_reference__BASE_UNDEFINED_*).
 */

/** The fields of `$states` (Developer Guide, "Reserved variable: $states"). */
export const STATES_FIELDS: readonly string[] = ['input', 'result', 'errorOutput', 'context'];

/** Longest variable name accepted. */
// Limit not confirmed by a recording.
export const MAX_VARIABLE_NAME_LENGTH = 80;

/** Quota on the variables one state assigns: 256 KiB (Developer Guide, "Passing data between states with variables"). */
export const MAX_ASSIGN_BYTES = 256 * 1024;

/** State types whose `Output` and `Assign` see `$states.result`. */
const RESULT_STATE_TYPES: ReadonlySet<string> = new Set(['Task', 'Map', 'Parallel']);

/** A variable name: a letter or `_`, then letters, digits or `_` (Unicode identifier characters). */
const VARIABLE_NAME = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;

/** True when `name` is a syntactically valid variable name (length not included). */
export function isValidVariableName(name: string): boolean {
  return VARIABLE_NAME.test(name);
}

/**
 * The `$states.<field>` references of a JSONata expression (the text inside `{% %}`), in source
 * order; undefined when the expression does not parse (its syntax error is reported elsewhere).
 */
export function statesFieldReferences(expression: string): string[] | undefined {
  let ast: unknown;
  try {
    ast = jsonata(expression).ast();
  } catch {
    return undefined;
  }
  const out: string[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 500 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, depth + 1);
      return;
    }
    const obj = node as Record<string, unknown>;
    if (obj.type === 'path' && Array.isArray(obj.steps) && obj.steps.length >= 2) {
      const [first, second] = obj.steps as Record<string, unknown>[];
      if (first?.type === 'variable' && first.value === 'states' && second?.type === 'name' && typeof second.value === 'string') {
        out.push(second.value);
      }
    }
    for (const [key, value] of Object.entries(obj)) {
      if (key !== 'position') visit(value, depth + 1);
    }
  };
  visit(ast, 0);
  return out;
}

/**
 * Runs the variable checks over a whole definition. `topJsonata` is the state machine's query
 * language (a state's own QueryLanguage overrides it). Tolerates malformed definitions: parts
 * that are not the expected shape are skipped (the schema checks report them).
 */
export function checkVariables(r: Reporter, def: JsonObject, topJsonata: boolean): void {
  new VariablesChecker(r, topJsonata).container(def, [], new Set());
}

class VariablesChecker {
  constructor(
    private readonly r: Reporter,
    private readonly topJsonata: boolean,
  ) {}

  /** A container of states; `outer` holds the names assigned in the scopes that enclose it. */
  container(obj: JsonObject, path: readonly PathSegment[], outer: ReadonlySet<string>): void {
    const states = obj.States;
    if (!isJsonObject(states)) return;
    const assigned = new Map<string, Set<string>>();
    const incoming = new Map<string, Set<string>>();
    for (const [name, state] of Object.entries(states)) {
      const names = new Set<string>();
      if (isJsonObject(state)) {
        const jsonata = this.isJsonata(state);
        for (const { assign } of assignments(state)) {
          for (const key of Object.keys(assign)) names.add(variableName(key, jsonata));
        }
      }
      assigned.set(name, names);
      for (const t of transitionTargets(state, [])) {
        if (!incoming.has(t.name)) incoming.set(t.name, new Set());
        incoming.get(t.name)?.add(name);
      }
    }
    for (const [name, state] of Object.entries(states)) {
      if (!isJsonObject(state)) continue;
      // A branch or iteration sees the names assigned by the states that may run before its
      // Parallel or Map state. The state's own Assign and Catch Assign run after it, and AWS
      // accepts an inner assignment of those names (recorded:
      // states_variables/test_parallel_catch_error__PARALLEL_CATCH_ERROR_VARIABLE_SAMPLING).
      let inner: ReadonlySet<string> = outer;
      if (state.Type === 'Parallel' || state.Type === 'Map') {
        const before = new Set(outer);
        for (const p of predecessors(name, incoming)) for (const v of assigned.get(p) ?? []) before.add(v);
        inner = before;
      }
      this.state(state, [...path, 'States', name], outer, inner);
    }
  }

  private isJsonata(state: JsonObject): boolean {
    if (state.QueryLanguage === undefined) return this.topJsonata;
    return state.QueryLanguage !== 'JSONPath';
  }

  private state(state: JsonObject, path: readonly PathSegment[], outer: ReadonlySet<string>, inner: ReadonlySet<string>): void {
    const jsonata = this.isJsonata(state);
    for (const { assign, path: at } of assignments(state, path)) this.assign(assign, at, jsonata, outer);
    if (jsonata) this.statesReferences(state, path);

    if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
      state.Branches.forEach((b, i) => {
        if (isJsonObject(b)) this.container(b, [...path, 'Branches', i], inner);
      });
    }
    if (state.Type === 'Map') {
      for (const f of ['ItemProcessor', 'Iterator']) {
        const processor = state[f];
        if (!isJsonObject(processor)) continue;
        // A Distributed Map's child executions do not see the parent's variables: their scope
        // starts empty.
        const distributed = isJsonObject(processor.ProcessorConfig) && processor.ProcessorConfig.Mode === 'DISTRIBUTED';
        this.container(processor, [...path, f], distributed ? new Set() : inner);
      }
    }
  }

  /** One Assign object: names, outer-scope conflicts and the static size. */
  private assign(assign: JsonObject, path: readonly PathSegment[], jsonata: boolean, outer: ReadonlySet<string>): void {
    const r = this.r;
    for (const key of Object.keys(assign)) {
      const name = variableName(key, jsonata);
      const at = { path: [...path, key] };
      // `states` is reported by the Assign schema check (RESERVED_VARIABLE_NAME).
      if (name === 'states') continue;
      if (!isValidVariableName(name)) {
        // wording not confirmed by a recording
        r.schema(
          `Invalid variable name '${name}': a variable name starts with a letter or '_' and contains only letters, digits and '_'`,
          at,
        );
      } else if (name.length > MAX_VARIABLE_NAME_LENGTH) {
        // wording not confirmed by a recording
        r.schema(`Variable name '${name}' exceeds the maximum length of ${MAX_VARIABLE_NAME_LENGTH} characters`, at);
      }
      if (outer.has(name)) {
        // wording not confirmed by a recording
        r.schema(`Variable '${name}' is assigned in an outer scope and cannot be assigned in a Parallel branch or Map iteration`, at);
      }
    }
    const bytes = utf8Length(JSON.stringify(staticPart(assign, jsonata)));
    if (bytes > MAX_ASSIGN_BYTES) {
      // wording not confirmed by a recording; a warning because AWS may only fail at run time.
      r.warning(
        'ASSIGN_TOO_LARGE',
        `The variables assigned by this field take at least ${bytes} bytes, more than the ${MAX_ASSIGN_BYTES}-byte limit`,
        { path },
      );
    }
  }

  /** `$states` fields used where they do not exist, in every JSONata string of the state. */
  private statesReferences(state: JsonObject, path: readonly PathSegment[]): void {
    const type = typeof state.Type === 'string' ? state.Type : '';
    for (const [field, value] of Object.entries(state)) {
      // Nested states are checked on their own; these fields hold no expressions.
      if (['Branches', 'ItemProcessor', 'Iterator', 'Comment', 'Type', 'QueryLanguage', 'Next', 'End', 'Resource'].includes(field)) continue;
      forEachExpression(value, [...path, field], (text, at) => {
        const refs = statesFieldReferences(jsonataBody(text));
        if (refs === undefined) return;
        const inCatch = field === 'Catch' && (at[path.length + 2] === 'Output' || at[path.length + 2] === 'Assign');
        const resultAllowed = RESULT_STATE_TYPES.has(type) && (field === 'Output' || field === 'Assign');
        for (const name of new Set(refs)) {
          if (!STATES_FIELDS.includes(name)) {
            // wording not confirmed by a recording
            reportStates(this.r, `'$states.${name}' is not a field of $states: use one of ${STATES_FIELDS.map((f) => `$states.${f}`).join(', ')}`, at);
          } else if (name === 'result' && !resultAllowed) {
            // wording not confirmed by a recording
            reportStates(this.r, `'$states.result' is not available here: it exists only in the Output and Assign fields of Task, Map and Parallel states`, at);
          } else if (name === 'errorOutput' && !inCatch) {
            // wording not confirmed by a recording
            reportStates(this.r, `'$states.errorOutput' is not available here: it exists only in the Output and Assign fields of a Catcher`, at);
          }
        }
      });
    }
  }
}

/** A `$states` misuse, located at the expression. */
function reportStates(reporter: Reporter, message: string, path: readonly PathSegment[]): void {
  reporter.schema(message, { path });
}

/** The states from which `target` can be reached (itself included only when it is on a cycle). */
function predecessors(target: string, incoming: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const seen = new Set<string>();
  const queue = [target];
  while (queue.length > 0) {
    const current = queue.pop() as string;
    for (const p of incoming.get(current) ?? []) {
      if (seen.has(p)) continue;
      seen.add(p);
      queue.push(p);
    }
  }
  return seen;
}

/** Every Assign object of a state: its own, each Choice rule's and each Catcher's, with paths. */
function assignments(state: JsonObject, path: readonly PathSegment[] = []): { assign: JsonObject; path: PathSegment[] }[] {
  const out: { assign: JsonObject; path: PathSegment[] }[] = [];
  if (isJsonObject(state.Assign)) out.push({ assign: state.Assign, path: [...path, 'Assign'] });
  for (const list of ['Choices', 'Catch']) {
    const items = state[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item, i) => {
      if (isJsonObject(item) && isJsonObject(item.Assign)) out.push({ assign: item.Assign, path: [...path, list, i, 'Assign'] });
    });
  }
  return out;
}

/** The variable an Assign key names: in a JSONPath state, `name.$` assigns `name`. */
function variableName(key: string, jsonata: boolean): string {
  return !jsonata && key.endsWith('.$') ? key.slice(0, -2) : key;
}

/**
 * The Assign object with every evaluated value replaced by `0` (the shortest JSON value), so its
 * serialized size is a lower bound of what the state assigns.
 */
function staticPart(value: Json, jsonata: boolean): Json {
  if (jsonata && isJsonataExpression(value)) return 0;
  if (Array.isArray(value)) return value.map((v) => staticPart(v, jsonata));
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    if (!jsonata && key.endsWith('.$')) out[key.slice(0, -2)] = 0;
    else out[key] = staticPart(v, jsonata);
  }
  return out;
}

/** Calls `visit` for every `{% %}` string in `value`, with its path. */
function forEachExpression(value: Json, path: PathSegment[], visit: (text: string, path: PathSegment[]) => void): void {
  if (typeof value === 'string') {
    if (isJsonataExpression(value)) visit(value, path);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => forEachExpression(v, [...path, i], visit));
    return;
  }
  if (isJsonObject(value)) {
    for (const [k, v] of Object.entries(value)) forEachExpression(v, [...path, k], visit);
  }
}
