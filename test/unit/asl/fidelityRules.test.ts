import { describe, expect, it } from 'vitest';
import { validateDefinition, toAwsValidationResult } from '../../../src-main/common/asl/validate';
import { parsePath } from '../../../src-main/common/asl/jsonPathSyntax';
import { readPath } from '../../../src-main/common/engine/dataflow/jsonPath';
import type { JsonObject } from '../../../src-main/common/json';

/**
 * Issue #16's listed findings, each settled by the Developer Guide page (or LocalStack file, where
 * AWS is silent) named in the test.
 */

function diagnostics(def: JsonObject, severity: 'error' | 'warning' = 'error'): string[] {
  return validateDefinition(def)
    .filter((d) => d.severity === severity)
    .map((d) => `${d.code}: ${d.message} @ ${d.severity === 'error' ? (d.awsLocation ?? 'null') : d.pointer}`);
}

function pass(extra: JsonObject): JsonObject {
  return { StartAt: 'P', States: { P: { Type: 'Pass', End: true, ...extra } } };
}

function distributedMap(extra: JsonObject): JsonObject {
  return {
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        End: true,
        ...extra,
      },
    },
  };
}

describe('ItemReader and ItemBatcher: a limit is a number or a path, not both', () => {
  it('Developer Guide "ItemReader (Map)": ReaderConfig MaxItems with MaxItemsPath', () => {
    const reader = (cfg: JsonObject): JsonObject => ({
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON', ...cfg }, Parameters: { Bucket: 'b', Key: 'k' } },
    });
    expect(diagnostics(distributedMap(reader({ MaxItems: 10 })))).toEqual([]);
    expect(diagnostics(distributedMap(reader({ MaxItemsPath: '$.max' })))).toEqual([]);
    expect(diagnostics(distributedMap(reader({ MaxItems: 10, MaxItemsPath: '$.max' })))).toEqual([
      'SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: [MaxItems, MaxItemsPath] @ /States/M/ItemReader/ReaderConfig',
    ]);
  });

  it('Developer Guide "ItemBatcher (Map)": MaxItemsPerBatch(Path) and MaxInputBytesPerBatch(Path)', () => {
    expect(diagnostics(distributedMap({ ItemBatcher: { MaxItemsPerBatch: 10, MaxInputBytesPerBatchPath: '$.bytes' } }))).toEqual([]);
    expect(diagnostics(distributedMap({ ItemBatcher: { MaxItemsPerBatch: 10, MaxItemsPerBatchPath: '$.n' } }))).toEqual([
      'SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: [MaxItemsPerBatch, MaxItemsPerBatchPath] @ /States/M/ItemBatcher',
    ]);
    expect(diagnostics(distributedMap({ ItemBatcher: { MaxInputBytesPerBatch: 1024, MaxInputBytesPerBatchPath: '$.b' } }))).toEqual([
      'SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: [MaxInputBytesPerBatch, MaxInputBytesPerBatchPath] @ /States/M/ItemBatcher',
    ]);
  });
});

describe('payload template with both `key` and `key.$`', () => {
  it('LocalStack payload_tmpl.py: accepted, the later binding wins; Stepscope warns that a value is lost', () => {
    const def = pass({ Parameters: { channel: 'static', 'channel.$': '$.c', other: 1 } });
    expect(diagnostics(def)).toEqual([]);
    expect(diagnostics(def, 'warning')).toEqual([
      "DUPLICATE_KEY: Field 'channel' is given more than once (as 'channel' and 'channel.$'): the last one is used @ /States/P/Parameters/channel.$",
    ]);
    // Not one of AWS's diagnostics: ValidateStateMachineDefinition's answer stays AWS's.
    expect(toAwsValidationResult(validateDefinition(def))).toEqual({ result: 'OK', diagnostics: [], truncated: false });
  });
});

describe('whitespace around a dynamic value: paths and intrinsic calls alike', () => {
  it('LocalStack antlr/ASLLexer.g4 (STRINGPATH starts `"$`, STRINGINTRINSICFUNC starts `"States.`): neither is trimmed', () => {
    const message = (key: string): string =>
      `SCHEMA_VALIDATION_FAILED: The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call @ /States/P/Parameters/${key}`;
    expect(diagnostics(pass({ Parameters: { 'a.$': 'States.Array(1)', 'b.$': '$.x' } }))).toEqual([]);
    expect(diagnostics(pass({ Parameters: { 'a.$': ' States.Array(1)' } }))).toEqual([message('a.$')]);
    expect(diagnostics(pass({ Parameters: { 'a.$': 'States.Array(1) ' } }))).toEqual([message('a.$')]);
    expect(diagnostics(pass({ Parameters: { 'b.$': ' $.x' } }))).toEqual([message('b.$')]);
  });
});

describe('intrinsic calls with literal arguments of the wrong type', () => {
  it('Developer Guide "Intrinsic functions": States.MathAdd takes two numbers, so MathAdd(1, \'-1\') is refused with the definition', () => {
    expect(diagnostics(pass({ Parameters: { 'n.$': 'States.MathAdd(1, -1)' } }))).toEqual([]);
    expect(diagnostics(pass({ Parameters: { 'n.$': 'States.MathAdd($.a, $.b)' } }))).toEqual([]);
    expect(diagnostics(pass({ Parameters: { 'n.$': "States.MathAdd(1,'-1')" } }))).toEqual([
      "SCHEMA_VALIDATION_FAILED: The value for the field 'n.$' must be a valid JSONPath or a valid intrinsic function call @ /States/P/Parameters/n.$",
    ]);
  });

  it('other documented argument types: StringSplit strings, ArrayRange numbers, ArrayLength an array', () => {
    expect(diagnostics(pass({ Parameters: { 'a.$': "States.StringSplit('a,b', ',')", 'b.$': 'States.ArrayRange(1, 9, 2)' } }))).toEqual([]);
    for (const call of ["States.StringSplit('a', 1)", "States.ArrayRange(1, '9', 2)", 'States.ArrayLength(3)', "States.Format(1, 'x')"]) {
      expect(diagnostics(pass({ Parameters: { 'v.$': call } })), call).toHaveLength(1);
    }
  });
});

describe('a JSONPath filter with an unquoted literal', () => {
  it('AWS sample workflows use `$.Labels[?(@.Name==Receipt)]` and are documented as working: accepted, the word is a string', () => {
    expect(diagnostics(pass({ Parameters: { 'r.$': '$.Labels[?(@.Name==Receipt)]' } }))).toEqual([]);
    expect(parsePath('$.Labels[?(@.Name==Receipt)]')).toBeDefined();
    const doc = { Labels: [{ Name: 'Receipt', c: 1 }, { Name: 'Other', c: 2 }] };
    expect(readPath(doc, '$.Labels[?(@.Name==Receipt)]')).toEqual({ found: true, value: [{ Name: 'Receipt', c: 1 }] });
    // true, false and null keep their meaning.
    expect(readPath({ a: [{ x: true }, { x: 'true' }] }, '$.a[?(@.x==true)]')).toEqual({ found: true, value: [{ x: true }] });
  });
});
