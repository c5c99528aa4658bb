import { toExecutionArn, toStateMachineArn } from '../arn';
import { isJsonObject, jsonEquals, type Json, type JsonObject } from '../json';
import type { ExecutionStatus, HistoryEvent, HistoryEventType } from './events';
import { eventDetails, payloadText, summariseHistory, TERMINAL_EVENT_STATUS, timestampMs } from './historySummary';
import { definitionFromReconstruction, reconstructFromHistory } from './reconstruct';

/**
 * Reading executions recorded elsewhere: the output of `aws stepfunctions get-execution-history`
 * (one or several pages, in either order, with or without `--include-execution-data`),
 * `describe-execution` and `describe-state-machine` outputs, bare definitions, conformance cases
 * (test/fixtures/conformance) and Stepscope bundles. Pure: the caller reads the files and stores the
 * result. Every problem names the file it is in; a file set with any problem imports nothing.
 */

/** A problem found while importing, with the file (or other source) it is about. */
export interface ImportProblem {
  source: string;
  message: string;
}

/** DescribeExecution's fields that the import uses. Dates in epoch ms. */
export interface DescribedExecution {
  executionArn?: string;
  stateMachineArn?: string;
  name?: string;
  status?: string;
  startDate?: number;
  stopDate?: number;
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
}

/** Version of the bundle format written by `stepscope export --bundle`. */
export const BUNDLE_FORMAT_VERSION = 1;

/**
 * A self-contained execution: everything needed to show it and to run it again. `execution` has
 * DescribeExecution's shape (payloads as JSON text, dates as ISO text) plus Stepscope's run settings.
 */
export interface ExecutionBundle {
  stepscopeBundle: number;
  execution: {
    name: string;
    executionArn: string;
    stateMachineName: string;
    stateMachineArn: string;
    type: 'STANDARD' | 'EXPRESS';
    status: string;
    origin: 'local' | 'import';
    startDate: string | null;
    stopDate: string | null;
    input: string | null;
    output: string | null;
    error: string | null;
    cause: string | null;
    seed: number | null;
    testCase: string | null;
  };
  /** The definition as an ASL object. */
  definition: JsonObject;
  /** The definition's text as it was given (JSON or YAML), when kept. */
  definitionText: string | null;
  definitionFormat: 'json' | 'yaml';
  /** True when the definition was rebuilt from the history. */
  definitionReconstructed: boolean;
  mockConfig: Json | null;
  events: HistoryEvent[];
}

/** One input document, recognised by its content. */
export type ImportDocument =
  | { kind: 'historyPage'; source: string; events: HistoryEvent[]; nextToken: string | null }
  | { kind: 'describeExecution'; source: string; execution: DescribedExecution }
  | { kind: 'definition'; source: string; definition: JsonObject; text: string | null; format: 'json' | 'yaml' }
  | { kind: 'describeStateMachine'; source: string; name: string | null; arn: string | null; type: string | null; definition: JsonObject; text: string }
  | { kind: 'conformanceCase'; source: string; value: JsonObject }
  | { kind: 'bundle'; source: string; bundle: ExecutionBundle };

/** An execution ready to be stored. Payloads are JSON text; dates are epoch ms. */
export interface ImportedExecution {
  sources: string[];
  name: string;
  executionArn: string;
  stateMachineName: string;
  stateMachineArn: string;
  type: 'STANDARD' | 'EXPRESS';
  /** AWS's status, or INTERRUPTED for a local run whose process died (kept by bundles). */
  status: ExecutionStatus | 'INTERRUPTED';
  input: string | null;
  output: string | null;
  error: string | null;
  cause: string | null;
  startDate: number | null;
  stopDate: number | null;
  definition: { value: JsonObject; text: string; format: 'json' | 'yaml'; reconstructed: boolean };
  events: HistoryEvent[];
  mockConfig: Json | null;
  testCase: string | null;
  seed: number | null;
  origin: 'local' | 'import';
}

/** Result of reading or assembling: a value, or every problem found. */
export type ImportResult<T> = { ok: true; value: T } | { ok: false; problems: ImportProblem[] };

const MAX_PROBLEMS = 10;
const NAME_PATTERN = /[^A-Za-z0-9_-]/g;

/** A name AWS accepts for an execution or state machine (1-80 of letters, digits, - and _). */
export function toAwsName(text: string, fallback: string): string {
  const name = text.replace(NAME_PATTERN, '_').slice(0, 80);
  return name === '' ? fallback : name;
}

function isStringOrMissing(value: Json | undefined): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

function dateMs(value: Json | undefined): number | undefined {
  const ms = timestampMs(value);
  return ms === null ? undefined : ms;
}

function isDefinitionObject(value: JsonObject): boolean {
  return typeof value.StartAt === 'string' && isJsonObject(value.States);
}

/**
 * Recognises what a parsed file holds. `text` is the file's text (kept for definitions);
 * `format` is how it was written.
 */
export function classifyImportDocument(value: Json, source: string, text: string | null = null, format: 'json' | 'yaml' = 'json'): ImportResult<ImportDocument> {
  const fail = (message: string): ImportResult<ImportDocument> => ({ ok: false, problems: [{ source, message }] });
  if (Array.isArray(value)) {
    // A bare event list, as `stepscope run --history` writes it.
    const events = readEvents(value, source, '');
    return events.ok ? { ok: true, value: { kind: 'historyPage', source, events: events.value, nextToken: null } } : events;
  }
  if (!isJsonObject(value)) return fail('is not a JSON object: expected the output of get-execution-history, describe-execution or a definition');
  if (typeof value.stepscopeBundle === 'number') {
    const bundle = readBundle(value, source);
    return bundle.ok ? { ok: true, value: { kind: 'bundle', source, bundle: bundle.value } } : bundle;
  }
  if (Array.isArray(value.events)) {
    const events = readEvents(value.events, source, '/events');
    if (!events.ok) return events;
    const nextToken = typeof value.nextToken === 'string' && value.nextToken !== '' ? value.nextToken : null;
    return { ok: true, value: { kind: 'historyPage', source, events: events.value, nextToken } };
  }
  if ('events' in value) return fail('"events" is not a list of history events');
  if (isJsonObject(value.expected) && (isJsonObject(value.definition) || typeof value.definition === 'string') && 'input' in value) {
    return { ok: true, value: { kind: 'conformanceCase', source, value } };
  }
  if (typeof value.executionArn === 'string' && typeof value.status === 'string') {
    for (const key of ['stateMachineArn', 'name', 'input', 'output', 'error', 'cause'] as const) {
      if (!isStringOrMissing(value[key])) return fail(`describe-execution output has a "${key}" that is not text`);
    }
    const execution: DescribedExecution = {
      executionArn: value.executionArn,
      status: value.status,
      stateMachineArn: value.stateMachineArn as string | undefined,
      name: value.name as string | undefined,
      input: value.input as string | undefined,
      output: value.output as string | undefined,
      error: value.error as string | undefined,
      cause: value.cause as string | undefined,
      startDate: dateMs(value.startDate),
      stopDate: dateMs(value.stopDate),
    };
    return { ok: true, value: { kind: 'describeExecution', source, execution } };
  }
  if (typeof value.stateMachineArn === 'string' && typeof value.definition === 'string') {
    let definition: Json;
    try {
      definition = JSON.parse(value.definition) as Json;
    } catch {
      return fail('describe-state-machine output has a "definition" that is not JSON');
    }
    if (!isJsonObject(definition) || !isDefinitionObject(definition)) return fail('describe-state-machine output has a "definition" without StartAt and States');
    return {
      ok: true,
      value: {
        kind: 'describeStateMachine',
        source,
        name: typeof value.name === 'string' ? value.name : null,
        arn: value.stateMachineArn,
        type: typeof value.type === 'string' ? value.type : null,
        definition,
        text: value.definition,
      },
    };
  }
  if (isDefinitionObject(value)) return { ok: true, value: { kind: 'definition', source, definition: value, text, format } };
  return fail(
    'is not something Stepscope can import: expected the output of "aws stepfunctions get-execution-history" ' +
      '(an object with "events"), describe-execution, describe-state-machine, a definition (StartAt and States), ' +
      'a Stepscope bundle or a conformance case',
  );
}

/** Reads and checks the shape of a list of history events (without checking that ids chain). */
export function readEvents(list: Json[], source: string, pointer: string): ImportResult<HistoryEvent[]> {
  const problems: ImportProblem[] = [];
  const events: HistoryEvent[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const raw = list[i];
    const at = `${pointer}/${i}`;
    if (!isJsonObject(raw)) {
      problems.push({ source, message: `event at ${at} is not an object` });
    } else if (typeof raw.id !== 'number' || !Number.isSafeInteger(raw.id) || raw.id < 1) {
      problems.push({ source, message: `event at ${at} has no valid "id" (a positive integer): ${JSON.stringify(raw.id ?? null)}` });
    } else if (typeof raw.previousEventId !== 'number' || !Number.isSafeInteger(raw.previousEventId) || raw.previousEventId < 0) {
      problems.push({ source, message: `event ${raw.id} (at ${at}) has no valid "previousEventId": ${JSON.stringify(raw.previousEventId ?? null)}` });
    } else if (typeof raw.type !== 'string' || !/^[A-Z][A-Za-z]*$/.test(raw.type)) {
      problems.push({ source, message: `event ${raw.id} (at ${at}) has no valid "type"` });
    } else if (typeof raw.timestamp !== 'string' && typeof raw.timestamp !== 'number') {
      problems.push({ source, message: `event ${raw.id} (at ${at}) has no "timestamp"` });
    } else {
      // AWS's order: timestamp, type, id, previousEventId, then the details.
      const event: HistoryEvent = {
        timestamp: typeof raw.timestamp === 'number' ? new Date(Math.round(raw.timestamp * 1000)).toISOString() : raw.timestamp,
        type: raw.type as HistoryEventType,
        id: raw.id,
        previousEventId: raw.previousEventId,
      };
      for (const key in raw) {
        if (key !== 'timestamp' && key !== 'type' && key !== 'id' && key !== 'previousEventId') event[key] = raw[key];
      }
      events[i] = event;
    }
    if (problems.length >= MAX_PROBLEMS) break;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: events };
}

/**
 * Joins history pages into one history in id order and checks that it chains: ids 1..n with none
 * missing or repeated, every previousEventId lower than its id, ExecutionStarted first and only
 * once, and no missing last page.
 */
export function assembleHistory(pages: readonly { source: string; events: readonly HistoryEvent[]; nextToken?: string | null }[]): ImportResult<HistoryEvent[]> {
  const problems: ImportProblem[] = [];
  const all: { event: HistoryEvent; source: string }[] = [];
  for (const page of pages) for (const event of page.events) all.push({ event, source: page.source });
  const sources = [...new Set(pages.map((p) => p.source))];
  const allSources = sources.join(', ') || '(no files)';
  if (all.length === 0) return { ok: false, problems: [{ source: allSources, message: 'the history has no events' }] };
  // Pages may come in either order (--reverse-order) and events within them too.
  let sorted = true;
  for (let i = 1; i < all.length; i++) if (all[i].event.id <= all[i - 1].event.id) sorted = false;
  if (!sorted) all.sort((a, b) => a.event.id - b.event.id);
  const events: HistoryEvent[] = [];
  for (let i = 0; i < all.length && problems.length < MAX_PROBLEMS; i++) {
    const { event, source } = all[i];
    const expected = events.length + 1;
    if (event.id < expected) {
      const first = all[i - 1];
      if (!jsonEquals(first.event as unknown as Json, event as unknown as Json)) {
        problems.push({ source, message: `event ${event.id} appears twice, with different contents${first.source !== source ? ` (also in ${first.source})` : ''}` });
      }
      continue;
    }
    if (event.id > expected) {
      problems.push({
        source,
        message:
          expected === 1
            ? `the history starts at event ${event.id}: events 1 to ${event.id - 1} are missing (a page of the history was not given?)`
            : `events ${expected} to ${event.id - 1} are missing: the event ids do not chain (a page of the history was not given?)`,
      });
      break;
    }
    if (event.previousEventId >= event.id) {
      problems.push({ source, message: `event ${event.id} has previousEventId ${event.previousEventId}, which is not an earlier event: the event ids do not chain` });
    }
    if (event.id === 1 && event.type !== 'ExecutionStarted') {
      problems.push({ source, message: `the first event is ${event.type}, not ExecutionStarted` });
    } else if (event.id !== 1 && event.type === 'ExecutionStarted') {
      problems.push({ source, message: `event ${event.id} is a second ExecutionStarted: these files hold more than one execution; import them one at a time` });
    }
    events.push(event);
  }
  if (problems.length === 0) {
    const last = events[events.length - 1];
    const finished = TERMINAL_EVENT_STATUS[last.type] !== undefined;
    const withToken = pages.filter((p) => p.nextToken);
    if (!finished && withToken.length > 0) {
      problems.push({
        source: withToken.map((p) => p.source).join(', '),
        message: `the history ends at event ${last.id} without the execution's outcome, and a page has a nextToken: a later page is missing`,
      });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: events };
}

interface DefinitionStateInfo {
  type: string;
}

function collectStates(definition: JsonObject, into: Map<string, DefinitionStateInfo[]>): void {
  const states = definition.States;
  if (!isJsonObject(states)) return;
  for (const [name, state] of Object.entries(states)) {
    if (!isJsonObject(state)) continue;
    const list = into.get(name) ?? [];
    list.push({ type: String(state.Type) });
    into.set(name, list);
    if (Array.isArray(state.Branches)) for (const b of state.Branches) if (isJsonObject(b)) collectStates(b, into);
    for (const key of ['ItemProcessor', 'Iterator'] as const) {
      const inner = state[key];
      if (isJsonObject(inner)) collectStates(inner, into);
    }
  }
}

/**
 * Checks that a definition could have produced a history: every state the history enters exists
 * in the definition with the type the event names, and the first state entered is StartAt.
 * Returns one message per problem (empty when they match).
 */
export function checkDefinitionMatchesHistory(definition: JsonObject, events: readonly HistoryEvent[]): string[] {
  const states = new Map<string, DefinitionStateInfo[]>();
  collectStates(definition, states);
  const problems: string[] = [];
  let first = true;
  for (const event of events) {
    if (!event.type.endsWith('StateEntered')) continue;
    const name = eventDetails(event)?.name;
    if (typeof name !== 'string') continue;
    const type = event.type.slice(0, -'StateEntered'.length);
    if (first) {
      first = false;
      if (typeof definition.StartAt === 'string' && definition.StartAt !== name) {
        problems.push(`event ${event.id} enters "${name}" first, but the definition starts at "${definition.StartAt}"`);
      }
    }
    const found = states.get(name);
    if (!found) problems.push(`event ${event.id} (${event.type}) enters state "${name}", which the definition does not have`);
    else if (!found.some((s) => s.type === type)) {
      problems.push(`event ${event.id} enters "${name}" as a ${type} state, but in the definition it is a ${found[0].type} state`);
    }
    if (problems.length >= MAX_PROBLEMS) break;
  }
  return problems;
}

function nameFromArn(arn: string | undefined | null, kind: 'execution' | 'stateMachine'): string | undefined {
  if (!arn) return undefined;
  const parts = arn.split(':');
  // arn:aws:states:region:account:execution:<machine>:<name> / stateMachine:<name>
  if (kind === 'execution' && parts[5] === 'execution' && parts.length >= 8) return parts[7];
  if (kind === 'stateMachine' && parts[5] === 'stateMachine' && parts.length >= 7) return parts[6];
  if (kind === 'stateMachine' && parts[5] === 'execution' && parts.length >= 7) return parts[6];
  return undefined;
}

/** Options of {@link assembleImport}. */
export interface AssembleOptions {
  /** Execution name when no describe-execution output gives one (default: from the first file name). */
  name?: string;
  /** State machine name when no ARN gives one. */
  stateMachineName?: string;
}

function baseName(source: string): string {
  const file = source.split(/[\\/]/).pop() ?? source;
  return file.replace(/\.(json|ya?ml)$/i, '');
}

/**
 * Builds one execution from history pages plus, optionally, a describe-execution output and a
 * definition (bare or from describe-state-machine). Without a definition, one is reconstructed
 * from the events. Bundles and conformance cases are imported with {@link executionFromDocument}.
 */
export function assembleImport(documents: readonly ImportDocument[], options: AssembleOptions = {}): ImportResult<ImportedExecution> {
  const problems: ImportProblem[] = [];
  const pages = documents.filter((d): d is Extract<ImportDocument, { kind: 'historyPage' }> => d.kind === 'historyPage');
  const describes = documents.filter((d): d is Extract<ImportDocument, { kind: 'describeExecution' }> => d.kind === 'describeExecution');
  const definitions = documents.filter(
    (d): d is Extract<ImportDocument, { kind: 'definition' | 'describeStateMachine' }> => d.kind === 'definition' || d.kind === 'describeStateMachine',
  );
  const sources = documents.map((d) => d.source);
  for (const d of documents) {
    if (d.kind === 'bundle' || d.kind === 'conformanceCase') problems.push({ source: d.source, message: 'a bundle or conformance case is imported on its own' });
  }
  if (pages.length === 0) problems.push({ source: sources.join(', ') || '(no files)', message: 'no history was given (the output of "aws stepfunctions get-execution-history")' });
  if (describes.length > 1) problems.push({ source: describes.map((d) => d.source).join(', '), message: 'more than one describe-execution output was given for one history' });
  if (definitions.length > 1) problems.push({ source: definitions.map((d) => d.source).join(', '), message: 'more than one definition was given for one history' });
  if (problems.length > 0) return { ok: false, problems };
  const history = assembleHistory(pages);
  if (!history.ok) return history;
  const events = history.value;
  const summary = summariseHistory(events);
  const describe = describes[0]?.execution;
  const pageSources = pages.map((p) => p.source).join(', ');
  if (describe?.status !== undefined && describe.status !== summary.status && !(describe.status === 'PENDING_REDRIVE' && summary.status === 'FAILED')) {
    const lastType = events[events.length - 1].type;
    problems.push({
      source: describes[0].source,
      message:
        summary.status === 'RUNNING'
          ? `describe-execution says ${describe.status}, but the history ends at event ${events.length} (${lastType}) without the outcome: a page of the history is missing`
          : `describe-execution says ${describe.status}, but the history (${pageSources}) ends with ${lastType}: they are not the same execution`,
    });
  }
  const definitionDoc = definitions[0];
  if (definitionDoc) {
    const mismatch = checkDefinitionMatchesHistory(definitionDoc.definition, events);
    for (const m of mismatch) problems.push({ source: definitionDoc.source, message: `the definition does not match the history: ${m}` });
  }
  if (problems.length > 0) return { ok: false, problems };

  const machineName =
    (definitionDoc?.kind === 'describeStateMachine' ? definitionDoc.name ?? undefined : undefined) ??
    nameFromArn(describe?.stateMachineArn, 'stateMachine') ??
    nameFromArn(describe?.executionArn, 'stateMachine') ??
    options.stateMachineName ??
    (definitionDoc ? toAwsName(baseName(definitionDoc.source), 'Imported') : 'Imported');
  const name = describe?.name ?? nameFromArn(describe?.executionArn, 'execution') ?? options.name ?? toAwsName(baseName(pages[0].source), 'imported');
  const machineArn = describe?.stateMachineArn ?? (definitionDoc?.kind === 'describeStateMachine' ? definitionDoc.arn ?? undefined : undefined) ?? toStateMachineArn(machineName);
  const definition = definitionDoc
    ? {
        value: definitionDoc.definition,
        text: definitionDoc.kind === 'definition' ? definitionDoc.text ?? JSON.stringify(definitionDoc.definition, null, 2) : definitionDoc.text,
        format: definitionDoc.kind === 'definition' ? definitionDoc.format : ('json' as const),
        reconstructed: false,
      }
    : reconstructedDefinition(events);
  const type = definitionDoc?.kind === 'describeStateMachine' && definitionDoc.type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';
  return {
    ok: true,
    value: {
      sources,
      name,
      executionArn: describe?.executionArn ?? toExecutionArn(machineName, name),
      stateMachineName: machineName,
      stateMachineArn: machineArn,
      type,
      status: summary.status,
      input: summary.input ?? describe?.input ?? null,
      output: summary.output ?? describe?.output ?? null,
      error: summary.error ?? describe?.error ?? null,
      cause: summary.cause ?? describe?.cause ?? null,
      startDate: describe?.startDate ?? summary.startDate,
      stopDate: describe?.stopDate ?? summary.stopDate,
      definition,
      events,
      mockConfig: null,
      testCase: null,
      seed: null,
      origin: 'import',
    },
  };
}

function reconstructedDefinition(events: readonly HistoryEvent[]): ImportedExecution['definition'] {
  const value = definitionFromReconstruction(reconstructFromHistory(events));
  return { value, text: JSON.stringify(value, null, 2), format: 'json', reconstructed: true };
}

function readBundle(value: JsonObject, source: string): ImportResult<ExecutionBundle> {
  const fail = (message: string): ImportResult<ExecutionBundle> => ({ ok: false, problems: [{ source, message: `not a valid Stepscope bundle: ${message}` }] });
  if (value.stepscopeBundle !== BUNDLE_FORMAT_VERSION) return fail(`format version ${String(value.stepscopeBundle)} is not supported (this Stepscope reads version ${BUNDLE_FORMAT_VERSION})`);
  const ex = value.execution;
  if (!isJsonObject(ex)) return fail('"execution" is missing');
  for (const key of ['name', 'executionArn', 'stateMachineName', 'stateMachineArn', 'status'] as const) {
    if (typeof ex[key] !== 'string') return fail(`"execution.${key}" is missing`);
  }
  if (!isJsonObject(value.definition) || !isDefinitionObject(value.definition)) return fail('"definition" is missing or has no StartAt and States');
  if (!Array.isArray(value.events)) return fail('"events" is missing');
  const events = readEvents(value.events, source, '/events');
  if (!events.ok) return events;
  const text = (v: Json | undefined) => (typeof v === 'string' ? v : null);
  return {
    ok: true,
    value: {
      stepscopeBundle: BUNDLE_FORMAT_VERSION,
      execution: {
        name: ex.name as string,
        executionArn: ex.executionArn as string,
        stateMachineName: ex.stateMachineName as string,
        stateMachineArn: ex.stateMachineArn as string,
        type: ex.type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
        status: ex.status as string,
        origin: ex.origin === 'local' ? 'local' : 'import',
        startDate: text(ex.startDate),
        stopDate: text(ex.stopDate),
        input: text(ex.input),
        output: text(ex.output),
        error: text(ex.error),
        cause: text(ex.cause),
        seed: typeof ex.seed === 'number' ? ex.seed : null,
        testCase: text(ex.testCase),
      },
      definition: value.definition,
      definitionText: text(value.definitionText),
      definitionFormat: value.definitionFormat === 'yaml' ? 'yaml' : 'json',
      definitionReconstructed: value.definitionReconstructed === true,
      mockConfig: value.mockConfig ?? null,
      events: events.value,
    },
  };
}

const STATUSES: readonly string[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];

/** Builds the execution of a self-contained document: a Stepscope bundle or a conformance case. */
export function executionFromDocument(document: Extract<ImportDocument, { kind: 'bundle' | 'conformanceCase' }>): ImportResult<ImportedExecution> {
  const source = document.source;
  if (document.kind === 'bundle') {
    const b = document.bundle;
    const history = assembleHistory([{ source, events: b.events }]);
    if (!history.ok) return history;
    const summary = summariseHistory(history.value);
    const ms = (t: string | null) => (t === null ? null : timestampMs(t));
    return {
      ok: true,
      value: {
        sources: [source],
        name: b.execution.name,
        executionArn: b.execution.executionArn,
        stateMachineName: b.execution.stateMachineName,
        stateMachineArn: b.execution.stateMachineArn,
        type: b.execution.type,
        // A bundle of an interrupted run keeps its status; others follow the history.
        status: STATUSES.includes(b.execution.status) ? summary.status : (b.execution.status as 'INTERRUPTED'),
        input: b.execution.input,
        output: b.execution.output,
        error: b.execution.error,
        cause: b.execution.cause,
        startDate: ms(b.execution.startDate),
        stopDate: ms(b.execution.stopDate),
        definition: {
          value: b.definition,
          text: b.definitionText ?? JSON.stringify(b.definition, null, 2),
          format: b.definitionText === null ? 'json' : b.definitionFormat,
          reconstructed: b.definitionReconstructed,
        },
        events: history.value,
        mockConfig: b.mockConfig,
        testCase: b.execution.testCase,
        seed: b.execution.seed,
        origin: b.execution.origin,
      },
    };
  }
  const c = document.value;
  const expected = c.expected as JsonObject;
  if (!Array.isArray(expected.history)) {
    return { ok: false, problems: [{ source, message: 'the conformance case has no history (expected.history): AWS recorded only its outcome' }] };
  }
  if (typeof expected.historyNormalisation === 'string') {
    return {
      ok: false,
      problems: [{ source, message: `the case's history was rewritten by the recording (historyNormalisation: ${expected.historyNormalisation}): its event ids do not chain` }],
    };
  }
  const read = readEvents(expected.history, source, '/expected/history');
  if (!read.ok) return read;
  const history = assembleHistory([{ source, events: read.value }]);
  if (!history.ok) return history;
  const events = history.value;
  let definition: ImportedExecution['definition'];
  if (isJsonObject(c.definition) && isDefinitionObject(c.definition)) {
    const mismatch = checkDefinitionMatchesHistory(c.definition, events);
    if (mismatch.length > 0) return { ok: false, problems: mismatch.map((m) => ({ source, message: `the definition does not match the history: ${m}` })) };
    definition = { value: c.definition, text: JSON.stringify(c.definition, null, 2), format: 'json', reconstructed: false };
  } else definition = reconstructedDefinition(events);
  const summary = summariseHistory(events);
  const id = typeof c.id === 'string' ? c.id : baseName(source);
  const machineName = toAwsName(id.replace(/\//g, '__'), 'Case');
  const name = 'Recorded';
  return {
    ok: true,
    value: {
      sources: [source],
      name,
      executionArn: toExecutionArn(machineName, name),
      stateMachineName: machineName,
      stateMachineArn: toStateMachineArn(machineName),
      type: 'STANDARD',
      status: summary.status,
      input: summary.input ?? payloadText(c.input),
      output: summary.output,
      error: summary.error,
      cause: summary.cause,
      startDate: summary.startDate,
      stopDate: summary.stopDate,
      definition,
      events,
      mockConfig: c.mockConfig ?? null,
      testCase: c.mockConfig ? 'Recorded' : null,
      seed: null,
      origin: 'import',
    },
  };
}
