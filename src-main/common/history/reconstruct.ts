import type { JsonObject } from '../json';
import { toActivityArn, toLambdaFunctionArn } from '../arn';
import { classifyTaskResource } from '../asl/validation/resources';
import type { HistoryEvent } from './events';
import { eventDetails } from './historySummary';
import { queryLanguageEvidence, queryLanguageFromHistory } from './queryLanguage';

/**
 * Rebuilds a state machine's shape from one execution's history when no definition came with it:
 * the states that were visited (with their type, nested in the Parallel branch or Map item
 * processor they ran in), and the transitions that were taken. The result is shown as a graph and
 * turned into a skeleton ASL definition so that the execution can be shown and replayed; what a
 * history cannot tell (Choice conditions, parameters, paths) is left out and said so in comments.
 */

/** A state type, as the `<Type>StateEntered` event names it. */
export type ReconstructedStateType = 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

/** One observed transition out of a state. `catch` when the state had failed (a Catch was taken). */
export interface ReconstructedTransition {
  to: string;
  kind: 'next' | 'catch';
  /** How many times it was taken. */
  count: number;
}

/** A visited state. */
export interface ReconstructedState {
  name: string;
  type: ReconstructedStateType;
  /** Number of visits. */
  visits: number;
  transitions: ReconstructedTransition[];
  /** Some visit was the last of its scope without failing (End: true). */
  ended: boolean;
  /** Task: the resource ARN the scheduled events named, when they did. */
  resource?: string;
  /** Parallel: one scope per observed branch (identified by its first state). */
  branches?: ReconstructedScope[];
  /** Map: the item processor (empty when no iteration ran). */
  itemProcessor?: ReconstructedScope;
}

/** The states of the top level, of a Parallel branch or of a Map item processor. */
export interface ReconstructedScope {
  startAt: string | null;
  /** In order of first visit. */
  states: ReconstructedState[];
  /** The top level only: JSONata when the history shows it (queryLanguage.ts); else not known (left out). */
  queryLanguage?: 'JSONata';
}

const STATE_TYPES: readonly ReconstructedStateType[] = ['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'];

interface Frame {
  scope: ReconstructedScope;
  byName: Map<string, ReconstructedState>;
  /** The compound state visit this frame is inside of (undefined at the top level). */
  parent: Visit | undefined;
  last: Visit | undefined;
}

interface Visit {
  state: ReconstructedState;
  frame: Frame;
  failed: boolean;
  /** Parallel visits: branch frames by first state name. */
  branchFrames?: Map<string, ReconstructedScope>;
}

function newScope(): ReconstructedScope {
  return { startAt: null, states: [] };
}

function frameFor(scope: ReconstructedScope, parent: Visit | undefined): Frame {
  const byName = new Map<string, ReconstructedState>();
  for (const s of scope.states) byName.set(s.name, s);
  return { scope, byName, parent, last: undefined };
}

function enteredType(type: string): ReconstructedStateType | undefined {
  if (!type.endsWith('StateEntered')) return undefined;
  const t = type.slice(0, -'StateEntered'.length) as ReconstructedStateType;
  return STATE_TYPES.includes(t) ? t : undefined;
}

const FAILURE_SUFFIXES = ['Failed', 'TimedOut', 'StartFailed', 'SubmitFailed', 'ScheduleFailed', 'Aborted'];

function isFailure(type: string): boolean {
  return FAILURE_SUFFIXES.some((s) => type.endsWith(s));
}

function taskResource(event: HistoryEvent): string | undefined {
  const d = eventDetails(event);
  if (!d) return undefined;
  if (event.type === 'TaskScheduled' && typeof d.resourceType === 'string' && typeof d.resource === 'string') {
    return `arn:aws:states:::${d.resourceType}:${d.resource}`;
  }
  if ((event.type === 'LambdaFunctionScheduled' || event.type === 'ActivityScheduled') && typeof d.resource === 'string') return d.resource;
  return undefined;
}

/** Rebuilds the visited states and taken transitions from a history in id order. */
export function reconstructFromHistory(events: readonly HistoryEvent[]): ReconstructedScope {
  const root = newScope();
  const rootFrame = frameFor(root, undefined);
  const frameOf = new Map<number, Frame>();
  const visitOf = new Map<number, Visit>();
  const branchStarts = new Map<number, Visit>();
  const openVisits: Visit[] = [];

  const openByName = (name: string, type?: ReconstructedStateType): Visit | undefined => {
    for (let i = openVisits.length - 1; i >= 0; i--) {
      const v = openVisits[i];
      if (v.state.name === name && (type === undefined || v.state.type === type)) return v;
    }
    return undefined;
  };
  const enclosing = (frame: Frame | undefined, type: ReconstructedStateType): Visit | undefined => {
    for (let f = frame; f?.parent; f = f.parent.frame) if (f.parent.state.type === type) return f.parent;
    for (let i = openVisits.length - 1; i >= 0; i--) if (openVisits[i].state.type === type) return openVisits[i];
    return undefined;
  };
  const close = (visit: Visit) => {
    const at = openVisits.lastIndexOf(visit);
    if (at >= 0) openVisits.splice(at, 1);
  };
  const place = (id: number, frame: Frame, visit: Visit | undefined) => {
    frameOf.set(id, frame);
    if (visit) visitOf.set(id, visit);
  };

  for (const event of events) {
    const { id, previousEventId: prev, type } = event;
    const details = eventDetails(event);
    const name = typeof details?.name === 'string' ? details.name : undefined;
    const stateType = enteredType(type);
    if (type === 'ExecutionStarted') {
      place(id, rootFrame, undefined);
      continue;
    }
    if (stateType !== undefined && name !== undefined) {
      let frame: Frame;
      const branchOf = branchStarts.get(prev);
      if (branchOf) {
        // The first state of a Parallel branch follows ParallelStateStarted directly.
        const frames = (branchOf.branchFrames ??= new Map());
        let scope = frames.get(name);
        if (!scope) {
          const branches = (branchOf.state.branches ??= []);
          scope = branches.find((b) => b.startAt === name);
          if (!scope) {
            scope = newScope();
            branches.push(scope);
          }
          frames.set(name, scope);
        }
        frame = frameFor(scope, branchOf);
      } else frame = frameOf.get(prev) ?? rootFrame;
      let state = frame.byName.get(name);
      if (!state) {
        state = { name, type: stateType, visits: 0, transitions: [], ended: false };
        frame.byName.set(name, state);
        frame.scope.states.push(state);
      }
      state.visits++;
      if (frame.last) {
        const from = frame.last;
        const kind = from.failed ? 'catch' : 'next';
        const existing = from.state.transitions.find((t) => t.to === name && t.kind === kind);
        if (existing) existing.count++;
        else from.state.transitions.push({ to: name, kind, count: 1 });
        close(from);
      } else if (frame.scope.startAt === null) frame.scope.startAt = name;
      const visit: Visit = { state, frame, failed: false };
      frame.last = visit;
      openVisits.push(visit);
      place(id, frame, visit);
      continue;
    }
    if (type.endsWith('StateExited') && name !== undefined) {
      let visit = visitOf.get(prev);
      if (!visit || visit.state.name !== name) visit = openByName(name) ?? visit;
      if (visit) place(id, visit.frame, visit);
      else place(id, frameOf.get(prev) ?? rootFrame, undefined);
      continue;
    }
    if (type === 'MapIterationStarted' && name !== undefined) {
      const map = openByName(name, 'Map');
      if (map) {
        const processor = (map.state.itemProcessor ??= newScope());
        place(id, frameFor(processor, map), undefined);
      } else place(id, frameOf.get(prev) ?? rootFrame, undefined);
      continue;
    }
    if (type.startsWith('MapIteration') && name !== undefined) {
      const map = openByName(name, 'Map');
      if (map) {
        place(id, map.frame, map);
        continue;
      }
    }
    if (type === 'ParallelStateSucceeded' || type === 'ParallelStateFailed' || type === 'ParallelStateAborted' ||
        type === 'MapStateSucceeded' || type === 'MapStateFailed' || type === 'MapStateAborted') {
      const visit = enclosing(frameOf.get(prev), type.startsWith('Parallel') ? 'Parallel' : 'Map') ?? visitOf.get(prev);
      if (visit) {
        if (isFailure(type)) visit.failed = true;
        place(id, visit.frame, visit);
        continue;
      }
    }
    // Task, Lambda, Activity, Wait and the rest belong to the visit they follow.
    const visit = visitOf.get(prev);
    const frame = frameOf.get(prev) ?? rootFrame;
    place(id, frame, visit);
    if (!visit) continue;
    if (type === 'ParallelStateStarted') branchStarts.set(id, visit);
    if (type === 'MapStateStarted') visit.state.itemProcessor ??= newScope();
    const resource = taskResource(event);
    // A recording may hold a placeholder (<activity_arn>) where the ARN was: the rebuilt definition
    // then names a well-formed ARN of the same family, so that it validates as AWS would.
    // (or `arn:<partition>:lambda:<region>:...`).
    if (resource !== undefined) {
      if (classifyTaskResource(resource) !== undefined) visit.state.resource ??= resource;
      else if (type === 'ActivityScheduled') visit.state.resource ??= toActivityArn('unknown-activity');
      else if (type === 'LambdaFunctionScheduled') visit.state.resource ??= toLambdaFunctionArn('unknown-function');
      else if (resource.startsWith('arn:')) visit.state.resource ??= resource;
    }
    if (isFailure(type)) visit.failed = true;
    else if (type.endsWith('Succeeded')) visit.failed = false;
  }
  // A state whose visit was the last of its scope, without failing, ended that scope.
  for (const frameVisit of collectLastVisits(frameOf)) {
    if (!frameVisit.failed && frameVisit.state.type !== 'Fail') frameVisit.state.ended = true;
  }
  if (queryLanguageFromHistory(queryLanguageEvidence(events)) === 'JSONata') root.queryLanguage = 'JSONata';
  return root;
}

function collectLastVisits(frameOf: Map<number, Frame>): Visit[] {
  const seen = new Set<Frame>();
  const out: Visit[] = [];
  for (const frame of frameOf.values()) {
    if (seen.has(frame)) continue;
    seen.add(frame);
    if (frame.last) out.push(frame.last);
  }
  return out;
}

/** The note put into a reconstructed definition's `Comment`. */
export const RECONSTRUCTED_COMMENT =
  'Reconstructed by Stepscope from an execution history: only the states visited and the transitions taken are known; Choice conditions, parameters and paths are not.';

/** Turns a reconstructed scope into a skeleton ASL definition (valid ASL shape). */
export function definitionFromReconstruction(scope: ReconstructedScope, comment = RECONSTRUCTED_COMMENT): JsonObject {
  const jsonata = scope.queryLanguage === 'JSONata';
  return { Comment: comment, ...(jsonata ? { QueryLanguage: 'JSONata' } : {}), ...scopeToAsl(scope, jsonata) };
}

function scopeToAsl(scope: ReconstructedScope, jsonata: boolean): JsonObject {
  if (scope.startAt === null || scope.states.length === 0) {
    return { StartAt: 'NothingRecorded', States: { NothingRecorded: { Type: 'Pass', Comment: 'No state of this scope ran in the history', End: true } } };
  }
  const states: JsonObject = {};
  for (const state of scope.states) states[state.name] = stateToAsl(state, jsonata);
  return { StartAt: scope.startAt, States: states };
}

function stateToAsl(state: ReconstructedState, jsonata: boolean): JsonObject {
  const next = state.transitions.filter((t) => t.kind === 'next').map((t) => t.to);
  const caught = state.transitions.filter((t) => t.kind === 'catch').map((t) => t.to);
  const out: JsonObject = { Type: state.type };
  switch (state.type) {
    case 'Succeed':
    case 'Fail':
      return out;
    case 'Choice': {
      const targets = [...new Set([...next, ...caught])];
      out.Comment = 'Conditions unknown: each observed branch is listed';
      // A JSONata Choice rule has a Condition, a JSONPath one a Variable and an operator.
      const rule = (to: string): JsonObject => (jsonata ? { Condition: '{% true %}', Next: to } : { Variable: '$', IsPresent: true, Next: to });
      out.Choices = targets.map(rule);
      if (targets.length === 0) out.Choices = [rule(state.name)];
      return out;
    }
    case 'Task':
      // No scheduled event named it: any Resource AWS accepts will do (an activity's is the most neutral).
      out.Resource = state.resource ?? toActivityArn('unknown-resource');
      break;
    case 'Wait':
      out.Seconds = 0;
      break;
    case 'Parallel':
      out.Branches = (state.branches && state.branches.length > 0 ? state.branches : [newScope()]).map((branch) => scopeToAsl(branch, jsonata));
      break;
    case 'Map':
      out.ItemProcessor = { ProcessorConfig: { Mode: 'INLINE' }, ...scopeToAsl(state.itemProcessor ?? newScope(), jsonata) };
      break;
    default:
      break;
  }
  if (next.length > 0) {
    out.Next = next[0];
    if (next.length > 1) out.Comment = `Several successors were observed: ${next.join(', ')}`;
  } else out.End = true;
  if (caught.length > 0 && (state.type === 'Task' || state.type === 'Parallel' || state.type === 'Map')) {
    out.Catch = caught.map((to, i) => ({ ErrorEquals: [i === caught.length - 1 ? 'States.ALL' : `Stepscope.Unknown${i + 1}`], Next: to }));
  }
  return out;
}
