/**
 * How a Task's `Resource` ARN shapes its history events. AWS records three families:
 * Lambda function ARNs (LambdaFunction* events), activities (Activity* events) and service
 * integrations `arn:aws:states:::<service>:<action>[.sync|.sync:2|.waitForTaskToken]`
 * (Task* events with `resourceType` and `resource`).
 */
export type TaskResourceKind = 'lambda-function' | 'activity' | 'service';

/** The integration pattern of a service integration (Developer Guide, "Service integration patterns"). */
export type IntegrationPattern = 'request-response' | 'sync' | 'sync2' | 'waitForTaskToken';

/** A parsed Resource ARN. */
export interface TaskResource {
  kind: TaskResourceKind;
  /** The ARN as written. */
  arn: string;
  /** For `service`: e.g. "lambda", "sqs", "aws-sdk:dynamodb". */
  resourceType: string;
  /** For `service`: e.g. "invoke", "sendMessage.waitForTaskToken", "startExecution.sync:2". */
  resource: string;
  pattern: IntegrationPattern;
  /** Region named in the ARN, if any. */
  region?: string;
}

const cache = new Map<string, TaskResource>();

/** Parses a Task's Resource ARN (results are cached: definitions reuse the same ARNs). */
export function parseTaskResource(arn: string): TaskResource {
  const hit = cache.get(arn);
  if (hit) return hit;
  const parsed = parseUncached(arn);
  cache.set(arn, parsed);
  return parsed;
}

function patternOf(action: string): IntegrationPattern {
  if (action.endsWith('.waitForTaskToken')) return 'waitForTaskToken';
  if (action.endsWith('.sync:2')) return 'sync2';
  if (action.endsWith('.sync')) return 'sync';
  return 'request-response';
}

function parseUncached(arn: string): TaskResource {
  const parts = arn.split(':');
  // arn:partition:service:region:account:resource...
  if (parts[0] === 'arn' && parts.length >= 6) {
    const service = parts[2];
    const region = parts[3] || undefined;
    if (service === 'lambda' && parts[5] === 'function') {
      return { kind: 'lambda-function', arn, resourceType: 'lambda', resource: arn, pattern: 'request-response', region };
    }
    if (service === 'states' && parts[5] === 'activity') {
      return { kind: 'activity', arn, resourceType: 'activity', resource: arn, pattern: 'request-response', region };
    }
    if (service === 'states' && parts[4] === '') {
      // arn:aws:states:::sqs:sendMessage.waitForTaskToken  or  arn:aws:states:::aws-sdk:dynamodb:getItem
      const rest = parts.slice(5);
      if (rest[0] === 'aws-sdk' && rest.length >= 3) {
        const action = rest.slice(2).join(':');
        return { kind: 'service', arn, resourceType: `aws-sdk:${rest[1]}`, resource: action, pattern: patternOf(action), region };
      }
      const action = rest.slice(1).join(':');
      return { kind: 'service', arn, resourceType: rest[0], resource: action, pattern: patternOf(action), region };
    }
  }
  // Not an ARN we recognise: treat it as an activity-like opaque resource so that it can still be mocked.
  return { kind: 'activity', arn, resourceType: 'activity', resource: arn, pattern: 'request-response' };
}
