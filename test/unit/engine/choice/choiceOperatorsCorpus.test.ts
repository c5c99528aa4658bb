import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChoiceRule } from '../../../../src-main/common/asl/types';
import { evaluateChoiceRules } from '../../../../src-main/common/engine/choice/evaluateChoice';

/**
 * Every choice_operators case of the AWS-recorded corpus: the definition is one Choice state
 * ("CheckValues") whose branches are Pass states; the branch AWS took is the expected output.
 */
const dir = '/work/shared/conformance/aws-recorded/choice_operators';
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];

describe.skipIf(files.length === 0)('choice_operators corpus', () => {
  it.each(files)('%s picks the branch AWS picked', (file) => {
    const c = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const state = c.definition.States.CheckValues as { Choices: ChoiceRule[]; Default: string };
    const match = evaluateChoiceRules(state.Choices, c.input, { context: {} });
    const next = match ? match.next : state.Default;
    expect(next).toBe(c.expected.output['TestResult.$']);
  });
});
