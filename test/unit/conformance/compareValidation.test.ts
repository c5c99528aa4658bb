import { describe, expect, it } from 'vitest';
import { compareValidation } from '../../../src-main/common/conformance/compareValidation';
import { loadCase, type ValidationCase } from '../../../src-main/common/conformance/conformanceCase';
import type { Diagnostic } from '../../../src-main/common/asl/parseDefinition';

const missingStates: Diagnostic = { severity: 'error', code: 'SCHEMA_VALIDATION_FAILED', message: 'These fields are required: [States]', pointer: '', awsLocation: '/' };

function validationCase(extra: object): ValidationCase {
  return loadCase({ id: 'validation/x', definition: { StartAt: 'A' }, stateMachineType: 'STANDARD', ...extra } as never) as ValidationCase;
}

describe('compareValidation', () => {
  const rejected = validationCase({
    expectedError: { code: 'InvalidDefinition', message: "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'" },
  });

  it('matches CreateStateMachine’s rejection by code and message (validation/test_create_delete_invalid_sm)', () => {
    expect(compareValidation(rejected, [missingStates])).toEqual({ ok: true });
  });

  it('reports a definition we accept but AWS rejected', () => {
    expect(compareValidation(rejected, [])).toMatchObject({ ok: false, firstMismatch: { where: 'error' } });
  });

  it('reports a different rejection message', () => {
    const other: Diagnostic = { ...missingStates, message: 'These fields are required: [StartAt]' };
    expect(compareValidation(rejected, [other])).toMatchObject({ ok: false, firstMismatch: { where: 'error.message' } });
  });

  const validated = validationCase({
    expectedValidation: {
      result: 'FAIL',
      diagnostics: [{ code: 'SCHEMA_VALIDATION_FAILED', location: '/', message: 'These fields are required: [States]', severity: 'ERROR' }],
      truncated: false,
    },
  });

  it('matches ValidateStateMachineDefinition’s result and diagnostics', () => {
    expect(compareValidation(validated, [missingStates])).toEqual({ ok: true });
  });

  it('reports a wrong result, a differing diagnostic and an extra one', () => {
    expect(compareValidation(validated, [])).toMatchObject({ ok: false, firstMismatch: { where: 'validation.result', expected: 'FAIL', actual: 'OK' } });
    expect(compareValidation(validated, [{ ...missingStates, awsLocation: '/States' }])).toMatchObject({
      ok: false,
      firstMismatch: { where: 'validation.diagnostics[0].location', expected: '/', actual: '/States' },
    });
    const extra: Diagnostic = { severity: 'error', code: 'MISSING_END_STATE', message: 'Workflow has no terminal state', pointer: '/States' };
    expect(compareValidation(validated, [missingStates, extra])).toMatchObject({
      ok: false,
      firstMismatch: { where: 'validation.diagnostics', message: 'unexpected diagnostic MISSING_END_STATE: "Workflow has no terminal state"' },
    });
  });
});
