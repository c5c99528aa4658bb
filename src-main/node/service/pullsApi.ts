import { parseStatesArn } from '../../common/arn';
import { ApiFailure, conflict, invalidInput, notFound } from '../../common/contract/errors';
import { storeImported } from './importsApi';
import type { ApiMethods, ServiceContext } from './serviceContext';

/**
 * `executions.pull`: executions fetched from AWS Step Functions (node/pull, as `stepscope pull`),
 * stored like imports, with their Distributed Map runs' child executions when asked (`children`).
 * The SDK is loaded on the first pull only.
 */
export function createPullMethods(ctx: ServiceContext): ApiMethods<'executions.pull'> {
  return {
    'executions.pull': async (input) => {
      ctx.assertOpen('nothing can be pulled');
      const kind = parseStatesArn(input.arn).resourceType;
      if (kind !== 'stateMachine' && kind !== 'execution' && kind !== 'express') throw invalidInput(`"${input.arn}" is not an execution or state machine ARN`, '/arn');
      if (kind !== 'stateMachine' && (input.status !== undefined || input.limit !== undefined)) throw invalidInput('status and limit apply to a state machine ARN', '/arn');
      if (input.maxChildren !== undefined && input.children !== true) throw invalidInput('maxChildren applies with children', '/maxChildren');
      const { createPullClient, listExecutionArns, pullExecution, pullMapRunChildren, PullError } = await import('../pull/pullFromAws');
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
        for (const arn of arns) pulled.push(await pullExecution(client, arn, target));
        if (input.children !== true) return { executions: await storeImported(ctx, pulled.map((p) => p.execution)) };
        // With their Distributed Map runs' child executions, linked under their parents (as `stepscope pull --children`).
        const all = await pullMapRunChildren(client, pulled, target, { max: input.maxChildren ?? 500 });
        const links = all.links.map((l) => (l !== undefined ? { parentIndex: l.parentIndex, parentEventId: l.parentEventId, parentKind: 'mapRun' as const } : undefined));
        return { executions: await storeImported(ctx, all.executions.map((p) => p.execution), undefined, links) };
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
