import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChoiceRule } from '../../../../src-main/common/asl/types';
import { evaluateChoiceRules } from '../../../../src-main/common/engine/choice/evaluateChoice';

/**
 * Every choice_operators case of the AWS-recorded corpus: the definition is one Choice state
 * ("CheckValues") whose branches are Pass states; the branch AWS took is the expected output.
 */
const dir = join(__dirname, '../../../fixtures/conformance/aws-recorded/choice_operators');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('choice_operators corpus', () => {
  it.each(files)('%s picks the branch AWS picked', (file) => {
    const c = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const state = c.definition.States.CheckValues as { Choices: ChoiceRule[]; Default: string };
    const match = evaluateChoiceRules(state.Choices, c.input, { context: {} });
    const next = match ? match.next : state.Default;
    expect(next).toBe(c.expected.output['TestResult.$']);
  });
});
