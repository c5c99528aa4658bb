import { parseStatesArn } from '../../common/arn';
import { ApiFailure, conflict, invalidInput, notFound } from '../../common/contract/errors';
import { storeImported } from './importsApi';
import type { ApiMethods, ServiceContext } from './serviceContext';

/**
 * `executions.pull`: executions fetched from AWS Step Functions (node/pull, as `stepscope pull`),
 * stored like imports. The SDK is loaded on the first pull only.
 */
export function createPullMethods(ctx: ServiceContext): ApiMethods<'executions.pull'> {
  return {
    'executions.pull': async (input) => {
      ctx.assertOpen('nothing can be pulled');
      const kind = parseStatesArn(input.arn).resourceType;
      if (kind !== 'stateMachine' && kind !== 'execution' && kind !== 'express') throw invalidInput(`"${input.arn}" is not an execution or state machine ARN`, '/arn');
      if (kind !== 'stateMachine' && (input.status !== undefined || input.limit !== undefined)) throw invalidInput('status and limit apply to a state machine ARN', '/arn');
      const { createPullClient, listExecutionArns, pullExecution, PullError } = await import('../pull/pullFromAws');
      const target = {
        ...(input.region !== undefined ? { region: input.region } : {}),
        ...(input.profile !== undefined ? { profile: input.profile } : {}),
        ...(input.endpointUrl !== undefined ? { endpointUrl: input.endpointUrl } : {}),
      };
      const client = await createPullClient(input.arn, target);
      try {
        const arns =
          kind === 'stateMachine' ? await listExecutionArns(client, input.arn, target, { limit: input.limit ?? 10, ...(input.status !== undefined ? { status: input.status } : {}) }) : [input.arn];
        const pulled = [];
        for (const arn of arns) pulled.push((await pullExecution(client, arn, target)).execution);
        return { executions: await storeImported(ctx, pulled) };
      } catch (error) {
        if (error instanceof ApiFailure || !(error instanceof PullError)) throw error;
        if (error.kind === 'notFound') throw notFound(error.message, '/arn');
        if (error.kind === 'invalid') throw invalidInput(error.message, '/arn');
        throw conflict(error.message, '/arn');
      } finally {
        client.destroy();
      }
    },
  };
}
