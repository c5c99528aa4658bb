import type { Json } from '../../common/json';
import { describePullError, type PullTarget } from './pullFromAws';

/**
 * Fetches Step Functions log events from a CloudWatch Logs log group with the AWS SDK's CloudWatch
 * Logs client and its default credential chain (every page of FilterLogEvents; with an execution
 * ARN, only that execution's events, by a filter pattern on `execution_arn`). The messages are
 * turned into executions by common/history/logEvents, as exported files are.
 */
export async function fetchLogRecords(
  logGroup: string,
  target: PullTarget,
  options: { executionArn?: string; startTime?: number; endTime?: number; onProgress?: (records: number) => void } = {},
): Promise<Json[]> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { CloudWatchLogsClient, FilterLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
  const client = new CloudWatchLogsClient({
    ...(target.region !== undefined ? { region: target.region } : {}),
    ...(target.profile !== undefined ? { profile: target.profile } : {}),
    ...(target.endpointUrl !== undefined ? { endpoint: target.endpointUrl } : {}),
  });
  const records: Json[] = [];
  try {
    let nextToken: string | undefined;
    do {
      let page;
      try {
        page = await client.send(
          new FilterLogEventsCommand({
            logGroupName: logGroup,
            ...(options.executionArn !== undefined ? { filterPattern: `{ $.execution_arn = "${options.executionArn}" }` } : {}),
            ...(options.startTime !== undefined ? { startTime: options.startTime } : {}),
            ...(options.endTime !== undefined ? { endTime: options.endTime } : {}),
            ...(nextToken !== undefined ? { nextToken } : {}),
          }),
        );
      } catch (error) {
        throw describePullError(error, `log group ${logGroup}`, target);
      }
      for (const event of page.events ?? []) {
        if (typeof event.message !== 'string') continue;
        try {
          records.push(JSON.parse(event.message) as Json);
        } catch {
          // Not a Step Functions log message.
        }
      }
      nextToken = page.nextToken;
      options.onProgress?.(records.length);
    } while (nextToken !== undefined && nextToken !== '');
  } finally {
    client.destroy();
  }
  return records;
}
