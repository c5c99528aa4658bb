import type { ExecutionId, WaitingTask } from '../../common/contract/api';
import { conflict, notFound } from '../../common/contract/errors';
import { TaskTokenError, type TaskTokenBroker } from '../../common/engine/callbacks/taskTokenBroker';
import type { ApiMethods, ServiceContext } from './serviceContext';

/** The `tasks.*` methods, and what the launcher needs to keep `tasks.changed` pushes going. */
export interface TasksApi {
  methods: ApiMethods<'tasks.list' | 'tasks.sendSuccess' | 'tasks.sendFailure' | 'tasks.sendHeartbeat' | 'tasks.claimActivity'>;
  /** Follows a new run's broker: its tokens are remembered, and each new wait is pushed. */
  watch(broker: TaskTokenBroker): void;
  /** Pushes the waiting tasks, when they changed, once the engine has settled (an answer closes its wait asynchronously). */
  pushSoon(): void;
}

/**
 * Task tokens of running executions (`.waitForTaskToken` Tasks and activities): the list of
 * waiting tasks, answering them, and the `tasks.changed` push.
 */
export function createTasksApi(ctx: ServiceContext): TasksApi {
  /** Every task token handed out, to tell "already answered" from "never issued". */
  const issuedTokens = new Set<string>();

  const waitingTasks = (): WaitingTask[] => {
    const out: WaitingTask[] = [];
    for (const entry of ctx.live.all()) {
      if (entry.finished) continue;
      for (const wait of entry.broker.pending()) {
        out.push({
          taskToken: wait.token,
          kind: wait.kind,
          executionId: entry.executionId,
          executionArn: wait.executionArn,
          stateName: wait.stateName,
          resource: wait.resource,
          input: wait.input,
          startedAt: new Date(wait.startedAt).toISOString(),
        });
      }
    }
    return out.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || Number(a.executionId) - Number(b.executionId));
  };

  let pushScheduled = false;
  let lastPushed = '[]';
  const pushSoon = () => {
    if (pushScheduled) return;
    pushScheduled = true;
    setTimeout(() => {
      pushScheduled = false;
      const waiting = waitingTasks();
      const text = JSON.stringify(waiting);
      if (text === lastPushed) return;
      lastPushed = text;
      ctx.pushes.push({ type: 'tasks.changed', payload: { waiting } });
    }, 0);
  };

  /** The broker to answer `taskToken` with: the named execution's, else the newest run waiting on it. */
  const brokerFor = (taskToken: string, executionId: ExecutionId | undefined): TaskTokenBroker => {
    if (executionId !== undefined) {
      const entry = ctx.live.get(executionId);
      if (entry && !entry.finished) return entry.broker;
    } else {
      const entries = ctx.live.all().reverse();
      const waiting = entries.find((e) => !e.finished && e.broker.pending().some((w) => w.token === taskToken));
      if (waiting) return waiting.broker;
    }
    if (issuedTokens.has(taskToken)) throw conflict(`TaskDoesNotExist: the task with token '${taskToken}' is no longer waiting (answered, timed out, or its execution stopped)`, '/taskToken');
    throw notFound(`InvalidToken: no task was given the token '${taskToken}'`, '/taskToken');
  };
  const answer = (taskToken: string, executionId: ExecutionId | undefined, send: (broker: TaskTokenBroker) => void): null => {
    const broker = brokerFor(taskToken, executionId);
    try {
      send(broker);
    } catch (error) {
      if (!(error instanceof TaskTokenError)) throw error;
      if (error.code === 'InvalidToken') throw notFound(`${error.code}: ${error.message}`, '/taskToken');
      throw conflict(`${error.code}: ${error.message}`, '/taskToken');
    }
    pushSoon();
    return null;
  };

  return {
    methods: {
      'tasks.list': async () => waitingTasks(),
      'tasks.sendSuccess': async ({ taskToken, output, executionId }) => answer(taskToken, executionId, (b) => b.sendTaskSuccess(taskToken, output)),
      'tasks.sendFailure': async ({ taskToken, error, cause, executionId }) => answer(taskToken, executionId, (b) => b.sendTaskFailure(taskToken, error, cause)),
      'tasks.sendHeartbeat': async ({ taskToken, executionId }) => answer(taskToken, executionId, (b) => b.sendTaskHeartbeat(taskToken)),
      'tasks.claimActivity': async ({ activityArn, workerName }) => {
        for (const entry of ctx.live.all()) {
          if (entry.finished) continue;
          const claimed = entry.broker.getActivityTask(activityArn, workerName);
          if (claimed !== undefined) {
            pushSoon();
            return { taskToken: claimed.taskToken, input: claimed.input, executionId: entry.executionId };
          }
        }
        return null;
      },
    },
    watch(broker) {
      broker.subscribe((wait) => {
        issuedTokens.add(wait.token);
        pushSoon();
      });
    },
    pushSoon,
  };
}
