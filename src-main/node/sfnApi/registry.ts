import { toActivityArn, toStateMachineArn, type ArnScope } from '../../common/arn';
import type { JsonObject } from '../../common/json';

/** One published version of a state machine (CreateStateMachine/UpdateStateMachine with `publish`). */
export interface MachineVersion {
  version: number;
  arn: string;
  definition: string;
  roleArn: string;
  description: string | undefined;
  revisionId: string;
  creationDate: number;
}

/** One route of an alias: a version and the share of executions it gets (percent). */
export interface AliasRoute {
  stateMachineVersionArn: string;
  weight: number;
}

/** An alias of a state machine (CreateStateMachineAlias): one or two versions with weights. */
export interface MachineAlias {
  name: string;
  arn: string;
  description: string | undefined;
  routingConfiguration: AliasRoute[];
  creationDate: number;
  updateDate: number | undefined;
}

/** A state machine created through the API. */
export interface MachineEntry {
  name: string;
  arn: string;
  type: 'STANDARD' | 'EXPRESS';
  definition: string;
  roleArn: string;
  description: string | undefined;
  loggingConfiguration: JsonObject;
  tracingConfiguration: JsonObject;
  creationDate: number;
  /** When it was last updated (absent until then). */
  updateDate: number | undefined;
  /** Changes with every update of the definition or role. */
  revisionId: string;
  versions: MachineVersion[];
  aliases: MachineAlias[];
}

/** What an ARN of a state machine names: the machine itself, one of its versions, or one of its aliases. */
export interface ResolvedMachine {
  machine: MachineEntry;
  version: MachineVersion | undefined;
  alias: MachineAlias | undefined;
}

/** An activity created through the API. */
export interface ActivityEntry {
  name: string;
  arn: string;
  creationDate: number;
}

/**
 * What the endpoint itself keeps: the state machines and activities created through it, with
 * their tags. Like Step Functions Local, it lives as long as the server does; the executions
 * started through it are in the execution store like every other execution, and stay there.
 */
export class SfnRegistry {
  readonly machines = new Map<string, MachineEntry>();
  readonly activities = new Map<string, ActivityEntry>();
  readonly tags = new Map<string, Map<string, string>>();
  private revision = 0;

  constructor(readonly scope: ArnScope) {}

  machineArn(name: string): string {
    return toStateMachineArn(name, this.scope);
  }

  activityArn(name: string): string {
    return toActivityArn(name, this.scope);
  }

  /** A fresh revision id (a counter: deterministic for tests, unique for the server's life). */
  nextRevisionId(): string {
    this.revision += 1;
    return `rev-${this.revision.toString().padStart(8, '0')}`;
  }

  /**
   * The state machine an ARN names and, for a version ARN (`...:stateMachine:Name:3`), that
   * version, or for an alias ARN (`...:stateMachine:Name:prod`), that alias.
   */
  resolveMachine(arn: string): ResolvedMachine | undefined {
    const direct = this.machines.get(arn);
    if (direct) return { machine: direct, version: undefined, alias: undefined };
    const match = /^(arn:[^:]*:states:[^:]*:[^:]*:stateMachine:[^:]+):([^:]+)$/.exec(arn);
    if (!match) return undefined;
    const machine = this.machines.get(match[1]);
    if (!machine) return undefined;
    if (/^\d+$/.test(match[2])) {
      const version = machine.versions.find((v) => v.version === Number(match[2]));
      return version ? { machine, version, alias: undefined } : undefined;
    }
    const alias = machine.aliases.find((a) => a.name === match[2]);
    return alias ? { machine, version: undefined, alias } : undefined;
  }

  /** Publishes the machine's current definition as its next version. */
  publish(machine: MachineEntry, description: string | undefined, now: number): MachineVersion {
    const version = (machine.versions[machine.versions.length - 1]?.version ?? 0) + 1;
    const entry: MachineVersion = {
      version,
      arn: `${machine.arn}:${version}`,
      definition: machine.definition,
      roleArn: machine.roleArn,
      description,
      revisionId: machine.revisionId,
      creationDate: now,
    };
    machine.versions.push(entry);
    return entry;
  }

  /**
   * The version an alias starts an execution named `executionName` with. AWS picks at random by
   * the weights; Stepscope picks deterministically: the FNV-1a hash of `<alias ARN>/<execution
   * name>`, modulo 100, is a bucket 0-99; the first route takes buckets below its weight, the
   * second the rest. The same alias and execution name always run the same version.
   */
  routeOf(alias: MachineAlias, executionName: string): AliasRoute {
    const routes = alias.routingConfiguration;
    if (routes.length === 1) return routes[0];
    return aliasBucket(alias.arn, executionName) < routes[0].weight ? routes[0] : routes[1];
  }

  /** Whether a taggable resource (state machine or activity) exists. */
  hasResource(arn: string): boolean {
    return this.machines.has(arn) || this.activities.has(arn) || this.resolveMachine(arn) !== undefined;
  }

  tagsOf(arn: string): Map<string, string> {
    let tags = this.tags.get(arn);
    if (!tags) {
      tags = new Map();
      this.tags.set(arn, tags);
    }
    return tags;
  }
}

/** The routing bucket (0-99) of an execution started through an alias: FNV-1a (32 bit) of `<alias ARN>/<execution name>`, modulo 100. */
export function aliasBucket(aliasArn: string, executionName: string): number {
  let hash = 0x811c9dc5;
  const text = `${aliasArn}/${executionName}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 100;
}
