import type { JsonObject } from '../../common/json';
import type { Body, SfnContext } from './context';
import { sfnError } from './errors';
import { checkArn, checkName, optionalString, pageSize, pageToken, parseJson, requiredString, tagList } from './params';
import { MAX_TAGS } from './stateMachines';
import { encodeToken, epochSeconds } from './wire';

/** AWS's largest task token (API Reference, SendTaskSuccess). */
const MAX_TOKEN = 2048;

/** Answering task tokens (SendTaskSuccess/Failure/Heartbeat), activities, and tags. */
export function taskActions(ctx: SfnContext, now: () => number): Record<string, (body: Body) => Promise<JsonObject> | JsonObject> {
  const { registry } = ctx;
  return {
    async SendTaskSuccess(body) {
      const taskToken = requiredString(body, 'taskToken', MAX_TOKEN);
      const outputText = requiredString(body, 'output', 262_144, 0);
      const parsed = parseJson(outputText);
      if (!parsed.ok) throw sfnError('InvalidOutput', `Invalid Output: '${parsed.message}'`);
      await ctx.call('tasks.sendSuccess', { taskToken, output: parsed.value }, 'InvalidToken');
      return {};
    },
    async SendTaskFailure(body) {
      const taskToken = requiredString(body, 'taskToken', MAX_TOKEN);
      const error = optionalString(body, 'error', 256);
      const cause = optionalString(body, 'cause', 32768);
      await ctx.call('tasks.sendFailure', { taskToken, ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) }, 'InvalidToken');
      return {};
    },
    async SendTaskHeartbeat(body) {
      const taskToken = requiredString(body, 'taskToken', MAX_TOKEN);
      await ctx.call('tasks.sendHeartbeat', { taskToken }, 'InvalidToken');
      return {};
    },

    CreateActivity(body) {
      const name = checkName(requiredString(body, 'name', 80));
      const tags = tagList(body);
      if (tags.length > MAX_TAGS) throw sfnError('TooManyTags', `Too many tags: at most ${MAX_TAGS} per resource`);
      const arn = registry.activityArn(name);
      let activity = registry.activities.get(arn);
      // Idempotent, as in AWS: the same name answers the existing activity.
      if (!activity) {
        activity = { name, arn, creationDate: now() };
        registry.activities.set(arn, activity);
      }
      const tagMap = registry.tagsOf(arn);
      for (const t of tags) tagMap.set(t.key, t.value);
      return { activityArn: arn, creationDate: epochSeconds(activity.creationDate) };
    },
    DescribeActivity(body) {
      const arn = requiredString(body, 'activityArn');
      checkArn(arn, 'activity');
      const activity = registry.activities.get(arn);
      if (!activity) throw sfnError('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`);
      return { activityArn: arn, name: activity.name, creationDate: epochSeconds(activity.creationDate) };
    },
    DeleteActivity(body) {
      const arn = requiredString(body, 'activityArn');
      checkArn(arn, 'activity');
      registry.activities.delete(arn);
      registry.tags.delete(arn);
      return {};
    },
    ListActivities(body) {
      const size = pageSize(body);
      const token = pageToken(body, 'act', '');
      const all = [...registry.activities.values()].sort((a, b) => a.name.localeCompare(b.name));
      const start = typeof token?.p === 'number' ? token.p : 0;
      const out: JsonObject = {
        activities: all.slice(start, start + size).map((a) => ({ activityArn: a.arn, name: a.name, creationDate: epochSeconds(a.creationDate) })),
      };
      if (start + size < all.length) out.nextToken = encodeToken({ k: 'act', s: '', p: start + size });
      return out;
    },
    async GetActivityTask(body): Promise<JsonObject> {
      const arn = requiredString(body, 'activityArn');
      const workerName = optionalString(body, 'workerName', 80, 1);
      checkArn(arn, 'activity');
      if (!registry.activities.has(arn)) throw sfnError('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`);
      // A long poll, as AWS's: answers as soon as a Task of the activity waits, else after the poll time with no task.
      const deadline = Date.now() + ctx.activityPollMs;
      for (;;) {
        const claimed = await ctx.call('tasks.claimActivity', { activityArn: arn, ...(workerName !== undefined ? { workerName } : {}) });
        if (claimed !== null) return { taskToken: claimed.taskToken, input: JSON.stringify(claimed.input) };
        const left = deadline - Date.now();
        if (left <= 0) return {};
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, Math.min(left, 1000));
          const unsubscribe = ctx.service.subscribe((push) => {
            if (push.type === 'tasks.changed') done();
          });
          function done() {
            clearTimeout(timer);
            unsubscribe();
            resolve();
          }
        });
      }
    },

    TagResource(body) {
      const arn = requiredString(body, 'resourceArn');
      const tags = tagList(body);
      if (!registry.hasResource(arn)) throw sfnError('ResourceNotFound', `Resource not found: '${arn}'`);
      const tagMap = registry.tagsOf(arn);
      const keys = new Set([...tagMap.keys(), ...tags.map((t) => t.key)]);
      if (keys.size > MAX_TAGS) throw sfnError('TooManyTags', `Too many tags: at most ${MAX_TAGS} per resource`);
      for (const t of tags) tagMap.set(t.key, t.value);
      return {};
    },
    UntagResource(body) {
      const arn = requiredString(body, 'resourceArn');
      const keys = body.tagKeys;
      if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) throw sfnError('ValidationException', "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must be a list of strings");
      if (!registry.hasResource(arn)) throw sfnError('ResourceNotFound', `Resource not found: '${arn}'`);
      const tagMap = registry.tagsOf(arn);
      for (const k of keys as string[]) tagMap.delete(k);
      return {};
    },
    ListTagsForResource(body) {
      const arn = requiredString(body, 'resourceArn');
      if (!registry.hasResource(arn)) throw sfnError('ResourceNotFound', `Resource not found: '${arn}'`);
      return { tags: [...registry.tagsOf(arn).entries()].map(([key, value]) => ({ key, value })) };
    },
  };
}
