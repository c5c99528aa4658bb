import type { Json } from '../../json';
import type { MapState, StateMachineDefinition } from '../../asl/types';
import type { HistoryEvent } from '../../history/events';
import { detailsOf } from '../../history/events';
import { placeEvents } from '../../history/placement';
import type { RedrivePreserved } from './resume';

/**
 * Redrive of a Distributed Map (Developer Guide, "Redriving Map Runs"): "A redriven parent
 * workflow redrives all the unsuccessful states, including Distributed Map ... to redrive all the
 * unsuccessful child workflow executions in the Map Run". The Map Run keeps its ARN and is
 * redriven (MapRunRedriven with its redrive count, in place of MapRunStarted); the children that
 * succeeded in an earlier attempt keep their outputs and do not run again; every other item
 * (failed, timed out, aborted, or never started) runs again as a child execution.
 *
 * The engine has no store: the host (service) reads the earlier attempts' children and hands
 * their outcomes in as `MapRunResume` (RunOptions.startAt.mapRun). Choices Stepscope makes where
 * AWS's documentation is silent or where Stepscope differs:
 * - the items are read again from the Map's input (a redrive "uses the same input"; the S3
 *   objects of a local run are the same ones);
 * - a child that runs again keeps its earlier name (AWS redrives the same child execution) but is
 *   run from its start, as AWS does for Express children: Stepscope does not redrive a Standard
 *   child from its failed state;
 * - only a Distributed Map that is the failed top-level state is redriven this way; one nested in
 *   a Parallel branch or inline Map iteration runs its Map Run again whole.
 */

/** A child of an earlier attempt that succeeded: kept, with what a ResultWriter would record of it. */
export interface KeptChild {
  output: Json;
  executionArn: string;
  startDate: number;
  stopDate: number;
}

/** What the earlier attempts of a Map Run left for its redrive (RunOptions.startAt.mapRun). */
export interface MapRunResume {
  /** The Map Run redriven (its ARN is kept). */
  mapRunArn: string;
  /** Times this Map Run has been redriven, this redrive included (MapRunRedriven's `redriveCount`). */
  redriveCount: number;
  /** Children that succeeded, by index in the Map Run (item, or batch with an ItemBatcher). */
  succeeded: Record<string, KeptChild>;
  /** Names of earlier children that did not succeed, by index: a redriven child keeps its name. */
  names?: Record<string, string>;
}

/** Where a redrive of a failed Distributed Map finds its Map Run in the history. */
export interface MapRunToRedrive {
  /** The failed top-level Distributed Map state. */
  state: string;
  mapRunArn: string;
  /** Id of the event its last attempt's children are linked to: MapRunStarted, or MapRunRedriven of a redriven attempt. */
  eventId: number;
  /** MapRunRedriven's `redriveCount` for the coming redrive. */
  redriveCount: number;
}

/** True for a Map state whose ItemProcessor runs in Distributed mode. */
export function isDistributedMap(state: unknown): state is MapState {
  if (state === null || typeof state !== 'object') return false;
  const s = state as MapState;
  return s.Type === 'Map' && (s.ItemProcessor ?? s.Iterator)?.ProcessorConfig?.Mode === 'DISTRIBUTED';
}

function mapRunArnOf(event: HistoryEvent): string | undefined {
  const arn = detailsOf(event)?.mapRunArn;
  return typeof arn === 'string' ? arn : undefined;
}

/**
 * The Map Run a redrive of this unsuccessful execution redrives: its last top-level state is a
 * Distributed Map whose last attempt started (or redrove) a Map Run. Undefined otherwise (the
 * state did not reach its Map Run, or is not a Distributed Map: it is then entered again as usual).
 */
export function mapRunToRedrive(definition: StateMachineDefinition, events: readonly HistoryEvent[]): MapRunToRedrive | undefined {
  const last = events[events.length - 1];
  if (last === undefined || !['ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted'].includes(last.type)) return undefined;
  const places = placeEvents(events);
  let entered = -1;
  for (let i = events.length - 1; i >= 0; i--) {
    if (places[i].nest.length === 0 && events[i].type.endsWith('StateEntered')) {
      entered = i;
      break;
    }
  }
  if (entered < 0) return undefined;
  const name = detailsOf(events[entered])?.name;
  if (typeof name !== 'string' || !isDistributedMap(definition.States[name])) return undefined;
  let run: HistoryEvent | undefined;
  for (let i = entered + 1; i < events.length; i++) {
    if (places[i].nest.length !== 0) continue;
    if (events[i].type === 'MapRunStarted' || events[i].type === 'MapRunRedriven') run = events[i];
  }
  const arn = run !== undefined ? mapRunArnOf(run) : undefined;
  if (run === undefined || arn === undefined) return undefined;
  const redriven = events.filter((e) => e.type === 'MapRunRedriven' && mapRunArnOf(e) === arn).length;
  return { state: name, mapRunArn: arn, eventId: run.id, redriveCount: redriven + 1 };
}

/**
 * The event of the attempt before the one whose Map Run event is `eventId` (a MapRunRedriven):
 * the latest MapRunStarted or MapRunRedriven of the same Map Run before it; undefined for a
 * MapRunStarted (the first attempt) or an event that is neither.
 */
export function earlierMapRunEvent(events: readonly HistoryEvent[], eventId: number): number | undefined {
  const at = events.findIndex((e) => e.id === eventId);
  if (at < 0 || events[at].type !== 'MapRunRedriven') return undefined;
  const arn = mapRunArnOf(events[at]);
  for (let i = at - 1; i >= 0; i--) {
    const e = events[i];
    if ((e.type === 'MapRunStarted' || e.type === 'MapRunRedriven') && mapRunArnOf(e) === arn) return e.id;
  }
  return undefined;
}

/**
 * The summary of a Map Run redrive for the UI ("kept 2 of 5"): `total` is the item count when the
 * history tells it (MapStateStarted's `length`; AWS records 0 when an ItemReader reads the items).
 */
export function summariseMapRunResume(state: string, resume: MapRunResume, total: number | undefined): RedrivePreserved {
  const kept = Object.keys(resume.succeeded)
    .map(Number)
    .sort((a, b) => a - b);
  const redriven = total === undefined ? undefined : Array.from({ length: total }, (_, i) => i).filter((i) => !kept.includes(i));
  return { state, kind: 'mapRun', total, kept, redriven };
}

/** The item count MapStateStarted recorded for the Map Run's last attempt, when it is above 0. */
export function mapRunItemCount(events: readonly HistoryEvent[], mapRunEventId: number): number | undefined {
  const at = events.findIndex((e) => e.id === mapRunEventId);
  for (let i = at - 1; i >= 0; i--) {
    if (events[i].type === 'MapStateStarted') {
      const length = detailsOf(events[i])?.length;
      return typeof length === 'number' && length > 0 ? length : undefined;
    }
  }
  return undefined;
}
