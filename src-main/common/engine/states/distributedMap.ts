import { toExecutionArn, toMapRunArn, toStateMachineArn } from '../../arn';
import type { Json, JsonObject } from '../../json';
import { isJsonObject, utf8Length } from '../../json';
import { jsonDepth, jsonTextProblem, MAX_JSON_DEPTH } from '../../jsonLimits';
import type { MapState } from '../../asl/types';
import type { HistoryEventType } from '../../history/events';
import { StatesError, StatesErrors, type Failure } from '../errors';
import { integerFromPath, maxConcurrencyFromPath } from './pathIntegers';
import type { PathRead } from '../dataflow/jsonPath';
import type { RunResult } from '../run';
import { runGroup, type Scheduler } from '../scheduler';
import { ItemReaderError, readItems } from '../itemReader/readItems';
import type { ObjectStore } from '../itemReader/objectStore';
import type { KeptChild, MapRunResume } from '../redrive/mapRun';

/**
 * A Map state in Distributed mode (Developer Guide, "Using Map state in Distributed mode"): a
 * Map Run whose iterations are child executions, each with its own history. The parent's history
 * shows only the Map Run: MapStateStarted → MapRunStarted → MapRunSucceeded | MapRunFailed. The
 * interpreter supplies a `DistributedMapHost` (its events, data flow and child executions); this
 * file decides what happens in which order.
 *
 * Order, from the recordings (scenarios/test_map_item_reader_*, test_map_state_tolerated_failure_*):
 * 1. items from the input (ItemsPath), unless an ItemReader reads them inside the Map Run:
 *    MapStateStarted's `length` counts only items from the input (0 with an ItemReader);
 * 2. ToleratedFailureCount(Path)/Percentage(Path) and ReaderConfig.MaxItems(Path) are resolved:
 *    a bad value fails the state with States.Runtime before the Map Run starts;
 * 3. MapRunStarted; then the ItemReader reads (its failures are States.ItemReaderFailed, recorded
 *    as MapRunFailed), ItemSelector and ItemBatcher build each child's input, and the children run
 *    with at most MaxConcurrency at a time;
 * 4. a child that fails, times out or is aborted counts as a failed item; once the failures exceed
 *    the tolerated count or percentage the Map Run fails with States.ExceedToleratedFailureThreshold
 *    and the children still running are aborted;
 * 5. MapRunSucceeded → MapStateSucceeded, and the result is the children's outputs in item order
 *    (or, with a ResultWriter, where the results were written).
 *
 * A redrive of the Map Run (`DistributedMapHost.redrive`, engine/redrive/mapRun.ts) writes
 * MapRunRedriven with the same Map Run ARN in place of MapRunStarted, and starts children only for
 * the items whose earlier child did not succeed; the others' results are the kept outputs.
 */

/** Cause AWS gives when a Map Run fails for too many failed items. */
export const TOLERANCE_EXCEEDED_CAUSE = 'The specified tolerated failure threshold was exceeded';

/**
 * Before late 2024, AWS linked MapStateExited to MapRunSucceeded; recordings since 2024-11-13
 * link it to MapRunStarted (recordings up to 2024-08-19 show the older link). `RunOptions.behaviourAsOf`
 * chooses; without it Stepscope follows the latest behaviour.
 */
export const MAP_RUN_EXIT_LINK_CHANGED = '2024-11-01';

/** What the interpreter gives a Distributed Map visit. */
export interface DistributedMapHost {
  readonly stateName: string;
  readonly scheduler: Scheduler;
  readonly store: ObjectStore;
  /** ISO date of the AWS behaviour to emulate (see MAP_RUN_EXIT_LINK_CHANGED); undefined: latest. */
  readonly behaviourAsOf: string | undefined;
  /** Region, account and state machine name of the parent execution (for ARNs). */
  readonly region: string;
  readonly account: string;
  readonly stateMachineName: string;
  /** Emits an event on the Map's flow; `advance` false keeps the flow's source. Returns its id. */
  emit(type: HistoryEventType, detailsKey?: string, details?: JsonObject, advance?: boolean): number;
  /** Emits an event whose previousEventId is `previous`, leaving the flow's source as it is. */
  emitAfter(previous: number, type: HistoryEventType, detailsKey?: string, details?: JsonObject): number;
  /** Sets the Map flow's source (the event the next one links to). */
  setSource(id: number): void;
  /** Reads a path (`$.x`, `$$.x`, `$var`) against `input`. */
  readPath(input: Json, path: string): PathRead;
  /** Evaluates a payload template field (ItemReader Parameters, BatchInput, ResultWriter Parameters) on `input`. */
  evaluateField(template: Json, input: Json, fieldName: string): Json | Promise<Json>;
  /** The input of the child for item `index` (ItemSelector/Parameters applied); throws StatesError. */
  itemInput(index: number, value: Json): Json | Promise<Json>;
  /** True when the Map state uses JSONata: numeric fields may be `{% %}` expressions, items come from `Items`. */
  readonly jsonata: boolean;
  /** JSONata only: the items of the `Items` field (or the state input). */
  evaluateItems(): Promise<Json[]>;
  /** JSONata only: a numeric field, literal or `{% %}` expression (undefined when absent). */
  evaluateNumber(value: Json | undefined, field: string, integer: boolean): Promise<number | undefined>;
  /** A fresh UUID from the run's seeded randomness. */
  uuid(): string;
  /** Epoch ms now. */
  now(): number;
  /** Starts one child execution; `abort` stops it (its history ends with ExecutionAborted). */
  startChild(child: ChildExecutionRequest): { result: Promise<RunResult>; abort: () => void };
  /** Registers a callback run if the Map's own scope is aborted; returns an unregister function. */
  onAbort(fn: () => void): () => void;
  /** A redrive of this visit's Map Run (engine/redrive/mapRun.ts); undefined for a fresh Map Run. */
  readonly redrive: MapRunResume | undefined;
}

/** One child execution of a Map Run. */
export interface ChildExecutionRequest {
  input: Json;
  /** The child's execution name. */
  name: string;
  executionArn: string;
  stateMachineArn: string;
  /** `<parent state machine>/<label>`: the child's `$$.StateMachine.Name`. */
  stateMachineName: string;
  type: 'STANDARD' | 'EXPRESS';
  mapRunArn: string;
  index: number;
  /** With an ItemBatcher: the items of the batch (index of the first, and how many). */
  batch?: { first: number; count: number };
}

/** The Map Run's outcome: its raw result (before ResultSelector/ResultPath), or a failure. */
export type DistributedMapOutcome =
  | { ok: true; result: Json }
  | { ok: false; failure: Failure; /** Emits MapStateFailed, once the failure is final. */ final: () => void };

/** Tolerated failures of a Map Run; undefined: not set (no failures tolerated unless the other is set). */
export interface FailureTolerance {
  count: number | undefined;
  percentage: number | undefined;
}

/** True when `failed` failures out of `total` items exceed the tolerance (Developer Guide, "Setting failure thresholds"). */
export function exceedsTolerance(failed: number, total: number, tolerance: FailureTolerance): boolean {
  if (failed === 0) return false;
  const { count, percentage } = tolerance;
  if (count === undefined && percentage === undefined) return true;
  if (count !== undefined && failed > count) return true;
  if (percentage !== undefined && total > 0 && (failed * 100) / total > percentage) return true;
  return false;
}

/** Shows a value the way AWS quotes it in "refers to value ..." causes. */
function shown(v: Json): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function asFloat(v: Json): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** Reads `path` and requires an integer (AWS's wording: conformance test_map_state_tolerated_failure_count_path__NoNumber). */
function integerAtPath(host: DistributedMapHost, input: Json, field: string, path: string): number {
  return integerFromPath(host.readPath(input, path), field, path);
}

/** Resolves ToleratedFailureCount(Path) and ToleratedFailurePercentage(Path); throws States.Runtime. */
export async function resolveTolerance(host: DistributedMapHost, state: MapState, input: Json): Promise<FailureTolerance> {
  let count: number | undefined;
  let percentage: number | undefined;
  if (host.jsonata) {
    count = await host.evaluateNumber(state.ToleratedFailureCount, 'ToleratedFailureCount', true);
    percentage = await host.evaluateNumber(state.ToleratedFailurePercentage, 'ToleratedFailurePercentage', false);
  } else if (typeof state.ToleratedFailureCount === 'number') count = state.ToleratedFailureCount;
  else if (state.ToleratedFailureCountPath !== undefined) {
    count = integerAtPath(host, input, 'ToleratedFailureCountPath', state.ToleratedFailureCountPath);
  }
  if (count !== undefined && count < 0) throw new StatesError(StatesErrors.Runtime, 'ToleratedFailureCount cannot be negative.');
  if (host.jsonata) {
    // evaluated above
  } else if (typeof state.ToleratedFailurePercentage === 'number') percentage = state.ToleratedFailurePercentage;
  else if (state.ToleratedFailurePercentagePath !== undefined) {
    const path = state.ToleratedFailurePercentagePath;
    const r = host.readPath(input, path);
    if (!r.found) throw new StatesError(StatesErrors.Runtime, `Invalid path '${path}' : ${r.message}`);
    percentage = asFloat(r.value);
    if (percentage === undefined) {
      throw new StatesError(
        StatesErrors.Runtime,
        `The ToleratedFailurePercentagePath field refers to value "${shown(r.value)}" which is not a valid float: ${path}`,
      );
    }
  }
  if (percentage !== undefined && (percentage < 0 || percentage > 100)) {
    throw new StatesError(StatesErrors.Runtime, 'ToleratedFailurePercentage must be between 0 and 100.');
  }
  return { count, percentage };
}

/** Resolves ReaderConfig.MaxItems / MaxItemsPath (the sign is checked by the reader, inside the Map Run). */
async function resolveMaxItems(host: DistributedMapHost, readerConfig: JsonObject | undefined, input: Json): Promise<number | undefined> {
  if (!readerConfig) return undefined;
  if (host.jsonata) return host.evaluateNumber(readerConfig.MaxItems, 'MaxItems', false);
  if (typeof readerConfig.MaxItems === 'number') return readerConfig.MaxItems;
  if (typeof readerConfig.MaxItemsPath === 'string') {
    // A numeric string is accepted (conformance: assign/test_reference_in_map_state_max_items_path__…).
    return integerAtPath(host, input, 'MaxItemsPath', readerConfig.MaxItemsPath);
  }
  return undefined;
}

/** ItemBatcher settings, resolved. */
interface Batching {
  maxItems: number | undefined;
  maxBytes: number | undefined;
  batchInput: Json | undefined;
}

async function resolveBatching(host: DistributedMapHost, batcher: JsonObject, input: Json): Promise<Batching> {
  const intField = async (name: string): Promise<number | undefined> => {
    const v = batcher[name];
    if (host.jsonata) return host.evaluateNumber(v, name, true);
    if (typeof v === 'number') return v;
    const path = batcher[`${name}Path`];
    if (typeof path === 'string') return integerAtPath(host, input, `${name}Path`, path);
    return undefined;
  };
  const maxItems = await intField('MaxItemsPerBatch');
  const maxBytes = await intField('MaxInputBytesPerBatch');
  const batchInput = batcher.BatchInput !== undefined ? await host.evaluateField(batcher.BatchInput, input, 'BatchInput') : undefined;
  return { maxItems, maxBytes, batchInput };
}

/** Groups item inputs into batches `{ BatchInput?, Items }` (Developer Guide, "ItemBatcher (Map)"). */
export function batchItems(items: readonly Json[], maxItems: number | undefined, maxBytes: number | undefined, batchInput: Json | undefined): JsonObject[] {
  const batches: JsonObject[] = [];
  const make = (list: Json[]): JsonObject => (batchInput !== undefined ? { BatchInput: batchInput, Items: list } : { Items: list });
  // Without either limit AWS batches by bytes alone, at its 256 KiB ceiling.
  const byteLimit = maxBytes ?? (maxItems === undefined ? 262_144 : undefined);
  let current: Json[] = [];
  let currentBytes = 0;
  const baseBytes = utf8Length(JSON.stringify(make([])));
  for (const item of items) {
    const itemBytes = utf8Length(JSON.stringify(item)) + (current.length > 0 ? 1 : 0);
    const full =
      current.length > 0 &&
      ((maxItems !== undefined && maxItems > 0 && current.length >= maxItems) ||
        (byteLimit !== undefined && baseBytes + currentBytes + itemBytes > byteLimit));
    if (full) {
      batches.push(make(current));
      current = [];
      currentBytes = 0;
    }
    currentBytes += utf8Length(JSON.stringify(item)) + (current.length > 0 ? 1 : 0);
    current.push(item);
  }
  if (current.length > 0) batches.push(make(current));
  return batches;
}

/** Runs a Distributed Map visit from MapStateStarted to the Map Run's end. */
export async function runDistributedMap(host: DistributedMapHost, state: MapState, effective: Json): Promise<DistributedMapOutcome> {
  const reader = isJsonObject(state.ItemReader) ? state.ItemReader : undefined;
  let inputItems: Json[] = [];
  if (!reader && host.jsonata) {
    inputItems = await host.evaluateItems();
  } else if (!reader) {
    let items: Json = effective;
    if (state.ItemsPath !== undefined) {
      const r = host.readPath(effective, state.ItemsPath);
      if (!r.found) throw new StatesError(StatesErrors.Runtime, `Invalid path '${state.ItemsPath}' : ${r.message}`);
      items = r.value;
    }
    if (!Array.isArray(items)) throw new StatesError(StatesErrors.Runtime, `Map state input must be an array but was: ${JSON.stringify(items)}`);
    inputItems = items;
  }
  const processor = (state.ItemProcessor ?? state.Iterator)!;
  host.emit('MapStateStarted', 'mapStateStartedEventDetails', { length: inputItems.length });

  const tolerance = await resolveTolerance(host, state, effective);
  const readerConfig = reader && isJsonObject(reader.ReaderConfig) ? reader.ReaderConfig : undefined;
  const maxItems = await resolveMaxItems(host, readerConfig, effective);
  const maxConcurrency = host.jsonata ? ((await host.evaluateNumber(state.MaxConcurrency, 'MaxConcurrency', true)) ?? 0) : resolveConcurrency(host, state, effective);
  const readerParameters = reader ? await evaluateParameters(host, reader, effective) : {};
  const batcher = isJsonObject(state.ItemBatcher) ? await resolveBatching(host, state.ItemBatcher, effective) : undefined;
  const writer = isJsonObject(state.ResultWriter) ? state.ResultWriter : undefined;
  const writerParameters = writer ? await evaluateParameters(host, writer, effective) : undefined;

  const label = state.Label ?? host.stateName;
  const redrive = host.redrive;
  const scope = { region: host.region, account: host.account };
  const childMachineName = `${host.stateMachineName}/${label}`;
  // A redriven Map Run keeps its ARN (and its ResultWriter prefix, the run id) and says so with
  // MapRunRedriven where a fresh one writes MapRunStarted (engine/redrive/mapRun.ts).
  const runId = redrive !== undefined ? redrive.mapRunArn.slice(redrive.mapRunArn.lastIndexOf(':') + 1) : host.uuid();
  const mapRunArn = redrive !== undefined ? redrive.mapRunArn : toMapRunArn(childMachineName, runId, scope);
  const startedId =
    redrive !== undefined
      ? host.emit('MapRunRedriven', 'mapRunRedrivenEventDetails', { mapRunArn, redriveCount: redrive.redriveCount })
      : host.emit('MapRunStarted', 'mapRunStartedEventDetails', { mapRunArn });

  const failRun = (failure: Failure): DistributedMapOutcome => {
    const details: JsonObject = {};
    if (failure.cause !== undefined) details.cause = failure.cause;
    if (failure.error !== undefined) details.error = failure.error;
    host.emit('MapRunFailed', 'mapRunFailedEventDetails', details);
    return { ok: false, failure, final: () => host.emit('MapStateFailed') };
  };

  // The items, then each child's input.
  let items: Json[];
  if (reader) {
    try {
      items = readItems({ resource: String(reader.Resource ?? ''), readerConfig, parameters: readerParameters, maxItems }, host.store);
    } catch (err) {
      if (err instanceof ItemReaderError) return failRun({ error: StatesErrors.ItemReaderFailed, cause: err.message });
      throw err;
    }
  } else {
    items = inputItems;
  }
  let inputs: Json[] = [];
  for (let i = 0; i < items.length; i++) {
    const v = host.itemInput(i, items[i]);
    inputs.push(v instanceof Promise ? await v : v);
  }
  let ranges: { first: number; count: number }[] | undefined;
  if (batcher) {
    inputs = batchItems(inputs, batcher.maxItems, batcher.maxBytes, batcher.batchInput);
    ranges = [];
    let first = 0;
    for (const batch of inputs) {
      const count = Array.isArray((batch as JsonObject).Items) ? ((batch as JsonObject).Items as Json[]).length : 0;
      ranges.push({ first, count });
      first += count;
    }
  }

  // A child's input must be one StartExecution would take (engine/executionInput.ts): an input
  // nested past MAX_JSON_DEPTH (an ItemSelector can build one) fails the Map Run before any child
  // starts, as a payload that deep fails a state (States.Runtime), rather than starting a child
  // whose history could not begin with ExecutionStarted. AWS documents no nesting limit; the bound
  // is Stepscope's (common/jsonLimits.ts).
  for (let i = 0; i < inputs.length; i++) {
    if (jsonDepth(inputs[i], MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      return failRun({ error: StatesErrors.Runtime, cause: `The input of the Map Run's child execution for ${batcher ? 'batch' : 'item'} ${i} ${jsonTextProblem('depth')}.` });
    }
  }

  // The children.
  const type = processor.ProcessorConfig?.ExecutionType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';
  const total = inputs.length;
  const results: (RunResult | undefined)[] = new Array(total);
  const running = new Map<number, () => void>();
  let failed = 0;
  let exceeded = false;
  const abortAll = () => {
    for (const abort of running.values()) abort();
  };
  const unregister = host.onAbort(abortAll);
  // A redrive runs only the items whose children did not succeed; the others keep their results.
  let indexes: number[] | undefined;
  if (redrive !== undefined) {
    indexes = [];
    for (let i = 0; i < total; i++) {
      const kept = Object.prototype.hasOwnProperty.call(redrive.succeeded, String(i)) ? redrive.succeeded[String(i)] : undefined;
      if (kept !== undefined) results[i] = keptResult(kept);
      else indexes.push(i);
    }
  }
  await runGroup(
    host.scheduler,
    indexes !== undefined ? indexes.length : total,
    maxConcurrency,
    async (k) => {
      const i = indexes !== undefined ? indexes[k] : k;
      const earlierName = redrive?.names !== undefined && Object.prototype.hasOwnProperty.call(redrive.names, String(i)) ? redrive.names[String(i)] : undefined;
      const name = earlierName ?? host.uuid();
      const child = host.startChild({
        input: inputs[i],
        name,
        executionArn: toExecutionArn(childMachineName, name, scope, type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD'),
        stateMachineArn: toStateMachineArn(childMachineName, scope),
        stateMachineName: childMachineName,
        type,
        mapRunArn,
        index: i,
        ...(ranges !== undefined && ranges[i] !== undefined ? { batch: ranges[i] } : {}),
      });
      running.set(i, child.abort);
      const result = await child.result;
      running.delete(i);
      // The Map Run needs a child's outcome, not its history (held by the parent's children or
      // handed to the host, RunOptions.onChildFinished): a Map Run of many children holds no history.
      results[i] = result.events.length === 0 ? result : { ...result, events: [] };
      if (result.status !== 'SUCCEEDED') {
        failed++;
        if (!exceeded && exceedsTolerance(failed, total, tolerance)) {
          exceeded = true;
          abortAll();
        }
      }
      return undefined;
    },
    () => !exceeded,
  );
  unregister();
  if (exceeded) return failRun({ error: StatesErrors.ExceedToleratedFailureThreshold, cause: TOLERANCE_EXCEEDED_CAUSE });

  let result: Json = results.map((r) => childOutput(r));
  if (writer) {
    const written = writeResults(host, writer, writerParameters, mapRunArn, runId, results, inputs);
    if (!written.ok) return failRun(written.failure);
    result = written.result;
  }

  // MapRunSucceeded, then MapStateSucceeded linked to it; MapStateExited links to MapRunSucceeded
  // in recordings up to 2024-08, to MapRunStarted in those since 2024-11 (see MAP_RUN_EXIT_LINK_CHANGED).
  const exitAfterStart = host.behaviourAsOf === undefined || host.behaviourAsOf >= MAP_RUN_EXIT_LINK_CHANGED;
  const succeededId = host.emit('MapRunSucceeded', undefined, undefined, !exitAfterStart);
  host.emitAfter(succeededId, 'MapStateSucceeded');
  host.setSource(exitAfterStart ? startedId : succeededId);
  return { ok: true, result };
}

/** The `Parameters` (JSONPath) or `Arguments` (JSONata) of an ItemReader or ResultWriter, evaluated. */
async function evaluateParameters(host: DistributedMapHost, field: JsonObject, input: Json): Promise<Json> {
  if (field.Parameters !== undefined) return host.evaluateField(field.Parameters, input, 'Parameters');
  if (field.Arguments !== undefined) return host.evaluateField(field.Arguments, input, 'Arguments');
  return {};
}

function resolveConcurrency(host: DistributedMapHost, state: MapState, input: Json): number {
  if (typeof state.MaxConcurrency === 'number') return state.MaxConcurrency;
  if (state.MaxConcurrencyPath !== undefined) return maxConcurrencyFromPath(host.readPath(input, state.MaxConcurrencyPath), state.MaxConcurrencyPath);
  return 0;
}

/** The result of a child kept from an earlier attempt of a redriven Map Run (it has no new events). */
function keptResult(kept: KeptChild): RunResult {
  return { status: 'SUCCEEDED', output: kept.output, events: [], startDate: kept.startDate, stopDate: kept.stopDate, executionArn: kept.executionArn };
}

/** A child's entry in the Map's result: its output, or `{ Error, Cause }` for a tolerated failure. */
function childOutput(r: RunResult | undefined): Json {
  if (!r) return null;
  if (r.status === 'SUCCEEDED') return r.output ?? null;
  return { Error: r.error ?? null, Cause: r.cause ?? null };
}

/** Writes the Map Run's results as AWS's ResultWriter does (Developer Guide, "ResultWriter (Map)"). */
function writeResults(
  host: DistributedMapHost,
  writer: JsonObject,
  parameters: Json | undefined,
  mapRunArn: string,
  runId: string,
  results: readonly (RunResult | undefined)[],
  inputs: readonly Json[],
): { ok: true; result: Json } | { ok: false; failure: Failure } {
  const config = isJsonObject(writer.WriterConfig) ? writer.WriterConfig : {};
  const transformation = typeof config.Transformation === 'string' ? config.Transformation : 'NONE';
  const records = results.map((r, i) => resultRecord(r, inputs[i], transformation));
  if (writer.Resource === undefined) {
    // WriterConfig alone transforms the results in place of writing them.
    return { ok: true, result: transformation === 'NONE' ? results.map((r) => childOutput(r)) : records };
  }
  const params = isJsonObject(parameters) ? parameters : {};
  const bucket = typeof params.Bucket === 'string' ? params.Bucket : undefined;
  if (bucket === undefined) return { ok: false, failure: { error: StatesErrors.ResultWriterFailed, cause: `The ResultWriter's parameters must name a Bucket.` } };
  const prefix = typeof params.Prefix === 'string' && params.Prefix !== '' ? params.Prefix.replace(/\/$/, '') + '/' : '';
  const base = `${prefix}${runId}/`;
  const jsonl = config.OutputType === 'JSONL';
  const ext = jsonl ? 'jsonl' : 'json';
  const now = host.now();
  const files: Record<string, JsonObject[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  const groups: Record<string, Json[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  results.forEach((r, i) => {
    const status = r === undefined ? 'PENDING' : r.status === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED';
    groups[status].push(records[i]);
  });
  for (const status of ['FAILED', 'PENDING', 'SUCCEEDED']) {
    const list = groups[status];
    if (list.length === 0) continue;
    const key = `${base}${status}_0.${ext}`;
    const body = jsonl ? list.map((r) => JSON.stringify(r)).join('\n') + '\n' : JSON.stringify(list);
    host.store.put(bucket, key, body, now);
    files[status].push({ Key: key, Size: utf8Length(body) });
  }
  const manifestKey = `${base}manifest.json`;
  const manifest = { DestinationBucket: bucket, MapRunArn: mapRunArn, ResultFiles: files };
  host.store.put(bucket, manifestKey, JSON.stringify(manifest), now);
  return { ok: true, result: { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: manifestKey } } };
}

/** One child's record in a result file: AWS's shape for Transformation NONE, its output for COMPACT/FLATTEN. */
function resultRecord(r: RunResult | undefined, input: Json, transformation: string): Json {
  if (transformation === 'COMPACT' || transformation === 'FLATTEN') return childOutput(r);
  if (!r) return { Input: JSON.stringify(input), InputDetails: { Included: true }, Status: 'PENDING' };
  const record: JsonObject = {
    ExecutionArn: r.executionArn,
    Input: JSON.stringify(input),
    InputDetails: { Included: true },
    Name: r.executionArn.slice(r.executionArn.lastIndexOf(':') + 1),
    RedriveCount: 0,
    RedriveStatus: 'NOT_REDRIVABLE',
    RedriveStatusReason: `Execution is ${r.status} and cannot be redriven`,
    StartDate: new Date(r.startDate).toISOString(),
    StateMachineArn: r.stateMachineArn ?? '',
    Status: r.status,
    StopDate: new Date(r.stopDate).toISOString(),
  };
  if (r.status === 'SUCCEEDED') {
    record.Output = JSON.stringify(r.output ?? null);
    record.OutputDetails = { Included: true };
  } else {
    if (r.error !== undefined) record.Error = r.error;
    if (r.cause !== undefined) record.Cause = r.cause;
  }
  return record;
}
