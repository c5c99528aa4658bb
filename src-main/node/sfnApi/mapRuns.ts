import type { HistoryEvent } from '../../common/history/events';
import type { Json, JsonObject } from '../../common/json';
import type { Body, SfnContext } from './context';
import { awsStatus, findMapRun } from './executions';
import { checkArn, pageSize, pageToken, requiredString } from './params';
import { encodeToken, epochSeconds } from './wire';

const END_TYPES = new Set(['MapRunSucceeded', 'MapRunFailed', 'MapRunAborted']);

/** The Map Runs an execution's history records: each MapRunStarted with the end that follows it. */
function mapRunsOf(events: readonly HistoryEvent[]): { arn: string; started: HistoryEvent; ended: HistoryEvent | undefined }[] {
  const runs: { arn: string; started: HistoryEvent; ended: HistoryEvent | undefined }[] = [];
  for (const event of events) {
    if (event.type === 'MapRunStarted') {
      const arn = (event.mapRunStartedEventDetails as { mapRunArn?: Json } | undefined)?.mapRunArn;
      if (typeof arn === 'string') runs.push({ arn, started: event, ended: undefined });
    } else if (END_TYPES.has(event.type)) {
      // An end belongs to the latest Map Run still open (Map Runs of one execution do not overlap in one branch).
      const open = [...runs].reverse().find((r) => r.ended === undefined);
      if (open) open.ended = event;
    }
  }
  return runs;
}

/** A Map state's field by its label (Label, else state name), searched through the whole definition. */
function mapStateField(definition: Json, label: string, field: string): Json | undefined {
  const stack: Json[] = [definition];
  while (stack.length > 0) {
    const value = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      stack.push(...value);
      continue;
    }
    const states = value.States;
    if (states !== null && typeof states === 'object' && !Array.isArray(states)) {
      for (const [name, state] of Object.entries(states)) {
        if (state !== null && typeof state === 'object' && !Array.isArray(state) && state.Type === 'Map' && (state.Label ?? name) === label && state[field] !== undefined) {
          return state[field];
        }
      }
    }
    stack.push(...Object.values(value));
  }
  return undefined;
}

/** ListMapRuns and DescribeMapRun, from the parent's history and the Map Run's stored child executions. */
export function mapRunActions(ctx: SfnContext): Record<string, (body: Body) => Promise<JsonObject> | JsonObject> {
  return {
    ListMapRuns(body) {
      const arn = requiredString(body, 'executionArn');
      checkArn(arn, 'execution');
      const record = ctx.executionByArn(arn);
      const size = pageSize(body);
      const token = pageToken(body, 'mr', arn);
      const runs = mapRunsOf(ctx.store.loadEvents(record.id));
      const start = typeof token?.p === 'number' ? token.p : 0;
      const out: JsonObject = {
        mapRuns: runs.slice(start, start + size).map((r) => {
          const parts = r.arn.split(':');
          const item: JsonObject = {
            executionArn: arn,
            mapRunArn: r.arn,
            stateMachineArn: `${parts.slice(0, 5).join(':')}:stateMachine:${parts[6] ?? ''}`,
            startDate: epochSeconds(r.started.timestamp),
          };
          if (r.ended) item.stopDate = epochSeconds(r.ended.timestamp);
          return item;
        }),
      };
      if (start + size < runs.length) out.nextToken = encodeToken({ k: 'mr', s: arn, p: start + size });
      return out;
    },

    DescribeMapRun(body) {
      const arn = requiredString(body, 'mapRunArn', 2000);
      checkArn(arn, 'mapRun');
      const { parent, eventId, events } = findMapRun(ctx, arn);
      const run = mapRunsOf(events).find((r) => r.started.id === eventId) ?? mapRunsOf(events).find((r) => r.arn === arn);
      const children = ctx.store.listExecutions({ parentId: parent.id, parentEventId: eventId });
      const counts = { pending: 0, running: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, total: children.length, resultsWritten: 0, failuresNotRedrivable: 0, pendingRedrive: 0 };
      for (const child of children) {
        const status = awsStatus(child);
        if (status === 'RUNNING') counts.running++;
        else if (status === 'SUCCEEDED') counts.succeeded++;
        else if (status === 'FAILED') counts.failed++;
        else if (status === 'TIMED_OUT') counts.timedOut++;
        else if (status === 'ABORTED') counts.aborted++;
      }
      const ended = run?.ended;
      const status = ended === undefined ? 'RUNNING' : ended.type === 'MapRunSucceeded' ? 'SUCCEEDED' : ended.type === 'MapRunFailed' ? 'FAILED' : 'ABORTED';
      const definition = parent.definitionId !== null ? ctx.store.getDefinition(parent.definitionId) : undefined;
      let parsed: Json = null;
      try {
        parsed = definition !== undefined ? (JSON.parse(definition.text) as Json) : null;
      } catch {
        parsed = null;
      }
      const label = (arn.split(':')[6] ?? '').split('/').slice(1).join('/');
      const maxConcurrency = mapStateField(parsed, label, 'MaxConcurrency');
      const percentage = mapStateField(parsed, label, 'ToleratedFailurePercentage');
      const count = mapStateField(parsed, label, 'ToleratedFailureCount');
      const redriven = events.filter((e) => e.type === 'MapRunRedriven' && (e.mapRunRedrivenEventDetails as { mapRunArn?: Json } | undefined)?.mapRunArn === arn);
      const out: JsonObject = {
        mapRunArn: arn,
        executionArn: parent.arn,
        status,
        startDate: epochSeconds(run?.started.timestamp ?? parent.createdAt),
        maxConcurrency: typeof maxConcurrency === 'number' ? maxConcurrency : 0,
        toleratedFailurePercentage: typeof percentage === 'number' ? percentage : 0,
        toleratedFailureCount: typeof count === 'number' ? count : 0,
        itemCounts: { ...counts },
        executionCounts: { ...counts },
        redriveCount: redriven.length,
      };
      if (ended) out.stopDate = epochSeconds(ended.timestamp);
      if (redriven.length > 0) out.redriveDate = epochSeconds(redriven[redriven.length - 1].timestamp);
      return out;
    },
  };
}
