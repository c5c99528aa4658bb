/**
 * YAML with CloudFormation's short-form intrinsic functions (`!Ref X`, `!Sub '...'`,
 * `!GetAtt A.B`, `!Join [d, [...]]`, `!If [...]`, ...), read into the long form that JSON
 * templates use (`{"Ref": "X"}`, `{"Fn::Sub": "..."}`, `{"Fn::GetAtt": ["A", "B"]}`), with the
 * `yaml` package's custom tags (CloudFormation User Guide, "Intrinsic function reference": each
 * function's "Syntax for the short form").
 */
import { parseDocument, type CollectionTag, type ScalarTag, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Json } from '../json';

/** The short-form tags CloudFormation (and SAM) read, without their `!`. */
export const CFN_SHORT_TAGS = [
  'Ref',
  'Condition',
  'Sub',
  'GetAtt',
  'Join',
  'If',
  'Select',
  'Split',
  'FindInMap',
  'Base64',
  'Cidr',
  'ImportValue',
  'GetAZs',
  'Equals',
  'And',
  'Or',
  'Not',
  'Transform',
  'Length',
  'ToJsonString',
] as const;

/** The long-form key of a short tag: `Ref` and `Condition` stay, the others are `Fn::<Name>`. */
function longForm(tag: string): string {
  return tag === 'Ref' || tag === 'Condition' ? tag : `Fn::${tag}`;
}

function wrap(tag: string, value: unknown): Json {
  // `!GetAtt Resource.Attribute` is the scalar form of ["Resource", "Attribute"] (the attribute may hold dots).
  if (tag === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [longForm(tag)]: value as Json };
}

const CUSTOM_TAGS: (ScalarTag | CollectionTag)[] = CFN_SHORT_TAGS.flatMap((name): (ScalarTag | CollectionTag)[] => [
  { tag: `!${name}`, identify: () => false, resolve: (text: string) => wrap(name, text) },
  { tag: `!${name}`, collection: 'seq', identify: () => false, resolve: (seq: YAMLMap.Parsed | YAMLSeq.Parsed) => wrap(name, seq.toJSON()) },
  { tag: `!${name}`, collection: 'map', identify: () => false, resolve: (map: YAMLMap.Parsed | YAMLSeq.Parsed) => wrap(name, map.toJSON()) },
]);

/** True when YAML text uses one of CloudFormation's short tags (so it must be read with them). */
export function hasCfnShortTags(text: string): boolean {
  return new RegExp(`(^|[\\s:\\[,-])!(${CFN_SHORT_TAGS.join('|')})(?=[\\s\\[{]|$)`, 'm').test(text);
}

/** A YAML template read into JSON, or the first problem with its line and column. */
export type CfnYamlResult = { ok: true; value: Json } | { ok: false; message: string; line?: number; column?: number };

/** Reads YAML text whose values may carry CloudFormation short tags. Never throws for bad text. */
export function parseCfnYaml(text: string): CfnYamlResult {
  let doc;
  try {
    doc = parseDocument(text, { customTags: CUSTOM_TAGS, uniqueKeys: false, prettyErrors: true });
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const problem = doc.errors[0] ?? doc.warnings.find((w) => /Unresolved tag/.test(w.message));
  if (problem !== undefined) {
    const [first] = problem.message.split(/ at line \d+|\n/);
    const pos = problem.linePos?.[0];
    return { ok: false, message: first, ...(pos !== undefined ? { line: pos.line, column: pos.col } : {}) };
  }
  try {
    return { ok: true, value: (doc.toJS({ maxAliasCount: 1000 }) ?? null) as Json };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
