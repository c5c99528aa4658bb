import type { Json, JsonObject } from '../../common/json';
import type { Body, SfnContext } from './context';
import { sfnError, validationError } from './errors';
import { checkArn, optionalString, pageSize, pageToken, requiredString } from './params';
import type { AliasRoute, MachineAlias, MachineEntry } from './registry';
import { encodeToken, epochSeconds } from './wire';

/**
 * State machine aliases (Developer Guide, "State machine aliases"; API Reference,
 * Create/Describe/Update/Delete/ListStateMachineAliases): an alias points at one or two published
 * versions of one state machine, with weights summing to 100. Which version an execution started
 * through an alias runs is picked by SfnRegistry.routeOf (deterministic, documented in README).
 * Error names and messages are AWS's.
 */

/** AWS's alias name pattern: letters, digits, `_`, `-` and `.`, not only digits (so it never reads as a version number). */
const ALIAS_NAME = /^(?=.*[a-zA-Z_\-.])[a-zA-Z0-9_\-.]+$/;
/** Most aliases per state machine (Developer Guide: 100, a soft quota). */
export const MAX_ALIASES = 100;
/** AWS's answer for an alias ARN that names nothing. */
const NOT_FOUND = 'Request references a resource that does not exist.';

function checkAliasName(name: string): string {
  if (name.length > 80) throw validationError('name', name, 'Member must have length less than or equal to 80');
  if (!ALIAS_NAME.test(name)) throw validationError('name', name, 'Member must satisfy regular expression pattern: ^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$');
  return name;
}

/** A routing configuration as given, checked as AWS checks it; answers the state machine its versions belong to. */
function routingOf(ctx: SfnContext, body: Body): { machine: MachineEntry; routes: AliasRoute[] } {
  const value = body.routingConfiguration;
  if (value === undefined || value === null) throw validationError('routingConfiguration', value, 'Member must not be null');
  if (!Array.isArray(value)) throw sfnError('SerializationException', "Member 'routingConfiguration' must be a list");
  if (value.length < 1) throw validationError('routingConfiguration', '[]', 'Member must have length greater than or equal to 1');
  const routes: AliasRoute[] = value.map((item: Json, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw sfnError('SerializationException', `Member 'routingConfiguration[${i}]' must be a structure`);
    const arn = requiredString(item, 'stateMachineVersionArn', 2000);
    const weight = item.weight;
    if (weight === undefined || weight === null) throw validationError(`routingConfiguration.${i + 1}.member.weight`, weight, 'Member must not be null');
    if (typeof weight !== 'number' || !Number.isInteger(weight)) throw sfnError('SerializationException', `Member 'routingConfiguration[${i}].weight' must be an integer`);
    if (weight < 0) throw validationError(`routingConfiguration.${i + 1}.member.weight`, String(weight), 'Member must have value greater than or equal to 0');
    if (weight > 100) throw validationError(`routingConfiguration.${i + 1}.member.weight`, String(weight), 'Member must have value less than or equal to 100');
    return { stateMachineVersionArn: arn, weight };
  });
  if (routes.length > 2) {
    const shown = routes.map((r) => `RoutingConfigurationListItem(stateMachineVersionArn=${r.stateMachineVersionArn}, weight=${r.weight})`).join(', ');
    throw validationError('routingConfiguration', `[${shown}]`, 'Member must have length less than or equal to 2');
  }
  const arns = routes.map((r) => r.stateMachineVersionArn);
  const resolved = arns.map((arn) => {
    checkArn(arn, 'stateMachine');
    return ctx.registry.resolveMachine(arn);
  });
  if (resolved.some((r) => r !== undefined && r.version === undefined)) {
    throw sfnError('ValidationException', `Routing configuration must contain state machine version ARNs. Received: [${arns.join(', ')}]`);
  }
  if (new Set(arns).size !== arns.length) throw sfnError('ValidationException', `Routing configuration must contain distinct state machine version ARNs. Received: [${arns.join(', ')}]`);
  const sum = routes.reduce((total, r) => total + r.weight, 0);
  if (sum !== 100) throw sfnError('ValidationException', `Sum of routing configuration weights must equal 100. Received: [${routes.map((r) => r.weight).join(', ')}]`);
  if (resolved.some((r) => r === undefined)) throw sfnError('ResourceNotFound', NOT_FOUND);
  const machine = resolved[0]!.machine;
  if (resolved.some((r) => r!.machine !== machine)) {
    throw sfnError('ValidationException', `Routing configuration must contain versions of the same state machine. Received: [${arns.join(', ')}]`);
  }
  return { machine, routes };
}

const sameRoutes = (a: readonly AliasRoute[], b: readonly AliasRoute[]) =>
  a.length === b.length && a.every((r, i) => r.stateMachineVersionArn === b[i].stateMachineVersionArn && r.weight === b[i].weight);

/** The alias an alias ARN names, or ResourceNotFound (InvalidArn for an ARN that is not a state machine's). */
function aliasOf(ctx: SfnContext, arn: string): { machine: MachineEntry; alias: MachineAlias } {
  checkArn(arn, 'stateMachine');
  const found = ctx.registry.resolveMachine(arn);
  if (found === undefined) throw sfnError('ResourceNotFound', NOT_FOUND);
  if (found.alias === undefined) throw sfnError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: not a state machine alias ARN: ${arn}'`);
  return { machine: found.machine, alias: found.alias };
}

/** DescribeStateMachineAlias's answer. */
function describeAlias(alias: MachineAlias): JsonObject {
  const out: JsonObject = {
    stateMachineAliasArn: alias.arn,
    name: alias.name,
    routingConfiguration: alias.routingConfiguration.map((r) => ({ stateMachineVersionArn: r.stateMachineVersionArn, weight: r.weight })),
    creationDate: epochSeconds(alias.creationDate),
  };
  if (alias.description !== undefined) out.description = alias.description;
  if (alias.updateDate !== undefined) out.updateDate = epochSeconds(alias.updateDate);
  return out;
}

/** The names of the aliases that route to a version (DeleteStateMachineVersion refuses to delete it while there are any). */
export function aliasesOfVersion(machine: MachineEntry, versionArn: string): string[] {
  return machine.aliases.filter((a) => a.routingConfiguration.some((r) => r.stateMachineVersionArn === versionArn)).map((a) => a.name);
}

/** The alias actions. */
export function aliasActions(ctx: SfnContext, now: () => number): Record<string, (body: Body) => JsonObject> {
  return {
    CreateStateMachineAlias(body) {
      const name = checkAliasName(requiredString(body, 'name', 1000));
      const description = optionalString(body, 'description', 256);
      const { machine, routes } = routingOf(ctx, body);
      const existing = machine.aliases.find((a) => a.name === name);
      if (existing) {
        // Idempotent on name, description and routing configuration (API Reference).
        if (existing.description === description && sameRoutes(existing.routingConfiguration, routes)) {
          return { stateMachineAliasArn: existing.arn, creationDate: epochSeconds(existing.creationDate) };
        }
        throw sfnError('ConflictException', 'Failed to create alias because an alias with the same name and a different routing configuration already exists.');
      }
      if (machine.aliases.length >= MAX_ALIASES) {
        throw sfnError('ServiceQuotaExceededException', `The state machine already has ${MAX_ALIASES} aliases, the most it may have`, 402);
      }
      const alias: MachineAlias = { name, arn: `${machine.arn}:${name}`, description, routingConfiguration: routes, creationDate: now(), updateDate: undefined };
      machine.aliases.push(alias);
      return { stateMachineAliasArn: alias.arn, creationDate: epochSeconds(alias.creationDate) };
    },

    DescribeStateMachineAlias(body) {
      return describeAlias(aliasOf(ctx, requiredString(body, 'stateMachineAliasArn')).alias);
    },

    UpdateStateMachineAlias(body) {
      const arn = requiredString(body, 'stateMachineAliasArn');
      const description = optionalString(body, 'description', 256);
      const hasRouting = body.routingConfiguration !== undefined && body.routingConfiguration !== null;
      if (description === undefined && !hasRouting) {
        throw sfnError('ValidationException', 'Either the description or the RoutingConfiguration must be specified');
      }
      const { machine, alias } = aliasOf(ctx, arn);
      if (hasRouting) {
        const routing = routingOf(ctx, body);
        if (routing.machine !== machine) throw sfnError('ValidationException', `Routing configuration must contain versions of the state machine of '${arn}'`);
        alias.routingConfiguration = routing.routes;
      }
      if (description !== undefined) alias.description = description;
      alias.updateDate = now();
      return { updateDate: epochSeconds(alias.updateDate) };
    },

    DeleteStateMachineAlias(body) {
      const arn = requiredString(body, 'stateMachineAliasArn');
      checkArn(arn, 'stateMachine');
      // Deleting an alias that does not exist succeeds, as in AWS; its versions stay.
      const found = ctx.registry.resolveMachine(arn);
      if (found?.alias) found.machine.aliases = found.machine.aliases.filter((a) => a !== found.alias);
      else if (found !== undefined) throw sfnError('ValidationException', `Not a state machine alias ARN: '${arn}'`);
      return {};
    },

    ListStateMachineAliases(body) {
      const arn = requiredString(body, 'stateMachineArn');
      checkArn(arn, 'stateMachine');
      const found = ctx.registry.resolveMachine(arn);
      if (found === undefined) throw sfnError('ResourceNotFound', NOT_FOUND);
      if (found.alias !== undefined) throw sfnError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: an alias ARN: ${arn}'`);
      const size = pageSize(body);
      const token = pageToken(body, 'sma', arn);
      // A version ARN lists the aliases routing to that version (API Reference).
      const all = found.version !== undefined ? found.machine.aliases.filter((a) => aliasesOfVersion(found.machine, found.version!.arn).includes(a.name)) : found.machine.aliases;
      const start = typeof token?.p === 'number' ? token.p : 0;
      const out: JsonObject = {
        stateMachineAliases: all.slice(start, start + size).map((a) => ({ stateMachineAliasArn: a.arn, creationDate: epochSeconds(a.creationDate) })),
      };
      if (start + size < all.length) out.nextToken = encodeToken({ k: 'sma', s: arn, p: start + size });
      return out;
    },
  };
}
