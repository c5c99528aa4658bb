import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useActorRef, useSelector } from '@xstate/react';
import type { ExecutionId, ExecutionSummary, StoredExecutionStatus } from '@common/contract/api';
import type { HistoryEvent } from '@common/history/events';
import { dataflowSteps, explainJsonataChoiceVisit, type ChoiceInspection } from '@common/debug/dataflowSteps';
import { createVisitsCache, visitAtCursor } from '@common/history/visits';
import { visitsAtCursor } from '@common/history/visitsAtCursor';
import { EventsView, errorPositions, toEventColumns } from '../events';
import { GraphView } from '../graph';
import { PlayerBar, playerMachine, useReplayKeyboard } from '../replay';
import { TimelineView } from '../timeline';
import { Fill, useSlotFilled } from '../../ui';
import { DataflowView } from './DataflowView';
import { StateTable } from './StateTable';
import { VariablesView } from './VariablesView';
import { executionIoAt } from './executionIo';
import { onInspectorSelection, visitInBranch } from './selectionRequests';
import { readViewDefinition, rebuildDefinition } from './definitionForView';
import './inspector.css';

/** Props of `Inspector`. */
export interface InspectorProps {
  /** The execution's definition (JSON or YAML text); null or empty when it is unknown (an imported history). */
  definitionText: string | null;
  /** The execution's events in id order; may grow while it runs. */
  events: readonly HistoryEvent[];
  /** Called with the id of the event at the player's cursor whenever it moves (undefined: no events). */
  onCursorEvent?: (eventId: number | undefined) => void;
  /** States with an enabled "before" breakpoint, and how the graph toggles one (absent: no breakpoint toggles). */
  breakpoints?: ReadonlySet<string>;
  /** Where the debugger has stopped, by state (see GraphView). */
  paused?: ReadonlyMap<string, 'before' | 'after' | 'error'>;
  onToggleBreakpoint?: (state: string) => void;
  /** The stored execution shown, and its status: a Distributed Map visit lists its child executions. */
  executionId?: ExecutionId;
  executionStatus?: StoredExecutionStatus;
  /** The history's timestamps are real times (imported from AWS): the timeline starts on the time axis. */
  realTime?: boolean;
  /** Opens another stored execution (a Map Run's child); without it the children are listed only. */
  onOpenExecution?: (execution: ExecutionSummary) => void;
}

/**
 * The execution inspector: replay player (region "Timeline"), graph ("Graph"), data flow of the
 * selected visit ("Inspector") and event table ("Events"). Every view is a function of the
 * definition and the events up to the player's cursor, so a local run and an imported AWS history
 * look and behave the same. Selecting a state (graph click, event row) selects its visits everywhere.
 */
export function Inspector({ definitionText, events, onCursorEvent, breakpoints, paused, onToggleBreakpoint, executionId, executionStatus, onOpenExecution, realTime }: InspectorProps) {
  const read = useMemo(() => readViewDefinition(definitionText), [definitionText]);
  // A live execution's events grow by appending: only the new ones are projected.
  const [projectVisits] = useState(createVisitsCache);
  const projection = useMemo(() => projectVisits(events), [events, projectVisits]);
  const columns = useMemo(() => toEventColumns(events, projection), [events, projection]);
  const errors = useMemo(() => errorPositions(columns), [columns]);
  const player = useActorRef(playerMachine, { input: { length: events.length, errors } });
  useEffect(() => {
    player.send({ type: 'load', length: events.length, errors });
  }, [player, events.length, errors]);
  useReplayKeyboard(player);
  const cursor = useSelector(player, (s) => s.context.cursor);
  const cursorEventId = events[cursor]?.id;
  useEffect(() => {
    onCursorEvent?.(cursorEventId);
  }, [onCursorEvent, cursorEventId]);

  const [selected, setSelected] = useState<string | null>(null);
  const [pinnedVisit, setPinnedVisit] = useState<number | null>(null);
  // "Previous/Next visit" of the player move between the selected state's visits.
  useEffect(() => {
    const positions = selected === null ? [] : projection.visits.filter((v) => v.state === selected).map((v) => v.enteredAt);
    player.send({ type: 'selectVisits', state: selected, positions });
  }, [player, projection, selected]);

  // A known definition keeps its layout while events arrive; only a graph rebuilt from the events follows them.
  const rebuilt = useMemo(() => (read.definition ? null : rebuildDefinition(events)), [read, events]);
  const graphDefinition = read.definition ?? rebuilt;
  const dataflowDefinition = read.reconstructed ? null : read.definition;

  const describe = useCallback(
    (position: number) => {
      const e = events[position];
      if (!e) return '';
      const state = columns.states[position];
      return `#${String(e.id)} ${e.type}${state ? ` · ${state}` : ''}`;
    },
    [events, columns],
  );

  // The inspector shows the history as it was at the cursor: cut from the whole projection, not recomputed.
  const prefix = useMemo(() => visitsAtCursor(projection, cursor), [projection, cursor]);
  const shownVisit = useMemo(() => {
    if (pinnedVisit !== null && pinnedVisit < prefix.visits.length && (selected === null || prefix.visits[pinnedVisit].state === selected)) return prefix.visits[pinnedVisit];
    if (selected !== null) return visitAtCursor(prefix, selected, cursor);
    // Nothing selected: follow the visit of the event at the cursor.
    const at = prefix.eventVisit[cursor];
    return at !== undefined && at >= 0 ? prefix.visits[at] : undefined;
  }, [prefix, pinnedVisit, selected, cursor]);
  const shownEvents = useMemo(() => events.slice(0, cursor + 1), [events, cursor]);
  const baseReport = useMemo(
    () => (shownVisit && shownVisit.enteredAt <= cursor ? dataflowSteps(dataflowDefinition, shownEvents, prefix, shownVisit.index) : null),
    [shownVisit, dataflowDefinition, shownEvents, prefix, cursor],
  );
  // A JSONata Choice's Conditions are evaluated asynchronously (the engine's evaluator); the
  // report is then rebuilt with the result, which also tells whose Output and Assign applied.
  // Keyed by content, so that a cursor move that leaves the Choice's request alone does not evaluate it again.
  const [resolved, setResolved] = useState<{ key: string; done: ChoiceInspection } | null>(null);
  const pendingChoice = baseReport?.choice?.kind === 'pending' ? baseReport.choice : undefined;
  const pendingKey = useMemo(() => (pendingChoice ? JSON.stringify(pendingChoice) : undefined), [pendingChoice]);
  const pendingRef = useRef(pendingChoice);
  pendingRef.current = pendingChoice;
  useEffect(() => {
    const pending = pendingRef.current;
    if (pendingKey === undefined || pending === undefined) return;
    let live = true;
    void explainJsonataChoiceVisit(pending).then((done) => {
      if (live) setResolved({ key: pendingKey, done });
    });
    return () => {
      live = false;
    };
  }, [pendingKey]);
  const report = useMemo(
    () => (baseReport && shownVisit && resolved && resolved.key === pendingKey ? dataflowSteps(dataflowDefinition, shownEvents, prefix, shownVisit.index, resolved.done) : baseReport),
    [baseReport, resolved, pendingKey, dataflowDefinition, shownEvents, prefix, shownVisit],
  );
  const executionIo = useMemo(() => executionIoAt(events, cursor), [events, cursor]);
  // Inside the workspace layout the timeline and the event table fill their panels.
  const fill = useSlotFilled('events');
  const pickVisit = useCallback(
    (v: number) => {
      const visit = projection.visits[v];
      if (!visit) return;
      setSelected(visit.state);
      setPinnedVisit(v);
      player.send({ type: 'seek', to: visit.endedAt ?? visit.enteredAt });
    },
    [player, projection],
  );
  const visitsOfSelected = useMemo(() => (shownVisit === undefined ? [] : prefix.visits.filter((v) => v.state === shownVisit.state)), [prefix, shownVisit]);

  // A state selected from outside (the debugger's Call stack): that branch's latest visit of it.
  useEffect(
    () =>
      onInspectorSelection((request) => {
        if (executionId !== undefined && request.executionId !== executionId) return;
        setSelected(request.state);
        setPinnedVisit(visitInBranch(projection.visits, request.state, request.branch) ?? null);
      }),
    [executionId, projection],
  );

  const selectState = useCallback((state: string) => {
    setSelected(state);
    setPinnedVisit(null);
  }, []);
  const pickEvent = useCallback(
    (position: number) => {
      player.send({ type: 'seek', to: position });
      const v = projection.eventVisit[position];
      if (v >= 0) {
        setSelected(projection.visits[v].state);
        setPinnedVisit(v);
      }
    },
    [player, projection],
  );

  return (
    <>
      <Fill name="timeline">
        <section className="timeline-panel panel" aria-label="Timeline">
          <PlayerBar player={player} describe={describe} />
          <TimelineView events={events} projection={projection} cursor={cursor} selected={selected} onSeek={(to) => player.send({ type: 'seek', to })} onSelect={selectState} fill={fill} realTime={realTime} />
        </section>
      </Fill>
      <Fill name="graph">
        {read.problem !== undefined && <p className="warn graph-problem">{read.problem} The graph below is rebuilt from the events.</p>}
        {graphDefinition ? (
          <GraphView definition={graphDefinition} projection={projection} cursor={cursor} selected={selected} onSelect={selectState} reconstructed={read.reconstructed} breakpoints={breakpoints} paused={paused} onToggleBreakpoint={onToggleBreakpoint} events={events} selectedVisit={pinnedVisit} />
        ) : (
          <section className="panel" aria-label="Graph">
            <p className="muted">No states have run yet.</p>
          </section>
        )}
      </Fill>
      <Fill name="dataflow">
        <DataflowView
          report={report}
          visits={visitsOfSelected}
          onChooseVisit={(v) => {
            setSelected(prefix.visits[v]?.state ?? null);
            setPinnedVisit(v);
            const visit = prefix.visits[v];
            if (visit && visit.enteredAt > cursor) player.send({ type: 'seek', to: visit.enteredAt });
          }}
          describeEvent={describe}
          executionId={executionId}
          executionStatus={executionStatus}
          onOpenExecution={onOpenExecution}
          execution={report === null && shownVisit === undefined ? executionIo : undefined}
          visitError={shownVisit !== undefined && shownVisit.endedAt !== null && shownVisit.endedAt <= cursor ? shownVisit.error : null}
        />
      </Fill>
      <Fill name="events">
        <EventsView events={events} columns={columns} projection={projection} cursor={cursor} selectedState={selected} onPick={pickEvent} fill={fill} />
      </Fill>
      <Fill name="variables">
        <VariablesView
          events={events}
          projection={projection}
          visit={shownVisit === undefined ? undefined : projection.visits[shownVisit.index]}
          cursor={cursor}
          queryLanguage={graphDefinition?.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath'}
          onSeek={(to) => player.send({ type: 'seek', to })}
        />
      </Fill>
      <Fill name="states">
        <StateTable projection={projection} events={events} cursor={cursor} selected={selected} onPick={pickVisit} />
      </Fill>
    </>
  );
}
