import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  toAwsValidationResult,
  toCreateStateMachineError,
  validateDefinition,
  validateDefinitionText,
} from '../../../src-main/common/asl/validate';

/**
 * The AWS-recorded corpus, seen by the validator:
 * - every validation/ case produces AWS's CreateStateMachine error or ValidateStateMachineDefinition
 *   response exactly;
 * - every definition AWS ran (all other categories) validates without errors.
 */
const root = join(__dirname, '../../fixtures/conformance/aws-recorded');

/** Executed definitions the validator rejects, with the reason. The list may only shrink. */
const KNOWN_REJECTED: Record<string, string> = {
  // The recording replaced the activity ARN by the placeholder `activity_arn`; AWS ran a real ARN.
  'activities/test_activity_task_on_deleted': 'Resource is a placeholder, not an ARN',
};

interface ValidationCase {
  id: string;
  definition: unknown;
  stateMachineType: 'STANDARD' | 'EXPRESS';
  expectedError?: { code: string; message: string };
  expectedValidation?: {
    result: 'OK' | 'FAIL';
    diagnostics: { severity: string; code: string; message: string; location?: string }[];
    truncated: boolean;
  };
}

function loadDir(category: string): { file: string; data: Record<string, unknown> }[] {
  const dir = join(root, category);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((file) => ({ file, data: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown> }));
}

describe('validation corpus', () => {
  const cases = loadDir('validation').map((c) => c.data as unknown as ValidationCase);

  it.each(cases.map((c) => [c.id, c] as const))('%s matches AWS', (_id, c) => {
    // What was sent: the definition's JSON text, or the raw text when it was not an object.
    const text = typeof c.definition === 'string' ? c.definition : JSON.stringify(c.definition);
    const { diagnostics } = validateDefinitionText(text, { format: 'json', stateMachineType: c.stateMachineType });
    if (c.expectedError) {
      expect(toCreateStateMachineError(diagnostics)).toEqual(c.expectedError);
    } else if (c.expectedValidation) {
      const expected = {
        result: c.expectedValidation.result,
        truncated: c.expectedValidation.truncated,
        diagnostics: c.expectedValidation.diagnostics.map((d) => ({
          severity: d.severity,
          code: d.code,
          message: d.message,
          ...(d.location !== undefined ? { location: d.location } : {}),
        })),
      };
      expect(toAwsValidationResult(diagnostics)).toEqual(expected);
    } else {
      throw new Error(`case ${c.id} has neither expectedError nor expectedValidation`);
    }
  });
});

describe('executed definitions validate', () => {
  const categories = readdirSync(root).filter((d) => d !== 'validation');
  const cases = categories.flatMap((cat) =>
    loadDir(cat).map(({ file, data }) => [`${cat}/${file.replace(/\.json$/, '')}`, data] as const),
  );

  it.each(cases)('%s has no validation error', (id, data) => {
    const type = (data.stateMachineType as 'STANDARD' | 'EXPRESS' | undefined) ?? 'STANDARD';
    const errors = validateDefinition(data.definition as never, { stateMachineType: type })
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.code}: ${d.message} (${d.pointer})`);
    if (KNOWN_REJECTED[id] !== undefined) expect(errors.length).toBeGreaterThan(0);
    else expect(errors).toEqual([]);
  });
});
