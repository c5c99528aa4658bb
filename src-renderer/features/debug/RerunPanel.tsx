import { useMemo, useState, useSyncExternalStore } from 'react';
import type { ExecutionId, ExecutionSummary, StartOutcome } from '@common/contract/api';
import type { Json } from '@common/json';
import type { HistoryEvent } from '@common/history/events';
import { visitsFromEvents, type VisitProjection } from '@common/history/visits';
import type { StateMachineDefinition } from '@common/asl/types';
import { parseDefinitionText } from '@common/asl/parseDefinition';
import { redrivePreview } from '@common/engine/redrive/resumeFromHistory';
import { mapRunToRedrive } from '@common/engine/redrive/mapRun';
import { redriveRefusal } from '@common/engine/redrive/redrivable';
import { countLabel } from '../../ui';
import { errorMessage, getClient } from '../../api';
import type { ExecutionStore } from '../executions';
import { MocksEditor, parseEditedMocks, type EditedMocks } from '../mocks';
import './debug.css';
import { redriveSummary } from './redriveSummary';

export { redriveSummary } from './redriveSummary';

/** Props of `RerunPanel`. */
export interface RerunPanelProps {
  store: ExecutionStore;
  executionId: ExecutionId;
  /** The new execution started here (a re-run, a fork or a redrive), to show it. */
  onStarted: (execution: ExecutionSummary) => void;
  /** The event at the inspector's cursor: "Re-run from this event" defaults to it until one is picked here. */
  cursorEventId?: number;
}

/** A history event's name for a list: "#12 TaskStateEntered · ChargeCard". */
function eventLabel(e: HistoryEvent): string {
  const details = Object.entries(e).find(([k]) => k.endsWith('EventDetails'))?.[1] as { name?: unknown } | undefined;
  return `#${e.id} ${e.type}${typeof details?.name === 'string' ? ` · ${details.name}` : ''}`;
}

/** JSON text made readable (indented); text that is not JSON is kept as it is. */
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * The input of the state a re-run from `event` resumes, as editable text: the input its visit was
 * entered with (whichever of the visit's events is chosen: entered, scheduled, failed…), or the
 * execution's input for an event of the execution itself.
 */
export function inputTextOf(events: readonly HistoryEvent[], projection: VisitProjection, event: HistoryEvent | undefined): string {
  if (event === undefined) return '{}';
  const position = events.indexOf(event);
  const visit = position < 0 ? undefined : projection.visits[projection.eventVisit[position]];
  if (visit?.input != null) return pretty(visit.input);
  const started = events.find((e) => e.type === 'ExecutionStarted')?.executionStartedEventDetails as { input?: unknown } | undefined;
  if (visit === undefined && typeof started?.input === 'string') return pretty(started.input);
  return '{}';
}

/** Above this many events, the event to re-run from is typed rather than picked from a list. */
const MAX_EVENT_OPTIONS = 500;

/**
 * Re-running a stopped execution (region "Re-run"): "Mocks from this execution" with its editor,
 * "Run with these mocks" (the same definition and input), "Re-run from this event" on a chosen
 * event (with a changed input, and the edited mocks when asked; the event at the inspector's
 * cursor until another is picked), and "Redrive" for a failed one, with what it will run again (redriveSummary).
 */
export function RerunPanel({ store, executionId, onStarted, cursorEventId }: RerunPanelProps) {
  const snapshot = useSyncExternalStore(store.subscribe, () => store.get(executionId));
  const status = snapshot.summary?.status ?? 'RUNNING';
  const events = snapshot.events;
  const projection = useMemo(() => visitsFromEvents(events), [events]);
  const [mocks, setMocks] = useState<EditedMocks | undefined>();
  const [eventId, setEventId] = useState<number | undefined>();
  const pick = (id: number) => {
    setEventId(id);
    setInputText(inputTextOf(events, projection, events.find((x) => x.id === id)));
  };
  const chosen = useMemo(
    () => events.find((e) => e.id === eventId) ?? events.find((e) => e.id === cursorEventId) ?? events[0],
    [events, eventId, cursorEventId],
  );
  const [changeInput, setChangeInput] = useState(false);
  const [inputText, setInputText] = useState('{}');
  const [useMocks, setUseMocks] = useState(true);
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  // The service's rule (engine/redrive/redrivable.ts): failed, timed out or aborted, after entering a state.
  const refusal = useMemo(() => redriveRefusal(events), [events]);
  // An attempt redriven since is no longer the execution's end: it is redriven from its latest attempt.
  const superseded = snapshot.detail?.latestAttempt !== undefined;
  const redrivable = (status === 'FAILED' || status === 'TIMED_OUT' || status === 'ABORTED') && refusal === undefined && !superseded;
  const definitionText = snapshot.detail?.definitionText;
  const { preview, distributedMap } = useMemo(() => {
    if (!redrivable || definitionText === undefined) return {};
    const parsed = parseDefinitionText(definitionText);
    if (!parsed.ok || parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) return {};
    try {
      const definition = parsed.value as unknown as StateMachineDefinition;
      return { preview: redrivePreview(definition, events), distributedMap: mapRunToRedrive(definition, events)?.state };
    } catch {
      // A definition that does not match its history: the summary stays generic.
      return {};
    }
  }, [redrivable, definitionText, events]);

  if (status === 'RUNNING') return null;

  const started = async (call: () => Promise<StartOutcome>) => {
    setProblem(undefined);
    setBusy(true);
    try {
      const outcome = await call();
      if (outcome.kind === 'invalid') setProblem(`The definition has ${countLabel(outcome.diagnostics.length, 'problem')}.`);
      else onStarted(outcome.execution);
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const editedMocks = () => {
    if (mocks === undefined || !useMocks) return undefined;
    const parsed = parseEditedMocks(mocks);
    if (!parsed.ok) throw new Error(parsed.problem);
    return parsed.mocks;
  };
  const runWithMocks = () =>
    void started(async () => {
      const detail = snapshot.detail ?? (await getClient()['executions.get']({ executionId }));
      const m = editedMocks();
      return getClient()['executions.start']({ definitionText: detail.definitionText, input: detail.input, ...(m ? { mocks: m } : {}), stateMachineName: detail.stateMachineName });
    });
  const fork = () =>
    void started(async () => {
      if (chosen === undefined) throw new Error('Choose an event first.');
      let input: Json | undefined;
      if (changeInput) {
        try {
          input = JSON.parse(inputText) as Json;
        } catch (e) {
          throw new Error(`The changed input is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      const m = editedMocks();
      return getClient()['executions.fork']({ executionId, eventId: chosen.id, ...(input !== undefined ? { input } : {}), ...(m ? { mocks: m } : {}) });
    });
  const redrive = () =>
    void started(async () => {
      const m = editedMocks();
      return getClient()['executions.redrive']({ executionId, ...(m ? { mocks: m } : {}) });
    });

  return (
    <section className="rerun" aria-labelledby="rerun-title">
      <h3 id="rerun-title">Re-run</h3>
      <MocksEditor executionId={executionId} value={mocks} onChange={setMocks} />
      {mocks !== undefined && (
        <p>
          <button type="button" onClick={runWithMocks} disabled={busy}>
            Run with these mocks
          </button>{' '}
          <label>
            <input type="checkbox" checked={useMocks} onChange={(e) => setUseMocks(e.target.checked)} /> Use these mocks to re-run from an event or redrive
          </label>
        </p>
      )}
      <label className="block">
        Event{' '}
        {events.length <= MAX_EVENT_OPTIONS ? (
          <select
            aria-label="Event to re-run from"
            value={chosen?.id ?? ''}
            onChange={(e) => pick(Number(e.target.value))}
          >
            {events.map((e) => (
              <option key={e.id} value={e.id}>
                {eventLabel(e)}
              </option>
            ))}
          </select>
        ) : (
          // A long history: a list of thousands of options costs seconds to render, so the event is typed.
          <>
            <input
              type="number"
              aria-label="Event to re-run from"
              min={events[0]?.id ?? 1}
              max={events[events.length - 1]?.id ?? 1}
              value={chosen?.id ?? ''}
              onChange={(e) => pick(Number(e.target.value))}
            />{' '}
            <span>{chosen ? eventLabel(chosen) : ''}</span>
          </>
        )}
      </label>
      <label>
        <input
          type="checkbox"
          checked={changeInput}
          onChange={(e) => {
            setChangeInput(e.target.checked);
            if (e.target.checked) setInputText(inputTextOf(events, projection, chosen));
          }}
        />{' '}
        Change the input of the state it resumes
      </label>
      {changeInput && <textarea aria-label="Resumed state input" className="code" rows={5} spellCheck={false} value={inputText} onChange={(e) => setInputText(e.target.value)} />}
      <p>
        <button type="button" className="primary" onClick={fork} disabled={busy || chosen === undefined}>
          Re-run from this event
        </button>{' '}
        {redrivable && (
          <button type="button" onClick={redrive} disabled={busy} aria-describedby="redrive-summary">
            Redrive
          </button>
        )}
      </p>
      {redrivable && (
        <p id="redrive-summary" className="muted">
          {redriveSummary(preview, distributedMap)}
        </p>
      )}
      {superseded && <p className="muted">This attempt was redriven since: the execution goes on from its latest attempt (the executions list shows it).</p>}
      {problem !== undefined && <p role="alert">{problem}</p>}
    </section>
  );
}
