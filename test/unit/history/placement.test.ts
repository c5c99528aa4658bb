import { describe, expect, it } from 'vitest';
import { detailsOf, eventDetailsName, type HistoryEvent } from '../../../src-main/common/history/events';
import { createPlacement, createStateAttributor, placeEvents, taskInvocationsByState, type EventPlace, type Nest } from '../../../src-main/common/history/placement';
import { createVisitsCache, visitsFromEvents, type VisitProjection } from '../../../src-main/common/history/visits';
import { corpusCase, corpusCaseIds, runExample } from './runExample';

/**
 * Event placement (history/placement.ts) is the one answer to "which state is this event in":
 * the store's state column (createStateAttributor), the visits projection (graph, timeline,
 * inspector) and the debugger's places (fork, redrive, mocks from an execution) all derive from
 * it. Before, three copies disagreed on 78 / 36 of the corpus's 3,959 events.
 */

const ids = corpusCaseIds().filter((id) => !id.startsWith('validation/') && !id.startsWith('choice_operators/'));

/** `Map[1]` / `Parallel{First}` for each nest level. */
function nestText(nest: readonly Nest[]): string {
  return nest.map((n) => (n.kind === 'map' ? `${n.state}[${n.index}]` : `${n.state}{${n.first}}`)).join(' › ');
}

/** The place of the event with id `id` (the first with that id). */
function placeOf(history: HistoryEvent[], places: readonly EventPlace[], id: number): EventPlace & { type: string } {
  const at = history.findIndex((e) => e.id === id);
  expect(at, `event ${id}`).toBeGreaterThanOrEqual(0);
  return { ...places[at], type: history[at].type };
}

function visitState(p: VisitProjection, pos: number): string | null {
  const v = p.eventVisit[pos];
  return v < 0 ? null : p.visits[v].state;
}

describe('event placement: one answer for the store, the visits and the debugger', () => {
  it('the state column, the visits and the debugger places agree on every event of every recorded history', () => {
    let events = 0;
    let histories = 0;
    for (const id of ids) {
      const { history } = corpusCase(id);
      if (history.length === 0) continue;
      histories++;
      const attributor = createStateAttributor();
      const column = history.map((e) => attributor.stateOf(e));
      const projection = visitsFromEvents(history);
      const places = placeEvents(history);
      history.forEach((event, pos) => {
        events++;
        const where = `${id} event ${pos} (id ${String(event.id)}) ${event.type}`;
        expect(visitState(projection, pos), where).toBe(column[pos]);
        expect(places[pos].state, where).toBe(column[pos]);
        expect(places[pos].visit, where).toBe(projection.eventVisit[pos]);
      });
      // Task invocation counts (what fork/redrive offset mocks by) are the visits' scheduled events.
      const scheduled: Record<string, number> = {};
      for (const v of projection.visits) {
        for (const pos of v.events) if (/^(Task|LambdaFunction|Activity)Scheduled$/.test(history[pos].type)) scheduled[v.state] = (scheduled[v.state] ?? 0) + 1;
      }
      expect(taskInvocationsByState(history), id).toEqual(scheduled);
    }
    expect(histories).toBeGreaterThan(400);
    expect(events).toBe(3959);
  });

  it('places every event where its own details say, in every recorded history', () => {
    for (const id of ids) {
      const { history } = corpusCase(id);
      const placement = createPlacement();
      history.forEach((event, pos) => {
        const place = placement.place(event);
        const where = `${id} event ${pos} ${event.type}`;
        const type = event.type as string;
        if (type.startsWith('Execution')) expect(place, where).toEqual({ visit: -1, state: null, nest: [] });
        else expect(place.visit, where).toBeGreaterThanOrEqual(0);
        // Entered, exited and Map iteration events name their state; EvaluationFailed names it as `state`.
        const named = type === 'EvaluationFailed' ? detailsOf(event)?.state : eventDetailsName(event);
        if (named !== undefined) expect(place.state, where).toBe(named);
        if (type.startsWith('MapIteration')) {
          const inner = place.nest[place.nest.length - 1];
          expect(inner?.kind === 'map' && inner.index === detailsOf(event)?.index, where).toBe(true);
        }
        if (/^(ParallelState|MapState|MapRun)/.test(type) && !type.endsWith('Entered') && !type.endsWith('Exited') && !type.endsWith('Aborted')) {
          expect(placement.visits[place.visit].stateType, where).toBe(type.startsWith('Parallel') ? 'Parallel' : 'Map');
        }
        // An event is in its visit's scope (a Map's iteration events and an ItemSelector's failure: inside the iteration).
        if (place.visit >= 0 && !type.startsWith('MapIteration') && type !== 'EvaluationFailed') {
          expect(place.nest, where).toBe(placement.visits[place.visit].nest);
        }
      });
    }
  });

  it('builds the same visits event by event as from the whole history (live views append)', async () => {
    const histories = [
      await runExample('order-pipeline', 'HappyPath'),
      corpusCase('timeouts/test_service_lambda_map_timeout').history,
      corpusCase('states_variables/test_map_catch_error__MAP_CATCH_ERROR_OUTPUT_WITH_RETRY').history,
      corpusCase('states_variables/test_parallel_catch_error__PARALLEL_CATCH_ERROR_OUTPUT_WITH_RETRY').history,
    ];
    for (const history of histories) {
      const whole = visitsFromEvents(history);
      const cache = createVisitsCache();
      let live: VisitProjection = cache([]);
      for (let n = 1; n <= history.length; n += 3) live = cache(history.slice(0, n));
      live = cache(history);
      expect(JSON.parse(JSON.stringify({ ...live, eventVisit: [...live.eventVisit] }))).toEqual(JSON.parse(JSON.stringify({ ...whole, eventVisit: [...whole.eventVisit] })));
      // A list that does not extend the last one starts over.
      const other = cache(history.slice(1));
      expect(other.eventVisit.length).toBe(history.length - 1);
    }
  });
});

describe('event placement on the events the three copies disagreed on (hand-checked against the recordings)', () => {
  it('EvaluationFailed belongs to the state it names, though it links the event before that state was entered', () => {
    // AWS links EvaluationFailed to the entered event's own previousEventId (0 for the first state):
    // following the link gave it to the state before (or to none).
    let { history } = corpusCase('assign/test_undefined_reference__BASE_UNDEFINED_ARGUMENTS');
    let places = placeEvents(history);
    expect(placeOf(history, places, 3)).toMatchObject({ type: 'EvaluationFailed', state: 'State0' });

    ({ history } = corpusCase('scenarios/test_map_state_items_variable_sampling__string'));
    places = placeEvents(history);
    // id 5 links id 3 (Start's exit); its cause: "executing the state 'MapIterateState' (entered at the event id #4)".
    expect(placeOf(history, places, 5)).toMatchObject({ type: 'EvaluationFailed', state: 'MapIterateState' });
    expect(placeOf(history, places, 6)).toMatchObject({ type: 'MapStateFailed', state: 'MapIterateState' });
  });

  it('inside a Map iteration\'s Catch target, the failure is the Catch target\'s, within the iteration', () => {
    // ProcessItem fails twice (retried), is caught to Fallback, whose JSONata Output fails: event 14
    // ("executing the state 'Fallback' (entered at the event id #13)") links event 12, ProcessItem's exit.
    // visits gave it to the Map, the state column and the debugger's places to ProcessItem.
    const { history } = corpusCase('states_variables/test_map_catch_error__MAP_CATCH_ERROR_OUTPUT_WITH_RETRY');
    const places = placeEvents(history);
    const failed = placeOf(history, places, 14);
    expect(failed).toMatchObject({ type: 'EvaluationFailed', state: 'Fallback' });
    expect(nestText(failed.nest)).toBe('ProcessItems[0]');
    expect(placeOf(history, places, 15)).toMatchObject({ type: 'MapIterationFailed', state: 'ProcessItems' });
    const mapFailed = placeOf(history, places, 16);
    expect(mapFailed).toMatchObject({ type: 'MapStateFailed', state: 'ProcessItems', nest: [] });
    const p = visitsFromEvents(history);
    const fallback = p.visits.find((v) => v.state === 'Fallback')!;
    expect(fallback.status).toBe('failed');
    expect(fallback.error?.error).toBe('States.QueryEvaluationError');
  });

  it('a retried Map or Parallel: its *Started and *Failed events are its own, outside the iterations and branches', () => {
    // MapStateStarted of a retry links the last event of the failed attempt (a Fail state in iteration 0).
    let { history } = corpusCase('scenarios/test_map_state_retry');
    let places = placeEvents(history);
    for (const id of [9, 13]) expect(placeOf(history, places, id)).toMatchObject({ type: 'MapStateStarted', state: 'MapState', nest: [] });
    expect(placeOf(history, places, 17)).toMatchObject({ type: 'MapStateFailed', state: 'MapState', nest: [] });
    // Each attempt's iteration 0 runs HandleItemFail again: three visits, each in iteration 0.
    const p = visitsFromEvents(history);
    expect(p.visits.map((v) => v.path)).toEqual(['StartState', 'MapState', 'MapState[0] › HandleItemFail', 'MapState[0] › HandleItemFail', 'MapState[0] › HandleItemFail']);
    expect(p.visits[1].retries).toBe(2);

    ({ history } = corpusCase('scenarios/test_parallel_state_retry'));
    places = placeEvents(history);
    for (const id of [5, 7]) expect(placeOf(history, places, id)).toMatchObject({ type: 'ParallelStateStarted', state: 'ParallelState', nest: [] });
    expect(placeOf(history, places, 9)).toMatchObject({ type: 'ParallelStateFailed', state: 'ParallelState' });
    expect(nestText(placeOf(history, places, 8).nest)).toBe('ParallelState{Branch1}');

    ({ history } = corpusCase('scenarios/test_map_state_catch'));
    places = placeEvents(history);
    expect(placeOf(history, places, 9)).toMatchObject({ type: 'MapStateFailed', state: 'MapState', nest: [] });
  });

  it('aborted Tasks after a Map iteration failed: each in its own iteration', () => {
    // Iteration 0 times out (event 20); AWS then writes, iteration by iteration, the Map iteration
    // event and the aborted event of the Task still running there, all linking event 20.
    const { history } = corpusCase('timeouts/test_service_lambda_map_timeout');
    const places = placeEvents(history);
    expect([25, 27, 29, 31].map((id) => [placeOf(history, places, id).type, placeOf(history, places, id).state, nestText(placeOf(history, places, id).nest)])).toEqual([
      ['TaskStateAborted', 'LambdaInvoke', 'MapWait[0]'],
      ['TaskStateAborted', 'LambdaInvoke', 'MapWait[1]'],
      ['TaskStateAborted', 'LambdaInvoke', 'MapWait[2]'],
      ['TaskStateAborted', 'LambdaInvoke', 'MapWait[3]'],
    ]);
    expect(placeOf(history, places, 32)).toMatchObject({ type: 'MapStateFailed', state: 'MapWait', nest: [] });
    const p = visitsFromEvents(history);
    for (const v of p.visits.filter((x) => x.state === 'LambdaInvoke')) {
      expect(v.events.map((pos) => history[pos].type), `iteration ${v.iteration}`).toEqual(['TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskTimedOut', 'TaskStateAborted']);
    }
  });

  it('the failing branch of a one-branch Parallel: its Task is aborted after it failed', () => {
    const { history } = corpusCase('callback/test_sqs_failure_in_wait_for_task_tok_no_error_field__SQS_PARALLEL_WAIT_FOR_TASK_TOKEN');
    const places = placeEvents(history);
    const aborted = placeOf(history, places, 9);
    expect(aborted).toMatchObject({ type: 'TaskStateAborted', state: 'SendMessageWithWait' });
    expect(aborted.visit).toBe(placeOf(history, places, 8).visit);
    expect(placeOf(history, places, 10)).toMatchObject({ type: 'ParallelStateFailed', state: 'ParallelJob', nest: [] });
  });

  it('normalised Parallel branches (placeholder ids): each branch nested under its Parallel, a retry\'s branch too', () => {
    // The corpus rewrote the ids of interleaved branch events to "[ 0 ]" and their links to 0: the
    // state column had no state for them and the debugger's places no branch.
    let { history } = corpusCase('states_variables/test_parallel_catch_error__PARALLEL_CATCH_ERROR_OUTPUT_WITH_RETRY');
    let places = placeEvents(history);
    const branchEvents = history.map((e, i) => [e, places[i]] as const).filter(([e]) => typeof e.id !== 'number');
    expect(branchEvents.length).toBe(10);
    for (const [e, place] of branchEvents) {
      expect(place.state, e.type).toBe('ExecuteLambdaTask');
      expect(nestText(place.nest), e.type).toBe('ParallelState{ExecuteLambdaTask}');
    }
    expect(placeOf(history, places, 9)).toMatchObject({ type: 'ParallelStateStarted', state: 'ParallelState', nest: [] });
    const p = visitsFromEvents(history);
    expect(p.visits.map((v) => v.path)).toEqual(['ParallelState', 'ParallelState › ExecuteLambdaTask', 'ParallelState › ExecuteLambdaTask', 'Fallback']);

    ({ history } = corpusCase('scenarios/test_parallel_state_nested'));
    places = placeEvents(history);
    expect(placeOf(history, places, 5)).toMatchObject({ type: 'ParallelStateStarted', state: 'ParallelStateL2' });
    expect(nestText(places[5].nest)).toBe('ParallelStateL1{ParallelStateL2} › ParallelStateL2{BranchL2}');
  });
});
