import type { Diagnostic } from '../asl/parseDefinition';
import { toAwsValidationResult, toCreateStateMachineError } from '../asl/validate';
import type { AwsValidationDiagnostic, ValidationCase } from './conformanceCase';
import type { CompareResult } from './compareRun';
import { matchValue, preview } from './matchValue';

/**
 * Compares our validator's findings with a recorded validation case: with CreateStateMachine's
 * rejection (`expectedError`, compared by code and message) or with ValidateStateMachineDefinition's
 * answer (`expectedValidation`: result, then each diagnostic's code, location, message, severity).
 * The AWS renderings of our diagnostics come from asl/validate.ts.
 */

function sameDiagnostic(expected: AwsValidationDiagnostic, actual: AwsValidationDiagnostic): boolean {
  return matchValue({ ...expected }, { ...actual }) === undefined;
}

/**
 * Compares the diagnostics our parser and validator produced for a validation case's definition
 * with what AWS recorded. Diagnostics are matched regardless of order; the first expected one
 * without a match (or the first unexpected one) is reported.
 */
export function compareValidation(testCase: ValidationCase, diagnostics: readonly Diagnostic[]): CompareResult {
  if (testCase.expectedError) {
    const actual = toCreateStateMachineError(diagnostics);
    if (!actual) {
      return {
        ok: false,
        firstMismatch: { where: 'error', expected: testCase.expectedError, actual: undefined, message: `expected the definition to be rejected with ${testCase.expectedError.code}, but it is valid` },
      };
    }
    for (const key of ['code', 'message'] as const) {
      const mismatch = matchValue(testCase.expectedError[key], actual[key]);
      if (mismatch) {
        return { ok: false, firstMismatch: { where: `error.${key}`, expected: testCase.expectedError[key], actual: actual[key], message: mismatch.message } };
      }
    }
  }
  if (testCase.expectedValidation) {
    const expected = testCase.expectedValidation;
    const aws = toAwsValidationResult(diagnostics);
    const actual: AwsValidationDiagnostic[] = aws.diagnostics;
    const result = aws.result;
    if (result !== expected.result) {
      return {
        ok: false,
        firstMismatch: {
          where: 'validation.result',
          expected: expected.result,
          actual: result,
          message: `expected result ${expected.result}, got ${result}${actual.length ? ` (${actual.map((d) => `${d.code}: ${d.message}`).join('; ')})` : ''}`,
        },
      };
    }
    const used = new Array<boolean>(actual.length).fill(false);
    for (let i = 0; i < expected.diagnostics.length; i++) {
      const exp = expected.diagnostics[i];
      const found = actual.findIndex((a, j) => !used[j] && sameDiagnostic(exp, a));
      if (found >= 0) {
        used[found] = true;
        continue;
      }
      const sameCode = actual.find((a, j) => !used[j] && a.code === exp.code);
      const detail = sameCode ? matchValue({ ...exp }, { ...sameCode }) : undefined;
      return {
        ok: false,
        firstMismatch: {
          where: `validation.diagnostics[${i}]${detail?.path ?? ''}`,
          expected: detail ? detail.expected : exp,
          actual: detail ? detail.actual : sameCode,
          message: detail ? `diagnostic ${exp.code} differs: ${detail.message}` : `missing diagnostic ${exp.code}: ${preview(exp.message, 200)}`,
        },
      };
    }
    const extra = actual.findIndex((_, j) => !used[j]);
    if (extra >= 0) {
      return {
        ok: false,
        firstMismatch: { where: 'validation.diagnostics', expected: undefined, actual: actual[extra], message: `unexpected diagnostic ${actual[extra].code}: ${preview(actual[extra].message, 200)}` },
      };
    }
  }
  return { ok: true };
}
