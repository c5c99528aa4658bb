import type { State, StateMachineDefinition } from '../asl/types';
import { mocksFromExecution } from '../debug/mocksFromExecution';
import { runExecution } from '../engine/interpreter';
import { InvalidExecutionInputError } from '../engine/executionInput';
import type { RunResult } from '../engine/run';
import type { HistoryEvent } from '../history/events';
import { visitsFromEvents, type Visit } from '../history/visits';
import { parseJsonText, type Json } from '../json';
import { assembleHistory, executionFromDocument, type ImportDocument } from '../history/historyImport';
import { summariseHistory } from '../history/historySummary';
import { matchValue } from '../conformance/matchValue';
import { parseMockConfig } from '../mocks/mockConfig';
import { createMockInvoker, MOCK_NOT_FOUND_ERROR } from '../mocks/mockInvoker';

/**
 * Replay divergence: re-runs a recorded execution (local, or imported from AWS) under an edited
 * definition, its Task answers taken from the recording ("mocks from this execution",
 * debug/mocksFromExecution.ts), and says whether it still takes the recorded path and ends with
 * the recorded status and output — or names the first recorded event where it goes elsewhere and
 * why. The path is compared scope by scope (the execution, each Parallel branch, each Map
 * iteration), state entry by state entry, so branches that interleave differently (an AWS
 * recording next to a local run) are not a divergence.
 */

/** A recorded execution to replay. */
export interface RecordedExecution {
  events: readonly HistoryEvent[];
  input: Json;
  status: string;
  output?: Json;
  error?: string | null;
  cause?: string | null;
}

/** Where and why a replay leaves the recording. */
export interface ReplayDivergence {
  kind: 'path' | 'status' | 'output' | 'input';
  /** The recorded event it is about (id in the recording); undefined when the recording has none there. */
  eventId?: number;
  /** The replay's event there. */
  replayEventId?: number;
  /** Where: `the execution`, `Fan › branch Two`, `Items[3]`. */
  scope: string;
  message: string;
}

/** What `replayExecution` finds. */
export interface ReplayResult {
  diverged: boolean;
  divergence?: ReplayDivergence;
  /** Top-level states entered by the recording and by the replay. */
  recordedPath: string[];
  replayPath: string[];
  replay: RunResult;
}

/** The scope of a visit: its path without its own state (`Fan › branch Two`), '' at the top level. */
function scopeOf(v: Visit): string {
  const i = v.path.lastIndexOf(' › ');
  return i < 0 ? '' : v.path.slice(0, i);
}

function byScope(visits: readonly Visit[]): Map<string, Visit[]> {
  const m = new Map<string, Visit[]>();
  for (const v of visits) {
    const k = scopeOf(v);
    const list = m.get(k) ?? [];
    list.push(v);
    m.set(k, list);
  }
  return m;
}

function findState(definition: StateMachineDefinition, name: string, depth = 0): State | undefined {
  if (depth > 50) return undefined;
  const own = definition.States?.[name];
  if (own) return own;
  for (const s of Object.values(definition.States ?? {})) {
    const inner =
      s.Type === 'Parallel' ? s.Branches.map((b) => findState(b, name, depth + 1)).find((x) => x) : s.Type === 'Map' && (s.ItemProcessor ?? s.Iterator) ? findState((s.ItemProcessor ?? s.Iterator)!, name, depth + 1) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

/** Why the edited definition went from `prev` to `actual` instead of `expected`. */
function why(definition: StateMachineDefinition, prev: Visit | undefined, prevReplay: Visit | undefined, replay: RunResult): string {
  if (prev === undefined) return `the edited definition starts at "${definition.StartAt}"`;
  const state = findState(definition, prev.state);
  if (state === undefined) return `"${prev.state}" is not in the edited definition`;
  if (prevReplay?.error && prevReplay.status !== 'succeeded') {
    const e = prevReplay.error;
    if (e.error === MOCK_NOT_FOUND_ERROR) return `"${prev.state}" was invoked more times than the recording answered (${e.cause ?? ''})`;
    return `"${prev.state}" failed with ${e.error ?? 'an error'}${e.cause ? `: ${e.cause}` : ''}${prevReplay.status === 'caught' ? ' and a Catcher took it elsewhere' : ''}`;
  }
  if (state.Type === 'Choice') return `the Choice "${prev.state}" picks another branch in the edited definition`;
  if ('Next' in state && typeof state.Next === 'string') return `"${prev.state}" now has Next "${state.Next}"`;
  if ('End' in state && state.End === true) return `"${prev.state}" now ends its branch (End: true)`;
  return `"${prev.state}" (${state.Type}) now leads elsewhere${replay.error ? ` (the replay ended ${replay.status}: ${replay.error})` : ''}`;
}

/** Re-runs `recorded` under `definition` and compares (see the file comment). */
export async function replayExecution(recorded: RecordedExecution, definition: StateMachineDefinition, options: { stateMachineName?: string } = {}): Promise<ReplayResult> {
  const machine = options.stateMachineName ?? 'Replay';
  const mocks = mocksFromExecution(recorded.events, { stateMachineName: machine, testCaseName: 'Recorded' });
  const parsed = parseMockConfig(mocks.config);
  if (!parsed.ok) throw new Error(`the recording's Task answers do not make a mock config: ${parsed.diagnostics.map((d) => d.message).join('; ')}`);
  const invoker = createMockInvoker(parsed.config, { stateMachine: machine, testCase: 'Recorded', extras: mocks.extras });
  let replay: RunResult;
  try {
    replay = await runExecution({ definition, input: recorded.input, invoker, seed: 0, stateMachineName: machine });
  } catch (error) {
    if (!(error instanceof InvalidExecutionInputError)) throw error;
    const empty: RunResult = { status: 'FAILED', events: [], startDate: 0, stopDate: 0, executionArn: '' };
    return { diverged: true, divergence: { kind: 'input', scope: 'the execution', message: `the recorded input is refused: ${error.message}` }, recordedPath: [], replayPath: [], replay: empty };
  }

  const left = visitsFromEvents(recorded.events).visits;
  const right = visitsFromEvents(replay.events).visits;
  const recordedPath = left.filter((v) => v.parent === null).map((v) => v.state);
  const replayPath = right.filter((v) => v.parent === null).map((v) => v.state);
  const idOf = (events: readonly HistoryEvent[], position: number | null) => (position === null || position < 0 ? undefined : events[position]?.id);

  // Path: each scope's state entries in order; the first divergence is the earliest in the recording.
  const l = byScope(left);
  const r = byScope(right);
  let first: { at: number; divergence: ReplayDivergence } | undefined;
  for (const [scope, lv] of l) {
    const rv = r.get(scope) ?? [];
    const n = Math.min(lv.length, rv.length);
    let k = 0;
    while (k < n && lv[k].state === rv[k].state) k++;
    if (k === lv.length && k === rv.length) continue;
    const where = scope === '' ? 'the execution' : scope;
    const prev = k > 0 ? lv[k - 1] : undefined;
    const prevReplay = k > 0 ? rv[k - 1] : undefined;
    let d: ReplayDivergence;
    let at: number;
    if (k < lv.length) {
      at = lv[k].enteredAt;
      const instead = k < rv.length ? `enters "${rv[k].state}"` : `enters no state (it ended ${replay.status}${replay.error ? `: ${replay.error}` : ''})`;
      d = {
        kind: 'path',
        eventId: idOf(recorded.events, lv[k].enteredAt),
        ...(k < rv.length ? { replayEventId: idOf(replay.events, rv[k].enteredAt) } : {}),
        scope: where,
        message: `the recording entered "${lv[k].state}"${prev ? ` after "${prev.state}"` : ''}; the edited definition ${instead}: ${why(definition, prev, prevReplay, replay)}`,
      };
    } else {
      at = prev?.endedAt ?? prev?.enteredAt ?? 0;
      d = {
        kind: 'path',
        eventId: idOf(recorded.events, at),
        replayEventId: idOf(replay.events, rv[k].enteredAt),
        scope: where,
        message: `the recording ended ${where === 'the execution' ? 'the execution' : 'this branch'} after "${prev?.state ?? '(start)'}"; the edited definition goes on to "${rv[k].state}": ${why(definition, prev, prevReplay, replay)}`,
      };
    }
    if (first === undefined || at < first.at) first = { at, divergence: d };
  }
  for (const [scope, rv] of r) {
    if (l.has(scope) || rv.length === 0) continue;
    const at = Number.MAX_SAFE_INTEGER;
    const d: ReplayDivergence = { kind: 'path', replayEventId: idOf(replay.events, rv[0].enteredAt), scope, message: `the edited definition runs ${scope}, which the recording never ran (it enters "${rv[0].state}")` };
    if (first === undefined) first = { at, divergence: d };
  }
  if (first) return { diverged: true, divergence: first.divergence, recordedPath, replayPath, replay };

  const endId = recorded.events.length > 0 ? recorded.events[recorded.events.length - 1].id : undefined;
  const replayEnd = replay.events.length > 0 ? replay.events[replay.events.length - 1].id : undefined;
  const ends = { ...(endId !== undefined ? { eventId: endId } : {}), ...(replayEnd !== undefined ? { replayEventId: replayEnd } : {}), scope: 'the execution' };
  if (recorded.status !== replay.status || (recorded.status !== 'SUCCEEDED' && (recorded.error ?? undefined) !== replay.error)) {
    return {
      diverged: true,
      divergence: {
        kind: 'status',
        ...ends,
        message: `the recording ended ${recorded.status}${recorded.error ? ` (${recorded.error})` : ''}; the replay ends ${replay.status}${replay.error ? ` (${replay.error}${replay.cause ? `: ${replay.cause}` : ''})` : ''}`,
      },
      recordedPath,
      replayPath,
      replay,
    };
  }
  if (recorded.status === 'SUCCEEDED' && recorded.output !== undefined && matchValue(recorded.output, replay.output ?? null, { jsonText: true }) !== undefined) {
    return {
      diverged: true,
      divergence: { kind: 'output', ...ends, message: `same path, but the output differs: recorded ${JSON.stringify(recorded.output)}, replay ${JSON.stringify(replay.output ?? null)}` },
      recordedPath,
      replayPath,
      replay,
    };
  }
  return { diverged: false, recordedPath, replayPath, replay };
}

/** A payload recorded as JSON text or already parsed, as a value. */
function recordedPayload(value: string | null | undefined): Json | undefined {
  return value === null || value === undefined ? undefined : parseJsonText(value);
}

/**
 * The recorded execution in an imported document: a history page (get-execution-history output
 * or a bare event list), a Stepscope bundle or a conformance case. A describe-execution output or
 * a definition holds no history: the message says so.
 */
export function recordedFromDocument(doc: ImportDocument): { ok: true; recorded: RecordedExecution } | { ok: false; message: string } {
  let events: readonly HistoryEvent[];
  if (doc.kind === 'historyPage') {
    if (doc.nextToken !== null) return { ok: false, message: 'the history has more pages (nextToken): export the whole history into one file' };
    const assembled = assembleHistory([{ source: doc.source, events: doc.events }]);
    if (!assembled.ok) return { ok: false, message: assembled.problems.map((p) => p.message).join('; ') };
    events = assembled.value;
  } else if (doc.kind === 'bundle' || doc.kind === 'conformanceCase') {
    const execution = executionFromDocument(doc);
    if (!execution.ok) return { ok: false, message: execution.problems.map((p) => p.message).join('; ') };
    events = execution.value.events;
  } else return { ok: false, message: `it holds ${doc.kind === 'describeExecution' ? 'a describe-execution output' : 'a definition'}, not an execution's history` };
  const summary = summariseHistory(events);
  if (summary.status === 'RUNNING' || summary.status === 'PENDING_REDRIVE') return { ok: false, message: 'the recorded execution has not ended: only an ended execution can be replayed' };
  if (summary.input === null) return { ok: false, message: 'the history has no execution input (ExecutionStarted without input)' };
  const output = recordedPayload(summary.output);
  return {
    ok: true,
    recorded: { events, input: recordedPayload(summary.input) ?? null, status: summary.status, ...(output !== undefined ? { output } : {}), error: summary.error, cause: summary.cause },
  };
}
