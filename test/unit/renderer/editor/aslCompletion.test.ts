import { describe, expect, it } from 'vitest';
import { STATE_FIELDS, STATE_TYPES } from '@common/asl/validation/fields';
import { INTRINSIC_FUNCTIONS } from '@common/asl/validation/paths';
import type { Json } from '@common/json';
import { aslCompletions, fieldsAt, partAt } from '../../../../src-renderer/features/editor/aslCompletion';
import { cursorContext, jsonPathAt, yamlPathAt } from '../../../../src-renderer/features/editor/cursorContext';

/** `text` with the cursor where `|` is. */
function at(marked: string): { text: string; pos: number } {
  const pos = marked.indexOf('|');
  return { text: marked.slice(0, pos) + marked.slice(pos + 1), pos };
}

function complete(marked: string, definition?: Json) {
  const { text, pos } = at(marked);
  const context = cursorContext(text, pos);
  if (context === undefined) return undefined;
  const found = aslCompletions(definition ?? (JSON.parse(text.replace(/"[^"]*$/, '') || '{}') as Json), context);
  return found && { from: found.from, labels: found.options.map((o) => o.label), pos };
}

const DEFINITION = {
  StartAt: 'Check',
  States: {
    Check: { Type: 'Choice', Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Done' }], Default: 'Fix' },
    Fix: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Done' }], Next: 'Done' },
    Fan: {
      Type: 'Parallel',
      Branches: [{ StartAt: 'Inner', States: { Inner: { Type: 'Pass', End: true }, Inner2: { Type: 'Succeed' } } }],
      End: true,
    },
    Done: { Type: 'Succeed' },
  },
} satisfies Json;

describe('where the cursor is, from the text being typed', () => {
  it('follows JSON objects and arrays to the object that holds the key', () => {
    const text = JSON.stringify(DEFINITION, null, 2);
    expect(jsonPathAt(text, text.indexOf('"Default"'))).toEqual(['States', 'Check']);
    expect(jsonPathAt(text, text.indexOf('"BooleanEquals"'))).toEqual(['States', 'Check', 'Choices', 0]);
    expect(jsonPathAt(text, text.indexOf('"Inner2"') + 20)).toEqual(['States', 'Fan', 'Branches', 0, 'States', 'Inner2']);
    expect(jsonPathAt(text, 0)).toBeUndefined();
  });

  it('follows YAML indentation, with sequence items and their index', () => {
    const lines = ['StartAt: A', 'States:', '  A:', '    Type: Choice', '    Choices:', '      - Variable: $.x', '        Next: B', '      - Variable: $.y'];
    expect(yamlPathAt(lines.slice(0, 3), 4, undefined)).toEqual(['States', 'A']);
    expect(yamlPathAt(lines.slice(0, 6), 8, undefined)).toEqual(['States', 'A', 'Choices', 0]);
    expect(yamlPathAt(lines, 8, undefined)).toEqual(['States', 'A', 'Choices', 1]);
    expect(yamlPathAt(lines.slice(0, 7), 8, 6)).toEqual(['States', 'A', 'Choices', 1]);
    // Dashes at the column of the key that holds them.
    expect(yamlPathAt(['States:', '  A:', '    Catch:', '    - ErrorEquals: [States.ALL]'], 6, undefined)).toEqual(['States', 'A', 'Catch', 0]);
  });

  it('tells a key from a value and gives the part typed so far', () => {
    const { text, pos } = at('{"States": {"A": {"Next": "Do|');
    expect(cursorContext(text, pos)).toEqual({ role: 'value', path: ['States', 'A'], key: 'Next', prefix: 'Do', from: pos - 2, quoted: true });
    const k = at('{"States": {"A": {"Type": "Pass", "Ne|');
    expect(cursorContext(k.text, k.pos)).toMatchObject({ role: 'key', path: ['States', 'A'], prefix: 'Ne' });
    const y = at('States:\n  A:\n    Type: Pass\n    Next: Do|');
    expect(cursorContext(y.text, y.pos)).toMatchObject({ role: 'value', path: ['States', 'A'], key: 'Next', prefix: 'Do' });
  });
});

describe('completions from the ASL rules', () => {
  it('offers the states of the same States block after "Next": "', () => {
    const text = JSON.stringify(DEFINITION, null, 2).replace('"Next": "Done"\n    },\n    "Fan"', '"Next": "|"\n    },\n    "Fan"');
    const r = complete(text, DEFINITION)!;
    expect(r.labels).toEqual(['Check', 'Fix', 'Fan', 'Done']);
    expect(r.from).toBe(r.pos);
  });

  it('offers a branch its own states for StartAt and Next, a Catcher and a Choice rule their state’s block', () => {
    expect(complete('{"States": {"Fan": {"Branches": [{"StartAt": "|', DEFINITION)!.labels).toEqual(['Inner', 'Inner2']);
    expect(complete('{"States": {"Fan": {"Branches": [{"States": {"Inner": {"Next": "|', DEFINITION)!.labels).toEqual(['Inner', 'Inner2']);
    expect(complete('{"States": {"Fix": {"Catch": [{"Next": "|', DEFINITION)!.labels).toEqual(['Check', 'Fix', 'Fan', 'Done']);
    expect(complete('{"States": {"Check": {"Choices": [{"Next": "D|', DEFINITION)).toMatchObject({ labels: ['Check', 'Fix', 'Fan', 'Done'] });
    expect(complete('{"StartAt": "|', DEFINITION)!.labels).toEqual(['Check', 'Fix', 'Fan', 'Done']);
  });

  it('offers the fields the state’s Type accepts (as the validator lists them), without those already there', () => {
    const r = complete('{"States": {"Fix": {"|', DEFINITION)!;
    const expected = [...STATE_FIELDS.Task].filter((f) => !['Type', 'Resource', 'Catch', 'Next'].includes(f) && !['Arguments', 'Output'].includes(f));
    expect(r.labels.sort()).toEqual(expected.sort());
    // A JSONata state gets JSONata's fields instead of the JSONPath-only ones.
    const jsonata = fieldsAt({ QueryLanguage: 'JSONata', States: { T: { Type: 'Task' } } }, ['States', 'T'])!;
    expect(jsonata).toContain('Arguments');
    expect(jsonata).not.toContain('Parameters');
  });

  it('offers the state types, the query languages and the fields of Retriers, Catchers and the top level', () => {
    expect(complete('{"States": {"New": {"Type": "|', DEFINITION)!.labels).toEqual([...STATE_TYPES]);
    expect(complete('{"QueryLanguage": "|', DEFINITION)!.labels).toEqual(['JSONPath', 'JSONata']);
    expect(complete('{"States": {"Fix": {"Retry": [{"|', DEFINITION)!.labels).toContain('BackoffRate');
    expect(complete('{"States": {"Fix": {"Catch": [{"ErrorEquals": ["A"]}, {"|', DEFINITION)!.labels).toEqual(expect.arrayContaining(['ErrorEquals', 'Next', 'ResultPath']));
    // The Catcher that is there already has ErrorEquals and Next.
    expect(complete('{"States": {"Fix": {"Catch": [{"|', DEFINITION)!.labels).toEqual(['ResultPath', 'Assign', 'Comment']);
    expect(complete('{"|', DEFINITION)!.labels).toEqual(['Comment', 'Version', 'TimeoutSeconds', 'QueryLanguage']);
    expect(complete('{"States": {"Check": {"Choices": [{}, {"|', DEFINITION)!.labels).toEqual(expect.arrayContaining(['Variable', 'NumericEquals', 'StringMatches', 'IsPresent', 'And', 'Next']));
    // The rule there already compares (BooleanEquals): no second operator.
    expect(complete('{"States": {"Check": {"Choices": [{"|', DEFINITION)!.labels).toEqual(['And', 'Or', 'Not', 'Assign', 'Comment']);
  });

  it('offers the intrinsic functions inside a States. string', () => {
    const r = complete('{"States": {"P": {"Type": "Pass", "Parameters": {"x.$": "States.Fo|', DEFINITION)!;
    expect(r.labels).toEqual([...INTRINSIC_FUNCTIONS]);
    expect(r.from).toBe(r.pos - 'States.Fo'.length);
  });

  it('completes YAML too', () => {
    const text = 'StartAt: Check\nStates:\n  Check:\n    Type: Choice\n    Choices:\n      - Variable: $.ok\n        BooleanEquals: true\n        Next: |';
    expect(complete(text, DEFINITION)!.labels).toEqual(['Check', 'Fix', 'Fan', 'Done']);
    expect(complete('States:\n  Fix:\n    Type: Task\n    Time|', DEFINITION)!.labels).toContain('TimeoutSeconds');
  });

  it('knows the parts of a definition', () => {
    expect(partAt([])).toBe('root');
    expect(partAt(['States', 'A'])).toBe('state');
    expect(partAt(['States', 'M', 'ItemProcessor', 'States', 'X'])).toBe('state');
    expect(partAt(['States', 'A', 'Parameters'])).toBe('other');
    expect(complete('{"States": {"A": {"Parameters": {"|', DEFINITION)).toBeUndefined();
  });
});
