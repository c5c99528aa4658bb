import type { ArnScope } from '../../common/arn';
import type { InputOf, MethodName, OutputOf } from '../../common/contract/api';
import type { Json, JsonObject } from '../../common/json';
import type { MockConfig } from '../../common/mocks';
import type { StepscopeService } from '../service';
import { dispatch } from '../service/dispatch';
import type { ExecutionRecord, ExecutionStore } from '../store';
import { fromServiceError, sfnError } from './errors';
import type { SfnRegistry } from './registry';

/** A MockConfigFile given to the endpoint at start (`stepscope serve --mock-config`). */
export interface EndpointMocks {
  /** As written (stored with each execution that uses it). */
  content: Json;
  parsed: MockConfig;
  /** The file it came from. */
  path: string;
}

/** What every action of the endpoint shares. */
export interface SfnContext {
  readonly service: StepscopeService;
  /** Read only: executions are found by ARN and their events paged from it; every change goes through the service. */
  readonly store: ExecutionStore;
  readonly registry: SfnRegistry;
  readonly scope: ArnScope;
  readonly mocks: EndpointMocks | undefined;
  /** How long GetActivityTask waits for work before answering without a task (AWS: 60 s). */
  readonly activityPollMs: number;
  /** Calls the service as every transport does (`dispatch`: validated input); a failure becomes an SfnError. */
  call<M extends MethodName>(method: M, input: InputOf<M>, notFoundType?: string): Promise<OutputOf<M>>;
  /** The newest stored execution with this ARN (a redrive is stored as a new row with the same ARN), or ExecutionDoesNotExist. */
  executionByArn(arn: string): ExecutionRecord;
  /** Resolves once the stored execution has stopped (or at once when it has). */
  whenStopped(record: ExecutionRecord): Promise<ExecutionRecord>;
}

/** Builds the endpoint's shared context. */
export function createSfnContext(options: {
  service: StepscopeService;
  store: ExecutionStore;
  registry: SfnRegistry;
  scope: ArnScope;
  mocks?: EndpointMocks;
  activityPollMs?: number;
}): SfnContext {
  const { service, store } = options;
  const executionByArn = (arn: string): ExecutionRecord => {
    const record = store.findExecution(arn);
    if (!record || record.arn !== arn) throw sfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return record;
  };
  return {
    service,
    store,
    registry: options.registry,
    scope: options.scope,
    mocks: options.mocks,
    activityPollMs: options.activityPollMs ?? 60_000,
    async call(method, input, notFoundType) {
      const result = await dispatch(service, method, input);
      if (!result.ok) throw fromServiceError(result.error, notFoundType);
      return result.value as OutputOf<typeof method>;
    },
    executionByArn,
    whenStopped(record) {
      const stopped = () => {
        const now = store.getExecution(record.id);
        return now !== undefined && now.status !== 'RUNNING' ? now : undefined;
      };
      const done = stopped();
      if (done) return Promise.resolve(done);
      return new Promise((resolve) => {
        const unsubscribe = service.subscribe((push) => {
          if (push.type !== 'execution.statusChanged' || push.payload.execution.executionId !== String(record.id)) return;
          const now = stopped();
          if (now) {
            unsubscribe();
            resolve(now);
          }
        });
        // It may have stopped between the first look and the subscription.
        const late = stopped();
        if (late) {
          unsubscribe();
          resolve(late);
        }
      });
    },
  };
}

/** The members of a JSON object request body (the body is checked to be an object before). */
export type Body = JsonObject;
