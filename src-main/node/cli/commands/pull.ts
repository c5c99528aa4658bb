import { parseStatesArn } from '../../../common/arn';
import { parseVerbArgs } from '../args';
import { CliError, EXIT, UsageError } from '../errors';
import { VERB_HELP } from '../help';
import type { CliIo } from '../io';
import { openCliStore } from './storeAccess';

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const;
type Status = (typeof STATUSES)[number];

/** Histories at least this long report their progress on stderr, page by page. */
const PROGRESS_FROM = 1000;
/** `--children` pulls at most this many Map Run child executions unless `--max-children` says otherwise. */
export const DEFAULT_MAX_CHILDREN = 500;
/** Map Run children report their progress every this many (and at the last). */
const CHILD_PROGRESS_EVERY = 25;

/**
 * `stepscope pull <execution-arn|state-machine-arn> [--status S] [--limit n] [--profile p]
 * [--region r] [--endpoint-url url] [--db file] [--json]`: fetches executions from AWS Step
 * Functions with the SDK's default credential chain (node/pull) and stores them as imports. A
 * state machine ARN pulls its most recent executions (`--limit`, default 10; `--status` to pick).
 * `--children` also pulls the child executions of their Distributed Map runs (`--max-children`).
 */
export async function pullCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseVerbArgs('pull', argv, {
    status: { type: 'string' },
    limit: { type: 'string' },
    profile: { type: 'string' },
    region: { type: 'string' },
    'endpoint-url': { type: 'string' },
    db: { type: 'string' },
    json: { type: 'boolean' },
    children: { type: 'boolean' },
    'max-children': { type: 'string' },
  });
  if (args.flags.help) {
    io.stdout(VERB_HELP.pull);
    return EXIT.ok;
  }
  if (args.positionals.length !== 1) throw new UsageError(args.positionals.length === 0 ? 'Missing the execution or state machine ARN to pull' : `Unexpected argument "${args.positionals[1]}"`, 'pull');
  const arn = args.positionals[0];
  const parts = parseStatesArn(arn);
  const kind = parts.resourceType === 'stateMachine' ? 'stateMachine' : parts.resourceType === 'execution' || parts.resourceType === 'express' ? 'execution' : undefined;
  if (!/^arn:aws[a-z-]*:states:/.test(arn) || kind === undefined || !parts.resourceName) {
    throw new UsageError(`"${arn}" is not an execution or state machine ARN (arn:aws:states:<region>:<account>:execution:<machine>:<name>, or ...:stateMachine:<machine>)`, 'pull');
  }
  const status = args.strings.status;
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, not "${status}"`, 'pull');
  const limitText = args.strings.limit;
  if (limitText !== undefined && (!/^\d+$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > 1000)) throw new UsageError(`--limit must be a number from 1 to 1000, not "${limitText}"`, 'pull');
  if (kind === 'execution' && (status !== undefined || limitText !== undefined)) throw new UsageError('--status and --limit apply to a state machine ARN, not to an execution', 'pull');
  const maxText = args.strings['max-children'];
  if (maxText !== undefined && !args.flags.children) throw new UsageError('--max-children applies with --children', 'pull');
  if (maxText !== undefined && (!/^\d+$/.test(maxText) || Number(maxText) < 1 || Number(maxText) > 100_000)) throw new UsageError(`--max-children must be a number from 1 to 100000, not "${maxText}"`, 'pull');
  const maxChildren = maxText !== undefined ? Number(maxText) : DEFAULT_MAX_CHILDREN;
  const endpointUrl = args.strings['endpoint-url'];
  if (endpointUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(endpointUrl)) throw new UsageError(`--endpoint-url must be an http(s) URL, not "${endpointUrl}"`, 'pull');
  const target = {
    ...(args.strings.region !== undefined ? { region: args.strings.region } : {}),
    ...(args.strings.profile !== undefined ? { profile: args.strings.profile } : {}),
    ...(endpointUrl !== undefined ? { endpointUrl } : {}),
  };

  // Loaded only by this verb: the AWS SDK is large.
  const { createPullClient, listExecutionArns, pullExecution, pullMapRunChildren, PullError } = await import('../../pull/pullFromAws');
  const client = await createPullClient(arn, target);
  try {
    const arns =
      kind === 'execution' ? [arn] : await listExecutionArns(client, arn, target, { limit: limitText !== undefined ? Number(limitText) : 10, ...(status !== undefined ? { status: status as Status } : {}) });
    if (arns.length === 0) {
      io.stderr(`stepscope pull: ${arn} has no executions${status !== undefined ? ` with status ${status}` : ''}; nothing was stored\n`);
      return EXIT.ok;
    }
    const pulled = [];
    for (const executionArn of arns) {
      pulled.push(
        await pullExecution(client, executionArn, target, (n) => {
          if (n >= PROGRESS_FROM) io.stderr(`stepscope pull: ${executionArn}: ${n} events so far\n`);
        }),
      );
    }
    // --children: the Distributed Map runs' child executions too, linked to their parent as a local run's are.
    const withChildren = args.flags.children
      ? await pullMapRunChildren(client, pulled, target, {
          max: maxChildren,
          onProgress: (done, total) => {
            if (done % CHILD_PROGRESS_EVERY === 0 || done === total) io.stderr(`stepscope pull: Map Run child executions: ${done} of ${total}\n`);
          },
        })
      : undefined;
    if (withChildren?.capped) io.stderr(`stepscope pull: stopped at ${maxChildren} Map Run child executions (--max-children); the Map Runs list ${withChildren.listed}\n`);
    if (withChildren !== undefined && withChildren.skippedExpress > 0) {
      io.stderr(`stepscope pull: ${withChildren.skippedExpress} Express child executions were not pulled: AWS keeps no history for them (see stepscope import-logs)\n`);
    }
    const all = withChildren?.executions ?? pulled;
    const store = openCliStore(io, args.strings.db);
    try {
      const links = withChildren?.links.map((l) => (l !== undefined ? { parentIndex: l.parentIndex, parentEventId: l.parentEventId, parentKind: 'mapRun' as const } : undefined));
      const ids = await store.importExecutions(
        all.map((p) => p.execution),
        links !== undefined ? { links } : {},
      );
      if (args.flags.json) io.stdout(`${JSON.stringify(ids)}\n`);
      else {
        pulled.forEach((p, i) => io.stdout(`Pulled execution ${ids[i]}: ${p.execution.name} (${p.execution.status}, ${p.execution.events.length} events) from ${p.execution.executionArn}\n`));
        const children = ids.slice(pulled.length);
        if (withChildren !== undefined) {
          io.stdout(children.length > 0 ? `Pulled ${children.length} Map Run child executions: ${children[0]}-${children[children.length - 1]}\n` : 'No Map Run child executions to pull\n');
        }
      }
    } finally {
      await store.close();
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof PullError) throw new CliError(`stepscope pull: ${error.message}`);
    throw error;
  } finally {
    client.destroy();
  }
}
