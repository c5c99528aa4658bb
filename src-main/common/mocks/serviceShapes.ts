import { parseTaskResource, type TaskResource } from '../engine/taskResource';
import { SERVICE_SHAPES } from './serviceShapes.generated';

/*
 * The output shapes of AWS service operations, as AWS publishes them: extracted from the AWS SDK
 * for JavaScript v3 clients' schemas by scripts/generate-service-shapes.mjs (see that script for
 * the compact form). This module finds the shape a Task's Resource answers with.
 */

/** A shape in compact form: a simple type letter, a list, a map or a `#Name` structure reference. */
export type ShapeRef = string | { l: ShapeRef } | { m: ShapeRef };

/** A structure (`o`) or union (`u`). */
export interface StructureShape {
  k: 'o' | 'u';
  /** Members and their shapes, in the model's order. */
  f: Record<string, ShapeRef>;
  /** Required members. */
  r?: string[];
  /** Members bound to an HTTP header: member → header name. */
  h?: Record<string, string>;
  /** The member holding the HTTP status code. */
  c?: string;
  /** The member that is the HTTP payload. */
  p?: string;
}

/** One service's shapes. */
export interface ServiceModel {
  /** The client package and version the shapes come from. */
  package: string;
  version: string;
  protocol: string;
  /** Operation name (PascalCase) → its output shape. */
  operations: Record<string, ShapeRef>;
  shapes: Record<string, StructureShape>;
  /** Paginated operation → the output member that continues the listing (from the client's paginators). */
  pages?: Record<string, string>;
}

const parsed = new Map<string, ServiceModel>();

/** The model of a service by its `aws-sdk:` name (e.g. "dynamodb", "secretsmanager"), if Stepscope ships it. */
export function serviceModel(name: string): ServiceModel | undefined {
  const hit = parsed.get(name);
  if (hit) return hit;
  const text = Object.prototype.hasOwnProperty.call(SERVICE_SHAPES, name) ? SERVICE_SHAPES[name] : undefined;
  if (text === undefined) return undefined;
  const model = JSON.parse(text) as ServiceModel;
  parsed.set(name, model);
  return model;
}

/** Names of the services Stepscope has models of. */
export function modelledServices(): string[] {
  return Object.keys(SERVICE_SHAPES);
}

/**
 * The model's service for an optimized integration's service name, where the two differ.
 * These are names only (which model to read); every shape still comes from the model.
 */
const OPTIMIZED_SERVICES: Record<string, string> = {
  events: 'eventbridge',
  states: 'sfn',
  elasticmapreduce: 'emr',
  'emr-serverless': 'emrserverless',
};

/** Optimized integration actions whose API operation has another name. */
const OPTIMIZED_OPERATIONS: Record<string, string> = {
  'bedrock:invokeModel': 'bedrockruntime:InvokeModel',
  'elasticmapreduce:createCluster': 'emr:RunJobFlow',
  'elasticmapreduce:addStep': 'emr:AddJobFlowSteps',
  'elasticmapreduce:terminateCluster': 'emr:TerminateJobFlows',
  'elasticmapreduce:cancelStep': 'emr:CancelSteps',
  'elasticmapreduce:setClusterTerminationProtection': 'emr:SetTerminationProtection',
  'elasticmapreduce:modifyInstanceFleetByName': 'emr:ModifyInstanceFleet',
  'elasticmapreduce:modifyInstanceGroupByName': 'emr:ModifyInstanceGroups',
};

/** What a Task's Resource answers with, per the service's model. */
export interface TaskShape {
  resource: TaskResource;
  /** `optimized` (arn:aws:states:::lambda:invoke) or `sdk` (arn:aws:states:::aws-sdk:…). */
  flavour: 'optimized' | 'sdk';
  /** The service's model name ("lambda") and operation ("Invoke") whose output this is. */
  service: string;
  operation: string;
  model: ServiceModel;
  output: ShapeRef;
}

function pascal(name: string): string {
  return name.length === 0 ? name : name[0].toUpperCase() + name.slice(1);
}

/** The action of a service integration without its pattern suffix (`runTask.sync` → `runTask`). */
export function baseAction(resource: TaskResource): string {
  return resource.resource.replace(/\.(sync(:2)?|waitForTaskToken)$/, '');
}

/**
 * The operation whose output a `.sync` Task gives when its job ends: the model's `Describe<X>` or
 * `Get<X>` for an action `create<X>`/`start<X>`/`submit<X>`/`run<X>`, else the action's own.
 */
function syncOperation(model: ServiceModel, operation: string): string {
  const subject = operation.replace(/^(Create|Start|Submit|Run)/, '');
  if (subject === operation) return operation;
  for (const candidate of [`Describe${subject}`, `Get${subject}`]) if (model.operations[candidate] !== undefined) return candidate;
  return operation;
}

/**
 * The shape a Task's Resource answers with, or undefined when it is not a service integration
 * Stepscope has a model of (a Lambda function ARN answers like `lambda:invoke`).
 */
export function taskShape(resourceArn: string): TaskShape | undefined {
  const resource = parseTaskResource(resourceArn);
  let flavour: TaskShape['flavour'];
  let service: string;
  let operation: string;
  if (resource.kind === 'lambda-function') {
    flavour = 'optimized';
    service = 'lambda';
    operation = 'Invoke';
  } else if (resource.kind === 'service') {
    const action = baseAction(resource);
    if (resource.resourceType.startsWith('aws-sdk:')) {
      flavour = 'sdk';
      service = resource.resourceType.slice('aws-sdk:'.length);
      operation = pascal(action);
    } else {
      flavour = 'optimized';
      const renamed = OPTIMIZED_OPERATIONS[`${resource.resourceType}:${action}`];
      if (renamed !== undefined) [service, operation] = renamed.split(':');
      else {
        service = OPTIMIZED_SERVICES[resource.resourceType] ?? resource.resourceType;
        operation = pascal(action);
      }
    }
  } else return undefined;
  const model = serviceModel(service);
  if (!model) return undefined;
  if (resource.pattern === 'sync' || resource.pattern === 'sync2') operation = syncOperation(model, operation);
  const output = model.operations[operation];
  if (output === undefined) return undefined;
  return { resource, flavour, service, operation, model, output };
}

/** The structure a `#Name` reference names. */
export function structureOf(model: ServiceModel, ref: ShapeRef): StructureShape | undefined {
  return typeof ref === 'string' && ref.startsWith('#') ? model.shapes[ref.slice(1)] : undefined;
}

/** Step Functions gives every member name in PascalCase (the models of some services use camelCase). */
export function memberName(name: string): string {
  return pascal(name);
}
