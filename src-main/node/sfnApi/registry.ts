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

  /** The state machine an ARN names and, for a version ARN (`...:stateMachine:Name:3`), that version. */
  resolveMachine(arn: string): { machine: MachineEntry; version: MachineVersion | undefined } | undefined {
    const direct = this.machines.get(arn);
    if (direct) return { machine: direct, version: undefined };
    const match = /^(.*):(\d+)$/.exec(arn);
    if (!match) return undefined;
    const machine = this.machines.get(match[1]);
    const version = machine?.versions.find((v) => v.version === Number(match[2]));
    return machine && version ? { machine, version } : undefined;
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
