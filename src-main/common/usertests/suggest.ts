import type { ChoiceRule, State, StateMachineDefinition } from '../asl/types';
import { errorMatches } from '../engine/errorMatching';
import { setAtReferencePath } from '../engine/dataflow/jsonPath';
import { isJsonObject, type Json, type JsonObject } from '../json';
import { uncovered, type CoverageHits, type CoverageItem, type MachineCoverage } from './coverage';
import type { ResolvedTestFile, TestFileReader } from './resolveTestFile';
import { caseInput } from './resolveTestFile';
import { runUserCase } from './runUserCase';
import type { UserTestCase } from './testFile';

/**
 * Suggested cases for what a suite left uncovered. For a Choice rule, an input that satisfies
 * the rule's own condition (JSONPath comparisons: a value picked from the operator and its
 * literal; JSONata: conditions of the form `$states.input.a.b <op> literal`, joined by `and`,
 * best effort); for a Catcher of a Task, a mock making the Task throw an error the Catcher
 * catches (and no Catcher before it). Each candidate starts from a case that ran the state
 * machine and is run before it is offered: a suggestion is kept only when its run does take the
 * uncovered item. Its `expect` records what the run did (status, path), ready to save as a case.
 */

/** A case that ran a state machine, to derive suggestions from. */
export interface SuggestionSource {
  file: string;
  resolved: ResolvedTestFile;
  reader: TestFileReader;
  testCase: UserTestCase;
}

/** A suggestion for one uncovered item. */
export interface Suggestion {
  item: CoverageItem;
  /** The test file to add the case to. */
  file?: string;
  /** The case's name and content, ready to add under `cases`. */
  name?: string;
  case?: JsonObject;
  /** Why no case could be derived. */
  reason?: string;
}

type Assignment = { path: string; value: Json } | { path: string; remove: true };

const MAX_SOURCES = 6;

/** Suggestions for the uncovered Choice rules and Catchers of `machine`, from `sources`. */
export async function suggestCases(machine: MachineCoverage, sources: readonly SuggestionSource[]): Promise<Suggestion[]> {
  const states = statesOf(machine.definition);
  const out: Suggestion[] = [];
  for (const item of uncovered(machine)) {
    if (item.kind !== 'choice' && item.kind !== 'catch') continue;
    const state = states.get(item.state);
    if (state === undefined) continue;
    const candidates = item.kind === 'choice' ? choiceCandidates(state, item.index as number, machine.definition) : catchCandidates(item.state, state, item.index as number);
    if ('reason' in candidates) {
      out.push({ item, reason: candidates.reason });
      continue;
    }
    let found: Suggestion | undefined;
    for (const source of sources.slice(0, MAX_SOURCES)) {
      const made = makeCase(source, item, candidates);
      if (made === undefined) continue;
      const hits: CoverageHits = new Map();
      let outcome;
      try {
        outcome = await runUserCase(source.resolved, made.testCase, source.reader, { coverage: hits });
      } catch {
        continue;
      }
      if ((hits.get(item.id) ?? 0) === 0) continue;
      const expect: JsonObject = { status: outcome.run.status, path: outcome.path };
      if (outcome.run.status === 'SUCCEEDED' && outcome.run.output !== undefined) expect.output = outcome.run.output;
      if (outcome.run.error !== undefined) expect.error = outcome.run.error;
      found = { item, file: source.file, name: made.testCase.name, case: { ...made.json, expect } };
      break;
    }
    out.push(
      found ?? {
        item,
        reason:
          item.kind === 'choice'
            ? 'no case reaches the Choice with an input the rule could be made true on (its value may come from earlier states: change their mocks instead)'
            : 'no case reaches the state with the mock in place',
      },
    );
  }
  return out;
}

type Candidates = { kind: 'input'; assignments: Assignment[] } | { kind: 'mock'; state: string; error: string };

function statesOf(definition: StateMachineDefinition): Map<string, State> {
  const found = new Map<string, State>();
  const walk = (m: StateMachineDefinition, depth: number) => {
    if (depth > 50 || !isJsonObject(m as unknown as Json) || !isJsonObject(m.States as unknown as Json)) return;
    for (const [name, s] of Object.entries(m.States)) {
      if (!found.has(name)) found.set(name, s);
      if (s.Type === 'Parallel') s.Branches.forEach((b) => walk(b, depth + 1));
      if (s.Type === 'Map' && (s.ItemProcessor ?? s.Iterator)) walk((s.ItemProcessor ?? s.Iterator)!, depth + 1);
    }
  };
  walk(definition, 0);
  return found;
}

function makeCase(source: SuggestionSource, item: CoverageItem, candidates: Candidates): { testCase: UserTestCase; json: JsonObject } | undefined {
  const base = source.testCase;
  const safe = item.id.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '');
  const name = `Cover_${safe}`;
  const json: JsonObject = {};
  let input: Json;
  try {
    input = caseInput(source.resolved, base, source.reader);
  } catch {
    return undefined;
  }
  const mocks: Record<string, JsonObject> = { ...(base.mocks ?? {}) };
  if (candidates.kind === 'input') {
    try {
      for (const a of candidates.assignments) input = 'remove' in a ? removeAt(input, a.path) : setAtReferencePath(input, a.path, a.value);
    } catch {
      return undefined;
    }
  } else mocks[candidates.state] = { '0-999': { Throw: { Error: candidates.error, Cause: 'Suggested by stepscope test --suggest' } } };
  json.description = `Covers ${item.label} (suggested from case "${base.name}")`;
  json.input = input;
  const mockCase = base.testCase ?? (source.resolved.mockStateMachine !== undefined && source.resolved.mockConfig?.stateMachines.get(source.resolved.mockStateMachine)?.has(base.name) ? base.name : undefined);
  if (mockCase !== undefined) json.testCase = mockCase;
  if (Object.keys(mocks).length > 0) json.mocks = mocks;
  const testCase: UserTestCase = {
    name,
    pointer: `/cases/${name}`,
    input,
    ...(mockCase !== undefined ? { testCase: mockCase } : {}),
    ...(Object.keys(mocks).length > 0 ? { mocks } : {}),
    expect: {},
  };
  return { testCase, json };
}

function removeAt(doc: Json, path: string): Json {
  const m = /^\$((?:\.[A-Za-z_][A-Za-z0-9_]*)+)$/.exec(path);
  if (!m || !isJsonObject(doc)) return doc;
  const keys = m[1].slice(1).split('.');
  const copy = JSON.parse(JSON.stringify(doc)) as JsonObject;
  let node: Json = copy;
  for (const k of keys.slice(0, -1)) {
    if (!isJsonObject(node)) return doc;
    node = node[k];
  }
  if (isJsonObject(node)) delete node[keys[keys.length - 1]];
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Choice rules

function choiceCandidates(state: State, index: number, definition: StateMachineDefinition): Candidates | { reason: string } {
  if (state.Type !== 'Choice') return { reason: 'not a Choice state' };
  const rule = state.Choices[index];
  if (rule === undefined) return { reason: 'no such rule' };
  const jsonata = (state.QueryLanguage ?? definition.QueryLanguage) === 'JSONata';
  if (jsonata || rule.Condition !== undefined) {
    const a = jsonataAssignments(rule.Condition);
    return 'reason' in a ? a : { kind: 'input', assignments: a };
  }
  if (state.InputPath !== undefined && state.InputPath !== '$') {
    return { reason: `the Choice reads its input through InputPath ${String(state.InputPath)}; derive the value by hand` };
  }
  const a = ruleAssignments(rule, false, 0);
  return 'reason' in a ? a : { kind: 'input', assignments: a };
}

function plusOneSecond(ts: string, sign: number): string {
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? ts : new Date(ms + sign * 1000).toISOString().replace('.000Z', 'Z');
}

/** A value for `Variable` making `op literal` true (or false when `negate`). */
function valueFor(op: string, literal: Json, negate: boolean): { value: Json } | { remove: true } | { reason: string } {
  if (op.endsWith('Path')) return { reason: `${op} compares with another value of the input; derive it by hand` };
  const flipNum = (v: number, up: boolean) => (up ? v + 1 : v - 1);
  switch (op) {
    case 'StringEquals':
      return { value: negate ? `${String(literal)}-other` : literal };
    case 'StringMatches':
      return { value: negate ? `${String(literal).replace(/\*/g, '')}\u0000no` : String(literal).replace(/\\\*/g, '\u0001').replace(/\*/g, 'x').replace(/\u0001/g, '*') };
    case 'StringLessThan':
    case 'StringLessThanEquals':
      return { value: negate ? `${String(literal)}~` : op === 'StringLessThan' ? '' : literal };
    case 'StringGreaterThan':
    case 'StringGreaterThanEquals':
      return { value: negate ? '' : op === 'StringGreaterThan' ? `${String(literal)}~` : literal };
    case 'NumericEquals':
      return { value: negate ? (literal as number) + 1 : literal };
    case 'NumericLessThan':
      return { value: negate ? literal : flipNum(literal as number, false) };
    case 'NumericLessThanEquals':
      return { value: negate ? flipNum(literal as number, true) : literal };
    case 'NumericGreaterThan':
      return { value: negate ? literal : flipNum(literal as number, true) };
    case 'NumericGreaterThanEquals':
      return { value: negate ? flipNum(literal as number, false) : literal };
    case 'BooleanEquals':
      return { value: negate ? !literal : literal };
    case 'TimestampEquals':
      return { value: negate ? plusOneSecond(String(literal), 1) : literal };
    case 'TimestampLessThan':
    case 'TimestampLessThanEquals':
      return { value: negate !== (op === 'TimestampLessThanEquals') ? (negate ? plusOneSecond(String(literal), 1) : literal) : plusOneSecond(String(literal), -1) };
    case 'TimestampGreaterThan':
    case 'TimestampGreaterThanEquals':
      return { value: negate !== (op === 'TimestampGreaterThanEquals') ? (negate ? plusOneSecond(String(literal), -1) : literal) : plusOneSecond(String(literal), 1) };
    case 'IsPresent':
      return literal !== negate ? { value: 'present' } : { remove: true };
    case 'IsNull':
      return { value: literal !== negate ? null : 'not null' };
    case 'IsString':
      return { value: literal !== negate ? 'text' : 0 };
    case 'IsNumeric':
      return { value: literal !== negate ? 1 : 'not a number' };
    case 'IsBoolean':
      return { value: literal !== negate ? true : 'not a boolean' };
    case 'IsTimestamp':
      return { value: literal !== negate ? '2024-01-01T00:00:00Z' : 'not a timestamp' };
    default:
      return { reason: `the operator ${op} is not one Stepscope derives values for` };
  }
}

const RULE_KEYS = new Set(['Variable', 'Next', 'Assign', 'Output', 'Comment', 'And', 'Or', 'Not', 'Condition']);

function ruleAssignments(rule: ChoiceRule, negate: boolean, depth: number): Assignment[] | { reason: string } {
  if (depth > 20) return { reason: 'the rule is nested too deeply' };
  if (rule.Not !== undefined) return ruleAssignments(rule.Not, !negate, depth + 1);
  const list = rule.And ?? rule.Or;
  if (list !== undefined) {
    // Both sides of De Morgan: And (not negated) and Or (negated) need every sub-rule; the others need one.
    const all = (rule.And !== undefined) !== negate;
    const out: Assignment[] = [];
    for (const sub of list) {
      const a = ruleAssignments(sub, negate, depth + 1);
      if ('reason' in a) {
        if (all) return a;
        continue;
      }
      if (!all) return a;
      out.push(...a);
    }
    return all ? out : { reason: 'no alternative of the Or could be derived' };
  }
  const variable = rule.Variable;
  if (typeof variable !== 'string') return { reason: 'the rule has no Variable' };
  if (!/^\$(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$/.test(variable)) {
    return { reason: `the rule reads ${variable} (a variable, the Context object or a path with wildcards): not something an input sets` };
  }
  const op = Object.keys(rule).find((k) => !RULE_KEYS.has(k));
  if (op === undefined) return { reason: 'the rule has no comparison' };
  const v = valueFor(op, rule[op] as Json, negate);
  if ('reason' in v) return v;
  return [{ path: variable, ...v }];
}

/** `$states.input.a.b <op> literal` conditions, joined by `and`. */
function jsonataAssignments(condition: string | boolean | undefined): Assignment[] | { reason: string } {
  if (typeof condition !== 'string') return { reason: 'the rule has no Condition expression' };
  const body = condition.trim().replace(/^\{%|%\}$/g, '').trim();
  const parts = body.split(/\s+and\s+/);
  const out: Assignment[] = [];
  for (const part of parts) {
    const m = /^\(?\s*\$states\.input((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*(=|!=|<=|>=|<|>)\s*('([^']*)'|"([^"]*)"|-?\d+(?:\.\d+)?|true|false|null)\s*\)?$/.exec(part.trim());
    if (!m) {
      return { reason: `the condition ${JSON.stringify(condition)} is not of the form $states.input.<field> <op> <literal> (joined by "and"): write the input by hand` };
    }
    const [, path, op, raw, single, double] = m;
    let literal: Json = single ?? double ?? (JSON.parse(raw) as Json);
    if (op === '!=') literal = typeof literal === 'number' ? literal + 1 : typeof literal === 'boolean' ? !literal : `${String(literal)}-other`;
    else if (op === '<') literal = typeof literal === 'number' ? literal - 1 : literal;
    else if (op === '>') literal = typeof literal === 'number' ? literal + 1 : literal;
    out.push({ path: `$${path}`, value: literal });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Catchers

function catchCandidates(name: string, state: State, index: number): Candidates | { reason: string } {
  if (state.Type !== 'Task') return { reason: `the Catcher is on a ${state.Type} state: make a Task inside it fail to reach it` };
  const catchers = state.Catch ?? [];
  const catcher = catchers[index];
  if (catcher === undefined) return { reason: 'no such Catcher' };
  const names = [...catcher.ErrorEquals.filter((e) => e !== 'States.ALL' && e !== 'States.TaskFailed'), 'States.TaskFailed', 'Suggested.Error'];
  const error = names.find((e) => errorMatches(catcher.ErrorEquals, e) && !catchers.slice(0, index).some((c) => errorMatches(c.ErrorEquals, e)));
  if (error === undefined) return { reason: 'every error this Catcher catches is caught by an earlier Catcher' };
  return { kind: 'mock', state: name, error };
}

/** A suggestion as text: the case to add, ready to paste under `cases`. */
export function formatSuggestion(machine: MachineCoverage, s: Suggestion): string {
  if (s.case === undefined) return `  ${machine.definitionRef}: ${s.item.label}: no suggestion: ${s.reason ?? 'not derivable'}\n`;
  const body = JSON.stringify({ [s.name as string]: s.case }, null, 2).split('\n').slice(1, -1).join('\n');
  return `  ${machine.definitionRef}: ${s.item.label}\n  add to ${s.file} under "cases":\n${body}\n`;
}
