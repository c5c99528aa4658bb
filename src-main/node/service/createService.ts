import { randomUUID } from 'node:crypto';
import { isValid, validateDefinitionText } from '../../common/asl/validate';
import type { StateMachineDefinition } from '../../common/asl/types';
import type { ExecutionDetail, ExecutionId, InputOf, StartOutcome, StepscopeApi } from '../../common/contract/api';
import { invalidInput, notFound } from '../../common/contract/errors';
import type { Push, PushListener } from '../../common/contract/events';
import { runExecution } from '../../common/engine/interpreter';
import type { TaskInvoker } from '../../common/engine/ports';
import type { HistoryEvent } from '../../common/history/events';
import { createMockInvoker, MOCK_NOT_FOUND_ERROR, parseMockConfig, resolveTestCase } from '../../common/mocks';
import { loadExampleFiles, loadExamples } from './examples';
import { createMemoryRepository, toSummary, type ExecutionRepository } from './executionRepository';

/** Options of `createService`. */
export interface ServiceOptions {
  /** The examples gallery folder (resources/examples). */
  examplesDir: string;
  /** Where executions are kept. Default: in memory, for the life of the process. */
  repository?: ExecutionRepository;
  /** How long events wait to be batched into one push. Default 50 ms. */
  flushIntervalMs?: number;
  /** Most events in one push; a fuller batch is pushed at once. Default 500. */
  maxBatch?: number;
  /** New execution ids. Default: random UUIDs. */
  newId?: () => string;
  /** Wall-clock time (epoch ms) a new execution's virtual clock starts at. Default Date.now. */
  now?: () => number;
}

/** The service: the whole `StepscopeApi`, plus pushes and lifecycle. */
export interface StepscopeService extends StepscopeApi {
  /** Receives every push until the returned disposer is called. */
  subscribe(listener: PushListener): () => void;
  /** Resolves once no execution is running and every push has been sent. */
  whenIdle(): Promise<void>;
}

/** Default page size of `executions.events`, and of `executions.list`. */
const DEFAULT_EVENTS_PAGE = 1000;
const DEFAULT_LIST_LIMIT = 100;

/** Answers Task states when no mock config is given: each fails, saying how to mock it. */
const NO_MOCKS_INVOKER: TaskInvoker = {
  invoke: (request) => ({
    kind: 'failure',
    failure: { error: MOCK_NOT_FOUND_ERROR, cause: `No mocked response for state "${request.stateName}": the execution was started without a mock config` },
  }),
};

/**
 * Builds the service over the engine and a repository. Executions run on a virtual clock in this
 * process; their events are stored as they are emitted and pushed in batches
 * (`execution.eventsAppended`), followed by `execution.statusChanged` when they stop.
 */
export function createService(options: ServiceOptions): StepscopeService {
  const repository = options.repository ?? createMemoryRepository();
  const flushIntervalMs = options.flushIntervalMs ?? 50;
  const maxBatch = options.maxBatch ?? 500;
  const newId = options.newId ?? randomUUID;
  const now = options.now ?? Date.now;
  const listeners = new Set<PushListener>();
  const running = new Set<Promise<void>>();

  const push = (message: Push) => {
    for (const listener of [...listeners]) {
      try {
        listener(message);
      } catch {
        // A failing listener (a closed connection) must not stop the others or the execution.
      }
    }
  };

  /** Events emitted but not yet pushed, per execution, and the timer that will push them. */
  const pending = new Map<ExecutionId, HistoryEvent[]>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (only?: ExecutionId) => {
    for (const [executionId, events] of pending) {
      if (only !== undefined && executionId !== only) continue;
      pending.delete(executionId);
      const status = repository.get(executionId)?.status ?? 'RUNNING';
      for (let i = 0; i < events.length; i += maxBatch) {
        push({ type: 'execution.eventsAppended', payload: { executionId, events: events.slice(i, i + maxBatch), status } });
      }
    }
    if (pending.size === 0 && timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
  };
  const record = (executionId: ExecutionId, event: HistoryEvent) => {
    repository.appendEvents(executionId, [event]);
    let batch = pending.get(executionId);
    if (!batch) pending.set(executionId, (batch = []));
    batch.push(event);
    if (batch.length >= maxBatch) flush(executionId);
    else if (timer === undefined) {
      timer = setTimeout(() => {
        timer = undefined;
        flush();
      }, flushIntervalMs);
    }
  };

  const requireExecution = (executionId: ExecutionId): ExecutionDetail => {
    const found = repository.get(executionId);
    if (!found) throw notFound(`There is no execution "${executionId}"`, '/executionId');
    return found;
  };

  const start = async (input: InputOf<'executions.start'>): Promise<StartOutcome> => {
    const validation = validateDefinitionText(input.definitionText);
    if (validation.value === undefined || !isValid(validation.diagnostics)) {
      return { kind: 'invalid', diagnostics: validation.diagnostics };
    }
    let invoker = NO_MOCKS_INVOKER;
    if (input.mocks !== undefined) {
      const parsed = parseMockConfig(input.mocks.config);
      if (!parsed.ok) {
        const [first] = parsed.diagnostics;
        const more = parsed.diagnostics.length > 1 ? ` (and ${parsed.diagnostics.length - 1} more problems)` : '';
        throw invalidInput(`The mock config is invalid: ${first.message}${more}`, `/mocks/config${first.pointer}`);
      }
      const resolved = resolveTestCase(parsed.config, input.mocks.stateMachine, input.mocks.testCase);
      if (!resolved.ok) throw invalidInput(resolved.message, '/mocks/testCase');
      invoker = createMockInvoker(parsed.config, { stateMachine: input.mocks.stateMachine, testCase: input.mocks.testCase });
    }

    const executionId = newId() as ExecutionId;
    const stateMachineName = input.stateMachineName ?? input.mocks?.stateMachine ?? 'StateMachine';
    // AWS names must be unique per state machine: the test case (or "run") plus the id's first part.
    const name = input.name ?? `${input.mocks?.testCase.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40) ?? 'run'}-${executionId.slice(0, 8)}`;
    const startTime = now();
    const executionInput = input.input ?? {};
    const files = input.exampleId !== undefined ? loadExampleFiles(options.examplesDir, input.exampleId) : {};
    repository.insert({
      executionId,
      name,
      stateMachineName,
      status: 'RUNNING',
      startDate: new Date(startTime).toISOString(),
      eventCount: 0,
      origin: 'run',
      executionArn: '',
      definitionText: input.definitionText,
      input: executionInput,
    });
    const started = toSummary(requireExecution(executionId));
    push({ type: 'execution.statusChanged', payload: { execution: started } });

    const run = (async () => {
      try {
        const result = await runExecution({
          definition: validation.value as unknown as StateMachineDefinition,
          input: executionInput,
          invoker,
          startTime,
          seed: input.seed ?? 0,
          executionName: name,
          stateMachineName,
          sink: { emit: (event) => record(executionId, event) },
          collectEvents: false,
          ...files,
        });
        const patch: Parameters<ExecutionRepository['update']>[1] = {
          status: result.status,
          stopDate: new Date(result.stopDate).toISOString(),
          executionArn: result.executionArn,
        };
        if (result.output !== undefined) patch.output = result.output;
        if (result.error !== undefined) patch.error = result.error;
        if (result.cause !== undefined) patch.cause = result.cause;
        repository.update(executionId, patch);
      } catch (error) {
        // The engine reports every expected failure as a result: a throw is a bug in Stepscope.
        repository.update(executionId, {
          status: 'FAILED',
          stopDate: new Date(now()).toISOString(),
          error: 'Stepscope.InternalError',
          cause: error instanceof Error ? error.message : String(error),
        });
      }
      flush(executionId);
      push({ type: 'execution.statusChanged', payload: { execution: toSummary(requireExecution(executionId)) } });
    })();
    running.add(run);
    void run.finally(() => running.delete(run));
    return { kind: 'started', execution: started };
  };

  const api: StepscopeApi = {
    'examples.list': async () => loadExamples(options.examplesDir),
    'definitions.validate': async ({ text, stateMachineType }) => {
      const { diagnostics } = validateDefinitionText(text, stateMachineType === undefined ? {} : { stateMachineType });
      return { valid: isValid(diagnostics), diagnostics };
    },
    'executions.start': start,
    'executions.list': async ({ limit }) => repository.list(limit ?? DEFAULT_LIST_LIMIT),
    'executions.get': async ({ executionId }) => requireExecution(executionId),
    'executions.events': async ({ executionId, after = 0, limit = DEFAULT_EVENTS_PAGE }) => {
      const detail = requireExecution(executionId);
      const events = repository.events(executionId, after, limit) ?? [];
      const last = events.length > 0 ? events[events.length - 1].id : after;
      const page = { executionId, events, status: detail.status };
      return events.length === limit && last < detail.eventCount ? { ...page, nextAfter: last } : page;
    },
  };

  return {
    ...api,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async whenIdle() {
      while (running.size > 0) await Promise.all([...running]);
      flush();
    },
  };
}
