import type { Json, JsonObject } from '../../json';
import { utf8Length } from '../../json';
import { StatesError, StatesErrors } from '../errors';

/**
 * Workflow variables (Developer Guide, "Passing data between states with variables"). A state's
 * `Assign` stores values under names; later states read them as `$name` (JSONPath paths and
 * intrinsic arguments) or as JSONata variables.
 *
 * Scoping: the top-level states share one scope. Each Parallel branch and each Map iteration runs
 * in a scope of its own whose states read the outer scopes' variables but assign only in their
 * own scope; the inner scope is discarded when the branch or iteration ends ("no write out").
 *
 * Evaluation order: every expression of one state (its Assign and its Output alike) sees the
 * variables as they were when the state was entered; the state's assignments take effect together
 * when it exits (conformance: assign/test_state_assign_evaluation_order__BASE_EVALUATION_ORDER_PASS_STATE).
 */

/** One scope of variables: its own values (created on first assignment) and the enclosing scope. */
export interface VariableScope {
  /** The enclosing scope, whose variables this one can read; undefined at the top level. */
  readonly parent: VariableScope | undefined;
  /** Variables assigned in this scope; undefined until the first assignment. */
  vars: Map<string, Json> | undefined;
}

/** A new top-level scope. */
export function createVariableScope(parent?: VariableScope): VariableScope {
  return { parent, vars: undefined };
}

/** The value of variable `name` as seen from `scope` (inner scopes first), or undefined if unset. */
export function lookupVariable(scope: VariableScope | undefined, name: string): Json | undefined {
  for (let s = scope; s !== undefined; s = s.parent) {
    const vars = s.vars;
    if (vars !== undefined) {
      const v = vars.get(name);
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

/** Every variable visible from `scope`, inner values shadowing outer ones (for JSONata bindings). */
export function visibleVariables(scope: VariableScope | undefined, into: Record<string, unknown> = {}): Record<string, unknown> {
  const chain: VariableScope[] = [];
  for (let s = scope; s !== undefined; s = s.parent) chain.push(s);
  for (let i = chain.length - 1; i >= 0; i--) {
    const vars = chain[i].vars;
    if (vars !== undefined) for (const [k, v] of vars) into[k] = v;
  }
  return into;
}

/** AWS's limits on variables (Developer Guide, "Variable size limits"), in UTF-8 bytes. */
export const VARIABLE_LIMITS = {
  /** One variable's value. */
  variableBytes: 262_144,
  /** All the values one Assign stores. */
  assignBytes: 262_144,
  /** All the variables an execution holds at once. */
  totalBytes: 10_485_760,
} as const;

/** The values one state assigns, in the order of its Assign field, with their JSON texts. */
export interface Assignment {
  readonly names: readonly string[];
  readonly values: readonly Json[];
}

/**
 * The `assignedVariables` map of a `<Type>StateExited` event: each assigned variable's JSON text.
 * Throws States.Runtime when a value or the whole Assign is over AWS's size limits.
 */
export function assignedVariablesDetails(assignment: Assignment): JsonObject {
  const out: JsonObject = {};
  let total = 0;
  for (let i = 0; i < assignment.names.length; i++) {
    const name = assignment.names[i];
    const text = JSON.stringify(assignment.values[i]);
    const bytes = text.length * 3 > VARIABLE_LIMITS.variableBytes ? utf8Length(text) : text.length;
    if (bytes > VARIABLE_LIMITS.variableBytes) {
      // Wording is Stepscope's: no recording shows AWS's text for this limit.
      throw new StatesError(
        StatesErrors.Runtime,
        `The variable '${name}' has a size of ${bytes} bytes, exceeding the maximum of ${VARIABLE_LIMITS.variableBytes} bytes.`,
        true,
      );
    }
    total += bytes;
    out[name] = text;
  }
  if (total > VARIABLE_LIMITS.assignBytes) {
    throw new StatesError(
      StatesErrors.Runtime,
      `The variables assigned by the state have a combined size of ${total} bytes, exceeding the maximum of ${VARIABLE_LIMITS.assignBytes} bytes.`,
      true,
    );
  }
  return out;
}

/** Stores an assignment in `scope` (its own variables; outer scopes are never written). */
export function applyAssignment(scope: VariableScope, assignment: Assignment): void {
  const vars = (scope.vars ??= new Map());
  for (let i = 0; i < assignment.names.length; i++) vars.set(assignment.names[i], assignment.values[i]);
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Splits a JSONPath-language reference to a variable, `$name` or `$name.path[0]`, into the variable
 * name and the path to read inside its value (`$`, `$.path[0]`). Undefined for `$`, `$.x`, `$$...`.
 */
export function splitVariablePath(path: string): { name: string; rest: string } | undefined {
  if (path.length < 2 || path.charCodeAt(0) !== 36 /* $ */) return undefined;
  const c = path.charCodeAt(1);
  if (c === 46 /* . */ || c === 91 /* [ */ || c === 36 /* $ */) return undefined;
  const m = VARIABLE_NAME.exec(path.slice(1));
  if (m === null) return undefined;
  return { name: m[0], rest: '$' + path.slice(1 + m[0].length) };
}
