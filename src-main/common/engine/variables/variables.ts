import type { Json, JsonObject } from '../../json';
import { utf8Length } from '../../json';
import { jsonTextProblem, toCheckedJsonText } from '../../jsonLimits';
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
 *
 * Size limits (Developer Guide, "Variable size limits"): one variable and one Assign at most
 * 256 KiB, and all the variables stored in a single execution at most 10 MiB. Sizes are the UTF-8
 * bytes of each value's JSON text. The execution-wide total is kept incrementally in a
 * `VariableBudget` (see there for what counts), so a state that assigns little pays little.
 * A value nested deeper than MAX_JSON_DEPTH (src-main/common/jsonLimits.ts) fails the same way as
 * an oversized one, with States.Runtime.
 */

/** One scope of variables: its own values (created on first assignment) and the enclosing scope. */
export interface VariableScope {
  /** The enclosing scope, whose variables this one can read; undefined at the top level. */
  readonly parent: VariableScope | undefined;
  /** Variables assigned in this scope; undefined until the first assignment. */
  vars: Map<string, Json> | undefined;
  /**
   * The size charged to the execution's VariableBudget for each variable of `vars` (UTF-8 bytes
   * of its JSON text); undefined until the first counted assignment, and again once the scope's
   * variables are released (releaseScopeVariables).
   */
  sizes: Map<string, number> | undefined;
}

/** A new scope: top-level, or inside `parent` (a Parallel branch, a Map iteration). */
export function createVariableScope(parent?: VariableScope): VariableScope {
  return { parent, vars: undefined, sizes: undefined };
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

/** The values one state assigns, in the order of its Assign field. */
export interface Assignment {
  readonly names: readonly string[];
  readonly values: readonly Json[];
}

/**
 * The bytes of workflow variables one execution holds, for the 10 MiB limit on "the total size of
 * all variables stored in a single execution" (Developer Guide, "Variable size limits").
 *
 * What counts, as Stepscope reads the guide (no AWS recording shows this limit being reached):
 * every variable currently stored, in every live scope. A Parallel branch or Map iteration stores
 * its assignments in a scope of its own, so they count while it runs, on top of the outer
 * variables they may shadow; when it ends its scope is discarded ("no write out") and its bytes
 * are released, so a Map of many iterations counts only the iterations running at once.
 * Reassigning a variable in the same scope replaces its size. A Distributed Map iteration or a
 * started child workflow is an execution of its own, with its own budget.
 */
export interface VariableBudget {
  /** The bytes currently stored: the sum of every live scope's `sizes`. */
  bytes: number;
}

/** An empty budget, for a new execution. */
export function createVariableBudget(): VariableBudget {
  return { bytes: 0 };
}

function variableTooLarge(name: string, bytes: number): StatesError {
  // Wording is Stepscope's: no recording shows AWS's text for this limit.
  return new StatesError(
    StatesErrors.Runtime,
    `The variable '${name}' has a size of ${bytes} bytes, exceeding the maximum of ${VARIABLE_LIMITS.variableBytes} bytes.`,
    true,
  );
}

/**
 * JSON text of variable `name`'s value, checked without recursion (jsonLimits.ts): a value nested
 * over MAX_JSON_DEPTH levels fails the state with States.Runtime, like the size limits, instead
 * of overflowing the stack in `JSON.stringify` (issue #18, item 5).
 */
function variableText(name: string, value: Json): string {
  const r = toCheckedJsonText(value);
  if (r.ok) return r.text;
  // Wording is Stepscope's: AWS documents no nesting limit (see jsonLimits.ts).
  throw new StatesError(StatesErrors.Runtime, `The value of the variable '${name}' ${jsonTextProblem(r.reason)}.`, true);
}

function assignTooLarge(total: number): StatesError {
  // Wording is Stepscope's: no recording shows AWS's text for this limit.
  return new StatesError(
    StatesErrors.Runtime,
    `The variables assigned by the state have a combined size of ${total} bytes, exceeding the maximum of ${VARIABLE_LIMITS.assignBytes} bytes.`,
    true,
  );
}

/**
 * The `assignedVariables` map of a `<Type>StateExited` event: each assigned variable's JSON text.
 * Throws States.Runtime when a value or the whole Assign is over AWS's size limits. Stores
 * nothing and checks no execution-wide total (the interpreter uses storeAssignment).
 */
export function assignedVariablesDetails(assignment: Assignment): JsonObject {
  const out: JsonObject = {};
  let total = 0;
  for (let i = 0; i < assignment.names.length; i++) {
    const name = assignment.names[i];
    const text = variableText(name, assignment.values[i]);
    const bytes = utf8Length(text);
    if (bytes > VARIABLE_LIMITS.variableBytes) throw variableTooLarge(name, bytes);
    total += bytes;
    out[name] = text;
  }
  if (total > VARIABLE_LIMITS.assignBytes) throw assignTooLarge(total);
  return out;
}

/**
 * Stores an assignment in `scope` (its own variables; outer scopes are never written) without
 * counting it in any budget: for tools and tests. The interpreter uses storeAssignment.
 */
export function applyAssignment(scope: VariableScope, assignment: Assignment): void {
  const vars = (scope.vars ??= new Map());
  for (let i = 0; i < assignment.names.length; i++) vars.set(assignment.names[i], assignment.values[i]);
}

/**
 * Stores a state's assignment in `scope` as the state exits, and returns the `assignedVariables`
 * map of its exited event (each variable's JSON text). Checks, in this order, each variable
 * (256 KiB), the whole Assign (256 KiB) and the execution's total with this assignment in place
 * (10 MiB, `budget`); over any limit it throws a state-scoped States.Runtime and stores nothing.
 * A total of exactly the limit is allowed ("cannot exceed").
 */
export function storeAssignment(scope: VariableScope, assignment: Assignment, budget: VariableBudget): JsonObject {
  const { names, values } = assignment;
  const out: JsonObject = {};
  const sizes = new Array<number>(names.length);
  const own = scope.sizes;
  let total = 0;
  let replaced = 0;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const text = variableText(name, values[i]);
    const bytes = utf8Length(text);
    if (bytes > VARIABLE_LIMITS.variableBytes) throw variableTooLarge(name, bytes);
    total += bytes;
    sizes[i] = bytes;
    out[name] = text;
    // Reassigning a variable of this scope frees its old value's bytes.
    if (own !== undefined) replaced += own.get(name) ?? 0;
  }
  if (total > VARIABLE_LIMITS.assignBytes) throw assignTooLarge(total);
  const after = budget.bytes - replaced + total;
  if (after > VARIABLE_LIMITS.totalBytes) {
    // Error name follows the other variable limits; the cause wording is Stepscope's (unconfirmed:
    // no AWS recording or documented text for this limit).
    throw new StatesError(
      StatesErrors.Runtime,
      `The variables stored in the execution would have a combined size of ${after} bytes, exceeding the maximum of ${VARIABLE_LIMITS.totalBytes} bytes.`,
      true,
    );
  }
  const vars = (scope.vars ??= new Map());
  const counted = own ?? (scope.sizes = new Map());
  for (let i = 0; i < names.length; i++) {
    vars.set(names[i], values[i]);
    counted.set(names[i], sizes[i]);
  }
  budget.bytes = after;
  return out;
}

/**
 * Sets a scope's variables to `values` (a resumed execution's or branch's variables: fork,
 * redrive) and charges their sizes to `budget`. They were stored once already, so no limit is
 * checked here.
 */
export function seedVariables(scope: VariableScope, values: JsonObject, budget: VariableBudget): void {
  releaseScopeVariables(scope, budget);
  const vars = new Map<string, Json>();
  const sizes = new Map<string, number>();
  let total = 0;
  for (const [name, value] of Object.entries(values)) {
    // Stored once already, so within the depth limit; checked all the same rather than recursing.
    const bytes = utf8Length(variableText(name, value));
    vars.set(name, value);
    sizes.set(name, bytes);
    total += bytes;
  }
  scope.vars = vars;
  scope.sizes = sizes;
  budget.bytes += total;
}

/**
 * Releases the bytes of a scope's variables from `budget`: called when a Parallel branch or Map
 * iteration ends and its scope is discarded. The values stay readable (debugger views); calling
 * it again does nothing.
 */
export function releaseScopeVariables(scope: VariableScope, budget: VariableBudget): void {
  const sizes = scope.sizes;
  if (sizes === undefined) return;
  for (const bytes of sizes.values()) budget.bytes -= bytes;
  scope.sizes = undefined;
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
