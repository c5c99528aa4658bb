import { randomUUID } from 'node:crypto';
import { toExecutionArn } from '../../common/arn';
import { enteredAnyState, NOTHING_TO_REDRIVE } from '../../common/engine/redrive/redrivable';
import { readDocument } from '../../common/documents/loadDocument';
import type { HistoryEvent } from '../../common/history/events';
import type { Json, JsonObject } from '../../common/json';
import { resolveTestCase } from '../../common/mocks';
import { toExecutionId } from '../service';
import type { ExecutionRecord } from '../store';
import type { Body, SfnContext } from './context';
import { sfnError } from './errors';
import { checkArn, checkName, optionalBoolean, optionalEnum, optionalString, pageSize, pageToken, parseJson, requiredString } from './params';
import { machineOf } from './stateMachines';
import { encodeToken, epochSeconds, eventOnWire } from './wire';

/** AWS's largest execution input, in characters of the request (256 KiB of UTF-8 is checked by the engine). */
const MAX_INPUT = 262_144;

/** The status AWS would show: Stepscope's INTERRUPTED (its process stopped mid-run) reads as ABORTED. */
export function awsStatus(record: ExecutionRecord): string {
  return record.status === 'INTERRUPTED' ? 'ABORTED' : record.status;
}

/** The state machine ARN of an execution ARN (`...:execution:M:name` → `...:stateMachine:M`). */
export function machineArnOfExecution(executionArn: string): string {
  const parts = executionArn.split(':');
  return `${parts.slice(0, 5).join(':')}:stateMachine:${parts[6] ?? ''}`;
}

/** The first event of an execution, when stored. */
function firstEvent(ctx: SfnContext, record: ExecutionRecord): HistoryEvent | undefined {
  return ctx.store.loadEventPage(record.id, 0, 1)[0];
}

/** The version and alias ARNs an execution was started through (its ExecutionStarted event records them). */
export function startedThrough(ctx: SfnContext, record: ExecutionRecord): { stateMachineVersionArn?: string; stateMachineAliasArn?: string } {
  const details = firstEvent(ctx, record)?.executionStartedEventDetails as { stateMachineVersionArn?: Json; stateMachineAliasArn?: Json } | undefined;
  const out: { stateMachineVersionArn?: string; stateMachineAliasArn?: string } = {};
  if (typeof details?.stateMachineVersionArn === 'string') out.stateMachineVersionArn = details.stateMachineVersionArn;
  if (typeof details?.stateMachineAliasArn === 'string') out.stateMachineAliasArn = details.stateMachineAliasArn;
  return out;
}

/** How many times an execution was redriven, and when last. */
function redriveInfo(ctx: SfnContext, record: ExecutionRecord): { count: number; date: string | undefined } {
  const ids = ctx.store.eventIdsByType(record.id, 'ExecutionRedriven');
  if (ids.length === 0) return { count: 0, date: undefined };
  const last = ctx.store.loadEventPage(record.id, ids[ids.length - 1] - 1, 1)[0];
  return { count: ids.length, date: last?.timestamp };
}

/** DescribeExecution's answer for a stored execution. */
export function describeExecution(ctx: SfnContext, record: ExecutionRecord): JsonObject {
  const status = awsStatus(record);
  const out: JsonObject = {
    executionArn: record.arn,
    stateMachineArn: machineArnOfExecution(record.arn),
    name: record.name,
    status,
    startDate: epochSeconds(record.startDate ?? record.createdAt),
    input: record.input ?? '{}',
    inputDetails: { included: true },
  };
  if (record.stopDate !== null) out.stopDate = epochSeconds(record.stopDate);
  if (record.status === 'SUCCEEDED' && record.output !== null) {
    out.output = record.output;
    out.outputDetails = { included: true };
  }
  if (record.error !== null) out.error = record.error;
  if (record.cause !== null) out.cause = record.cause;
  Object.assign(out, startedThrough(ctx, record));
  const redrive = redriveInfo(ctx, record);
  out.redriveCount = redrive.count;
  if (redrive.date !== undefined) out.redriveDate = epochSeconds(redrive.date);
  if (record.type === 'EXPRESS') {
    out.redriveStatus = 'NOT_REDRIVABLE';
    out.redriveStatusReason = 'Execution is of an EXPRESS state machine and cannot be redriven';
  } else if (status === 'FAILED' || status === 'TIMED_OUT' || status === 'ABORTED') {
    // The one redrive rule (engine/redrive/redrivable.ts): a state must have been entered (event 2).
    if (enteredAnyState(ctx.store.loadEventPage(record.id, 0, 2))) out.redriveStatus = 'REDRIVABLE';
    else {
      out.redriveStatus = 'NOT_REDRIVABLE';
      out.redriveStatusReason = NOTHING_TO_REDRIVE;
    }
  } else {
    out.redriveStatus = 'NOT_REDRIVABLE';
    out.redriveStatusReason = `Execution is ${status} and cannot be redriven`;
  }
  return out;
}

/** The definition an execution ran with, as JSON text (a local run from a YAML file is given as JSON). */
function definitionJson(text: string, format: 'json' | 'yaml'): string {
  if (format === 'json') return text;
  const read = readDocument(text, 'definition.yaml');
  return read.ok ? JSON.stringify(read.value, null, 2) : text;
}

/** The execution actions: start (async and sync), describe, list, history, stop, redrive. */
export function executionActions(ctx: SfnContext): Record<string, (body: Body) => Promise<JsonObject> | JsonObject> {
  const { store, registry, scope } = ctx;

  /** Mocks chosen as Step Functions Local users choose them: `stateMachineArn#TestCase` over the MockConfigFile given at start. */
  const mocksFor = (machineName: string, testCase: string | undefined) => {
    if (testCase === undefined) return undefined;
    if (ctx.mocks === undefined) {
      throw sfnError('ValidationException', `Test case '${testCase}' was asked for, but no mock config was given (start the endpoint with --mock-config <file>)`);
    }
    const resolved = resolveTestCase(ctx.mocks.parsed, machineName, testCase);
    if (!resolved.ok) throw sfnError('ValidationException', `${ctx.mocks.path}: ${resolved.message}`);
    return { config: ctx.mocks.content, stateMachine: machineName, testCase };
  };

  /** Starts an execution through the service (`debug.start`: the state machine's breakpoints apply); answers the stored record. */
  const start = async (body: Body, sync: boolean): Promise<ExecutionRecord> => {
    const given = requiredString(body, 'stateMachineArn', 256 + 200);
    const hash = given.indexOf('#');
    const arn = hash >= 0 ? given.slice(0, hash) : given;
    const testCase = hash >= 0 ? given.slice(hash + 1) : undefined;
    const { machine, version: versionGiven, alias } = machineOf(ctx, arn);
    if (sync && machine.type !== 'EXPRESS') throw sfnError('StateMachineTypeNotSupported', 'This operation is not supported by this type of state machine');
    const nameGiven = optionalString(body, 'name', 80, 1);
    const name = nameGiven !== undefined ? checkName(nameGiven) : randomUUID();
    // Through an alias: the version its routing picks for this execution name (SfnRegistry.routeOf).
    const version = alias !== undefined ? registry.resolveMachine(registry.routeOf(alias, name).stateMachineVersionArn)?.version : versionGiven;
    if (alias !== undefined && version === undefined) throw sfnError('ResourceNotFound', `Resource not found: the version alias '${alias.arn}' routes to`);
    const inputText = optionalString(body, 'input', MAX_INPUT) ?? '{}';
    optionalString(body, 'traceHeader', 256);
    const parsed = parseJson(inputText);
    if (!parsed.ok) throw sfnError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${parsed.message}'`);
    const input = parsed.value;
    const executionArn = toExecutionArn(machine.name, name, scope, machine.type);
    const existing = store.findExecution(executionArn);
    if (existing && existing.arn === executionArn) {
      // StartExecution is idempotent for a running execution with the same name and input.
      if (!sync && existing.status === 'RUNNING' && existing.input === JSON.stringify(input)) return existing;
      throw sfnError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const mocks = mocksFor(machine.name, testCase);
    const outcome = await ctx.call('debug.start', {
      definitionText: version?.definition ?? machine.definition,
      input,
      name,
      stateMachineName: machine.name,
      stateMachineType: machine.type,
      roleArn: version?.roleArn ?? machine.roleArn,
      ...(version !== undefined ? { stateMachineVersionArn: version.arn } : {}),
      ...(alias !== undefined ? { stateMachineAliasArn: alias.arn } : {}),
      ...(mocks !== undefined ? { mocks } : {}),
      // A Task no mock answers gets a generated response (the service's default): an API client
      // cannot answer a debugger stop, so the endpoint's runs never ask (breakpoints still stop).
      askUnmocked: false,
    });
    if (outcome.kind === 'invalid') throw sfnError('InvalidDefinition', `Invalid State Machine Definition: '${outcome.diagnostics[0]?.message ?? 'invalid'}'`);
    const record = store.getExecution(Number(outcome.execution.executionId));
    if (!record) throw sfnError('InternalFailure', 'The started execution is not in the store', 500);
    return record;
  };

  return {
    async StartExecution(body) {
      const record = await start(body, false);
      return { executionArn: record.arn, startDate: epochSeconds(record.startDate ?? record.createdAt) };
    },

    async StartSyncExecution(body) {
      const started = await start(body, true);
      const record = await ctx.whenStopped(started);
      const described = describeExecution(ctx, record);
      const startMs = record.startDate ?? record.createdAt;
      const duration = Math.max(0, (record.stopDate ?? startMs) - startMs);
      const out: JsonObject = {
        executionArn: record.arn,
        stateMachineArn: described.stateMachineArn as string,
        name: record.name,
        startDate: described.startDate as number,
        stopDate: epochSeconds(record.stopDate ?? startMs),
        status: described.status as string,
        input: described.input as string,
        inputDetails: { included: true },
        // Billed as AWS bills Express: whole 100 ms of the (virtual) duration, in 64 MB steps of memory.
        billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: Math.max(100, Math.ceil(duration / 100) * 100) },
      };
      if (described.output !== undefined) {
        out.output = described.output;
        out.outputDetails = { included: true };
      }
      if (described.error !== undefined) out.error = described.error;
      if (described.cause !== undefined) out.cause = described.cause;
      return out;
    },

    DescribeExecution(body) {
      const arn = requiredString(body, 'executionArn');
      checkArn(arn, 'execution');
      return describeExecution(ctx, ctx.executionByArn(arn));
    },

    ListExecutions(body) {
      const machineArn = optionalString(body, 'stateMachineArn', 256, 1);
      const mapRunArn = optionalString(body, 'mapRunArn', 2000, 1);
      if ((machineArn === undefined) === (mapRunArn === undefined)) {
        throw sfnError('ValidationException', 'Exactly one of stateMachineArn or mapRunArn must be given');
      }
      const statusFilter = optionalEnum(body, 'statusFilter', ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const);
      const redriveFilter = optionalEnum(body, 'redriveFilter', ['REDRIVEN', 'NOT_REDRIVEN'] as const);
      const size = pageSize(body);
      const subject = machineArn ?? mapRunArn!;
      const token = pageToken(body, 'ex', subject);
      let records: ExecutionRecord[];
      let mapRun: string | undefined;
      if (machineArn !== undefined) {
        checkArn(machineArn, 'stateMachine');
        const resolved = registry.resolveMachine(machineArn);
        if (!resolved && !store.listStateMachines().some((m) => m.arn === machineArn)) {
          throw sfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${machineArn}'`);
        }
        records = store.listExecutions({ stateMachine: resolved?.machine.arn ?? machineArn });
        // A version or alias ARN lists the executions started through it (API Reference, ListExecutions).
        if (resolved?.alias !== undefined) records = records.filter((r) => startedThrough(ctx, r).stateMachineAliasArn === machineArn);
        else if (resolved?.version !== undefined) records = records.filter((r) => startedThrough(ctx, r).stateMachineVersionArn === machineArn);
      } else {
        checkArn(mapRunArn!, 'mapRun');
        records = mapRunChildren(ctx, mapRunArn!);
        mapRun = mapRunArn;
      }
      // A redrive is stored as a new row with the same ARN: the newest row is the execution.
      const seen = new Set<string>();
      const executions = records.filter((r) => {
        if (seen.has(r.arn)) return false;
        seen.add(r.arn);
        return true;
      });
      const filtered = executions.filter((r) => {
        if (statusFilter !== undefined && awsStatus(r) !== statusFilter) return false;
        if (redriveFilter !== undefined && (store.eventIdsByType(r.id, 'ExecutionRedriven').length > 0) !== (redriveFilter === 'REDRIVEN')) return false;
        return true;
      });
      const before = typeof token?.b === 'number' ? token.b : Infinity;
      const remaining = filtered.filter((r) => r.id < before);
      const page = remaining.slice(0, size);
      const out: JsonObject = {
        executions: page.map((r) => {
          const item: JsonObject = {
            executionArn: r.arn,
            stateMachineArn: machineArnOfExecution(r.arn),
            name: r.name,
            status: awsStatus(r),
            startDate: epochSeconds(r.startDate ?? r.createdAt),
          };
          if (r.stopDate !== null) item.stopDate = epochSeconds(r.stopDate);
          if (mapRun !== undefined) item.mapRunArn = mapRun;
          Object.assign(item, startedThrough(ctx, r));
          const redrive = redriveInfo(ctx, r);
          item.redriveCount = redrive.count;
          if (redrive.date !== undefined) item.redriveDate = epochSeconds(redrive.date);
          return item;
        }),
      };
      if (remaining.length > size) out.nextToken = encodeToken({ k: 'ex', s: subject, b: page[page.length - 1].id });
      return out;
    },

    GetExecutionHistory(body) {
      const arn = requiredString(body, 'executionArn');
      checkArn(arn, 'execution');
      const record = ctx.executionByArn(arn);
      const size = pageSize(body);
      const reverse = optionalBoolean(body, 'reverseOrder') === true;
      const includeData = optionalBoolean(body, 'includeExecutionData') !== false;
      const token = pageToken(body, reverse ? 'hr' : 'h', arn);
      let events: HistoryEvent[];
      let more: boolean;
      if (!reverse) {
        const after = typeof token?.a === 'number' ? token.a : 0;
        const read = store.loadEventPage(record.id, after, size + 1);
        more = read.length > size;
        events = read.slice(0, size);
      } else {
        const before = typeof token?.b === 'number' ? token.b : Infinity;
        const all = store.loadEvents(record.id).filter((e) => e.id < before);
        more = all.length > size;
        events = all.slice(Math.max(0, all.length - size)).reverse();
      }
      const out: JsonObject = { events: events.map((e) => eventOnWire(e, includeData)) };
      if (more && events.length > 0) {
        const last = events[events.length - 1].id;
        out.nextToken = encodeToken(reverse ? { k: 'hr', s: arn, b: last } : { k: 'h', s: arn, a: last });
      }
      return out;
    },

    async StopExecution(body) {
      const arn = requiredString(body, 'executionArn');
      optionalString(body, 'error', 256);
      optionalString(body, 'cause', 32768);
      checkArn(arn, 'execution');
      const record = ctx.executionByArn(arn);
      if (record.status !== 'RUNNING') return { stopDate: epochSeconds(record.stopDate ?? record.startDate ?? record.createdAt) };
      await ctx.call('debug.stop', { executionId: toExecutionId(record.id) }, 'ValidationException').catch((error: unknown) => {
        if (error instanceof Error && 'type' in error && (error as { type: string }).type === 'ValidationException') {
          throw sfnError('ValidationException', `Execution '${arn}' was started without the debugger (from the app's Run): stop it from the app`);
        }
        throw error;
      });
      const stopped = await ctx.whenStopped(record);
      return { stopDate: epochSeconds(stopped.stopDate ?? Date.now()) };
    },

    async RedriveExecution(body) {
      const arn = requiredString(body, 'executionArn');
      optionalString(body, 'clientToken', 64, 1);
      checkArn(arn, 'execution');
      const record = ctx.executionByArn(arn);
      const status = awsStatus(record);
      if (record.type === 'EXPRESS') throw sfnError('ExecutionNotRedrivable', `Execution is of an EXPRESS state machine and cannot be redriven: '${arn}'`);
      if (status !== 'FAILED' && status !== 'TIMED_OUT' && status !== 'ABORTED') {
        throw sfnError('ExecutionNotRedrivable', `Execution is ${status} and cannot be redriven: '${arn}'`);
      }
      const outcome = await ctx.call('executions.redrive', { executionId: toExecutionId(record.id) }).catch((error: unknown) => {
        if (error instanceof Error && 'type' in error && (error as { type: string }).type === 'ValidationException') throw sfnError('ExecutionNotRedrivable', error.message);
        throw error;
      });
      if (outcome.kind === 'invalid') throw sfnError('ExecutionNotRedrivable', `The definition of '${arn}' has errors`);
      return { redriveDate: epochSeconds(outcome.execution.startDate) };
    },

    DescribeStateMachineForExecution(body) {
      const arn = requiredString(body, 'executionArn');
      checkArn(arn, 'execution');
      const record = ctx.executionByArn(arn);
      const definition = record.definitionId !== null ? store.getDefinition(record.definitionId) : undefined;
      const machineArn = machineArnOfExecution(record.arn);
      const machine = registry.machines.get(machineArn);
      const started = firstEvent(ctx, record);
      const startedRole = (started?.executionStartedEventDetails as { roleArn?: Json } | undefined)?.roleArn;
      const out: JsonObject = {
        stateMachineArn: machineArn,
        name: record.stateMachineName,
        definition: definition !== undefined ? definitionJson(definition.text, definition.format) : '',
        roleArn: typeof startedRole === 'string' ? startedRole : (machine?.roleArn ?? ''),
        updateDate: epochSeconds(definition?.createdAt ?? record.createdAt),
        loggingConfiguration: machine?.loggingConfiguration ?? { level: 'OFF', includeExecutionData: false },
        tracingConfiguration: machine?.tracingConfiguration ?? { enabled: false },
      };
      if (record.parentKind === 'mapRun' && record.parentId !== null) {
        const parent = store.getExecution(record.parentId);
        const started = parent !== undefined && record.parentEventId !== null ? store.loadEventPage(parent.id, record.parentEventId - 1, 1)[0] : undefined;
        const mapRunArn = (started?.mapRunStartedEventDetails as { mapRunArn?: Json } | undefined)?.mapRunArn;
        if (typeof mapRunArn === 'string') out.mapRunArn = mapRunArn;
      }
      return out;
    },
  };
}

/** Where a Map Run is recorded: its parent execution and its MapRunStarted event, or ResourceNotFound. */
export function findMapRun(ctx: SfnContext, mapRunArn: string): { parent: ExecutionRecord; eventId: number; events: HistoryEvent[] } {
  const machine = (mapRunArn.split(':')[6] ?? '').split('/')[0];
  for (const candidate of ctx.store.listExecutions({ stateMachine: machine })) {
    const ids = ctx.store.eventIdsByType(candidate.id, 'MapRunStarted').concat(ctx.store.eventIdsByType(candidate.id, 'MapRunRedriven'));
    if (ids.length === 0) continue;
    const events = ctx.store.loadEvents(candidate.id);
    for (const id of ids) {
      const event = events.find((e) => e.id === id);
      const details = (event?.mapRunStartedEventDetails ?? event?.mapRunRedrivenEventDetails) as { mapRunArn?: Json } | undefined;
      if (details?.mapRunArn === mapRunArn) return { parent: candidate, eventId: id, events };
    }
  }
  throw sfnError('ResourceNotFound', `Resource not found: '${mapRunArn}'`);
}

/** The child executions of a Map Run, newest first. */
function mapRunChildren(ctx: SfnContext, mapRunArn: string): ExecutionRecord[] {
  const { parent, eventId } = findMapRun(ctx, mapRunArn);
  return ctx.store.listExecutions({ parentId: parent.id, parentEventId: eventId });
}
