import type { ExecutionRecord } from '../store';
import { conflict, invalidInput } from '../../common/contract/errors';
import { mocksFromExecution } from '../../common/debug/mocksFromExecution';
import { mapRunAttempts } from './childExecutions';
import type { Launcher } from './launcher';
import type { ApiMethods, ServiceContext } from './serviceContext';
import { latestAttemptOf, withAttempts } from './redriveAttempts';
import { detailFromRecord, summaryFromRecord, toExecutionId } from './storeRecords';

/** Default page size of `executions.events`, and of `executions.list`. */
const DEFAULT_EVENTS_PAGE = 1000;
const DEFAULT_LIST_LIMIT = 100;

/** The `executions.*` methods that start a run or read stored executions (fork, redrive and import have their own modules). */
export type ExecutionMethods = ApiMethods<'executions.start' | 'executions.list' | 'executions.childCounts' | 'executions.get' | 'executions.events' | 'executions.mocksFrom'>;

/** Starting executions and the queries over stored ones (with live event counts of running ones). */
export function createExecutionMethods(ctx: ServiceContext, launcher: Launcher): ExecutionMethods {
  const { store, live } = ctx;
  return {
    'executions.start': async (input) => {
      const spec = launcher.prepareStart(input);
      return 'invalid' in spec ? spec.invalid : launcher.launch(spec);
    },
    'executions.mocksFrom': async ({ executionId, stateMachine, testCase }) => {
      const record = ctx.recordOf(executionId);
      if (live.isRunning(executionId)) throw conflict(`Execution "${executionId}" is still running: make mocks from it once it has stopped`, '/executionId');
      const machine = stateMachine ?? record.stateMachineName;
      const name = testCase ?? 'FromExecution';
      const made = mocksFromExecution(store.loadEvents(record.id), { stateMachineName: machine, testCaseName: name });
      const mockConfigId = store.saveMockConfig({ content: made.config, sourcePath: `execution:${record.arn}` });
      return { config: made.config, stateMachine: machine, testCase: name, invocations: made.invocations, mockConfigId };
    },
    'executions.list': async ({ limit, parentExecutionId, parentEventId, includeChildren, status, offset }) => {
      let parent: ExecutionRecord | undefined;
      if (parentExecutionId !== undefined) parent = ctx.recordOf(parentExecutionId);
      else if (parentEventId !== undefined) throw invalidInput('parentEventId needs parentExecutionId', '/parentEventId');
      const max = limit ?? DEFAULT_LIST_LIMIT;
      const page = { limit: max, ...(offset !== undefined ? { offset } : {}), ...(status !== undefined ? { status } : {}) };
      // A Map Run's children: with a redrive's earlier attempts (one child per item), in item order.
      const records =
        parent !== undefined && parentEventId !== undefined
          ? store.listMapRunChildren(mapRunAttempts(store, parent, parentEventId), page)
          : parent !== undefined
            ? store.listExecutions({ ...page, parentId: parent.id })
            : // The start screen's list: one row per execution, a redriven one as its latest attempt
              // (with its attempts); with includeChildren, every stored execution.
              store.listExecutions({ ...page, withoutChildren: includeChildren !== true, countChildren: true, latestAttempts: includeChildren !== true });
      return records.map((record) => withAttempts(store, record, summaryFromRecord(record, live.emittedCount(toExecutionId(record.id)), ctx.parentRecordOf(record))));
    },
    'executions.childCounts': async ({ parentExecutionId, parentEventId }) => store.countMapRunChildren(mapRunAttempts(store, ctx.recordOf(parentExecutionId), parentEventId)),
    'executions.get': async ({ executionId }) => {
      const record = ctx.recordOf(executionId);
      const detail = withAttempts(store, record, detailFromRecord(store, record, live.emittedCount(executionId)));
      const latest = latestAttemptOf(store, record);
      return latest.id === record.id ? detail : { ...detail, latestAttempt: toExecutionId(latest.id) };
    },
    'executions.events': async ({ executionId, after = 0, limit = DEFAULT_EVENTS_PAGE }) => {
      const record = ctx.recordOf(executionId);
      const events = store.loadEventPage(record.id, after, limit);
      const page = { executionId, events, status: record.status };
      // A full page may have more after it; a short one reached the last event stored so far.
      return events.length === limit ? { ...page, nextAfter: events[events.length - 1].id } : page;
    },
  };
}
