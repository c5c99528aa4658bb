import type { Catcher, ChoiceRule, ChoiceState, State, StateMachineDefinition } from '../asl/types';
import { isJsonObject, parseJsonText, type Json, type JsonObject } from '../json';
import { StatesError } from '../engine/errors';
import { errorMatches } from '../engine/errorMatching';
import { createSeededRandom } from '../engine/ports';
import { disagreementWithHistory, explainChoice, explainJsonataChoice, type ChoiceExplanation, type ChoiceTaken } from '../engine/choice/explainChoice';
import { applyInputPath, applyOutputPath, applyPayloadTemplate, applyResultPath, type DataflowEnv } from '../engine/dataflow/payloadTemplate';
import { TASK_SCHEDULED_EVENT_TYPES, type HistoryEvent } from '../history/events';
import { eventDetails, payloadText } from '../history/historySummary';
import { queryLanguageEvidence, queryLanguageFromHistory } from '../history/queryLanguage';
import { failureOf, isFailureEventType, type Visit, type VisitProjection } from '../history/visits';

/**
 * The data-flow inspector's model: for one state visit, the state input, each processing step in
 * AWS's order with the expression the definition applies and the value it produced, and the state
 * output (Developer Guide, "Processing input and output": InputPath → Parameters/ItemSelector →
 * state result → ResultSelector → ResultPath → OutputPath; with JSONata: Arguments → result →
 * Output, and Assign).
 *
 * Values come from the history where AWS records them (state input and output, a Task's
 * parameters and result, assigned variables) and are recomputed from the definition in between
 * (after InputPath, after ResultSelector, after ResultPath), with the engine's own data-flow code.
 * When a value cannot be known (no definition, an event without its payload, a path reading the
 * Context object beyond what the history tells), the step says why instead of guessing.
 *
 * It lives in debug/, not history/: it reads the history but recomputes with the engine's data-flow
 * and Choice code, and history/ sits below engine/ (the engine builds history events).
 */

/** What one step did. */
export interface DataflowStep {
  /** The ASL field (`InputPath`, `Parameters`, `ResultPath`, ...) or a stage name (`State input`, `Task result`, `State output`). */
  field: string;
  /** The field as written in the definition; undefined when not written (see `defaulted`) or not a field. */
  expression?: Json;
  /** The field is absent and AWS's default applies (`$` for paths); the text says what the default does. */
  defaulted?: string;
  /** One line on what the step does, for someone learning ASL. */
  explanation: string;
  /** The value after this step, when known. */
  value?: Json;
  /** Why the value is unknown (present exactly when `value` is undefined). */
  unknown?: string;
  /** Where the value comes from: recorded in an event, recomputed from the definition, or the definition itself. */
  source?: 'event' | 'computed' | 'definition';
  /** Position of the event the value was read from. */
  eventAt?: number;
}

/** The data flow of one visit. */
export interface DataflowReport {
  state: string;
  stateType: string;
  /**
   * The state's query language: from the definition, else (no definition came with an imported
   * history) as far as the history tells (history/queryLanguage.ts); null when nothing tells.
   */
  queryLanguage: 'JSONPath' | 'JSONata' | null;
  visit: number;
  steps: DataflowStep[];
  /** What the inspector cannot know, and why (no definition, payloads not recorded, a recomputation that disagrees with the history). */
  notes: string[];
  /** For a Choice visit: its rules walked through (see ChoiceInspection). */
  choice?: ChoiceInspection;
  /** For a Distributed Map visit: its Map Run as the parent's history shows it. */
  mapRun?: MapRunSummary;
}

/**
 * A Distributed Map's Map Run as its parent's history records it: the parent history holds only
 * MapRunStarted and MapRunSucceeded/MapRunFailed/MapRunAborted; the items and the child
 * executions are not in it (a local run stores the children; see `executions.list`).
 */
export interface MapRunSummary {
  mapRunArn: string | null;
  /** Id and position of the MapRunStarted event (child executions are linked to its id). */
  startedEventId: number;
  startedAt: number;
  /** Items the Map started with: MapStateStarted's `length`; null when not recorded, or when an ItemReader reads them (AWS then records 0). */
  itemCount: number | null;
  status: 'running' | 'succeeded' | 'failed' | 'aborted';
  error: string | null;
  cause: string | null;
  /** Time from MapRunStarted to its outcome event, once it has one. */
  durationMs: number | null;
}

/** The Map Run of a Map visit, or undefined when the visit has no MapRunStarted (an inline Map). */
export function mapRunOfVisit(events: readonly HistoryEvent[], visit: Visit): MapRunSummary | undefined {
  let started: { event: HistoryEvent; pos: number } | undefined;
  let itemCount: number | null = null;
  let ended: HistoryEvent | undefined;
  for (const pos of visit.events) {
    const e = events[pos];
    if (!e) continue;
    if (e.type === 'MapStateStarted') {
      const length = (eventDetails(e) as { length?: unknown } | undefined)?.length;
      if (typeof length === 'number') itemCount = length;
    } else if (e.type === 'MapRunStarted' || e.type === 'MapRunRedriven') started = { event: e, pos };
    else if (e.type === 'MapRunSucceeded' || e.type === 'MapRunFailed' || e.type === 'MapRunAborted') ended = e;
  }
  if (!started) return undefined;
  const arn = (eventDetails(started.event) as { mapRunArn?: unknown } | undefined)?.mapRunArn;
  const details = ended ? (eventDetails(ended) as { error?: unknown; cause?: unknown } | undefined) : undefined;
  const duration = ended ? Date.parse(ended.timestamp) - Date.parse(started.event.timestamp) : NaN;
  return {
    mapRunArn: typeof arn === 'string' ? arn : null,
    startedEventId: started.event.id,
    startedAt: started.pos,
    itemCount,
    status: !ended ? 'running' : ended.type === 'MapRunSucceeded' ? 'succeeded' : ended.type === 'MapRunFailed' ? 'failed' : 'aborted',
    error: typeof details?.error === 'string' ? details.error : null,
    cause: typeof details?.cause === 'string' ? details.cause : null,
    durationMs: Number.isFinite(duration) ? duration : null,
  };
}

/**
 * A Choice visit's rules explained against the visit's input (engine/choice/explainChoice.ts):
 * `explained` for JSONPath rules (evaluated at once) and for JSONata ones once evaluated;
 * `pending` for JSONata rules, whose evaluation is asynchronous: pass the report's choice to
 * explainJsonataChoiceVisit; `unknown` when the rules cannot be evaluated (no definition, no input).
 * `taken` is what the history shows the visit did.
 */
export type ChoiceInspection =
  | {
      kind: 'explained';
      explanation: ChoiceExplanation;
      taken: ChoiceTaken;
      /** Set when the explanation does not pick what the history shows (a changed definition). */
      disagreement?: string;
      /** What the explanation could not know (variables, Context object fields), in plain words. */
      caveats: string[];
    }
  | { kind: 'pending'; request: JsonataChoiceRequest; taken: ChoiceTaken }
  | { kind: 'unknown'; reason: string; taken: ChoiceTaken };

/** What explainJsonataChoiceVisit needs: the rules and the visit's JSONata environment as the history shows it. */
export interface JsonataChoiceRequest {
  choices: ChoiceRule[];
  default?: string;
  input: Json;
  /** `$states.context` as far as the history records it. */
  context: JsonObject;
  variables: Record<string, Json>;
  /** False when the history does not show the variables (no execution data). */
  variablesKnown: boolean;
  /** The visit's entered time (epoch ms), for `$now()`. */
  nowMs: number;
}

/** Functions whose value depends on the moment or a random source: re-evaluating them may differ from the run. */
const NONDETERMINISTIC = /\$(now|millis|random|uuid)\s*\(|\$states\.context/;

/**
 * Evaluates the JSONata rules of a `pending` Choice inspection with the engine's evaluateCondition
 * (asynchronous: the inspector calls it from an effect). Never rejects.
 */
export async function explainJsonataChoiceVisit(pending: Extract<ChoiceInspection, { kind: 'pending' }>): Promise<ChoiceInspection> {
  const { request, taken } = pending;
  const caveats: string[] = [];
  const text = JSON.stringify(request.choices);
  if (NONDETERMINISTIC.test(text)) caveats.push('A Condition reads the clock, a random source or the Context object: evaluated again now it may not give what it gave during the run.');
  if (!request.variablesKnown && /\$[A-Za-z_]/.test(text.replace(/\$states\b/g, ''))) caveats.push('The history does not show the workflow variables: a Condition that reads one sees it undefined here.');
  try {
    const explanation = await explainJsonataChoice(
      { Choices: request.choices, ...(request.default !== undefined ? { Default: request.default } : {}) },
      { states: { input: request.input, context: request.context }, variables: request.variables, random: createSeededRandom(0), nowMs: request.nowMs },
    );
    const disagreement = disagreementWithHistory(explanation.result, taken);
    return { kind: 'explained', explanation, taken, caveats, ...(disagreement !== undefined ? { disagreement } : {}) };
  } catch (e) {
    return { kind: 'unknown', reason: `The Conditions cannot be evaluated here: ${e instanceof Error ? e.message : String(e)}`, taken };
  }
}

/** Finds a state by name anywhere in a definition (top level, Parallel branches, Map item processors). */
export function findStateDefinition(definition: StateMachineDefinition | null | undefined, name: string): { state: State; queryLanguage: 'JSONPath' | 'JSONata' } | undefined {
  const walk = (machine: StateMachineDefinition | undefined, inherited: 'JSONPath' | 'JSONata'): { state: State; queryLanguage: 'JSONPath' | 'JSONata' } | undefined => {
    if (machine === undefined || !isJsonObject(machine.States)) return undefined;
    const language = machine.QueryLanguage ?? inherited;
    for (const [stateName, state] of Object.entries(machine.States)) {
      if (!isJsonObject(state)) continue;
      const own = state.QueryLanguage ?? language;
      if (stateName === name) return { state, queryLanguage: own };
      if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
        for (const branch of state.Branches) {
          const found = walk(branch, own);
          if (found) return found;
        }
      }
      if (state.Type === 'Map') {
        const found = walk(state.ItemProcessor ?? state.Iterator, own);
        if (found) return found;
      }
    }
    return undefined;
  };
  return definition ? walk(definition, definition.QueryLanguage ?? 'JSONPath') : undefined;
}

/** A recomputation needed something the history does not record. */
class NotRecorded extends Error {}

function parse(text: string | null): Json | undefined {
  return text === null ? undefined : parseJsonText(text);
}

const SUCCEEDED = new Set(['TaskSucceeded', 'LambdaFunctionSucceeded', 'ActivitySucceeded']);

/**
 * A failure's Cause for people: Lambda and service errors put JSON text there (errorMessage,
 * stackTrace, ...), shown as the JSON value it holds; any other cause as it is.
 */
export function readableCause(cause: string | null): Json | null {
  if (cause === null) return null;
  const t = cause.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return cause;
  try {
    return JSON.parse(t) as Json;
  } catch {
    return cause;
  }
}

/** The first Catcher that takes `error`, by the engine's own matching rule (engine/errorMatching). */
function matchingCatcher(catchers: readonly Catcher[] | undefined, error: string | null): Catcher | undefined {
  if (!catchers || error === null) return undefined;
  return catchers.find((c) => Array.isArray(c.ErrorEquals) && errorMatches(c.ErrorEquals, error));
}

/**
 * The data-flow steps of one visit. `definition` may be null (an imported history without one):
 * the report then holds what the events recorded and says that the expressions are unknown.
 * `resolvedChoice`: a JSONata Choice's inspection once explainJsonataChoiceVisit has evaluated it
 * (it tells which rule's Output and Assign applied); without it the report's `choice` is `pending`.
 */
export function dataflowSteps(
  definition: StateMachineDefinition | null | undefined,
  events: readonly HistoryEvent[],
  projection: VisitProjection,
  visitIndex: number,
  resolvedChoice?: ChoiceInspection,
): DataflowReport {
  const visit = projection.visits[visitIndex];
  const found = findStateDefinition(definition, visit.state);
  const notes: string[] = [];
  if (!definition) notes.push('No definition came with this execution: the expressions of each step are unknown, so only the values the history records are shown.');
  else if (!found) notes.push(`The definition has no state named "${visit.state}": it may not be the definition this execution ran.`);
  const state = found?.state;
  const queryLanguage = found?.queryLanguage ?? (definition ? 'JSONPath' : (queryLanguageFromHistory(queryLanguageEvidence(events), visit.state) ?? null));
  const steps: DataflowStep[] = [];

  const own = visit.events.map((pos) => ({ pos, event: events[pos] }));
  const scheduled = own.filter((e) => TASK_SCHEDULED_EVENT_TYPES.has(e.event.type)).pop();
  const succeeded = own.filter((e) => SUCCEEDED.has(e.event.type)).pop();
  const failure = visit.status === 'caught' || visit.status === 'failed' ? own.filter((e) => isFailureEventType(e.event.type)).pop() : undefined;
  const input = parse(visit.input);
  const recordedOutput = parse(visit.output);

  const env = contextEnv(events, projection, visit, input);
  const compute = (f: () => Json): { value: Json } | { unknown: string } => {
    try {
      return { value: f() };
    } catch (e) {
      if (e instanceof NotRecorded) return { unknown: e.message };
      if (e instanceof StatesError) return { unknown: `Recomputing this step failed with ${e.error}: ${e.causeText}` };
      return { unknown: `Cannot recompute this step: ${e instanceof Error ? e.message : String(e)}` };
    }
  };
  const push = (step: DataflowStep) => steps.push(step);
  const unknownPayload = 'The history does not carry this payload (it was exported without execution data, or the event has no payload).';

  const choice = state?.Type === 'Choice' ? (resolvedChoice ?? inspectChoice(state)) : undefined;
  /** Whose Output and Assign apply: a Choice's matched rule (or the state itself for Default); the state for any other type. */
  const fieldsOwner = state?.Type === 'Choice' ? choiceFieldsOwner(state) : state;

  push(input === undefined
    ? { field: 'State input', explanation: 'What the state received.', unknown: unknownPayload }
    : { field: 'State input', explanation: 'What the state received (its entered event).', value: input, source: 'event', eventAt: visit.enteredAt });

  if (queryLanguage === 'JSONata') {
    jsonataSteps();
  } else {
    jsonPathSteps();
  }
  if (failure !== undefined) catchSteps();

  const last = steps[steps.length - 1];
  if (visit.exitedAt !== null) {
    if (recordedOutput === undefined) push({ field: 'State output', explanation: 'What the state passed on.', unknown: unknownPayload });
    else {
      if (last?.source === 'computed' && last.value !== undefined && JSON.stringify(last.value) !== JSON.stringify(recordedOutput) && !sameJson(last.value, recordedOutput)) {
        notes.push('The recomputed value differs from the output the history recorded: the definition may not be the one this execution ran.');
      }
      push({ field: 'State output', explanation: 'What the state passed on (its exited event).', value: recordedOutput, source: 'event', eventAt: visit.exitedAt });
    }
    if (visit.assignedVariables !== null && queryLanguage !== 'JSONata') {
      push({ field: 'Assign', expression: fieldsOwner && 'Assign' in fieldsOwner ? (fieldsOwner.Assign as Json | undefined) : undefined, explanation: state?.Type === 'Choice' ? 'Workflow variables set as the state exited (by the matched rule\'s Assign, or the state\'s for Default).' : 'Workflow variables set as the state exited.', value: Object.fromEntries(Object.entries(visit.assignedVariables).map(([k, v]) => [k, parse(v) ?? null])), source: 'event', eventAt: visit.exitedAt });
    }
  } else if (visit.endedAt === null) {
    notes.push('The visit has not finished: later steps appear as the execution goes on.');
  } else if (visit.status === 'failed' || visit.status === 'aborted') {
    if (visit.stateType !== 'Fail') notes.push(visit.status === 'failed' ? 'The state failed and no Catcher took it: it has no output.' : 'The execution stopped before this state finished.');
  }
  let mapRun = visit.stateType === 'Map' ? mapRunOfVisit(events, visit) : undefined;
  // With an ItemReader the items are read inside the Map Run: MapStateStarted's length is 0, not the item count.
  if (mapRun && state?.Type === 'Map' && state.ItemReader !== undefined) mapRun = { ...mapRun, itemCount: null };
  return { state: visit.state, stateType: visit.stateType, queryLanguage, visit: visit.index, steps, notes, ...(choice !== undefined ? { choice } : {}), ...(mapRun !== undefined ? { mapRun } : {}) };

  function choiceTaken(): ChoiceTaken {
    const t = projection.transitions.find((x) => x.fromVisit === visit.index);
    if (t) return { kind: 'next', next: t.to };
    if (visit.status === 'failed') return { kind: 'failed', error: visit.error?.error ?? null };
    return { kind: 'pending' };
  }

  /** The Choice's rules against the visit's input: explained now (JSONPath), or a request to evaluate (JSONata). */
  function inspectChoice(s: ChoiceState): ChoiceInspection {
    const taken = choiceTaken();
    if (input === undefined) return { kind: 'unknown', reason: 'The history does not carry the state input (it was exported without execution data), so the rules cannot be evaluated.', taken };
    const variablesKnown = visit.input !== null;
    const variables = variablesBefore(projection, visit);
    if (queryLanguage === 'JSONata') {
      const request: JsonataChoiceRequest = {
        choices: s.Choices,
        ...(s.Default !== undefined ? { default: s.Default } : {}),
        input,
        context: contextObject(events, projection, visit, input),
        variables: Object.fromEntries(variables),
        variablesKnown,
        nowMs: Date.parse(events[visit.enteredAt]?.timestamp ?? '') || 0,
      };
      return { kind: 'pending', request, taken };
    }
    const effective = compute(() => applyInputPath(input, s.InputPath, env));
    if (!('value' in effective)) return { kind: 'unknown', reason: `The effective input (after InputPath) cannot be known: ${effective.unknown}`, taken };
    const explanation = explainChoice(s, effective.value, { context: env.context, lookupVariable: (name) => variables.get(name), variablesKnown });
    const disagreement = disagreementWithHistory(explanation.result, taken);
    return { kind: 'explained', explanation, taken, caveats: [], ...(disagreement !== undefined ? { disagreement } : {}) };
  }

  /**
   * The owner of the Output and Assign a Choice applied: the matched rule, or the state for
   * Default. Known from the explanation when it is decided, else from the history's transition
   * when only one of them leads there; undefined when it cannot be told.
   */
  function choiceFieldsOwner(s: ChoiceState): { Output?: Json; Assign?: JsonObject } | undefined {
    if (choice?.kind === 'explained' && choice.disagreement === undefined) {
      const r = choice.explanation.result;
      if (r.kind === 'matched') return s.Choices[r.index] as { Output?: Json; Assign?: JsonObject };
      if (r.kind === 'default') return s as { Output?: Json; Assign?: JsonObject };
    }
    const t = projection.transitions.find((x) => x.fromVisit === visit.index);
    if (!t) return undefined;
    const rules = s.Choices.filter((r) => r.Next === t.to);
    const owners = [...rules, ...(s.Default === t.to ? [s] : [])];
    return owners.length === 1 ? (owners[0] as { Output?: Json; Assign?: JsonObject }) : undefined;
  }

  function jsonPathSteps(): void {
    if (!state) {
      recordedOnly();
      return;
    }
    const s = state as State & { InputPath?: string | null; OutputPath?: string | null; ResultPath?: string | null; Parameters?: Json; ResultSelector?: Json };
    if (s.Type === 'Fail') {
      failSteps(s);
      return;
    }
    // InputPath
    let effective: { value: Json } | { unknown: string } = input === undefined ? { unknown: 'The state input is unknown.' } : compute(() => applyInputPath(input, s.InputPath, env));
    push({
      field: 'InputPath',
      ...(s.InputPath !== undefined ? { expression: s.InputPath } : { defaulted: '$: the whole input' }),
      explanation: 'Selects the part of the state input the state works on.',
      ...effective,
      ...('value' in effective ? { source: 'computed' as const } : {}),
    });
    if (s.Type === 'Map') {
      const items = 'value' in effective ? (s.ItemsPath !== undefined ? compute(() => applyInputPath((effective as { value: Json }).value, s.ItemsPath, env)) : effective) : effective;
      push({ field: s.Items !== undefined ? 'Items' : 'ItemsPath', ...(s.ItemsPath !== undefined ? { expression: s.ItemsPath } : s.Items !== undefined ? { expression: s.Items } : { defaulted: '$: the effective input is the array' }), explanation: 'The array whose items the Map iterates over.', ...items, ...('value' in items ? { source: 'computed' as const } : {}) });
      const selector = s.ItemSelector ?? s.Parameters;
      push({ field: s.ItemSelector !== undefined ? 'ItemSelector' : 'Parameters', ...(selector !== undefined ? { expression: selector } : { defaulted: 'each item as it is' }), explanation: 'Builds each iteration\'s input from the item ($$.Map.Item.Value) and the effective input.', ...childInputs() });
    } else if (s.Type === 'Task' || s.Type === 'Pass' || s.Type === 'Parallel') {
      if (s.Type === 'Task' && scheduled !== undefined) {
        const d = eventDetails(scheduled.event);
        const recorded = parse(payloadText(d?.parameters ?? d?.input));
        effective = recorded === undefined ? { unknown: unknownPayload } : { value: recorded };
        push({ field: 'Parameters', ...(s.Parameters !== undefined ? { expression: s.Parameters } : { defaulted: 'the effective input as it is' }), explanation: 'Builds the request sent to the resource (keys ending in .$ take paths or intrinsic functions).', ...effective, ...('value' in effective ? { source: 'event' as const, eventAt: scheduled.pos } : {}) });
      } else if (s.Parameters !== undefined) {
        const from = effective;
        effective = 'value' in from ? compute(() => applyPayloadTemplate(s.Parameters as Json, from.value, env, 'Parameters')) : from;
        push({ field: 'Parameters', expression: s.Parameters, explanation: 'Builds a new value from the effective input (keys ending in .$ take paths or intrinsic functions).', ...effective, ...('value' in effective ? { source: 'computed' as const } : {}) });
      }
    }
    if (failure !== undefined) return;
    // The state's result
    let result: { value: Json } | { unknown: string };
    let resultStep: DataflowStep;
    switch (s.Type) {
      case 'Task': {
        const d = succeeded ? eventDetails(succeeded.event) : undefined;
        const recorded = parse(payloadText(d?.output));
        result = recorded === undefined ? { unknown: succeeded ? unknownPayload : 'The task has not returned yet.' } : { value: recorded };
        resultStep = { field: 'Task result', explanation: `What the resource returned${visit.retries > 0 ? ` (attempt ${visit.retries + 1}, after ${visit.retries} retr${visit.retries === 1 ? 'y' : 'ies'})` : ''}.`, ...result, ...('value' in result && succeeded ? { source: 'event' as const, eventAt: succeeded.pos } : {}) };
        break;
      }
      case 'Pass':
        result = s.Result !== undefined ? { value: s.Result } : effective;
        resultStep = { field: 'Result', ...(s.Result !== undefined ? { expression: s.Result } : { defaulted: 'the effective input' }), explanation: 'A Pass state\'s result: its Result field, or its input.', ...result, ...('value' in result ? { source: s.Result !== undefined ? ('definition' as const) : ('computed' as const) } : {}) };
        break;
      case 'Parallel':
      case 'Map': {
        const outputs = childOutputs(s.Type);
        result = outputs;
        resultStep = { field: s.Type === 'Map' ? 'Iteration results' : 'Branch results', explanation: s.Type === 'Map' ? 'The array of every iteration\'s output, in item order.' : 'The array of every branch\'s output, in branch order.', ...result, ...('value' in result ? { source: 'event' as const } : {}) };
        break;
      }
      default:
        // Choice, Wait, Succeed: no result; the effective input goes on to OutputPath.
        if (s.Type === 'Choice') choiceStep(s.Choices as unknown as Json);
        if (s.Type === 'Wait') {
          const wait = s.Seconds ?? s.Timestamp ?? s.SecondsPath ?? s.TimestampPath;
          push({ field: s.Seconds !== undefined ? 'Seconds' : s.Timestamp !== undefined ? 'Timestamp' : s.SecondsPath !== undefined ? 'SecondsPath' : 'TimestampPath', expression: wait as Json, explanation: 'How long the state waits; the input passes through unchanged.', ...(visit.exitedAt !== null ? { value: `waited until ${events[visit.exitedAt].timestamp}`, source: 'event' as const, eventAt: visit.exitedAt } : { unknown: 'Still waiting.' }) });
        }
        outputPath(effective);
        return;
    }
    push(resultStep);
    if (s.ResultSelector !== undefined) {
      const from = result;
      result = 'value' in from ? compute(() => applyPayloadTemplate(s.ResultSelector as Json, from.value, env, 'ResultSelector')) : from;
      push({ field: 'ResultSelector', expression: s.ResultSelector, explanation: 'Reshapes the result before ResultPath places it.', ...result, ...('value' in result ? { source: 'computed' as const } : {}) });
    }
    const placed = 'value' in result && input !== undefined
      ? compute(() => applyResultPath(input, (result as { value: Json }).value, s.ResultPath))
      : { unknown: input === undefined ? 'The state input is unknown.' : (result as { unknown: string }).unknown };
    push({
      field: 'ResultPath',
      ...(s.ResultPath !== undefined ? { expression: s.ResultPath } : { defaulted: '$: the result replaces the input' }),
      explanation: s.ResultPath === null ? 'null: the result is discarded and the state input passes on.' : 'Places the result into the state input (not the effective input).',
      ...placed,
      ...('value' in placed ? { source: 'computed' as const } : {}),
    });
    outputPath(placed);
  }

  /** A Fail state's Error and Cause (JSONPath or JSONata expressions), with the values the execution failed with. */
  function failSteps(s: Extract<State, { Type: 'Fail' }>): void {
    const ended = visit.endedAt !== null ? events[visit.endedAt] : undefined;
    const outcome = ended && ended.type === 'ExecutionFailed' ? failureOf(ended) : visit.error;
    push({ field: 'Error', expression: s.Error ?? s.ErrorPath, explanation: 'The error the execution fails with.', ...(outcome?.error ? { value: outcome.error, source: 'event' as const, eventAt: visit.endedAt ?? undefined } : { unknown: 'The execution has not failed yet.' }) });
    push({ field: 'Cause', expression: s.Cause ?? s.CausePath, explanation: 'The cause the execution fails with.', ...(outcome?.cause ? { value: outcome.cause, source: 'event' as const, eventAt: visit.endedAt ?? undefined } : { unknown: 'The execution has not failed yet.' }) });
  }

  /** Without the state's definition: what the events recorded of the request and the result. */
  function recordedOnly(): void {
    if (scheduled !== undefined) {
      const d = eventDetails(scheduled.event);
      const recorded = parse(payloadText(d?.parameters ?? d?.input));
      push({ field: 'Parameters', explanation: 'The request sent to the resource, as recorded (the expression that built it is unknown).', ...(recorded !== undefined ? { value: recorded, source: 'event' as const, eventAt: scheduled.pos } : { unknown: unknownPayload }) });
    }
    if (succeeded !== undefined && failure === undefined) {
      const recorded = parse(payloadText(eventDetails(succeeded.event)?.output));
      push({ field: 'Task result', explanation: 'What the resource returned, as recorded.', ...(recorded !== undefined ? { value: recorded, source: 'event' as const, eventAt: succeeded.pos } : { unknown: unknownPayload }) });
    }
  }

  function choiceStep(choices: Json | undefined): void {
    const t = projection.transitions.find((x) => x.fromVisit === visit.index);
    push({ field: 'Choices', expression: choices, explanation: 'The first rule that matches chooses the next state; when none does, Default.', ...(t ? { value: `Next: ${t.to}`, source: 'event' as const, eventAt: t.at } : { unknown: 'The next state has not been entered yet.' }) });
  }

  function outputPath(from: { value: Json } | { unknown: string }): void {
    const s = state as { OutputPath?: string | null } | undefined;
    if (!s) return;
    const out = 'value' in from ? compute(() => applyOutputPath(from.value, s.OutputPath, env)) : from;
    push({ field: 'OutputPath', ...(s.OutputPath !== undefined ? { expression: s.OutputPath } : { defaulted: '$: everything' }), explanation: 'Selects the part that becomes the state output.', ...out, ...('value' in out ? { source: 'computed' as const } : {}) });
  }

  function jsonataSteps(): void {
    const s = state as (State & { Arguments?: Json; Output?: Json; Assign?: JsonObject }) | undefined;
    if (s?.Type === 'Fail') {
      failSteps(s);
      return;
    }
    if (s?.Type === 'Map') {
      // JSONata Map: Items (or the input) and ItemSelector build each iteration's input; neither is recorded as a whole.
      push({ field: 'Items', ...(s.Items !== undefined ? { expression: s.Items } : { defaulted: 'the state input, which must be an array' }), explanation: 'The array whose items the Map iterates over.', ...(s.Items === undefined && input !== undefined ? { value: input, source: 'event' as const, eventAt: visit.enteredAt } : { unknown: 'The history does not record the evaluated Items; each iteration\'s input is in the next step.' }) });
      push({ field: 'ItemSelector', ...(s.ItemSelector !== undefined ? { expression: s.ItemSelector } : { defaulted: 'each item as it is' }), explanation: 'Builds each iteration\'s input ($states.context.Map.Item.Value is the item).', ...childInputs() });
    } else if (s?.Type === 'Task' || s?.Type === 'Parallel' || (!s && scheduled)) {
      const d = scheduled ? eventDetails(scheduled.event) : undefined;
      const recorded = parse(payloadText(d?.parameters ?? d?.input));
      push({ field: 'Arguments', ...(s && 'Arguments' in s && s.Arguments !== undefined ? { expression: s.Arguments } : { defaulted: 'the state input' }), explanation: 'The JSONata expressions that build the request ({% … %} is evaluated, $states.input is the state input).', ...(recorded !== undefined ? { value: recorded, source: 'event' as const, eventAt: scheduled?.pos } : s?.Type === 'Task' ? { unknown: unknownPayload } : childInputs()) });
    }
    if (failure !== undefined) return;
    if (s?.Type === 'Choice') choiceStep(s.Choices as unknown as Json);
    if (s?.Type === 'Task' || (!s && succeeded)) {
      const recorded = succeeded ? parse(payloadText(eventDetails(succeeded.event)?.output)) : undefined;
      push({ field: 'Task result', explanation: 'What the resource returned: $states.result in Output and Assign.', ...(recorded !== undefined ? { value: recorded, source: 'event' as const, eventAt: succeeded?.pos } : { unknown: succeeded ? unknownPayload : 'The task has not returned yet.' }) });
    } else if (s?.Type === 'Parallel' || s?.Type === 'Map') {
      push({ field: s.Type === 'Map' ? 'Iteration results' : 'Branch results', explanation: '$states.result: the array of outputs.', ...childOutputs(s.Type) });
    }
    const owner = (s?.Type === 'Choice' ? fieldsOwner : s) as { Output?: Json; Assign?: JsonObject } | undefined;
    if (s?.Type === 'Choice' && owner === undefined && visit.exitedAt !== null && s.Choices.some((r) => r.Output !== undefined || r.Assign !== undefined)) {
      notes.push('Which rule matched cannot be told from the history alone, so the Output and Assign shown are not attributed to a rule.');
      if (visit.assignedVariables !== null && Object.keys(visit.assignedVariables).length > 0) {
        push({ field: 'Assign', explanation: 'Workflow variables set by the matched rule\'s Assign (or the state\'s, for Default).', value: Object.fromEntries(Object.entries(visit.assignedVariables).map(([k, v]) => [k, parse(v) ?? null])), source: 'event', eventAt: visit.exitedAt });
      }
    }
    if (owner && 'Output' in owner && owner.Output !== undefined) push({ field: 'Output', expression: owner.Output, explanation: 'The JSONata expression whose value becomes the state output.', ...(recordedOutput !== undefined ? { value: recordedOutput, source: 'event' as const, eventAt: visit.exitedAt ?? undefined } : { unknown: visit.exitedAt === null ? 'The state has not exited yet.' : unknownPayload }) });
    if (owner && 'Assign' in owner && owner.Assign !== undefined) {
      const assigned = visit.assignedVariables;
      push({ field: 'Assign', expression: owner.Assign, explanation: 'Workflow variables, evaluated with the same $states as Output, all before any is set.', ...(assigned !== null ? { value: Object.fromEntries(Object.entries(assigned).map(([k, v]) => [k, parse(v) ?? null])), source: 'event' as const, eventAt: visit.exitedAt ?? undefined } : { unknown: visit.exitedAt === null ? 'The state has not exited yet.' : 'The exited event does not list the assigned variables.' }) });
    }
  }

  function catchSteps(): void {
    if (failure === undefined) return;
    const error = visit.error ?? { error: null, cause: null };
    push({ field: 'Error', explanation: `The ${failure.event.type} event: the state failed${visit.retries > 0 ? ` after ${visit.retries} retr${visit.retries === 1 ? 'y' : 'ies'}` : ''}.`, value: { Error: error.error, Cause: readableCause(error.cause) }, source: 'event', eventAt: failure.pos });
    if (visit.status !== 'caught') return;
    const catcher = state && 'Catch' in state ? matchingCatcher(state.Catch, error.error) : undefined;
    if (!catcher) {
      if (state) notes.push('No Catcher of the definition matches the recorded error: the definition may not be the one this execution ran.');
      return;
    }
    if (queryLanguage === 'JSONata') {
      push({ field: 'Catch', expression: catcher as unknown as Json, explanation: `The Catcher for ${catcher.ErrorEquals.join(', ')} sends the execution to ${catcher.Next}; $states.errorOutput is the error.`, value: `Next: ${catcher.Next}`, source: 'definition' });
      return;
    }
    const placed = input !== undefined ? compute(() => applyResultPath(input, { Error: error.error, Cause: error.cause } as JsonObject, catcher.ResultPath)) : { unknown: 'The state input is unknown.' };
    push({ field: 'Catch ResultPath', ...(catcher.ResultPath !== undefined ? { expression: catcher.ResultPath } : { defaulted: '$: the error output replaces the input' }), explanation: `The Catcher for ${catcher.ErrorEquals.join(', ')} places the error output into the state input, then goes to ${catcher.Next}.`, ...placed, ...('value' in placed ? { source: 'computed' as const } : {}) });
  }

  function children(): Visit[] {
    return projection.visits.filter((v) => v.parent === visit.index);
  }

  /** The outputs of the last visit of each branch or iteration, when every one has exited. */
  function childOutputs(kind: 'Parallel' | 'Map'): { value: Json; source: 'event' } | { unknown: string } {
    const lastOf = new Map<number, Visit>();
    for (const c of children()) {
      const key = kind === 'Map' ? (c.iteration ?? -1) : branchIndex(c);
      const prev = lastOf.get(key);
      if (!prev || c.enteredAt > prev.enteredAt) lastOf.set(key, c);
    }
    const ordered = [...lastOf.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
    if (ordered.length === 0) return { unknown: 'No iteration or branch ran (or the history does not show them).' };
    if (ordered.some((v) => v.output === null)) return { unknown: 'Not every branch or iteration has finished (or recorded its output).' };
    return { value: ordered.map((v) => parse(v.output) ?? null), source: 'event' };
  }

  /** Which branch of the Parallel a child visit ran in: from the definition when there is one (recordings may not link branch events), else by its branch's first state. */
  function branchIndex(child: Visit): number {
    if (state?.Type !== 'Parallel') return 0;
    let i = state.Branches.findIndex((b) => findStateDefinition(b, child.state) !== undefined);
    if (i < 0) i = state.Branches.findIndex((b) => b.StartAt === child.branch);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  }

  function childInputs(): { value: Json; source: 'event' } | { unknown: string } {
    const firsts = new Map<number, Visit>();
    for (const c of children()) if (c.iteration !== null && !firsts.has(c.iteration)) firsts.set(c.iteration, c);
    if (firsts.size === 0) return { unknown: 'No iteration has started (or the history does not show them).' };
    const ordered = [...firsts.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
    if (ordered.some((v) => v.input === null)) return { unknown: 'The iterations\' entered events do not carry their input.' };
    return { value: ordered.map((v) => parse(v.input) ?? null), source: 'event' };
  }
}

function sameJson(a: Json, b: Json): boolean {
  const norm = (v: Json): Json => (Array.isArray(v) ? v.map(norm) : isJsonObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, norm(v[k])])) : v);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/**
 * A data-flow environment built from what the history records: `$$.Execution.Input`/`StartTime`,
 * `$$.State.Name`/`EnteredTime`/`RetryCount`, `$$.Map.Item` for states inside a Map iteration, and
 * variables assigned by earlier states. Anything else read through `$$` is reported as unknown.
 */
function contextEnv(events: readonly HistoryEvent[], projection: VisitProjection, visit: Visit, input: Json | undefined): DataflowEnv {
  const context = contextObject(events, projection, visit, input);
  const variables = variablesBefore(projection, visit);
  const guard = (value: JsonObject): Json =>
    new Proxy(value, {
      get(target, key, receiver) {
        const got = Reflect.get(target, key, receiver) as Json | undefined;
        if (got === undefined && typeof key === 'string' && key !== 'toJSON' && key !== 'then') {
          throw new NotRecorded(`This step reads the Context object ($$…${key}), which the history does not record.`);
        }
        return isJsonObject(got) ? guard(got) : got;
      },
    }) as Json;
  return {
    context: guard(context),
    random: createSeededRandom(0),
    lookupVariable: (name) => variables.get(name),
  };
}

/** The Context object as far as the history records it (see contextEnv); the Variables view shows it too. */
export function contextObject(events: readonly HistoryEvent[], projection: VisitProjection, visit: Visit, input: Json | undefined): JsonObject {
  const started = events[0]?.type === 'ExecutionStarted' ? events[0] : undefined;
  const execution: JsonObject = {};
  const executionInput = started ? parse(payloadText(eventDetails(started)?.input)) : undefined;
  if (executionInput !== undefined) execution.Input = executionInput;
  if (started) execution.StartTime = started.timestamp;
  const context: JsonObject = {
    Execution: execution,
    State: { Name: visit.state, EnteredTime: events[visit.enteredAt]?.timestamp ?? null, RetryCount: visit.retries },
  };
  const parent = visit.parent === null ? undefined : projection.visits[visit.parent];
  if (parent?.stateType === 'Map' && visit.iteration !== null && input !== undefined) {
    context.Map = { Item: { Index: visit.iteration } };
  }
  return context;
}

/** The workflow variables assigned by visits that exited before `visit` was entered, last assignment winning. */
function variablesBefore(projection: VisitProjection, visit: Visit): Map<string, Json> {
  const variables = new Map<string, Json>();
  for (const v of projection.visits) {
    if (v.exitedAt === null || v.exitedAt >= visit.enteredAt || v.assignedVariables === null) continue;
    for (const [k, text] of Object.entries(v.assignedVariables)) variables.set(k, parse(text) ?? null);
  }
  return variables;
}
