import type { Json, JsonObject } from '../../json';
import type { MapState, StateMachineDefinition } from '../../asl/types';
import { StatesError, StatesErrors, type Failure } from '../errors';
import { runGroup } from '../scheduler';
import { branchRedrive, type CompoundResume } from '../redrive/resume';
import type { MapRunResume } from '../redrive/mapRun';
import { readPathInEnv } from '../dataflow/jsonPath';
import {
  applyCompiledTemplate,
  applyInputPath,
  applyPayloadTemplate,
  type CompiledTemplate,
  type DataflowEnv,
} from '../dataflow/payloadTemplate';
import { evaluateJsonataTemplate } from '../jsonata/evaluate';
import { evaluateMapItems, evaluateNumberField } from '../jsonata/states';
import { releaseScopeVariables } from '../variables/variables';
import {
  abortScope,
  HistoryLimitExceeded,
  newScope,
  removeChild,
  uuidFrom,
  type BranchResult,
  type Execution,
  type Flow,
  type Scope,
} from '../execution';
import { buildContext, failureOf, finishResult, jsonataEnv, StateFailure, type Visit } from '../visit';
import { setDebugBranch } from '../debugHooks';
import { emitAborts, resumeInScope, takeRedrive } from './branches';
import { maxConcurrencyFromPath } from './pathIntegers';
import { runDistributedMap, type ChildExecutionRequest, type DistributedMapHost } from './distributedMap';

/*
 * Map (Developer Guide, "Map workflow state"). Inline mode: InputPath → Items/ItemsPath →
 * MaxConcurrency → MapStateStarted, then each item's iteration (MapIterationStarted →
 * ItemSelector → the ItemProcessor's events → MapIterationSucceeded), at most MaxConcurrency at
 * once, and the outputs in item order (MapStateSucceeded). The first iteration to fail aborts the
 * others (MapIterationFailed, then the siblings' MapIterationAborted) and fails the state
 * (MapStateFailed once no Retry applies). Distributed mode hands the work to a Map Run
 * (distributedMap.ts) whose iterations are child executions.
 */

function resolveMaxConcurrency(state: MapState, input: Json, env: DataflowEnv): number {
  if (typeof state.MaxConcurrency === 'number') return state.MaxConcurrency;
  if (state.MaxConcurrencyPath !== undefined) return maxConcurrencyFromPath(readPathInEnv(input, env, state.MaxConcurrencyPath), state.MaxConcurrencyPath);
  return 0;
}

/** The body of a Map state, inline or distributed: its result after the output steps (finishResult). */
export async function runMap(exec: Execution, visit: Visit, state: MapState, rawInput: Json): Promise<Json> {
  if ((state.ItemProcessor ?? state.Iterator)?.ProcessorConfig?.Mode === 'DISTRIBUTED') return runMapDistributed(exec, visit, state, rawInput);
  const env: DataflowEnv = visit;
  const effective = applyInputPath(rawInput, state.InputPath, env);
  let items: Json = effective;
  let jsonataConcurrency: number | undefined;
  if (visit.plan.jsonata) {
    // A JSONata failure here fails the Map before it starts: EvaluationFailed, then MapStateFailed
    // (scenarios/test_map_state_items_eval_jsonata_fail__*).
    try {
      const jenv = jsonataEnv(visit, rawInput);
      items = await evaluateMapItems(state.Items, rawInput, jenv);
      jsonataConcurrency = (await evaluateNumberField(state.MaxConcurrency, 'MaxConcurrency', jenv)) ?? 0;
    } catch (err) {
      if (err instanceof HistoryLimitExceeded) throw err;
      const f = failureOf(err, visit);
      throw new StateFailure(f.failure, f.terminal, () => exec.emit(visit.flow, 'MapStateFailed'));
    }
  } else if (state.ItemsPath !== undefined) {
    const r = readPathInEnv(effective, env, state.ItemsPath);
    if (!r.found) throw new StatesError(StatesErrors.Runtime, `Invalid path '${state.ItemsPath}' : ${r.message}`);
    items = r.value;
  }
  if (!Array.isArray(items)) {
    throw new StatesError(
      StatesErrors.Runtime,
      `Map state input must be an array but was: ${JSON.stringify(items)}`,
    );
  }
  const list = items;
  const maxConcurrency = jsonataConcurrency ?? resolveMaxConcurrency(state, effective, env);
  const processor = state.ItemProcessor ?? state.Iterator;
  if (!processor) throw new StatesError(StatesErrors.Runtime, 'Map state has no ItemProcessor.');
  exec.emit(visit.flow, 'MapStateStarted', 'mapStateStartedEventDetails', { length: list.length });
  const run = new InlineMapRun(exec, visit, list, effective, processor);
  const yieldFirst = maxConcurrency !== 1;
  const results = await runGroup(
    exec.scheduler,
    list.length,
    maxConcurrency,
    // A redrive's iterations go through InlineMapRun.redrive; chosen once per visit, so an ordinary
    // Map's iterations test nothing for it.
    run.resume !== undefined
      ? (i) => run.redrive(i, yieldFirst)
      : // Kept small on purpose: with MaxConcurrency 0 every iteration is suspended here at once,
        // and a suspended async function keeps its whole frame; the work is in InlineMapRun's methods.
        async (i) => {
          const iteration = run.start(i);
          // Let the other ready iterations start before this one runs, as AWS does.
          if (yieldFirst) await undefined;
          let input = run.itemInput(iteration);
          if (input instanceof Promise) input = await input;
          if (input === ITERATION_FAILED) return iteration.failed!;
          return run.finish(iteration, await run.process(iteration, input));
        },
    () => !run.firstFailure,
  );
  const flow = visit.flow;
  removeChild(visit.scope, run.group);
  const firstFailure = run.firstFailure;
  if (firstFailure) {
    const failFlow: Flow = { source: firstFailure.source };
    emitAborts(exec, failFlow, run.scopes, firstFailure.index, visit.name);
    flow.source = failFlow.source;
    throw new StateFailure(firstFailure.failure, false, () => exec.emit(flow, 'MapStateFailed'));
  }
  const outputs = results.map((r) => (r && r.ok ? r.output : null));
  // MapStateSucceeded (and the MapStateExited after it) follow the last iteration's success event.
  if (run.lastIterationEvent > 0) flow.source = run.lastIterationEvent;
  exec.emit(flow, 'MapStateSucceeded', undefined, undefined, false);
  return finishResult(visit, state, rawInput, outputs);
}

/** Returned by InlineMapRun.itemInput when the ItemSelector failed the iteration. */
const ITERATION_FAILED: unique symbol = Symbol('iteration failed');

/** One iteration of an inline Map: its `$$.Map.Item`, flow of control and scope. */
interface MapIteration {
  readonly index: number;
  /** `$$.Map.Item`: `{ Index, Value }`. */
  readonly item: JsonObject;
  readonly flow: Flow;
  readonly scope: Scope;
  /** Set when the ItemSelector failed the iteration. */
  failed?: BranchResult;
}

/** The iterations of one inline Map visit: what they share, and their bookkeeping. */
class InlineMapRun {
  readonly group: Scope;
  readonly scopes: Scope[] = [];
  firstFailure: { failure: Failure; source: number; index: number } | undefined = undefined;
  /** Id of the last MapIterationSucceeded event (0 before any). */
  lastIterationEvent = 0;
  /** Redrive: what the earlier attempt of this visit left (engine/redrive); undefined otherwise. */
  readonly resume: CompoundResume | undefined;
  private readonly selector: CompiledTemplate | undefined;

  constructor(
    private readonly exec: Execution,
    private readonly visit: Visit,
    private readonly list: readonly Json[],
    /** The Map's effective input, which ItemSelector reads. */
    private readonly effective: Json,
    private readonly processor: StateMachineDefinition,
  ) {
    this.group = newScope(visit.scope);
    this.selector = visit.plan.itemSelector;
    this.resume = takeRedrive(visit);
  }

  /**
   * Iteration `i` of a redriven visit: one that succeeded in the earlier attempt keeps its output
   * and writes no event (not even MapIterationStarted); one that failed or was aborted starts
   * again (MapIterationStarted) and goes on from its failed state with that state's recorded input;
   * any other runs as usual.
   */
  async redrive(i: number, yieldFirst: boolean): Promise<BranchResult> {
    const redriven = branchRedrive(this.resume!, i);
    if (redriven?.kind === 'kept') return { ok: true, output: redriven.output, outputText: undefined };
    const iteration = this.start(i);
    if (yieldFirst) await undefined;
    if (redriven !== undefined) {
      const input = resumeInScope(this.exec, iteration.scope, redriven.flow);
      return this.finish(iteration, await this.process(iteration, input, redriven.flow.state));
    }
    let input = this.itemInput(iteration);
    if (input instanceof Promise) input = await input;
    if (input === ITERATION_FAILED) return iteration.failed!;
    return this.finish(iteration, await this.process(iteration, input));
  }

  /** Starts iteration `i`: MapIterationStarted. */
  start(i: number): MapIteration {
    const scope = newScope(this.group);
    this.scopes[i] = scope;
    if (this.exec.debugBranches !== undefined) setDebugBranch(this.exec, scope, this.visit, `iteration ${i}`, this.list.length);
    const iteration: MapIteration = {
      index: i,
      item: { Index: i, Value: this.list[i] },
      flow: { source: this.visit.flow.source },
      scope,
      failed: undefined,
    };
    this.exec.emit(iteration.flow, 'MapIterationStarted', 'mapIterationStartedEventDetails', { index: i, name: this.visit.name });
    return iteration;
  }

  /** The iteration's input: its item, or what the ItemSelector makes of it. */
  itemInput(iteration: MapIteration): Json | typeof ITERATION_FAILED | Promise<Json | typeof ITERATION_FAILED> {
    const { exec, visit, selector } = this;
    if (selector === undefined) return this.list[iteration.index];
    if (visit.plan.jsonata) return this.jsonataItemInput(iteration);
    const selEnv: DataflowEnv = { context: buildContext(exec, visit, iteration.item), random: exec.random, lookupVariable: (n) => visit.lookupVariable(n) };
    try {
      return applyCompiledTemplate(selector, this.effective, selEnv);
    } catch (err) {
      return this.selectorFailed(iteration, err);
    }
  }

  /** A JSONata ItemSelector: `$states.input` is the Map's input, `$states.context.Map.Item` the item. */
  private async jsonataItemInput(iteration: MapIteration): Promise<Json | typeof ITERATION_FAILED> {
    const { exec, visit } = this;
    const template = (visit.state as MapState).ItemSelector ?? (visit.state as MapState).Parameters;
    try {
      const context = buildContext(exec, visit, iteration.item);
      return await evaluateJsonataTemplate(template!, 'ItemSelector', jsonataEnv(visit, this.effective, undefined, context));
    } catch (err) {
      if (err instanceof HistoryLimitExceeded) throw err;
      return this.selectorFailed(iteration, err);
    }
  }

  private selectorFailed(iteration: MapIteration, err: unknown): typeof ITERATION_FAILED {
    if (this.firstFailure) {
      // Another iteration already failed the Map: this one only stops.
      if (err instanceof HistoryLimitExceeded) throw err;
      iteration.failed = { ok: false, aborted: true };
      return ITERATION_FAILED;
    }
    // A JSONata ItemSelector's EvaluationFailed belongs to the iteration's flow (no recording shows AWS's order).
    const f = failureOf(err, this.visit, iteration.flow);
    iteration.failed = { ok: false, failure: f.failure, source: iteration.flow.source };
    if (!this.firstFailure) {
      this.firstFailure = { failure: f.failure, source: iteration.flow.source, index: iteration.index };
      abortScope(this.group);
    }
    return ITERATION_FAILED;
  }

  /** Runs the ItemProcessor on the iteration's input. */
  process(iteration: MapIteration, input: Json, startName?: string): Promise<BranchResult> {
    return this.exec.driver.runBranch(this.exec, this.processor, input, iteration.flow, iteration.scope, iteration, undefined, startName);
  }

  /** Ends an iteration whose processor ran: MapIterationSucceeded, or MapIterationFailed for the first failure. */
  finish(iteration: MapIteration, r: BranchResult): BranchResult {
    const { exec, visit } = this;
    const i = iteration.index;
    // The iteration's scope is discarded: its variables no longer count (engine/variables). Only a
    // scope that assigned has sizes to release.
    if (iteration.scope.sizes !== undefined) releaseScopeVariables(iteration.scope, exec.variableBudget);
    if (r.ok) {
      this.lastIterationEvent = exec.emit(iteration.flow, 'MapIterationSucceeded', 'mapIterationSucceededEventDetails', { index: i, name: visit.name }, false);
      if (iteration.flow.source > visit.flow.source) visit.flow.source = iteration.flow.source;
    } else if ('failure' in r && !this.firstFailure) {
      this.firstFailure = { failure: r.failure, source: r.source, index: i };
      exec.emit({ source: r.source }, 'MapIterationFailed', 'mapIterationFailedEventDetails', { index: i, name: visit.name }, false);
      abortScope(this.group);
    }
    return r;
  }
}

/**
 * Redrive (engine/redrive/mapRun.ts): the Map Run plan of RunOptions.startAt.mapRun, for the
 * resumed top-level visit only. Taken once: a retry of the visit starts a new Map Run.
 */
function takeMapRunRedrive(exec: Execution, visit: Visit): MapRunResume | undefined {
  const pending = exec.startMapRun;
  if (pending === undefined || visit.scope !== exec.root || visit.name !== exec.options.startAt?.state) return undefined;
  exec.startMapRun = undefined;
  return pending;
}

/** A Map state in Distributed mode: a Map Run of child executions (engine/states/distributedMap.ts). */
async function runMapDistributed(exec: Execution, visit: Visit, state: MapState, rawInput: Json): Promise<Json> {
  const effective = applyInputPath(rawInput, state.InputPath, visit);
  const processor = (state.ItemProcessor ?? state.Iterator)!;
  const queryLanguage = processor.QueryLanguage ?? state.QueryLanguage ?? exec.options.definition.QueryLanguage;
  const childDefinition: StateMachineDefinition = queryLanguage !== undefined ? { ...processor, QueryLanguage: queryLanguage } : processor;
  const flow = visit.flow;
  const selector = visit.plan.itemSelector;
  const jsonata = visit.plan.jsonata;
  const host: DistributedMapHost = {
    stateName: visit.name,
    scheduler: exec.scheduler,
    store: exec.linked.store,
    behaviourAsOf: exec.options.behaviourAsOf,
    region: exec.region,
    account: exec.account,
    stateMachineName: exec.contextStateMachine.Name as string,
    emit: (type, key, details, advance = true) => exec.emit(flow, type, key, details, advance),
    emitAfter: (previous, type, key, details) => exec.emit({ source: previous }, type, key, details, false),
    setSource: (id) => {
      flow.source = id;
    },
    readPath: (input, path) => readPathInEnv(input, visit, path),
    evaluateField: (template, input, field) =>
      jsonata ? evaluateJsonataTemplate(template, field, jsonataEnv(visit, rawInput)) : applyPayloadTemplate(template, input, visit, field),
    itemInput: (index, value) => {
      const itemSelector = state.ItemSelector ?? state.Parameters;
      if (itemSelector === undefined) return value;
      const context = buildContext(exec, visit, { Index: index, Value: value });
      if (jsonata) return evaluateJsonataTemplate(itemSelector, 'ItemSelector', jsonataEnv(visit, effective, undefined, context));
      const env: DataflowEnv = { context, random: exec.random, lookupVariable: (n) => visit.lookupVariable(n) };
      return applyCompiledTemplate(selector!, effective, env);
    },
    jsonata,
    evaluateItems: () => evaluateMapItems(state.Items, rawInput, jsonataEnv(visit, rawInput)),
    evaluateNumber: (value, field, integer) => evaluateNumberField(value, field, jsonataEnv(visit, rawInput), integer),
    uuid: () => uuidFrom(exec.random),
    now: () => exec.scheduler.now(),
    startChild: (req: ChildExecutionRequest) => exec.driver.startChild(exec, { ...req, definition: childDefinition, startedBy: 'mapRun' }, visit),
    redrive: takeMapRunRedrive(exec, visit),
    onAbort: (fn) => {
      const set = (visit.scope.onAbort ??= new Set());
      set.add(fn);
      return () => visit.scope.onAbort?.delete(fn);
    },
  };
  const outcome = await runDistributedMap(host, state, effective);
  if (visit.scope.aborted) throw new StateFailure({ aborted: true } as Failure, true);
  if (!outcome.ok) throw new StateFailure(outcome.failure, false, outcome.final);
  return finishResult(visit, state, rawInput, outcome.result);
}
