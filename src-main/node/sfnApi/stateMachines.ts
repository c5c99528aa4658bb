import { validateDefinitionText, toAwsValidationResult, toCreateStateMachineError } from '../../common/asl/validate';
import type { JsonObject } from '../../common/json';
import { aliasesOfVersion } from './aliases';
import type { Body, SfnContext } from './context';
import { sfnError } from './errors';
import { checkArn, checkName, optionalBoolean, optionalEnum, optionalInteger, optionalString, pageSize, pageToken, requiredString, tagList } from './params';
import type { MachineEntry } from './registry';
import { encodeToken, epochSeconds } from './wire';

/** AWS's largest definition: 1,048,576 characters (API Reference, CreateStateMachine). */
const MAX_DEFINITION = 1_048_576;
/** Most tags on one resource (Developer Guide, "Quotas": 50). */
export const MAX_TAGS = 50;

const DEFAULT_LOGGING: JsonObject = { level: 'OFF', includeExecutionData: false };
const DEFAULT_TRACING: JsonObject = { enabled: false };

/** The state machine an ARN names, or StateMachineDoesNotExist (InvalidArn for one that is not a state machine's). */
export function machineOf(ctx: SfnContext, arn: string): ReturnType<SfnContext['registry']['resolveMachine']> & object {
  checkArn(arn, 'stateMachine');
  const found = ctx.registry.resolveMachine(arn);
  if (!found) throw sfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
  return found;
}

/** CreateStateMachine's InvalidDefinition (AWS's wording, validate.ts) for a definition with errors; definitions are JSON. */
function checkDefinition(text: string, type: 'STANDARD' | 'EXPRESS'): void {
  const validation = validateDefinitionText(text, { stateMachineType: type, format: 'json' });
  const error = toCreateStateMachineError(validation.diagnostics);
  if (error) throw sfnError(error.code, error.message);
}

function configuration(body: Body, member: string, fallback: JsonObject): JsonObject {
  const value = body[member];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'object' || Array.isArray(value)) throw sfnError('SerializationException', `Member '${member}' must be a structure`);
  return { ...fallback, ...value };
}

function checkRoleArn(roleArn: string): void {
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(roleArn)) throw sfnError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${roleArn}'`);
}

/** DescribeStateMachine's answer for a machine (or one of its versions). */
function describe(machine: MachineEntry, versionArn?: string): JsonObject {
  const version = versionArn !== undefined ? machine.versions.find((v) => v.arn === versionArn) : undefined;
  const out: JsonObject = {
    stateMachineArn: version?.arn ?? machine.arn,
    name: machine.name,
    status: 'ACTIVE',
    definition: version?.definition ?? machine.definition,
    roleArn: version?.roleArn ?? machine.roleArn,
    type: machine.type,
    creationDate: epochSeconds(version?.creationDate ?? machine.creationDate),
    loggingConfiguration: machine.loggingConfiguration,
    tracingConfiguration: machine.tracingConfiguration,
    revisionId: version?.revisionId ?? machine.revisionId,
    encryptionConfiguration: { type: 'AWS_OWNED_KEY' },
  };
  const description = version !== undefined ? version.description : machine.description;
  if (description !== undefined) out.description = description;
  return out;
}

/** DeleteStateMachineVersion's ConflictException for a version aliases still route to (AWS's wording). */
function versionInUse(aliases: string[]) {
  return sfnError('ConflictException', `Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [${aliases.join(', ')}]`);
}

/** The state machine actions: Create/Describe/Update/Delete/List, versions, and ValidateStateMachineDefinition. */
export function stateMachineActions(ctx: SfnContext, now: () => number): Record<string, (body: Body) => Promise<JsonObject> | JsonObject> {
  const { registry } = ctx;
  return {
    CreateStateMachine(body) {
      const name = checkName(requiredString(body, 'name', 80));
      const definition = requiredString(body, 'definition', MAX_DEFINITION);
      const roleArn = requiredString(body, 'roleArn');
      checkRoleArn(roleArn);
      const type = optionalEnum(body, 'type', ['STANDARD', 'EXPRESS'] as const) ?? 'STANDARD';
      const tags = tagList(body);
      if (tags.length > MAX_TAGS) throw sfnError('TooManyTags', `Too many tags: at most ${MAX_TAGS} per resource`);
      const publish = optionalBoolean(body, 'publish') === true;
      const versionDescription = optionalString(body, 'versionDescription', 256);
      if (versionDescription !== undefined && !publish) throw sfnError('ValidationException', 'Version description can only be set when publish is true');
      const arn = registry.machineArn(name);
      const existing = registry.machines.get(arn);
      if (existing) {
        // Idempotent: the same request again answers the existing state machine (API Reference, CreateStateMachine).
        if (existing.definition === definition && existing.roleArn === roleArn && existing.type === type) {
          const again: JsonObject = { stateMachineArn: existing.arn, creationDate: epochSeconds(existing.creationDate) };
          // With `publish`, the version of the current revision (published now if there is none yet).
          if (publish) {
            const last = existing.versions[existing.versions.length - 1];
            again.stateMachineVersionArn = (last !== undefined && last.revisionId === existing.revisionId ? last : registry.publish(existing, versionDescription, now())).arn;
          }
          return again;
        }
        throw sfnError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
      }
      checkDefinition(definition, type);
      const created = now();
      const machine: MachineEntry = {
        name,
        arn,
        type,
        definition,
        roleArn,
        description: undefined,
        loggingConfiguration: configuration(body, 'loggingConfiguration', DEFAULT_LOGGING),
        tracingConfiguration: configuration(body, 'tracingConfiguration', DEFAULT_TRACING),
        creationDate: created,
        updateDate: undefined,
        revisionId: registry.nextRevisionId(),
        versions: [],
        aliases: [],
      };
      registry.machines.set(arn, machine);
      const tagMap = registry.tagsOf(arn);
      for (const t of tags) tagMap.set(t.key, t.value);
      const out: JsonObject = { stateMachineArn: arn, creationDate: epochSeconds(created) };
      if (publish) out.stateMachineVersionArn = registry.publish(machine, versionDescription, created).arn;
      return out;
    },

    DescribeStateMachine(body) {
      const arn = requiredString(body, 'stateMachineArn');
      const { machine, version, alias } = machineOf(ctx, arn);
      if (alias !== undefined) {
        // An alias ARN describes the version it routes most executions to (the first of equal weights).
        const main = alias.routingConfiguration.reduce((best, r) => (r.weight > best.weight ? r : best));
        return describe(machine, main.stateMachineVersionArn);
      }
      return describe(machine, version?.arn);
    },

    UpdateStateMachine(body) {
      const arn = requiredString(body, 'stateMachineArn');
      const { machine, version, alias } = machineOf(ctx, arn);
      if (version) throw sfnError('ValidationException', `Updating a state machine version is not allowed: '${arn}'`);
      if (alias) throw sfnError('ValidationException', `Updating a state machine through an alias is not allowed (use UpdateStateMachineAlias): '${arn}'`);
      const definition = optionalString(body, 'definition', MAX_DEFINITION, 1);
      const roleArn = optionalString(body, 'roleArn', 256, 1);
      const hasLogging = body.loggingConfiguration !== undefined && body.loggingConfiguration !== null;
      const hasTracing = body.tracingConfiguration !== undefined && body.tracingConfiguration !== null;
      if (definition === undefined && roleArn === undefined && !hasLogging && !hasTracing && body.encryptionConfiguration === undefined) {
        throw sfnError('MissingRequiredParameter', 'Either the definition, the role ARN, the LoggingConfiguration, the EncryptionConfiguration or the TracingConfiguration must be specified');
      }
      if (roleArn !== undefined) checkRoleArn(roleArn);
      if (definition !== undefined) checkDefinition(definition, machine.type);
      const publish = optionalBoolean(body, 'publish') === true;
      const versionDescription = optionalString(body, 'versionDescription', 256);
      if (versionDescription !== undefined && !publish) throw sfnError('ValidationException', 'Version description can only be set when publish is true');
      const updated = now();
      if ((definition !== undefined && definition !== machine.definition) || (roleArn !== undefined && roleArn !== machine.roleArn)) {
        machine.revisionId = registry.nextRevisionId();
      }
      if (definition !== undefined) machine.definition = definition;
      if (roleArn !== undefined) machine.roleArn = roleArn;
      if (hasLogging) machine.loggingConfiguration = configuration(body, 'loggingConfiguration', DEFAULT_LOGGING);
      if (hasTracing) machine.tracingConfiguration = configuration(body, 'tracingConfiguration', DEFAULT_TRACING);
      machine.updateDate = updated;
      const out: JsonObject = { updateDate: epochSeconds(updated), revisionId: machine.revisionId };
      if (publish) out.stateMachineVersionArn = registry.publish(machine, versionDescription, updated).arn;
      return out;
    },

    DeleteStateMachine(body) {
      const arn = requiredString(body, 'stateMachineArn');
      checkArn(arn, 'stateMachine');
      // Deleting a state machine that does not exist succeeds, as in AWS; its executions stay stored.
      const found = registry.resolveMachine(arn);
      if (found?.alias) throw sfnError('ValidationException', `Use DeleteStateMachineAlias to delete an alias: '${arn}'`);
      if (found?.version) {
        const referencing = aliasesOfVersion(found.machine, found.version.arn);
        if (referencing.length > 0) throw versionInUse(referencing);
        found.machine.versions = found.machine.versions.filter((v) => v !== found.version);
      } else if (found) {
        registry.machines.delete(found.machine.arn);
        registry.tags.delete(found.machine.arn);
      }
      return {};
    },

    ListStateMachines(body) {
      const size = pageSize(body);
      const token = pageToken(body, 'sm', '');
      const all = [...registry.machines.values()].sort((a, b) => a.name.localeCompare(b.name));
      const start = typeof token?.p === 'number' ? token.p : 0;
      const page = all.slice(start, start + size);
      const out: JsonObject = {
        stateMachines: page.map((m) => ({ stateMachineArn: m.arn, name: m.name, type: m.type, creationDate: epochSeconds(m.creationDate) })),
      };
      if (start + size < all.length) out.nextToken = encodeToken({ k: 'sm', s: '', p: start + size });
      return out;
    },

    PublishStateMachineVersion(body) {
      const arn = requiredString(body, 'stateMachineArn');
      const { machine, version, alias } = machineOf(ctx, arn);
      if (version || alias) throw sfnError('ValidationException', `Publishing a version of a version or an alias is not allowed: '${arn}'`);
      const description = optionalString(body, 'description', 256);
      const revisionId = optionalString(body, 'revisionId', 256);
      if (revisionId !== undefined && revisionId !== machine.revisionId) {
        throw sfnError('ConflictException', `The revision ${revisionId} is not the state machine's latest revision (${machine.revisionId})`);
      }
      // Publishing an unchanged revision again answers its existing version.
      const last = machine.versions[machine.versions.length - 1];
      const published = last !== undefined && last.revisionId === machine.revisionId ? last : registry.publish(machine, description, now());
      return { stateMachineVersionArn: published.arn, creationDate: epochSeconds(published.creationDate) };
    },

    ListStateMachineVersions(body) {
      const arn = requiredString(body, 'stateMachineArn');
      const { machine } = machineOf(ctx, arn);
      const size = pageSize(body);
      const token = pageToken(body, 'smv', machine.arn);
      const all = [...machine.versions].reverse();
      const start = typeof token?.p === 'number' ? token.p : 0;
      const out: JsonObject = {
        stateMachineVersions: all.slice(start, start + size).map((v) => ({ stateMachineVersionArn: v.arn, creationDate: epochSeconds(v.creationDate) })),
      };
      if (start + size < all.length) out.nextToken = encodeToken({ k: 'smv', s: machine.arn, p: start + size });
      return out;
    },

    DeleteStateMachineVersion(body) {
      const arn = requiredString(body, 'stateMachineVersionArn');
      checkArn(arn, 'stateMachine');
      const found = registry.resolveMachine(arn);
      if (found !== undefined && found.version === undefined) throw sfnError('ValidationException', `Not a state machine version ARN: '${arn}'`);
      if (found?.version) {
        const referencing = aliasesOfVersion(found.machine, found.version.arn);
        if (referencing.length > 0) throw versionInUse(referencing);
      }
      if (found?.version) found.machine.versions = found.machine.versions.filter((v) => v !== found.version);
      return {};
    },

    ValidateStateMachineDefinition(body) {
      const definition = requiredString(body, 'definition', MAX_DEFINITION);
      const type = optionalEnum(body, 'type', ['STANDARD', 'EXPRESS'] as const) ?? 'STANDARD';
      const severity = optionalEnum(body, 'severity', ['ERROR', 'WARNING'] as const) ?? 'ERROR';
      const maxResults = optionalInteger(body, 'maxResults', 0, 100);
      const validation = validateDefinitionText(definition, { stateMachineType: type, format: 'json' });
      const kept = severity === 'ERROR' ? validation.diagnostics.filter((d) => d.severity === 'error') : validation.diagnostics;
      return toAwsValidationResult(kept, maxResults === undefined || maxResults === 0 ? 100 : maxResults) as unknown as JsonObject;
    },
  };
}
