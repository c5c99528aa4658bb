import { isValid, validateDefinitionText } from '../../common/asl/validate';
import type { StateMachineDefinition } from '../../common/asl/types';
import type { ExecutionId, InputOf, StartOutcome } from '../../common/contract/api';
import { ApiFailure, conflict, invalidInput } from '../../common/contract/errors';
import { ForkError, offsetInvocations, rebuildAt } from '../../common/debug/fork';
import { redriveInvocations, redriveInvoker } from '../../common/debug/redriveInvocations';
import { mocksFromExecution } from '../../common/debug/mocksFromExecution';
import type { TaskInvoker } from '../../common/engine/ports';
import { mapRunItemCount, mapRunToRedrive, summariseMapRunResume } from '../../common/engine/redrive/mapRun';
import { redriveRefusal } from '../../common/engine/redrive/redrivable';
import type { StartAt } from '../../common/engine/run';
import type { HistoryEvent } from '../../common/history/events';
import type { Json } from '../../common/json';
import { createMockInvoker, parseMockConfig } from '../../common/mocks';
import type { ExecutionRecord } from '../store';
import type { BreakpointsApi } from './breakpointsApi';
import { mapRunResumeFrom } from './childExecutions';
import { latestAttemptOf } from './redriveAttempts';
import { toExecutionId } from './storeRecords';
import { loadExampleFiles, loadExamples, type ExampleFiles } from './examples';
import type { Launcher, LaunchSpec } from './launcher';
import type { PortableInvoker } from './runOffThread';
import type { ApiMethods, ServiceContext } from './serviceContext';

/** A stored execution that can run again: its record, definition (text and parsed) and events. */
interface Original {
  record: ExecutionRecord;
  definitionText: string;
  definition: StateMachineDefinition;
  events: HistoryEvent[];
}

/**
 * Re-running a stored execution: `executions.fork` (from one of its events, maybe with another
 * input or mocks, maybe under the debugger) and `executions.redrive` (a failed, timed-out or
 * aborted execution goes on from where it failed, as AWS's RedriveExecution). Both assemble a
 * launch spec from the stored execution and launch it like any other run.
 */
export function createRerunMethods(ctx: ServiceContext, launcher: Launcher, breakpoints: BreakpointsApi): ApiMethods<'executions.fork' | 'executions.redrive'> {
  const { store } = ctx;

  /** A stored execution's definition, events and record, for fork and redrive. */
  const originalOf = (executionId: ExecutionId): Original => {
    const record = ctx.recordOf(executionId);
    if (ctx.live.isRunning(executionId)) throw conflict(`Execution "${executionId}" is still running`, '/executionId');
    const definitionRecord = record.definitionId !== null ? store.getDefinition(record.definitionId) : undefined;
    if (definitionRecord === undefined || definitionRecord.reconstructed) {
      throw invalidInput(`The definition of execution "${record.name}" is not known (it was rebuilt from its history): import it with its definition to re-run it`, '/executionId');
    }
    const validation = validateDefinitionText(definitionRecord.text);
    if (validation.value === undefined || !isValid(validation.diagnostics)) {
      throw invalidInput(`The definition of execution "${record.name}" has errors: it cannot run`, '/executionId');
    }
    return { record, definitionText: definitionRecord.text, definition: validation.value as unknown as StateMachineDefinition, events: store.loadEvents(record.id) };
  };

  /**
   * The example files (S3 objects, child state machines) a re-run of `original` needs: those of
   * the gallery example with its state machine name and definition text (the store keeps no
   * example id), else none.
   */
  const rerunFiles = (original: Original): ExampleFiles => {
    const example = loadExamples(ctx.options.examplesDir).find((e) => e.stateMachine === original.record.stateMachineName && e.definitionText === original.definitionText);
    return example !== undefined ? loadExampleFiles(ctx.options.examplesDir, example.id) : {};
  };

  /** Mocks for a re-run: the given ones, else the original's stored config, else made from its history. */
  const rerunMocks = (
    original: Original,
    given: { config: Json; stateMachine: string; testCase: string } | undefined,
  ): { invoker: TaskInvoker; portable: Extract<PortableInvoker, { kind: 'mocks' }>; mocks: { config: Json; testCase: string } } => {
    if (given !== undefined) {
      return { invoker: launcher.mockInvoker(given), portable: { kind: 'mocks', config: given.config, stateMachine: given.stateMachine, testCase: given.testCase }, mocks: { config: given.config, testCase: given.testCase } };
    }
    const { record } = original;
    const stored = record.mockConfigId !== null ? store.getMockConfig(record.mockConfigId) : undefined;
    if (stored !== undefined && record.testCase !== null) {
      const parsed = parseMockConfig(stored.content);
      if (parsed.ok) {
        for (const [machine, cases] of parsed.config.stateMachines) {
          if (cases.has(record.testCase)) {
            return {
              invoker: createMockInvoker(parsed.config, { stateMachine: machine, testCase: record.testCase }),
              portable: { kind: 'mocks', config: stored.content, stateMachine: machine, testCase: record.testCase },
              mocks: { config: stored.content, testCase: record.testCase },
            };
          }
        }
      }
    }
    const made = mocksFromExecution(original.events, { stateMachineName: record.stateMachineName });
    const parsed = parseMockConfig(made.config);
    if (!parsed.ok) throw new ApiFailure({ code: 'INTERNAL', message: `Stepscope made an invalid mock config from the history: ${parsed.diagnostics[0].message}` });
    return {
      invoker: createMockInvoker(parsed.config, { stateMachine: record.stateMachineName, testCase: 'FromExecution', extras: made.extras }),
      portable: { kind: 'mocks', config: made.config, stateMachine: record.stateMachineName, testCase: 'FromExecution', extras: made.extras as unknown as Json },
      mocks: { config: made.config, testCase: 'FromExecution' },
    };
  };

  /** A name for a re-run of `name`: AWS's 80-character limit kept. */
  const rerunName = (name: string, kind: 'fork' | 'redrive') => `${name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60)}-${kind}-${ctx.nameSuffix()}`.slice(0, 80);

  const fork = async (input: InputOf<'executions.fork'>): Promise<StartOutcome> => {
    ctx.assertOpen('no new execution can start');
    const original = originalOf(input.executionId);
    let rebuilt;
    try {
      rebuilt = rebuildAt(original.definition, original.events, input.eventId);
    } catch (error) {
      if (error instanceof ForkError) throw invalidInput(error.message, '/eventId');
      throw error;
    }
    const { invoker, portable, mocks } = rerunMocks(original, input.mocks);
    const startAt: StartAt = { ...rebuilt.startAt };
    if (input.input !== undefined) startAt.input = input.input;
    const spec: LaunchSpec = {
      definition: original.definition,
      definitionText: original.definitionText,
      input: rebuilt.executionInput,
      invoker: offsetInvocations(invoker, rebuilt.invocationsBefore),
      portableInvoker: { ...portable, invocationOffsets: rebuilt.invocationsBefore },
      seed: original.record.seed ?? 0,
      name: rerunName(original.record.name, 'fork'),
      stateMachineName: original.record.stateMachineName,
      files: rerunFiles(original),
      mocks,
      startAt,
      parent: { id: original.record.id, eventId: input.eventId, kind: 'fork' },
    };
    if (input.debug !== undefined) {
      spec.debug = {
        breakpoints: input.debug.breakpoints ?? breakpoints.of(spec.stateMachineName),
        stopOnEntry: input.debug.stopOnEntry === true,
      };
    }
    return launcher.launch(spec);
  };

  const redrive = async (input: InputOf<'executions.redrive'>): Promise<StartOutcome> => {
    ctx.assertOpen('no new execution can start');
    // An attempt already redriven stands for its execution, as an ARN does in AWS: its latest attempt goes on.
    const latest = latestAttemptOf(store, ctx.recordOf(input.executionId));
    const original = originalOf(toExecutionId(latest.id));
    const events = original.events;
    const last = events[events.length - 1];
    const refusal = redriveRefusal(events);
    if (refusal !== undefined || last === undefined) {
      throw conflict(`Only a failed, timed-out or aborted execution that entered a state can be redriven: ${refusal ?? 'it has no events'}`, '/executionId');
    }
    let rebuilt;
    try {
      rebuilt = rebuildAt(original.definition, events, last.id, { redrive: true });
    } catch (error) {
      if (error instanceof ForkError) throw invalidInput(error.message, '/executionId');
      throw error;
    }
    const redriveCount = events.filter((e) => e.type === 'ExecutionRedriven').length + 1;
    // The failed state starts afresh (AWS resets its retries on redrive); the execution's Tasks
    // count their invocations after every earlier one, and one the mocks do not answer gets the
    // answer of the invocation it re-runs (debug/redriveInvocations.ts).
    const startAt: StartAt = { ...rebuilt.startAt, redrive: { lastEventId: last.id, redriveCount } };
    delete startAt.retryAttempts;
    const plan = redriveInvocations(events);
    const before = plan.before;
    // A failed Distributed Map: its Map Run is redriven, and only the items whose child execution
    // did not succeed run again; the others keep their stored results (engine/redrive/mapRun.ts).
    let preserved = rebuilt.preserved;
    const mapRun = mapRunToRedrive(original.definition, events);
    if (mapRun !== undefined && mapRun.state === startAt.state) {
      const stored = mapRunResumeFrom(store, original.record, mapRun);
      startAt.mapRun = stored.resume;
      for (const [state, n] of Object.entries(stored.invocations)) before[state] = (before[state] ?? 0) + n;
      preserved = summariseMapRunResume(mapRun.state, stored.resume, mapRunItemCount(events, mapRun.eventId));
    }
    const { invoker, portable, mocks } = rerunMocks(original, input.mocks);
    const lastMs = Date.parse(last.timestamp);
    return launcher.launch({
      definition: original.definition,
      definitionText: original.definitionText,
      input: rebuilt.executionInput,
      invoker: redriveInvoker(invoker, plan),
      portableInvoker: { ...portable, invocationOffsets: before, redriveLast: plan.last },
      seed: original.record.seed ?? 0,
      // A redrive goes on with the same execution: same name and ARN.
      name: original.record.name,
      stateMachineName: original.record.stateMachineName,
      files: rerunFiles(original),
      mocks,
      startAt,
      ...(Number.isNaN(lastMs) ? {} : { startTime: lastMs }),
      parent: { id: original.record.id, eventId: last.id, kind: 'redrive', ...(preserved !== undefined ? { redrivePreserved: preserved } : {}) },
      priorEvents: events,
    });
  };

  return { 'executions.fork': fork, 'executions.redrive': redrive };
}
