import type { Json, JsonObject } from '../../src-main/common/json';
import { isJsonObject } from '../../src-main/common/json';
import type { Prng } from '../unit/asl/mutateDefinition';

/**
 * Definitions generated from scratch for the fuzzer: every state type, Parallel and Map nesting
 * (inline and Distributed, Standard and Express children), Retry/Catch, JSONPath (paths, payload
 * templates, intrinsics) and JSONata (`{% %}` expressions, Arguments/Output/Condition), Choice
 * rules, Wait in all four forms, and variables (Assign). The generator aims at definitions that
 * mostly validate, so the engine does real work, with a share of edge values (huge numbers,
 * `{% 1/0 %}`, deep values, loops) where bugs live. Everything comes from the given PRNG: the same
 * seed gives the same definition.
 */

/** What the generator produced: a definition, an input for it, and the workflow type to run it as. */
export interface GeneratedCase {
  definition: JsonObject;
  input: Json;
  type: 'STANDARD' | 'EXPRESS';
}

type QueryLanguage = 'JSONPath' | 'JSONata';

interface GenContext {
  rng: Prng;
  /** Nesting depth of Parallel/Map (bounded). */
  depth: number;
  /** The query language in effect for states of this container. */
  language: QueryLanguage;
  /** Set when some state needs a Standard workflow (.sync / .waitForTaskToken). */
  express: boolean;
  /** Variables assigned somewhere so far (JSONata expressions read them). */
  variables: string[];
  /** A counter of generated states across the whole definition (bounds the size; names states uniquely). */
  budget: { states: number };
}

const LAMBDA = 'arn:aws:lambda:us-east-1:111111111111:function:fuzz';
const RESOURCES = [
  LAMBDA,
  'arn:aws:states:::lambda:invoke',
  'arn:aws:states:::dynamodb:getItem',
  'arn:aws:states:::sqs:sendMessage',
  'arn:aws:states:::aws-sdk:s3:listBuckets',
  'arn:aws:states:::sns:publish',
];
const ERRORS = ['States.ALL', 'States.TaskFailed', 'States.Timeout', 'States.Runtime', 'Fuzz.Error', 'States.HeartbeatTimeout', 'Lambda.ServiceException', 'States.DataLimitExceeded', 'States.IntrinsicFailure'];

/** JSONPath reference paths into the generated inputs (some deliberately missing). */
const PATHS = ['$', '$.a', '$.n', '$.arr', '$.s', '$.obj', '$.obj.k', '$.missing', '$.arr[0]', '$.arr[-1:]', '$..n', '$.big', '$.ts', '$.flag'];

/** Intrinsic function calls, including ones that fail at run time. */
const INTRINSICS = [
  "States.Format('n={} s={}', $.n, $.s)",
  'States.StringToJson($.json)',
  'States.JsonToString($)',
  'States.Array($.n, $.s, 1, null)',
  'States.ArrayPartition($.arr, 2)',
  'States.ArrayPartition($.arr, 0)',
  'States.ArrayContains($.arr, 1)',
  'States.ArrayRange(1, 9, 2)',
  'States.ArrayRange(1, 99999999, 1)',
  'States.ArrayGetItem($.arr, 1)',
  'States.ArrayGetItem($.arr, 99)',
  'States.ArrayLength($.arr)',
  'States.ArrayUnique($.arr)',
  'States.Base64Encode($.s)',
  'States.Base64Decode($.s)',
  "States.Hash($.s, 'SHA-256')",
  "States.Hash($.s, 'MD5')",
  'States.JsonMerge($.obj, $.obj, false)',
  'States.MathRandom(1, 10)',
  'States.MathRandom($.n, $.big)',
  'States.MathAdd($.n, 1)',
  'States.MathAdd($.big, $.big)',
  "States.StringSplit($.s, ',')",
  'States.UUID()',
  "States.Format('{}', States.ArrayLength(States.Array($.n, $.n)))",
  'States.JsonToString($$.Execution)',
];

/** JSONata expressions (as `{% %}` bodies), including ones that fail or produce edge values. */
const JSONATA = [
  '$states.input',
  '$states.input.n + 1',
  '$states.input.n * $states.input.big',
  '1/0',
  '-1/0',
  '0/0',
  '$states.input.big * 1e308',
  '$count($states.input.arr)',
  '$sum($states.input.arr)',
  '$string($states.input)',
  '$states.input.arr[0]',
  '$states.input.missing',
  '$states.input.s & "-x"',
  '$uppercase($states.input.s)',
  '[1..5]',
  '$partition([1,2,3,4], 2)',
  '$range(1, 4, 1)',
  '$parse(\'{"a":1}\')',
  '$hash("abc", "SHA-256")',
  '$uuid()',
  '$random()',
  '$now()',
  '$millis()',
  '$states.context.Execution.Id',
  '$states.context.State.Name',
  '{"k": $states.input.n, "l": [$states.input.s]}',
  '$error("Fuzz.Thrown")',
  '$number("x")',
  '$states.input.flag ? 1 : 2',
  '$power(10, 400)',
  '$sqrt(-1)',
  '$round($states.input.n, 2)',
  '$exists($states.input.obj)',
  '$merge([$states.input.obj, {"z": 1}])',
  '$states.input.ts',
  '$toMillis("2024-01-01T00:00:00Z")',
  // Values built at run time, nested deeper than any definition may be (AWS: 1,000 levels).
  '($f := function($n){ $n = 0 ? 1 : {"a": $f($n-1)} }; $f(6000))',
  '($f := function($n){ $n = 0 ? 1 : [$f($n-1)] }; $f(3000))',
];

function chance(rng: Prng, p: number): boolean {
  return rng.next() < p;
}

function pickInt(rng: Prng, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}

/** A JSONata value: an expression string, or a JSON value holding some. */
function jsonataValue(ctx: GenContext): Json {
  const { rng } = ctx;
  const expr = (): string => {
    if (ctx.variables.length > 0 && chance(rng, 0.25)) return `{% $${rng.pick(ctx.variables)} %}`;
    return `{% ${rng.pick(JSONATA)} %}`;
  };
  const r = rng.next();
  if (r < 0.5) return expr();
  if (r < 0.8) return { a: expr(), b: rng.pick([1, 'x', null, [1, 2]] as Json[]), c: [expr(), 2] };
  return rng.pick([1, 'text', null, true, { x: 1 }, [1, 2, 3], 1e308, -0] as Json[]);
}

/** A JSONPath payload template (Parameters, ResultSelector, ItemSelector). */
function payloadTemplate(ctx: GenContext, extra?: () => [string, Json]): JsonObject {
  const { rng } = ctx;
  const out: JsonObject = {};
  const n = pickInt(rng, 1, 4);
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    if (r < 0.35) out[`p${i}.$`] = rng.pick(PATHS);
    else if (r < 0.65) out[`p${i}.$`] = rng.pick(INTRINSICS);
    else if (r < 0.75) out[`p${i}.$`] = rng.pick(['$$.Execution.Id', '$$.State.Name', '$$.State.EnteredTime', '$$.Map.Item.Value', '$$.Map.Item.Index', '$$.Task.Token', '$$.State.RetryCount']);
    else if (r < 0.85 && ctx.variables.length > 0) out[`p${i}.$`] = `$${rng.pick(ctx.variables)}`;
    else if (r < 0.95) out[`p${i}`] = { [`q.$`]: rng.pick(PATHS), lit: rng.pick([1, 'a', null, [1]] as Json[]) };
    else out[`p${i}`] = rng.pick([0, 'str', null, true, [1, 2], 1.5e300] as Json[]);
  }
  if (extra !== undefined) {
    const [k, v] = extra();
    out[k] = v;
  }
  return out;
}

/** An Assign block for either language, registering the variables it sets. */
function assignBlock(ctx: GenContext): JsonObject {
  const { rng } = ctx;
  const out: JsonObject = {};
  const n = pickInt(rng, 1, 3);
  for (let i = 0; i < n; i++) {
    // A nested scope may not assign a variable of an outer scope: its names carry the depth.
    const name = `${rng.pick(['v', 'w', 'counter', 'acc', 'deep'])}${ctx.depth === 0 ? '' : ctx.depth}`;
    if (ctx.language === 'JSONata') {
      out[name] = name.startsWith('counter') ? `{% ($exists($${name}) ? $${name} : 0) + 1 %}` : name.startsWith('deep') ? deepValue(rng) : jsonataValue(ctx);
    } else if (chance(rng, 0.5)) out[`${name}.$`] = rng.pick([...PATHS, ...INTRINSICS.slice(0, 8)]);
    else out[name] = name.startsWith('deep') ? deepValue(rng) : rng.pick([1, 'x', null, { a: [1, 2] }, 1e308] as Json[]);
    if (!ctx.variables.includes(name)) ctx.variables.push(name);
  }
  return out;
}

/** A nested literal value, sometimes deep enough to stress recursive code. */
function deepValue(rng: Prng, fixedDepth?: number): Json {
  // AWS rejects definitions nested over 1000 deep: most deep values stay under it, a few do not.
  const depth = fixedDepth ?? chance(rng, 0.05) ? (chance(rng, 0.8) ? pickInt(rng, 200, 950) : pickInt(rng, 1_000, 1_500)) : pickInt(rng, 1, 30);
  let v: Json = 1;
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? { a: v } : [v];
  return v;
}

function retryList(ctx: GenContext): Json[] {
  const { rng } = ctx;
  const n = pickInt(rng, 1, 2);
  const out: Json[] = [];
  for (let i = 0; i < n; i++) {
    const r: JsonObject = { ErrorEquals: i === n - 1 && chance(rng, 0.5) ? ['States.ALL'] : [rng.pick(ERRORS.filter((e) => e !== 'States.ALL'))] };
    if (chance(rng, 0.7)) r.IntervalSeconds = rng.pick([1, 2, 5, 60, 3600]);
    if (chance(rng, 0.7)) r.MaxAttempts = rng.pick([0, 1, 2, 3, 10]);
    if (chance(rng, 0.5)) r.BackoffRate = rng.pick([1, 1.5, 2, 10]);
    if (chance(rng, 0.2)) r.MaxDelaySeconds = rng.pick([1, 10, 100]);
    if (chance(rng, 0.2)) r.JitterStrategy = rng.pick(['FULL', 'NONE']);
    out.push(r);
  }
  return out;
}

function catchList(ctx: GenContext, targets: string[]): Json[] {
  const { rng } = ctx;
  const n = pickInt(rng, 1, 2);
  const out: Json[] = [];
  for (let i = 0; i < n; i++) {
    const c: JsonObject = {
      ErrorEquals: i === n - 1 ? ['States.ALL'] : [rng.pick(ERRORS.filter((e) => e !== 'States.ALL'))],
      Next: rng.pick(targets),
    };
    if (ctx.language === 'JSONPath' && chance(rng, 0.4)) c.ResultPath = rng.pick(['$.error', '$', null, '$.obj.err']);
    if (ctx.language === 'JSONata' && chance(rng, 0.3)) c.Output = rng.pick(['{% $states.errorOutput %}', '{% $states.input %}', { e: '{% $states.errorOutput.Error %}' }]);
    if (chance(rng, 0.3)) c.Assign = assignBlock(ctx);
    out.push(c);
  }
  return out;
}

/** Input/output fields common to most states, in the container's language. */
function ioFields(ctx: GenContext, st: JsonObject, kind: 'full' | 'noResult'): void {
  const { rng } = ctx;
  if (ctx.language === 'JSONPath') {
    if (chance(rng, 0.2)) st.InputPath = rng.pick(['$', '$.obj', '$.missing', null]);
    if (chance(rng, 0.2)) st.OutputPath = rng.pick(['$', '$.obj', '$.missing', null]);
    if (kind === 'full' && chance(rng, 0.3)) st.ResultPath = rng.pick(['$.r', '$', null, '$.obj.r', '$.arr']);
  } else if (chance(rng, 0.4)) st.Output = jsonataValue(ctx);
  if (chance(rng, 0.3)) st.Assign = assignBlock(ctx);
}

function choiceRule(ctx: GenContext, depth: number): JsonObject {
  const { rng } = ctx;
  if (depth < 2 && chance(rng, 0.25)) {
    const op = rng.pick(['And', 'Or', 'Not']);
    if (op === 'Not') return { Not: choiceRule(ctx, depth + 1) };
    return { [op]: [choiceRule(ctx, depth + 1), choiceRule(ctx, depth + 1)] };
  }
  // A Choice rule's Variable must be a reference path (one node: no `..`, no slices).
  const variable = rng.pick([...PATHS.filter((p) => !p.includes('..') && !p.includes(':')), ...(ctx.variables.length > 0 ? [`$${ctx.variables[0]}`] : [])]);
  const op = rng.pick([
    ['NumericEquals', 1], ['NumericLessThan', 10], ['NumericGreaterThanEquals', 0], ['NumericLessThanPath', '$.n'],
    ['StringEquals', 'a'], ['StringMatches', 'a*'], ['StringLessThan', 'm'], ['StringEqualsPath', '$.s'],
    ['BooleanEquals', true], ['IsPresent', true], ['IsNull', false], ['IsNumeric', true], ['IsString', true],
    ['TimestampLessThan', '2024-06-01T00:00:00Z'], ['TimestampEquals', '2024-01-01T00:00:00Z'], ['IsTimestamp', true],
  ] as [string, Json][]);
  return { Variable: variable, [op[0]]: op[1] };
}

/** One state of the given type, its transitions filled in by the caller. */
function makeState(ctx: GenContext, type: string, targets: string[]): JsonObject {
  const { rng } = ctx;
  const st: JsonObject = { Type: type };
  switch (type) {
    case 'Pass':
      if (ctx.language === 'JSONPath') {
        if (chance(rng, 0.4)) st.Result = rng.pick([{ x: 1 }, [1, 2], 'r', 1e308, null, { 'a.$': '$.n' }] as Json[]);
        else if (chance(rng, 0.4)) st.Parameters = payloadTemplate(ctx);
      }
      ioFields(ctx, st, 'full');
      break;
    case 'Task': {
      const resource = rng.pick(RESOURCES);
      st.Resource = resource === 'arn:aws:states:::lambda:invoke' && !ctx.express && chance(rng, 0.15) ? 'arn:aws:states:::lambda:invoke.waitForTaskToken' : resource;
      if (ctx.language === 'JSONPath') {
        if (chance(rng, 0.6)) st.Parameters = payloadTemplate(ctx, st.Resource.toString().endsWith('waitForTaskToken') ? () => ['Token.$', '$$.Task.Token'] : undefined);
        if (chance(rng, 0.3)) st.ResultSelector = payloadTemplate(ctx);
      } else {
        if (chance(rng, 0.6)) st.Arguments = jsonataValue(ctx);
        if (st.Resource.toString().endsWith('waitForTaskToken')) st.Arguments = { Token: '{% $states.context.Task.Token %}' };
      }
      ioFields(ctx, st, 'full');
      if (chance(rng, 0.3)) st.TimeoutSeconds = rng.pick([1, 10, 60, 99999999]);
      if (chance(rng, 0.15)) st.HeartbeatSeconds = 1;
      if (st.HeartbeatSeconds !== undefined && (st.TimeoutSeconds === undefined || (st.TimeoutSeconds as number) <= 1)) st.TimeoutSeconds = 10;
      if (chance(rng, 0.45)) st.Retry = retryList(ctx);
      if (chance(rng, 0.4) && targets.length > 0) st.Catch = catchList(ctx, targets);
      break;
    }
    case 'Wait': {
      const form = rng.int(4);
      if (ctx.language === 'JSONata') {
        if (form < 2) st.Seconds = rng.pick([0, 1, 3600, '{% $states.input.n %}', '{% 1/0 %}', '{% $states.input.big %}']);
        else st.Timestamp = rng.pick(['2024-01-01T00:00:10Z', '{% $states.input.ts %}', '{% $now() %}', '1999-01-01T00:00:00Z']);
      } else if (form === 0) st.Seconds = rng.pick([0, 1, 10, 3600, 99999999]);
      else if (form === 1) st.SecondsPath = rng.pick(['$.n', '$.big', '$.missing', '$.s']);
      else if (form === 2) st.Timestamp = rng.pick(['2024-01-01T00:00:10Z', '2023-12-31T23:59:59Z', '2024-01-01T01:00:00.123Z']);
      else st.TimestampPath = rng.pick(['$.ts', '$.s', '$.missing']);
      ioFields(ctx, st, 'noResult');
      break;
    }
    case 'Choice': {
      const n = pickInt(rng, 1, 3);
      const choices: Json[] = [];
      for (let i = 0; i < n; i++) {
        const rule: JsonObject =
          ctx.language === 'JSONata'
            ? { Condition: rng.pick(['{% $states.input.n > 1 %}', '{% $states.input.flag %}', '{% $exists($states.input.missing) %}', '{% $states.input.s = "a" %}', '{% 1/0 %}', '{% $exists($counter) and $counter < 3 %}', '{% "notabool" %}']) }
            : choiceRule(ctx, 0);
        rule.Next = rng.pick(targets);
        if (chance(rng, 0.2)) rule.Assign = assignBlock(ctx);
        if (ctx.language === 'JSONata' && chance(rng, 0.2)) rule.Output = jsonataValue(ctx);
        choices.push(rule);
      }
      st.Choices = choices;
      if (chance(rng, 0.7)) st.Default = rng.pick(targets);
      if (ctx.language === 'JSONPath') {
        if (chance(rng, 0.15)) st.InputPath = '$';
        if (chance(rng, 0.15)) st.OutputPath = '$';
      } else if (chance(rng, 0.2)) st.Output = jsonataValue(ctx);
      if (chance(rng, 0.2)) st.Assign = assignBlock(ctx);
      break;
    }
    case 'Succeed':
      if (ctx.language === 'JSONPath') {
        if (chance(rng, 0.2)) st.OutputPath = rng.pick(['$', '$.obj']);
      } else if (chance(rng, 0.3)) st.Output = jsonataValue(ctx);
      break;
    case 'Fail':
      if (ctx.language === 'JSONPath') {
        if (chance(rng, 0.5)) st.Error = rng.pick(['Fuzz.Fail', 'States.ALL', '']);
        else if (chance(rng, 0.5)) st.ErrorPath = rng.pick(['$.s', '$.n', "States.Format('E{}', $.n)", '$.missing']);
        if (chance(rng, 0.5)) st.Cause = rng.pick(['why', '']);
        else if (chance(rng, 0.5)) st.CausePath = rng.pick(['$.s', 'States.JsonToString($)', '$.obj']);
      } else {
        if (chance(rng, 0.6)) st.Error = rng.pick(['Fuzz.Fail', '{% $states.input.s %}', '{% $string($states.input.n) %}', '{% 1/0 %}']);
        if (chance(rng, 0.6)) st.Cause = rng.pick(['why', '{% $string($states.input) %}']);
      }
      break;
    case 'Parallel': {
      const n = pickInt(rng, 1, 3);
      const branches: Json[] = [];
      for (let i = 0; i < n; i++) branches.push(makeContainer(childContext(ctx)));
      st.Branches = branches;
      if (ctx.language === 'JSONPath') {
        if (chance(rng, 0.3)) st.Parameters = payloadTemplate(ctx);
        if (chance(rng, 0.2)) st.ResultSelector = payloadTemplate(ctx);
      } else if (chance(rng, 0.3)) st.Arguments = jsonataValue(ctx);
      ioFields(ctx, st, 'full');
      if (chance(rng, 0.3)) st.Retry = retryList(ctx);
      if (chance(rng, 0.3) && targets.length > 0) st.Catch = catchList(ctx, targets);
      break;
    }
    case 'Map': {
      const distributed = ctx.depth < 2 && chance(rng, 0.3);
      const child = childContext(ctx);
      const processor: JsonObject = makeContainer(child);
      if (distributed) {
        const executionType = ctx.express || chance(rng, 0.5) ? 'EXPRESS' : 'STANDARD';
        processor.ProcessorConfig = { Mode: 'DISTRIBUTED', ExecutionType: executionType };
        if (chance(rng, 0.3)) st.ToleratedFailurePercentage = rng.pick([0, 50, 100]);
        if (chance(rng, 0.2)) st.ToleratedFailureCount = rng.pick([0, 1, 5]);
        if (chance(rng, 0.2)) st.ItemBatcher = { MaxItemsPerBatch: rng.pick([1, 2, 3]) };
        if (chance(rng, 0.3)) st.Label = 'Fuzzy';
      } else if (chance(rng, 0.5)) processor.ProcessorConfig = { Mode: 'INLINE' };
      if (chance(rng, 0.1) && !distributed) st.Iterator = processor;
      else st.ItemProcessor = processor;
      if (ctx.language === 'JSONPath') {
        if (chance(rng, 0.7)) st.ItemsPath = rng.pick(['$.arr', '$.arr', '$.obj', '$.missing', '$.items', '$']);
        if (chance(rng, 0.3)) st.ItemSelector = payloadTemplate(ctx, () => ['item.$', '$$.Map.Item.Value']);
        if (chance(rng, 0.2)) st.ResultSelector = payloadTemplate(ctx);
      } else {
        if (chance(rng, 0.7)) st.Items = rng.pick(['{% $states.input.arr %}', '{% [1..5] %}', '{% $states.input.items %}', '{% $states.input.s %}', [1, 2, 3], '{% [1..50] %}']);
        if (chance(rng, 0.3)) st.ItemSelector = { item: '{% $states.context.Map.Item.Value %}', index: '{% $states.context.Map.Item.Index %}' };
      }
      if (chance(rng, 0.5)) st.MaxConcurrency = rng.pick([0, 1, 2, 40]);
      ioFields(ctx, st, 'full');
      if (chance(rng, 0.3)) st.Retry = retryList(ctx);
      if (chance(rng, 0.3) && targets.length > 0) st.Catch = catchList(ctx, targets);
      break;
    }
  }
  return st;
}

function childContext(ctx: GenContext): GenContext {
  // A nested container may switch language only when the parent says nothing (JSONata is top-level or per state).
  return { ...ctx, depth: ctx.depth + 1, variables: [...ctx.variables] };
}

const TYPES_TOP = ['Pass', 'Pass', 'Task', 'Task', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map', 'Map'];
const TYPES_LEAF = ['Pass', 'Pass', 'Task', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail'];

/**
 * A container (`StartAt` + `States`): a chain of 1–6 states, each moving forward, with occasional
 * backward edges (loops; Choice loops guarded by a counter, and a few unguarded ones that run
 * into the history quota or the time limit).
 */
function makeContainer(ctx: GenContext): JsonObject {
  const { rng } = ctx;
  const n = ctx.budget.states > 40 ? 1 : pickInt(rng, 1, ctx.depth === 0 ? 6 : 4);
  // State names are unique across the definition (AWS rejects duplicates, even in other branches).
  const names = Array.from({ length: n }, (_, i) => `${ctx.depth === 0 ? 'S' : `D${ctx.depth}_`}${ctx.budget.states + i}`);
  const states: JsonObject = {};
  for (let i = 0; i < n; i++) {
    ctx.budget.states++;
    const last = i === n - 1;
    const types = ctx.depth >= 3 ? TYPES_LEAF : TYPES_TOP;
    let type = rng.pick(types);
    if (last && type === 'Choice' && chance(rng, 0.5)) type = 'Pass';
    // A Succeed or Fail ends the chain: only the last state may be one (the rest would be unreachable).
    if (!last && (type === 'Succeed' || type === 'Fail')) type = 'Pass';
    const forward = names.slice(i + 1);
    const loopBack = chance(rng, 0.08) ? names.slice(0, i + 1) : [];
    const targets = [...forward, ...loopBack];
    if (type === 'Choice' && targets.length === 0) type = 'Pass';
    const st = makeState(ctx, type, targets.length > 0 ? targets : [names[i]]);
    if (type === 'Choice' && forward.length > 0) {
      // The next state stays reachable: the Default (or, without one, the first rule) goes there.
      if (st.Default !== undefined || chance(rng, 0.5)) st.Default = forward[0];
      else if (Array.isArray(st.Choices) && isJsonObject(st.Choices[0])) st.Choices[0].Next = forward[0];
    } else if (type !== 'Choice' && type !== 'Succeed' && type !== 'Fail') {
      if (forward.length === 0) {
        if (loopBack.length > 0 && chance(rng, 0.5)) st.Next = rng.pick(loopBack);
        else st.End = true;
      } else st.Next = forward[0];
    }
    states[names[i]] = st;
  }
  return { StartAt: names[0], States: states };
}

/** A random input value shaped like what the generated paths read (a, n, arr, s, obj, ts, ...). */
export function generateInput(rng: Prng): Json {
  if (chance(rng, 0.05)) return rng.pick([null, 1, 'text', [], [1, 2, 3], true] as Json[]);
  const arrLen = rng.pick([0, 1, 2, 3, 5, 10, 40]);
  const input: JsonObject = {
    a: rng.pick([1, 'a', null, { b: 2 }] as Json[]),
    n: rng.pick([0, 1, 2, -1, 1.5, 99999999, 1e21, -0]),
    arr: Array.from({ length: arrLen }, (_, i) => (chance(rng, 0.7) ? i : { v: i, s: `x${i}` })),
    s: rng.pick(['a', 'a,b,c', 'aGVsbG8=', '', 'ü€😀', '{"x":1}', 'Zm9v']),
    obj: { k: rng.pick([1, 'v', null] as Json[]), nested: { deep: [1, { x: 2 }] } },
    flag: chance(rng, 0.5),
    ts: rng.pick(['2024-01-01T00:00:05Z', '2023-01-01T00:00:00Z', 'not a date', '2024-01-01T00:00:00.5+01:00']),
    big: rng.pick([1e308, 2 ** 53, 12345, -1e308]),
    json: rng.pick(['{"a":1}', '[1,2]', '{', '1e999']),
  };
  if (chance(rng, 0.3)) input.items = Array.from({ length: pickInt(rng, 0, 60) }, (_, i) => ({ i, arr: [i] }));
  // Now and then an input nested deeper than AWS accepts (1,000 levels).
  if (chance(rng, 0.01)) input.a = deepValue(rng, pickInt(rng, 900, 5_000));
  return input;
}

/**
 * Generates one definition, its input and its workflow type from `rng`. Promises: a plain JSON
 * object (no value shared between two places), bounded size (about 60 states at most), usually valid.
 */
export function generateDefinition(rng: Prng): GeneratedCase {
  const language: QueryLanguage = chance(rng, 0.35) ? 'JSONata' : 'JSONPath';
  const express = chance(rng, 0.2);
  const ctx: GenContext = { rng, depth: 0, language, express, variables: [], budget: { states: 0 } };
  const container = makeContainer(ctx);
  const definition: JsonObject = { Comment: 'generated by test/fuzz', ...container };
  if (language === 'JSONata') definition.QueryLanguage = 'JSONata';
  if (chance(rng, 0.1)) definition.TimeoutSeconds = rng.pick([1, 5, 60]);
  return { definition, input: generateInput(rng), type: express ? 'EXPRESS' : 'STANDARD' };
}
