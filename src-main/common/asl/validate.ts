import type { Json, JsonObject } from '../json';
import { isJsonObject } from '../json';
import { isTimestamp } from './timestamp';
import { NOT_AN_OBJECT_MESSAGE, parseDefinitionText, type Diagnostic, type ParseOptions } from './parseDefinition';
import type { StateType } from './types';
import { checkChoices } from './validation/choiceRules';
import {
  BRANCH_FIELDS,
  CATCHER_FIELDS,
  JSONATA_ONLY_FIELDS,
  JSONPATH_ONLY_FIELDS,
  MAX_DELAY_SECONDS,
  MAX_SECONDS,
  MAX_STATE_NAME_LENGTH,
  PROCESSOR_FIELDS,
  QUERY_LANGUAGES,
  RETRIER_FIELDS,
  ROOT_FIELDS,
  STATE_FIELDS,
  STATE_TYPES,
} from './validation/fields';
import { findTooDeep, NESTING_TOO_DEEP_MESSAGE } from './validation/depth';
import { checkGraph, type Container } from './validation/graph';
import { checkJsonataValue, isJsonataExpression } from './validation/jsonata';
import { checkPayloadTemplate } from './validation/payload';
import { checkTaskResource } from './validation/resources';
import { checkDynamicValue, checkPath, type PathKind } from './validation/paths';
import { pointerTokens, toPointer, type PathSegment } from './validation/pointer';
import { checkVariables } from './validation/variables';
import {
  expectKnownFields,
  expectOneOf,
  expectRange,
  expectRequired,
  expectType,
  Reporter,
} from './validation/reporter';

export type { Diagnostic } from './parseDefinition';

/**
 * Static validation of a state machine definition, reporting every problem at once, each with a
 * JSON pointer and — where AWS has one — AWS's diagnostic code and wording (the codes and messages
 * of ValidateStateMachineDefinition and CreateStateMachine; recorded cases in
 * conformance/aws-recorded/validation/). Messages whose AWS wording is not known are written in
 * the same style and say so in a comment.
 */

/** Options of `validateDefinition`. */
export interface ValidateOptions {
  /** EXPRESS state machines reject `.sync` and `.waitForTaskToken` integrations. Default STANDARD. */
  stateMachineType?: 'STANDARD' | 'EXPRESS';
}

/**
 * Validates a parsed definition and returns all diagnostics (errors and warnings), in the order
 * AWS reports them where known: schema problems while walking the document, then missing
 * transition targets, then unreachable states, then a missing terminal state. Never throws.
 */
export function validateDefinition(definition: Json, options: ValidateOptions = {}): Diagnostic[] {
  const v = new DefinitionValidator(options);
  v.run(definition);
  return v.r.diagnostics;
}

/** True when the diagnostics contain no error. */
export function isValid(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.every((d) => d.severity !== 'error');
}

/** Options of `validateDefinitionText`. */
export interface ValidateTextOptions extends ValidateOptions, ParseOptions {
  fileName?: string;
}

/** Result of `validateDefinitionText`: the parsed value (when it parsed) and every diagnostic. */
export interface TextValidation {
  value?: Json;
  diagnostics: Diagnostic[];
}

/**
 * Parses definition text (JSON or YAML) and validates it; every diagnostic gets the line and
 * column of its pointer (or of the closest enclosing value that exists in the text).
 */
export function validateDefinitionText(text: string, options: ValidateTextOptions = {}): TextValidation {
  const parsed = parseDefinitionText(text, options.fileName, { format: options.format });
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  const diagnostics = validateDefinition(parsed.value, options).map((d) => {
    const out: Diagnostic = { ...d };
    const tokens = pointerTokens(d.pointer);
    for (let n = tokens.length; n >= 0; n--) {
      const pos = parsed.locate(toPointer(tokens.slice(0, n)));
      if (pos !== undefined) {
        out.line = pos.line;
        out.column = pos.column;
        break;
      }
    }
    if (options.fileName !== undefined) out.file = options.fileName;
    return out;
  });
  return { value: parsed.value, diagnostics: [...parsed.warnings, ...diagnostics] };
}

/**
 * A readable one-line rendering: `file:line:column: error CODE: message (at /pointer)`, with the
 * parts that are unknown left out.
 */
export function formatDiagnostic(d: Diagnostic): string {
  let where = d.file ?? '';
  if (d.line !== undefined) {
    where += `${where === '' ? '' : ':'}${d.line}`;
    if (d.column !== undefined) where += `:${d.column}`;
  }
  const head = where === '' ? '' : `${where}: `;
  const at = d.pointer === '' ? '/' : d.pointer;
  return `${head}${d.severity} ${d.code}: ${d.message} (at ${at})`;
}

/** One diagnostic as AWS's ValidateStateMachineDefinition returns it. */
export interface AwsValidationDiagnostic {
  severity: 'ERROR' | 'WARNING';
  code: string;
  message: string;
  location?: string;
}

/** The response body of AWS's ValidateStateMachineDefinition. */
export interface AwsValidationResult {
  result: 'OK' | 'FAIL';
  diagnostics: AwsValidationDiagnostic[];
  truncated: boolean;
}

/** Renders diagnostics as ValidateStateMachineDefinition would return them (at most `maxResults`). */
export function toAwsValidationResult(diagnostics: readonly Diagnostic[], maxResults = 100): AwsValidationResult {
  const all = diagnostics
    .filter((d) => d.code !== 'DUPLICATE_KEY' && d.code !== 'TRAILING_CONTENT')
    .map((d): AwsValidationDiagnostic => {
      const out: AwsValidationDiagnostic = { severity: d.severity === 'error' ? 'ERROR' : 'WARNING', code: d.code, message: d.message };
      if (d.awsLocation !== undefined) out.location = d.awsLocation;
      return out;
    });
  const page = all.slice(0, maxResults);
  return {
    result: page.some((d) => d.severity === 'ERROR') ? 'FAIL' : 'OK',
    diagnostics: page,
    truncated: all.length > page.length,
  };
}

/**
 * The error CreateStateMachine answers for a definition with errors (`InvalidDefinition`, with
 * every error as `CODE: message at location` joined by `, `), or undefined when there is none.
 */
export function toCreateStateMachineError(diagnostics: readonly Diagnostic[]): { code: 'InvalidDefinition'; message: string } | undefined {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return undefined;
  const first = errors[0];
  if (first.code === 'INVALID_JSON_DESCRIPTION') {
    return { code: 'InvalidDefinition', message: `Invalid State Machine Definition: '${first.message}'` };
  }
  const parts = errors.map((d) => `${d.code}: ${d.message} at ${d.awsLocation ?? 'null'}`);
  return { code: 'InvalidDefinition', message: `Invalid State Machine Definition: '${parts.join(', ')}'` };
}

// ---------------------------------------------------------------------------------------------

/** State types that need exactly one of Next / End. */
const TRANSITION_TYPES: ReadonlySet<StateType> = new Set(['Pass', 'Task', 'Wait', 'Parallel', 'Map']);

class DefinitionValidator {
  readonly r = new Reporter();
  private topJsonata = false;
  private readonly containers: Container[] = [];
  private readonly stateNames = new Set<string>();
  /**
   * Workflow types of the Distributed Map item processors being walked: their children run as
   * executions of the type `ProcessorConfig.ExecutionType` names, so an EXPRESS processor's Tasks
   * are held to Express rules (Developer Guide, "Integrating optimized services": Express workflows
   * support Request Response only).
   */
  private readonly processorTypes: ('STANDARD' | 'EXPRESS')[] = [];

  constructor(private readonly options: ValidateOptions) {}

  /** The type of the workflow the state being checked runs in. */
  private workflowType(): 'STANDARD' | 'EXPRESS' | undefined {
    return this.processorTypes.length > 0 ? this.processorTypes[this.processorTypes.length - 1] : this.options.stateMachineType;
  }

  run(def: Json): void {
    const r = this.r;
    if (!isJsonObject(def)) {
      r.schema(NOT_AN_OBJECT_MESSAGE, { path: [], awsPath: null });
      return;
    }
    // Every check below recurses into values: a document nested deeper than AWS's parser accepts
    // is reported once, instead of overflowing the stack.
    const tooDeep = findTooDeep(def);
    if (tooDeep !== undefined) {
      r.error('INVALID_JSON_DESCRIPTION', NESTING_TOO_DEEP_MESSAGE, { path: tooDeep, awsPath: null });
      return;
    }
    expectRequired(r, def, ['States', 'StartAt'], []);
    expectKnownFields(r, def, ROOT_FIELDS, []);
    if (def.Comment !== undefined) expectType(r, def.Comment, 'STRING', ['Comment']);
    if (def.Version !== undefined && def.Version !== '1.0') {
      r.schema('Value should be one of the following: [1.0]', { path: ['Version'] });
    }
    if (def.TimeoutSeconds !== undefined && expectType(r, def.TimeoutSeconds, 'INTEGER', ['TimeoutSeconds'])) {
      expectRange(r, def.TimeoutSeconds as number, ['TimeoutSeconds'], 1, MAX_SECONDS);
    }
    this.checkQueryLanguageValue(def, []);
    this.topJsonata = resolveJsonata(def, false);
    this.checkContainerBody(def, [], true);
    // Variable scopes and `$states` references span states, so they are checked in a pass of their own.
    checkVariables(r, def, this.topJsonata);
    checkGraph(r, this.containers);
  }

  /** StartAt and States of the top level, a branch or an item processor. */
  private checkContainerBody(obj: JsonObject, path: readonly PathSegment[], root: boolean): void {
    const r = this.r;
    if (obj.StartAt !== undefined) expectType(r, obj.StartAt, 'STRING', [...path, 'StartAt']);
    if (obj.States === undefined) return;
    const statesPath = [...path, 'States'];
    if (!expectType(r, obj.States, 'OBJECT', statesPath)) return;
    const states = obj.States as JsonObject;
    for (const [name, state] of Object.entries(states)) this.checkState(name, state, [...statesPath, name]);
    this.containers.push({
      states,
      statesPath,
      startAt: typeof obj.StartAt === 'string' ? obj.StartAt : undefined,
      startAtPath: [...path, 'StartAt'],
      root,
    });
  }

  /** A Parallel branch or a Map's ItemProcessor/Iterator. */
  private checkSubMachine(value: Json, path: readonly PathSegment[], fields: ReadonlySet<string>): void {
    const r = this.r;
    if (!expectType(r, value, 'OBJECT', path)) return;
    const obj = value as JsonObject;
    expectRequired(r, obj, ['States', 'StartAt'], path);
    // A branch or processor is not a state and has no QueryLanguage of its own.
    expectKnownFields(r, obj, fields, path);
    if (obj.Comment !== undefined) expectType(r, obj.Comment, 'STRING', [...path, 'Comment']);
    if (obj.ProcessorConfig !== undefined && fields.has('ProcessorConfig')) this.checkProcessorConfig(obj.ProcessorConfig, [...path, 'ProcessorConfig']);
    this.checkContainerBody(obj, path, false);
  }

  private checkProcessorConfig(value: Json, path: readonly PathSegment[]): void {
    const r = this.r;
    if (!expectType(r, value, 'OBJECT', path)) return;
    const cfg = value as JsonObject;
    expectKnownFields(r, cfg, new Set(['Mode', 'ExecutionType']), path);
    if (cfg.Mode !== undefined && !['INLINE', 'DISTRIBUTED'].includes(cfg.Mode as string)) {
      r.schema('Value should be one of the following: [INLINE, DISTRIBUTED]', { path: [...path, 'Mode'] });
    }
    if (cfg.Mode === 'DISTRIBUTED') expectRequired(r, cfg, ['ExecutionType'], path);
    else if (cfg.ExecutionType !== undefined) {
      r.schema("Field 'ExecutionType' is not supported", { path: [...path, 'ExecutionType'], awsPath: path });
    }
    if (cfg.ExecutionType !== undefined && !['STANDARD', 'EXPRESS'].includes(cfg.ExecutionType as string)) {
      r.schema('Value should be one of the following: [STANDARD, EXPRESS]', { path: [...path, 'ExecutionType'] });
    }
  }

  private checkQueryLanguageValue(obj: JsonObject, path: readonly PathSegment[]): void {
    const ql = obj.QueryLanguage;
    if (ql === undefined) return;
    const at = [...path, 'QueryLanguage'];
    if (!expectType(this.r, ql, 'STRING', at)) return;
    if (!QUERY_LANGUAGES.includes(ql as string)) this.r.schema('Value should be one of the following: [JSONPath, JSONata]', { path: at });
  }

  private checkState(name: string, value: Json, path: readonly PathSegment[]): void {
    const r = this.r;
    if (name.length > MAX_STATE_NAME_LENGTH) {
      // AWS code; the exact sentence is not recorded.
      r.error('INVALID_STATE_NAME', `State name '${name}' exceeds the ${MAX_STATE_NAME_LENGTH}-character limit allowed by the service`, { path });
    }
    if (this.stateNames.has(name)) {
      // State names are unique across the whole state machine, branches and processors included.
      r.error('DUPLICATE_STATE_NAME', `Duplicate State name: ${name}`, { path });
    }
    this.stateNames.add(name);
    if (!expectType(r, value, 'OBJECT', path)) return;
    const state = value as JsonObject;
    if (!expectRequired(r, state, ['Type'], path)) return;
    if (!expectType(r, state.Type, 'STRING', [...path, 'Type'])) return;
    if (!STATE_TYPES.includes(state.Type as StateType)) {
      r.schema(`Value should be one of the following: [${STATE_TYPES.join(', ')}]`, { path: [...path, 'Type'] });
      return;
    }
    const type = state.Type as StateType;

    // Query language: a state's own QueryLanguage, else the state machine's (not an enclosing
    // Map's or Parallel's). A JSONata machine cannot switch one state back to JSONPath.
    const downgraded = this.topJsonata && state.QueryLanguage === 'JSONPath';
    if (downgraded) r.schema("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", { path });
    const jsonata = resolveJsonata(state, this.topJsonata);

    const allowed = STATE_FIELDS[type];
    expectKnownFields(r, state, allowed, path);
    if (!downgraded) {
      const language = jsonata ? 'JSONata' : 'JSONPath';
      const other = jsonata ? JSONPATH_ONLY_FIELDS : JSONATA_ONLY_FIELDS;
      for (const key of Object.keys(state)) {
        if (allowed.has(key) && other.has(key)) {
          r.schema(
            `The QueryLanguage is set to '${language}', but field '${key}' is only supported for the '${jsonata ? 'JSONPath' : 'JSONata'}' QueryLanguage`,
            { path: [...path, key], awsPath: path },
          );
        }
      }
    }
    this.checkQueryLanguageValue(state, path);
    if (state.Comment !== undefined) expectType(r, state.Comment, 'STRING', [...path, 'Comment']);

    if (TRANSITION_TYPES.has(type)) this.checkTransition(state, path);
    this.checkCommonFields(state, path, jsonata, allowed);

    switch (type) {
      case 'Pass':
        break;
      case 'Task':
        this.checkTask(state, path, jsonata);
        break;
      case 'Choice':
        expectRequired(r, state, ['Choices'], path);
        checkChoices(r, state, path, jsonata);
        if (state.Default !== undefined) expectType(r, state.Default, 'STRING', [...path, 'Default']);
        break;
      case 'Wait':
        this.checkWait(state, path, jsonata);
        break;
      case 'Succeed':
        break;
      case 'Fail':
        this.checkFail(state, path, jsonata);
        break;
      case 'Parallel':
        this.checkParallel(state, path);
        break;
      case 'Map':
        this.checkMap(state, path, jsonata);
        break;
    }
  }

  private checkTransition(state: JsonObject, path: readonly PathSegment[]): void {
    const r = this.r;
    const hasNext = state.Next !== undefined;
    const hasEnd = state.End !== undefined;
    if (hasNext && hasEnd) r.schema('There should only be one of the following fields: [Next, End]', { path });
    else if (!hasNext && !hasEnd) r.schema('This object should have only one of the following fields: [Next, End]', { path });
    if (hasNext) expectType(r, state.Next, 'STRING', [...path, 'Next']);
    if (hasEnd && expectType(r, state.End, 'BOOLEAN', [...path, 'End']) && state.End === false && !hasNext) {
      // `"End": false` does not end the state: it still needs a Next (AWS wording not recorded).
      r.schema('This object should have only one of the following fields: [Next, End]', { path });
    }
  }

  /** Input/output fields shared by several state types. */
  private checkCommonFields(state: JsonObject, path: readonly PathSegment[], jsonata: boolean, allowed: ReadonlySet<string>): void {
    const r = this.r;
    const has = (f: string): boolean => allowed.has(f) && state[f] !== undefined;
    if (!jsonata) {
      for (const f of ['InputPath', 'OutputPath']) {
        if (has(f) && state[f] !== null) this.checkPathField(state[f], [...path, f], 'jsonpath');
      }
      if (has('ResultPath') && state.ResultPath !== null) this.checkPathField(state.ResultPath, [...path, 'ResultPath'], 'reference-write');
      for (const f of ['Parameters', 'ResultSelector', 'ItemSelector']) {
        if (has(f)) checkPayloadTemplate(r, state[f], [...path, f]);
      }
    } else {
      for (const f of ['Arguments', 'Output', 'ItemSelector']) {
        if (has(f)) checkJsonataValue(r, state[f], [...path, f]);
      }
    }
    if (has('ResultSelector') && !jsonata) expectType(r, state.ResultSelector, 'OBJECT', [...path, 'ResultSelector']);
    if (has('Assign')) this.checkAssign(state.Assign, [...path, 'Assign'], jsonata);
    if (has('Retry')) this.checkRetry(state.Retry, [...path, 'Retry']);
    if (has('Catch')) this.checkCatch(state.Catch, [...path, 'Catch'], jsonata);
  }

  private checkAssign(value: Json, path: readonly PathSegment[], jsonata: boolean): void {
    const r = this.r;
    if (!expectType(r, value, 'OBJECT', path)) return;
    const obj = value as JsonObject;
    for (const key of Object.keys(obj)) {
      const name = !jsonata && key.endsWith('.$') ? key.slice(0, -2) : key;
      if (name === 'states') {
        // AWS reserves `$states` for JSONata's state data.
        r.error('RESERVED_VARIABLE_NAME', "Cannot assign to reserved variable '$states'.", { path: [...path, key] });
      }
    }
    if (jsonata) checkJsonataValue(r, obj, path);
    else checkPayloadTemplate(r, obj, path);
  }

  /** A path-valued field: must be a string and a valid path of the given kind. */
  private checkPathField(value: Json, path: readonly PathSegment[], kind: PathKind): void {
    const r = this.r;
    if (!expectType(r, value, 'STRING', path)) return;
    const reason = checkPath(value as string, kind);
    if (reason === undefined) return;
    if (kind === 'jsonpath') r.schema('Value must be a valid JSONPath.', { path });
    else r.schema(`Value is not a Reference Path: ${reason}`, { path });
  }

  /** An integer field that a JSONata state may also give as a `{% %}` expression. */
  private checkIntegerField(
    state: JsonObject,
    field: string,
    path: readonly PathSegment[],
    jsonata: boolean,
    min: number,
    max: number | undefined,
  ): void {
    const value = state[field];
    if (value === undefined) return;
    const at = [...path, field];
    if (jsonata && isJsonataExpression(value)) {
      checkJsonataValue(this.r, value, at);
      return;
    }
    if (expectType(this.r, value, 'INTEGER', at)) expectRange(this.r, value as number, at, min, max);
  }

  private checkErrorEquals(obj: JsonObject, path: readonly PathSegment[]): boolean {
    const r = this.r;
    if (obj.ErrorEquals === undefined) return false;
    const at = [...path, 'ErrorEquals'];
    if (!expectType(r, obj.ErrorEquals, 'ARRAY', at)) return false;
    const list = obj.ErrorEquals as Json[];
    if (list.length === 0) {
      r.schema('Value cannot be empty', { path: at });
      return false;
    }
    list.forEach((e, i) => expectType(r, e, 'STRING', [...at, i]));
    if (list.includes('States.ALL') && list.length > 1) {
      // Developer Guide, "Retrying after an error": States.ALL must appear alone.
      r.schema("'States.ALL' must appear alone in 'ErrorEquals'", { path: at });
    }
    return list.includes('States.ALL');
  }

  private checkRetry(value: Json, path: readonly PathSegment[]): void {
    const r = this.r;
    if (!expectType(r, value, 'ARRAY', path)) return;
    const list = value as Json[];
    list.forEach((item, i) => {
      const at = [...path, i];
      if (!expectType(r, item, 'OBJECT', at)) return;
      const retrier = item as JsonObject;
      expectRequired(r, retrier, ['ErrorEquals'], at);
      expectKnownFields(r, retrier, RETRIER_FIELDS, at);
      const catchesAll = this.checkErrorEquals(retrier, at);
      if (catchesAll && i !== list.length - 1) {
        r.schema("A Retrier with 'States.ALL' must be the last Retrier", { path: at });
      }
      const int = (f: string, min: number, max: number): void => {
        if (retrier[f] !== undefined && expectType(r, retrier[f], 'INTEGER', [...at, f])) {
          expectRange(r, retrier[f] as number, [...at, f], min, max);
        }
      };
      int('IntervalSeconds', 1, MAX_SECONDS);
      int('MaxAttempts', 0, MAX_SECONDS);
      int('MaxDelaySeconds', 1, MAX_DELAY_SECONDS);
      if (retrier.BackoffRate !== undefined && expectType(r, retrier.BackoffRate, 'NUMBER', [...at, 'BackoffRate'])) {
        expectRange(r, retrier.BackoffRate as number, [...at, 'BackoffRate'], 1, undefined, true);
      }
      if (retrier.JitterStrategy !== undefined && retrier.JitterStrategy !== 'FULL' && retrier.JitterStrategy !== 'NONE') {
        r.schema('Value should be one of the following: [FULL, NONE]', { path: [...at, 'JitterStrategy'] });
      }
      if (retrier.Comment !== undefined) expectType(r, retrier.Comment, 'STRING', [...at, 'Comment']);
    });
  }

  private checkCatch(value: Json, path: readonly PathSegment[], jsonata: boolean): void {
    const r = this.r;
    if (!expectType(r, value, 'ARRAY', path)) return;
    const list = value as Json[];
    const language = jsonata ? 'JSONata' : 'JSONPath';
    list.forEach((item, i) => {
      const at = [...path, i];
      if (!expectType(r, item, 'OBJECT', at)) return;
      const catcher = item as JsonObject;
      expectRequired(r, catcher, ['ErrorEquals', 'Next'], at);
      expectKnownFields(r, catcher, CATCHER_FIELDS, at);
      const catchesAll = this.checkErrorEquals(catcher, at);
      if (catchesAll && i !== list.length - 1) {
        r.schema("A Catcher with 'States.ALL' must be the last Catcher", { path: at });
      }
      if (catcher.Next !== undefined) expectType(r, catcher.Next, 'STRING', [...at, 'Next']);
      if (catcher.Comment !== undefined) expectType(r, catcher.Comment, 'STRING', [...at, 'Comment']);
      const wrong = jsonata ? 'ResultPath' : 'Output';
      if (catcher[wrong] !== undefined) {
        r.schema(
          `The QueryLanguage is set to '${language}', but field '${wrong}' is only supported for the '${jsonata ? 'JSONPath' : 'JSONata'}' QueryLanguage`,
          { path: [...at, wrong], awsPath: at },
        );
      }
      if (!jsonata && catcher.ResultPath !== undefined && catcher.ResultPath !== null) {
        this.checkPathField(catcher.ResultPath, [...at, 'ResultPath'], 'reference-write');
      }
      if (jsonata && catcher.Output !== undefined) checkJsonataValue(r, catcher.Output, [...at, 'Output']);
      if (catcher.Assign !== undefined) this.checkAssign(catcher.Assign, [...at, 'Assign'], jsonata);
    });
  }

  private checkTask(state: JsonObject, path: readonly PathSegment[], jsonata: boolean): void {
    const r = this.r;
    expectRequired(r, state, ['Resource'], path);
    const resourcePath = [...path, 'Resource'];
    if (state.Resource !== undefined && expectType(r, state.Resource, 'STRING', resourcePath)) {
      checkTaskResource(r, state.Resource as string, resourcePath, this.workflowType());
    }
    expectOneOf(r, state, ['TimeoutSeconds', 'TimeoutSecondsPath'], path, false);
    expectOneOf(r, state, ['HeartbeatSeconds', 'HeartbeatSecondsPath'], path, false);
    this.checkIntegerField(state, 'TimeoutSeconds', path, jsonata, 1, MAX_SECONDS);
    this.checkIntegerField(state, 'HeartbeatSeconds', path, jsonata, 1, MAX_SECONDS);
    if (!jsonata) {
      for (const f of ['TimeoutSecondsPath', 'HeartbeatSecondsPath']) {
        if (state[f] !== undefined) this.checkPathField(state[f], [...path, f], 'reference-read');
      }
    }
    const timeout = state.TimeoutSeconds;
    const heartbeat = state.HeartbeatSeconds;
    if (Number.isInteger(timeout) && Number.isInteger(heartbeat) && (timeout as number) >= 1 && (heartbeat as number) >= (timeout as number)) {
      // Developer Guide, "Task state": HeartbeatSeconds must be smaller than TimeoutSeconds
      // (AWS wording not recorded).
      r.schema("The value of 'HeartbeatSeconds' must be less than the value of 'TimeoutSeconds'", { path: [...path, 'HeartbeatSeconds'] });
    }
    if (state.Credentials !== undefined) this.checkCredentials(state.Credentials, [...path, 'Credentials'], jsonata);
  }

  private checkCredentials(value: Json, path: readonly PathSegment[], jsonata: boolean): void {
    const r = this.r;
    if (!expectType(r, value, 'OBJECT', path)) return;
    const cred = value as JsonObject;
    // Recorded: validation/test_invalid_credentials_field__* (other fields are not reported).
    const roleArn = cred.RoleArn !== undefined ? 'RoleArn' : !jsonata && cred['RoleArn.$'] !== undefined ? 'RoleArn.$' : undefined;
    if (roleArn === undefined) {
      r.schema("The field 'RoleArn' is required but was missing", { path });
      return;
    }
    if (jsonata) checkJsonataValue(r, cred, path);
    else checkPayloadTemplate(r, cred, path);
    if (roleArn === 'RoleArn') expectType(r, cred.RoleArn, 'STRING', [...path, 'RoleArn']);
  }

  private checkWait(state: JsonObject, path: readonly PathSegment[], jsonata: boolean): void {
    const r = this.r;
    const fields = jsonata ? ['Seconds', 'Timestamp'] : ['SecondsPath', 'Seconds', 'TimestampPath', 'Timestamp'];
    expectOneOf(r, state, fields, path, true);
    this.checkIntegerField(state, 'Seconds', path, jsonata, 0, MAX_SECONDS);
    const ts = state.Timestamp;
    if (ts !== undefined) {
      const at = [...path, 'Timestamp'];
      if (jsonata && isJsonataExpression(ts)) checkJsonataValue(r, ts, at);
      else if (expectType(r, ts, 'STRING', at) && !isTimestamp(ts as string)) r.schema('String does not match RFC3339 timestamp', { path: at });
    }
    if (!jsonata) {
      for (const f of ['SecondsPath', 'TimestampPath']) {
        if (state[f] !== undefined) this.checkPathField(state[f], [...path, f], 'reference-read');
      }
    }
  }

  private checkFail(state: JsonObject, path: readonly PathSegment[], jsonata: boolean): void {
    const r = this.r;
    for (const [literal, dynamic] of [
      ['Error', 'ErrorPath'],
      ['Cause', 'CausePath'],
    ]) {
      if (!jsonata) expectOneOf(r, state, [literal, dynamic], path, false);
      const v = state[literal];
      if (v !== undefined) {
        if (jsonata && isJsonataExpression(v)) checkJsonataValue(r, v, [...path, literal]);
        else expectType(r, v, 'STRING', [...path, literal]);
      }
      const d = state[dynamic];
      if (!jsonata && d !== undefined && expectType(r, d, 'STRING', [...path, dynamic])) {
        const text = d as string;
        const problem = checkDynamicValue(text, 'reference-read');
        if (problem !== undefined) {
          r.schema(`The value for the field '${dynamic}' must be a valid JSONPath or a valid intrinsic function call`, {
            path: [...path, dynamic],
          });
        }
      }
    }
  }

  private checkParallel(state: JsonObject, path: readonly PathSegment[]): void {
    const r = this.r;
    expectRequired(r, state, ['Branches'], path);
    const branches = state.Branches;
    if (branches === undefined) return;
    const at = [...path, 'Branches'];
    if (!expectType(r, branches, 'ARRAY', at)) return;
    const list = branches as Json[];
    if (list.length === 0) r.schema('Value cannot be empty', { path: at });
    list.forEach((b, i) => this.checkSubMachine(b, [...at, i], BRANCH_FIELDS));
  }

  private checkMap(state: JsonObject, path: readonly PathSegment[], jsonata: boolean): void {
    const r = this.r;
    expectOneOf(r, state, ['ItemProcessor', 'Iterator'], path, true);
    for (const f of ['ItemProcessor', 'Iterator']) {
      if (state[f] === undefined) continue;
      const cfg = isJsonObject(state[f]) ? (state[f] as JsonObject).ProcessorConfig : undefined;
      const childType =
        isJsonObject(cfg) && cfg.Mode === 'DISTRIBUTED' && (cfg.ExecutionType === 'EXPRESS' || cfg.ExecutionType === 'STANDARD')
          ? cfg.ExecutionType
          : undefined;
      if (childType !== undefined) this.processorTypes.push(childType);
      this.checkSubMachine(state[f], [...path, f], PROCESSOR_FIELDS);
      if (childType !== undefined) this.processorTypes.pop();
    }
    if (!jsonata) {
      expectOneOf(r, state, ['ItemSelector', 'Parameters'], path, false);
      if (state.ItemsPath !== undefined) this.checkPathField(state.ItemsPath, [...path, 'ItemsPath'], 'reference-read');
      for (const f of ['MaxConcurrencyPath', 'ToleratedFailurePercentagePath', 'ToleratedFailureCountPath']) {
        if (state[f] !== undefined) this.checkPathField(state[f], [...path, f], 'reference-read');
      }
    } else if (state.Items !== undefined) {
      const items = state.Items;
      if (isJsonataExpression(items)) checkJsonataValue(r, items, [...path, 'Items']);
      else if (expectType(r, items, 'ARRAY', [...path, 'Items'])) checkJsonataValue(r, items, [...path, 'Items']);
    }
    expectOneOf(r, state, ['MaxConcurrency', 'MaxConcurrencyPath'], path, false);
    expectOneOf(r, state, ['ToleratedFailurePercentage', 'ToleratedFailurePercentagePath'], path, false);
    expectOneOf(r, state, ['ToleratedFailureCount', 'ToleratedFailureCountPath'], path, false);
    this.checkIntegerField(state, 'MaxConcurrency', path, jsonata, 0, undefined);
    this.checkIntegerField(state, 'ToleratedFailureCount', path, jsonata, 0, undefined);
    const pct = state.ToleratedFailurePercentage;
    if (pct !== undefined) {
      const at = [...path, 'ToleratedFailurePercentage'];
      if (jsonata && isJsonataExpression(pct)) checkJsonataValue(r, pct, at);
      else if (expectType(r, pct, 'NUMBER', at)) expectRange(r, pct as number, at, 0, 100, true);
    }
    if (state.Label !== undefined) expectType(r, state.Label, 'STRING', [...path, 'Label']);
    for (const f of ['ItemReader', 'ItemBatcher', 'ResultWriter']) {
      const v = state[f];
      if (v === undefined) continue;
      const at = [...path, f];
      if (!expectType(r, v, 'OBJECT', at)) continue;
      if (jsonata) checkJsonataValue(r, v, at);
      else checkPayloadTemplate(r, v, at);
    }
    const reader = state.ItemReader;
    if (isJsonObject(reader)) {
      expectRequired(r, reader, ['Resource'], [...path, 'ItemReader']);
      if (reader.Resource !== undefined) expectType(r, reader.Resource, 'STRING', [...path, 'ItemReader', 'Resource']);
      // Developer Guide, "ItemReader (Map)": ReaderConfig takes MaxItems or MaxItemsPath, not both.
      if (isJsonObject(reader.ReaderConfig)) {
        expectOneOf(r, reader.ReaderConfig, ['MaxItems', 'MaxItemsPath'], [...path, 'ItemReader', 'ReaderConfig'], false);
      }
    }
    const batcher = state.ItemBatcher;
    if (isJsonObject(batcher)) {
      // Developer Guide, "ItemBatcher (Map)": each limit is given either as a number or as a path, not both.
      expectOneOf(r, batcher, ['MaxItemsPerBatch', 'MaxItemsPerBatchPath'], [...path, 'ItemBatcher'], false);
      expectOneOf(r, batcher, ['MaxInputBytesPerBatch', 'MaxInputBytesPerBatchPath'], [...path, 'ItemBatcher'], false);
    }
  }
}

/** The effective query language of `owner`: its own when declared (exactly `JSONPath` is JSONPath), else inherited. */
function resolveJsonata(owner: JsonObject, inherited: boolean): boolean {
  if (owner.QueryLanguage === undefined) return inherited;
  return owner.QueryLanguage !== 'JSONPath';
}
