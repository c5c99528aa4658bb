/**
 * Values a template cannot give until it is deployed (a function's ARN, a table's generated
 * name, a queue's URL), made up in the shape AWS gives them, in a region and account the user
 * can set (arn.ts). Every made-up value is listed to the user, who can replace it (`--sub`).
 */
import { toActivityArn, toServiceArn, toStateMachineArn, type ArnScope } from '../arn';

/** What `Ref` and `Fn::GetAtt` give for one resource type (CloudFormation's "Return values" of each). */
interface ResourceShape {
  /** The property that names the resource when the template sets it (else a name is made up). */
  nameProperty?: string;
  /** What `Ref` returns, from the resource's name. */
  ref: (name: string, scope: ArnScope) => string;
  /** What `Fn::GetAtt` returns per attribute (`Arn` and the like). */
  attributes: Record<string, (name: string, scope: ArnScope) => string>;
}

const queueUrl = (name: string, scope: ArnScope) => `https://sqs.${scope.region}.amazonaws.com/${scope.account}/${name}`;
const lambdaArn = (name: string, scope: ArnScope) => toServiceArn('lambda', `function:${name}`, scope);
const tableArn = (name: string, scope: ArnScope) => toServiceArn('dynamodb', `table/${name}`, scope);
const stateMachineShape: Omit<ResourceShape, 'nameProperty'> = {
  ref: (name, scope) => toStateMachineArn(name, scope),
  attributes: { Arn: (name, scope) => toStateMachineArn(name, scope), Name: (name) => name },
};

const SHAPES: Record<string, ResourceShape> = {
  'AWS::Lambda::Function': { nameProperty: 'FunctionName', ref: (n) => n, attributes: { Arn: lambdaArn } },
  'AWS::Serverless::Function': { nameProperty: 'FunctionName', ref: (n) => n, attributes: { Arn: lambdaArn } },
  'AWS::Lambda::Alias': { ref: (n, s) => `${lambdaArn(n, s)}:live`, attributes: {} },
  'AWS::Lambda::Version': { ref: (n, s) => `${lambdaArn(n, s)}:1`, attributes: { Version: () => '1' } },
  'AWS::DynamoDB::Table': { nameProperty: 'TableName', ref: (n) => n, attributes: { Arn: tableArn, StreamArn: (n, s) => `${tableArn(n, s)}/stream/2024-01-01T00:00:00.000` } },
  'AWS::DynamoDB::GlobalTable': { nameProperty: 'TableName', ref: (n) => n, attributes: { Arn: tableArn } },
  'AWS::Serverless::SimpleTable': { nameProperty: 'TableName', ref: (n) => n, attributes: { Arn: tableArn } },
  'AWS::SQS::Queue': {
    nameProperty: 'QueueName',
    ref: queueUrl,
    attributes: { Arn: (n, s) => toServiceArn('sqs', n, s), QueueName: (n) => n, QueueUrl: queueUrl },
  },
  'AWS::SNS::Topic': {
    nameProperty: 'TopicName',
    ref: (n, s) => toServiceArn('sns', n, s),
    attributes: { TopicArn: (n, s) => toServiceArn('sns', n, s), TopicName: (n) => n },
  },
  'AWS::S3::Bucket': {
    nameProperty: 'BucketName',
    ref: (n) => n,
    attributes: { Arn: (n) => toServiceArn('s3', n), DomainName: (n) => `${n}.s3.amazonaws.com`, RegionalDomainName: (n, s) => `${n}.s3.${s.region}.amazonaws.com` },
  },
  'AWS::StepFunctions::StateMachine': { nameProperty: 'StateMachineName', ...stateMachineShape },
  'AWS::Serverless::StateMachine': { nameProperty: 'Name', ...stateMachineShape },
  'AWS::StepFunctions::Activity': { nameProperty: 'Name', ref: (n, s) => toActivityArn(n, s), attributes: { Name: (n) => n } },
  'AWS::Events::EventBus': { nameProperty: 'Name', ref: (n) => n, attributes: { Arn: (n, s) => toServiceArn('events', `event-bus/${n}`, s), Name: (n) => n } },
  'AWS::IAM::Role': { nameProperty: 'RoleName', ref: (n) => n, attributes: { Arn: (n, s) => toServiceArn('iam', `role/${n}`, s), RoleId: () => 'AROA00000000000000000' } },
  'AWS::ECS::Cluster': { nameProperty: 'ClusterName', ref: (n) => n, attributes: { Arn: (n, s) => toServiceArn('ecs', `cluster/${n}`, s) } },
  'AWS::ECS::TaskDefinition': { ref: (n, s) => toServiceArn('ecs', `task-definition/${n}:1`, s), attributes: { TaskDefinitionArn: (n, s) => toServiceArn('ecs', `task-definition/${n}:1`, s) } },
  'AWS::Batch::JobQueue': { nameProperty: 'JobQueueName', ref: (n, s) => toServiceArn('batch', `job-queue/${n}`, s), attributes: { JobQueueArn: (n, s) => toServiceArn('batch', `job-queue/${n}`, s) } },
  'AWS::Batch::JobDefinition': { nameProperty: 'JobDefinitionName', ref: (n, s) => toServiceArn('batch', `job-definition/${n}:1`, s), attributes: {} },
  'AWS::Glue::Job': { nameProperty: 'Name', ref: (n) => n, attributes: {} },
  'AWS::Kinesis::Stream': { nameProperty: 'Name', ref: (n) => n, attributes: { Arn: (n, s) => toServiceArn('kinesis', `stream/${n}`, s) } },
  'AWS::Logs::LogGroup': { nameProperty: 'LogGroupName', ref: (n) => n, attributes: { Arn: (n, s) => toServiceArn('logs', `log-group:${n}:*`, s) } },
  'AWS::CodeBuild::Project': { nameProperty: 'Name', ref: (n) => n, attributes: { Arn: (n, s) => toServiceArn('codebuild', `project/${n}`, s) } },
  'AWS::SecretsManager::Secret': { nameProperty: 'Name', ref: (n, s) => toServiceArn('secretsmanager', `secret:${n}-AbCdEf`, s), attributes: {} },
  'AWS::SSM::Parameter': { nameProperty: 'Name', ref: (n) => n, attributes: { Type: () => 'String', Value: () => 'value' } },
  'AWS::ApiGateway::RestApi': { nameProperty: 'Name', ref: () => 'a1b2c3d4e5', attributes: { RootResourceId: () => 'f6g7h8i9j0' } },
  'AWS::Serverless::Api': { nameProperty: 'Name', ref: () => 'a1b2c3d4e5', attributes: { RootResourceId: () => 'f6g7h8i9j0' } },
  'AWS::EKS::Cluster': { nameProperty: 'Name', ref: (n) => n, attributes: { Arn: (n, s) => toServiceArn('eks', `cluster/${n}`, s), Endpoint: (n) => `https://${n.toLowerCase()}.eks.amazonaws.com` } },
};

/** The service part of `AWS::<Service>::<Type>`, lower case (`dynamodb`), for ARNs of types Stepscope does not know. */
function serviceOf(resourceType: string): string {
  const service = resourceType.split('::')[1] ?? 'service';
  return service.toLowerCase() === 'serverless' ? 'lambda' : service.toLowerCase();
}

/** A resource of the template as `Ref`/`Fn::GetAtt` see it. */
export interface TemplateResourceRef {
  logicalId: string;
  type: string;
  /** The resource's name when its properties set it to a plain string. */
  givenName?: string;
}

/** The property naming a resource of this type (`FunctionName`), when Stepscope knows it. */
export function nameProperty(resourceType: string): string | undefined {
  return SHAPES[resourceType]?.nameProperty;
}

/** The physical name of a resource: the name its template gives, else one made up from its logical id (S3: lower case). */
function physicalName(resource: TemplateResourceRef): string {
  if (resource.givenName !== undefined) return resource.givenName;
  return resource.type === 'AWS::S3::Bucket' ? resource.logicalId.toLowerCase() : resource.logicalId;
}

/** What `{"Ref": logicalId}` gives for a resource. */
export function refValue(resource: TemplateResourceRef, scope: ArnScope): string {
  const shape = SHAPES[resource.type];
  return shape ? shape.ref(physicalName(resource), scope) : physicalName(resource);
}

/** What `{"Fn::GetAtt": [logicalId, attribute]}` gives for a resource. */
export function getAttValue(resource: TemplateResourceRef, attribute: string, scope: ArnScope): string {
  const name = physicalName(resource);
  const known = SHAPES[resource.type]?.attributes[attribute];
  if (known) return known(name, scope);
  if (attribute === 'Arn' || attribute.endsWith('Arn')) return toServiceArn(serviceOf(resource.type), name, scope);
  if (attribute === 'Name' || attribute.endsWith('Name')) return name;
  return `${name}-${attribute}`;
}

/**
 * A value for a `${Placeholder}` nobody gave, from its name: `OrderFunctionArn` is a Lambda
 * function's ARN, `OrdersTableName` a table's name, `JobsQueueUrl` a queue's URL, `Partition`,
 * `Region` and `AccountId` the pseudo parameters' values, and so on; a name that tells nothing is
 * its own value.
 */
export function valueForName(placeholder: string, scope: ArnScope): string {
  const name = placeholder.replace(/[^A-Za-z0-9_-]/g, '-');
  const base = name.replace(/(Arn|ARN|Name|Url|URL|Id)$/, '') || name;
  const ends = (suffix: RegExp) => suffix.test(name);
  // The pseudo parameters CDK apps pass as substitutions (`arn:${Partition}:states:::...`).
  if (/^(AWS)?Partition$/i.test(name)) return 'aws';
  if (/^(AWS)?Region$/i.test(name)) return scope.region;
  if (/^(AWS)?Account(Id)?$/i.test(name)) return scope.account;
  if (ends(/StateMachine(Arn)?$/i)) return toStateMachineArn(base, scope);
  if (ends(/Activity(Arn)?$/i)) return toActivityArn(base, scope);
  if (ends(/(Function|Lambda|Fn|Handler)(Arn|Name)?$/i)) return ends(/Name$/) ? base : lambdaArn(base, scope);
  if (ends(/Topic(Arn)?$/i)) return toServiceArn('sns', base, scope);
  if (ends(/Queue(Url)?$/i)) return queueUrl(base, scope);
  if (ends(/QueueArn$/i)) return toServiceArn('sqs', base, scope);
  if (ends(/Table(Name)?$/i)) return base;
  if (ends(/TableArn$/i)) return tableArn(base, scope);
  if (ends(/Bucket(Name)?$/i)) return base.toLowerCase().replace(/_/g, '-');
  if (ends(/BucketArn$/i)) return toServiceArn('s3', base.toLowerCase());
  if (ends(/(EventBus|Bus)(Name)?$/i)) return base;
  if (ends(/RoleArn$/i)) return toServiceArn('iam', `role/${base}`, scope);
  if (ends(/ClusterArn$/i)) return toServiceArn('ecs', `cluster/${base}`, scope);
  if (ends(/TaskDefinition(Arn)?$/i)) return toServiceArn('ecs', `task-definition/${base}:1`, scope);
  if (ends(/JobQueue(Arn)?$/i)) return toServiceArn('batch', `job-queue/${base}`, scope);
  if (ends(/JobDefinition(Arn)?$/i)) return toServiceArn('batch', `job-definition/${base}:1`, scope);
  if (ends(/Arn$/i)) return lambdaArn(base, scope);
  if (ends(/Url$/i)) return `https://${base.toLowerCase()}.${scope.region}.amazonaws.com`;
  return name;
}
